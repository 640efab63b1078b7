#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Quick start, second command: set up, build, and run the whole test
# suite headless (widget tests get an Xvfb display); then the core and
# widget tests again under AddressSanitizer + UndefinedBehaviorSanitizer
# in _build-asan/ (docs/reliability.md). HOTPATH_SKIP_ASAN=1 skips that.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$top/build-aux/setup.sh"
cd "$top"

xvfb=(xvfb-run -a -s '-screen 0 1280x800x24')

"${xvfb[@]}" meson test -C _build --print-errorlogs --num-processes 2

[ "${HOTPATH_SKIP_ASAN:-0}" = 1 ] && exit 0

# Sanitizers: configured once, then only rebuilt. GLib's slice allocator
# off and full stacks, so LeakSanitizer sees every block and
# tests/lsan.supp can name the third-party leaks it suppresses (libsoup,
# GTK, fontconfig, Mesa); the project's own leaks are reported.
if [ ! -f _build-asan/build.ninja ]; then
  echo "==> Configuring _build-asan/ (ASan + UBSan)"
  meson setup _build-asan --werror -Dbuildtype=debug \
    -Db_sanitize=address,undefined -Db_lundef=false
fi
echo "==> Building _build-asan/"
meson compile -C _build-asan

export GIO_USE_PROXY_RESOLVER=dummy G_SLICE=always-malloc
export ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0:malloc_context_size=16
export LSAN_OPTIONS=suppressions="$top/tests/lsan.supp":print_suppressions=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
asan_test=(meson test -C _build-asan --no-rebuild --print-errorlogs --num-processes 2
           --timeout-multiplier 3)
"${asan_test[@]}" --suite core
"${xvfb[@]}" "${asan_test[@]}" --suite ui

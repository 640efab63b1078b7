#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fuzzes every reader with libFuzzer under ASan + UBSan + LeakSanitizer.
#   tests/fuzz/run-fuzz.sh [SECONDS_PER_TARGET (default 60)] [TARGET…]
# Sets up _build-fuzz/ (clang, -Dfuzzing=true) when it is missing, builds
# the targets, runs each one for SECONDS from a copy of its seed corpus
# (tests/fixtures) in _build-fuzz/fuzz-runs/TARGET/, and prints a table.
# Exits non-zero when a target crashed, leaked, hung or ran out of memory;
# the input that did it stays in that target's folder (crash-*, leak-*,
# timeout-*, oom-*): replay it with `_build-fuzz/tests/fuzz/fuzz-TARGET FILE`.
# Needs clang and libclang-rt-14-dev: HOTPATH_FUZZ=1 build-aux/setup.sh.
# HOTPATH_FUZZ_BUILD=DIR uses another build folder than _build-fuzz.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$top"

seconds=${1:-60}
[ $# -gt 0 ] && shift
all_targets=(native comfyui-node comfyui-prompt comfyui-workflow comfyui-history
             comfyui-events nodetool nodetool-workflow nodetool-log dify
             chrome-trace comfy-message detect replay-log)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

build=${HOTPATH_FUZZ_BUILD:-_build-fuzz}
fixtures=tests/fixtures
runs=$build/fuzz-runs

if [ ! -f "$build/build.ninja" ]; then
  command -v clang >/dev/null ||
    { echo "run-fuzz.sh: clang is missing (HOTPATH_FUZZ=1 build-aux/setup.sh)" >&2; exit 2; }
  echo "==> Configuring $build/"
  CC=clang meson setup "$build" -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized
fi
echo "==> Building ${#targets[@]} fuzz targets"
ninja -C "$build" "${targets[@]/#/tests/fuzz/fuzz-}"

# The seed files of a target, from tests/fixtures.
seeds () {
  case "$1" in
    native)            ls $fixtures/*.hotpath ;;
    comfyui-node)      ls $fixtures/comfyui-node-*.json ;;
    comfyui-prompt)    ls $fixtures/comfyui_api_prompt*.json ;;
    comfyui-workflow)  ls $fixtures/comfyui_ui_workflow*.json ;;
    comfyui-history)   ls $fixtures/comfyui-history-*.json ;;
    comfyui-events|replay-log)
                       ls $fixtures/comfyui-events-*.jsonl $fixtures/replay-*.jsonl ;;
    nodetool)          ls $fixtures/nodetool-profile*.json ;;
    nodetool-workflow) ls $fixtures/nodetool-workflow*.json ;;
    nodetool-log)      ls $fixtures/nodetool-*log*.jsonl ;;
    dify)              ls $fixtures/dify-* ;;
    chrome-trace)      ls $fixtures/chrome_trace*.json ;;
    detect)            ls $fixtures/*.json $fixtures/*.jsonl $fixtures/*.hotpath $fixtures/*.txt ;;
    comfy-message)     ;;  # one message per event-log line, see below
    *) echo "run-fuzz.sh: unknown target $1" >&2; exit 2 ;;
  esac
}

# Leaks are checked after every input (libFuzzer -detect_leaks=1); the
# check at exit only repeats that, without stacks, for what outlives it.
export ASAN_OPTIONS=detect_leaks=1:leak_check_at_exit=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export G_DEBUG=fatal-criticals
export G_SLICE=always-malloc

printf '\n%-18s %12s %8s %8s\n' target executions cov crashes
failed=0
for t in "${targets[@]}"; do
  dir=$runs/$t
  mkdir -p "$dir/corpus"
  if [ "$t" = comfy-message ]; then
    # {"received_ms":N,"message":M} → M, one file per line
    n=0
    for log in $fixtures/comfyui-events-*.jsonl $fixtures/replay-*.jsonl; do
      sed -n 's/^{"received_ms":[0-9.]*,"message":\(.*\)}$/\1/p' "$log" |
        while IFS= read -r line; do
          n=$((n + 1))
          printf '%s' "$line" > "$dir/corpus/seed-$(basename "$log")-$n"
        done
    done
  else
    for f in $(seeds "$t"); do
      cp "$f" "$dir/corpus/seed-$(basename "$f")"
    done
  fi

  touch "$dir/.start"
  status=0
  "$build/tests/fuzz/fuzz-$t" "$dir/corpus" \
    -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
    -dict=tests/fuzz/json.dict -artifact_prefix="$dir/" -print_final_stats=1 \
    > "$dir/log" 2>&1 || status=$?

  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
  cov=$(grep -o ' cov: [0-9]*' "$dir/log" | tail -1 | tr -dc 0-9 || true)
  crashes=$(find "$dir" -maxdepth 1 -type f -newer "$dir/.start" \( -name 'crash-*' -o -name 'leak-*' \
            -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l || true)
  if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then
    crashes="?"  # died before writing an input: see the log
  fi
  printf '%-18s %12s %8s %8s\n' "$t" "${execs:--}" "${cov:--}" "$crashes"
  if [ "$status" -ne 0 ] || [ "$crashes" != 0 ]; then
    failed=1
    echo "   log and inputs: $dir/" >&2
  fi
done

exit $failed

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Quick start, second command: set up, build, and run the whole test
# suite headless (widget tests get an Xvfb display).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$top/build-aux/setup.sh"
cd "$top"

exec xvfb-run -a -s '-screen 0 1280x800x24' \
  meson test -C _build --print-errorlogs --num-processes 2

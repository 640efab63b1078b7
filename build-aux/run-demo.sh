#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Quick start, first command: set up, build, and show the bundled demo.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$top/build-aux/setup.sh"
cd "$top"

if [ -x _build/src/ui/hotpath ]; then
  exec _build/src/ui/hotpath data/demo/*.hotpath
fi

# Until the window lands, the demo is the command-line report.
for demo in data/demo/*.hotpath; do
  _build/src/cli/hotpath-cli report "$demo"
  echo
done

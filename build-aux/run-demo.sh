#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Quick start, first command: set up, build, and show the bundled demo.
#   --live   replay data/demo/txt2img-live.jsonl with `hotpath-cli replay`
#            on a free port and connect the app to it (the live view
#            without a GPU); the replay server stops when the app exits.
set -euo pipefail

live=0
if [ "${1:-}" = "--live" ]; then
  live=1
elif [ $# -gt 0 ]; then
  echo "usage: $0 [--live]" >&2
  exit 2
fi

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$top/build-aux/setup.sh"
cd "$top"

if [ "$live" = 1 ]; then
  if [ ! -x _build/src/ui/hotpath ]; then
    echo "run-demo: --live needs the app (_build/src/ui/hotpath)" >&2
    exit 1
  fi
  out=$(mktemp)
  # English output: the port is read from "Serving … at http://127.0.0.1:PORT"
  LANGUAGE= LC_ALL=C.UTF-8 _build/src/cli/hotpath-cli replay data/demo/txt2img-live.jsonl \
    --port 0 --loop >"$out" &
  replay_pid=$!
  trap 'kill "$replay_pid" 2>/dev/null || true; wait "$replay_pid" 2>/dev/null || true; rm -f "$out"' EXIT
  port=
  for _ in $(seq 50); do
    port=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$out" | head -n 1 | sed 's/.*://' || true)
    [ -n "$port" ] && break
    kill -0 "$replay_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$port" ]; then
    echo "run-demo: the replay server did not start:" >&2
    cat "$out" >&2
    exit 1
  fi
  echo "Replaying data/demo/txt2img-live.jsonl at http://127.0.0.1:$port"
  # Not exec: the trap stops the replay server when the app exits.
  _build/src/ui/hotpath --connect "http://127.0.0.1:$port"
  exit $?
fi

if [ -x _build/src/ui/hotpath ]; then
  exec _build/src/ui/hotpath data/demo/*.hotpath
fi

# Until the window lands, the demo is the command-line report.
for demo in data/demo/*.hotpath; do
  _build/src/cli/hotpath-cli report "$demo"
  echo
done

#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a file with user-visible strings is missing from po/POTFILES,
# or when POTFILES names a file that does not exist.
# Usage: check-potfiles.sh SOURCE_ROOT
set -eu

top=${1:-$(dirname "$0")/..}
cd "$top"

listed=$(mktemp)
found=$(mktemp)
trap 'rm -f "$listed" "$found"' EXIT

grep -v '^[[:space:]]*#' po/POTFILES | sed '/^[[:space:]]*$/d' | sort -u > "$listed"

{
  # C sources marking strings with _(), N_(), C_(), NC_() or ngettext.
  grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|ngettext|g_dpgettext2?)[[:space:]]*\(' \
       --include='*.c' src || true
  # GtkBuilder files with translatable strings.
  grep -rl 'translatable="yes"' --include='*.ui' ui || true
  # Desktop file, metainfo and schema.
  ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null || true
} | sort -u > "$found"

status=0
missing=$(comm -13 "$listed" "$found")
if [ -n "$missing" ]; then
  echo "Files with translatable strings missing from po/POTFILES:"
  echo "$missing" | sed 's/^/  /'
  status=1
fi
while read -r f; do
  if [ ! -f "$f" ]; then
    echo "po/POTFILES names a file that does not exist: $f"
    status=1
  fi
done < "$listed"
[ $status -eq 0 ] && echo "po/POTFILES lists all $(wc -l < "$found") files with translatable strings"
exit $status

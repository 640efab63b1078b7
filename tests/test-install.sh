#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `meson install` into a scratch DESTDIR installs the binaries, desktop
# file, metainfo, icons, schema, MIME type, translations and demo
# profiles, and the installed app starts from there.
# Usage: test-install.sh MESON BUILD_DIR PREFIX
# TAP output, one line per check.
set -u

meson=$1
build=$2
prefix=$3
app_id=io.github.hotpath.Hotpath

dest=$(mktemp -d "${TMPDIR:-/tmp}/hotpath-install.XXXXXX")
trap 'rm -rf "$dest"' EXIT
root=$dest$prefix
n=0
failed=0

ok () {
  n=$((n + 1))
  echo "ok $n - $1"
}
not_ok () {
  n=$((n + 1))
  failed=1
  echo "not ok $n - $1"
}
check () {   # DESCRIPTION COMMAND…
  what=$1
  shift
  if "$@" >"$dest/out" 2>&1; then ok "$what"; else not_ok "$what"; sed 's/^/# /' "$dest/out"; fi
}

if "$meson" install -C "$build" --no-rebuild --quiet --destdir "$dest" >"$dest/install.log" 2>&1; then
  ok "meson install --destdir"
else
  not_ok "meson install --destdir"
  sed 's/^/# /' "$dest/install.log"
  echo "1..$n"
  exit 1
fi

for f in \
  bin/hotpath \
  bin/hotpath-cli \
  share/applications/$app_id.desktop \
  share/metainfo/$app_id.metainfo.xml \
  share/glib-2.0/schemas/$app_id.gschema.xml \
  share/icons/hicolor/scalable/apps/$app_id.svg \
  share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg \
  share/mime/packages/$app_id.xml \
  share/locale/de/LC_MESSAGES/hotpath.mo \
  share/hotpath/demo/txt2img.hotpath \
  share/hotpath/demo/product-shots.hotpath
do
  check "installed $f" test -s "$root/$f"
done

check "installed binary is executable" test -x "$root/bin/hotpath"
check "installed desktop file is translated" grep -q '^Name\[de\]=' "$root/share/applications/$app_id.desktop"

# --version and --help need no display.
version=$("$root/bin/hotpath" --version 2>&1)
if echo "$version" | grep -Eq '^hotpath [0-9]+\.[0-9]+\.[0-9]+$'; then
  ok "installed hotpath --version: $version"
else
  not_ok "installed hotpath --version"
  echo "# got: $version"
fi
check "installed hotpath --help lists --connect" sh -c "'$root/bin/hotpath' --help | grep -q -- '--connect=URL'"
# The installed catalogue is complete enough to translate the help.
check "installed catalogue translates --help" \
  sh -c "LANGUAGE=de LC_ALL=C.UTF-8 HOTPATH_LOCALEDIR='$root/share/locale' '$root/bin/hotpath' --help | grep -q 'Version anzeigen und beenden'"

# The installed MIME type: by name (*.hotpath) and, without a telling
# name, by its magic ("format": "hotpath" near the start).
if command -v update-mime-database >/dev/null && command -v gio >/dev/null; then
  update-mime-database "$root/share/mime" >/dev/null 2>&1
  cp "$root/share/hotpath/demo/txt2img.hotpath" "$dest/profile"
  for f in "$root/share/hotpath/demo/txt2img.hotpath" "$dest/profile"; do
    type=$(XDG_DATA_HOME="$dest/no-data-home" XDG_DATA_DIRS="$root/share:/usr/share" \
           gio info -a standard::content-type "$f" 2>&1 | sed -n 's/^ *standard::content-type: //p')
    if [ "$type" = "application/x-hotpath+json" ]; then
      ok "content type of $(basename "$f") is $type"
    else
      not_ok "content type of $(basename "$f"): expected application/x-hotpath+json, got '$type'"
    fi
  done
else
  n=$((n + 1))
  echo "ok $n # SKIP update-mime-database or gio missing"
fi

# Start the installed app for real when there is a display (xvfb-run),
# with its installed schema: it must still be running after 3 seconds.
if [ -n "${DISPLAY:-}" ]; then
  glib-compile-schemas "$root/share/glib-2.0/schemas"
  XDG_DATA_DIRS="$root/share:${XDG_DATA_DIRS:-/usr/share}" \
  GSETTINGS_SCHEMA_DIR="$root/share/glib-2.0/schemas" \
    timeout 3 "$root/bin/hotpath" >"$dest/run.log" 2>&1
  status=$?
  if [ $status -eq 124 ]; then
    ok "installed hotpath starts and keeps running"
  else
    not_ok "installed hotpath starts and keeps running (exit status $status)"
    sed 's/^/# /' "$dest/run.log"
  fi
else
  n=$((n + 1))
  echo "ok $n # SKIP no display to start the installed app on"
fi

echo "1..$n"
exit $failed

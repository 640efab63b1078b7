#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages Hotpath needs (only those missing),
# then configures and builds in _build/. Safe to run again and again.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

packages=(
  build-essential pkg-config meson ninja-build gettext
  libglib2.0-dev libjson-glib-dev libsoup-3.0-dev libgtk-4-dev libadwaita-1-dev
  desktop-file-utils appstream-util libxml2-utils appstream
  xvfb xauth locales
  libsecret-1-dev gnome-keyring
)
# HOTPATH_FUZZ=1: also clang and its runtimes for tests/fuzz/run-fuzz.sh.
[ "${HOTPATH_FUZZ:-0}" = 1 ] && packages+=(clang libclang-rt-14-dev)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Installing ${#missing[@]} missing packages: ${missing[*]}"
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ ! -f _build/build.ninja ]; then
  echo "==> Configuring _build/"
  meson setup _build --werror
fi
echo "==> Building"
meson compile -C _build

#!/usr/bin/env bash
# Unpacks Debian's pugixml source package once into the cache, outside the source tree, keyed by version:
#   ${IC_PUGIXML_ROOT:-~/.cache/imagechecker}/pugixml-<debian version>
# and prints that folder (it holds src/pugixml.cpp and src/pugixml.hpp) on its last line. The Windows
# cross-build compiles that one file: Debian ships pugixml for Linux only (libpugixml-dev has the
# headers and a Linux library, not pugixml.cpp). A second run with the same version does nothing.
set -euo pipefail

cache=${IC_PUGIXML_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/imagechecker}
mkdir -p "$cache"

# apt-get source needs a deb-src entry; the helper adds one when apt has none.
. "$(dirname "$0")/lib/debian-source.sh"
version=$(debian_source_version fetch-pugixml-source.sh pugixml)
target="$cache/pugixml-$version"
if [ -f "$target/.complete" ]; then
  echo "$target"
  exit 0
fi
if ! dpkg-query -W -f='${Status}' dpkg-dev 2>/dev/null | grep -q "install ok installed"; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null
fi

work="$cache/pugixml-src-$version"
rm -rf "$work" "$target" && mkdir -p "$work"
(cd "$work" && apt-get source -qq pugixml >/dev/null 2>&1)
src=$(find "$work" -maxdepth 1 -mindepth 1 -type d | head -n 1)
[ -f "$src/src/pugixml.cpp" ] || { echo "fetch-pugixml-source.sh: $src has no src/pugixml.cpp" >&2; exit 1; }
mkdir -p "$target"
cp -r "$src/src" "$target/"
cp "$src/LICENSE.md" "$target/" 2>/dev/null || true
touch "$target/.complete"
rm -rf "$work"
echo "$target"

#!/usr/bin/env bash
# Builds wxWidgets 3.2 for Windows (wxMSW, static, mingw-w64 with POSIX threads like the rest of the
# build) from Debian's own source package, and installs it outside the source tree, keyed by version:
#   ${IC_WXMSW_ROOT:-~/.cache/imagechecker}/wxmsw-<debian version>
# Prints that prefix on its last line. A second run with the same version does nothing.
# Debian ships no Windows build of wxWidgets; this is the one third-party library built here.
set -euo pipefail

cache=${IC_WXMSW_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/imagechecker}
mkdir -p "$cache"

# apt-get source needs a deb-src entry; the helper adds one when apt has none.
. "$(dirname "$0")/lib/debian-source.sh"
version=$(debian_source_version build-wxmsw.sh wxwidgets3.2)
prefix="$cache/wxmsw-$version"
if [ -f "$prefix/.complete" ]; then
  echo "$prefix"
  exit 0
fi

for package in dpkg-dev mingw-w64 g++-mingw-w64-x86-64-posix libz-mingw-w64-dev; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="${missing:-} $package"
done
if [ -n "${missing:-}" ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null; fi

work="$cache/wxmsw-src-$version"
rm -rf "$work" && mkdir -p "$work"
(cd "$work" && apt-get source -qq wxwidgets3.2 >/dev/null)
src=$(find "$work" -maxdepth 1 -mindepth 1 -type d | head -n 1)
mkdir -p "$src/build-msw"
cd "$src/build-msw"
# No bundled png/jpeg/tiff/expat in Debian's source, so those are off (icons come from .ico resources);
# zlib comes from libz-mingw-w64-dev. Only base, core and adv are needed by the window.
../configure --host=x86_64-w64-mingw32 --build=x86_64-linux-gnu --prefix="$prefix" \
  CC=x86_64-w64-mingw32-gcc-posix CXX=x86_64-w64-mingw32-g++-posix \
  --disable-shared --enable-unicode --with-msw \
  --without-libpng --without-libjpeg --without-libtiff --without-expat --with-zlib=sys \
  --disable-svg --disable-webview --disable-mediactrl --disable-stc --disable-richtext --disable-ribbon \
  --disable-propgrid --disable-aui --disable-html --disable-xrc --disable-sound --without-opengl \
  --disable-debug_flag >/dev/null
make -j"$(nproc)" >/dev/null
make install >/dev/null
touch "$prefix/.complete"
rm -rf "$work"
echo "$prefix"

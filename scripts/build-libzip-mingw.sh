#!/usr/bin/env bash
# Builds libzip for Windows (static, mingw-w64 POSIX threads like the rest of the build) from Debian's
# own source package, and installs it outside the source tree, keyed by version:
#   ${IC_LIBZIP_ROOT:-~/.cache/imagechecker}/libzip-mingw-<debian version>
# Prints that prefix on its last line. A second run with the same version does nothing.
#
# Why libzip built from source rather than minizip or the Windows shell: the Linux build uses Debian's
# libzip-dev, so the bundle code (src/cli/bundle.cpp) is one API on both systems; Debian ships no mingw
# libzip, but its source builds with CMake against libz-mingw-w64-dev in about a minute, with every
# optional codec and crypto backend off (the bundle only stores and deflates). minizip would need its
# own build from zlib's contrib folder and a second code path; the shell's zip API needs COM and a
# running shell, which a service context or Wine may not have.
set -euo pipefail

cache=${IC_LIBZIP_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/imagechecker}
mkdir -p "$cache"

# apt-get source needs a deb-src entry; the helper adds one when apt has none.
. "$(dirname "$0")/lib/debian-source.sh"
version=$(debian_source_version build-libzip-mingw.sh libzip)
prefix="$cache/libzip-mingw-$version"
if [ -f "$prefix/.complete" ]; then
  echo "$prefix"
  exit 0
fi

for package in dpkg-dev cmake ninja-build mingw-w64 g++-mingw-w64-x86-64-posix libz-mingw-w64-dev; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="${missing:-} $package"
done
if [ -n "${missing:-}" ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null; fi

work="$cache/libzip-src-$version"
rm -rf "$work" && mkdir -p "$work"
(cd "$work" && apt-get source -qq libzip >/dev/null 2>&1)
src=$(find "$work" -maxdepth 1 -mindepth 1 -type d | head -n 1)
toolchain="$(cd "$(dirname "$0")/.." && pwd)/cmake/toolchains/mingw-w64-x86_64.cmake"
cmake -S "$src" -B "$work/build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_CROSSCOMPILING_EMULATOR= -DBUILD_SHARED_LIBS=OFF \
  -DENABLE_COMMONCRYPTO=OFF -DENABLE_GNUTLS=OFF -DENABLE_MBEDTLS=OFF -DENABLE_OPENSSL=OFF -DENABLE_WINDOWS_CRYPTO=OFF \
  -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF \
  -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF >/dev/null
cmake --build "$work/build" -j2 >/dev/null
cmake --install "$work/build" >/dev/null
touch "$prefix/.complete"
rm -rf "$work"
echo "$prefix"

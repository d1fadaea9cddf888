#!/usr/bin/env bash
# Packs the Windows programs for an administrator: build/ImageChecker-<version>-windows-x64.zip with
# ImageChecker.exe (the window), imagechecker-cli.exe (the console program), README.md and LICENSE.
# Both programs are single static executables: copy them to the WorkSpace (AWS's own tool lives in
# C:\Program Files\Amazon\) and double-click ImageChecker.exe. Needs build/windows-cross.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build/windows-cross
for exe in ImageChecker.exe imagechecker-cli.exe; do
  [ -f "$build/$exe" ] || { echo "package-windows.sh: $build/$exe is missing; run scripts/test-all.sh first" >&2; exit 1; }
done
version=$(sed -n 's/^  VERSION \([0-9.]*\)$/\1/p' CMakeLists.txt | head -n 1)
out="build/ImageChecker-$version-windows-x64.zip"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/ImageChecker"
cp "$build/ImageChecker.exe" "$build/imagechecker-cli.exe" README.md LICENSE "$stage/ImageChecker/"
x86_64-w64-mingw32-strip "$stage/ImageChecker/"*.exe
rm -f "$out"
(cd "$stage" && zip -q -r -9 "$OLDPWD/$out" ImageChecker)
echo "$out"

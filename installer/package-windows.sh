#!/usr/bin/env bash
# Packs the Windows programs for administrators, from build/windows-cross (scripts/test-all.sh builds it):
#
#   build/ImageChecker-<version>-windows-x64.zip   portable: ImageChecker/ with both exes, README.txt,
#                                                  LICENSE.txt and SHA256SUMS (of those four files)
#   build/ImageChecker-<version>-x64.msi           per-machine install into C:\Program Files\ImageChecker
#                                                  (installer/ImageChecker.wxs, built by wixl)
#   build/ImageChecker-<version>-SHA256SUMS        SHA-256 of the zip and of the MSI
#
# Signing (installer/sign.sh): with IC_SIGN_PKCS12, or IC_SIGN_CERT and IC_SIGN_KEY (plus
# IC_SIGN_PASSWORD_FILE and IC_SIGN_TIMESTAMP_URL if needed) in the environment, both exes are signed
# before they are packed and the MSI after it is built; without them everything is unsigned and the
# script says so. Other settings:
#   IC_PACKAGE_OUT    folder to write into (default build/)
#   IC_PACKAGE_BIN    folder that holds the two exes (default build/windows-cross)
#   IC_HELP_URL       help link shown in Add/Remove Programs (default: the installed README.txt)
# Prints the paths of what it wrote, one a line.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "package-windows.sh: $*" >&2; exit 1; }

bin=${IC_PACKAGE_BIN:-build/windows-cross}
outdir=${IC_PACKAGE_OUT:-build}
for exe in ImageChecker.exe imagechecker-cli.exe; do
  [ -f "$bin/$exe" ] || die "$bin/$exe is missing; run scripts/test-all.sh first"
done
for tool in zip sha256sum wixl x86_64-w64-mingw32-strip; do
  command -v "$tool" >/dev/null || die "$tool is not installed; run scripts/install-deps.sh windows"
done
version=$(sed -n 's/^  VERSION \([0-9.]*\)$/\1/p' CMakeLists.txt | head -n 1)
[ -n "$version" ] || die "cannot read the project's version from CMakeLists.txt"

zip_name="ImageChecker-$version-windows-x64.zip"
msi_name="ImageChecker-$version-x64.msi"
sums_name="ImageChecker-$version-SHA256SUMS"
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# 1. The exes: stripped, then signed (a signature covers the bytes, so stripping comes first).
mkdir -p "$stage/ImageChecker"
cp "$bin/ImageChecker.exe" "$bin/imagechecker-cli.exe" "$stage/ImageChecker/"
x86_64-w64-mingw32-strip "$stage/ImageChecker/"*.exe
installer/sign.sh "$stage/ImageChecker/ImageChecker.exe" "$stage/ImageChecker/imagechecker-cli.exe"

# 2. The portable zip, with the same short README and licence the MSI installs, and their checksums.
sed -e "s/@VERSION@/$version/g" -e 's/$/\r/' installer/README.txt >"$stage/ImageChecker/README.txt"
sed -e 's/$/\r/' LICENSE >"$stage/ImageChecker/LICENSE.txt"
(cd "$stage/ImageChecker" && sha256sum ImageChecker.exe imagechecker-cli.exe README.txt LICENSE.txt >SHA256SUMS)
rm -f "$outdir/$zip_name"
(cd "$stage" && zip -q -r -9 -X "$outdir/$zip_name" ImageChecker)

# 3. The MSI, from the same (signed) exes, then signed itself.
help_link=()
[ -z "${IC_HELP_URL:-}" ] || help_link=(--help-link "$IC_HELP_URL")
installer/build-msi.sh --version "$version" --bin "$stage/ImageChecker" --out "$stage/$msi_name" "${help_link[@]}" >/dev/null
installer/sign.sh "$stage/$msi_name"
mv -f "$stage/$msi_name" "$outdir/$msi_name"

# 4. Checksums of what an administrator downloads.
(cd "$outdir" && sha256sum "$zip_name" "$msi_name" >"$sums_name")

echo "$outdir/$zip_name"
echo "$outdir/$msi_name"
echo "$outdir/$sums_name"

#!/usr/bin/env bash
# Builds the Windows Installer package from installer/ImageChecker.wxs with wixl (Debian's msitools).
#
#   installer/build-msi.sh --version X.Y.Z --bin DIR --out FILE.msi [--help-link URL]
#
# DIR holds ImageChecker.exe and imagechecker-cli.exe (already signed, if they are to be signed).
# The version is normally the project's (CMakeLists.txt); installer/test-msi.sh builds a second, higher
# one from the same source to test an upgrade. --help-link sets Add/Remove Programs' help link (default:
# the README.txt installed with the programs). Prints the path of the MSI.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

die() { echo "build-msi.sh: $*" >&2; exit 1; }

version="" bin="" out="" help_link=""
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=${2:?}; shift 2 ;;
    --bin) bin=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --help-link) help_link=${2:?}; shift 2 ;;
    *) die "unknown argument '$1' (use --version, --bin, --out, --help-link)" ;;
  esac
done
[ -n "$version" ] && [ -n "$bin" ] && [ -n "$out" ] || die "usage: build-msi.sh --version X.Y.Z --bin DIR --out FILE.msi [--help-link URL]"
# Windows Installer compares the first three fields, each at most 255.65535.65535 (major.minor.build).
[[ "$version" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || die "version '$version' is not X.Y.Z"
[ "${BASH_REMATCH[1]}" -le 255 ] && [ "${BASH_REMATCH[2]}" -le 255 ] && [ "${BASH_REMATCH[3]}" -le 65535 ] \
  || die "version '$version' is out of Windows Installer's range (255.255.65535)"
command -v wixl >/dev/null || die "wixl is not installed; run scripts/install-deps.sh windows"
for exe in ImageChecker.exe imagechecker-cli.exe; do
  [ -f "$bin/$exe" ] || die "$bin/$exe is missing"
done

# wixl looks up every source file relative to the current folder, so the files are staged in one.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$bin/ImageChecker.exe" "$bin/imagechecker-cli.exe" "$root/resources/ImageChecker.ico" "$stage/"
# Text files with Windows line ends, so that any editor on the WorkSpace shows them right.
sed -e "s/@VERSION@/$version/g" -e 's/$/\r/' "$here/README.txt" >"$stage/README.txt"
sed -e 's/$/\r/' "$root/LICENSE" >"$stage/LICENSE.txt"

# The ProductCode is derived from the UpgradeCode and the version (a name-based UUID, version 5), so a
# rebuild of one version is the same product: installed over itself it is refused ("another version of
# this product is already installed") instead of landing beside it. Each new version gets a new one,
# as a major upgrade needs.
upgrade_code=$(sed -n 's/.*<?define UpgradeCode = "\([0-9A-Fa-f-]*\)" ?>.*/\1/p' "$here/ImageChecker.wxs")
[ ${#upgrade_code} = 36 ] || die "cannot read the UpgradeCode from ImageChecker.wxs"
hash=$( { printf '%b' "$(printf '%s' "${upgrade_code//-/}" | sed 's/../\\x&/g')"; printf 'ImageChecker x64 %s' "$version"; } | sha1sum)
variant=$(printf '%x' $(( (0x${hash:16:1} & 3) | 8 )))
product_code=$(printf '%s-%s-5%s-%s%s-%s' "${hash:0:8}" "${hash:8:4}" "${hash:13:3}" "$variant" "${hash:17:3}" "${hash:20:12}" | tr a-f A-F)

defines=(-D "Version=$version" -D "ProductCode=$product_code")
[ -z "$help_link" ] || defines+=(-D "HelpLink=$help_link")
mkdir -p "$(dirname "$out")"
out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
rm -f "$out_abs"
# wixl says "unimplemented" for the non-advertised shortcut, which it does write correctly: hide that.
if ! (cd "$stage" && wixl -a x64 "${defines[@]}" -o "$out_abs" "$here/ImageChecker.wxs") >"$stage/wixl.out" 2>&1; then
  cat "$stage/wixl.out" >&2
  die "wixl failed"
fi
grep -v 'builder.vala:[0-9]*: unimplemented' "$stage/wixl.out" >&2 || true
[ -s "$out_abs" ] || die "wixl wrote no $out"
echo "$out"

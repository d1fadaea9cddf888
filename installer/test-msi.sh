#!/usr/bin/env bash
# Tests the MSI that installer/package-windows.sh built:
#   1. its tables, read with msiinfo (product, version, UpgradeCode, per-machine, folders, files,
#      shortcut, major upgrade, Add/Remove Programs icon and help link);
#   2. under Wine, in a throwaway prefix: msiexec /i /qn installs it; the installed CLI runs and writes
#      its log next to itself in C:\Program Files\ImageChecker; a newer MSI (built by build-msi.sh from
#      the same WiX source and the same exes, with the patch number raised) replaces it in place; the
#      older one then refuses to install over the newer; msiexec /x /qn removes the programs and the
#      shortcut and leaves the logs and the undo journal (of a real fix by the installed CLI).
#
#   installer/test-msi.sh [FILE.msi]     (default: build/ImageChecker-<version>-x64.msi)
#
# One PASS or FAIL line per assertion; exits 1 if any failed. IC_MSI_TEST_KEEP=1 keeps the prefix and
# the msiexec logs (their folder is printed) for a look afterwards.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

version=$(sed -n 's/^  VERSION \([0-9.]*\)$/\1/p' CMakeLists.txt | head -n 1)
msi=${1:-build/ImageChecker-$version-x64.msi}
# The UpgradeCode ties every ImageChecker MSI together: if it ever changed, a new MSI would install
# beside the old one instead of replacing it. This test fails if it does.
upgrade_code="{4FDD1326-CE89-4439-942E-CB198564BDAC}"

failures=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
finish() {
  if [ "$failures" -gt 0 ]; then echo "test-msi.sh: $failures assertion(s) FAILED"; exit 1; fi
  echo "test-msi.sh: all assertions passed"; exit 0
}

for tool in msiinfo msiextract wixl wine; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (scripts/install-deps.sh windows)"; exit 1; }
done
[ -f "$msi" ] || { echo "FAIL: $msi does not exist (run installer/package-windows.sh)"; exit 1; }
msi=$(realpath "$msi")

work=$(mktemp -d)
cleanup() {
  if [ -d "$work/prefix" ]; then WINEPREFIX="$work/prefix" wineserver -k >/dev/null 2>&1 || true; fi
  if [ "${IC_MSI_TEST_KEEP:-0}" = 1 ]; then echo "test-msi.sh: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# ---- 1. The tables ------------------------------------------------------------------------------
# Rows only, tab-separated. Run in the scratch folder: for a table with binary data (Icon) msiinfo
# also writes the streams into a folder named after the table, in the current folder.
table() { (cd "$work" && msiinfo export "$1" "$2") | tail -n +4 | tr -d '\r'; }
property() { table "$1" Property | awk -F'\t' -v k="$2" '$1 == k { print $2 }'; }
has_row() { table "$1" "$2" | grep -qxF -- "$3"; }   # exact row, fields joined by tabs
tab=$'\t'

echo "==== MSI tables: $msi"
check "ProductName is ImageChecker" [ "$(property "$msi" ProductName)" = ImageChecker ]
check "ProductVersion is the project's version ($version)" [ "$(property "$msi" ProductVersion)" = "$version" ]
check "Manufacturer is set" [ -n "$(property "$msi" Manufacturer)" ]
check "UpgradeCode is the stable $upgrade_code" [ "$(property "$msi" UpgradeCode)" = "$upgrade_code" ]
check "per-machine install (ALLUSERS=1)" [ "$(property "$msi" ALLUSERS)" = 1 ]
template_x64() { msiinfo suminfo "$msi" | tr -d '\r' | grep -qx 'Template: x64;1033'; }
check "x64 package (summary Template x64;1033)" template_x64
check "installs into ProgramFiles64Folder\\ImageChecker" has_row "$msi" Directory "INSTALLDIR${tab}ProgramFiles64Folder${tab}ImageChecker"
in_64bit_component() {  # the file's component is 64-bit (attribute 256) and installs into INSTALLDIR
  local component
  component=$(table "$msi" File | awk -F'\t' -v f="$1" '$3 == f { print $2 }')
  [ -n "$component" ] && table "$msi" Component | awk -F'\t' -v c="$component" '$1 == c && $3 == "INSTALLDIR" && $4 == 256 { found = 1 } END { exit !found }'
}
for file in ImageChecker.exe imagechecker-cli.exe README.txt LICENSE.txt; do
  check "$file is in a 64-bit component of INSTALLDIR" in_64bit_component "$file"
done
start_menu_shortcut() {
  table "$msi" Shortcut | awk -F'\t' '$2 == "ProgramMenuFolder" && $3 == "ImageChecker" && $5 == "[#ImageChecker.exe]" { found = 1 } END { exit !found }'
}
check "Start-menu shortcut to ImageChecker.exe" start_menu_shortcut
check "major upgrade: older versions of the UpgradeCode are found" has_row "$msi" Upgrade "${upgrade_code}${tab}${tab}${version}${tab}${tab}1${tab}${tab}WIX_UPGRADE_DETECTED"
check "major upgrade: a newer installed version is detected" has_row "$msi" Upgrade "${upgrade_code}${tab}${version}${tab}${tab}${tab}2${tab}${tab}WIX_DOWNGRADE_DETECTED"
scheduled() { table "$msi" InstallExecuteSequence | awk -F'\t' -v a="$1" '$1 == a { found = 1 } END { exit !found }'; }
check "major upgrade: RemoveExistingProducts is scheduled" scheduled RemoveExistingProducts
downgrade_refused() { table "$msi" LaunchCondition | grep -q '^NOT WIX_DOWNGRADE_DETECTED'; }
check "a downgrade is refused with a message" downgrade_refused
arp_icon() {
  local icon
  icon=$(property "$msi" ARPPRODUCTICON)
  [ -n "$icon" ] && table "$msi" Icon | awk -F'\t' -v i="$icon" '$1 == i { found = 1 } END { exit !found }'
}
check "Add/Remove Programs icon (ARPPRODUCTICON, in the Icon table)" arp_icon
help_link() {  # a fixed web address, or set at install time to the installed README
  [ -n "$(property "$msi" ARPHELPLINK)" ] || { table "$msi" CustomAction | awk -F'\t' '$3 == "ARPHELPLINK" { found = 1 } END { exit !found }' && scheduled SetHelpLinkToReadme; }
}
check "Add/Remove Programs help link (ARPHELPLINK)" help_link
extracted() { msiextract -C "$work/old" "$msi" >/dev/null && [ -s "$work/old/ImageChecker/ImageChecker.exe" ] && [ -s "$work/old/ImageChecker/imagechecker-cli.exe" ]; }
check "the files unpack from the MSI's cabinet (msiextract)" extracted

# A newer MSI from the same source and exes: the patch number raised by one.
IFS=. read -r major minor patch <<<"$version"
new_version="$major.$minor.$((patch + 1))"
new_msi="$work/ImageChecker-$new_version-x64.msi"
if installer/build-msi.sh --version "$new_version" --bin "$work/old/ImageChecker" --out "$new_msi" >/dev/null; then
  pass "a newer MSI ($new_version) builds from the same WiX source"
else
  fail "a newer MSI ($new_version) builds from the same WiX source"; finish
fi
rebuilt_msi="$work/rebuilt-$(basename "$msi")"
installer/build-msi.sh --version "$version" --bin "$work/old/ImageChecker" --out "$rebuilt_msi" >/dev/null
old_code=$(property "$msi" ProductCode)
check "a rebuild of version $version has the same ProductCode ($old_code)" [ "$(property "$rebuilt_msi" ProductCode)" = "$old_code" ]
new_code=$(property "$new_msi" ProductCode)
new_code_ok() { [ -n "$old_code" ] && [ "$old_code" != "$new_code" ] && [ "$(property "$new_msi" UpgradeCode)" = "$upgrade_code" ]; }
check "the newer MSI has a new ProductCode and the same UpgradeCode" new_code_ok

# ---- 2. Under Wine ------------------------------------------------------------------------------
export IC_WINEPREFIX="$work/prefix"
export WINEDEBUG=-all
# No menu entries on the Linux desktop for the Start-menu shortcut, no Mono or Gecko prompts.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
wine_() { timeout 300 scripts/wine-run.sh "$@"; }
echo "==== Wine: a throwaway prefix in $IC_WINEPREFIX"
wine_ cmd /c exit 0 >/dev/null 2>&1 || { fail "cannot create a Wine prefix"; finish; }
drive_c="$IC_WINEPREFIX/drive_c"
install_dir="$drive_c/Program Files/ImageChecker"
uninstall_key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall'

msiexec_() {  # msiexec_ /i|/x FILE LOGNAME: runs msiexec silently with a verbose log, returns its code
  local mode=$1 file=$2 log="$work/$3.msiexec.log"
  wine_ msiexec "$mode" "$(wine_ winepath -w "$file" 2>/dev/null | tr -d '\r')" /qn /l*v "$(wine_ winepath -w "$log" 2>/dev/null | tr -d '\r')" >/dev/null 2>&1
}
reg_value() {  # reg_value KEY NAME: the value's data, empty if missing
  wine_ reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' | sed -n "s/^ *$2 *REG_[A-Z_]* *//p"
}
arp_products() {  # the Add/Remove Programs entries named ImageChecker, one ProductCode a line
  wine_ reg query "$uninstall_key" 2>/dev/null | tr -d '\r' | sed -n 's/.*\\\({[0-9A-F-]*}\)$/\1/p' |
    while read -r code; do
      [ "$(reg_value "$uninstall_key\\$code" DisplayName)" = ImageChecker ] && echo "$code"
    done
}
menu_folder() {  # the folder this Wine's msiexec resolved ProgramMenuFolder to, from the install log
  grep -a 'ProgramMenuFolder = ' "$work/$1.msiexec.log" | tail -n 1 | sed 's/.*ProgramMenuFolder = //' | tr -d '\r'
}

echo "==== Wine: msiexec /i $(basename "$msi") /qn"
msiexec_ /i "$msi" install; rc=$?
check "silent install exits 0 (got $rc)" [ "$rc" = 0 ]
for file in ImageChecker.exe imagechecker-cli.exe README.txt LICENSE.txt; do
  check "C:\\Program Files\\ImageChecker\\$file is installed, byte for byte" cmp -s "$install_dir/$file" "$work/old/ImageChecker/$file"
done
# Windows puts a per-machine install's shortcut into the all-users Start menu; Wine's msiexec resolves
# ProgramMenuFolder to the user's. The test looks where this msiexec says the folder is.
menu_windows=$(menu_folder install)
menu=""
[ -z "$menu_windows" ] || menu=$(wine_ winepath -u "$menu_windows" 2>/dev/null | tr -d '\r')
shortcut_there() { [ -n "$menu" ] && [ -f "$menu/ImageChecker.lnk" ]; }
shortcut_gone() { [ -n "$menu" ] && [ ! -e "$menu/ImageChecker.lnk" ]; }
check "Start-menu shortcut ImageChecker.lnk is created in ProgramMenuFolder ($menu_windows)" shortcut_there
shortcut_target() { strings "$menu/ImageChecker.lnk" | grep -qxF 'C:\Program Files\ImageChecker\ImageChecker.exe'; }
check "the shortcut points at C:\\Program Files\\ImageChecker\\ImageChecker.exe" shortcut_target
check "Add/Remove Programs: one ImageChecker entry, this ProductCode" [ "$(arp_products)" = "$old_code" ]
key="$uninstall_key\\$old_code"
check "Add/Remove Programs: DisplayVersion $version" [ "$(reg_value "$key" DisplayVersion)" = "$version" ]
check "Add/Remove Programs: Publisher" [ "$(reg_value "$key" Publisher)" = "$(property "$msi" Manufacturer)" ]
check "Add/Remove Programs: HelpLink" [ -n "$(reg_value "$key" HelpLink)" ]
check "Add/Remove Programs: InstallLocation is C:\\Program Files\\ImageChecker\\" [ "$(reg_value "$key" InstallLocation)" = 'C:\Program Files\ImageChecker\' ]
check "Add/Remove Programs: the product icon is published" [ -s "$drive_c/windows/Installer/$old_code/$(property "$msi" ARPPRODUCTICON)" ]

echo "==== Wine: the installed CLI runs and writes its log next to itself"
wine_ 'C:\Program Files\ImageChecker\imagechecker-cli.exe' run --only free-space,pending-reboot >"$work/cli.out" 2>&1; rc=$?
check "imagechecker-cli.exe run exits with a verdict, 0-2 (got $rc)" [ "$rc" -le 2 ]
logs=("$install_dir"/ImageChecker_[0-9]*.log)
check "its log ImageChecker_yyyyMMddHHmmss.log is in C:\\Program Files\\ImageChecker" [ -f "${logs[0]}" ]
check "the log is not empty and ends with the verdict" grep -q 'VERDICT' "${logs[0]}"
no_fallback() { [ ! -e "$drive_c/ProgramData/ImageChecker/Logs" ] && ! grep -q 'log folder not used' "${logs[0]}"; }
check "it did not fall back to %ProgramData%\\ImageChecker\\Logs (no \"log folder not used\" note)" no_fallback

# A real fix by the installed CLI, so that an undo journal lies next to the log too: Remote Desktop
# Services is set to Disabled (the test tool that scripts/gui-e2e.sh uses), which the CLI fixes.
service_tool=${IC_SERVICE_TOOL:-build/windows-cross/tests/ic_service_start_type.exe}
if [ -f "$service_tool" ]; then
  echo "==== Wine: a fix by the installed CLI writes its undo journal next to itself"
  wine_ "$service_tool" TermService disabled >/dev/null 2>&1
  wine_ 'C:\Program Files\ImageChecker\imagechecker-cli.exe' fix --only remote-desktop-services --yes >"$work/fix.out" 2>&1; rc=$?
  check "imagechecker-cli.exe fix --only remote-desktop-services --yes exits 0 (got $rc)" [ "$rc" = 0 ]
  journals=("$install_dir"/ImageChecker_[0-9]*.fixes.json)
  check "its undo journal ImageChecker_yyyyMMddHHmmss.fixes.json is in C:\\Program Files\\ImageChecker" [ -f "${journals[0]}" ]
else
  echo "SKIP: the undo journal (no $service_tool to stage a warning; the logs are still checked)"
fi
# The administrator's records: every log and journal the programs wrote next to themselves.
mkdir -p "$work/records.before"
cp "$install_dir"/ImageChecker_[0-9]* "$work/records.before/" 2>/dev/null
records_kept() {  # every record is still there, byte for byte
  local f
  [ -n "$(ls "$work/records.before")" ] || return 1
  for f in "$work/records.before"/*; do cmp -s "$f" "$install_dir/$(basename "$f")" || return 1; done
}
echo "     records next to the programs: $(ls "$work/records.before" | tr '\n' ' ')"

echo "==== Wine: msiexec /i of a rebuild of the same version"
msiexec_ /i "$rebuilt_msi" rebuild; rc=$?
echo "     (msiexec exit code $rc)"
check "still one ImageChecker entry, the same ProductCode" [ "$(arp_products)" = "$old_code" ]
check "the rebuild left the logs and journals as they were" records_kept

echo "==== Wine: msiexec /i $(basename "$new_msi") /qn (upgrade)"
msiexec_ /i "$new_msi" upgrade; rc=$?
check "silent upgrade exits 0 (got $rc)" [ "$rc" = 0 ]
check "Add/Remove Programs: only the new ProductCode is left" [ "$(arp_products)" = "$new_code" ]
check "Add/Remove Programs: DisplayVersion $new_version" [ "$(reg_value "$uninstall_key\\$new_code" DisplayVersion)" = "$new_version" ]
for file in ImageChecker.exe imagechecker-cli.exe; do
  check "$file is still installed after the upgrade" cmp -s "$install_dir/$file" "$work/old/ImageChecker/$file"
done
check "README.txt now names $new_version" grep -q "ImageChecker $new_version" "$install_dir/README.txt"
check "the upgrade left the logs and journals as they were" records_kept

echo "==== Wine: msiexec /i $(basename "$msi") /qn over the newer one (downgrade)"
msiexec_ /i "$msi" downgrade; rc=$?
check "the older MSI refuses to install (exit code $rc, not 0)" [ "$rc" != 0 ]
check "it refused because it found the newer version (WIX_DOWNGRADE_DETECTED = $new_code)" \
  grep -aqF "WIX_DOWNGRADE_DETECTED = $new_code" "$work/downgrade.msiexec.log"
check "the newer version is still the one installed" [ "$(arp_products)" = "$new_code" ]

echo "==== Wine: msiexec /x $(basename "$new_msi") /qn (uninstall)"
msiexec_ /x "$new_msi" uninstall; rc=$?
check "silent uninstall exits 0 (got $rc)" [ "$rc" = 0 ]
for file in ImageChecker.exe imagechecker-cli.exe README.txt LICENSE.txt; do
  check "$file is removed" [ ! -e "$install_dir/$file" ]
done
check "the Start-menu shortcut is removed" shortcut_gone
check "Add/Remove Programs: no ImageChecker entry is left" [ -z "$(arp_products)" ]
check "the logs and journals are left in C:\\Program Files\\ImageChecker, unchanged" records_kept

finish

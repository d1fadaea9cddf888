#!/usr/bin/env bash
# Installs, from Debian's archive, what ImageChecker needs to build and test. Run as root.
#   scripts/install-deps.sh linux      native Linux build and tests
#   scripts/install-deps.sh windows    mingw-w64 cross-build and Wine to run its tests
#   scripts/install-deps.sh fresh-root debootstrap, for scripts/fresh-root.sh (the Quick start proof)
#   scripts/install-deps.sh fuzz       the fuzz targets: Debian's clang with libFuzzer (scripts/fuzz.sh)
#   scripts/install-deps.sh bench      perf, for the scheduler view of scripts/bench-window.sh ... sched
# Only missing packages are installed, so a second run costs nothing.
set -euo pipefail

linux_packages=(build-essential cmake ninja-build pkg-config
                libspdlog-dev libfmt-dev nlohmann-json3-dev libcli11-dev libpugixml-dev
                libgtest-dev googletest jq
                libwxgtk3.2-dev xvfb xauth
                xdotool imagemagick   # the window's end-to-end tests drive it with xdotool, screenshot with import
                x11-utils             # ... and ask xwininfo whether a window is mapped
                python3               # bench-profile-walk.sh generates its tree of files with python3
                libzip-dev unzip      # the support bundle (collect) and its test (unzip -t)
                chromium)             # renders the HTML report to a PNG (scripts/html-screenshot.sh)
# libFuzzer and the sanitizer runtimes for clang live in libclang-rt-14-dev, which clang only
# recommends; llvm gives llvm-symbolizer for readable stack traces in sanitizer reports.
fuzz_packages=(clang libclang-rt-14-dev llvm)
windows_packages=(mingw-w64 g++-mingw-w64-x86-64-posix libz-mingw-w64-dev wine wine64 dpkg-dev zip
                  wixl msitools osslsigncode openssl unzip python3)  # the MSI (wixl), its tests (msiinfo, msiextract), Authenticode, a test timestamp server
fresh_root_packages=(debootstrap)
bench_packages=(linux-perf python3)

wanted=()
for group in "$@"; do
  case "$group" in
    linux) wanted+=("${linux_packages[@]}") ;;
    windows) wanted+=("${linux_packages[@]}" "${windows_packages[@]}") ;;
    fresh-root) wanted+=("${fresh_root_packages[@]}") ;;
    fuzz) wanted+=("${linux_packages[@]}" "${fuzz_packages[@]}") ;;
    bench) wanted+=("${bench_packages[@]}") ;;
    *) echo "install-deps.sh: unknown group '$group' (use: linux, windows, fresh-root, fuzz, bench)" >&2; exit 3 ;;
  esac
done
[ ${#wanted[@]} -gt 0 ] || { echo "usage: scripts/install-deps.sh linux|windows|fresh-root|fuzz|bench ..." >&2; exit 3; }

missing=()
declare -A seen=()
for package in "${wanted[@]}"; do
  [ -z "${seen[$package]:-}" ] || continue
  seen[$package]=1
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps.sh: these packages are missing and installing them needs root: ${missing[*]}" >&2
  exit 1
fi
echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

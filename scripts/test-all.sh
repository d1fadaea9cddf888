#!/usr/bin/env bash
# Quick start 2: installs what is missing, builds for Linux and for Windows (mingw-w64), and runs every
# test: the Linux build natively, the Windows build under Wine (its own prefix, outside the tree).
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${IC_JOBS:-$(nproc)}
scripts/install-deps.sh linux windows

echo "==== Linux build and tests"
cmake --preset linux >/dev/null
cmake --build --preset linux -j "$jobs"
ctest --preset linux -j "$jobs"

echo "==== Linux tests again under AddressSanitizer and UndefinedBehaviorSanitizer (preset linux-asan)"
cmake --preset linux-asan >/dev/null
cmake --build --preset linux-asan -j "$jobs"
ctest --preset linux-asan -j "$jobs"

echo "==== wxWidgets for Windows (built once from Debian's source, cached outside the tree)"
IC_WXMSW_PREFIX=$(scripts/build-wxmsw.sh | tail -n 1)
export IC_WXMSW_PREFIX
echo "==== libzip for Windows (built once from Debian's source, cached outside the tree)"
IC_LIBZIP_PREFIX=$(scripts/build-libzip-mingw.sh | tail -n 1)
export IC_LIBZIP_PREFIX

echo "==== Windows cross-build, tests under Wine"
cmake --preset windows-cross >/dev/null
cmake --build --preset windows-cross -j "$jobs"
ctest --preset windows-cross

echo "==== End to end: the Windows CLI under Wine, replayed on Linux"
scripts/wine-e2e.sh

echo "==== End to end: support (review, compare, collect, HTML) on Linux and under Wine"
scripts/support-e2e.sh

echo "==== End to end: the window under Wine on a virtual display (Run, Info, Fix All Warnings, undo)"
scripts/gui-e2e.sh

echo "==== Package: the portable zip and the MSI; signing with a throwaway certificate; the MSI under Wine"
installer/package-windows.sh
installer/test-package.sh
installer/test-msi.sh

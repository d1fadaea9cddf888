#!/usr/bin/env bash
# Quick start 1: installs what is missing, builds ImageChecker for this machine, and runs every check.
# The report is printed on screen; the last lines say the verdict and where the log was written.
# Extra arguments go to `imagechecker-cli run` (e.g. --json report.json, --only drives, --root /mnt/image).
# On Linux each check's evidence is printed under its line (--verbose), so every verdict explains itself;
# run it as root (sudo) so that files such as NetworkManager's keyfiles and /etc/sudoers.d can be read.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh linux
cmake --preset linux >/dev/null
cmake --build --preset linux --target imagechecker-cli
exec build/linux/imagechecker-cli run --verbose "$@"

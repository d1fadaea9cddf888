#!/usr/bin/env bash
# Runs a Windows program under Wine in ImageChecker's own Wine prefix, creating the prefix on first use.
# Used by ctest (CMAKE_CROSSCOMPILING_EMULATOR) and by hand:  scripts/wine-run.sh build/windows-cross/imagechecker-cli.exe list
# The prefix lives outside the source tree: $IC_WINEPREFIX, or ~/.cache/imagechecker/wineprefix-<wine version>.
# A script that changes the Wine machine and puts it back (the e2e scripts) sets IC_WINEPREFIX_OF=<its
# name> and gets a prefix of its own, "<that path>-<name>": what one leaves behind if it fails midway
# cannot fail another for a reason that is not its own.
set -euo pipefail

if ! command -v wine >/dev/null 2>&1; then
  echo "wine-run.sh: wine is not installed; run scripts/install-deps.sh" >&2
  exit 127
fi

wine_version=$(wine --version 2>/dev/null | tr -c 'A-Za-z0-9.\n-' '_')
prefix="${IC_WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/imagechecker/wineprefix-${wine_version}}"
export WINEPREFIX="${prefix%/}${IC_WINEPREFIX_OF:+-$IC_WINEPREFIX_OF}"
export WINEARCH=win64
export WINEDEBUG="${WINEDEBUG:--all}"
# No Mono or Gecko download prompts: the prefix has no network to fetch them and the tool needs neither.
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"

mkdir -p "$(dirname "$WINEPREFIX")"
(
  flock 9
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    echo "wine-run.sh: creating Wine prefix $WINEPREFIX (once)" >&2
    wineboot --init >/dev/null 2>&1 || true
    wineserver --wait || true
  fi
) 9>"$(dirname "$WINEPREFIX")/.prefix.lock"

exec wine "$@"

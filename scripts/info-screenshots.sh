#!/usr/bin/env bash
# Screenshots of the window reading what support reads: a log opened with --open, and Info on its
# first row (the structured view), on wxGTK and on wxMSW under Wine:
#   docs/screenshots/open-log-linux.png  docs/screenshots/info-linux.png
#   docs/screenshots/open-log-wine.png   docs/screenshots/info-wine.png
# The log comes from replaying the Wine machine's recording (tests/data/wine-machine.rec.json).
# Needs both builds and runs its own virtual X display. Wine uses $IC_WINEPREFIX.
set -euo pipefail
cd "$(dirname "$0")/.."

out=docs/screenshots
mkdir -p "$out"
work=$(mktemp -d)
mkdir -p "$work/home"  # the Linux window saves its size in $HOME/.ImageChecker: not the user's file
display=:$(( 200 + RANDOM % 50 ))
Xvfb "$display" -screen 0 1280x960x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
trap '[ -n "$app" ] && kill $app 2>/dev/null; kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
export DISPLAY=$display
sleep 1

find_window() {  # the mapped window whose title matches
  local w
  for _ in $(seq 1 240); do
    for w in $(xdotool search "$1" 2>/dev/null); do
      if xwininfo -id "$w" | grep -q "IsViewable"; then echo "$w"; return 0; fi
    done
    sleep 0.25
  done
  return 1
}

build/linux/imagechecker-cli run --replay tests/data/wine-machine.rec.json --log-dir "$work" > /dev/null || true
log=$(ls "$work"/ImageChecker_*.log | head -n 1)

shoot() {  # shoot SUFFIX COMMAND...: opens the log, captures the window, then Info of the first row
  local suffix=$1; shift
  "$@" >/dev/null 2>&1 &
  app=$!
  local wid
  wid=$(find_window "ImageChecker") || { echo "info-screenshots.sh: no window ($suffix)" >&2; return 1; }
  sleep 2
  import -window "$wid" "$out/open-log-$suffix.png"
  echo "wrote $out/open-log-$suffix.png"
  xdotool windowfocus --sync "$wid" 2>/dev/null || true
  sleep 0.5
  xdotool key --clearmodifiers alt+i
  local info
  info=$(find_window "Info:") || { echo "info-screenshots.sh: Info did not open ($suffix)" >&2; return 1; }
  sleep 1
  import -window "$info" "$out/info-$suffix.png"
  echo "wrote $out/info-$suffix.png"
  xdotool key Escape
  sleep 0.5
  kill $app 2>/dev/null || true
  wait $app 2>/dev/null || true
  app=""
}

shoot linux env HOME="$work/home" build/linux/imagechecker --open "$log"
if [ -x build/windows-cross/ImageChecker.exe ]; then
  shoot wine scripts/wine-run.sh build/windows-cross/ImageChecker.exe --open "$(scripts/wine-run.sh winepath -w "$log" 2>/dev/null | tr -d '\r')"
fi

#!/usr/bin/env bash
# Screenshots of the window after a run, for docs/ and the README:
#   docs/screenshots/window-linux.png   wxGTK build, replaying a recording of the Wine machine
#   docs/screenshots/window-linux-workspace.png, info-linux-removals.png
#                                       wxGTK build checking a staged Ubuntu 22.04 WorkSpace tree (--root)
#                                       with two problems, and Info of the removal preview
#   docs/screenshots/window-wine.png    ImageChecker.exe (wxMSW) under Wine, checking the Wine machine
# Needs both builds (scripts/test-all.sh) and runs its own virtual X display.
set -euo pipefail
cd "$(dirname "$0")/.."

recording=${1:-tests/data/wine-machine.rec.json}
out=docs/screenshots
mkdir -p "$out"
work=$(mktemp -d)
mkdir -p "$work/home"  # the Linux window saves its size in $HOME/.ImageChecker: not the user's file
display=:$(( 90 + RANDOM % 9 ))
Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
export DISPLAY=$display
sleep 1

# Waits until the run's log says it finished, then a moment for the last repaint.
wait_for_run() {
  local dir=$1
  for _ in $(seq 1 240); do
    if grep -qs "| RUN      finished" "$dir"/ImageChecker_*.log; then sleep 1; return 0; fi
    sleep 0.5
  done
  echo "screenshots.sh: the run in $dir did not finish" >&2
  return 1
}

# The mapped top-level window whose title matches (xdotool's --onlyvisible misses windows when no
# window manager runs, so the map state is asked of xwininfo).
find_window() {
  local w
  for _ in $(seq 1 40); do
    for w in $(xdotool search "$1" 2>/dev/null); do
      if xwininfo -id "$w" | grep -q "IsViewable"; then echo "$w"; return 0; fi
    done
    sleep 0.25
  done
  return 1
}

capture() {  # capture "window title" file
  local wid
  wid=$(find_window "$1") || { echo "screenshots.sh: no window titled '$1'" >&2; return 1; }
  import -window "$wid" "$2"
  echo "wrote $2"
}

mkdir -p "$work/linux"
HOME="$work/home" build/linux/imagechecker --replay "$recording" --run --log-dir "$work/linux" &
app=$!
wait_for_run "$work/linux"
capture "[Ii]mage[Cc]hecker" "$out/window-linux.png"
kill $app 2>/dev/null || true

# A Linux WorkSpace: the tests' staged Ubuntu 22.04 tree with a static address, a link into /home, an
# admin's sudo rule and a per-user application; then Info of the last row (the removal preview).
mkdir -p "$work/tree-logs"
build/linux/tests/ic_stage_linux_tree "$work/tree" Ubuntu2204 dhcp apps-outside-home sudo-rule user-app >/dev/null
HOME="$work/home" build/linux/imagechecker --root "$work/tree" --run --log-dir "$work/tree-logs" &
app=$!
wait_for_run "$work/tree-logs"
capture "[Ii]mage[Cc]hecker" "$out/window-linux-workspace.png"
wid=$(find_window "[Ii]mage[Cc]hecker")
xdotool windowfocus --sync "$wid" 2>/dev/null; sleep 0.3
xdotool key End; sleep 0.3
xdotool key --clearmodifiers alt+i; sleep 1
capture "Info" "$out/info-linux-removals.png"
kill $app 2>/dev/null || true

if [ -x build/windows-cross/ImageChecker.exe ]; then
  mkdir -p "$work/wine"
  log_dir=$(scripts/wine-run.sh winepath -w "$work/wine" 2>/dev/null | tr -d '\r')
  scripts/wine-run.sh build/windows-cross/ImageChecker.exe --run --log-dir "$log_dir" >/dev/null 2>&1 &
  app=$!
  wait_for_run "$work/wine"
  capture "[Ii]mage[Cc]hecker" "$out/window-wine.png"
  kill $app 2>/dev/null || true
  kill $app 2>/dev/null || true
fi

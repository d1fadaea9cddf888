#!/usr/bin/env bash
# End to end, the way an administrator meets the tool: ImageChecker.exe (wxMSW) under Wine on a virtual
# display. A real warning is staged (Remote Desktop Services disabled), the window is started with --run,
# the keyboard presses Fix All Warnings (Alt+F) and confirms the preview (Enter); the row must turn
# PASSED, the service must be Manual; then `imagechecker-cli undo` must put it back to Disabled.
# Needs build/windows-cross (scripts/test-all.sh). Restores the service's start type whatever happens.
set -uo pipefail
cd "$(dirname "$0")/.."
export IC_WINEPREFIX_OF=gui-e2e  # a Wine prefix of its own (scripts/wine-run.sh)

exe=build/windows-cross/ImageChecker.exe
cli=build/windows-cross/imagechecker-cli.exe
[ -x "$exe" ] || { echo "gui-e2e: $exe was not built (wxMSW missing?)"; exit 1; }
work=$(mktemp -d)
display=:$(( 80 + RANDOM % 9 ))
Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
export DISPLAY=$display
passed=0
failed=0
check() {
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then passed=$((passed + 1)); echo "ok     $what"
  else failed=$((failed + 1)); echo "FAILED $what"; fi
}
wine_run() { scripts/wine-run.sh "$@" 2>/dev/null | tr -d '\r'; }
tool=build/windows-cross/tests/ic_service_start_type.exe
start_type() { wine_run "$tool" TermService; }

original=$(start_type)
case "$original" in
  AUTO_START) restore=auto ;; DEMAND_START) restore=demand ;; DISABLED) restore=disabled ;; *) restore=demand ;;
esac
cleanup() {
  wine_run "$tool" TermService "$restore" >/dev/null
  [ -n "${app:-}" ] && kill "$app" 2>/dev/null
  kill "$xvfb" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
sleep 1

wait_for() {  # wait_for SECONDS command...: polls until the command succeeds
  local limit=$1; shift
  for _ in $(seq 1 $((limit * 4))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  return 1
}
find_window() {
  local w
  for w in $(xdotool search --name "$1" 2>/dev/null); do
    xwininfo -id "$w" | grep -q IsViewable && { echo "$w"; return 0; }
  done
  return 1
}

window_gone() { ! find_window "$1"; }

wine_run "$tool" TermService disabled >/dev/null
check "the staged warning is in place (TermService disabled)" test "$(start_type)" = DISABLED

log_dir=$(wine_run winepath -w "$work")
scripts/wine-run.sh "$exe" --run --log-dir "$log_dir" >/dev/null 2>&1 &
app=$!
run_finished() { grep -qs "| RUN      finished" "$work"/ImageChecker_*.log; }  # the glob is expanded at each try
check "the window opens and Run fills every row" wait_for 60 run_finished
log=$(ls "$work"/ImageChecker_*.log | head -n 1)
check "remote-desktop-services shows WARNING" grep -q "STATUS   \[remote-desktop-services\] WARNING" "$log"
check "every applicable check ended" test "$(grep -c '| END      ' "$log")" -eq 24

wid=$(find_window "ImageChecker") || wid=""
check "the main window is on screen" test -n "$wid"
if [ -n "$wid" ]; then
  xdotool windowfocus --sync "$wid" 2>/dev/null; sleep 0.5
  # Info on the selected row (the first test), then Esc closes it.
  xdotool key --clearmodifiers alt+i; sleep 1
  info=$(wait_for 10 find_window "Info:" && find_window "Info:")
  check "Info opens the selected test's explanation" test -n "$info"
  if [ -n "$info" ]; then
    import -window "$info" docs/screenshots/info-wine.png 2>/dev/null
    xdotool windowfocus --sync "$info" 2>/dev/null; xdotool key Escape; sleep 0.5
    check "Esc closes Info" wait_for 5 window_gone "Info:"
  fi
  xdotool windowfocus --sync "$wid" 2>/dev/null; sleep 0.3
  xdotool key --clearmodifiers alt+f; sleep 1
  preview=$(wait_for 10 find_window "Fix All Warnings" && find_window "Fix All Warnings")
  check "Fix All Warnings shows the preview of the changes" test -n "$preview"
  [ -n "$preview" ] && { xdotool windowfocus --sync "$preview" 2>/dev/null; sleep 0.3; xdotool key Return; }
  check "the fix is applied and the check re-runs as PASSED" wait_for 30 grep -q "RECHECK  \[remote-desktop-services\] PASSED" "$log"
  sleep 1
  import -window root "$work/after-fix.png" 2>/dev/null && cp "$work/after-fix.png" docs/screenshots/window-wine-after-fix.png 2>/dev/null
  done_box=$(find_window "Fix All Warnings") && { xdotool windowfocus --sync "$done_box" 2>/dev/null; xdotool key Return; }
fi
check "Remote Desktop Services is now Manual" test "$(start_type)" = DEMAND_START

journal=$(sed -n 's/.*NOTE     undo journal: //p' "$log" | tr -d '\r' | head -n 1)
check "the undo journal was written next to the log" test -n "$journal"
wine_run "$cli" undo "$journal" --yes --log-dir "$log_dir" >/dev/null
check "imagechecker-cli undo puts the start type back to Disabled" test "$(start_type)" = DISABLED

gap=$(sed -n "s/.*UI event loop's worst gap during the run was \([0-9]*\) ms.*/\1/p" "$log" | head -n 1)
echo "UI event loop, worst gap during the run: ${gap:-unknown} ms (target: under 50 ms)"
echo "gui-e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

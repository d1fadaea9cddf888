#!/usr/bin/env bash
# Benchmark of the window's responsiveness: starts the window N times on a virtual display, each time
# with --run --close-after-run, and prints the worst gap of the UI event loop during each run (the window
# measures it with a 10 ms timer and writes it to its log), where in the run it happened, and the maximum.
#   scripts/bench-window.sh [N] [wine|linux] [sched]      default: 10 runs of ImageChecker.exe under Wine
# sched: each run is recorded with `perf sched record` (as root; perf is installed first by
# `install-deps.sh bench`) and the kernel's view of the worst gap is printed too: the UI thread's time
# on a CPU, waiting for one, and blocked, and what wineserver, Xvfb and the other programs did then
# (scripts/lib/sched-breakdown.py).
# wine: build/windows-cross/ImageChecker.exe checking the Wine machine itself.
# linux: build/linux/imagechecker replaying tests/data/wine-machine.rec.json (the same 24 checks).
# For each run it also prints what the worst gap was made of (docs/benchmarks.md says how to read it):
# the CPU time the UI thread used in it, how much of it a watchdog thread that never touches the window
# was held up too (shared: the process was not scheduled), and the slowest event handler on the UI thread.
# Wine's own start-up (prefix, services, fonts) happens before the window exists and before the run's
# timer starts, so it is not in these figures; the first run after the prefix starts is reported too,
# marked, so a cold start can be told from the rest.
set -uo pipefail
cd "$(dirname "$0")/.."

runs=${1:-10}
kind=${2:-wine}
sched=${3:-}
if [ -n "$sched" ]; then
  [ "$sched" = sched ] || { echo "usage: scripts/bench-window.sh [N] [wine|linux] [sched]"; exit 3; }
  scripts/install-deps.sh bench  # perf (package linux-perf) and python3, as fuzz.sh installs what it needs
fi
work=$(mktemp -d)
display=:$(( 90 + RANDOM % 9 ))
Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
export DISPLAY=$display
sleep 1

case "$kind" in
  wine)
    exe=build/windows-cross/ImageChecker.exe
    [ -x "$exe" ] || { echo "bench-window: $exe was not built (scripts/test-all.sh)"; exit 1; }
    log_dir=$(scripts/wine-run.sh winepath -w "$work" 2>/dev/null | tr -d '\r')
    command=(scripts/wine-run.sh "$exe" --run --close-after-run --log-dir "$log_dir")
    ;;
  linux)
    exe=build/linux/imagechecker
    [ -x "$exe" ] || { echo "bench-window: $exe was not built"; exit 1; }
    command=("$exe" --replay tests/data/wine-machine.rec.json --run --close-after-run --log-dir "$work")
    ;;
  *) echo "usage: scripts/bench-window.sh [N] [wine|linux] [sched]"; exit 3 ;;
esac

echo "The window's event loop, worst gap per run ($kind, $runs runs; target under 50 ms):"
max=0
for i in $(seq 1 "$runs"); do
  rm -f "$work"/ImageChecker_*.log
  record=()
  [ -n "$sched" ] && record=(perf sched record -a -q -o "$work/sched.data" --)
  if ! timeout 300 "${record[@]}" "${command[@]}" >/dev/null 2>&1; then
    echo "  run $i: the window did not finish (timeout or crash)"
    continue
  fi
  line=$(grep -ah "UI event loop's worst gap" "$work"/ImageChecker_*.log 2>/dev/null | tr -d '\r' | head -n 1)
  gap=$(sed -n "s/.*worst gap during the run was \([0-9]*\) ms.*/\1/p" <<<"$line")
  where=$(sed -n "s/.*worst gap during the run was [0-9]* ms (\(.*\))$/\1/p" <<<"$line")
  [ -n "$gap" ] || { echo "  run $i: no measurement in the log"; continue; }
  # What the gap was made of (the NOTE after it): the UI thread's CPU in it, how much of it the watchdog
  # thread (which never touches the window) was held up too, and the slowest handler on the UI thread.
  parts=$(grep -ah "NOTE     window: .*watchdog thread" "$work"/ImageChecker_*.log 2>/dev/null | tr -d '\r' | head -n 1)
  cpu=$(sed -n "s/.*the UI thread used \([0-9]*\) ms of CPU.*/\1/p" <<<"$parts")
  held=$(sed -n "s/.*was held up for \([0-9]*\) ms of the gap.*/\1/p" <<<"$parts")
  dog=$(sed -n "s/.*its worst in the run: \([0-9]*\) ms.*/\1/p" <<<"$parts")
  slowest=$(sed -n "s/.*the slowest handler on the UI thread took \([0-9]* ms (.*)\)$/\1/p" <<<"$parts")
  echo "  run $i: ${gap} ms (${where:-?})$([ "$i" -eq 1 ] && echo '  [first run after start-up]')"
  echo "         in it: UI thread CPU ${cpu:-?} ms, watchdog held up ${held:-?} ms (watchdog's worst in the run ${dog:-?} ms);" \
       "slowest UI handler ${slowest:-not timed}; load average $(cut -d' ' -f1 /proc/loadavg)"
  if [ -n "$sched" ]; then
    at=$(sed -n "s/.*worst gap during the run was [0-9]* ms (\([0-9]*\) ms into the run.*/\1/p" <<<"$line")
    echo "         kernel: $(perf sched timehist --state -i "$work/sched.data" 2>/dev/null | python3 scripts/lib/sched-breakdown.py "$at" "$gap")"
  fi
  [ "$gap" -gt "$max" ] && max=$gap
done
echo "maximum: ${max} ms"

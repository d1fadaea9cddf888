#!/usr/bin/env bash
# End-to-end of the support side, on Linux and under Wine:
#   - a Wine run's log and JSON report review to the same statuses, summaries and evidence (round trip);
#   - review of two Wine logs, before and after `fix --warnings`, names what was fixed;
#   - a truncated log is a partial review (exit 1), a foreign file is exit 3;
#   - collect under Wine and on Linux makes a zip that `unzip -t` accepts, with every part;
#   - the Wine run's HTML report renders in headless Chromium (docs/screenshots/report-wine.png).
# Needs both builds. Wine uses its own prefix, "$IC_WINEPREFIX-support-e2e" (scripts/wine-run.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
export IC_WINEPREFIX_OF=support-e2e  # a Wine prefix of its own (scripts/wine-run.sh)

exe=build/windows-cross/imagechecker-cli.exe
cli=build/linux/imagechecker-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() {  # check "description" command...
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then passed=$((passed + 1)); echo "ok     $what"
  else failed=$((failed + 1)); echo "FAILED $what"; fi
}
winpath() { scripts/wine-run.sh winepath -w "$1" 2>/dev/null | tr -d '\r'; }

# ---- A Wine run: log, JSON, HTML; read back by the Linux build ----
mkdir -p "$work/wine1"
scripts/wine-run.sh "$exe" run --log-dir "$(winpath "$work/wine1")" --json "$(winpath "$work/wine1/report.json")" \
  --html "$(winpath "$work/wine1/report.html")" > "$work/wine1.out" 2>&1
log1=$(ls "$work"/wine1/ImageChecker_*.log | head -n 1)
check "the Wine run wrote a log, a JSON and an HTML report" test -s "$log1" -a -s "$work/wine1/report.json" -a -s "$work/wine1/report.html"
"$cli" review "$log1" > "$work/review1.txt"; code=$?
cat "$work/review1.txt"
check "review of the Wine log exits 0 (whole)" test "$code" -eq 0
check "review names the machine, the OS build and how the user was chosen" \
  bash -c "grep -q '^  Machine:' '$work/review1.txt' && grep -q 'build ' '$work/review1.txt' && grep -q 'chosen from:' '$work/review1.txt'"
check "review lists drives as FAILED with the AWS code it prevents" \
  bash -c "grep -q 'FAILED    drives' '$work/review1.txt' && grep -q 'AWS error code it prevents: ' '$work/review1.txt'"
"$cli" review --json "$log1" > "$work/log.json"
"$cli" review --json "$work/wine1/report.json" > "$work/rep.json"
check "the Wine log and its JSON report read back to the same statuses, summaries and evidence" \
  bash -c "diff <(jq -S '[.checks[] | {id, status, summary, evidence}]' '$work/log.json') \
                <(jq -S '[.checks[] | {id, status, summary, evidence: [.evidence[] | {item, observed: (.observed | gsub(\"[\\r\\n\\t]\"; \" \")), expected}]}]' '$work/rep.json')"

# ---- CRLF, truncated, foreign ----
sed 's/\r$//; s/$/\r/' "$log1" > "$work/crlf.log"   # the Wine log has CRLF already; make sure
check "the same log with CRLF line ends reviews the same" \
  bash -c "diff <(jq -S '.checks' '$work/log.json') <('$cli' review --json '$work/crlf.log' | jq -S '.checks')"
head -c $(( $(stat -c %s "$log1") * 2 / 3 )) "$log1" > "$work/crash.log"
"$cli" review "$work/crash.log" > "$work/crash.txt"; code=$?
check "a log cut off mid-line is a partial review (exit 1) that says what is missing" \
  bash -c "test $code -eq 1 && grep -q 'This review is partial' '$work/crash.txt' && grep -q 'no verdict' '$work/crash.txt'"
printf 'Hello support,\nthe image failed.\n' > "$work/mail.txt"
"$cli" review "$work/mail.txt" > /dev/null 2> "$work/mail.err"; code=$?
check "a file that is not a log is exit 3 with a message" bash -c "test $code -eq 3 && grep -q 'not an ImageChecker log' '$work/mail.err'"

# ---- Before and after Fix All Warnings under Wine ----
mkdir -p "$work/wine2"
scripts/wine-run.sh "$exe" fix --warnings --yes --log-dir "$(winpath "$work/wine2")" > "$work/fix.out" 2>&1
cat "$work/fix.out" | tail -n 8
sleep 1
scripts/wine-run.sh "$exe" run --log-dir "$(winpath "$work/wine2")" > /dev/null 2>&1
before=$(ls "$work"/wine2/ImageChecker_*.log | head -n 1)
after=$(ls "$work"/wine2/ImageChecker_*.log | tail -n 1)
"$cli" review "$after" "$before" > "$work/compare.txt"
cat "$work/compare.txt"
check "review of two logs before and after fix --warnings names what was fixed, oldest first" \
  bash -c "grep -q '^Fixed:' '$work/compare.txt' && grep -q 'given newest first' '$work/compare.txt'"
check "the fix run's review shows its changes and the undo journal" \
  bash -c "'$cli' review '$before' | grep -q 'Undo journal'"
# Put the Wine machine back as it was.
journal=$(ls "$work"/wine2/*.fixes.json 2>/dev/null | head -n 1)
[ -n "$journal" ] && scripts/wine-run.sh "$exe" undo --yes "$(winpath "$journal")" > /dev/null 2>&1

# ---- collect: under Wine and on Linux ----
mkdir -p "$work/wine3"
scripts/wine-run.sh "$exe" collect --log-dir "$(winpath "$work/wine3")" > "$work/collect-wine.out" 2>&1
zip_wine=$(ls "$work"/wine3/*.support.zip 2>/dev/null | head -n 1)
check "collect under Wine made a zip that unzip -t accepts" unzip -t "$zip_wine"
check "the Wine bundle holds the log, both reports, the recording and the README" \
  bash -c "unzip -l '$zip_wine' | grep -q 'ImageChecker_.*\.log' && unzip -l '$zip_wine' | grep -q report.json && unzip -l '$zip_wine' | grep -q report.html && unzip -l '$zip_wine' | grep -q '\.rec\.json' && unzip -l '$zip_wine' | grep -q README.txt"
"$cli" collect --log-dir "$work/linux" --out "$work/linux.zip" > /dev/null 2>&1
check "collect on Linux made a zip that unzip -t accepts" unzip -t "$work/linux.zip"
"$cli" collect --replay tests/data/wine-machine.rec.json --log-dir "$work/replay" --out "$work/replay.zip" > /dev/null 2>&1
check "collect of a replayed recording bundles that recording" bash -c "unzip -t '$work/replay.zip' && unzip -l '$work/replay.zip' | grep -q wine-machine.rec.json"

# ---- The HTML report in a real browser ----
mkdir -p docs/screenshots
if scripts/html-screenshot.sh "$work/wine1/report.html" docs/screenshots/report-wine.png 1100 3200 > /dev/null 2>&1; then
  check "the Wine run's HTML report rendered in headless Chromium" test -s docs/screenshots/report-wine.png
else
  failed=$((failed + 1)); echo "FAILED headless Chromium could not render the HTML report"
fi

echo "support-e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

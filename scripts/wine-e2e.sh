#!/usr/bin/env bash
# End-to-end under Wine: imagechecker-cli.exe checks the Wine machine for real, writes its log next to
# the exe and records every OS answer; the Linux build then replays that recording and must reach the
# same statuses and evidence. Needs both builds (scripts/test-all.sh makes them).
set -uo pipefail
cd "$(dirname "$0")/.."
export IC_WINEPREFIX_OF=wine-e2e  # a Wine prefix of its own (scripts/wine-run.sh)

exe=build/windows-cross/imagechecker-cli.exe
linux_cli=build/linux/imagechecker-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() {  # check "description" command...
  local what=$1; shift
  if "$@" >/dev/null; then passed=$((passed + 1)); echo "ok     $what"
  else failed=$((failed + 1)); echo "FAILED $what"; fi
}

rm -f build/windows-cross/ImageChecker_*.log
scripts/wine-run.sh "$exe" list > "$work/list.txt"
check "list under Wine shows the drives, pending-reboot and free-space checks" \
  grep -q "^drives .*" "$work/list.txt"
grep -q "^pending-reboot " "$work/list.txt" && grep -q "^free-space " "$work/list.txt" || { failed=$((failed + 1)); echo "FAILED list is missing checks"; }

scripts/wine-run.sh "$exe" run --json - --record "$(scripts/wine-run.sh winepath -w "$work/wine.rec.json" 2>/dev/null | tr -d '\r')" \
  > "$work/wine.json" 2> "$work/wine.err"
wine_code=$?
cat "$work/wine.err"
check "the Wine run exits 2 (Wine's Z: drive is an extra drive)" test "$wine_code" -eq 2
check "the Wine run printed a valid JSON report" jq -e '.schema_version == 1' "$work/wine.json"
check "drives is FAILED and names Z:" \
  jq -e '.checks[] | select(.id == "drives") | .status == "FAILED" and any(.evidence[]; .item == "Drive Z:")' "$work/wine.json"
check "free-space read Wine's real C: (PASSED or FAILED with byte counts, never ERROR)" \
  jq -e '.checks[] | select(.id == "free-space") | (.status == "PASSED" or .status == "FAILED") and any(.evidence[]; .item == "C: free space")' "$work/wine.json"
check "pending-reboot read all nine markers (no ERROR)" \
  jq -e '.checks[] | select(.id == "pending-reboot") | .status != "ERROR" and (.evidence | length == 9)' "$work/wine.json"
check "the machine is Windows as Wine reports it" jq -e '.machine.os.family == "windows"' "$work/wine.json"
log=$(ls build/windows-cross/ImageChecker_*.log 2>/dev/null | head -n 1)
check "the log file was written next to the exe" test -n "$log"
check "the log has the header, every check and the verdict" \
  bash -c "grep -q 'HEADER   Machine name:' '$log' && grep -q 'END      \[drives\]' '$log' && grep -q 'VERDICT ' '$log'"

"$linux_cli" run --replay "$work/wine.rec.json" --json - --log-dir "$work" > "$work/replay.json" 2> "$work/replay.err"
replay_code=$?
check "the replay on Linux exits like the Wine run" test "$replay_code" -eq "$wine_code"
check "the replay on Linux gives the same statuses and evidence" \
  bash -c "diff <(jq -S '[.checks[] | {id, status, summary, evidence}]' '$work/wine.json') \
                <(jq -S '[.checks[] | {id, status, summary, evidence}]' '$work/replay.json')"

# Run from a drive root (C:\ImageChecker.exe, a USB stick's root): the log belongs next to the exe there
# too, not in the fallback folder ("C:" alone would mean drive C:'s current folder).
c_root=$(scripts/wine-run.sh winepath -u 'C:\' 2>/dev/null | tr -d '\r')
if [ -d "$c_root" ]; then
  root_exe="${c_root%/}/ic-drive-root-test.exe"
  cp "$exe" "$root_exe"
  rm -f "${c_root%/}"/ImageChecker_*.log
  scripts/wine-run.sh 'C:\ic-drive-root-test.exe' run --only drives > "$work/root.out" 2>&1
  root_log=$(ls "${c_root%/}"/ImageChecker_*.log 2>/dev/null | head -n 1)
  check "run from C:\\ writes its log in C:\\ (next to the exe)" test -n "$root_log"
  check "run from C:\\ did not fall back to another log folder" bash -c "[ -n '$root_log' ] && ! grep -q 'log folder not used' '$root_log'"
  rm -f "$root_exe" "${c_root%/}"/ImageChecker_*.log
else
  failed=$((failed + 1)); echo "FAILED Wine's C:\\ could not be found"
fi

# Both programs import DLLs from System32 only (docs/architecture.md, "Loading DLLs").
system32=$(scripts/wine-run.sh winepath -u 'C:\windows\system32' 2>/dev/null | tr -d '\r')
imports_from_system32() {  # imports_from_system32 EXE: every imported DLL exists in Wine's System32
  local dll missing=0
  for dll in $(x86_64-w64-mingw32-objdump -p "$1" | sed -n 's/.*DLL Name: //p'); do
    [ -n "$(find "$system32" -maxdepth 1 -iname "$dll" -print -quit)" ] || { echo "not in System32: $dll" >&2; missing=1; }
  done
  return $missing
}
for program in build/windows-cross/imagechecker-cli.exe build/windows-cross/ImageChecker.exe; do
  [ -f "$program" ] && check "$(basename "$program") imports only DLLs that System32 holds" imports_from_system32 "$program"
done

echo "wine-e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

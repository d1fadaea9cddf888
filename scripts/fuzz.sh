#!/usr/bin/env bash
# Builds the fuzz targets (preset `fuzz`: Debian's clang, libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer) and runs each one for SECONDS (default 60), one after another.
#   scripts/fuzz.sh [SECONDS] [TARGET ...]      e.g. scripts/fuzz.sh 300   or   scripts/fuzz.sh 30 recording
# IC_FUZZ_FLAGS adds libFuzzer options to every run (e.g. IC_FUZZ_FLAGS="-max_len=100000").
# Each target starts from its seed corpus (tests/fuzz/corpus/<target>) and its regression inputs
# (tests/data/fuzz-regressions/<target>), plus what earlier runs found interesting (kept in
# build/fuzz-runs/corpus/<target>, outside the tree). Exits non-zero if any target crashed, leaked,
# timed out, ran out of memory, drew a sanitizer report or broke one of its invariants, and names the
# target and the input that did it (saved in build/fuzz-runs/findings/<target>/). docs/fuzzing.md says
# how to turn a finding into a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
if [ $# -gt 0 ]; then shift; fi
case "$seconds" in '' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, not '$seconds'" >&2; exit 3 ;; esac

scripts/install-deps.sh fuzz
jobs=${IC_JOBS:-$(nproc)}
echo "==== Building the fuzz targets (preset fuzz)"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"

if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for source in tests/fuzz/*_fuzz.cpp; do
    name=$(basename "$source" _fuzz.cpp)
    targets+=("$name")
  done
fi

work=build/fuzz-runs
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
symbolizer=$(command -v llvm-symbolizer || true)
[ -n "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH="$symbolizer"

failed=()
for target in "${targets[@]}"; do
  program=build/fuzz/tests/fuzz/fuzz_$target
  [ -x "$program" ] || { echo "fuzz.sh: no fuzz target '$target' ($program not built)" >&2; exit 3; }
  corpus=$work/corpus/$target
  findings=$work/findings/$target
  log=$work/logs/$target.log
  mkdir -p "$corpus" "$findings" "$(dirname "$log")"
  rm -f "$findings"/*
  inputs=("$corpus" "tests/fuzz/corpus/$target")
  [ -d "tests/data/fuzz-regressions/$target" ] && inputs+=("tests/data/fuzz-regressions/$target")

  echo "==== $target: ${seconds} s"
  status=0
  # New interesting inputs go into the first folder only; the seed and regression folders are read.
  "$program" "${inputs[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -artifact_prefix="$findings/" -print_final_stats=1 ${IC_FUZZ_FLAGS:-} >"$log" 2>&1 || status=$?
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$log" | sed 's/^/     /' || true
  found=$(find "$findings" -type f | sort)
  if [ "$status" -ne 0 ] || [ -n "$found" ]; then
    failed+=("$target")
    echo "FINDING in $target (exit status $status); full output: $log"
    grep -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|INVARIANT BROKEN|SUMMARY:' "$log" | head -n 8 | sed 's/^/     /' || true
    for input in $found; do
      echo "     input: $input"
    done
  fi
done

echo "==== Fuzzed ${#targets[@]} targets for ${seconds} s each"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz.sh: findings in: ${failed[*]} (see above; docs/fuzzing.md: turning a finding into a regression test)" >&2
  exit 1
fi
echo "fuzz.sh: no finding"

#!/usr/bin/env bash
# Benchmark: the profile walk (FileProbe::directory_usage) against `du -sb` on a generated tree of
# 200,000 files. Target: the walk takes at most 1.2x the time of du. Measures the Linux walk natively
# and, when the Windows build exists, the Win32 walk under Wine (where Wine's file-system layer, not
# the walk, dominates; reported for information).
# Usage: scripts/bench-profile-walk.sh [FILES]   (needs build/linux; build/windows-cross optional)
set -euo pipefail
cd "$(dirname "$0")/.."

files=${1:-200000}
tree=${IC_BENCH_TREE:-${XDG_CACHE_HOME:-$HOME/.cache}/imagechecker/bench-tree-$files}
if [ ! -f "$tree/.complete" ]; then
  echo "generating $files files under $tree (once)"
  rm -rf "$tree" && mkdir -p "$tree"
  # 200 folders of 20 subfolders of N files, sizes varying from 0 to 4095 bytes.
  python3 - "$tree" "$files" <<'PY'
import os, sys
root, total = sys.argv[1], int(sys.argv[2])
per_leaf = max(1, total // 4000)
made = 0
for a in range(200):
    for b in range(20):
        leaf = os.path.join(root, f"dir{a:03}", f"sub{b:02}")
        os.makedirs(leaf, exist_ok=True)
        for c in range(per_leaf):
            if made >= total: break
            with open(os.path.join(leaf, f"f{c:04}.dat"), "wb") as f:
                f.write(b"x" * ((made * 7919) % 4096))
            made += 1
PY
  touch "$tree/.complete"
fi

best() {  # best wall time in ms of 5 runs of a command
  local best_ms=999999999
  for _ in 1 2 3 4 5; do
    local start end ms
    start=$(date +%s%N); "$@" >/dev/null; end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    [ "$ms" -lt "$best_ms" ] && best_ms=$ms
  done
  echo "$best_ms"
}

du_ms=$(best du -sb "$tree")
file_bytes=$(find "$tree" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
walk=$(build/linux/tests/ic_bench_directory_usage "$tree" 5)
walk_bytes=$(sed -E 's/.*bytes=([0-9]+) .*/\1/' <<<"$walk")
if [ "$walk_bytes" != "$file_bytes" ]; then
  echo "bench-profile-walk: the walk counted $walk_bytes bytes, the files hold $file_bytes"; exit 1
fi
walk_ms=$(sed -E 's/.*best_ms=([0-9.]+).*/\1/' <<<"$walk")
echo "du -sb:            ${du_ms} ms"
echo "directory_usage:   ${walk_ms} ms  ($walk)"
ratio=$(awk -v w="$walk_ms" -v d="$du_ms" 'BEGIN { printf "%.2f", (d > 0 ? w / d : 0) }')
echo "ratio walk/du:     ${ratio}x (target <= 1.2x)"
if [ -x build/windows-cross/tests/win32/ic_bench_directory_usage.exe ]; then
  wine_tree=$(scripts/wine-run.sh winepath -w "$tree" 2>/dev/null | tr -d '\r')
  echo "Win32 walk under Wine: $(scripts/wine-run.sh build/windows-cross/tests/win32/ic_bench_directory_usage.exe "$wine_tree" 3 | tr -d '\r')"
fi
awk -v r="$ratio" 'BEGIN { exit !(r <= 1.2) }' && echo "bench-profile-walk: within target" || { echo "bench-profile-walk: SLOWER than target"; exit 1; }

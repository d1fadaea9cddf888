#!/usr/bin/env bash
# Runs the journal fault tests on real file systems: a 64 KiB tmpfs that the tests fill up, and a
# read-only bind mount holding a journal, both in a private mount namespace so nothing is left mounted
# and nothing else on the machine sees them. Needs root (mount); exits 77 (ctest: skipped) without it.
#   tests/faults/run-fault-tests.sh BUILD/ic_fault_tests [gtest options]
set -euo pipefail
binary=$1
shift
if [ "$(id -u)" -ne 0 ] || ! unshare -m true 2>/dev/null; then
  echo "run-fault-tests: needs root and mount namespaces (unshare -m); skipped" >&2
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/small" "$work/readonly"
# A journal the first Fix All wrote, before the folder became read-only.
cat > "$work/readonly/ImageChecker_20261201115900.fixes.json" <<'JSON'
{"format":"imagechecker-fixes","version":2,"machine":"WS-1234","created_at":"2026-12-01T11:59:00Z",
 "batches":[{"batch":1,"started_at":"2026-12-01T11:59:00Z"}],
 "changes":[{"check_id":"remote-desktop-services","batch":1,"what":"Set the start type","state":"applied",
   "action":{"type":"service-start-type","service":"TermService","before":"Disabled","after":"Manual"}}]}
JSON
exec unshare -m --propagation private bash -c '
  set -e
  mount -t tmpfs -o size=64k,mode=0755 ic-fault-small "$1/small"
  mount --bind "$1/readonly" "$1/readonly"
  mount -o remount,bind,ro "$1/readonly"
  IC_FAULT_SMALL_FS="$1/small" IC_FAULT_READONLY_DIR="$1/readonly" "$2" "${@:3}"
' fault-tests "$work" "$binary" "$@"

#!/usr/bin/env bash
# Proof of the README's Quick start on a machine nothing was installed into by hand: builds a minimal
# Debian 12 (bookworm, debootstrap --variant=minbase) root from the archive this machine uses, clones the
# commit under test into it, and runs, as root inside it, exactly the README's two commands:
#   scripts/check-this-machine.sh
#   scripts/test-all.sh
# printing each command, its exit code and its wall time, and a summary that is also written to
# docs/fresh-root.md. Exits 0 only if both commands pass: check-this-machine.sh passes when it reaches a
# verdict (exit 0, 1 or 2, the README's exit codes of a run: a Debian root is no WorkSpace, so its
# verdict is "not ready"); test-all.sh passes when it exits 0.
#
#   scripts/fresh-root.sh [--commit REF] [--reuse-wxmsw-cache DIR] [--keep] [--refresh-base]
#                         [--mirror URI] [--no-docs]
#
#   --commit REF             what to prove (default HEAD). Uncommitted changes are never part of the proof.
#   --reuse-wxmsw-cache DIR  bind a prebuilt wxMSW (scripts/build-wxmsw.sh output, e.g.
#                            ~/.cache/imagechecker/wxmsw-3.2.2+dfsg-2) read-only into the root, so the
#                            ~15 minute wxWidgets build is skipped. Default off; the summary says if used.
#   --keep                   keep the root after the run (default: delete it)
#   --refresh-base           debootstrap again instead of using the cached base tarball
#   --mirror URI             Debian archive to debootstrap from (default: the first Debian URI in
#                            /etc/apt/sources.list*)
#   --no-docs                do not write docs/fresh-root.md
#
# The pristine debootstrap result is cached as a tarball in ${IC_FRESH_ROOT_CACHE:-~/.cache/imagechecker/fresh-root},
# and every proof unpacks a new copy there (runs/<time>/root). Nothing of the host is bound into the root
# (no /usr, no caches, no Wine prefix); /dev is a tmpfs with its own device nodes, /dev/pts a new
# instance. All mounts are made in a private mount and PID namespace (unshare), so they, and every
# process started inside, go away when the proof ends, even if it is killed; the script also unmounts
# them itself and checks with findmnt that none is left. Run as root; a full proof takes 60-90 minutes
# on 2 cores (the Linux and Windows builds and wxWidgets for Windows are all made from scratch).
set -euo pipefail

self=$(readlink -f "$0")
suite=bookworm
in_root_repo=/root/imagechecker
commands=("scripts/check-this-machine.sh" "scripts/test-all.sh")

# ---------------------------------------------------------------------------------------------------
# Inside the private namespaces: mount, run the commands in the chroot, unmount. Not called by hand.
inner() {
  local root=$1 rundir=$2 wxmsw=$3
  local mounted=()
  mnt() {  # mnt TARGET mount-args...: mounts and remembers the target for the unmount
    local target=$1; shift
    mkdir -p "$target"
    mount "$@" "$target"
    mounted+=("$target")
  }
  unmount_all() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
      umount "${mounted[$i]}" 2>/dev/null || umount -l "${mounted[$i]}" 2>/dev/null || true
    done
    mounted=()
  }
  trap unmount_all EXIT

  mount --make-rprivate /
  # The root is a mount point of its own, so that a command inside can make its own mount namespace
  # (unshare -m makes "/" private, which fails on a directory that is not a mount): the journal fault
  # tests do, and would otherwise be skipped.
  mnt "$root" --bind "$root"
  mnt "$root/proc" -t proc proc
  mnt "$root/sys" -t sysfs -o ro,nosuid,nodev,noexec sysfs
  # /dev: a tmpfs with only the usual nodes (the host's devices are not visible), its own ptys and shm.
  mnt "$root/dev" -t tmpfs -o mode=755,nosuid devtmp
  local node
  for node in "null 1 3" "zero 1 5" "full 1 7" "random 1 8" "urandom 1 9" "tty 5 0"; do
    set -- $node
    mknod -m 666 "$root/dev/$1" c "$2" "$3"
  done
  ln -s /proc/self/fd "$root/dev/fd"
  ln -s /proc/self/fd/0 "$root/dev/stdin"
  ln -s /proc/self/fd/1 "$root/dev/stdout"
  ln -s /proc/self/fd/2 "$root/dev/stderr"
  mnt "$root/dev/pts" -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts
  ln -s pts/ptmx "$root/dev/ptmx"
  mnt "$root/dev/shm" -t tmpfs -o mode=1777,nosuid,nodev shm
  mnt "$root/tmp" -t tmpfs -o mode=1777,nosuid,nodev tmp
  if [ -n "$wxmsw" ]; then
    local target="$root/root/.cache/imagechecker/$(basename "$wxmsw")"
    mnt "$target" --bind "$wxmsw"
    mount -o remount,bind,ro "$target"
  fi

  local env_cmd=(/usr/bin/env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash LANG=C.UTF-8
                 TERM="${TERM:-dumb}" PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)

  echo "==== The root, before the commands (mounts, /tmp, /dev/shm, HOME)"
  chroot "$root" "${env_cmd[@]}" /bin/sh -c '
    set -e
    grep -E " (/proc|/sys|/dev|/dev/pts|/dev/shm|/tmp|/root/[^ ]*) " /proc/self/mounts | cut -d" " -f1-4
    test "$(stat -c %a /tmp)" = 1777 && echo "/tmp is a tmpfs, mode 1777 (Xvfb makes /tmp/.X11-unix there)"
    echo probe > /dev/shm/fresh-root-probe && rm /dev/shm/fresh-root-probe && echo "/dev/shm is writable (Wine needs it)"
    touch "$HOME/.fresh-root-probe" && rm "$HOME/.fresh-root-probe" && echo "HOME=$HOME is writable"
    echo "nothing is installed beyond minbase: $(dpkg-query -W -f="\${Package}\n" | wc -l) packages"'

  local i=0 cmd start end rc
  for cmd in "${commands[@]}"; do
    i=$((i + 1))
    echo
    echo "==== [$i/${#commands[@]}] chroot <root> env -i HOME=/root LANG=C.UTF-8 PATH=... bash -c 'cd $in_root_repo && $cmd'"
    echo "==== started $(date -u '+%Y-%m-%d %H:%M:%S') UTC"
    start=$(date +%s)
    set +e
    chroot "$root" "${env_cmd[@]}" /bin/bash -c "cd $in_root_repo && $cmd" 2>&1 | tee "$rundir/command-$i.log"
    rc=${PIPESTATUS[0]}
    set -e
    end=$(date +%s)
    echo "==== [$i/${#commands[@]}] $cmd: exit $rc after $(( (end - start) / 60 ))m$(( (end - start) % 60 ))s"
    printf '%s\t%s\t%s\n' "$cmd" "$rc" "$((end - start))" >> "$rundir/results.tsv"
  done

  # Processes the commands left behind (a wineserver, an Xvfb) would keep the mounts busy; everything
  # here runs in this PID namespace, of which this shell is process 1.
  if [ "$$" -eq 1 ]; then
    kill -TERM -1 2>/dev/null || true
    sleep 1
    kill -KILL -1 2>/dev/null || true
  fi
  unmount_all
  trap - EXIT
  if findmnt -rn -o TARGET | grep -qE "^$root(/|$)"; then
    echo "fresh-root: mounts were left in the namespace:"; findmnt -rn -o TARGET | grep -E "^$root(/|$)"
    exit 1
  fi
}

if [ "${1:-}" = "--inner" ]; then
  shift
  [ "$$" -eq 1 ] || { echo "fresh-root.sh: --inner runs only as process 1 of its own PID namespace" >&2; exit 3; }
  inner "$@"
  exit $?
fi

# ---------------------------------------------------------------------------------------------------
# On the host.
cd "$(dirname "$self")/.."
repo=$(pwd)
commit_ref=HEAD
wxmsw=""
keep=0
refresh=0
mirror=""
write_docs=1
while [ $# -gt 0 ]; do
  case "$1" in
    --commit) commit_ref=$2; shift 2 ;;
    --reuse-wxmsw-cache) wxmsw=$(readlink -f "$2"); shift 2 ;;
    --keep) keep=1; shift ;;
    --refresh-base) refresh=1; shift ;;
    --mirror) mirror=$2; shift 2 ;;
    --no-docs) write_docs=0; shift ;;
    -h|--help) sed -n '2,30p' "$self" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fresh-root.sh: unknown option '$1' (see --help)" >&2; exit 3 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "fresh-root.sh: run as root (debootstrap, chroot and mounts need it)" >&2; exit 1; }
if [ -n "$wxmsw" ] && [ ! -f "$wxmsw/.complete" ]; then
  echo "fresh-root.sh: $wxmsw is not a finished wxMSW build (no .complete in it)" >&2; exit 3
fi
commit=$(git rev-parse --verify "$commit_ref^{commit}")
if [ "$commit_ref" = HEAD ] && [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "fresh-root.sh: note: the work tree has uncommitted changes; they are not part of the proof"
fi

scripts/install-deps.sh fresh-root

cache=${IC_FRESH_ROOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/imagechecker/fresh-root}
mkdir -p "$cache/runs"
if [ -z "$mirror" ]; then
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
           grep -oE '(URIs:|^deb) +[^ ]+' | awk '{print $2}' | grep -E '/debian/?$' | head -n 1 || true)
fi
[ -n "$mirror" ] || { echo "fresh-root.sh: no Debian archive found in /etc/apt/sources.list*; pass --mirror" >&2; exit 1; }
debootstrap_version=$(dpkg-query -W -f='${Version}' debootstrap)
base="$cache/$suite-minbase-debootstrap$debootstrap_version.tar"

overall_start=$(date +%s)
echo "==== Base root: Debian $suite minbase from $mirror"
if [ "$refresh" -eq 1 ] || [ ! -f "$base" ]; then
  staging=$(mktemp -d "$cache/debootstrap.XXXXXX")
  t0=$(date +%s)
  debootstrap --variant=minbase "$suite" "$staging" "$mirror" > "$cache/debootstrap.log" 2>&1 ||
    { echo "fresh-root.sh: debootstrap failed; its log: $cache/debootstrap.log" >&2; tail -n 20 "$cache/debootstrap.log" >&2; rm -rf "$staging"; exit 1; }
  # The apt lists and downloaded .debs are not part of a fresh machine's state worth caching.
  rm -rf "$staging/var/cache/apt/archives/"*.deb
  chmod 755 "$staging"  # mktemp made it 0700; as the root's / that would lock out _apt and every other user
  tar --numeric-owner -C "$staging" -cpf "$base.partial" .
  mv "$base.partial" "$base"
  rm -rf "$staging"
  echo "debootstrap took $(( $(date +%s) - t0 ))s; cached as $base"
else
  echo "using the cached debootstrap result $base ($(date -u -r "$base" '+%Y-%m-%d %H:%M UTC'))"
fi

rundir=$(mktemp -d "$cache/runs/$(date -u +%Y%m%dT%H%M%SZ).XXXX")
root="$rundir/root"
mkdir -p "$root"
safe_remove_root() {
  # Never delete while anything is mounted below the root (that would delete through the mount).
  if findmnt -rn -o TARGET | grep -qE "^$root(/|$)"; then
    echo "fresh-root.sh: NOT deleting $root: mounts are left under it:" >&2
    findmnt -rn -o TARGET | grep -E "^$root(/|$)" >&2
    return 1
  fi
  rm -rf "$root"
}
cleanup() {
  local rc=$?
  if findmnt -rn -o TARGET | grep -qE "^$root(/|$)"; then  # cannot happen with a private namespace; checked anyway
    findmnt -rn -o TARGET | grep -E "^$root(/|$)" | sort -r | while read -r m; do umount "$m" || umount -l "$m"; done
  fi
  if [ "$keep" -eq 0 ]; then safe_remove_root || true; else echo "the root is kept: $root"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "fresh-root.sh: interrupted" >&2; exit 130' INT TERM

tar --numeric-owner -C "$root" -xpf "$base"
chmod 755 "$root"
# What a fresh machine has besides the base system: name resolution and the machine's apt sources.
cp /etc/resolv.conf "$root/etc/resolv.conf"
rm -f "$root/etc/apt/sources.list"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  case "$f" in /etc/apt/sources.list) cp "$f" "$root/etc/apt/sources.list" ;; *) cp "$f" "$root/etc/apt/sources.list.d/" ;; esac
done
# The commit under test, cloned (not the work tree), with no link back to this machine's objects.
git clone -q --no-hardlinks --no-checkout "$repo" "$root$in_root_repo"
git -C "$root$in_root_repo" -c advice.detachedHead=false checkout -q --detach "$commit"
git -C "$root$in_root_repo" remote remove origin

echo "==== Proof of the Quick start on a fresh Debian $suite root"
echo "commit:       $commit ($(git log -1 --format=%s "$commit" | cut -c1-80))"
echo "root:         $root (unpacked from $(basename "$base"))"
echo "host:         $(uname -sr), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
if [ -n "$wxmsw" ]; then
  echo "wxMSW cache:  USED: $wxmsw bound read-only (the wxWidgets build is NOT part of this proof)"
else
  echo "wxMSW cache:  not used (wxWidgets for Windows is built inside the root)"
fi

set +e
unshare --mount --propagation private --pid --fork --kill-child -- "$self" --inner "$root" "$rundir" "$wxmsw"
inner_rc=$?
set -e
leftover=$(findmnt -rn -o TARGET | grep -E "^$root(/|$)" || true)

echo
echo "==== Summary"
failed=0
results=()
while IFS=$'\t' read -r cmd rc secs; do
  results+=("$cmd"$'\t'"$rc"$'\t'"$secs")
  printf '%-32s exit %-3s %dm%02ds\n' "$cmd" "$rc" $((secs / 60)) $((secs % 60))
  if [ "$cmd" = "${commands[0]}" ]; then [ "$rc" -le 2 ] || failed=1; else [ "$rc" -eq 0 ] || failed=1; fi
done < <(cat "$rundir/results.tsv" 2>/dev/null)
[ ${#results[@]} -eq ${#commands[@]} ] || { echo "not every command ran (the runner exited $inner_rc)"; failed=1; }
[ "$inner_rc" -eq 0 ] || failed=1
total=$(( $(date +%s) - overall_start ))
echo "mounts left behind: ${leftover:-none}"
[ -z "$leftover" ] || failed=1
verdict=$([ "$failed" -eq 0 ] && echo PASSED || echo FAILED)
echo "fresh-root: $verdict in $((total / 60))m$((total % 60))s; logs of each command: $rundir/command-*.log"

{
  echo "## Last result: $verdict"
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
  echo "| commit | \`$commit\` ($(git log -1 --format=%s "$commit" | cut -c1-70 | sed 's/|/\\|/g')) |"
  echo "| base | \`$(basename "$base")\` from $mirror |"
  echo "| machine | $(uname -sr), $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) memory (shared with other work) |"
  echo "| wxMSW | $([ -n "$wxmsw" ] && echo "prebuilt cache bound in read-only (\`$(basename "$wxmsw")\`): not built in this proof" || echo "built inside the root") |"
  echo "| mounts left behind | ${leftover:-none} |"
  echo "| total | $((total / 60))m$((total % 60))s (with unpacking and cloning) |"
  echo
  echo "| command (as root, in \`$in_root_repo\`) | exit | wall time |"
  echo "|---|---|---|"
  for r in "${results[@]}"; do
    IFS=$'\t' read -r cmd rc secs <<<"$r"
    echo "| \`$cmd\` | $rc | $((secs / 60))m$(printf %02d $((secs % 60)))s |"
  done
  verdict_line=$(grep -aE '^(Ready|Not ready|Validation)' "$rundir/command-1.log" 2>/dev/null | tail -n 1 || true)
  echo
  echo "\`${commands[0]}\` exits with the verdict of the checks (0 ready, 1 warnings, 2 a check FAILED or ERROR;"
  echo "the README's exit codes); its verdict here: \"${verdict_line:-none printed}\""
  skipped=$(grep -aE '^[[:space:]]*[0-9]+ - .*\(Skipped\)' "$rundir/command-2.log" 2>/dev/null | sed 's/^[[:space:]]*//' | paste -sd ';' - || true)
  echo
  echo "Tests ctest skipped in \`${commands[1]}\`: ${skipped:-none}."
} > "$rundir/result.md"
echo "result: $rundir/result.md"
# docs/fresh-root.md: the text between the two markers is replaced by this result; the rest is kept.
docs="$repo/docs/fresh-root.md"
if [ "$write_docs" -eq 1 ] && [ -f "$docs" ] && grep -q '^<!-- fresh-root result begin -->$' "$docs"; then
  awk -v result="$rundir/result.md" '
    /^<!-- fresh-root result begin -->$/ { print; while ((getline line < result) > 0) print line; skip = 1; next }
    /^<!-- fresh-root result end -->$/ { skip = 0 }
    !skip { print }' "$docs" > "$docs.new" && mv "$docs.new" "$docs"
  echo "result written into docs/fresh-root.md"
elif [ "$write_docs" -eq 1 ]; then
  echo "fresh-root.sh: docs/fresh-root.md has no result markers; the result is only in $rundir/result.md" >&2
fi
[ "$failed" -eq 0 ]

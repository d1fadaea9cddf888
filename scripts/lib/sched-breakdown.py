#!/usr/bin/env python3
"""Where the window's UI thread spent its worst event-loop gap, from the kernel's scheduler trace.

    perf sched timehist --state -i sched.data | scripts/lib/sched-breakdown.py GAP_BEGIN_MS GAP_MS

Used by scripts/bench-window.sh ... sched. The trace holds one run of ImageChecker. The run's start is
found from the window's watchdog thread (it sleeps 10 ms in a loop from the start of the run to its
end, so it is the thread that wakes 80 to 400 times a second for 100 ms or more); the gap is then
GAP_BEGIN_MS after it, as the window's log says. Prints, in ms, for the gap: the UI (main) thread's
time on a CPU, runnable but waiting for a CPU, and blocked (waiting for wineserver, the X server or a
message); wineserver's and Xvfb's time on a CPU and waiting for one; and the other programs that had
the CPUs then."""
import collections
import re
import sys

LINE = re.compile(r"^\s*([\d.]+)\s+\[(\d+)\]\s+(.+?)\[(\d+)(?:/(\d+))?\]\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\S+)")


def main():
    gap_begin, gap_length = float(sys.argv[1]) / 1000, float(sys.argv[2]) / 1000
    switches = collections.defaultdict(list)  # thread -> [(time switched out, off-CPU before, wake-up delay, on-CPU, state)]
    name, process = {}, {}
    for line in sys.stdin:
        m = LINE.match(line)
        if not m:
            continue
        t, _cpu, comm, tid, pid, wait, delay, run, state = m.groups()
        tid = int(tid)
        switches[tid].append((float(t), float(wait) / 1000, float(delay) / 1000, float(run) / 1000, state))
        name[tid], process[tid] = comm.strip(), int(pid) if pid else tid

    def watchdog():
        best = None
        for tid, s in switches.items():
            if not name[tid].startswith("ImageChecker") or tid == process[tid] or len(s) < 10:
                continue
            life = s[-1][0] - s[0][0]
            if life >= 0.1 and 80 <= len(s) / life <= 400 and (best is None or s[0][0] < switches[best][0][0]):
                best = tid
        return best

    def split(tid, a, b):
        """A thread's time in [a, b]: on a CPU, runnable (waiting for one), the rest blocked or asleep."""
        on = runnable = 0.0
        previous = None
        for t, wait, delay, run, state in switches[tid]:
            switched_in = t - run
            overlap = lambda x, y: max(0.0, min(y, b) - max(x, a))
            on += overlap(switched_in, t)
            # Preempted (state R): all the time off the CPU was spent waiting for one; otherwise only
            # the time from its wake-up to running again.
            runnable += overlap(switched_in - wait, switched_in) if previous == "R" else overlap(switched_in - delay, switched_in)
            previous = state
        return on, runnable, (b - a) - on - runnable

    dog = watchdog()
    if dog is None:
        print("no watchdog thread in the trace (a run shorter than 100 ms, or not a run of the window)")
        return 1
    ui = process[dog]
    a = switches[dog][0][0] - switches[dog][0][3] + gap_begin
    b = a + gap_length
    on, runnable, blocked = split(ui, a, b)
    servers = []
    for server in ("wineserver", "Xvfb"):
        totals = [split(tid, a, b) for tid in switches if name[tid].startswith(server)]
        servers.append(f"{server} {sum(x[0] for x in totals) * 1000:.0f} on a CPU, {sum(x[1] for x in totals) * 1000:.0f} waiting for one")
    others = collections.Counter()
    for tid in switches:
        if process[tid] != ui and not name[tid].startswith(("wineserver", "Xvfb", "swapper")):
            others[name[tid]] += split(tid, a, b)[0]
    busiest = ", ".join(f"{comm} {ms * 1000:.0f}" for comm, ms in others.most_common(3) if ms > 0)
    print(f"UI thread {on * 1000:.0f} ms on a CPU, {runnable * 1000:.0f} ms waiting for one, {blocked * 1000:.0f} ms blocked; "
          f"{'; '.join(servers)}; other programs on the CPUs: {busiest or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

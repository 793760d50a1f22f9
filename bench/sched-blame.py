#!/usr/bin/env python3
"""Where the benchmark's threads waited for a CPU, and what ran meanwhile.

Reads `perf sched timehist` output, finds every scheduling delay of over 1 ms (woken, runnable,
not yet running) of the threads that carry a message (wroustr's, Lettuce's, redis-server, the
load's pacer, RelayFloor's), and adds up what ran on any CPU during those delays. "<idle>" means
a CPU sat idle while a woken thread waited: the time a halted virtual CPU takes to run again.

    perf sched record -o /tmp/sched.data -- sleep 8      # during a run of bench/cluster.sh
    perf sched timehist -i /tmp/sched.data > /tmp/timehist.txt
    bench/sched-blame.py /tmp/timehist.txt
"""
import collections
import re
import sys

OURS = ("wroustr", "lettuce", "redis-server", "pool-", "Thread-")


def slices(path):
    """(start, end, task, scheduling delay) per time slice a task ran, in seconds."""
    for line in open(path):
        fields = line.split()
        if len(fields) < 6 or not re.match(r"^\d+\.\d+$", fields[0]):
            continue
        try:
            end, run, delay = float(fields[0]), float(fields[-1]) / 1000, float(fields[-2]) / 1000
        except ValueError:
            continue
        yield end - run, end, re.sub(r"\[.*", "", " ".join(fields[2:-3])), delay


def main(path):
    runs = list(slices(path))
    blame, waits, waited = collections.Counter(), 0, 0.0
    for start, _, task, delay in runs:
        if delay <= 0.001 or not task.startswith(OURS):
            continue
        waits, waited = waits + 1, waited + delay
        for other_start, other_end, other, _ in runs:
            overlap = min(other_end, start) - max(other_start, start - delay)
            if overlap > 0:
                blame[other] += overlap
    print(f"scheduling delays over 1 ms: {waits}, {waited * 1000:.1f} ms in all; meanwhile the CPUs ran:")
    for task, seconds in blame.most_common(12):
        print(f"{seconds * 1000:9.2f} ms  {task}")


if __name__ == "__main__":
    main(sys.argv[1])

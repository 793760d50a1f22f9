#!/usr/bin/env python3
"""Renders bench/run.sh's results.jsonl as markdown: both servers side by side, with ratios.

With several rounds, each figure is the median over the rounds, and each ratio the median of
the rounds' ratios (a round runs both servers one after the other, so its ratio pairs figures
taken minutes apart at most); the last column lists every round's msgs/s ratio.

usage: table.py RESULTS.jsonl MANY IDLE_CONNECTIONS BCAST_CONNECTIONS
"""
import json
import statistics
import os
import sys


# The server compared with the baseline: wroustr's bench server, or CONTENDER=demo for ./wroustr demo.
CONTENDER = os.environ.get("CONTENDER", "wroustr")


def main():
    path, many, idle_n, bcast_n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rounds = {}  # round -> (server, cell) -> row
    with open(path) as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                rounds.setdefault(row.get("round", 1), {})[(row["server"], row["cell"])] = row
    several = len(rounds) > 1

    cells = [
        ("c1", "closed loop, 1 connection"),
        ("c64", "closed loop, 64 connections"),
        ("cmany", f"closed loop, {many:,} connections"),
        ("p32", "64 connections x 32 in flight"),
        ("bcast", f"broadcast to {bcast_n:,} connections (deliveries)"),
    ]
    print("| cell | baseline msgs/s | wroustr msgs/s | ratio | baseline p99 µs | wroustr p99 µs | ratio "
          "| baseline CPU µs/msg | wroustr CPU µs/msg | ratio | errors (b / w) |"
          + (" msgs/s ratio by round |" if several else ""))
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" + (" --- |" if several else ""))
    for cell, label in cells:
        pairs = [(load(r.get(("bare", cell))), load(r.get((CONTENDER, cell)))) for r in rounds.values()]
        pairs = [p for p in pairs if p != (None, None)]
        if not pairs:
            continue
        bare, wroustr = median([p[0] for p in pairs]), median([p[1] for p in pairs])
        by_round = " / ".join(ratio(b, w, "rate") or "n/a" for b, w in pairs)
        print(f"| {label} "
              f"| {num(bare, 'rate')} | {num(wroustr, 'rate')} | {median_ratio(pairs, 'rate')} "
              f"| {num(bare, 'p99', 1)} | {num(wroustr, 'p99', 1)} | {median_ratio(pairs, 'p99')} "
              f"| {num(bare, 'cpu', 2)} | {num(wroustr, 'cpu', 2)} | {median_ratio(pairs, 'cpu')} "
              f"| {num(bare, 'errors')} / {num(wroustr, 'errors')} |" + (f" {by_round} |" if several else ""))

    pairs = [(idle(r.get(("bare", "idle"))), idle(r.get((CONTENDER, "idle")))) for r in rounds.values()]
    pairs = [p for p in pairs if p != (None, None)]
    if pairs:
        bare, wroustr = median([p[0] for p in pairs]), median([p[1] for p in pairs])
        print()
        print("| idle connections | baseline | wroustr | ratio |")
        print("| --- | ---: | ---: | ---: |")
        print(f"| connections open (of {idle_n:,}) | {num(bare, 'open')} | {num(wroustr, 'open')} | |")
        print(f"| server RSS before, MiB | {num(bare, 'before', 1)} | {num(wroustr, 'before', 1)} | |")
        print(f"| server RSS after, MiB | {num(bare, 'after', 1)} | {num(wroustr, 'after', 1)} | |")
        print(f"| RSS per connection, KiB | {num(bare, 'perConn', 2)} | {num(wroustr, 'perConn', 2)} "
              f"| {median_ratio(pairs, 'perConn')} |")
        print(f"| live heap per connection, KiB | {num(bare, 'heapPerConn', 2)} | {num(wroustr, 'heapPerConn', 2)} "
              f"| {median_ratio(pairs, 'heapPerConn')} |")


def load(row):
    """msgs/s, p99 and CPU µs per reply (or per delivery) of one load or broadcast cell."""
    if row is None:
        return None
    if row.get("failed"):
        return {"failed": True}
    result = row["result"]
    rate = result.get("messagesPerSecond", result.get("deliveriesPerSecond"))
    replies = rate * row["windowSeconds"]
    return {
        "rate": rate,
        "p99": result["latencyMicros"]["p99"],
        "cpu": row["cpuSeconds"] * 1e6 / replies if replies else None,
        "errors": result.get("errors", 0),
    }


def idle(row):
    if row is None:
        return None
    if row.get("failed"):
        return {"failed": True}
    opened = row["result"]["open"]
    grew = row["rssAfterKb"] - row["rssBeforeKb"]
    return {
        "open": opened,
        "before": row["rssBeforeKb"] / 1024,
        "after": row["rssAfterKb"] / 1024,
        "perConn": grew / opened if opened else None,
        "heapPerConn": (row["heapAfterBytes"] - row["heapBeforeBytes"]) / 1024 / opened
        if opened and "heapAfterBytes" in row else None,
    }


def median(results):
    """Each figure's median over the rounds that have it; errors are summed."""
    results = [r for r in results if r is not None]
    if not results:
        return None
    if all(r.get("failed") for r in results):
        return {"failed": True}
    results = [r for r in results if not r.get("failed")]
    merged = {}
    for key in results[0]:
        values = [r[key] for r in results if r.get(key) is not None]
        if not values:
            merged[key] = None
        elif key == "errors":
            merged[key] = sum(values)
        else:
            merged[key] = statistics.median(values)
    return merged


def median_ratio(pairs, key):
    """The median of the rounds' wroustr / baseline ratios."""
    ratios = []
    for bare, wroustr in pairs:
        try:
            ratios.append(wroustr[key] / bare[key])
        except (TypeError, KeyError, ZeroDivisionError):
            pass
    return f"{statistics.median(ratios):.2f}" if ratios else ""


def num(values, key, digits=0):
    if values is None:
        return "n/a"
    if values.get("failed"):
        return "failed"
    value = values.get(key)
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def ratio(bare, wroustr, key):
    """wroustr / baseline."""
    try:
        return f"{wroustr[key] / bare[key]:.2f}"
    except (TypeError, KeyError, ZeroDivisionError):
        return ""


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Renders bench/run.sh's results.jsonl as markdown: both servers side by side, with ratios.

usage: table.py RESULTS.jsonl MANY IDLE_CONNECTIONS BCAST_CONNECTIONS
"""
import json
import sys


def main():
    path, many, idle_n, bcast_n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rows = {}
    with open(path) as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                rows[(row["server"], row["cell"])] = row

    cells = [
        ("c1", "closed loop, 1 connection"),
        ("c64", "closed loop, 64 connections"),
        ("cmany", f"closed loop, {many:,} connections"),
        ("p32", "64 connections x 32 in flight"),
        ("bcast", f"broadcast to {bcast_n:,} connections (deliveries)"),
    ]
    print("| cell | baseline msgs/s | wroustr msgs/s | ratio | baseline p99 µs | wroustr p99 µs | ratio "
          "| baseline CPU µs/msg | wroustr CPU µs/msg | ratio | errors (b / w) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for cell, label in cells:
        bare, wroustr = load(rows.get(("bare", cell))), load(rows.get(("wroustr", cell)))
        if bare is None and wroustr is None:
            continue
        print(f"| {label} "
              f"| {num(bare, 'rate')} | {num(wroustr, 'rate')} | {ratio(bare, wroustr, 'rate')} "
              f"| {num(bare, 'p99', 1)} | {num(wroustr, 'p99', 1)} | {ratio(bare, wroustr, 'p99')} "
              f"| {num(bare, 'cpu', 2)} | {num(wroustr, 'cpu', 2)} | {ratio(bare, wroustr, 'cpu')} "
              f"| {num(bare, 'errors')} / {num(wroustr, 'errors')} |")

    bare, wroustr = idle(rows.get(("bare", "idle"))), idle(rows.get(("wroustr", "idle")))
    if bare is not None or wroustr is not None:
        print()
        print("| idle connections | baseline | wroustr | ratio |")
        print("| --- | ---: | ---: | ---: |")
        print(f"| connections open (of {idle_n:,}) | {num(bare, 'open')} | {num(wroustr, 'open')} | |")
        print(f"| server RSS before, MiB | {num(bare, 'before', 1)} | {num(wroustr, 'before', 1)} | |")
        print(f"| server RSS after, MiB | {num(bare, 'after', 1)} | {num(wroustr, 'after', 1)} | |")
        print(f"| RSS per connection, KiB | {num(bare, 'perConn', 2)} | {num(wroustr, 'perConn', 2)} "
              f"| {ratio(bare, wroustr, 'perConn')} |")
        print(f"| live heap per connection, KiB | {num(bare, 'heapPerConn', 2)} | {num(wroustr, 'heapPerConn', 2)} "
              f"| {ratio(bare, wroustr, 'heapPerConn')} |")


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

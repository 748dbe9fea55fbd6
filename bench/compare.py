#!/usr/bin/env python3
"""Compare two plan-lint builds on one corpus, runs alternated so that load on a shared
machine hits both alike: `python3 bench/compare.py OLD_BINARY NEW_BINARY CORPUS [RUNS]`.
Prints each build's median wall time and CPU time and the ratio new / old; checks first
that both builds report the same JSON on the corpus."""
import os
import statistics
import subprocess
import sys
import time


def run(binary, corpus):
    args = [binary, "--isolated", "--today", "2025-06-01", "--format", "json", "."]
    before = os.times()
    start = time.perf_counter()
    out = subprocess.run(args, cwd=corpus, capture_output=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu, out.stdout


def main():
    old, new, corpus = sys.argv[1:4]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    same = run(old, corpus)[2] == run(new, corpus)[2]
    times = {old: [], new: []}
    for _ in range(runs):
        for binary in (old, new):
            wall, cpu, _ = run(binary, corpus)
            times[binary].append((wall, cpu))
    for label, binary in (("old", old), ("new", new)):
        walls = [w for w, _ in times[binary]]
        cpus = [c for _, c in times[binary]]
        print(f"{label}: median wall {statistics.median(walls):.3f} s, "
              f"median CPU {statistics.median(cpus):.3f} s ({runs} runs)")
    ratio = statistics.median(w for w, _ in times[new]) / statistics.median(
        w for w, _ in times[old])
    cpu_ratio = statistics.median(c for _, c in times[new]) / statistics.median(
        c for _, c in times[old])
    print(f"new / old: wall {ratio:.3f}, CPU {cpu_ratio:.3f}; same report: {same}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Solve Jiangxin assignment benchmark instances with scipy, for comparison with matching.Assign.

Usage: scipy_assign.py FILE [--repeat 5]   (prints one JSON line like the Go driver)

Each instance is a maximum-weight assignment: every apprentice gets at most one mentor, every
mentor at most its capacity, only pairs listed (positive scores) are allowed.

* dense (every pair eligible, capacity 1): scipy.optimize.linear_sum_assignment(maximize=True)
  on the score matrix. With all scores positive and the graph complete, a maximum-weight
  matching is perfect on the smaller side, so this is the same optimum.
* capacitated complete campaigns: mentors are expanded into capacity slots (columns repeated)
  and linear_sum_assignment(maximize=True) runs on the apprentices × slots matrix; the campaign
  generator makes slots ≥ apprentices and every pair eligible, so again the optimum is perfect.
* sparse campaigns: scipy.sparse.csgraph.min_weight_full_bipartite_matching (LAPJVsp) on a
  sparse biadjacency matrix apprentices × (slots + one private "unassigned" column per
  apprentice). Costs are C − score for real pairs and C for the private column, with
  C = max score + 1 (all strictly positive, so no explicit zeros are needed). Every apprentice
  is matched exactly once, so minimising cost = n·C − Σ scores maximises the total score, and
  the private columns make a full matching always exist. Time includes building the matrix.
Times are medians of the repeats and cover the solver call (plus slot expansion / sparse matrix
construction, which scipy needs and the Go solver does internally); reading the file is excluded.
"""
import json
import statistics
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching


def read(path):
    with open(path, "rb") as f:
        buf = f.read()
    if buf[:4] != b"JXA1":
        raise SystemExit(f"{path}: not an instance file")
    kind, n, m = np.frombuffer(buf, "<i4", 3, 4)
    pairs = int(np.frombuffer(buf, "<i8", 1, 16)[0])
    max_pairs = int(np.frombuffer(buf, "<i4", 1, 24)[0])
    off = 28
    cap = np.frombuffer(buf, "<i4", m, off).astype(np.int64)
    off += 4 * m
    inst = {"dense": kind == 1, "n": int(n), "m": int(m), "cap": cap, "max_pairs": max_pairs}
    if kind == 1:
        inst["scores"] = np.frombuffer(buf, "<f8", pairs, off).reshape(n, m)
    else:
        inst["a"] = np.frombuffer(buf, "<i4", pairs, off)
        inst["mentor"] = np.frombuffer(buf, "<i4", pairs, off + 4 * pairs)
        inst["s"] = np.frombuffer(buf, "<f8", pairs, off + 8 * pairs)
    if max_pairs:
        raise SystemExit("a cap on pairs is not supported by the scipy reference")
    return inst


def solve_dense(inst):
    rows, cols = linear_sum_assignment(inst["scores"], maximize=True)
    return float(inst["scores"][rows, cols].sum()), len(rows), "linear_sum_assignment"


def solve_campaign(inst):
    n, m, cap = inst["n"], inst["m"], np.minimum(inst["cap"], inst["n"])
    if len(inst["s"]) == n * m and cap.sum() >= n:
        # Complete: expand slots and use the dense solver.
        mat = np.empty((n, m))
        mat[inst["a"], inst["mentor"]] = inst["s"]
        slots = np.repeat(np.arange(m), cap)
        big = mat[:, slots]
        rows, cols = linear_sum_assignment(big, maximize=True)
        return float(big[rows, cols].sum()), len(rows), "linear_sum_assignment(slots)"
    # Sparse: slots plus one private "unassigned" column per apprentice.
    keep = inst["s"] > 0
    a, mentor, s = inst["a"][keep], inst["mentor"][keep], inst["s"][keep]
    c = float(s.max()) + 1.0
    base = np.concatenate(([0], np.cumsum(cap)))
    nslots = int(base[-1])
    reps = cap[mentor]
    r = np.repeat(a, reps)
    # slot index: base[mentor] + 0..cap-1 for each pair
    first = np.repeat(base[mentor], reps)
    within = np.arange(len(r)) - np.repeat(np.cumsum(reps) - reps, reps)
    col = first + within
    w = np.repeat(c - s, reps)
    r = np.concatenate((r, np.arange(n)))
    col = np.concatenate((col, nslots + np.arange(n)))
    w = np.concatenate((w, np.full(n, c)))
    g = csr_matrix((w, (r, col)), shape=(n, nslots + n))
    rows, cols = min_weight_full_bipartite_matching(g)
    real = cols < nslots
    total = n * c - float(np.asarray(g[rows, cols]).sum())
    return total, int(real.sum()), "min_weight_full_bipartite_matching(slots+dummies)"


def main():
    path = sys.argv[1]
    repeat = 5
    if "--repeat" in sys.argv:
        repeat = int(sys.argv[sys.argv.index("--repeat") + 1])
    inst = read(path)
    times = []
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        total, pairs, method = solve_dense(inst) if inst["dense"] else solve_campaign(inst)
        times.append(time.perf_counter() - t0)
    print(json.dumps({"instance": path.rsplit("/", 1)[-1], "method": method, "median_s": statistics.median(times),
                      "times_s": times, "total": total, "pairs": pairs}))


if __name__ == "__main__":
    main()

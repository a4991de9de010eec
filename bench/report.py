#!/usr/bin/env python3
"""Writes bench/REPORT.md from the work files of bench/run.sh: report.py WORKDIR OUT."""
import json
import os
import re
import sys

work, out = sys.argv[1], sys.argv[2]


def read(name, default=""):
    p = os.path.join(work, name)
    return open(p, encoding="utf-8").read() if os.path.exists(p) else default


def load(name):
    p = os.path.join(work, name)
    return json.load(open(p, encoding="utf-8")) if os.path.exists(p) else None


machine = dict(l.split("=", 1) for l in read("machine.txt").splitlines() if "=" in l)
md = []
w = md.append

w("# Jiangxin benchmark report")
w("")
w(f"Written by `bench/run.sh` on {machine.get('date', '?')} at commit `{machine.get('commit', '?')}`. "
  "See *How this report was produced* below for the exact invocations; re-run `bench/run.sh` to reproduce.")
w("")
w("> **Noisy machine.** This box has 2 cores shared with other developers' agents building and testing a web UI "
  "(vite, vue-tsc, headless browsers) while the benchmarks ran: load average "
  f"{machine.get('load_before', '?')} before and {machine.get('load_after', '?')} after (1, 5, 15 min). "
  "Load generator, servers and Neo4j also share these 2 cores. Absolute figures are therefore low and jittery; "
  "the side-by-side ratios (both sides measured alternately, same concurrency, medians of several runs) are the "
  "meaningful numbers.")
w("")
w("## Machine and versions")
w("")
w("| | |")
w("|---|---|")
for k in ["cpu", "cores", "ram", "kernel", "go", "neo4j", "java", "node", "@neo4j/graphql", "graphql-yoga", "graphql",
          "neo4j-driver", "scipy"]:
    if k in machine:
        w(f"| {k} | {machine[k]} |")
w("")

# Goals summary is filled in as sections are written.
goals = []

# --- Peers -----------------------------------------------------------------------------------
peers = load("peers.json")
w("## Jiangxin vs @neo4j/graphql on the same Neo4j")
w("")
if peers:
    rows = [r for r in peers if "net/http" not in r["name"]]
    c = rows[0]["concurrency"] if rows else "?"
    w(f"Both servers read the same Neo4j database (the demo city: 600 workers, written by `jiangxin serve --demo "
      f"--graph neo4j`); the peer is `bench/peers/neo4jgraphql/server.mjs` (@neo4j/graphql type definitions over "
      f"Jiangxin's labels, properties and relationships, served by graphql-yoga on Node's http server). Before "
      f"measuring, `bench/peers` checks that both return the same worker IDs in the same order. {c} closed-loop "
      f"clients per side; each side runs alternately (first/second swapped every run); medians of the runs.")
    w("")
    w("| query | Jiangxin req/s | peer req/s | throughput × (goal ≥ 3) | Jiangxin p50 / p99 ms | peer p50 / p99 ms | p99 ratio (goal ≤ 0.33) | runs (req/s, ours · peer) |")
    w("|---|---|---|---|---|---|---|---|")
    for r in rows:
        o, t = r["jiangxin"], r["peer"]
        runs = " · ".join(f"{a:.0f}/{b:.0f}" for a, b in zip(o["runs_rps"], t["runs_rps"]))
        w(f"| {r['name']} | {o['rps']:.1f} | {t['rps']:.1f} | **{r['rps_ratio']:.2f}** | {o['p50_ms']:.1f} / {o['p99_ms']:.1f} | "
          f"{t['p50_ms']:.1f} / {t['p99_ms']:.1f} | **{r['p99_ratio']:.2f}** | {runs} |")
        goals.append((f"{r['name']}: throughput ≥ 3× peer", f"{r['rps_ratio']:.2f}×", r["rps_ratio"] >= 3))
        goals.append((f"{r['name']}: p99 ≤ 1/3 of peer", f"{r['p99_ratio']:.2f}", r["p99_ratio"] <= 1 / 3))
    w("")
    w("Queries, identical variables on both sides:")
    w("")
    w("- *worker by ID with skills*: ours `worker(id) { id name skills { level skill { code name } } }`; peer "
      "`workers(where: {id: {eq: $id}}) { id name skillsConnection { edges { properties { level } node { code name } } } }`, "
      "cycling over 100 worker IDs.")
    w("- *workers by skill in district, 20*: ours `workers(filter: {skillCode, regionId: district}, first: 20) { nodes { … same } }` "
      "(workers live in streets under the district); peer `workers(where: {skills: {some: {code: {eq}}}, region: {some: {OR: "
      "[{id: {eq}}, {parent: {some: {id: {eq}}}}]}}}, sort: [{id: ASC}], limit: 20)`.")
    w("")
    ovh = [r for r in peers if "net/http" in r["name"]]
else:
    w("Not run (see bench/run.sh output).")
    ovh = []
w("")

# --- Overhead --------------------------------------------------------------------------------
w("## GraphQL overhead: `{ __typename }` vs plain net/http")
w("")
if ovh:
    r = ovh[0]
    o, t = r["jiangxin"], r["peer"]
    w("The full Jiangxin server (`jiangxin serve`, all middleware: request ID, metrics, request log, auth, limits, "
      "per-request dataloaders) answering `{ __typename }` against `bench/peers -serve-plain`, a net/http handler in a "
      "process of its own that reads and decodes the same JSON request and writes the same 31 response bytes "
      f"(`{{\"data\":{{\"__typename\":\"Query\"}}}}`), {r['concurrency']} clients, medians.")
    w("")
    w("| | req/s | p50 ms | p99 ms |")
    w("|---|---|---|---|")
    w(f"| Jiangxin | {o['rps']:.0f} | {o['p50_ms']:.2f} | {o['p99_ms']:.2f} |")
    w(f"| net/http | {t['rps']:.0f} | {t['p50_ms']:.2f} | {t['p99_ms']:.2f} |")
    w(f"| **ratio** | **{r['rps_ratio']:.2f}** (goal ≥ 0.85) | | |")
    goals.append(("{ __typename } vs net/http ≥ 0.85×", f"{r['rps_ratio']:.2f}×", r["rps_ratio"] >= 0.85))
else:
    w("Not run.")
w("")

# --- Load and soak ----------------------------------------------------------------------------
peak = load("peak.json")
w("## Load and soak (`bench/load`, embedded store)")
w("")
w("Mix: search with facets 16, search of workers 8, suggestSkills 10, mentorsFor 10, worker profile 18, workers by "
  "trade 8, dashboard as the officer cs.union 5, targetProgress 5, createProblem as hengyue 4, mentor request cycle 2 "
  "(a fresh apprentice asks 王建湘, who declines: requestMentor + respondPairing).")
w("")
if peak:
    w("Peak search (closed loop, doubling clients, 8 s per step):")
    w("")
    w("| clients | req/s | p50 ms | p99 ms | errors |")
    w("|---|---|---|---|---|")
    for s in peak["steps"]:
        w(f"| {s['concurrency']} | {s['rps']:.1f} | {s['p50_ms']:.1f} | {s['p99_ms']:.1f} | {s['errors']} |")
    w("")
    w(f"Peak **{peak['peak_rps']:.1f} req/s** at {peak['peak_concurrency']} clients.")
    w("")
import glob
soaks = [(os.path.basename(f), json.load(open(f, encoding="utf-8"))) for f in sorted(glob.glob(os.path.join(work, "soak*.json")))]
for fname, soak in soaks:
    pct = f" ({100 * soak['target_rate'] / peak['peak_rps']:.0f} % of the peak)" if peak else ""
    mins = soak["seconds"] / 60
    w(f"### Soak at {soak['target_rate']:.0f} req/s{pct}, {mins:.1f} min")
    w("")
    w(f"Open loop at **{soak['target_rate']:.0f} req/s**: "
      f"{soak['requests']} requests ({soak['rps']:.1f} req/s achieved), **{soak['errors']} errors**, {soak.get('late', 0)} requests "
      "started more than 100 ms late (latency is timed from each request's scheduled start, so queueing shows).")
    w("")
    w("| operation | count | errors | p50 ms | p90 ms | p99 ms | max ms |")
    w("|---|---|---|---|---|---|---|")
    for name, s in sorted(soak["ops"].items(), key=lambda kv: -kv[1]["count"]):
        w(f"| {name} | {s['count']} | {s['errors']} | {s['p50_ms']:.1f} | {s['p90_ms']:.1f} | {s['p99_ms']:.1f} | {s['max_ms']:.1f} |")
    a = soak["all"]
    w(f"| **all** | {a['count']} | {a['errors']} | {a['p50_ms']:.1f} | {a['p90_ms']:.1f} | {a['p99_ms']:.1f} | {a['max_ms']:.1f} |")
    w("")
    errs = sorted({s.get("last_error", "")[:160] for s in soak["ops"].values() if s.get("last_error")})
    if errs:
        w("Errors seen (last of each operation, shortened): " + "; ".join(f"`{e}`" for e in errs[:3]))
        w("")
    rss = soak.get("rss_mib") or []
    tag = f"{soak['target_rate']:.0f} req/s"
    if rss:
        half = len(rss) // 2
        first_half = max(rss[:half] or rss)
        second_half = max(rss[half:])
        w(f"Server resident memory (VmRSS, every 30 s): first {rss[0]:.0f} MiB, last {rss[-1]:.0f} MiB, min {min(rss):.0f}, "
          f"max {max(rss):.0f}; max of the first half {first_half:.0f} MiB vs second half {second_half:.0f} MiB. "
          f"Samples: {', '.join(f'{x:.0f}' for x in rss)}.")
        flat = second_half <= first_half * 1.15 + 8
        goals.append((f"soak {tag}: memory flat (2nd-half max ≤ 1st-half max + 15 %)", f"{first_half:.0f} → {second_half:.0f} MiB", flat))
    goals.append((f"soak {tag}: zero errors", str(soak["errors"]), soak["errors"] == 0))
    w("")
if not peak and not soaks:
    w("Not run.")
    w("")

# --- Existing benchmarks ------------------------------------------------------------------------
w("## Campaign assignment vs scipy (`bench/assign/run.sh`, QUICK=1, medians of 3)")
w("")
w("```")
w(read("assign.txt", "not run").strip())
w("```")
w("")
w("ratio = Go time / scipy time (below 1: Go is faster); totals are checked equal within 1e-6 per pair.")
w("")
w("## Embedded search (search/bleve, 100,000 documents)")
w("")
w("```")
w("\n".join(l for l in read("search.txt", "not run").splitlines() if l.startswith("Benchmark") or "FAIL" in l or "skip" in l.lower()) or read("search.txt", "not run").strip())
w("```")
w("")
m = re.search(r"BenchmarkBleveQuery100k.*?([\d.]+) cpu-ms/query\s+([\d.]+) p50-ms\s+([\d.]+) p99-ms", read("search.txt"))
if m:
    w(f"The search package's benchmark queries (text, synonyms, filters, facets, paging; 20 rounds) on a 100,000-document bleve index: **{1000 / float(m.group(1)):,.0f} queries per CPU-second** "
      f"({float(m.group(1)):.1f} CPU-ms per query), p50 {m.group(2)} ms, p99 {m.group(3)} ms, one query at a time.")
    w("")
w("## Import rates")
w("")
w("```")
w("\n".join(l for l in read("import.txt", "not run").splitlines() if l.startswith("Benchmark") or "FAIL" in l) or read("import.txt", "not run").strip())
w("```")
w("")
for line in read("import.txt").splitlines():
    m = re.match(r"BenchmarkImport20k-\d+\s+\d+\s+(\d+) ns/op", line)
    if m:
        w(f"- embedded store (bbolt) Import of 20,000 workers: **{20000 / (int(m.group(1)) / 1e9):,.0f} workers/s**")
    m = re.search(r"ImportWorkers100k.*?([\d.]+) rows/s", line)
    if m:
        w(f"- roster sheet import (parse, validate, write) of 100,000 workers: **{float(m.group(1)):,.0f} rows/s**")
    m = re.search(r"ImportBatched/workers=(\d+).*?([\d.]+) workers/s", line)
    if m:
        w(f"- Neo4j batched import of {int(m.group(1)):,} workers: **{float(m.group(2)):,.0f} workers/s**")
w("")
w("graph/bbolt BenchmarkImport20k: one Import of 20,000 workers with their graph; sheet BenchmarkImportWorkers100k: "
  "100,000-row roster sheets parsed, validated and written; graph/neo4j BenchmarkImportBatched: UNWIND batches into Neo4j.")
w("")

extra = read("extra.md")
if extra:
    w(extra.strip())
    w("")

# --- Goals ---------------------------------------------------------------------------------------
w("## Goals")
w("")
w("| goal | measured | met |")
w("|---|---|---|")
for g, m, ok in goals:
    w(f"| {g} | {m} | {'yes' if ok else '**no**'} |")
w("")
notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "report_notes.md")
if os.path.exists(notes):
    w(open(notes, encoding="utf-8").read())
open(out, "w", encoding="utf-8").write("\n".join(md).rstrip() + "\n")

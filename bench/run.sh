#!/usr/bin/env bash
# bench/run.sh runs every benchmark this machine can run and writes bench/REPORT.md:
#
#   1. load (bench/load): jiangxin serve --demo on the embedded store; -find-peak (or PEAK_RPS=…),
#      then one soak per fraction of the peak in $SOAK_FRACTIONS (default 0.8) for $SOAK (default
#      10m) each, with the server's RSS sampled;
#   2. peers (bench/peers): a Neo4j with APOC core (dev/neo4j, NEO4J_APOC=1, port $PEER_NEO4J_PORT,
#      default 7697) holding the demo city; Jiangxin on it vs @neo4j/graphql on graphql-yoga
#      (bench/peers/neo4jgraphql, npm ci on first use) at $CONC clients (default 16), $RUNS runs
#      (default 3) of $DUR (default 10s) per side; then { __typename } vs a plain net/http handler;
#   3. the existing benchmarks: matching.Assign vs scipy (bench/assign/run.sh, QUICK=1 REPEAT=3),
#      embedded search (search/bleve BenchmarkBleveQuery100k, BenchmarkBleveSuggest100k) and
#      import rates (graph/bbolt BenchmarkImport20k, sheet BenchmarkImportWorkers100k,
#      graph/neo4j BenchmarkImportBatched on the peer Neo4j, run last because it wipes it).
#
#   bench/run.sh                      everything, about 30 minutes on a 2-core machine
#   SOAK=2m bench/run.sh              shorter soak
#   SKIP="assign search import" bench/run.sh   leave sections out (load, peers, assign, search, import)
#
# Needs Go, Java 17 + Maven (Neo4j), Node ≥ 20 + npm (the peer), python3 with scipy and numpy
# (assign). A section whose tools are missing is reported as skipped. Everything it starts it
# stops; work files go to a temporary directory ($WORK to keep them).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=${WORK:-$(mktemp -d /tmp/jxbench.XXXXXX)}
mkdir -p "$work"
SOAK=${SOAK:-10m}
SOAK_FRACTIONS=${SOAK_FRACTIONS:-0.8}
CONC=${CONC:-16}
RUNS=${RUNS:-3}
DUR=${DUR:-10s}
PEER_NEO4J_PORT=${PEER_NEO4J_PORT:-7697}
SKIP=${SKIP:-}
pids=()
neo4j_started=""

say() { printf 'bench: %s\n' "$*" >&2; }
skip() { [[ " $SKIP " == *" $1 "* ]]; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { # url pid seconds
	local i
	for ((i = 0; i < $3; i++)); do
		curl -sf -o /dev/null "$1" && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 1
	done
	return 1
}
wait_post() { # url pid seconds
	local i
	for ((i = 0; i < $3; i++)); do
		curl -sf -o /dev/null -H 'content-type: application/json' -d '{"query":"{ __typename }"}' "$1" && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 1
	done
	return 1
}
stop_pid() {
	kill "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}
cleanup() {
	for p in "${pids[@]}"; do stop_pid "$p"; done
	if [[ -n "$neo4j_started" ]]; then
		NEO4J_PORT=$PEER_NEO4J_PORT dev/neo4j/neo4j.sh stop >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT

# Machine and versions.
{
	echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "cpu=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
	echo "cores=$(nproc)"
	echo "ram=$(free -g | awk '/^Mem:/ {print $2}') GiB"
	echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
	echo "kernel=$(uname -r)"
	echo "go=$(go version | awk '{print $3}')"
	echo "neo4j=$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' dev/neo4j/pom.xml) (community, embedded by dev/neo4j), APOC core same version"
	echo "java=$(java -version 2>&1 | head -1)"
	echo "node=$(node --version 2>/dev/null || echo none)"
	echo "scipy=$(python3 -c 'import scipy, numpy; print(scipy.__version__, "numpy", numpy.__version__)' 2>/dev/null || echo none)"
	echo "commit=$(git rev-parse --short HEAD)"
} >"$work/machine.txt"

say "building into $work"
go build -o "$work/jiangxin" ./cmd/jiangxin
go build -o "$work/load" ./bench/load
go build -o "$work/peers" ./bench/peers

# 1. Load and soak on the embedded store.
if ! skip load; then
	port=$(free_port)
	"$work/jiangxin" serve --demo --addr "127.0.0.1:$port" --data "$work/load-data" --log-level warn >"$work/load-serve.log" 2>&1 &
	spid=$!
	pids+=("$spid")
	wait_http "http://127.0.0.1:$port/readyz" "$spid" 180 || { say "load: server did not start"; tail "$work/load-serve.log" >&2; exit 1; }
	if [[ -z "${PEAK_RPS:-}" ]]; then
		say "load: finding the peak"
		"$work/load" -url "http://127.0.0.1:$port/graphql" -find-peak -step 8s -warmup 3s -json "$work/peak.json" | tee "$work/peak.txt"
	else
		printf '{"mode":"find-peak","peak_rps":%s,"peak_concurrency":0,"steps":[]}\n' "$PEAK_RPS" >"$work/peak.json"
	fi
	for f in $SOAK_FRACTIONS; do
		rate=$(python3 -c 'import json,sys; print(max(1, round(float(sys.argv[2])*json.load(open(sys.argv[1]))["peak_rps"])))' "$work/peak.json" "$f")
		pct=$(python3 -c 'import sys; print(round(100*float(sys.argv[1])))' "$f")
		say "load: soak at $rate req/s ($pct % of the peak) for $SOAK"
		"$work/load" -url "http://127.0.0.1:$port/graphql" -rate "$rate" -duration "$SOAK" -warmup 0 -pid "$spid" -sample 30s \
			-json "$work/soak-$pct.json" | tee "$work/soak-$pct.txt" || say "load: the soak had errors (see the report)"
	done
	stop_pid "$spid"
fi

# 2. Peers on Neo4j.
if ! skip peers; then
	if command -v node >/dev/null && command -v mvn >/dev/null; then
		if ! NEO4J_PORT=$PEER_NEO4J_PORT dev/neo4j/neo4j.sh status >/dev/null 2>&1; then
			NEO4J_APOC=1 NEO4J_PORT=$PEER_NEO4J_PORT NEO4J_START_TIMEOUT=300 dev/neo4j/neo4j.sh start
			neo4j_started=1
		fi
		uri=bolt://127.0.0.1:$PEER_NEO4J_PORT
		(cd bench/peers/neo4jgraphql && { [[ -d node_modules ]] || npm ci --no-audit --no-fund >"$work/npm.log" 2>&1; })
		port=$(free_port)
		NEO4J_URI=$uri "$work/jiangxin" serve --graph neo4j --demo --addr "127.0.0.1:$port" --data "$work/peer-data" \
			--log-level warn >"$work/peer-serve.log" 2>&1 &
		jpid=$!
		pids+=("$jpid")
		wait_http "http://127.0.0.1:$port/readyz" "$jpid" 600 || { say "peers: jiangxin did not start"; tail "$work/peer-serve.log" >&2; exit 1; }
		pport=$(free_port)
		(cd bench/peers/neo4jgraphql && NEO4J_URI=$uri PORT=$pport exec node server.mjs) >"$work/peer-node.log" 2>&1 &
		npid=$!
		pids+=("$npid")
		wait_post "http://127.0.0.1:$pport/graphql" "$npid" 120 || { say "peers: @neo4j/graphql did not start"; cat "$work/peer-node.log" >&2; exit 1; }
		hport=$(free_port)
		"$work/peers" -serve-plain "127.0.0.1:$hport" >"$work/plain.log" 2>&1 &
		hpid=$!
		pids+=("$hpid")
		wait_post "http://127.0.0.1:$hport/" "$hpid" 30
		node -e 'for (const p of ["@neo4j/graphql","graphql-yoga","graphql","neo4j-driver"]) console.log(p+"="+require("./bench/peers/neo4jgraphql/node_modules/"+p+"/package.json").version)' >>"$work/machine.txt"
		"$work/peers" -jiangxin "http://127.0.0.1:$port/graphql" -peer "http://127.0.0.1:$pport/graphql" -plain "http://127.0.0.1:$hport/" \
			-c "$CONC" -runs "$RUNS" -duration "$DUR" -json "$work/peers.json" | tee "$work/peers.txt" || say "peers: errors (see the report)"
		stop_pid "$hpid"
		stop_pid "$npid"
		stop_pid "$jpid"
	else
		say "peers: skipped (needs node and mvn)"
		echo "peers skipped: node or mvn missing" >"$work/peers.txt"
	fi
fi

# 3a. Assignment vs scipy.
if ! skip assign; then
	if python3 -c 'import scipy, numpy' 2>/dev/null; then
		QUICK=1 REPEAT=${ASSIGN_REPEAT:-3} bench/assign/run.sh | tee "$work/assign.txt" || say "assign: failed"
	else
		echo "assign skipped: scipy missing" >"$work/assign.txt"
	fi
fi

# 3b. Embedded search throughput.
if ! skip search; then
	go test ./search/bleve -run '^$' -bench 'BleveQuery100k|BleveSuggest100k' -benchtime 1x -count 1 | tee "$work/search.txt" || say "search: failed"
fi

# 3c. Import rates (the Neo4j one wipes the peer database, so it runs last).
if ! skip import; then
	{
		go test ./graph/bbolt -run '^$' -bench 'Import20k' -benchtime 1x -count 1 || true
		go test ./sheet -run '^$' -bench 'ImportWorkers100k' -benchtime 1x -count 1 || true
		if NEO4J_PORT=$PEER_NEO4J_PORT dev/neo4j/neo4j.sh status >/dev/null 2>&1; then
			NEO4J_URI=bolt://127.0.0.1:$PEER_NEO4J_PORT go test ./graph/neo4j -run '^$' -bench 'ImportBatched' -benchtime 1x -count 1 || true
		fi
	} 2>&1 | tee "$work/import.txt"
fi

echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$work/machine.txt"
python3 bench/report.py "$work" "$root/bench/REPORT.md"
say "wrote bench/REPORT.md (work files in $work)"

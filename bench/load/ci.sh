#!/usr/bin/env bash
# The short load test for CI: builds jiangxin and the load generator, serves the demo city on a
# free loopback port with a temporary data directory, runs the full mix (reads and writes) with
# 4 closed-loop clients for $DURATION (default 20s) and fails on any error. Latency is printed,
# not asserted (CI machines are noisy).
#
#   bench/load/ci.sh                 DURATION=20s, CLIENTS=4
#   GRAPH=neo4j bench/load/ci.sh     against Neo4j at $NEO4J_URI (--demo fills it only when empty)
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d /tmp/jxloadci.XXXXXX)
pid=""
cleanup() {
	if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$dir"
}
trap cleanup EXIT
go build -o "$dir/jiangxin" ./cmd/jiangxin
go build -o "$dir/load" ./bench/load
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$dir/jiangxin" serve --demo --addr "127.0.0.1:$port" --data "$dir/data" --graph "${GRAPH:-bbolt}" --log-level warn >"$dir/serve.log" 2>&1 &
pid=$!
for _ in $(seq 180); do
	curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
	kill -0 "$pid" 2>/dev/null || { cat "$dir/serve.log" >&2; exit 1; }
	sleep 1
done
curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { echo "server not ready" >&2; tail -20 "$dir/serve.log" >&2; exit 1; }
"$dir/load" -url "http://127.0.0.1:$port/graphql" -c "${CLIENTS:-4}" -duration "${DURATION:-20s}" -warmup 2s -pid "$pid" -sample 5s

#!/usr/bin/env bash
# The project's test command (`make test`): static checks, then `go test ./...` with a throwaway
# Neo4j started for the Neo4j store's conformance suite and API tests, then the web UI's tests:
# its build, its unit tests (Vitest) and the browser tests (Playwright driving Debian's Chromium
# against the freshly built binary serving the demo city).
#
#   scripts/test.sh          checks and all tests
#   scripts/test.sh check    checks only (gofmt, go vet, staticcheck, generated code up to date)
#   scripts/test.sh ui       the web UI's tests only (build, Vitest, binary, Playwright)
#
# With CI=true a missing Neo4j (no Java or Maven), a missing Node.js/npm or a missing Chromium is a
# failure, not a skip. CHROMIUM names another Chromium binary (default /usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> [%3ds] %s\n' "$SECONDS" "$*" >&2; }

checks() {
	say "gofmt"
	unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path '*/node_modules/*'))
	if [[ -n "$unformatted" ]]; then
		printf 'not gofmt-formatted:\n%s\n' "$unformatted" >&2
		exit 1
	fi
	say "go vet"
	go vet ./...
	say "generated code is up to date"
	go generate ./...
	if [[ -n "$(git status --porcelain -- graph/gql)" ]]; then
		git status --short -- graph/gql >&2
		echo "go generate changed graph/gql: run 'make generate' and commit the result" >&2
		exit 1
	fi
	sc="$(go env GOPATH)/bin/staticcheck"
	if [[ ! -x "$sc" ]]; then
		say "installing staticcheck"
		GOFLAGS=-mod=mod go install "honnef.co/go/tools/cmd/staticcheck@v0.7.0"
	fi
	say "staticcheck"
	"$sc" ./...
}

# port_open reports whether something listens on 127.0.0.1:$1.
port_open() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# ui_tests builds the web UI (scripts/ui.sh rebuilds web/dist when stale), runs its unit tests,
# builds the binary that embeds it and runs the browser tests against that binary.
ui_tests() {
	if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
		if [[ "${CI:-}" == "true" ]]; then
			echo "CI=true but Node.js or npm is missing: the web UI tests cannot run" >&2
			exit 1
		fi
		say "Node.js or npm missing: web UI tests skip (install nodejs and npm, Node 20.19 or newer)"
		return 0
	fi
	# ui.sh checks the Node.js version, runs npm ci when node_modules is missing or stale and
	# rebuilds web/dist when a source is newer.
	say "web UI build (scripts/ui.sh)"
	./scripts/ui.sh
	say "web UI unit tests (vitest)"
	(cd web/app && npm test)
	say "go build -o bin/jiangxin (embeds web/dist)"
	go build -o bin/jiangxin ./cmd/jiangxin
	local chromium="${CHROMIUM:-/usr/bin/chromium}"
	if [[ ! -x "$chromium" ]]; then
		if [[ "${CI:-}" == "true" ]]; then
			echo "CI=true but Chromium is missing at $chromium: the browser tests cannot run (apt-get install chromium)" >&2
			exit 1
		fi
		say "no Chromium at $chromium: browser tests skip (apt-get install chromium, or set CHROMIUM)"
		return 0
	fi
	# Two servers (desktop and phone projects) on E2E_PORT and E2E_PORT+1: pick a free pair.
	if [[ -z "${E2E_PORT:-}" ]]; then
		local p
		for p in $(seq 18080 2 18140); do
			if ! port_open "$p" && ! port_open $((p + 1)); then
				export E2E_PORT="$p"
				break
			fi
		done
	fi
	say "browser tests (playwright, $("$chromium" --version 2>/dev/null | head -n1))"
	# Desktop and phone side by side (each on its own server, its files one at a time): on 2 cores
	# this took 6.6 min instead of 8.5 under heavy load. E2E_WORKERS=1 runs one at a time.
	(cd web/app && CHROMIUM="$chromium" E2E_WORKERS="${E2E_WORKERS:-2}" npx --no-install playwright test)
}

if [[ "${1:-}" == "ui" ]]; then
	ui_tests
	exit 0
fi

checks
[[ "${1:-}" == "check" ]] && exit 0

neo4j_started=""
cleanup() {
	if [[ -n "$neo4j_started" ]]; then
		./dev/neo4j/neo4j.sh stop || true
	fi
}
trap cleanup EXIT

export NEO4J_PORT="${NEO4J_PORT:-17687}"
if [[ -z "${NEO4J_URI:-}" ]]; then
	if command -v java >/dev/null && command -v mvn >/dev/null; then
		say "starting a throwaway Neo4j on 127.0.0.1:$NEO4J_PORT"
		./dev/neo4j/neo4j.sh start
		neo4j_started=1
		export NEO4J_URI="bolt://127.0.0.1:$NEO4J_PORT"
	elif [[ "${CI:-}" == "true" ]]; then
		echo "CI=true but Java or Maven is missing: the Neo4j suite cannot run" >&2
		exit 1
	else
		say "Java or Maven missing: Neo4j tests will skip (install openjdk-17-jdk-headless and maven)"
	fi
fi

# test/fault's TestNeo4jOutage stops and starts a Neo4j of its own (data and run directories in
# its temp dir) on NEO4J_FAULT_PORT, so it needs the launcher's Java and Maven too.
if [[ -z "${NEO4J_FAULT_PORT:-}" ]] && command -v java >/dev/null && command -v mvn >/dev/null; then
	export NEO4J_FAULT_PORT=$((NEO4J_PORT + 100))
fi

say "go test"
go test -count=1 -timeout 20m ./... 2>&1 | tee "${TEST_LOG:-/dev/null}"

say "short load test (bench/load/ci.sh: 20 s of mixed reads and writes, no error allowed)"
./bench/load/ci.sh

# The browser tests need neither Neo4j nor its memory.
if [[ -n "$neo4j_started" ]]; then
	./dev/neo4j/neo4j.sh stop || true
	neo4j_started=""
fi

ui_tests

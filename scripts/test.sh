#!/usr/bin/env bash
# The project's test command (`make test`): static checks, then `go test ./...` with a throwaway
# Neo4j started for the Neo4j store's conformance suite and API tests.
#
#   scripts/test.sh          checks and all tests
#   scripts/test.sh check    checks only (gofmt, go vet, staticcheck, generated code up to date)
#
# With CI=true a missing Neo4j (no Java or Maven) is a failure, not a skip.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*" >&2; }

checks() {
	say "gofmt"
	unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './web/node_modules/*'))
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

say "go test"
go test -count=1 -timeout 20m ./... 2>&1 | tee "${TEST_LOG:-/dev/null}"

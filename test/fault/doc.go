// Package fault holds Jiangxin's fault tests. They build the real binary, run `jiangxin serve`
// as a child process and hurt it from outside:
//
//   - TestCrash kills the server with SIGKILL again and again while clients write problems,
//     pairing requests (request → accept → terminate, each by its own signed-in account) and
//     reviews, then checks that every acknowledged write is present, nothing is duplicated and
//     the search index converges to the store. It runs on the embedded store, and on Neo4j too
//     when NEO4J_URI is set.
//   - TestNeo4jOutage stops a Neo4j of its own (dev/neo4j/neo4j.sh on NEO4J_FAULT_PORT) under
//     load: requests must fail within 2 s with UNAVAILABLE (not at the request timeout) and
//     /readyz must say 503 "store unavailable"; once Neo4j is back the same server process must
//     be ready again within 10 s and serve reads and writes within 30 s. make test runs it when
//     Java and Maven are installed (NEO4J_FAULT_PORT defaults to NEO4J_PORT+100 there).
//
// By default they run short (well under a minute each); FAULT_LONG=1 (or -fault.long) runs them
// for minutes (FAULT_DURATION overrides the load time). JIANGXIN_FAULT_BIN names a prebuilt
// binary instead of building one.
//
//	go test ./test/fault/                                         # short crash test (bbolt)
//	FAULT_LONG=1 go test -timeout 30m -v ./test/fault/            # long crash test
//	NEO4J_FAULT_PORT=18787 go test -v -run Neo4jOutage ./test/fault/
package fault

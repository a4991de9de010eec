package neo4j_test

import (
	"context"
	"os"
	"testing"
	"time"

	"jiangxin/graph"
	"jiangxin/graph/graphtest"
	graphneo4j "jiangxin/graph/neo4j"
	"jiangxin/internal/neo4jtest"
)

// testURI returns the server the tests use: $NEO4J_URI or the dev server of dev/neo4j/neo4j.sh.
func testURI() string {
	if u := os.Getenv("NEO4J_URI"); u != "" {
		return u
	}
	return "bolt://127.0.0.1:7687"
}

// TestMain holds the lock on the shared test server while the package's tests run, so test
// packages that use Neo4j (they wipe it) take turns.
func TestMain(m *testing.M) { os.Exit(neo4jtest.Main(m)) }

// openTest opens a store on the test server with an empty database. Without a server the test
// is skipped, except in CI (CI=true) where the Neo4j run is mandatory and a skip is a failure.
// The tests delete everything in that database: never point NEO4J_URI at data you care about.
func openTest(t testing.TB) *graphneo4j.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := graphneo4j.Open(ctx, graphneo4j.Config{
		URI: testURI(), User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"),
	})
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("neo4j is required in CI (start it with dev/neo4j/neo4j.sh start): %v", err)
		}
		t.Skipf("no neo4j (start one with dev/neo4j/neo4j.sh start): %v", err)
	}
	if err := s.Reset(ctx); err != nil {
		t.Fatalf("reset: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Reset(context.Background()); err != nil {
			t.Errorf("reset: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return s
}

func TestStore(t *testing.T) {
	graphtest.RunStoreTests(t, func(t *testing.T) graph.Store { return openTest(t) })
}

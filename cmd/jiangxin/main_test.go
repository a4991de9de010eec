package main

import (
	"context"
	"fmt"
	"os"
	"testing"

	graphneo4j "jiangxin/graph/neo4j"
	"jiangxin/internal/neo4jtest"
)

func TestMain(m *testing.M) {
	code := neo4jtest.Main(m)
	if err := closeShared(); err != nil {
		fmt.Fprintln(os.Stderr, "close shared servers:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// wipeNeo4j empties the shared test Neo4j so the demo city loads into an empty store.
func wipeNeo4j(t *testing.T, cfg graphneo4j.Config) {
	t.Helper()
	neo4jtest.URI(t)
	if err := neo4jtest.Wipe(context.Background(), cfg.URI, cfg.User, cfg.Password, cfg.Database); err != nil {
		t.Fatal(err)
	}
}

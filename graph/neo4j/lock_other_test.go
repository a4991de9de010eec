//go:build !unix

package neo4j_test

import "testing"

// lockServer does nothing where flock is unavailable: run one Neo4j test process at a time.
func lockServer(t testing.TB, uri string) {}

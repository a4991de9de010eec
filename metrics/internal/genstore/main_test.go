package main

import (
	"bytes"
	"os"
	"testing"
)

// TestUpToDate fails when graph.Store changed and metrics/store_gen.go was not regenerated.
func TestUpToDate(t *testing.T) {
	want, err := generate("../../../graph/store.go")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../store_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("metrics/store_gen.go is stale: run go generate ./metrics")
	}
}

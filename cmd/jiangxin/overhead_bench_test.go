package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// BenchmarkServerTypename sends { __typename } through the whole server's handler chain
// (request ID, metrics, request log, admission, sign-in, limits, gqlgen) in process, without a
// network: the per-request cost bench/peers compares with a plain net/http handler end to end.
// Run with -cpuprofile to see where it goes.
func BenchmarkServerTypename(b *testing.B) {
	m := NewMain(io.Discard, io.Discard)
	if err := m.ParseFlags([]string{"--addr", "127.0.0.1:0", "--data", b.TempDir(), "--log-level", "warn"},
		func(string) string { return "" }); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := m.Run(ctx); err != nil {
		b.Fatalf("run: %v", err)
	}
	defer m.Close()
	h := m.Server.Handler
	const body = `{"query":"{ __typename }"}`
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"Query"`) {
				b.Fatalf("%d %s", w.Code, w.Body)
			}
		}
	})
}

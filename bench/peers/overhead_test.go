package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	graphbbolt "jiangxin/graph/bbolt"
	"jiangxin/graph/gql"
)

// BenchmarkOverhead measures the GraphQL layer alone, in process and without a network: the
// gqlgen handler answering { __typename } against a net/http handler that decodes the same JSON
// request and writes the same bytes. Run with -cpuprofile to see where the difference goes.
func BenchmarkOverhead(b *testing.B) {
	const body = `{"query":"{ __typename }"}`
	store, err := graphbbolt.Open(context.Background(), b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	handlers := []struct {
		name string
		h    http.Handler
	}{
		{"graphql", gql.NewHandler(&gql.Resolver{Store: store}, gql.Limits{})},
		{"net-http", plainHandler()},
	}
	for _, tc := range handlers {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					w := httptest.NewRecorder()
					tc.h.ServeHTTP(w, req)
					if w.Code != http.StatusOK || strings.TrimSpace(w.Body.String()) != typenameResponse {
						b.Fatalf("%d %s", w.Code, w.Body)
					}
				}
			})
		})
	}
}

// TestPlainHandler checks the baseline answers exactly what Jiangxin answers.
func TestPlainHandler(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		status     int
	}{
		{"typename", `{"query":"{ __typename }"}`, http.StatusOK},
		{"not JSON", `{`, http.StatusBadRequest},
		{"no query", `{}`, http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			plainHandler().ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tc.body)))
			b, _ := io.ReadAll(w.Body)
			if w.Code != tc.status || (tc.status == http.StatusOK && string(b) != typenameResponse) {
				t.Fatalf("%d %q", w.Code, b)
			}
		})
	}
}

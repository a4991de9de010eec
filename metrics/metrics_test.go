package metrics

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"jiangxin/graph"
	graphbbolt "jiangxin/graph/bbolt"
	"jiangxin/search"
)

// find returns the metric of family name whose labels include every pair of want, or nil.
func find(t *testing.T, m *Metrics, name string, want map[string]string) *dto.Metric {
	t.Helper()
	fams, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
	next:
		for _, mt := range f.GetMetric() {
			got := map[string]string{}
			for _, l := range mt.GetLabel() {
				got[l.GetName()] = l.GetValue()
			}
			for k, v := range want {
				if got[k] != v {
					continue next
				}
			}
			return mt
		}
	}
	return nil
}

func TestHTTP(t *testing.T) {
	m := New()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "bad" {
			http.Error(w, "bad", http.StatusBadRequest)
			return
		}
		_, _ = w.Write([]byte("ok"))
	})
	h := m.HTTP(mux)
	for _, path := range []string{"/items/1", "/items/2", "/items/bad", "/nowhere/1", "/nowhere/2"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	}
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("BREW", "/items/1", nil))
	tests := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"by pattern, not path", map[string]string{"route": "GET /items/{id}", "method": "GET", "status": "200"}, 2},
		{"status from WriteHeader", map[string]string{"route": "GET /items/{id}", "method": "GET", "status": "400"}, 1},
		{"unmatched paths share a label", map[string]string{"route": "unmatched", "method": "GET", "status": "404"}, 2},
		{"unknown methods share a label", map[string]string{"route": "unmatched", "method": "other"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mt := find(t, m, "jiangxin_http_requests_total", tc.labels)
			if mt == nil || mt.GetCounter().GetValue() != tc.want {
				t.Fatalf("counter %v = %v; want %v", tc.labels, mt, tc.want)
			}
		})
	}
	hist := find(t, m, "jiangxin_http_request_duration_seconds", map[string]string{"route": "GET /items/{id}"})
	if hist == nil || hist.GetHistogram().GetSampleCount() != 3 {
		t.Fatalf("latency histogram: %v", hist)
	}
}

func TestOperationLabels(t *testing.T) {
	m := New()
	ctx := context.Background()
	for i := range MaxOperationNames + 50 {
		m.Operation(ctx, fmt.Sprintf("Op%d", i), "query", "ok", time.Millisecond)
	}
	m.Operation(ctx, "", "mutation", "ok", time.Millisecond)
	m.Operation(ctx, "Op0", "query", "not a code", time.Millisecond)
	m.Operation(ctx, "bad name!", "bogus", "NOT_FOUND", time.Millisecond)
	tests := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"named", map[string]string{"operation": "Op0", "kind": "query", "outcome": "ok"}, 1},
		{"past the bound", map[string]string{"operation": "other", "kind": "query", "outcome": "ok"}, 50},
		{"anonymous", map[string]string{"operation": "anonymous", "kind": "mutation"}, 1},
		{"odd outcome", map[string]string{"operation": "Op0", "outcome": "other"}, 1},
		{"odd name and kind", map[string]string{"operation": "other", "kind": "unknown", "outcome": "NOT_FOUND"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mt := find(t, m, "jiangxin_graphql_operations_total", tc.labels)
			if mt == nil || mt.GetCounter().GetValue() != tc.want {
				t.Fatalf("counter %v = %v; want %v", tc.labels, mt, tc.want)
			}
		})
	}
	m.RootField(ctx, "login", "ok", time.Millisecond)
	m.RootField(ctx, "login", "UNAUTHENTICATED", time.Millisecond)
	m.RootField(ctx, "proposeCampaign", "ok", 3*time.Second)
	if mt := find(t, m, "jiangxin_login_attempts_total", map[string]string{"outcome": "UNAUTHENTICATED"}); mt.GetCounter().GetValue() != 1 {
		t.Errorf("failed logins: %v", mt)
	}
	if mt := find(t, m, "jiangxin_campaign_run_duration_seconds", map[string]string{"outcome": "ok"}); mt.GetHistogram().GetSampleSum() != 3 {
		t.Errorf("campaign time: %v", mt)
	}
}

func TestStore(t *testing.T) {
	ctx := context.Background()
	raw, err := graphbbolt.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	m := New()
	s := m.Store(raw)
	defer s.Close()
	if err := s.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetWorker(ctx, graph.NewIDGen(nil, nil).New(graph.KindWorker)); !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("unknown worker: %v", err)
	}
	if _, err := s.GetWorker(ctx, "nonsense"); !errors.Is(err, graph.ErrInvalid) {
		t.Fatalf("malformed ID: %v", err)
	}
	for _, tc := range []struct{ method, outcome string }{{"Ping", "ok"}, {"GetWorker", "not_found"}, {"GetWorker", "invalid"}} {
		t.Run(tc.method+" "+tc.outcome, func(t *testing.T) {
			mt := find(t, m, "jiangxin_store_call_duration_seconds", map[string]string{"method": tc.method, "outcome": tc.outcome})
			if mt == nil || mt.GetHistogram().GetSampleCount() != 1 {
				t.Fatalf("histogram: %v", mt)
			}
		})
	}
}

func TestBacklog(t *testing.T) {
	m := New()
	n, fail := 7, false
	if err := m.Backlog(func() (int, error) {
		if fail {
			return 0, errors.New("closed")
		}
		return n, nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := m.Backlog(func() (int, error) { return 0, nil }); err == nil {
		t.Error("a second backlog gauge was registered")
	}
	if mt := find(t, m, "jiangxin_search_outbox_backlog", nil); mt.GetGauge().GetValue() != 7 {
		t.Fatalf("backlog: %v", mt)
	}
	fail = true
	if mt := find(t, m, "jiangxin_search_outbox_backlog", nil); mt != nil {
		t.Fatalf("backlog reported while unreadable: %v", mt)
	}
}

func TestSanitizeRequestID(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "req-1", "req-1"},
		{"uuid", "0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e"},
		{"log injection", "a\nlevel=ERROR msg=forged", "alevel=ERRORmsg=forged"},
		{"quotes and spaces", `a "b" c`, "abc"},
		{"non-ASCII", "请求-1", "-1"},
		{"long", strings.Repeat("x", 1000), strings.Repeat("x", MaxRequestIDLen)},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SanitizeRequestID(tc.in); got != tc.want {
				t.Errorf("SanitizeRequestID(%q) = %q; want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestRequestIDAndLogs(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(NewLogHandler(slog.NewTextHandler(&buf, nil))).With("component", "test")
	var seen string
	h := RequestID(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = RequestIDFrom(r.Context())
		log.InfoContext(r.Context(), "inside")
	}))
	tests := []struct{ name, sent, want string }{
		{"taken from the client", "abc-1", "abc-1"},
		{"made", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			buf.Reset()
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tc.sent != "" {
				req.Header.Set(RequestIDHeader, tc.sent)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			got := rec.Header().Get(RequestIDHeader)
			if tc.want != "" && got != tc.want || got == "" || got != seen {
				t.Fatalf("header %q, context %q; want %q", got, seen, tc.want)
			}
			if line := buf.String(); !strings.Contains(line, "request_id="+got) || !strings.Contains(line, "component=test") {
				t.Fatalf("log line %q lacks the request ID", line)
			}
		})
	}
	t.Run("no ID outside requests", func(t *testing.T) {
		buf.Reset()
		log.Info("outside")
		if strings.Contains(buf.String(), "request_id") {
			t.Fatalf("log line %q has a request ID", buf.String())
		}
	})
}

func TestErrorClass(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, "ok"},
		{"field error", graph.Invalid("name", "required"), "invalid"},
		{"not found", graph.NotFound(graph.KindWorker, "wkr_x"), "not_found"},
		{"conflict", graph.Conflict("taken"), "conflict"},
		{"forbidden", fmt.Errorf("x: %w", graph.ErrForbidden), "forbidden"},
		{"deadline", fmt.Errorf("neo4j: %w", context.DeadlineExceeded), "timeout"},
		{"canceled", context.Canceled, "canceled"},
		{"graph unavailable", fmt.Errorf("neo4j: %w: dial refused", graph.ErrUnavailable), "unavailable"},
		{"search unavailable", fmt.Errorf("meili: %w", search.ErrUnavailable), "unavailable"},
		{"search closed", search.ErrClosed, "closed"},
		{"other", errors.New("boom"), "error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := errorClass(tc.err); got != tc.want {
				t.Errorf("errorClass(%v) = %q, want %q", tc.err, got, tc.want)
			}
		})
	}
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"jiangxin/metrics"
)

// exposition is a scrape of /metrics: sample lines keyed by name and sorted label text.
type exposition map[string]float64

var sampleRE = regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$`)

// scrape reads /metrics from the server.
func scrape(t *testing.T, baseURL string) exposition {
	t.Helper()
	resp, err := http.Get(baseURL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: status %d", resp.StatusCode)
	}
	out := exposition{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m := sampleRE.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("unparsable exposition line %q", line)
		}
		v, err := strconv.ParseFloat(m[4], 64)
		if err != nil {
			t.Fatalf("value of %q: %v", line, err)
		}
		out[m[1]+"{"+m[3]+"}"] = v
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// get returns the value of the series name{labels} (labels written as in the exposition, in
// its order: `a="x",b="y"`) and whether it exists.
func (e exposition) get(name, labels string) (float64, bool) {
	v, ok := e[name+"{"+labels+"}"]
	return v, ok
}

func TestMetrics(t *testing.T) {
	s := startServer(t, "bbolt")
	before := scrape(t, s.url)
	s.post(`query MetricsProbe { workers(first: 2) { totalCount } }`, nil).mustData(t)
	s.post(`query MetricsProbe { workers(first: 2) { totalCount } }`, nil).mustData(t)
	s.post(`{ search(query: "焊工", first: 3) { totalCount } }`, nil).mustData(t)
	if r := s.post(`query MetricsMissing { worker(id: "wkr_01JD0000000000000000000000") { name } }`, nil); len(r.Errors) == 0 {
		t.Fatalf("unknown worker answered: %s", r.Raw)
	}
	if r := s.do(http.MethodPost, "/graphql", "application/json", strings.NewReader(`{"query":"{ workers("}`)); r.Status != http.StatusBadRequest {
		t.Fatalf("parse error: status %d", r.Status)
	}
	login := `mutation MetricsLogin($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`
	s.post(login, map[string]any{"u": "admin", "p": DemoPassword}).mustData(t)
	if r := s.post(login, map[string]any{"u": "metrics-nobody", "p": "wrong-password-1"}); len(r.Errors) == 0 {
		t.Fatalf("bad sign-in answered: %s", r.Raw)
	}
	campaign := s.as("admin").post(`mutation MetricsCampaign { proposeCampaign(unionId: "uni_01JD0000000000000000000000", campaign: "metrics") { pairCount } }`, nil)
	if len(campaign.Errors) == 0 {
		t.Fatalf("campaign of an unknown union answered: %s", campaign.Raw)
	}
	campaignCode := campaign.codes()[0]
	after := scrape(t, s.url)

	delta := func(name, labels string) float64 {
		a, ok := after.get(name, labels)
		if !ok {
			t.Errorf("no series %s{%s}", name, labels)
		}
		b, _ := before.get(name, labels)
		return a - b
	}
	tests := []struct {
		name, series, labels string
		min, max             float64
	}{
		{"graphql requests counted by route", "jiangxin_http_requests_total", `method="POST",route="/graphql",status="200"`, 7, 1e9},
		{"parse failure is a 400", "jiangxin_http_requests_total", `method="POST",route="/graphql",status="400"`, 1, 1e9},
		{"graphql latency histogram", "jiangxin_http_request_duration_seconds_count", `method="POST",route="/graphql"`, 8, 1e9},
		{"named operation", "jiangxin_graphql_operations_total", `kind="query",operation="MetricsProbe",outcome="ok"`, 2, 2},
		{"named operation latency", "jiangxin_graphql_operation_duration_seconds_count", `kind="query",operation="MetricsProbe",outcome="ok"`, 2, 2},
		{"anonymous operation", "jiangxin_graphql_operations_total", `kind="query",operation="anonymous",outcome="ok"`, 1, 1e9},
		{"failed operation by code", "jiangxin_graphql_operations_total", `kind="query",operation="MetricsMissing",outcome="NOT_FOUND"`, 1, 1},
		{"parse failure", "jiangxin_graphql_operations_total", `kind="unknown",operation="anonymous",outcome="GRAPHQL_PARSE_FAILED"`, 1, 1e9},
		{"successful sign-in", "jiangxin_login_attempts_total", `outcome="ok"`, 1, 1e9},
		{"failed sign-in", "jiangxin_login_attempts_total", `outcome="UNAUTHENTICATED"`, 1, 1e9},
		{"campaign run", "jiangxin_campaign_run_duration_seconds_count", `outcome="` + campaignCode + `"`, 1, 1},
		{"store reads timed", "jiangxin_store_call_duration_seconds_count", `method="ListWorkers",outcome="ok"`, 2, 1e9},
		{"search timed", "jiangxin_search_call_duration_seconds_count", `method="Search",outcome="ok"`, 1, 1e9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if d := delta(tc.series, tc.labels); d < tc.min || d > tc.max {
				t.Errorf("%s{%s} grew by %v; want %v–%v", tc.series, tc.labels, d, tc.min, tc.max)
			}
		})
	}
	t.Run("latency sums are sane", func(t *testing.T) {
		sum, _ := after.get("jiangxin_graphql_operation_duration_seconds_sum", `kind="query",operation="MetricsProbe",outcome="ok"`)
		if sum <= 0 || sum > 20 {
			t.Errorf("MetricsProbe took %v s in all", sum)
		}
		inf, _ := after.get("jiangxin_store_call_duration_seconds_bucket", `method="ListWorkers",outcome="ok",le="+Inf"`)
		cnt, _ := after.get("jiangxin_store_call_duration_seconds_count", `method="ListWorkers",outcome="ok"`)
		if inf != cnt {
			t.Errorf("+Inf bucket %v != count %v", inf, cnt)
		}
	})
	t.Run("outbox backlog gauge", func(t *testing.T) {
		v, ok := after.get("jiangxin_search_outbox_backlog", "")
		if !ok || v < 0 {
			t.Errorf("backlog %v (present %v)", v, ok)
		}
	})
	t.Run("runtime collectors", func(t *testing.T) {
		if _, ok := after.get("go_goroutines", ""); !ok {
			t.Error("no go_goroutines")
		}
	})
	t.Run("unmatched routes share one label", func(t *testing.T) {
		resp, err := http.Get(s.url + "/metrics/../no/such/" + strconv.FormatInt(time.Now().UnixNano(), 10))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		for k := range scrape(t, s.url) {
			if strings.Contains(k, "/no/such/") {
				t.Errorf("raw path leaked into a label: %s", k)
			}
		}
	})
}

func TestRequestID(t *testing.T) {
	s := startServer(t, "bbolt")
	tests := []struct {
		name, sent string
		want       func(string) bool
	}{
		{"kept", "abc-123_X.y", func(got string) bool { return got == "abc-123_X.y" }},
		{"made when absent", "", func(got string) bool { return len(got) == 32 }},
		{"sanitized", "a b\"c<script>;", func(got string) bool { return got == "abcscript" }},
		{"bounded", strings.Repeat("z", 500), func(got string) bool { return got == strings.Repeat("z", metrics.MaxRequestIDLen) }},
		{"made when nothing is left", "<<>>", func(got string) bool { return len(got) == 32 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, s.url+"/healthz", nil)
			if tc.sent != "" {
				req.Header.Set("X-Request-ID", tc.sent)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.Header.Get("X-Request-ID"); !tc.want(got) {
				t.Errorf("X-Request-ID %q for %q", got, tc.sent)
			}
		})
	}
}

// lockedBuffer is a log sink safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startBare runs a Main without the demo city (quick to start) in a temp dir, logging to logs.
func startBare(t *testing.T, logs io.Writer) *server {
	t.Helper()
	m := NewMain(io.Discard, logs)
	if err := m.ParseFlags([]string{"--addr", "127.0.0.1:0", "--data", t.TempDir()}, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := m.Run(ctx); err != nil {
		_ = m.Close()
		t.Fatalf("run: %v", err)
	}
	return &server{t: t, main: m, url: "http://" + m.Addr()}
}

func status(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestOutageAndShutdown runs one bare server through a store outage and then a graceful
// shutdown (sharing the server saves a start-up).
func TestOutageAndShutdown(t *testing.T) {
	logs := &lockedBuffer{}
	s := startBare(t, logs)
	t.Cleanup(func() { _ = s.main.Close() }) // a no-op after the shutdown subtest
	t.Run("store outage", func(t *testing.T) { storeOutage(t, s, logs) })
	t.Run("graceful shutdown", func(t *testing.T) { gracefulShutdown(t, s) })
}

// storeOutage closes the store under a running server: /readyz turns 503, /healthz stays 200,
// queries fail fast with INTERNAL, and the error log line carries the request's ID.
func storeOutage(t *testing.T, s *server, logs *lockedBuffer) {
	if got := status(t, s.url+"/readyz"); got != http.StatusOK {
		t.Fatalf("/readyz before: %d", got)
	}
	if err := s.main.rawStore.Close(); err != nil {
		t.Fatal(err)
	}
	if got := status(t, s.url+"/readyz"); got != http.StatusServiceUnavailable {
		t.Fatalf("/readyz with the store closed: %d", got)
	}
	if got := status(t, s.url+"/healthz"); got != http.StatusOK {
		t.Fatalf("/healthz with the store closed: %d (liveness must not depend on the store)", got)
	}
	req, _ := http.NewRequest(http.MethodPost, s.url+"/graphql", strings.NewReader(`{"query":"{ workers(first: 1) { totalCount } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Request-ID", "outage-probe-7")
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("failing query took %v", took)
	}
	if !strings.Contains(string(raw), `"INTERNAL"`) {
		t.Fatalf("query with the store closed: %s", raw)
	}
	var found bool
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "graphql internal error") {
			found = true
			if !strings.Contains(line, "request_id=outage-probe-7") {
				t.Errorf("error log line lacks the request ID: %s", line)
			}
		}
	}
	if !found {
		t.Errorf("no graphql internal error logged:\n%s", logs.String())
	}
}

// gracefulShutdown starts a request whose body arrives slowly, shuts the server down while it
// is in flight, and checks that shutdown waits for it and that it completes. The request needs
// no store (storeOutage closed it).
func gracefulShutdown(t *testing.T, s *server) {
	pr, pw := io.Pipe()
	req, _ := http.NewRequest(http.MethodPost, s.url+"/graphql", pr)
	req.Header.Set("Content-Type", "application/json")
	type result struct {
		status int
		body   string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		done <- result{status: resp.StatusCode, body: string(b), err: err}
	}()
	if _, err := io.WriteString(pw, `{"query":"{ __typename `); err != nil {
		t.Fatal(err)
	}
	// Wait until the server counts the request in flight.
	deadline := time.Now().Add(5 * time.Second)
	for {
		v, _ := scrape(t, s.url).get("jiangxin_http_requests_in_flight", "")
		if v >= 2 { // the slow request and this scrape
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the slow request never reached the handler")
		}
		time.Sleep(20 * time.Millisecond)
	}
	closed := make(chan error, 1)
	shutdownStart := time.Now()
	go func() { closed <- s.main.Close() }()
	select {
	case err := <-closed:
		t.Fatalf("shutdown returned while a request was in flight: %v", err)
	case <-time.After(700 * time.Millisecond):
	}
	if status := func() error { _, err := http.Get(s.url + "/healthz"); return err }(); status == nil {
		t.Error("a new request was accepted during shutdown")
	}
	if _, err := io.WriteString(pw, `}"}`); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	r := <-done
	if r.err != nil || r.status != http.StatusOK || !strings.Contains(r.body, `"Query"`) {
		t.Fatalf("in-flight request: status %d, err %v: %s", r.status, r.err, r.body)
	}
	select {
	case err := <-closed:
		t.Logf("close (the store was closed already): %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("shutdown did not finish after the request completed")
	}
	t.Logf("shutdown waited %v for the in-flight request", time.Since(shutdownStart).Round(time.Millisecond))
}

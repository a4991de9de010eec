package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// panicBody fails the test when the refused request's body is read.
type panicBody struct{ t *testing.T }

func (b panicBody) Read([]byte) (int, error) {
	b.t.Error("the body of a refused request was read")
	return 0, io.EOF
}

// overloadedResponse checks that rec is the OVERLOADED refusal.
func overloadedResponse(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", rec.Code)
	}
	if got := rec.Header().Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After %q, want 1", got)
	}
	if got := rec.Header().Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type %q", got)
	}
	var body struct {
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || len(body.Errors) != 1 || body.Errors[0].Extensions.Code != "OVERLOADED" {
		t.Errorf("body %q (%v), want one OVERLOADED error", rec.Body, err)
	}
}

// TestAdmit fills every slot with requests that block until released: the next request is
// refused (after its queue wait) without its body being read, and once a slot frees a request
// is served again.
func TestAdmit(t *testing.T) {
	for _, tc := range []struct {
		name string
		wait time.Duration
	}{
		{"no queue", 0},
		{"short queue", 20 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const slots = 3
			entered := make(chan struct{})
			release := make(chan struct{})
			blocking := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Query().Get("block") == "1" {
					entered <- struct{}{}
					<-release
				}
				_, _ = io.WriteString(w, "served")
			})
			var mu sync.Mutex
			rejected := 0
			h := admit(blocking, slots, tc.wait, func() { mu.Lock(); rejected++; mu.Unlock() })

			finished := make(chan struct{}, slots) // a blocked request's ServeHTTP returned
			for range slots {
				go func() {
					defer func() { finished <- struct{}{} }()
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/graphql?block=1", strings.NewReader("{}")))
					if rec.Code != http.StatusOK {
						t.Errorf("blocked request answered %d", rec.Code)
					}
				}()
				<-entered // this request holds a slot now
			}

			start := time.Now()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/graphql", panicBody{t}))
			took := time.Since(start)
			overloadedResponse(t, rec)
			if took < tc.wait {
				t.Errorf("refused after %v, before its queue wait %v", took, tc.wait)
			}
			if took > tc.wait+2*time.Second {
				t.Errorf("refused after %v, want about %v", took, tc.wait)
			}
			mu.Lock()
			if rejected != 1 {
				t.Errorf("rejected counted %d times, want 1", rejected)
			}
			mu.Unlock()

			// One blocked request finishes; once its ServeHTTP has returned its slot is free.
			release <- struct{}{}
			<-finished
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader("{}")))
			if rec.Code != http.StatusOK || rec.Body.String() != "served" {
				t.Errorf("after a slot freed: %d %q", rec.Code, rec.Body)
			}
			close(release)
			for range slots - 1 {
				<-finished
			}
		})
	}
}

// TestAdmitClientGone: a request waiting for a slot whose client leaves is dropped, not
// served and not counted as refused.
func TestAdmitClientGone(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	served := 0
	h := admit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served++
		if r.URL.Query().Get("block") == "1" {
			entered <- struct{}{}
			<-release
		}
	}), 1, time.Hour, func() { t.Error("a request whose client left was counted as refused") })
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/graphql?block=1", nil))
	}()
	<-entered
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/graphql", nil).WithContext(ctx))
	close(release)
	<-done
	if served != 1 {
		t.Errorf("served %d requests, want 1", served)
	}
}

// TestAdmissionWiring runs the real server with one /graphql slot held by a request whose body
// never ends: further /graphql requests are refused with 503 OVERLOADED (and counted in
// /metrics) while /healthz, /readyz and /metrics are still served; once the held request ends,
// /graphql serves again.
func TestAdmissionWiring(t *testing.T) {
	m := NewMain(io.Discard, io.Discard)
	if err := m.ParseFlags([]string{"--addr", "127.0.0.1:0", "--data", t.TempDir(), "--max-inflight", "1", "--queue-wait", "0s"},
		func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := m.Run(ctx); err != nil {
		_ = m.Close()
		t.Fatalf("run: %v", err)
	}
	t.Cleanup(func() { _ = m.Close() })
	base := "http://" + m.Addr()
	post := func() (int, string, string) {
		resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(`{"query":"{ __typename }"}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Retry-After"), string(b)
	}
	if code, _, body := post(); code != http.StatusOK {
		t.Fatalf("before: %d %s", code, body)
	}

	pr, pw := io.Pipe()
	held := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, base+"/graphql", pr)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			held <- 0
			return
		}
		resp.Body.Close()
		held <- resp.StatusCode
	}()
	_, _ = pw.Write([]byte(`{"query":`)) // the handler now waits for the rest of the body
	// The held request takes the slot once its handler starts; until then others may pass.
	var code int
	var retry, body string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if code, retry, body = post(); code == http.StatusServiceUnavailable {
			break
		}
	}
	if code != http.StatusServiceUnavailable || retry != "1" || !strings.Contains(body, `"OVERLOADED"`) {
		t.Fatalf("with the slot held: %d Retry-After %q %s", code, retry, body)
	}
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		if got := status(t, base+path); got != http.StatusOK {
			t.Errorf("%s with /graphql full: %d", path, got)
		}
	}
	if v, ok := scrape(t, base).get("jiangxin_http_requests_rejected_total", `reason="overloaded"`); !ok || v < 1 {
		t.Errorf("jiangxin_http_requests_rejected_total{reason=overloaded} = %v (present %v), want ≥ 1", v, ok)
	}
	_, _ = pw.Write([]byte(`"{ __typename }"}`))
	pw.Close()
	if got := <-held; got != http.StatusOK {
		t.Errorf("held request: %d", got)
	}
	if code, _, body := post(); code != http.StatusOK {
		t.Errorf("after the slot freed: %d %s", code, body)
	}
}

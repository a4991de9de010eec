// Package hammer is the small HTTP load-testing kit shared by the benchmarks under bench/:
// GraphQL POSTs with a bearer token, latency recorders with percentiles, closed-loop
// (fixed concurrency) and open-loop (fixed rate) drivers, and a process's resident set read
// from /proc.
package hammer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Client posts GraphQL requests to one endpoint over a keep-alive pool sized for the load.
type Client struct {
	URL  string
	HTTP *http.Client
}

// NewClient returns a client of url whose connection pool holds up to conns idle connections.
func NewClient(url string, conns int) *Client {
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute,
		DisableCompression: true}
	return &Client{URL: url, HTTP: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// Response is a decoded GraphQL response.
type Response struct {
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// ErrGraphQL marks responses that carried GraphQL errors or a non-200 status.
var ErrGraphQL = errors.New("graphql error")

// Body encodes a GraphQL request body.
func Body(query string, vars map[string]any) []byte {
	b, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		panic(err) // only maps of plain values are passed
	}
	return b
}

// PostRaw sends a prepared body and returns the raw response; it returns an error wrapping
// ErrGraphQL when the status is not 200 or the body has an "errors" member, or the transport
// error.
func (c *Client) PostRaw(ctx context.Context, body []byte, token string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("new request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Errorf("post: %w", err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("read response: %w", err)
	}
	if resp.StatusCode != http.StatusOK || bytes.Contains(raw, []byte(`"errors"`)) {
		return raw, fmt.Errorf("status %d: %.300s: %w", resp.StatusCode, raw, ErrGraphQL)
	}
	return raw, nil
}

// Post sends a query and decodes the response; errors as PostRaw.
func (c *Client) Post(ctx context.Context, query string, vars map[string]any, token string) (*Response, error) {
	raw, err := c.PostRaw(ctx, Body(query, vars), token)
	if err != nil {
		return nil, err
	}
	var r Response
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("decode response: %w", err)
	}
	return &r, nil
}

// Login signs in and returns the token; it returns an error when sign-in fails.
func (c *Client) Login(ctx context.Context, user, password string) (string, error) {
	r, err := c.Post(ctx, `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
		map[string]any{"u": user, "p": password}, "")
	if err != nil {
		return "", fmt.Errorf("login %s: %w", user, err)
	}
	tok, _ := Dig(r.Data, "login.token").(string)
	if tok == "" {
		return "", fmt.Errorf("login %s: no token", user)
	}
	return tok, nil
}

// Dig walks a decoded JSON value by keys and indexes ("workers.nodes.0.id").
func Dig(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// Recorder collects latencies and errors of one operation; safe for concurrent use.
type Recorder struct {
	mu      sync.Mutex
	lat     []time.Duration
	errs    int
	lastErr string
}

// Add records one request: its latency, and err when it failed.
func (r *Recorder) Add(d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.errs++
		r.lastErr = err.Error()
		return
	}
	r.lat = append(r.lat, d)
}

// Summary is the outcome of a Recorder.
type Summary struct {
	Count     int     `json:"count"`
	Errors    int     `json:"errors"`
	P50ms     float64 `json:"p50_ms"`
	P90ms     float64 `json:"p90_ms"`
	P99ms     float64 `json:"p99_ms"`
	MaxMs     float64 `json:"max_ms"`
	LastError string  `json:"last_error,omitempty"`
}

// Summary returns the count, errors and latency percentiles so far.
func (r *Recorder) Summary() Summary {
	r.mu.Lock()
	lat := slices.Clone(r.lat)
	s := Summary{Count: len(r.lat), Errors: r.errs, LastError: r.lastErr}
	r.mu.Unlock()
	if len(lat) == 0 {
		return s
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		i := int(p * float64(len(lat)-1))
		return float64(lat[i].Microseconds()) / 1000
	}
	s.P50ms, s.P90ms, s.P99ms, s.MaxMs = pct(0.50), pct(0.90), pct(0.99), pct(1)
	return s
}

// Closed runs conc workers that call do back to back until d has passed (or ctx ends) and
// returns the number of calls completed. Each call's latency and error go to rec.
func Closed(ctx context.Context, conc int, d time.Duration, rec *Recorder, do func(ctx context.Context, worker int) error) int64 {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var n atomic.Int64
	var wg sync.WaitGroup
	for w := range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				start := time.Now()
				err := do(ctx, w)
				if ctx.Err() != nil && err != nil {
					return // cut off by the end of the run, not a failure
				}
				rec.Add(time.Since(start), err)
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	return n.Load()
}

// RSS returns the resident set size of process pid in bytes, from /proc/<pid>/status.
func RSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("read status of %d: %w", pid, err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) == 0 {
				break
			}
			kb, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil {
				return 0, fmt.Errorf("parse VmRSS of %d: %w", pid, err)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("no VmRSS for process %d", pid)
}

// Each calls f with every successful latency recorded so far.
func (r *Recorder) Each(f func(time.Duration)) {
	r.mu.Lock()
	lat := slices.Clone(r.lat)
	r.mu.Unlock()
	for _, d := range lat {
		f(d)
	}
}

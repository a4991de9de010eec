package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"jiangxin/demo"
)

// backends lists the graph stores the end-to-end tests run against: the embedded store always,
// Neo4j when NEO4J_URI is set (and then it is mandatory in CI).
func backends(t *testing.T) []string {
	t.Helper()
	out := []string{"bbolt"}
	if os.Getenv("NEO4J_URI") != "" {
		out = append(out, "neo4j")
	} else if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but NEO4J_URI is not set: the API tests must also run on Neo4j")
	}
	return out
}

// server is a running Main for one test.
type server struct {
	t     *testing.T
	main  *Main
	url   string
	token string // sent as a bearer token when set
	user  string
}

// tokens caches one sign-in per server and demo username.
var tokens = struct {
	sync.Mutex
	m map[string]string
}{m: map[string]string{}}

// as returns a client of the same server signed in as a demo account ("" for anonymous).
func (s *server) as(user string) *server {
	s.t.Helper()
	c := *s
	c.user, c.token = user, ""
	if user == "" {
		return &c
	}
	key := s.url + "|" + user
	tokens.Lock()
	defer tokens.Unlock()
	if tok, ok := tokens.m[key]; ok {
		c.token = tok
		return &c
	}
	anon := *s
	anon.token = ""
	r := anon.post(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
		map[string]any{"u": user, "p": DemoPassword})
	tok, _ := dig(r.mustData(s.t), "login.token").(string)
	if tok == "" {
		s.t.Fatalf("login %s: %s", user, r.Raw)
	}
	tokens.m[key] = tok
	c.token = tok
	return &c
}

// shared holds one demo server per graph backend for the package's tests: starting one loads
// the demo city and builds its search index, which takes seconds. Tests that write only add
// entities of their own; tests that compare counts compare before and after within themselves.
var shared = struct {
	sync.Mutex
	servers map[string]*server
	dirs    []string
}{servers: map[string]*server{}}

// startServer returns the shared demo server of the given graph backend, starting it on first
// use. closeShared stops them all after the package's tests.
func startServer(t *testing.T, graphBackend string) *server {
	t.Helper()
	shared.Lock()
	defer shared.Unlock()
	if s, ok := shared.servers[graphBackend]; ok {
		s.t = t
		return s
	}
	dir, err := os.MkdirTemp("", "jiangxin-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	shared.dirs = append(shared.dirs, dir)
	s := newServer(t, graphBackend, dir)
	shared.servers[graphBackend] = s
	return s
}

func closeShared() error {
	shared.Lock()
	defer shared.Unlock()
	var errs []error
	for _, s := range shared.servers {
		errs = append(errs, s.main.Close())
	}
	for _, d := range shared.dirs {
		errs = append(errs, os.RemoveAll(d))
	}
	return errors.Join(errs...)
}

// newServer runs Main on 127.0.0.1:0 with the demo city in dir, on the given graph backend. A
// Neo4j database is wiped first, since all test packages share the one Neo4j server.
func newServer(t *testing.T, graphBackend, dir string, extraArgs ...string) *server {
	t.Helper()
	m := NewMain(io.Discard, io.Discard)
	args := append([]string{"--addr", "127.0.0.1:0", "--data", dir, "--demo", "--graph", graphBackend}, extraArgs...)
	if err := m.ParseFlags(args, os.Getenv); err != nil {
		t.Fatalf("parse flags: %v", err)
	}
	if graphBackend == "neo4j" {
		wipeNeo4j(t, m.Config.Neo4j)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := m.Run(ctx); err != nil {
		_ = m.Close()
		t.Fatalf("run: %v", err)
	}
	return &server{t: t, main: m, url: "http://" + m.Addr()}
}

// gqlResponse is a GraphQL response with its HTTP status.
type gqlResponse struct {
	Status int
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
	Raw string
}

// codes returns the extensions.code of every error.
func (r *gqlResponse) codes() []string {
	var out []string
	for _, e := range r.Errors {
		c, _ := e.Extensions["code"].(string)
		out = append(out, c)
	}
	return out
}

// post sends a GraphQL POST and decodes the response.
func (s *server) post(query string, vars map[string]any) *gqlResponse {
	s.t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		s.t.Fatal(err)
	}
	return s.do(http.MethodPost, "/graphql", "application/json", bytes.NewReader(body))
}

func (s *server) do(method, path, contentType string, body io.Reader) *gqlResponse {
	s.t.Helper()
	req, err := http.NewRequest(method, s.url+path, body)
	if err != nil {
		s.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/graphql-response+json, application/json")
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	out := &gqlResponse{Status: resp.StatusCode, Raw: string(raw)}
	if strings.Contains(resp.Header.Get("Content-Type"), "json") {
		if err := json.Unmarshal(raw, out); err != nil {
			s.t.Fatalf("decode %q: %v", raw, err)
		}
	}
	return out
}

// mustData fails the test when the response has errors.
func (r *gqlResponse) mustData(t *testing.T) map[string]any {
	t.Helper()
	if len(r.Errors) > 0 || r.Data == nil {
		t.Fatalf("unexpected errors (status %d): %s", r.Status, r.Raw)
	}
	return r.Data
}

// dig walks a decoded JSON value by keys and indexes ("workers.nodes.0.name").
func dig(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i := 0
			for _, c := range k {
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func TestHealth(t *testing.T) {
	s := startServer(t, "bbolt")
	for _, path := range []string{"/healthz", "/readyz", "/"} {
		t.Run(path, func(t *testing.T) {
			resp, err := http.Get(s.url + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
		})
	}
}

// readmeExample is one ```graphql block of README.md with its optional variables block and the
// strings its response must contain ("# expect: …" lines).
type readmeExample struct {
	Title  string
	As     string // "# as: username": the demo account that runs it; anonymous when empty
	Query  string
	Vars   map[string]any
	Expect []string
}

var fenceRE = regexp.MustCompile("(?s)```graphql\n(.*?)```(?:\\s*```json\n(.*?)```)?")

func readmeExamples(t *testing.T) []readmeExample {
	t.Helper()
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []readmeExample
	for _, m := range fenceRE.FindAllStringSubmatch(string(raw), -1) {
		ex := readmeExample{Query: m[1]}
		for _, line := range strings.Split(m[1], "\n") {
			line = strings.TrimSpace(line)
			if rest, ok := strings.CutPrefix(line, "# expect:"); ok {
				ex.Expect = append(ex.Expect, strings.TrimSpace(rest))
			} else if rest, ok := strings.CutPrefix(line, "# as:"); ok {
				ex.As = strings.TrimSpace(rest)
			} else if rest, ok := strings.CutPrefix(line, "# "); ok && ex.Title == "" {
				ex.Title = rest
			}
		}
		if m[2] != "" {
			if err := json.Unmarshal([]byte(m[2]), &ex.Vars); err != nil {
				t.Fatalf("README variables of %q: %v", ex.Title, err)
			}
		}
		out = append(out, ex)
	}
	if len(out) < 5 {
		t.Fatalf("README has %d GraphQL examples; want at least 5", len(out))
	}
	return out
}

// TestReadmeExamples runs every GraphQL example of README.md, in order, against the demo city
// on each store, so the README can never rot.
func TestReadmeExamples(t *testing.T) {
	examples := readmeExamples(t)
	for _, backend := range backends(t) {
		t.Run(backend, func(t *testing.T) {
			s := startServer(t, backend)
			for i, ex := range examples {
				name := ex.Title
				if name == "" {
					name = "example"
				}
				t.Run(name, func(t *testing.T) {
					r := s.as(ex.As).post(ex.Query, ex.Vars)
					r.mustData(t)
					// JSON escapes < and > in highlights; compare with the text a reader sees.
					raw := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(r.Raw)
					for _, want := range ex.Expect {
						if !strings.Contains(raw, want) {
							t.Errorf("example %d: response lacks %q: %s", i, want, r.Raw)
						}
					}
				})
			}
		})
	}
}

func TestGraphQLOverHTTP(t *testing.T) {
	s := startServer(t, "bbolt")
	t.Run("GET query", func(t *testing.T) {
		r := s.do(http.MethodGet, "/graphql?query="+url.QueryEscape("{skill(code:\"6-18-02-04\"){name}}"), "", nil)
		if r.Status != http.StatusOK || dig(r.mustData(t), "skill.name") != "焊工" {
			t.Fatalf("status %d: %s", r.Status, r.Raw)
		}
	})
	t.Run("GET mutation refused", func(t *testing.T) {
		r := s.do(http.MethodGet, "/graphql?query="+url.QueryEscape("mutation{ping}"), "", nil)
		if r.Status < 400 || len(r.Errors) == 0 {
			t.Fatalf("status %d: %s", r.Status, r.Raw)
		}
	})
	t.Run("POST parse error is 400", func(t *testing.T) {
		r := s.do(http.MethodPost, "/graphql", "application/json", strings.NewReader(`{"query":"{ workers("}`))
		if r.Status != http.StatusBadRequest || len(r.Errors) == 0 {
			t.Fatalf("status %d: %s", r.Status, r.Raw)
		}
	})
	t.Run("response content type", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, s.url+"/graphql", strings.NewReader(`{"query":"{__typename}"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/graphql-response+json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/graphql-response+json") {
			t.Fatalf("content type %q", ct)
		}
	})
}

// TestExpertsForUsesSearch checks that expert scores carry text relevance from the search index.
func TestExpertsForUsesSearch(t *testing.T) {
	_, sum, err := demo.Build(demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, "bbolt")
	r := s.post(`query($p: ID!) { expertsFor(problemId: $p, first: 5) { matches { score { parts { name value } } } } }`,
		map[string]any{"p": sum.OpenWeldingProblemID})
	d := r.mustData(t)
	best := 0.0
	for _, m := range dig(d, "expertsFor.matches").([]any) {
		for _, p := range dig(m, "score.parts").([]any) {
			if dig(p, "name") == "relevance" {
				best = max(best, dig(p, "value").(float64))
			}
		}
	}
	if best <= 0 {
		t.Fatalf("no expert got text relevance: %s", r.Raw)
	}
}

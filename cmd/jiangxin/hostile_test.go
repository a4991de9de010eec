package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"jiangxin/demo"
)

// countingReader yields n bytes of filler lazily and counts how many were actually read, so a
// test can send a huge body without holding it in memory and see how much the server consumed.
type countingReader struct {
	prefix []byte // sent first
	n      int64  // filler bytes after the prefix
	read   atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	off := c.read.Load()
	total := int64(len(c.prefix)) + c.n
	if off >= total {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && off+int64(k) < total {
		if i := off + int64(k); i < int64(len(c.prefix)) {
			p[k] = c.prefix[i]
		} else {
			p[k] = 'x'
		}
		k++
	}
	c.read.Add(int64(k))
	return k, nil
}

// raw sends a request with the given body and optional Content-Length (-1: chunked) and
// returns the status, the decoded error codes and the raw response. A transport error after
// the server has answered early (it stops reading a body it refuses) is reported as status 0.
func (s *server) raw(t *testing.T, contentType string, body io.Reader, length int64) (int, []string, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.url+"/graphql", body)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = length
	req.Header.Set("Content-Type", contentType)
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	resp, err := (&http.Client{}).Do(req)
	if err != nil {
		return 0, nil, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var r gqlResponse
	_ = json.Unmarshal(b, &r)
	return resp.StatusCode, r.codes(), string(b)
}

// alive fails the test unless the server still answers a normal query with the same counts.
func (s *server) alive(t *testing.T, before string) {
	t.Helper()
	if after := s.counts(t); after != before {
		t.Fatalf("store changed:\nbefore %s\nafter  %s", before, after)
	}
}

// TestHostileInput sends what an attacker would (nesting, width, aliases, batches, huge and
// malformed bodies, injection syntax, oversized uploads). Each request must be refused with an
// error code or have its strings stored literally, and the server must go on answering with
// its store unchanged by refused writes. Cases already in TestBadInput are not repeated.
func TestHostileInput(t *testing.T) {
	_, sum, err := demo.Build(demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, "bbolt").as("admin")
	before := s.counts(t)

	wide := "{ workers(first: 1) { nodes { " + strings.Repeat("name ", 20000) + "} } }"
	aliases := func(n int, field string) string {
		var b strings.Builder
		b.WriteString("{ ")
		for i := range n {
			fmt.Fprintf(&b, "a%d: %s ", i, field)
		}
		b.WriteString("}")
		return b.String()
	}
	lineage := `{ worker(id: "` + sum.ModelWorkerID + `") { ` + strings.Repeat("mentorships { nodes { apprentice { ", 8) +
		"name" + strings.Repeat(" } } }", 8) + " } }"
	refused := []struct {
		name  string
		query string
		vars  map[string]any
		codes []string // any of these
	}{
		{name: "deep through relations", query: lineage, codes: []string{"QUERY_TOO_DEEP", "COMPLEXITY_LIMIT_EXCEEDED"}},
		{name: "deep fragments", codes: []string{"QUERY_TOO_DEEP"},
			query: `query { skill(code: "6-18-02-04") { ...F0 } } ` + fragmentChain(30)},
		{name: "fragment cycle", codes: []string{"GRAPHQL_VALIDATION_FAILED"},
			query: `{ skill(code: "6-18-02-04") { ...A } } fragment A on Skill { parent { ...B } } fragment B on Skill { parent { ...A } }`},
		{name: "wide: 20,000 fields", query: wide, codes: []string{"GRAPHQL_PARSE_FAILED", "COMPLEXITY_LIMIT_EXCEEDED"}},
		{name: "alias flood of cheap fields", query: aliases(10000, "__typename"), codes: []string{"GRAPHQL_PARSE_FAILED", "COMPLEXITY_LIMIT_EXCEEDED"}},
		{name: "alias flood of workers pages", query: aliases(200, "workers(first: 100) { nodes { name } }"), codes: []string{"COMPLEXITY_LIMIT_EXCEEDED"}},
		{name: "alias flood of mentorsFor", codes: []string{"COMPLEXITY_LIMIT_EXCEEDED"},
			query: aliases(100, `mentorsFor(apprenticeId: "`+sum.LineageIDs[3]+`", first: 50) { matches { worker { name } } }`)},
		{name: "directive flood", codes: []string{"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"},
			query: "{ __typename " + strings.Repeat("@include(if: true) ", 8000) + "}"},
		{name: "many operations, none named", codes: []string{"GRAPHQL_VALIDATION_FAILED", "INVALID_INPUT"},
			query: strings.Repeat("query { __typename } ", 3)},
		{name: "huge variable list", codes: []string{"GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"},
			query: "query(" + varList(6000) + ") { __typename }"},
		{name: "invalid UTF-8 in a query string literal", codes: []string{"INVALID_INPUT", "GRAPHQL_PARSE_FAILED"},
			query: "{ worker(id: \"wkr_\xff\xfe\xfd\") { name } }"},
		{name: "invalid UTF-8 in an ID variable", codes: []string{"INVALID_INPUT"},
			query: `query($w: ID!) { worker(id: $w) { name } }`, vars: map[string]any{"w": "wkr_\xff\xfe"}},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			r := s.post(tc.query, tc.vars)
			if r.Status >= 500 || len(r.Errors) == 0 || !slices.ContainsFunc(r.codes(), func(c string) bool { return slices.Contains(tc.codes, c) }) {
				t.Fatalf("status %d codes %v, want one of %v: %.300s", r.Status, r.codes(), tc.codes, r.Raw)
			}
			s.alive(t, before)
		})
	}

	t.Run("batched operations", func(t *testing.T) {
		for _, body := range []string{
			`[{"query":"{ workers { totalCount } }"},{"query":"{ problems { totalCount } }"}]`,
			"[" + strings.Repeat(`{"query":"mutation { logout }"},`, 500) + `{"query":"{ __typename }"}]`,
		} {
			status, codes, raw := s.raw(t, "application/json", strings.NewReader(body), int64(len(body)))
			if status != http.StatusBadRequest || len(codes) == 0 {
				t.Fatalf("status %d codes %v: %.200s", status, codes, raw)
			}
		}
		s.alive(t, before)
	})

	t.Run("100 MB body with Content-Length", func(t *testing.T) {
		body := &countingReader{prefix: []byte(`{"query":"{ __typename }","variables":{"pad":"`), n: 100 << 20}
		status, codes, raw := s.raw(t, "application/json", body, int64(len(body.prefix))+body.n)
		if status != http.StatusRequestEntityTooLarge || !slices.Contains(codes, "BODY_TOO_LARGE") {
			t.Fatalf("status %d codes %v: %.200s", status, codes, raw)
		}
		// Refused from the header: the client wrote at most its buffers before the answer.
		if n := body.read.Load(); n > 8<<20 {
			t.Fatalf("server consumed %d bytes of a refused body", n)
		}
		s.alive(t, before)
	})

	t.Run("100 MB chunked body", func(t *testing.T) {
		body := &countingReader{prefix: []byte(`{"query":"{ __typename }","variables":{"pad":"`), n: 100 << 20}
		status, codes, raw := s.raw(t, "application/json", body, -1)
		// Without a length the handler reads up to the limit and answers 413 BODY_TOO_LARGE
		// (status 0: the connection was closed while the client was still sending).
		if status >= 500 || (status != 0 && len(codes) == 0) {
			t.Fatalf("status %d codes %v: %.200s", status, codes, raw)
		}
		t.Logf("chunked 100 MB: status %d codes %v after %d bytes", status, codes, body.read.Load())
		if status != 0 && (status != http.StatusRequestEntityTooLarge || !slices.Contains(codes, "BODY_TOO_LARGE")) {
			t.Fatalf("status %d codes %v, want 413 BODY_TOO_LARGE: %.200s", status, codes, raw)
		}
		if n := body.read.Load(); n > 16<<20 {
			t.Fatalf("server consumed %d bytes of a refused body", n)
		}
		s.alive(t, before)
	})

	t.Run("invalid UTF-8 in a GET query", func(t *testing.T) {
		q := url.QueryEscape("{ search(query: \"\xff\xfe焊\") { totalCount } }")
		r := s.do(http.MethodGet, "/graphql?query="+q, "", nil)
		if r.Status >= 500 || (len(r.Errors) > 0 && !slices.ContainsFunc(r.codes(), func(c string) bool {
			return c == "INVALID_INPUT" || c == "GRAPHQL_PARSE_FAILED"
		})) {
			t.Fatalf("status %d: %.300s", r.Status, r.Raw)
		}
		s.alive(t, before)
	})

	t.Run("invalid UTF-8 in a name is never stored as is", func(t *testing.T) {
		body := "{\"query\":\"mutation($r: ID!) { createWorker(input: {name: \\\"\xff\xfe\\\", regionId: $r}) { id name } }\",\"variables\":{\"r\":\"" + sum.CityRegionID + "\"}}"
		status, codes, raw := s.raw(t, "application/json", strings.NewReader(body), int64(len(body)))
		if status >= 500 || !utf8.ValidString(raw) {
			t.Fatalf("status %d codes %v: %q", status, codes, raw)
		}
		if len(codes) == 0 {
			// Accepted: the JSON decoder replaced the bytes with U+FFFD; clean up the worker.
			var r gqlResponse
			_ = json.Unmarshal([]byte(raw), &r)
			id, _ := dig(r.Data, "createWorker.id").(string)
			if d := s.post(`mutation($w: ID!) { deleteWorker(id: $w) }`, map[string]any{"w": id}); len(d.Errors) > 0 {
				t.Fatalf("delete: %s", d.Raw)
			}
		}
		s.alive(t, before)
	})

	t.Run("injection syntax in every string field is stored literally", func(t *testing.T) {
		payloads := []string{
			`x'}) MATCH (n) DETACH DELETE n RETURN 1 //`,
			"\" }) CALL db.clearQueryCaches() MATCH (w) SET w.name='x' //",
			`name:* OR _id:* NOT +bio:(焊工~2 "a" -b) [* TO *] {x TO y} /r.*/\`,
			"焊工\u202e\ufeff<script>alert(1)</script>${jndi:x} %s%n {{.}} ../",
		}
		for i, p := range payloads {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				ent := s.post(`mutation($r: ID!, $p: String!) { createEnterprise(input: {name: $p, creditCode: $p, industry: $p,
					ownership: PRIVATE, regionId: $r}) { id name creditCode industry } }`,
					map[string]any{"r": sum.CityRegionID, "p": p})
				if len(ent.Errors) > 0 {
					// Refused with a code (e.g. a credit code must be 18 characters): try without it.
					if !slices.Contains(ent.codes(), "INVALID_INPUT") {
						t.Fatalf("enterprise: %s", ent.Raw)
					}
					ent = s.post(`mutation($r: ID!, $p: String!) { createEnterprise(input: {name: $p, industry: $p,
						ownership: PRIVATE, regionId: $r}) { id name creditCode industry } }`,
						map[string]any{"r": sum.CityRegionID, "p": p})
				}
				ed := ent.mustData(t)
				for _, f := range []string{"name", "industry"} {
					if got := dig(ed, "createEnterprise."+f); got != p {
						t.Errorf("enterprise %s stored as %q", f, got)
					}
				}
				entID := dig(ed, "createEnterprise.id")
				wk := s.post(`mutation($r: ID!, $e: ID!, $p: String!) { createWorker(input: {name: $p, regionId: $r, enterpriseId: $e,
					employeeNo: $p, bio: $p, honours: [{title: $p, tier: CITY, year: 2020, issuer: $p}]}) { id name employeeNo bio honours { title issuer } } }`,
					map[string]any{"r": sum.CityRegionID, "e": entID, "p": p})
				wd := wk.mustData(t)
				for _, f := range []string{"name", "employeeNo", "bio", "honours.0.title", "honours.0.issuer"} {
					if got := dig(wd, "createWorker."+f); got != p {
						t.Errorf("worker %s stored as %q", f, got)
					}
				}
				pr := s.post(`mutation($e: ID!, $p: String!) { createProblem(input: {title: $p, description: $p, enterpriseId: $e,
					industry: $p, contact: $p, confidential: $p}) { id title description industry contact confidential } }`,
					map[string]any{"e": entID, "p": p})
				pd := pr.mustData(t)
				for _, f := range []string{"title", "description", "industry", "contact", "confidential"} {
					if got := dig(pd, "createProblem."+f); got != p {
						t.Errorf("problem %s stored as %q", f, got)
					}
				}
				// Read back through the store, and search for the payload itself.
				got := s.post(`query($w: ID!) { worker(id: $w) { name bio } }`, map[string]any{"w": dig(wd, "createWorker.id")})
				if dig(got.mustData(t), "worker.name") != p {
					t.Fatalf("read back %s", got.Raw)
				}
				sr := s.post(`query($q: String!) { search(query: $q) { totalCount } }`, map[string]any{"q": p})
				if sr.Status >= 500 || (len(sr.Errors) > 0 && !slices.Contains(sr.codes(), "INVALID_INPUT")) {
					t.Fatalf("search: %s", sr.Raw)
				}
			})
		}
		// Nothing else changed: the demo city is intact and the new records are all there.
		w := s.post(`{ workers { totalCount } regions { totalCount } unions { totalCount } }`, nil).mustData(t)
		if dig(w, "regions.totalCount").(float64) == 0 || dig(w, "unions.totalCount").(float64) == 0 {
			t.Fatalf("demo city damaged: %v", w)
		}
		before = s.counts(t)
	})

	t.Run("control characters refused", func(t *testing.T) {
		for _, f := range []string{"name", "bio", "employeeNo"} {
			r := s.post(`mutation($r: ID!, $p: String!) { createWorker(input: {name: "张三", regionId: $r, `+f+`: $p}) { id } }`,
				map[string]any{"r": sum.CityRegionID, "p": "焊工\u0000\u0007 MATCH (n) DETACH DELETE n"})
			if f == "name" {
				r = s.post(`mutation($r: ID!, $p: String!) { createWorker(input: {name: $p, regionId: $r}) { id } }`,
					map[string]any{"r": sum.CityRegionID, "p": "焊工\u0000\u0007 MATCH (n) DETACH DELETE n"})
			}
			if !slices.Contains(r.codes(), "INVALID_INPUT") {
				// Multi-line text fields may allow some control characters; NUL never.
				t.Errorf("%s: codes %v: %s", f, r.codes(), r.Raw)
			}
		}
		s.alive(t, before)
	})

	t.Run("oversized upload", func(t *testing.T) {
		const q = `mutation($file: Upload!) { importSheet(file: $file, dryRun: true) { rows } }`
		var head bytes.Buffer
		mw := multipart.NewWriter(&head)
		ops, _ := json.Marshal(map[string]any{"query": q, "variables": map[string]any{"file": nil}})
		_ = mw.WriteField("operations", string(ops))
		_ = mw.WriteField("map", `{"0": ["variables.file"]}`)
		_, _ = mw.CreateFormFile("0", "企业.csv")
		body := &countingReader{prefix: head.Bytes(), n: 65 << 20}
		status, codes, raw := s.raw(t, mw.FormDataContentType(), body, int64(head.Len())+body.n)
		if status != http.StatusRequestEntityTooLarge || !slices.Contains(codes, "BODY_TOO_LARGE") {
			t.Fatalf("status %d codes %v: %.200s", status, codes, raw)
		}
		if n := body.read.Load(); n > 8<<20 {
			t.Fatalf("server consumed %d bytes of a refused upload", n)
		}
		s.alive(t, before)
	})

	t.Run("upload to a field that takes none", func(t *testing.T) {
		r := s.upload(t, `mutation($file: Upload!) { logout }`, "x.csv", []byte("a,b\n"))
		if r.Status >= 500 || len(r.Errors) == 0 {
			t.Fatalf("status %d: %s", r.Status, r.Raw)
		}
		s.alive(t, before)
	})
}

// fragmentChain returns fragments F0 … F(n-1) on Skill, each selecting its parent through the next.
func fragmentChain(n int) string {
	var b strings.Builder
	for i := range n {
		if i == n-1 {
			fmt.Fprintf(&b, "fragment F%d on Skill { name } ", i)
			continue
		}
		fmt.Fprintf(&b, "fragment F%d on Skill { parent { ...F%d } } ", i, i+1)
	}
	return b.String()
}

// varList declares n unused Int variables.
func varList(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "$v%d: Int ", i)
	}
	return b.String()
}

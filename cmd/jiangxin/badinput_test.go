package main

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"jiangxin/demo"
)

// counts returns the total counts of the entities a bad write could have touched.
func (s *server) counts(t *testing.T) string {
	t.Helper()
	r := s.post(`{ regions{totalCount} enterprises{totalCount} workers{totalCount} problems{totalCount}
		pairings{totalCount} studios{totalCount} targets{totalCount} unions{totalCount} visits{totalCount} }`, nil)
	return fmt.Sprint(r.mustData(t))
}

// TestBadInput sends malformed and hostile requests; each must get a clear error code and leave
// the store exactly as it was.
func TestBadInput(t *testing.T) {
	_, sum, err := demo.Build(demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	unknownWorker := "wkr_01JD0000000000000000000000"
	deep := `{ skill(code: "6-18-02-04") { ` + strings.Repeat("parent { ", 50) + "name" + strings.Repeat(" }", 50) + " } }"
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		code  string
	}{
		{name: "empty name", code: "INVALID_INPUT",
			query: `mutation($r: ID!) { createWorker(input: {name: "  ", regionId: $r}) { id } }`,
			vars:  map[string]any{"r": sum.CityRegionID}},
		{name: "skill level 9 as number", code: "GRAPHQL_VALIDATION_FAILED",
			query: `mutation($r: ID!) { createWorker(input: {name: "张三", regionId: $r, skills: [{code: "6-18-02-04", level: 9}]}) { id } }`,
			vars:  map[string]any{"r": sum.CityRegionID}},
		{name: "skill level not on ladder", code: "GRAPHQL_VALIDATION_FAILED",
			query: `mutation($r: ID!, $l: SkillLevel) { createWorker(input: {name: "张三", regionId: $r, skills: [{code: "6-18-02-04", level: $l}]}) { id } }`,
			vars:  map[string]any{"r": sum.CityRegionID, "l": "LEVEL_9"}},
		{name: "unknown skill code", code: "INVALID_INPUT",
			query: `mutation($r: ID!) { createWorker(input: {name: "张三", regionId: $r, skills: [{code: "9-99-99-99"}]}) { id } }`,
			vars:  map[string]any{"r": sum.CityRegionID}},
		{name: "capacity -1", code: "INVALID_INPUT",
			query: `mutation($r: ID!) { createWorker(input: {name: "张三", regionId: $r, mentorCapacity: -1}) { id } }`,
			vars:  map[string]any{"r": sum.CityRegionID}},
		{name: "capacity 21", code: "INVALID_INPUT",
			query: `mutation($w: ID!) { updateWorker(id: $w, patch: {mentorCapacity: 21}) { id } }`,
			vars:  map[string]any{"w": sum.ModelWorkerID}},
		{name: "unknown region", code: "INVALID_INPUT",
			query: `mutation { createWorker(input: {name: "张三", regionId: "reg_01JD0000000000000000000000"}) { id } }`},
		{name: "malformed region ID", code: "INVALID_INPUT",
			query: `mutation { createWorker(input: {name: "张三", regionId: "42"}) { id } }`},
		{name: "unknown worker read", code: "NOT_FOUND",
			query: `query($w: ID!) { worker(id: $w) { name } }`, vars: map[string]any{"w": unknownWorker}},
		{name: "malformed worker ID read", code: "INVALID_INPUT",
			query: `{ worker(id: "'; MATCH (n) DETACH DELETE n //") { name } }`},
		{name: "wrong kind of ID", code: "INVALID_INPUT",
			query: `query($w: ID!) { worker(id: $w) { name } }`, vars: map[string]any{"w": sum.CityUnionID}},
		{name: "pairing with unknown apprentice", code: "INVALID_INPUT",
			query: `mutation($m: ID!, $a: ID!) { createPairing(input: {mentorId: $m, apprenticeId: $a}) { id } }`,
			vars:  map[string]any{"m": sum.ModelWorkerID, "a": unknownWorker}},
		{name: "mentor of themselves", code: "INVALID_INPUT",
			query: `mutation($m: ID!) { createPairing(input: {mentorId: $m, apprenticeId: $m}) { id } }`,
			vars:  map[string]any{"m": sum.ModelWorkerID}},
		{name: "illegal pairing transition", code: "CONFLICT",
			query: `mutation($p: ID!) { transitionPairing(id: $p, status: PROPOSED) { id } }`,
			vars:  map[string]any{"p": sum.CompletedPairingID}},
		{name: "delete referenced worker", code: "CONFLICT",
			query: `mutation($w: ID!) { deleteWorker(id: $w) }`, vars: map[string]any{"w": sum.ModelWorkerID}},
		{name: "bad date", code: "INVALID_INPUT",
			query: `mutation($u: ID!) { createTarget(input: {unionId: $u, kind: PAIRS_SIGNED, period: "2027", number: 10, startDate: "2027-02-30"}) { id } }`,
			vars:  map[string]any{"u": sum.CityUnionID}},
		{name: "negative page size", code: "INVALID_INPUT", query: `{ workers(first: -1) { totalCount } }`},
		{name: "forged cursor", code: "INVALID_INPUT", query: `{ workers(after: "bm90IGEgY3Vyc29y") { totalCount } }`},
		{name: "query nested 50 deep", code: "QUERY_TOO_DEEP", query: deep},
		{name: "pages of pages", code: "COMPLEXITY_LIMIT_EXCEEDED",
			query: `{ workers(first: 1000) { nodes { mentorships(first: 1000) { nodes { id } } } } }`},
		{name: "alias flood", code: "COMPLEXITY_LIMIT_EXCEEDED",
			query: "{ " + strings.Repeat("a: search(query: \"焊工\", first: 100) { hits { id } } ", 60) + "}"},
		{name: "unknown field", code: "GRAPHQL_VALIDATION_FAILED", query: `{ workers { nodes { salary } } }`},
		{name: "search text of 10k characters", code: "INVALID_INPUT",
			query: `query($q: String!) { search(query: $q) { totalCount } }`, vars: map[string]any{"q": strings.Repeat("焊", 10000)}},
		{name: "search unknown facet", code: "GRAPHQL_VALIDATION_FAILED", query: `{ search(query: "焊工", facets: [SALARY]) { totalCount } }`},
		{name: "search page too deep", code: "INVALID_INPUT", query: `{ search(query: "焊工", first: 500) { totalCount } }`},
		{name: "campaign cap 0", code: "INVALID_INPUT",
			query: `mutation($u: ID!) { proposeCampaign(unionId: $u, campaign: "c", cap: 0) { pairCount } }`,
			vars:  map[string]any{"u": sum.CityUnionID}},
		{name: "campaign unknown union", code: "NOT_FOUND",
			query: `mutation { proposeCampaign(unionId: "uni_01JD0000000000000000000000", campaign: "c") { pairCount } }`},
		{name: "campaign without a name", code: "INVALID_INPUT",
			query: `mutation($u: ID!) { proposeCampaign(unionId: $u, campaign: "  ") { pairCount } }`,
			vars:  map[string]any{"u": sum.CityUnionID}},
		{name: "campaign empty pool", code: "INVALID_INPUT",
			query: `mutation($u: ID!) { proposeCampaign(unionId: $u, campaign: "c", pool: {skillCode: "1-01-00-01"}) { pairCount } }`,
			vars:  map[string]any{"u": sum.CityUnionID}},
		{name: "mentors for unknown apprentice", code: "NOT_FOUND",
			query: `query($w: ID!) { mentorsFor(apprenticeId: $w) { matches { score { total } } } }`, vars: map[string]any{"w": unknownWorker}},
		{name: "expert team too large", code: "INVALID_INPUT",
			query: `query($p: ID!) { expertTeamFor(problemId: $p, maxSize: 99) { exact } }`, vars: map[string]any{"p": sum.CNCProblemID}},
		{name: "search forged cursor", code: "INVALID_INPUT", query: `{ search(query: "焊工", after: "xyz") { totalCount } }`},
	}
	for _, backend := range backends(t) {
		t.Run(backend, func(t *testing.T) {
			s := startServer(t, backend).as("admin")
			before := s.counts(t)
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					r := s.post(tc.query, tc.vars)
					if !slices.Contains(r.codes(), tc.code) {
						t.Fatalf("codes %v, want %s: %s", r.codes(), tc.code, r.Raw)
					}
					if r.Status >= 500 {
						t.Fatalf("status %d", r.Status)
					}
					if after := s.counts(t); after != before {
						t.Fatalf("store changed:\nbefore %s\nafter  %s", before, after)
					}
				})
			}
			for _, q := range []string{`"氩弧焊`, "焊\x00工\x07", `+焊工 -电工 title:x~2 *`, `))((`, "   "} {
				t.Run("sane search "+strconv.Quote(q), func(t *testing.T) {
					r := s.post(`query($q: String!) { search(query: $q) { totalCount hits { id } } }`, map[string]any{"q": q})
					if r.Status >= 500 || (len(r.Errors) > 0 && !slices.Contains(r.codes(), "INVALID_INPUT")) {
						t.Fatalf("status %d: %s", r.Status, r.Raw)
					}
				})
			}
			t.Run("10 MB body", func(t *testing.T) {
				body := `{"query":"{ workers { totalCount } }","variables":{"pad":"` + strings.Repeat("x", 10<<20) + `"}}`
				r := s.do(http.MethodPost, "/graphql", "application/json", strings.NewReader(body))
				if r.Status != http.StatusRequestEntityTooLarge || !slices.Contains(r.codes(), "BODY_TOO_LARGE") {
					t.Fatalf("status %d codes %v", r.Status, r.codes())
				}
			})
			t.Run("injection stored literally", func(t *testing.T) {
				evil := `x'}) MATCH (n) DETACH DELETE n //"; DROP TABLE workers; --`
				r := s.post(`mutation($r: ID!, $n: String!) { createWorker(input: {name: $n, regionId: $r, bio: $n}) { id name bio } }`,
					map[string]any{"r": sum.CityRegionID, "n": evil})
				d := r.mustData(t)
				if dig(d, "createWorker.name") != evil || dig(d, "createWorker.bio") != evil {
					t.Fatalf("stored %v", d)
				}
				got := s.post(`query($w: ID!) { worker(id: $w) { name } }`, map[string]any{"w": dig(d, "createWorker.id")})
				if dig(got.mustData(t), "worker.name") != evil {
					t.Fatalf("read back %s", got.Raw)
				}
				if c := s.post(`{ regions { totalCount } }`, nil); dig(c.mustData(t), "regions.totalCount").(float64) == 0 {
					t.Fatal("regions vanished")
				}
			})
		})
	}
}

// Command peers compares Jiangxin with its peers side by side, at equal concurrency, in one run:
//
//   - the same two read queries (a worker by ID with skills; workers by skill in a district,
//     first 20) served by Jiangxin on Neo4j and by @neo4j/graphql on graphql-yoga
//     (bench/peers/neo4jgraphql) over the same Neo4j database;
//   - GraphQL overhead: Jiangxin answering `{ __typename }` against a plain net/http handler
//     (this program with -serve-plain, in a process of its own) that decodes the same JSON
//     request and writes the same response bytes.
//
// Before measuring, it checks that both servers return the same workers for each query. Each
// pair is measured -runs times, alternating which side goes first; the medians of requests/s,
// p50 and p99 and their ratios are printed (and written with -json).
//
//	go run ./bench/peers -jiangxin http://127.0.0.1:8080/graphql -peer http://127.0.0.1:4100/graphql -plain http://127.0.0.1:8099/
//	go run ./bench/peers -serve-plain 127.0.0.1:8099
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"jiangxin/bench/internal/hammer"
)

// typenameResponse is what Jiangxin answers to { __typename }; the plain handler writes it too.
const typenameResponse = `{"data":{"__typename":"Query"}}`

// pair is one query as each side spells it.
type pair struct {
	name         string
	ours, theirs string
	vars         func(i int64) map[string]any // the same variables for both sides
	oursIDs      string                       // path of the worker IDs in our response
	theirsIDs    string
}

// Side is the medians of one server's runs on one query.
type Side struct {
	RPS   float64   `json:"rps"`
	P50ms float64   `json:"p50_ms"`
	P99ms float64   `json:"p99_ms"`
	Runs  []float64 `json:"runs_rps"`
	Errs  int       `json:"errors"`
}

// Row is one comparison.
type Row struct {
	Name        string  `json:"name"`
	Concurrency int     `json:"concurrency"`
	Ours        Side    `json:"jiangxin"`
	Theirs      Side    `json:"peer"`
	RPSRatio    float64 `json:"rps_ratio"` // ours / theirs
	P99Ratio    float64 `json:"p99_ratio"` // ours / theirs
	P50Ratio    float64 `json:"p50_ratio"`
}

func main() {
	ours := flag.String("jiangxin", "http://127.0.0.1:8080/graphql", "Jiangxin GraphQL endpoint (serving the demo city on Neo4j)")
	peer := flag.String("peer", "", "@neo4j/graphql endpoint over the same Neo4j (empty: skip the peer comparison)")
	plain := flag.String("plain", "", "plain net/http handler started with -serve-plain (empty: skip the overhead comparison)")
	servePlain := flag.String("serve-plain", "", "run the plain net/http JSON handler on this address and nothing else")
	conc := flag.Int("c", 16, "concurrent clients, the same for both sides")
	dur := flag.Duration("duration", 10*time.Second, "duration of each measured run")
	runs := flag.Int("runs", 3, "runs per side and query (medians are reported)")
	skill := flag.String("skill", "6-18-02-04", "skill code of the by-skill query (焊工)")
	district := flag.String("district", "", "district region ID of the by-skill query (default: the district of the demo's model worker)")
	out := flag.String("json", "", "also write the rows as JSON to this file")
	flag.Parse()
	if *servePlain != "" {
		servePlainHandler(*servePlain)
		return
	}
	ctx := context.Background()
	c := hammer.NewClient(*ours, 4*(*conc))
	var rows []Row
	if *peer != "" {
		p := hammer.NewClient(*peer, 4*(*conc))
		pairs, err := peerPairs(ctx, c, *skill, *district)
		if err != nil {
			fail(err)
		}
		for _, q := range pairs {
			if err := sameAnswers(ctx, c, p, q); err != nil {
				fail(err)
			}
			rows = append(rows, compare(ctx, q.name, *conc, *dur, *runs,
				func(ctx context.Context, i int64) error {
					_, err := c.PostRaw(ctx, hammer.Body(q.ours, q.vars(i)), "")
					return err
				},
				func(ctx context.Context, i int64) error {
					_, err := p.PostRaw(ctx, hammer.Body(q.theirs, q.vars(i)), "")
					return err
				}))
		}
	}
	if *plain != "" {
		body := hammer.Body("{ __typename }", nil)
		raw, err := c.PostRaw(ctx, body, "")
		if err != nil || strings.TrimSpace(string(raw)) != typenameResponse {
			fail(fmt.Errorf("jiangxin answers %q to { __typename } (want %s): %v", raw, typenameResponse, err))
		}
		pc := hammer.NewClient(*plain, 4*(*conc))
		raw, err = pc.PostRaw(ctx, body, "")
		if err != nil || string(raw) != typenameResponse {
			fail(fmt.Errorf("plain handler answers %q: %v", raw, err))
		}
		rows = append(rows, compare(ctx, "{ __typename } vs net/http", *conc, *dur, *runs,
			func(ctx context.Context, _ int64) error { _, err := c.PostRaw(ctx, body, ""); return err },
			func(ctx context.Context, _ int64) error { _, err := pc.PostRaw(ctx, body, ""); return err }))
	}
	fmt.Printf("\n%-30s %4s %10s %10s %7s %8s %8s %8s %8s %7s %7s\n", "query", "c", "ours r/s", "peer r/s", "ratio",
		"ours p50", "peer p50", "ours p99", "peer p99", "p99 ×", "errors")
	for _, r := range rows {
		fmt.Printf("%-30s %4d %10.1f %10.1f %7.2f %8.2f %8.2f %8.2f %8.2f %7.2f %7d\n", r.Name, r.Concurrency, r.Ours.RPS, r.Theirs.RPS,
			r.RPSRatio, r.Ours.P50ms, r.Theirs.P50ms, r.Ours.P99ms, r.Theirs.P99ms, r.P99Ratio, r.Ours.Errs+r.Theirs.Errs)
	}
	if *out != "" {
		b, _ := json.MarshalIndent(rows, "", "  ")
		if err := os.WriteFile(*out, b, 0o644); err != nil {
			fail(err)
		}
	}
	for _, r := range rows {
		if r.Ours.Errs+r.Theirs.Errs > 0 {
			os.Exit(1)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "peers:", err)
	os.Exit(1)
}

// peerPairs returns the two read queries, with worker IDs and the district found on our side.
func peerPairs(ctx context.Context, c *hammer.Client, skill, district string) ([]pair, error) {
	r, err := c.Post(ctx, `{ workers(first: 100) { nodes { id region { parent { id } } } } }`, nil, "")
	if err != nil {
		return nil, fmt.Errorf("list workers: %w", err)
	}
	var ids []string
	for i := 0; ; i++ {
		id, _ := hammer.Dig(r.Data, fmt.Sprintf("workers.nodes.%d.id", i)).(string)
		if id == "" {
			break
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, errors.New("no workers: load the demo city first (jiangxin demo --graph neo4j)")
	}
	if district == "" {
		r, err := c.Post(ctx, `{ worker(id: "wkr_01KJKEHJMDSF5JAYM7NRF44VX5") { region { parent { id } } } }`, nil, "")
		if err != nil {
			return nil, fmt.Errorf("find district: %w", err)
		}
		district, _ = hammer.Dig(r.Data, "worker.region.parent.id").(string)
	}
	return []pair{
		{
			name:      "worker by ID with skills",
			ours:      `query($id: ID!) { worker(id: $id) { id name skills { level skill { code name } } } }`,
			theirs:    `query($id: ID!) { workers(where: {id: {eq: $id}}) { id name skillsConnection { edges { properties { level } node { code name } } } } }`,
			vars:      func(i int64) map[string]any { return map[string]any{"id": ids[i%int64(len(ids))]} },
			oursIDs:   "worker.id",
			theirsIDs: "workers.*.id",
		},
		{
			name: "workers by skill in district, 20",
			ours: `query($s: String!, $d: ID!) { workers(filter: {skillCode: $s, regionId: $d}, first: 20) { nodes { id name skills { level skill { code name } } } } }`,
			theirs: `query($s: ID!, $d: ID!) { workers(where: {skills: {some: {code: {eq: $s}}}, region: {some: {OR: [{id: {eq: $d}}, {parent: {some: {id: {eq: $d}}}}]}}},
				sort: [{id: ASC}], limit: 20) { id name skillsConnection { edges { properties { level } node { code name } } } } }`,
			vars:      func(int64) map[string]any { return map[string]any{"s": skill, "d": district} },
			oursIDs:   "workers.nodes.*.id",
			theirsIDs: "workers.*.id",
		},
	}, nil
}

// sameAnswers checks that both sides return the same worker IDs, in the same order, for the
// first variables of q.
func sameAnswers(ctx context.Context, c, p *hammer.Client, q pair) error {
	for i := range int64(3) {
		a, err := c.Post(ctx, q.ours, q.vars(i), "")
		if err != nil {
			return fmt.Errorf("%s on jiangxin: %w", q.name, err)
		}
		b, err := p.Post(ctx, q.theirs, q.vars(i), "")
		if err != nil {
			return fmt.Errorf("%s on the peer: %w", q.name, err)
		}
		x, y := collect(a.Data, q.oursIDs), collect(b.Data, q.theirsIDs)
		if len(x) == 0 || !slices.Equal(x, y) {
			return fmt.Errorf("%s: jiangxin returns %v, the peer %v", q.name, x, y)
		}
	}
	return nil
}

// collect returns the strings at path, where "*" walks every element of a list.
func collect(v any, path string) []string {
	head, rest, more := strings.Cut(path, ".")
	if head == "*" {
		l, _ := v.([]any)
		var out []string
		for _, e := range l {
			out = append(out, collect(e, rest)...)
		}
		return out
	}
	m, _ := v.(map[string]any)
	if !more {
		if s, ok := m[head].(string); ok {
			return []string{s}
		}
		return nil
	}
	return collect(m[head], rest)
}

// compare measures both sides runs times at conc clients, alternating which goes first, after a
// short warm-up of each, and returns the medians and ratios.
func compare(ctx context.Context, name string, conc int, d time.Duration, runs int, ours, theirs func(context.Context, int64) error) Row {
	fmt.Fprintf(os.Stderr, "peers: %s, %d clients, %d × %s per side\n", name, conc, runs, d)
	side := func(do func(context.Context, int64) error, warm bool) (float64, hammer.Summary) {
		var seq atomic.Int64
		rec := &hammer.Recorder{}
		dd := d
		if warm {
			dd = min(d/3, 3*time.Second)
		}
		t0 := time.Now()
		n := hammer.Closed(ctx, conc, dd, rec, func(ctx context.Context, _ int) error { return do(ctx, seq.Add(1)) })
		return float64(n) / time.Since(t0).Seconds(), rec.Summary()
	}
	side(ours, true)
	side(theirs, true)
	var o, t []float64
	var o50, t50, o99, t99 []float64
	oe, te := 0, 0
	for i := range runs {
		first, second := ours, theirs
		if i%2 == 1 {
			first, second = theirs, ours
		}
		r1, s1 := side(first, false)
		r2, s2 := side(second, false)
		if i%2 == 1 {
			r1, s1, r2, s2 = r2, s2, r1, s1
		}
		o, t = append(o, r1), append(t, r2)
		o50, t50, o99, t99 = append(o50, s1.P50ms), append(t50, s2.P50ms), append(o99, s1.P99ms), append(t99, s2.P99ms)
		oe, te = oe+s1.Errors, te+s2.Errors
		fmt.Fprintf(os.Stderr, "peers:   run %d: jiangxin %.1f req/s (p99 %.2f ms), peer %.1f req/s (p99 %.2f ms)\n", i+1, r1, s1.P99ms, r2, s2.P99ms)
		if s1.LastError != "" || s2.LastError != "" {
			fmt.Fprintf(os.Stderr, "peers:   errors: %s %s\n", s1.LastError, s2.LastError)
		}
	}
	row := Row{Name: name, Concurrency: conc,
		Ours:   Side{RPS: median(o), P50ms: median(o50), P99ms: median(o99), Runs: o, Errs: oe},
		Theirs: Side{RPS: median(t), P50ms: median(t50), P99ms: median(t99), Runs: t, Errs: te}}
	row.RPSRatio = row.Ours.RPS / row.Theirs.RPS
	row.P99Ratio = row.Ours.P99ms / row.Theirs.P99ms
	row.P50Ratio = row.Ours.P50ms / row.Theirs.P50ms
	return row
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// servePlainHandler runs the baseline of the overhead comparison: a net/http handler that
// reads and decodes a GraphQL-shaped JSON request, as any JSON API would, and writes the bytes
// Jiangxin answers to { __typename }.
func servePlainHandler(addr string) {
	srv := &http.Server{Addr: addr, Handler: plainHandler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("PLAIN READY http://%s/\n", addr)
	if err := srv.ListenAndServe(); err != nil {
		fail(err)
	}
}

func plainHandler() http.Handler {
	resp := []byte(typenameResponse)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Query     string         `json:"query"`
			Variables map[string]any `json:"variables"`
		}
		b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil || json.Unmarshal(b, &req) != nil || req.Query == "" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(resp)
	})
}

// Command load drives a running Jiangxin demo server (`jiangxin serve --demo`) on loopback with
// a realistic mix of reads and writes, and reports per-operation latency percentiles, error
// counts and the server's resident memory over time.
//
//	go run ./bench/load -c 8 -duration 20s                 closed loop, 8 clients
//	go run ./bench/load -find-peak                         ramp clients until throughput stops growing
//	go run ./bench/load -rate 120 -duration 10m -pid PID   open loop (soak) at 120 requests/s
//
// The mix (weights in parentheses): search with facets (16), search of workers (8), skill
// suggestions (10), mentorsFor (10), worker profile (18), workers by trade (8), the union
// dashboard as the officer cs.union (5), target progress (5), createProblem as the enterprise
// hengyue (4), and a mentor request cycle (2): a fresh apprentice (created with its sign-in at
// start-up) asks 王建湘 to be their master and he declines, which frees the request for the
// next cycle. Every error (transport, non-200, or a GraphQL error) is counted, and classified
// by its extensions.code (OVERLOADED: refused by the server's admission control; UNAVAILABLE:
// the database could not be reached; TIMEOUT, INTERNAL, …; "transport" when no GraphQL answer
// came); the program exits 1 when there was any. In open-loop mode latency is measured from each request's
// scheduled time, so a stalled server cannot hide its queueing (no coordinated omission).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/signal"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"jiangxin/bench/internal/hammer"
)

// The demo city's well-known IDs (demo.Build with default options), as in bench/apilatency.
const (
	apprentice = "wkr_01KJKEHJMMTYDFE20G32EP79E3"
	master     = "wkr_01KJKEHJMDSF5JAYM7NRF44VX5"
	cityUnion  = "uni_01KJKB3Q04BZV02CYQP22D2995"
	password   = "jiangxin-2026"
)

// op is one kind of request in the mix.
type op struct {
	name   string
	weight int
	run    func(ctx context.Context, e *env, rng *rand.Rand) error
}

// env is what the operations share: the client, tokens and IDs found at start-up.
type env struct {
	c                                *hammer.Client
	officer, enterprise, admin, wang string
	enterpriseID, regionID           string
	seq                              atomic.Int64
	pool                             chan apprenticeAccount
}

type apprenticeAccount struct{ workerID, token string }

var searches = []string{"氩弧焊", "焊工", "數控", "数控车工", "钳工", "电工", "模具", "焊接 变形", "汽车 维修", "王"}
var prefixes = []string{"焊", "数", "电", "钳", "车", "模", "维"}
var trades = []string{"6-18-02-04", "6-18-01-01", "6-31-01-03", "6-20-01-01"}

func (e *env) query(ctx context.Context, token, q string, vars map[string]any) error {
	_, err := e.post(ctx, token, q, vars)
	return err
}

// post sends a query and returns its raw answer; a GraphQL error comes back as a *codeError
// naming the first error's extensions.code.
func (e *env) post(ctx context.Context, token, q string, vars map[string]any) ([]byte, error) {
	raw, err := e.c.PostRaw(ctx, hammer.Body(q, vars), token)
	if err != nil && raw != nil {
		var body struct {
			Errors []struct {
				Extensions struct{ Code string } `json:"extensions"`
			} `json:"errors"`
		}
		code := "unknown"
		if json.Unmarshal(raw, &body) == nil && len(body.Errors) > 0 && body.Errors[0].Extensions.Code != "" {
			code = body.Errors[0].Extensions.Code
		}
		return raw, &codeError{code: code, err: err}
	}
	return raw, err
}

// codeError is a GraphQL error answer with its extensions.code.
type codeError struct {
	code string
	err  error
}

func (e *codeError) Error() string { return e.code + ": " + e.err.Error() }
func (e *codeError) Unwrap() error { return e.err }

// errorCode classifies err for the error counts: the GraphQL code, or "transport".
func errorCode(err error) string {
	var ce *codeError
	if errors.As(err, &ce) {
		return ce.code
	}
	return "transport"
}

// codeCounts counts errors by code; safe for concurrent use.
type codeCounts struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *codeCounts) add(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]int{}
	}
	c.m[errorCode(err)]++
}

// take returns the counts so far and starts again from zero.
func (c *codeCounts) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := c.m
	c.m = nil
	return m
}

// formatCodes renders counts as "OVERLOADED×3 UNAVAILABLE×1", sorted by code.
func formatCodes(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := ""
	for i, k := range keys {
		if i > 0 {
			out += " "
		}
		out += fmt.Sprintf("%s×%d", k, m[k])
	}
	return out
}

var mix = []op{
	{"search+facets", 16, func(ctx context.Context, e *env, r *rand.Rand) error {
		return e.query(ctx, "", `query($q: String!) { search(query: $q, facets: [SKILL, LEVEL, KIND]) { totalCount hits { id node { ... on Worker { name } ... on Problem { title } } highlights { field fragments } } facets { facet values { value count } } } }`,
			map[string]any{"q": searches[r.IntN(len(searches))]})
	}},
	{"search workers", 8, func(ctx context.Context, e *env, r *rand.Rand) error {
		return e.query(ctx, "", `query($q: String!) { search(query: $q, kinds: [WORKER], first: 20) { totalCount hits { id } } }`,
			map[string]any{"q": searches[r.IntN(len(searches))]})
	}},
	{"suggestSkills", 10, func(ctx context.Context, e *env, r *rand.Rand) error {
		return e.query(ctx, "", `query($p: String!) { suggestSkills(prefix: $p) { code name } }`, map[string]any{"p": prefixes[r.IntN(len(prefixes))]})
	}},
	{"mentorsFor", 10, func(ctx context.Context, e *env, r *rand.Rand) error {
		return e.query(ctx, e.officer, `query($a: ID!) { mentorsFor(apprenticeId: $a, first: 10) { matches { worker { name } score { total } } } }`,
			map[string]any{"a": apprentice})
	}},
	{"worker profile", 18, func(ctx context.Context, e *env, r *rand.Rand) error {
		return e.query(ctx, "", `query($w: ID!) { worker(id: $w) { name skills { skill { name } level } honours { title } enterprise { name } lineage(direction: DOWN, depth: 3) { generation apprentice { name } } } }`,
			map[string]any{"w": []string{master, apprentice}[r.IntN(2)]})
	}},
	{"workers by trade", 8, func(ctx context.Context, e *env, r *rand.Rand) error {
		return e.query(ctx, "", `query($s: String!) { workers(filter: {skillCode: $s}, first: 20) { totalCount nodes { name enterprise { name } skills { level skill { name } } } } }`,
			map[string]any{"s": trades[r.IntN(len(trades))]})
	}},
	{"dashboard", 5, func(ctx context.Context, e *env, r *rand.Rand) error {
		return e.query(ctx, e.officer, `query($u: ID!) { dashboard(unionId: $u, period: "2026") { total { pairsSigned promotions targets { achieved ratio } } children { union { name } pairsSigned } trend(months: 12) { month signed completed solved } promotionsByLevel { level count } topMentors { mentor { name } completed } openProblemsByTrade { skill { name } count } stalledPairings { daysOverdue } } }`,
			map[string]any{"u": cityUnion})
	}},
	{"targetProgress", 5, func(ctx context.Context, e *env, r *rand.Rand) error {
		return e.query(ctx, e.officer, `query($u: ID!) { targetProgress(unionId: $u) { union { name } pairsSigned targets { achieved ratio } } }`,
			map[string]any{"u": cityUnion})
	}},
	{"createProblem", 4, func(ctx context.Context, e *env, r *rand.Rand) error {
		n := e.seq.Add(1)
		return e.query(ctx, e.enterprise, `mutation($e: ID!, $t: String!) { createProblem(input: {title: $t, description: "负载测试：薄板焊接变形，需要氩弧焊高级技师指导", enterpriseId: $e, skills: [{code: "6-18-02-04"}], urgency: NORMAL}) { id } }`,
			map[string]any{"e": e.enterpriseID, "t": fmt.Sprintf("负载测试问题 %d-%d", time.Now().Unix(), n)})
	}},
	{"mentor request cycle", 2, func(ctx context.Context, e *env, r *rand.Rand) error {
		var a apprenticeAccount
		select {
		case a = <-e.pool:
		case <-ctx.Done():
			return ctx.Err()
		}
		defer func() { e.pool <- a }()
		// A cycle cut in half at the end of a run would leave a PROPOSED request, and the next
		// cycle of this apprentice would be refused: let it finish.
		ctx = context.WithoutCancel(ctx)
		raw, err := e.post(ctx, a.token, `mutation($m: ID!) { requestMentor(mentorId: $m) { id status } }`, map[string]any{"m": master})
		if err != nil {
			return err
		}
		var resp hammer.Response
		if err := json.Unmarshal(raw, &resp); err != nil {
			return fmt.Errorf("decode response: %w", err)
		}
		id, _ := hammer.Dig(resp.Data, "requestMentor.id").(string)
		decline := func() error {
			return e.query(ctx, e.wang, `mutation($p: ID!) { respondPairing(id: $p, accept: false, reason: "名额已满（负载测试）") { id status } }`,
				map[string]any{"p": id})
		}
		err = decline()
		// A refused decline (the server busy, or away) would leave the request open and every
		// later cycle of this apprentice refused with CONFLICT: as a client honouring
		// Retry-After would, try again, but count the refusal.
		for i := 0; err != nil && i < 10 && retryable(err); i++ {
			time.Sleep(time.Second)
			if decline() == nil {
				break
			}
		}
		return err
	}},
}

// retryable reports whether err is a refusal a client should retry after a pause.
func retryable(err error) bool {
	switch errorCode(err) {
	case "OVERLOADED", "UNAVAILABLE", "TIMEOUT", "transport":
		return true
	}
	return false
}

func setup(ctx context.Context, c *hammer.Client, apprentices int, reads bool) (*env, error) {
	e := &env{c: c, pool: make(chan apprenticeAccount, apprentices)}
	var err error
	for _, x := range []struct {
		tok  *string
		user string
	}{{&e.officer, "cs.union"}, {&e.enterprise, "hengyue"}, {&e.admin, "admin"}, {&e.wang, "wangjianxiang"}} {
		if *x.tok, err = c.Login(ctx, x.user, password); err != nil {
			return nil, err
		}
	}
	r, err := c.Post(ctx, `query($w: ID!) { worker(id: $w) { enterprise { id } region { id } } }`, map[string]any{"w": master}, e.admin)
	if err != nil {
		return nil, fmt.Errorf("find demo IDs: %w", err)
	}
	e.enterpriseID, _ = hammer.Dig(r.Data, "worker.enterprise.id").(string)
	e.regionID, _ = hammer.Dig(r.Data, "worker.region.id").(string)
	if reads {
		return e, nil
	}
	stamp := time.Now().UnixNano() % 1_000_000_000
	for i := range apprentices {
		w, err := c.Post(ctx, `mutation($r: ID!, $n: String!) { createWorker(input: {name: $n, regionId: $r, roles: [APPRENTICE]}) { id } }`,
			map[string]any{"r": e.regionID, "n": fmt.Sprintf("负载学徒%d", i+1)}, e.admin)
		if err != nil {
			return nil, fmt.Errorf("create apprentice: %w", err)
		}
		wid, _ := hammer.Dig(w.Data, "createWorker.id").(string)
		user := fmt.Sprintf("load.%d.%d", stamp, i)
		if _, err := c.Post(ctx, `mutation($u: String!, $p: String!, $w: ID!) { createAccount(input: {username: $u, password: $p, role: APPRENTICE, scopeId: $w}) { id } }`,
			map[string]any{"u": user, "p": password, "w": wid}, e.admin); err != nil {
			return nil, fmt.Errorf("create account: %w", err)
		}
		tok, err := c.Login(ctx, user, password)
		if err != nil {
			return nil, err
		}
		e.pool <- apprenticeAccount{workerID: wid, token: tok}
	}
	return e, nil
}

// recorders holds one Recorder per operation of the mix.
type recorders map[string]*hammer.Recorder

func newRecorders(ops []op) recorders {
	r := recorders{}
	for _, o := range ops {
		r[o.name] = &hammer.Recorder{}
	}
	return r
}

// picker draws operations by weight.
func picker(ops []op) func(*rand.Rand) *op {
	total := 0
	for _, o := range ops {
		total += o.weight
	}
	return func(r *rand.Rand) *op {
		n := r.IntN(total)
		for i := range ops {
			if n < ops[i].weight {
				return &ops[i]
			}
			n -= ops[i].weight
		}
		return &ops[len(ops)-1]
	}
}

// Result is the JSON report of one run.
type Result struct {
	Mode       string                    `json:"mode"`
	Seconds    float64                   `json:"seconds"`
	Requests   int64                     `json:"requests"`
	RPS        float64                   `json:"rps"`
	Errors     int                       `json:"errors"`
	ErrorCodes map[string]int            `json:"error_codes,omitempty"` // errors by extensions.code ("transport": no GraphQL answer)
	Ops        map[string]hammer.Summary `json:"ops"`
	All        hammer.Summary            `json:"all"`
	RSSMiB     []float64                 `json:"rss_mib,omitempty"` // one sample per -sample interval
	PeakConc   int                       `json:"peak_concurrency,omitempty"`
	PeakRPS    float64                   `json:"peak_rps,omitempty"`
	Steps      []Step                    `json:"steps,omitempty"`
	Late       int64                     `json:"late,omitempty"` // open loop: requests started > 100 ms after their slot
	TargetRate float64                   `json:"target_rate,omitempty"`
}

// Step is one concurrency level of -find-peak.
type Step struct {
	Concurrency int            `json:"concurrency"`
	RPS         float64        `json:"rps"`
	P50ms       float64        `json:"p50_ms"`
	P99ms       float64        `json:"p99_ms"`
	Errors      int            `json:"errors"`
	ErrorCodes  map[string]int `json:"error_codes,omitempty"`
}

func main() {
	url := flag.String("url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint of a `jiangxin serve --demo`")
	conc := flag.Int("c", 8, "closed loop: concurrent clients")
	rate := flag.Float64("rate", 0, "open loop: requests per second (0: closed loop with -c clients)")
	dur := flag.Duration("duration", 20*time.Second, "measured duration")
	warm := flag.Duration("warmup", 3*time.Second, "unmeasured warm-up before the run")
	findPeak := flag.Bool("find-peak", false, "ramp concurrency 1, 2, 4, … until throughput stops growing")
	step := flag.Duration("step", 10*time.Second, "-find-peak: duration of each concurrency level")
	pid := flag.Int("pid", 0, "server process whose VmRSS to sample (0: none)")
	sample := flag.Duration("sample", 10*time.Second, "RSS and progress sampling interval")
	readsOnly := flag.Bool("reads", false, "leave the writes out of the mix")
	apprentices := flag.Int("apprentices", 8, "fresh apprentices created for the mentor request cycle")
	out := flag.String("json", "", "also write the result as JSON to this file")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ops := mix
	if *readsOnly {
		ops = nil
		for _, o := range mix {
			if o.name != "createProblem" && o.name != "mentor request cycle" {
				ops = append(ops, o)
			}
		}
	}
	c := hammer.NewClient(*url, 512)
	e, err := setup(ctx, c, *apprentices, *readsOnly)
	if err != nil {
		fmt.Fprintln(os.Stderr, "setup:", err)
		os.Exit(1)
	}
	pick := picker(ops)
	codes := &codeCounts{}
	do := func(ctx context.Context, rng *rand.Rand, recs recorders, start time.Time) {
		o := pick(rng)
		err := o.run(ctx, e, rng)
		if err != nil && ctx.Err() != nil {
			return // cut off by the end of the run, not a failure
		}
		if err != nil {
			codes.add(err)
		}
		recs[o.name].Add(time.Since(start), err)
	}
	closed := func(ctx context.Context, n int, d time.Duration, recs recorders) int64 {
		all := &hammer.Recorder{}
		return hammer.Closed(ctx, n, d, all, func(ctx context.Context, w int) error {
			rng := rand.New(rand.NewPCG(uint64(w), uint64(time.Now().UnixNano())))
			do(ctx, rng, recs, time.Now())
			return nil
		})
	}

	var res Result
	if *warm > 0 {
		closed(ctx, max(*conc, 2), *warm, newRecorders(ops))
	}
	codes.take() // the warm-up's errors are not counted
	if *findPeak {
		res = peak(ctx, ops, closed, *step, codes)
		report(res, ops)
		write(*out, res)
		return
	}
	recs := newRecorders(ops)
	var rss []float64
	var mu sync.Mutex
	sampler := func(ctx context.Context, done <-chan struct{}) {
		t := time.NewTicker(*sample)
		defer t.Stop()
		take := func() {
			if *pid == 0 {
				return
			}
			if b, err := hammer.RSS(*pid); err == nil {
				mu.Lock()
				rss = append(rss, float64(b)/(1<<20))
				fmt.Fprintf(os.Stderr, "load: %s rss %.1f MiB\n", time.Now().Format("15:04:05"), float64(b)/(1<<20))
				mu.Unlock()
			}
		}
		take()
		for {
			select {
			case <-t.C:
				take()
			case <-done:
				take()
				return
			case <-ctx.Done():
				return
			}
		}
	}
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() { sampler(ctx, done); close(sampled) }()
	start := time.Now()
	var n int64
	if *rate > 0 {
		res.Mode, res.TargetRate = "rate", *rate
		n, res.Late = open(ctx, *rate, *dur, do, recs)
	} else {
		res.Mode = fmt.Sprintf("closed, %d clients", *conc)
		n = closed(ctx, *conc, *dur, recs)
	}
	close(done)
	<-sampled
	secs := time.Since(start).Seconds()
	res.Seconds, res.Requests, res.RPS = secs, n, float64(n)/secs
	res.Ops = map[string]hammer.Summary{}
	all := &hammer.Recorder{}
	for name, r := range recs {
		s := r.Summary()
		res.Ops[name] = s
		res.Errors += s.Errors
		_ = name
	}
	// The combined percentiles: merge by re-adding (cheap at these sizes).
	res.All = merge(recs)
	res.Errors = res.All.Errors
	res.ErrorCodes = codes.take()
	_ = all
	mu.Lock()
	res.RSSMiB = rss
	mu.Unlock()
	report(res, ops)
	write(*out, res)
	if res.Errors > 0 {
		os.Exit(1)
	}
}

// open starts requests at rate per second for d, each in its own goroutine (at most 1024 in
// flight), timing each from its scheduled start. It returns the requests made and how many
// started more than 100 ms late because the in-flight bound was reached.
func open(ctx context.Context, rate float64, d time.Duration, do func(context.Context, *rand.Rand, recorders, time.Time), recs recorders) (int64, int64) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	interval := time.Duration(float64(time.Second) / rate)
	sem := make(chan struct{}, 1024)
	var wg sync.WaitGroup
	var n, late int64
	begin := time.Now()
	for i := int64(0); ; i++ {
		slot := begin.Add(time.Duration(i) * interval)
		if wait := time.Until(slot); wait > 0 {
			select {
			case <-time.After(wait):
			case <-ctx.Done():
			}
		}
		if ctx.Err() != nil {
			break
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		if time.Since(slot) > 100*time.Millisecond {
			late++
		}
		n++
		wg.Add(1)
		go func(seed int64) {
			defer wg.Done()
			defer func() { <-sem }()
			rng := rand.New(rand.NewPCG(uint64(seed), 7))
			// Requests in flight at the end finish under a context of their own.
			rctx, rcancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer rcancel()
			do(rctx, rng, recs, slot)
		}(i)
	}
	wg.Wait()
	return n, late
}

func merge(recs recorders) hammer.Summary {
	all := &hammer.Recorder{}
	errs := 0
	for _, r := range recs {
		r.Each(func(d time.Duration) { all.Add(d, nil) })
		errs += r.Summary().Errors
	}
	s := all.Summary()
	s.Errors = errs
	return s
}

// peak runs closed-loop steps of doubling concurrency and stops once two steps in a row add
// less than 5 % throughput over the best so far.
func peak(ctx context.Context, ops []op, closed func(context.Context, int, time.Duration, recorders) int64, step time.Duration, codes *codeCounts) Result {
	res := Result{Mode: "find-peak"}
	best, flat := 0.0, 0
	for c := 1; c <= 256 && ctx.Err() == nil; c *= 2 {
		recs := newRecorders(ops)
		t0 := time.Now()
		n := closed(ctx, c, step, recs)
		rps := float64(n) / time.Since(t0).Seconds()
		s := merge(recs)
		stepCodes := codes.take()
		res.Steps = append(res.Steps, Step{Concurrency: c, RPS: rps, P50ms: s.P50ms, P99ms: s.P99ms, Errors: s.Errors, ErrorCodes: stepCodes})
		res.Errors += s.Errors
		fmt.Fprintf(os.Stderr, "load: %3d clients %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d %s\n", c, rps, s.P50ms, s.P99ms, s.Errors, formatCodes(stepCodes))
		for name, r := range recs {
			if e := r.Summary().LastError; e != "" {
				fmt.Fprintf(os.Stderr, "load:     last error of %s: %s\n", name, e)
			}
		}
		if rps > best*1.05 {
			best, flat = rps, 0
			res.PeakConc, res.PeakRPS = c, rps
		} else if flat++; flat >= 2 {
			break
		}
	}
	return res
}

func report(res Result, ops []op) {
	if res.Mode == "find-peak" {
		fmt.Printf("%-12s %10s %9s %9s %7s\n", "clients", "req/s", "p50 ms", "p99 ms", "errors")
		for _, s := range res.Steps {
			fmt.Printf("%-12d %10.1f %9.2f %9.2f %7d\n", s.Concurrency, s.RPS, s.P50ms, s.P99ms, s.Errors)
		}
		fmt.Printf("peak: %.1f req/s at %d clients; 80%% of peak: -rate %.0f\n", res.PeakRPS, res.PeakConc, 0.8*res.PeakRPS)
		return
	}
	fmt.Printf("%s: %d requests in %.1f s = %.1f req/s, %d errors", res.Mode, res.Requests, res.Seconds, res.RPS, res.Errors)
	if res.TargetRate > 0 {
		fmt.Printf(" (target %.0f/s, %d started late)", res.TargetRate, res.Late)
	}
	if len(res.ErrorCodes) > 0 {
		fmt.Printf(" by code: %s", formatCodes(res.ErrorCodes))
	}
	fmt.Println()
	fmt.Printf("%-22s %7s %7s %9s %9s %9s %9s\n", "operation", "count", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms")
	names := make([]string, 0, len(ops))
	for _, o := range ops {
		names = append(names, o.name)
	}
	for _, n := range names {
		s := res.Ops[n]
		fmt.Printf("%-22s %7d %7d %9.2f %9.2f %9.2f %9.2f\n", n, s.Count, s.Errors, s.P50ms, s.P90ms, s.P99ms, s.MaxMs)
	}
	s := res.All
	fmt.Printf("%-22s %7d %7d %9.2f %9.2f %9.2f %9.2f\n", "all", s.Count, s.Errors, s.P50ms, s.P90ms, s.P99ms, s.MaxMs)
	for _, n := range names {
		if e := res.Ops[n].LastError; e != "" {
			fmt.Printf("last error of %s: %s\n", n, e)
		}
	}
	if len(res.RSSMiB) > 0 {
		lo, hi := res.RSSMiB[0], res.RSSMiB[0]
		for _, v := range res.RSSMiB {
			lo, hi = min(lo, v), max(hi, v)
		}
		sorted := append([]float64(nil), res.RSSMiB...)
		sort.Float64s(sorted)
		fmt.Printf("server RSS MiB: first %.1f, last %.1f, min %.1f, max %.1f over %d samples: %v\n",
			res.RSSMiB[0], res.RSSMiB[len(res.RSSMiB)-1], lo, hi, len(res.RSSMiB), rounded(res.RSSMiB))
	}
}

func rounded(v []float64) []int {
	out := make([]int, len(v))
	for i, x := range v {
		out[i] = int(x + 0.5)
	}
	return out
}

func write(path string, res Result) {
	if path == "" {
		return
	}
	b, _ := json.MarshalIndent(res, "", "  ")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "write:", err)
		os.Exit(1)
	}
}

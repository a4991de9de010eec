package fault

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// neo4jLauncher runs dev/neo4j/neo4j.sh with a port, data and run directory of its own, so the
// test can stop and start its Neo4j without touching anyone else's.
type neo4jLauncher struct {
	t   *testing.T
	env []string
}

func (n *neo4jLauncher) run(action string) time.Duration {
	n.t.Helper()
	start := time.Now()
	cmd := exec.Command("../../dev/neo4j/neo4j.sh", action)
	cmd.Env = append(os.Environ(), n.env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		n.t.Fatalf("neo4j.sh %s: %v\n%s", action, err, out)
	}
	return time.Since(start)
}

// probe is one request of the outage load.
type probe struct {
	at, took time.Duration // since the load's start
	kind     string
	outcome  string // "ok", a GraphQL error code, or "transport"
}

// TestNeo4jOutage stops Neo4j under load and starts it again: while it is down requests must
// fail fast with an error code and /readyz must answer 503; once it is back the same server
// process must serve reads and writes again, with the data written before the outage intact.
func TestNeo4jOutage(t *testing.T) {
	port := os.Getenv("NEO4J_FAULT_PORT")
	if port == "" {
		t.Skip("NEO4J_FAULT_PORT not set: this test starts and stops a Neo4j of its own (Java 17 and Maven needed); " +
			"run: NEO4J_FAULT_PORT=18787 go test -v -run Neo4jOutage ./test/fault/")
	}
	const requestTimeout = 5 * time.Second
	dir := t.TempDir()
	neo := &neo4jLauncher{t: t, env: []string{"NEO4J_PORT=" + port, "NEO4J_DATA_DIR=" + filepath.Join(dir, "neo4j-data"),
		"NEO4J_RUN_DIR=" + filepath.Join(dir, "neo4j-run")}}
	t.Logf("neo4j started in %v", neo.run("start").Round(time.Millisecond))
	t.Cleanup(func() { neo.run("stop") })

	p := newProc(t, filepath.Join(dir, "data"), nil, "--graph", "neo4j", "--neo4j-uri", "bolt://127.0.0.1:"+port,
		"--request-timeout", requestTimeout.String())
	p.start()
	t.Logf("jiangxin on neo4j ready in %v (demo city loaded)", p.waitReady(5*time.Minute).Round(time.Millisecond))
	ent, entID := login(t, p.url(), "hengyue")
	anon := &client{url: p.url(), http: &http.Client{Timeout: 4 * requestTimeout}}

	var mu sync.Mutex
	var probes []probe
	var acked []string // problem IDs acknowledged before the outage
	loadStart := time.Now()
	record := func(kind string, start time.Time, r *response, err error) {
		pr := probe{at: start.Sub(loadStart), took: time.Since(start), kind: kind, outcome: "ok"}
		switch {
		case err == nil:
		case errors.Is(err, errTransport) || r == nil:
			pr.outcome = "transport"
		default:
			pr.outcome = r.code()
		}
		mu.Lock()
		probes = append(probes, pr)
		mu.Unlock()
	}
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	loop := func(kind string, f func() (*response, error)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				start := time.Now()
				r, err := f()
				if ctx.Err() != nil {
					return
				}
				record(kind, start, r, err)
				time.Sleep(50 * time.Millisecond)
			}
		}()
	}
	loop("read", func() (*response, error) {
		return anon.do(context.Background(), `{ workers(filter: {skillCode: "6-18-02-04"}, first: 5) { totalCount nodes { name enterprise { name } } } }`, nil, nil)
	})
	seq := 0
	loop("write", func() (*response, error) {
		seq++
		var out struct{ CreateProblem struct{ ID string } }
		r, err := ent.do(context.Background(), qCreateProblem, map[string]any{"in": map[string]any{
			"title": fmt.Sprintf("停机测试 %d", seq), "enterpriseId": entID}}, &out)
		if err == nil {
			mu.Lock()
			acked = append(acked, out.CreateProblem.ID)
			mu.Unlock()
		}
		return r, err
	})
	readyz := func() (int, time.Duration) {
		start := time.Now()
		resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(p.url() + "/readyz")
		if err != nil {
			return 0, time.Since(start)
		}
		resp.Body.Close()
		return resp.StatusCode, time.Since(start)
	}

	time.Sleep(4 * time.Second)
	mu.Lock()
	before := len(acked)
	mu.Unlock()
	stopBegan := time.Since(loadStart)
	t.Logf("neo4j stopped in %v", neo.run("stop").Round(time.Millisecond))
	down := time.Since(loadStart)

	// While Neo4j is down: /readyz must say 503, quickly.
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, took := readyz()
		if code == http.StatusServiceUnavailable {
			t.Logf("/readyz answered 503 in %v during the outage", took.Round(time.Millisecond))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still answers %d (in %v) with neo4j down", code, took)
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(8 * time.Second)
	upBegan := time.Since(loadStart)
	t.Logf("neo4j started again in %v", neo.run("start").Round(time.Millisecond))
	started := time.Now()
	upDone := time.Since(loadStart)

	// Recovery without a restart: /readyz 200 and a read and a write succeed.
	var recovered time.Duration
	last := ""
	for {
		code, _ := readyz()
		rr, rerr := anon.do(context.Background(), `{ workers(first: 1) { totalCount } }`, nil, nil)
		wr, werr := ent.do(context.Background(), qCreateProblem, map[string]any{"in": map[string]any{
			"title": "停机测试 恢复", "enterpriseId": entID}}, nil)
		state := fmt.Sprintf("readyz %d, read %s, write %s", code, outcomeOf(rr, rerr), outcomeOf(wr, werr))
		if state != last {
			t.Logf("%v after neo4j was back: %s", time.Since(started).Round(time.Millisecond), state)
			last = state
		}
		if code == http.StatusOK && rerr == nil && werr == nil {
			recovered = time.Since(started)
			break
		}
		if time.Since(started) > time.Minute {
			t.Fatalf("not recovered a minute after neo4j came back: readyz %d, read %v, write %v", code, rerr, werr)
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(2 * time.Second)
	stop()
	wg.Wait()
	select {
	case <-p.exited:
		t.Fatal("the server process exited during the outage")
	default:
	}

	// Requests sent while neo4j was fully down failed fast with an error code.
	var during, ok, slow int
	codes := map[string]int{}
	var worst time.Duration
	for _, pr := range probes {
		if pr.at < down || pr.at+pr.took > upDone {
			continue
		}
		during++
		codes[pr.outcome]++
		worst = max(worst, pr.took)
		switch {
		case pr.outcome == "ok":
			ok++
		case pr.took >= 2*requestTimeout:
			slow++
		}
	}
	var list []string
	for c, n := range codes {
		list = append(list, fmt.Sprintf("%s×%d", c, n))
	}
	sort.Strings(list)
	t.Logf("outage: stop began at %v, neo4j down from %v, start began at %v and answered at %v; %d requests ran entirely while it was down: %s; slowest %v; recovered %v after neo4j answered",
		stopBegan.Round(time.Millisecond), down.Round(time.Millisecond), upBegan.Round(time.Millisecond), upDone.Round(time.Millisecond), during,
		strings.Join(list, " "), worst.Round(time.Millisecond), recovered.Round(time.Millisecond))
	// A timeline of the outage, in one-second buckets from the moment the stop began.
	buckets := map[int]map[string]int{}
	for _, pr := range probes {
		if pr.at < stopBegan-time.Second {
			continue
		}
		b := int((pr.at - stopBegan) / time.Second)
		if buckets[b] == nil {
			buckets[b] = map[string]int{}
		}
		buckets[b][pr.kind+" "+pr.outcome+" "+pr.took.Round(100*time.Millisecond).String()]++
	}
	var secs []int
	for b := range buckets {
		secs = append(secs, b)
	}
	sort.Ints(secs)
	var tl strings.Builder
	for _, b := range secs {
		var cells []string
		for k, n := range buckets[b] {
			cells = append(cells, fmt.Sprintf("%s×%d", k, n))
		}
		sort.Strings(cells)
		fmt.Fprintf(&tl, "  t+%3ds %s\n", b, strings.Join(cells, ", "))
	}
	t.Logf("requests by start second after the stop began (kind outcome latency×count):\n%s", tl.String())
	errLines := p.logLines("internal error", 1000)
	if len(errLines) > 6 {
		errLines = append(errLines[:3], errLines[len(errLines)-3:]...)
	}
	for _, line := range errLines {
		t.Logf("server log: %s", line)
	}
	if during == 0 {
		t.Fatal("no request ran during the outage")
	}
	if ok > 0 {
		t.Errorf("%d requests succeeded with neo4j down", ok)
	}
	if slow > 0 {
		t.Errorf("%d requests took 2× the request timeout (%v) or more", slow, requestTimeout)
	}
	if codes["transport"] > 0 {
		t.Errorf("%d requests got no GraphQL answer (want an error code)", codes["transport"])
	}

	// Data written before the outage is intact.
	admin, _ := login(t, p.url(), "admin")
	for _, id := range acked[:before] {
		var out struct{ Problem *struct{ ID string } }
		admin.must(t, `query($id: ID!) { problem(id: $id) { id } }`, map[string]any{"id": id}, &out)
		if out.Problem == nil {
			t.Errorf("problem %s acknowledged before the outage is gone", id)
		}
	}
	t.Logf("%d problems acknowledged before the outage all present", before)
}

// outcomeOf names a request's outcome: "ok", its error code, or "transport".
func outcomeOf(r *response, err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, errTransport) || r == nil:
		return "transport"
	}
	return r.code()
}

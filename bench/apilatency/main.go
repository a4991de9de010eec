// Command apilatency measures GraphQL latencies of a running Jiangxin server on the demo city:
// it sends each query of a small realistic set N times, one at a time, and prints the median
// and 99th percentile per query. It signs in as a union officer of the demo city first, so the
// dashboard queries run as they do for their users.
//
//	go run ./bench/apilatency -url http://127.0.0.1:8080/graphql -n 300
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"time"
)

// The demo city's well-known IDs (demo.Build with default options).
const (
	apprentice = "wkr_01KJKEHJMMTYDFE20G32EP79E3"
	master     = "wkr_01KJKEHJMDSF5JAYM7NRF44VX5"
	cncProblem = "prb_01KJKEHJXJNS87X1YGJ88DE7ME"
	cityUnion  = "uni_01KJKB3Q04BZV02CYQP22D2995"
)

var queries = []struct{ name, query string }{
	{"search 氩弧焊 + facets", `{ search(query: "氩弧焊", facets: [SKILL, LEVEL]) { totalCount hits { id node { ... on Worker { name } } highlights { field fragments } } facets { facet values { value count } } } }`},
	{"search 數控 workers", `{ search(query: "數控", kinds: [WORKER]) { totalCount hits { id } } }`},
	{"suggestSkills 焊", `{ suggestSkills(prefix: "焊") { code name } }`},
	{"worker profile", `{ worker(id: "` + master + `") { name skills { skill { name } level } honours { title } enterprise { name } lineage(direction: DOWN, depth: 3) { generation apprentice { name } } } }`},
	{"mentorsFor", `{ mentorsFor(apprenticeId: "` + apprentice + `", first: 10) { matches { worker { name } score { total } } } }`},
	{"expertTeamFor", `{ expertTeamFor(problemId: "` + cncProblem + `") { members { worker { name } } exact } }`},
	{"dashboard (all panels)", `{ dashboard(unionId: "` + cityUnion + `", period: "2026") { total { pairsSigned promotions targets { achieved ratio } } children { union { name } pairsSigned targets { target { kind number } achieved ratio } } trend(months: 12) { month signed completed solved } promotionsByLevel { level count } topMentors { mentor { name } completed } openProblemsByTrade { skill { name } count } stalledPairings { daysOverdue pairing { mentor { name } } } } }`},
	{"targetProgress", `{ targetProgress(unionId: "` + cityUnion + `") { union { name } pairsSigned targets { achieved ratio } } }`},
	{"auditTrail, 20", `{ auditTrail(unionId: "` + cityUnion + `", first: 20) { totalCount nodes { at actorName action summary } } }`},
	{"workers by trade, 20", `{ workers(filter: {skillCode: "6-18-02-04"}, first: 20) { totalCount nodes { name enterprise { name } skills { level skill { name } } } } }`},
}

func main() {
	url := flag.String("url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint")
	n := flag.Int("n", 200, "requests per query")
	user := flag.String("user", "cs.union", "demo account to sign in as")
	password := flag.String("password", "jiangxin-2026", "its password")
	flag.Parse()
	client := &http.Client{Timeout: 30 * time.Second}
	token, err := login(client, *url, *user, *password)
	if err != nil {
		fmt.Fprintln(os.Stderr, "login:", err)
		os.Exit(1)
	}
	fmt.Printf("%-26s %8s %8s %8s\n", "query", "p50 ms", "p99 ms", "errors")
	for _, q := range queries {
		body, _ := json.Marshal(map[string]string{"query": q.query})
		var lat []float64
		errs := 0
		for i := 0; i < *n+10; i++ {
			start := time.Now()
			req, _ := http.NewRequest(http.MethodPost, *url, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := client.Do(req)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			d := time.Since(start)
			if resp.StatusCode != 200 || bytes.Contains(raw, []byte(`"errors"`)) {
				errs++
			}
			if i >= 10 { // warm-up
				lat = append(lat, float64(d.Microseconds())/1000)
			}
		}
		slices.Sort(lat)
		fmt.Printf("%-26s %8.2f %8.2f %8d\n", q.name, lat[len(lat)/2], lat[len(lat)*99/100], errs)
	}
}

// login signs in and returns the bearer token.
func login(client *http.Client, url, user, password string) (string, error) {
	body, _ := json.Marshal(map[string]any{
		"query":     `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
		"variables": map[string]string{"u": user, "p": password},
	})
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Data struct {
			Login struct{ Token string } `json:"login"`
		} `json:"data"`
		Errors []struct{ Message string } `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return "", err
	}
	if len(out.Errors) > 0 || out.Data.Login.Token == "" {
		return "", fmt.Errorf("refused: %v", out.Errors)
	}
	return out.Data.Login.Token, nil
}

package matching

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"jiangxin/graph"
)

// randomCampaign returns a small random campaign; dense makes every pair eligible with a
// positive score (the LAPJV shape).
func randomCampaign(rng *rand.Rand, dense bool) Campaign {
	n := 1 + rng.IntN(6)
	m := 1 + rng.IntN(4)
	c := Campaign{Apprentices: n, Capacity: make([]int, m)}
	for j := range c.Capacity {
		c.Capacity[j] = rng.IntN(3)
		if dense {
			c.Capacity[j]++
		}
	}
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			if !dense && rng.IntN(3) == 0 {
				continue
			}
			// Coarse scores make ties common; some are non-positive.
			s := float64(rng.IntN(9)) / 2
			if !dense {
				s -= 1
			} else {
				s += 0.5
			}
			c.Pairs = append(c.Pairs, Pair{Apprentice: int32(i), Mentor: int32(j), Score: s})
		}
	}
	rng.Shuffle(len(c.Pairs), func(a, b int) { c.Pairs[a], c.Pairs[b] = c.Pairs[b], c.Pairs[a] })
	if rng.IntN(3) == 0 {
		c.MaxPairs = 1 + rng.IntN(n)
	}
	return c
}

// bruteForce returns the best scaled total over every feasible assignment.
func bruteForce(c Campaign) int64 {
	byRow := make([][]Pair, c.Apprentices)
	for _, p := range c.Pairs {
		byRow[p.Apprentice] = append(byRow[p.Apprentice], p)
	}
	used := make([]int, len(c.Capacity))
	best := int64(0)
	var rec func(i, pairs int, total int64)
	rec = func(i, pairs int, total int64) {
		if i == c.Apprentices {
			best = max(best, total)
			return
		}
		rec(i+1, pairs, total)
		if c.MaxPairs > 0 && pairs == c.MaxPairs {
			return
		}
		for _, p := range byRow[i] {
			if used[p.Mentor] < c.Capacity[p.Mentor] {
				used[p.Mentor]++
				rec(i+1, pairs+1, total+int64(math.Round(p.Score*ScoreScale)))
				used[p.Mentor]--
			}
		}
	}
	rec(0, 0, 0)
	return best
}

// checkFeasible verifies the constraints and recomputes the total.
func checkFeasible(t *testing.T, c Campaign, a Assignment) {
	t.Helper()
	seen := map[int32]bool{}
	used := make([]int, len(c.Capacity))
	var total int64
	for _, p := range a.Pairs {
		if seen[p.Apprentice] {
			t.Fatalf("apprentice %d assigned twice", p.Apprentice)
		}
		seen[p.Apprentice] = true
		used[p.Mentor]++
		pr := c.Pairs[p.Pair]
		if pr.Apprentice != p.Apprentice || pr.Mentor != p.Mentor || pr.Score != p.Score {
			t.Fatalf("pair %+v does not match input %+v", p, pr)
		}
		if pr.Score*ScoreScale < 0.5 {
			t.Fatalf("non-positive pair %+v assigned", p)
		}
		total += int64(math.Round(pr.Score * ScoreScale))
	}
	for j, u := range used {
		if u > c.Capacity[j] {
			t.Fatalf("mentor %d over capacity: %d > %d", j, u, c.Capacity[j])
		}
	}
	if c.MaxPairs > 0 && len(a.Pairs) > c.MaxPairs {
		t.Fatalf("%d pairs exceed cap %d", len(a.Pairs), c.MaxPairs)
	}
	if total != a.TotalScaled {
		t.Fatalf("TotalScaled %d, recomputed %d", a.TotalScaled, total)
	}
	if a.UnassignedApprentices != c.Apprentices-len(a.Pairs) {
		t.Fatalf("UnassignedApprentices %d, want %d", a.UnassignedApprentices, c.Apprentices-len(a.Pairs))
	}
}

func TestAssignMatchesBruteForce(t *testing.T) {
	for _, method := range []string{"", "ssp", "capped", "remove", "lapjv"} {
		t.Run("method="+method, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(len(method))))
			for k := 0; k < 3000; k++ {
				c := randomCampaign(rng, method == "lapjv" || k%4 == 0)
				if method == "lapjv" {
					c.MaxPairs = 0
				}
				a, err := assign(c, method)
				if err != nil {
					t.Fatal(err)
				}
				checkFeasible(t, c, a)
				if want := bruteForce(c); a.TotalScaled != want {
					t.Fatalf("instance %d (%+v): total %d, brute force %d (method %s)", k, c, a.TotalScaled, want, a.Method)
				}
				b, _ := assign(c, method)
				if len(a.Pairs) != len(b.Pairs) {
					t.Fatalf("not deterministic")
				}
				for x := range a.Pairs {
					if a.Pairs[x] != b.Pairs[x] {
						t.Fatalf("not deterministic: %+v vs %+v", a.Pairs[x], b.Pairs[x])
					}
				}
			}
		})
	}
}

func TestAssignRejectsInvalidInput(t *testing.T) {
	ok := Campaign{Apprentices: 2, Capacity: []int{1, 1}, Pairs: []Pair{{0, 0, 1}, {1, 1, 2}}}
	tests := []struct {
		name string
		edit func(c *Campaign)
	}{
		{"negative apprentices", func(c *Campaign) { c.Apprentices = -1 }},
		{"negative capacity", func(c *Campaign) { c.Capacity[1] = -2 }},
		{"negative cap", func(c *Campaign) { c.MaxPairs = -1 }},
		{"unknown apprentice", func(c *Campaign) { c.Pairs[0].Apprentice = 2 }},
		{"negative apprentice index", func(c *Campaign) { c.Pairs[0].Apprentice = -1 }},
		{"unknown mentor", func(c *Campaign) { c.Pairs[1].Mentor = 5 }},
		{"duplicate pair", func(c *Campaign) { c.Pairs = append(c.Pairs, Pair{0, 0, 3}) }},
		{"NaN score", func(c *Campaign) { c.Pairs[0].Score = math.NaN() }},
		{"infinite score", func(c *Campaign) { c.Pairs[0].Score = math.Inf(1) }},
		{"huge score", func(c *Campaign) { c.Pairs[0].Score = 2 * MaxCampaignScore }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			c.Capacity = append([]int(nil), ok.Capacity...)
			c.Pairs = append([]Pair(nil), ok.Pairs...)
			tt.edit(&c)
			if _, err := Assign(c); !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("Assign: err = %v, want ErrInvalid", err)
			}
		})
	}
	t.Run("valid", func(t *testing.T) {
		a, err := Assign(ok)
		if err != nil || len(a.Pairs) != 2 || a.Total != 3 || a.CapRemaining != -1 {
			t.Fatalf("Assign = %+v, %v", a, err)
		}
	})
}

func TestAssignReport(t *testing.T) {
	// Two apprentices want mentor 0 (capacity 1); mentor 1 is idle; a zero-score pair is
	// never taken; the cap of 1 keeps only the best pair.
	c := Campaign{Apprentices: 3, Capacity: []int{1, 2}, MaxPairs: 0,
		Pairs: []Pair{{0, 0, 5}, {1, 0, 4}, {2, 1, 0}, {1, 1, 1}}}
	a, err := Assign(c)
	if err != nil {
		t.Fatal(err)
	}
	if a.Total != 6 || len(a.Pairs) != 2 || a.UnassignedApprentices != 1 || a.FreeCapacity != 1 || a.IdleMentors != 0 {
		t.Fatalf("uncapped: %+v", a)
	}
	c.MaxPairs = 1
	a, err = Assign(c)
	if err != nil {
		t.Fatal(err)
	}
	if a.Total != 5 || len(a.Pairs) != 1 || a.CapRemaining != 0 || a.IdleMentors != 1 || a.Method != "ssp-capped" {
		t.Fatalf("capped: %+v", a)
	}
}

// TestAssignMethodsAgree cross-checks the three algorithms on medium random instances, where
// brute force is out of reach.
func TestAssignMethodsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for k := 0; k < 40; k++ {
		n, m := 30+rng.IntN(120), 5+rng.IntN(40)
		c := Campaign{Apprentices: n, Capacity: make([]int, m)}
		for j := range c.Capacity {
			c.Capacity[j] = 1 + rng.IntN(4)
		}
		for i := 0; i < n; i++ {
			for j := 0; j < m; j++ {
				c.Pairs = append(c.Pairs, Pair{int32(i), int32(j), float64(1+rng.IntN(1000)) / 100})
			}
		}
		var totals []int64
		for _, method := range []string{"ssp", "capped", "lapjv"} {
			a, err := assign(c, method)
			if err != nil {
				t.Fatal(err)
			}
			checkFeasible(t, c, a)
			totals = append(totals, a.TotalScaled)
		}
		if totals[0] != totals[1] || totals[0] != totals[2] {
			t.Fatalf("instance %d: totals differ: %v", k, totals)
		}
		// Sparse: keep a fifth of the pairs, cap every other instance, and compare every
		// method with the textbook reference flow.
		sparse := c
		sparse.Pairs = nil
		for _, p := range c.Pairs {
			if rng.IntN(5) == 0 {
				sparse.Pairs = append(sparse.Pairs, p)
			}
		}
		sparse.MaxPairs = 0
		if k%2 == 1 {
			sparse.MaxPairs = 1 + rng.IntN(n)
		}
		want := referenceFlow(sparse)
		for _, method := range []string{"ssp", "capped", "remove"} {
			a, err := assign(sparse, method)
			if err != nil {
				t.Fatal(err)
			}
			checkFeasible(t, sparse, a)
			if a.TotalScaled != want {
				t.Fatalf("sparse instance %d: %s total %d, reference %d", k, method, a.TotalScaled, want)
			}
		}
	}
}

// referenceFlow is a slow textbook oracle: successive shortest paths with Bellman–Ford on the
// explicit network source → apprentices → mentors → sink, augmenting while a path gains.
func referenceFlow(c Campaign) int64 {
	n, m := c.Apprentices, len(c.Capacity)
	N := n + m + 2
	src, snk := n+m, n+m+1
	type arc struct {
		to, rev int
		cap     int
		cost    int64
	}
	g := make([][]arc, N)
	add := func(u, v, cp int, cost int64) {
		g[u] = append(g[u], arc{v, len(g[v]), cp, cost})
		g[v] = append(g[v], arc{u, len(g[u]) - 1, 0, -cost})
	}
	for i := 0; i < n; i++ {
		add(src, i, 1, 0)
	}
	for j := 0; j < m; j++ {
		add(n+j, snk, c.Capacity[j], 0)
	}
	for _, p := range c.Pairs {
		if w := int64(math.Round(p.Score * ScoreScale)); w > 0 {
			add(int(p.Apprentice), n+int(p.Mentor), 1, -w)
		}
	}
	var total int64
	for flow := 0; c.MaxPairs == 0 || flow < c.MaxPairs; flow++ {
		dist := make([]int64, N)
		for k := range dist {
			dist[k] = math.MaxInt64
		}
		dist[src] = 0
		pv, pa := make([]int, N), make([]int, N)
		for changed := true; changed; {
			changed = false
			for u := 0; u < N; u++ {
				if dist[u] == math.MaxInt64 {
					continue
				}
				for k, a := range g[u] {
					if a.cap > 0 && dist[u]+a.cost < dist[a.to] {
						dist[a.to] = dist[u] + a.cost
						pv[a.to], pa[a.to] = u, k
						changed = true
					}
				}
			}
		}
		if dist[snk] >= 0 {
			break
		}
		total -= dist[snk]
		for v := snk; v != src; v = pv[v] {
			a := &g[pv[v]][pa[v]]
			a.cap--
			g[v][a.rev].cap++
		}
	}
	return total
}

func TestAssignDenseMatchesSparse(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for k := 0; k < 300; k++ {
		n, m := 1+rng.IntN(12), 1+rng.IntN(8)
		c := DenseCampaign{Apprentices: n, Capacity: make([]int, m), Scores: make([]float64, n*m)}
		for j := range c.Capacity {
			c.Capacity[j] = 1 + rng.IntN(3)
		}
		sc := Campaign{Apprentices: n, Capacity: c.Capacity}
		for x := range c.Scores {
			c.Scores[x] = float64(rng.IntN(50)) / 10
			if k%2 == 0 {
				c.Scores[x] += 0.1 // complete: the LAPJV path
			}
			sc.Pairs = append(sc.Pairs, Pair{int32(x / m), int32(x % m), c.Scores[x]})
		}
		a, err := AssignDense(c)
		if err != nil {
			t.Fatal(err)
		}
		checkFeasible(t, sc, a)
		if want := referenceFlow(sc); a.TotalScaled != want {
			t.Fatalf("instance %d: dense total %d, reference %d (%s)", k, a.TotalScaled, want, a.Method)
		}
	}
	if _, err := AssignDense(DenseCampaign{Apprentices: 2, Capacity: []int{1}, Scores: []float64{1}}); !errors.Is(err, graph.ErrInvalid) {
		t.Fatalf("wrong-size matrix: err = %v", err)
	}
	if _, err := AssignDense(DenseCampaign{Apprentices: 1, Capacity: []int{1}, Scores: []float64{math.NaN()}}); !errors.Is(err, graph.ErrInvalid) {
		t.Fatalf("NaN: err = %v", err)
	}
}

// TestAssignComponentsInParallel checks that solving connected components concurrently gives
// exactly the sequential result on a district-shaped instance.
func TestAssignComponentsInParallel(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	const n, m, districts = 12000, 3000, 12
	c := Campaign{Apprentices: n, Capacity: make([]int, m)}
	for j := range c.Capacity {
		c.Capacity[j] = 1 + rng.IntN(4)
	}
	per := m / districts
	for i := 0; i < n; i++ {
		d := rng.IntN(districts)
		for _, k := range rng.Perm(per)[:8] {
			c.Pairs = append(c.Pairs, Pair{int32(i), int32(d*per + k), float64(1+rng.IntN(1000)) / 100})
		}
	}
	p, err := newProblem(c)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(p.components()); got != districts {
		t.Fatalf("%d components, want %d", got, districts)
	}
	seq := newSSP(p)
	seq.runRows(1)
	par := newSSP(p)
	par.runRows(4)
	for i := range seq.rowEdge {
		if seq.rowEdge[i] != par.rowEdge[i] {
			t.Fatalf("row %d: sequential edge %d, parallel %d", i, seq.rowEdge[i], par.rowEdge[i])
		}
	}
	a := p.result(c, par.edgeOfRow(), "ssp")
	checkFeasible(t, c, a)
}

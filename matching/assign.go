package matching

import (
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"jiangxin/graph"
)

// ScoreScale is the fixed-point factor applied to campaign scores: a score s is optimised as the
// integer round(s × ScoreScale). Assignment is exactly optimal for these scaled scores; against
// the raw float scores the reported total is therefore within len(Pairs) × 1e-6 of the float
// optimum (each pair's rounding error is at most 0.5e-6, counted once for each side).
const ScoreScale = 1e6

// MaxCampaignScore bounds |score| so that scaled totals of millions of pairs fit in an int64.
const MaxCampaignScore = 1e6

// Pair is an eligible apprentice–mentor pair of a campaign with its match score. Apprentice and
// Mentor are indices into the campaign's apprentices and Capacity.
type Pair struct {
	Apprentice int32
	Mentor     int32
	Score      float64
}

// Campaign is a batch-matching instance: Apprentices apprentices (indices 0…Apprentices−1), one
// mentor per entry of Capacity (the mentor's remaining capacity), the sparse eligible pairs, and
// an optional cap on the number of pairs proposed (MaxPairs; 0 means no cap).
type Campaign struct {
	Apprentices int
	Capacity    []int
	Pairs       []Pair
	MaxPairs    int
}

// Assigned is one proposed pair of an Assignment; Pair indexes Campaign.Pairs.
type Assigned struct {
	Apprentice int32
	Mentor     int32
	Score      float64
	Pair       int32
}

// Assignment is the optimal proposal for a campaign.
type Assignment struct {
	// Pairs holds the chosen pairs ordered by apprentice.
	Pairs []Assigned
	// Total is the sum of the chosen pairs' scores; TotalScaled the same sum in ScoreScale units,
	// which is the quantity maximised exactly.
	Total       float64
	TotalScaled int64
	// UnassignedApprentices counts apprentices left without a mentor; IdleMentors mentors with
	// capacity left that got nobody; FreeCapacity the capacity left over all mentors.
	UnassignedApprentices int
	IdleMentors           int
	FreeCapacity          int
	// CapRemaining is MaxPairs − len(Pairs) when a cap is set, −1 otherwise.
	CapRemaining int
	// Method names the algorithm used: "ssp" (sparse successive shortest paths), "ssp-capped"
	// (the cap was binding) or "lapjv" (dense complete instance).
	Method string
}

// Assign returns the assignment of apprentices to mentors with the greatest total score such
// that each apprentice gets at most one mentor, each mentor at most its capacity, and at most
// MaxPairs pairs are made when MaxPairs > 0. It maximises weight, not cardinality: a pair whose
// scaled score is ≤ 0 is never assigned, and an apprentice stays unassigned whenever giving it a
// mentor would lower the total. The result is exactly optimal for scores scaled by ScoreScale
// and deterministic: the same input always yields the same pairs.
//
// Algorithm. The instance is a min-cost flow source → apprentice (1) → mentor (capacity) → sink
// with cost −score, stored as flat CSR arrays with int64 costs. Without a binding cap, apprentices
// are added one at a time and each is routed along a shortest augmenting path (Dijkstra with
// node potentials, a binary heap with lazy deletion, early exit as soon as no cheaper path can
// exist) in the residual graph, where leaving an apprentice unmatched is a zero-cost arc to the
// sink; mentor capacity is a multi-unit arc to the sink, so a mentor is never expanded into
// slots. This keeps the flow optimal for the apprentices added so far (the Hungarian argument),
// so the final flow is optimal. When the unconstrained optimum has more pairs than MaxPairs,
// the cap is met by plain successive shortest paths from the source, one unit at a time, until
// the best augmenting path no longer gains or the cap is reached (the gain of successive paths
// never grows, so the first non-gaining path ends the search for every larger count too); each
// unit is one Dijkstra from a virtual source joined to all unmatched apprentices, which enter the
// search lazily in order of an upper bound on their profit. When fewer pairs must go than stay,
// the same is run backwards instead: from the unconstrained optimum, pairs are removed one unit
// at a time along shortest sink-to-source paths (least loss first). A complete instance with positive scores is solved on the dense cost
// matrix with the Jonker–Volgenant algorithm (mentor capacity expanded into slots), which is
// faster there. Each apprentice's pairs are sorted by score so that a search stops scanning a
// row at the first pair too weak to matter, and independent connected components (e.g.
// districts) are solved concurrently. It returns an error wrapping graph.ErrInvalid for a
// negative apprentice count, capacity or cap, an index out of range, a duplicate pair, or a
// score that is NaN, infinite or beyond ±MaxCampaignScore.
func Assign(c Campaign) (Assignment, error) { return assign(c, "") }

// assign solves c; force ("ssp", "lapjv", "capped", "remove") pins the algorithm for tests.
func assign(c Campaign, force string) (Assignment, error) {
	p, err := newProblem(c)
	if err != nil {
		return Assignment{}, err
	}
	var match []int32 // edge index per apprentice, −1 none
	method := "ssp"
	switch {
	case force == "capped":
		s := newSSP(p)
		limit := c.MaxPairs
		if limit == 0 {
			limit = p.n
		}
		s.runCapped(limit)
		return p.result(c, s.edgeOfRow(), "ssp-capped"), nil
	case force == "lapjv" && p.n > 0 && len(p.adjCol) == p.n*p.m, force == "" && p.denseOK():
		match = p.solveDense()
		method = "lapjv"
	default:
		s := newSSP(p)
		s.runRows(runtime.GOMAXPROCS(0))
		match = s.edgeOfRow()
		if k := countMatched(match); c.MaxPairs > 0 && k > c.MaxPairs && (k-c.MaxPairs <= c.MaxPairs || force == "remove") {
			// Fewer removals than additions: walk back from the unconstrained optimum.
			s.runRemove(c.MaxPairs)
			match = s.edgeOfRow()
			method = "ssp-capped"
		}
	}
	if c.MaxPairs > 0 && countMatched(match) > c.MaxPairs {
		s := newSSP(p)
		s.runCapped(c.MaxPairs)
		match = s.edgeOfRow()
		method = "ssp-capped"
	}
	return p.result(c, match, method), nil
}

// problem is a validated campaign in CSR form (edges grouped by apprentice, input order kept).
type problem struct {
	n, m     int
	cap      []int32 // effective capacity: min(capacity, degree)
	rowStart []int32
	adjCol   []int32
	adjW     []int64 // scaled score, > 0
	adjPair  []int32 // index into Campaign.Pairs
}

func newProblem(c Campaign) (*problem, error) {
	if c.Apprentices < 0 || c.Apprentices > math.MaxInt32 {
		return nil, graph.Invalid("apprentices", "%d is not a valid number of apprentices", c.Apprentices)
	}
	if c.MaxPairs < 0 {
		return nil, graph.Invalid("maxPairs", "must not be negative, got %d", c.MaxPairs)
	}
	if len(c.Capacity) > math.MaxInt32 || len(c.Pairs) > math.MaxInt32 {
		return nil, graph.Invalid("pairs", "too many mentors or pairs")
	}
	n, m := c.Apprentices, len(c.Capacity)
	for j, k := range c.Capacity {
		if k < 0 {
			return nil, graph.Invalid(fmt.Sprintf("capacity[%d]", j), "must not be negative, got %d", k)
		}
	}
	p := &problem{n: n, m: m, rowStart: make([]int32, n+1)}
	for e, pr := range c.Pairs {
		if pr.Apprentice < 0 || int(pr.Apprentice) >= n {
			return nil, graph.Invalid(fmt.Sprintf("pairs[%d].apprentice", e), "%d is not an apprentice index 0…%d", pr.Apprentice, n-1)
		}
		if pr.Mentor < 0 || int(pr.Mentor) >= m {
			return nil, graph.Invalid(fmt.Sprintf("pairs[%d].mentor", e), "%d is not a mentor index 0…%d", pr.Mentor, m-1)
		}
		if math.IsNaN(pr.Score) || math.IsInf(pr.Score, 0) || math.Abs(pr.Score) > MaxCampaignScore {
			return nil, graph.Invalid(fmt.Sprintf("pairs[%d].score", e), "%v is not a finite score within ±%g", pr.Score, float64(MaxCampaignScore))
		}
		p.rowStart[pr.Apprentice+1]++
	}
	for i := 0; i < n; i++ {
		p.rowStart[i+1] += p.rowStart[i]
	}
	// Stable counting sort by apprentice; duplicates are found with a per-mentor stamp.
	pos := make([]int32, n)
	copy(pos, p.rowStart[:n])
	order := make([]int32, len(c.Pairs))
	for e, pr := range c.Pairs {
		order[pos[pr.Apprentice]] = int32(e)
		pos[pr.Apprentice]++
	}
	stamp := make([]int32, m)
	deg := make([]int32, m)
	kept := 0
	p.adjCol = make([]int32, 0, len(c.Pairs))
	p.adjW = make([]int64, 0, len(c.Pairs))
	p.adjPair = make([]int32, 0, len(c.Pairs))
	newStart := make([]int32, n+1)
	for i := 0; i < n; i++ {
		newStart[i] = int32(kept)
		for _, e := range order[p.rowStart[i]:p.rowStart[i+1]] {
			pr := c.Pairs[e]
			if stamp[pr.Mentor] == int32(i)+1 {
				return nil, graph.Invalid(fmt.Sprintf("pairs[%d]", e), "apprentice %d and mentor %d are listed twice", pr.Apprentice, pr.Mentor)
			}
			stamp[pr.Mentor] = int32(i) + 1
			w := int64(math.Round(pr.Score * ScoreScale))
			if w <= 0 || c.Capacity[pr.Mentor] == 0 {
				continue // never worth taking
			}
			p.adjCol = append(p.adjCol, pr.Mentor)
			p.adjW = append(p.adjW, w)
			p.adjPair = append(p.adjPair, e)
			deg[pr.Mentor]++
			kept++
		}
		p.sortRow(int(newStart[i]), kept)
	}
	newStart[n] = int32(kept)
	p.rowStart = newStart
	p.cap = deg // reuse: effective capacity ≤ degree
	for j := range p.cap {
		p.cap[j] = int32(min(int(p.cap[j]), c.Capacity[j]))
	}
	return p, nil
}

// sortRow orders the edges [lo, hi) by score, highest first (ties by mentor), so that
// searches can stop scanning a row at the first edge too weak to matter.
func (p *problem) sortRow(lo, hi int) {
	if hi-lo < 2 {
		return
	}
	sort.Sort(rowSorter{p, lo, hi})
}

type rowSorter struct {
	p      *problem
	lo, hi int
}

func (r rowSorter) Len() int { return r.hi - r.lo }
func (r rowSorter) Less(a, b int) bool {
	a, b = a+r.lo, b+r.lo
	wa, wb := r.p.adjW[a], r.p.adjW[b]
	return wa > wb || wa == wb && r.p.adjCol[a] < r.p.adjCol[b]
}
func (r rowSorter) Swap(a, b int) {
	a, b = a+r.lo, b+r.lo
	p := r.p
	p.adjW[a], p.adjW[b] = p.adjW[b], p.adjW[a]
	p.adjCol[a], p.adjCol[b] = p.adjCol[b], p.adjCol[a]
	p.adjPair[a], p.adjPair[b] = p.adjPair[b], p.adjPair[a]
}

func countMatched(match []int32) int {
	k := 0
	for _, e := range match {
		if e >= 0 {
			k++
		}
	}
	return k
}

func (p *problem) result(c Campaign, match []int32, method string) Assignment {
	a := Assignment{Method: method, CapRemaining: -1}
	used := make([]int, p.m)
	for i, e := range match {
		if e < 0 {
			a.UnassignedApprentices++
			continue
		}
		j := p.adjCol[e]
		pe := p.adjPair[e]
		a.Pairs = append(a.Pairs, Assigned{Apprentice: int32(i), Mentor: j, Score: c.Pairs[pe].Score, Pair: pe})
		a.TotalScaled += p.adjW[e]
		used[j]++
	}
	sort.Slice(a.Pairs, func(x, y int) bool { return a.Pairs[x].Apprentice < a.Pairs[y].Apprentice })
	for _, pr := range a.Pairs {
		a.Total += pr.Score
	}
	for j, k := range c.Capacity {
		a.FreeCapacity += k - used[j]
		if used[j] == 0 && k > 0 {
			a.IdleMentors++
		}
	}
	if c.MaxPairs > 0 {
		a.CapRemaining = c.MaxPairs - len(a.Pairs)
	}
	return a
}

// ssp is the sparse successive-shortest-path solver state. Potentials follow Johnson's
// convention (reduced cost c(u,v) + π(u) − π(v) ≥ 0) with the sink's potential fixed at 0;
// column potentials are ≤ 0 (minus the mentor's "price") and equal 0 while capacity is free.
type ssp struct {
	p        *problem
	pr       []int64 // row potentials
	col      []colState
	rowEdge  []int32 // matched edge per row, −1 none
	col4row  []int32
	slotBase []int32 // slots of column j: slotRow[slotBase[j] : slotBase[j]+flow[j]]
	slotRow  []int32
	slotOf   []int32 // position of a matched row in slotRow
	flow     []int32

	// Dijkstra scratch, reused across runs (stamped, never cleared).
	iter    int32
	dr      []int64
	heap    colHeap
	setCols []int32
	setRows []int32
	minCut  int64 // shortest distance cut by the gain limit in the last search
}

// colState keeps everything a search touches for one column in one place (one cache line per
// relaxed arc instead of one per array): the potential, the tentative distance, the stamps
// saying dc is valid (seen) or final (done) in the current search, and the predecessor.
type colState struct {
	pc, dc         int64
	seen, done     int32
	predRow, predE int32
}

func newSSP(p *problem) *ssp {
	s := &ssp{
		p: p, pr: make([]int64, p.n), col: make([]colState, p.m),
		rowEdge: make([]int32, p.n), col4row: make([]int32, p.n), slotOf: make([]int32, p.n),
		slotBase: make([]int32, p.m+1), flow: make([]int32, p.m),
		dr: make([]int64, p.n),
	}
	for i := range s.rowEdge {
		s.rowEdge[i], s.col4row[i] = -1, -1
	}
	for j := 0; j < p.m; j++ {
		s.slotBase[j+1] = s.slotBase[j] + p.cap[j]
	}
	s.slotRow = make([]int32, s.slotBase[p.m])
	return s
}

func (s *ssp) edgeOfRow() []int32 { return s.rowEdge }

const inf64 = math.MaxInt64 / 4

// runRows adds every apprentice in index order, each along a shortest augmenting path where
// "stay unmatched" is a zero-cost terminal. Any order gives an optimum.
//
// Apprentices and mentors that share no eligible pair never meet on a path, so the graph's
// connected components (found with union–find) are independent problems. Large instances with
// several components, such as a city where eligibility stays within districts, are solved by
// GOMAXPROCS goroutines, one component at a time; components touch disjoint rows and columns
// of the shared state, and each is processed in index order, so the result does not depend on
// scheduling.
func (s *ssp) runRows(workers int) {
	p := s.p
	if workers < 2 || p.n < 10000 {
		for r := 0; r < p.n; r++ {
			s.route(int32(r), true, 0)
		}
		return
	}
	comps := p.components()
	if len(comps) < 2 {
		for r := 0; r < p.n; r++ {
			s.route(int32(r), true, 0)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(comps)); w++ {
		view := *s // shares the state slices; private search scratch below
		view.heap, view.setCols, view.setRows = nil, nil, nil
		wg.Add(1)
		go func(v *ssp) {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(comps) {
					return
				}
				for _, r := range comps[k] {
					v.route(r, true, 0)
				}
			}
		}(&view)
	}
	wg.Wait()
}

// components returns the rows of each connected component of the eligibility graph (rows
// without edges are left out: they stay unmatched), largest component first, rows ascending.
func (p *problem) components() [][]int32 {
	parent := make([]int32, p.n+p.m)
	for k := range parent {
		parent[k] = int32(k)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for r := 0; r < p.n; r++ {
		for e := p.rowStart[r]; e < p.rowStart[r+1]; e++ {
			a, b := find(int32(r)), find(int32(p.n)+p.adjCol[e])
			if a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	index := map[int32]int{}
	var comps [][]int32
	for r := 0; r < p.n; r++ {
		if p.rowStart[r] == p.rowStart[r+1] {
			continue
		}
		root := find(int32(r))
		k, ok := index[root]
		if !ok {
			k = len(comps)
			index[root] = k
			comps = append(comps, nil)
		}
		comps[k] = append(comps[k], int32(r))
	}
	sort.SliceStable(comps, func(a, b int) bool { return len(comps[a]) > len(comps[b]) })
	return comps
}

// route runs Dijkstra from the unmatched row r. With dummy, every row may end the path by
// becoming unmatched (cost 0 to the sink). It returns the path's gain (in scaled units) and
// whether it augmented. Without dummy the path must end at a column with free capacity; it
// augments only when the gain is at least minGain, otherwise it returns an upper bound on the
// gain (exact when the search completed) without changing anything.
func (s *ssp) route(r int32, dummy bool, minGain int64) (int64, bool) {
	p := s.p
	lo, hi := p.rowStart[r], p.rowStart[r+1]
	// Row potential: the best profit w + pc[j] (floored at 0 when staying unmatched is allowed).
	best := int64(-inf64)
	bestE := int32(-1)
	for e := lo; e < hi; e++ {
		if p.adjW[e] <= best {
			break // sorted by score and potentials are ≤ 0: nothing later is better
		}
		if v := p.adjW[e] + s.col[p.adjCol[e]].pc; v > best {
			best, bestE = v, e
		}
	}
	if bestE < 0 {
		return -inf64, false // no eligible mentor
	}
	if dummy && best <= 0 {
		return 0, false // staying unmatched is a shortest path of length 0
	}
	pr := best
	if dummy && pr < 0 {
		pr = 0
	}
	s.pr[r] = pr
	// Fast path: the best-profit column has free capacity: a path of reduced length 0.
	if j := p.adjCol[bestE]; s.flow[j] < p.cap[j] {
		if !dummy && pr < minGain {
			return pr, false
		}
		s.col[j].predRow, s.col[j].predE = r, bestE
		s.augmentCol(j)
		return pr, true
	}
	// D is the best terminal distance found; Dmax prunes paths that cannot reach minGain.
	D := int64(inf64)
	termRow := int32(-1)
	termCol := int32(-1)
	limit := int64(inf64)
	if dummy {
		D, termRow = pr, r
	} else {
		limit = pr - minGain // paths longer than this gain less than minGain
	}
	s.iter++
	it := s.iter
	s.minCut = inf64
	s.heap = s.heap[:0]
	s.setCols = s.setCols[:0]
	s.setRows = s.setRows[:0]
	s.dr[r] = 0
	s.setRows = append(s.setRows, r)
	s.scanRow(r, 0, -1, D, limit, it)
	frontier := int64(inf64) // smallest unexplored distance when the search stops early
	for len(s.heap) > 0 {
		top := s.heap.pop()
		j := top.col
		if s.col[j].done == it || top.d != s.col[j].dc {
			continue
		}
		d := top.d
		if d >= D {
			frontier = d
			break
		}
		if d > limit {
			frontier = d
			break
		}
		s.col[j].done = it
		s.setCols = append(s.setCols, j)
		if s.flow[j] < p.cap[j] {
			D, termCol, termRow = d, j, -1
			break
		}
		for k := s.slotBase[j]; k < s.slotBase[j]+s.flow[j]; k++ {
			i := s.slotRow[k]
			s.dr[i] = d
			s.setRows = append(s.setRows, i)
			if dummy {
				if t := d + s.pr[i]; t < D {
					D, termRow, termCol = t, i, -1
				}
			}
			s.scanRow(i, d, s.rowEdge[i], D, limit, it)
		}
	}
	if termCol < 0 && termRow < 0 {
		// No path gaining minGain: the gain is below minGain, or there is no path at all when
		// the search was never cut short.
		cut := min(s.minCut, frontier)
		if cut == inf64 {
			return -inf64, false
		}
		return pr - cut, false
	}
	// Potential update: π(v) −= D − d(v) for every node settled closer than D. When r stays
	// unmatched nothing else changes, but the update still brings pr[r] to 0, which keeps the
	// potentials valid for the source–sink network that runRemove works on.
	s.lowerSettled(D)
	if termRow == r {
		return 0, false
	}
	if termCol >= 0 {
		s.augmentCol(termCol)
	} else {
		s.augmentRow(termRow)
	}
	return pr - D, true
}

// lowerSettled applies π(v) −= D − d(v) to every node the last search settled closer than D.
func (s *ssp) lowerSettled(D int64) {
	for _, j := range s.setCols {
		if dd := s.col[j].dc; dd < D {
			s.col[j].pc -= D - dd
		}
	}
	for _, i := range s.setRows {
		if dd := s.dr[i]; dd < D {
			s.pr[i] -= D - dd
		}
	}
}

// scanRow relaxes the unmatched arcs of row i settled at distance d.
func (s *ssp) scanRow(i int32, d int64, skip int32, D, limit int64, it int32) {
	p := s.p
	base := d + s.pr[i]
	lim := min(D, limit+1)
	for e := p.rowStart[i]; e < p.rowStart[i+1]; e++ {
		if e == skip {
			continue
		}
		w := p.adjW[e]
		if base-w >= lim {
			// Edges are sorted by score and potentials are ≤ 0: no later edge can do better.
			if base-w > limit && base-w < s.minCut {
				s.minCut = base - w
			}
			break
		}
		j := p.adjCol[e]
		nd := base - w - s.col[j].pc
		if nd >= lim {
			if nd > limit && nd < s.minCut {
				s.minCut = nd
			}
			continue
		}
		if s.col[j].seen == it {
			if s.col[j].done == it || nd >= s.col[j].dc {
				continue
			}
		} else {
			s.col[j].seen = it
		}
		s.col[j].dc = nd
		s.col[j].predRow, s.col[j].predE = i, e
		s.heap.push(heapItem{d: nd, col: j})
	}
}

// augmentCol ends a path at column j, which has free capacity.
func (s *ssp) augmentCol(j int32) {
	pos := s.slotBase[j] + s.flow[j]
	s.flow[j]++
	s.shift(j, pos)
}

// augmentRow ends a path at row i, which becomes unmatched and hands its slot back.
func (s *ssp) augmentRow(i int32) {
	j, pos := s.col4row[i], s.slotOf[i]
	s.col4row[i], s.rowEdge[i] = -1, -1
	s.shift(j, pos)
}

// shift walks the predecessor chain from column j, whose slot pos is vacant, back to the source
// row, moving each row on the path to its new column.
func (s *ssp) shift(j, pos int32) {
	for {
		i, e := s.col[j].predRow, s.col[j].predE
		prevCol, prevPos := s.col4row[i], s.slotOf[i]
		s.slotRow[pos] = i
		s.slotOf[i] = pos
		s.col4row[i] = j
		s.rowEdge[i] = e
		if prevCol < 0 {
			return
		}
		j, pos = prevCol, prevPos
	}
}

// runCapped is successive shortest paths from the source, one unit at a time, without the
// "stay unmatched" arcs (so every augmentation adds one pair), until maxPairs pairs are made or
// the best augmenting path no longer gains. Each augmentation is one Dijkstra from a virtual
// source joined to every unmatched row; rows enter that search lazily, in order of an upper
// bound on their potential (their best profit, which only falls as mentor prices rise), so
// rows that cannot beat the current best path are never scanned.
func (s *ssp) runCapped(maxPairs int) {
	p := s.p
	h := rowHeap{}
	for r := 0; r < p.n; r++ {
		best := int64(-inf64)
		for e := p.rowStart[r]; e < p.rowStart[r+1]; e++ {
			best = max(best, p.adjW[e])
		}
		if best > 0 {
			h.push(rowItem{gain: best, row: int32(r)})
		}
	}
	var active []int32
	for pairs := 0; pairs < maxPairs && len(h) > 0; pairs++ {
		G := h[0].gain // labels are G − pr ≥ 0; a path of length D gains G − D
		s.iter++
		it := s.iter
		s.heap = s.heap[:0]
		s.setCols = s.setCols[:0]
		s.setRows = s.setRows[:0]
		active = active[:0]
		termCol := int32(-1)
		var D int64
		for {
			colMin := int64(inf64)
			if len(s.heap) > 0 {
				colMin = s.heap[0].d
			}
			// Activate unmatched rows whose best possible label is no worse than colMin.
			for len(h) > 0 && G-h[0].gain <= colMin {
				r := h.pop().row
				pr := int64(-inf64)
				for e := p.rowStart[r]; e < p.rowStart[r+1] && p.adjW[e] > pr; e++ {
					pr = max(pr, p.adjW[e]+s.col[p.adjCol[e]].pc)
				}
				if pr <= 0 {
					continue // can never gain again: prices only rise
				}
				s.pr[r] = pr
				active = append(active, r)
				label := G - pr
				s.dr[r] = label
				s.setRows = append(s.setRows, r)
				s.scanRow(r, label, -1, G, inf64-1, it)
			}
			if len(s.heap) == 0 {
				break
			}
			top := s.heap.pop()
			j := top.col
			if s.col[j].done == it || top.d != s.col[j].dc {
				continue
			}
			d := top.d
			s.col[j].done = it
			s.setCols = append(s.setCols, j)
			if s.flow[j] < p.cap[j] {
				termCol, D = j, d
				break
			}
			for k := s.slotBase[j]; k < s.slotBase[j]+s.flow[j]; k++ {
				i := s.slotRow[k]
				s.dr[i] = d
				s.setRows = append(s.setRows, i)
				s.scanRow(i, d, s.rowEdge[i], G, inf64-1, it)
			}
		}
		if termCol < 0 {
			return // no path gains any more
		}
		s.lowerSettled(D)
		s.augmentCol(termCol)
		for _, r := range active {
			if s.col4row[r] < 0 {
				h.push(rowItem{gain: s.pr[r], row: r}) // still an upper bound
			}
		}
	}
}

// runRemove starts from the optimum of runRows (with more than maxPairs pairs) and removes
// pairs one unit at a time along shortest paths from the sink back to the source of the
// source–sink network (no "stay unmatched" arcs), which is successive shortest paths run
// backwards: each step gives the best assignment with one pair fewer (the loss of successive
// removals never falls), so stopping at maxPairs pairs gives the optimum under the cap. The
// potentials of runRows are valid for that network: unmatched rows hold 0, matched rows and
// prices satisfy the reduced-cost conditions, free columns are at 0. Columns enter each search
// lazily from a heap keyed by price, the only part of their distance from the sink.
func (s *ssp) runRemove(maxPairs int) {
	p := s.p
	pairs := 0
	for j := 0; j < p.m; j++ {
		pairs += int(s.flow[j])
	}
	var prices colHeap // key −pc[j] (the price); stale when it no longer equals −pc[j]
	for j := 0; j < p.m; j++ {
		if s.flow[j] > 0 {
			prices.push(heapItem{d: -s.col[j].pc, col: int32(j)})
		}
	}
	var pt int64      // the sink's potential; the source's stays 0
	var taken []int32 // columns taken off the price heap in this search
	for ; pairs > maxPairs; pairs-- {
		taken = taken[:0]
		s.iter++
		it := s.iter
		s.heap = s.heap[:0]
		s.setCols = s.setCols[:0]
		s.setRows = s.setRows[:0]
		D := int64(inf64)
		termRow := int32(-1)
		for {
			colMin := int64(inf64)
			if len(s.heap) > 0 {
				colMin = s.heap[0].d
			}
			for len(prices) > 0 {
				top := prices[0]
				j := top.col
				if s.flow[j] == 0 || top.d != -s.col[j].pc {
					prices.pop() // stale; a fresh entry exists if the column still has pairs
					continue
				}
				d := pt + top.d
				if d > colMin || d >= D {
					break
				}
				prices.pop()
				taken = append(taken, j)
				if s.col[j].seen == it && s.col[j].dc <= d {
					continue
				}
				s.col[j].seen = it
				s.col[j].dc = d
				s.col[j].predRow, s.col[j].predE = -1, -1
				s.heap.push(heapItem{d: d, col: j})
				colMin = min(colMin, d)
			}
			if len(s.heap) == 0 {
				break
			}
			top := s.heap.pop()
			j := top.col
			if s.col[j].done == it || top.d != s.col[j].dc {
				continue
			}
			d := top.d
			if d >= D {
				break
			}
			s.col[j].done = it
			s.setCols = append(s.setCols, j)
			for k := s.slotBase[j]; k < s.slotBase[j]+s.flow[j]; k++ {
				i := s.slotRow[k]
				s.dr[i] = d
				s.setRows = append(s.setRows, i)
				if t := d + s.pr[i]; t < D {
					D, termRow = t, i
				}
				s.scanRow(i, d, s.rowEdge[i], D, inf64-1, it)
			}
		}
		if termRow < 0 {
			return
		}
		s.lowerSettled(D)
		pt -= D
		// Re-key the columns whose price changed and put back those taken off the heap.
		for _, j := range s.setCols {
			if s.col[j].dc < D {
				prices.push(heapItem{d: -s.col[j].pc, col: j})
			}
		}
		for _, j := range taken {
			if s.col[j].done != it || s.col[j].dc >= D {
				prices.push(heapItem{d: -s.col[j].pc, col: j})
			}
		}
		s.cancel(termRow)
	}
}

// cancel removes one unit along the path found by runRemove, ending at row i, which becomes
// unmatched; every row on the path moves into the slot its successor left.
func (s *ssp) cancel(i int32) {
	j, pos := s.col4row[i], s.slotOf[i]
	s.col4row[i], s.rowEdge[i] = -1, -1
	for {
		prev := s.col[j].predRow
		if prev < 0 {
			// j was entered from the sink: it gives up one unit; its last slot fills pos.
			last := s.slotBase[j] + s.flow[j] - 1
			if pos != last {
				moved := s.slotRow[last]
				s.slotRow[pos] = moved
				s.slotOf[moved] = pos
			}
			s.flow[j]--
			return
		}
		nextCol, nextPos := s.col4row[prev], s.slotOf[prev]
		s.slotRow[pos] = prev
		s.slotOf[prev] = pos
		s.col4row[prev] = j
		s.rowEdge[prev] = s.col[j].predE
		j, pos = nextCol, nextPos
	}
}

type heapItem struct {
	d   int64
	col int32
}

// colHeap is a binary min-heap on (d, col) with lazy deletion by the caller.
type colHeap []heapItem

func (h heapItem) less(o heapItem) bool { return h.d < o.d || h.d == o.d && h.col < o.col }

func (h *colHeap) push(x heapItem) {
	*h = append(*h, x)
	a := *h
	k := len(a) - 1
	for k > 0 {
		parent := (k - 1) / 2
		if !x.less(a[parent]) {
			break
		}
		a[k] = a[parent]
		k = parent
	}
	a[k] = x
}

func (h *colHeap) pop() heapItem {
	a := *h
	top := a[0]
	last := a[len(a)-1]
	a = a[:len(a)-1]
	*h = a
	n := len(a)
	if n == 0 {
		return top
	}
	k := 0
	for {
		c := 2*k + 1
		if c >= n {
			break
		}
		if c+1 < n && a[c+1].less(a[c]) {
			c++
		}
		if !a[c].less(last) {
			break
		}
		a[k] = a[c]
		k = c
	}
	a[k] = last
	return top
}

type rowItem struct {
	gain int64
	row  int32
}

// rowHeap is a binary max-heap on gain, ties to the lower row index.
type rowHeap []rowItem

func (a rowItem) before(b rowItem) bool { return a.gain > b.gain || a.gain == b.gain && a.row < b.row }

func (h *rowHeap) push(x rowItem) {
	*h = append(*h, x)
	a := *h
	k := len(a) - 1
	for k > 0 {
		parent := (k - 1) / 2
		if !x.before(a[parent]) {
			break
		}
		a[k] = a[parent]
		k = parent
	}
	a[k] = x
}

func (h *rowHeap) pop() rowItem {
	a := *h
	top := a[0]
	last := a[len(a)-1]
	a = a[:len(a)-1]
	*h = a
	n := len(a)
	if n == 0 {
		return top
	}
	k := 0
	for {
		c := 2*k + 1
		if c >= n {
			break
		}
		if c+1 < n && a[c+1].before(a[c]) {
			c++
		}
		if !a[c].before(last) {
			break
		}
		a[k] = a[c]
		k = c
	}
	a[k] = last
	return top
}

package matching

import (
	"math"
	"sort"

	"jiangxin/graph"
)

// Match is one of the top candidates: its ID, its index in the candidate slice and its
// explained score.
type Match struct {
	ID    string
	Index int
	Score Score
}

// TopResult is the outcome of a top-k query: the best candidates, best first (ties by ID),
// how many candidates each hard rule excluded, and the exclusions themselves when asked for.
type TopResult struct {
	Matches    []Match
	Excluded   [numRules]int
	Exclusions []Exclusion
}

// ExcludedBy returns how many candidates rule excluded.
func (r *TopResult) ExcludedBy(rule Rule) int {
	if rule >= numRules {
		return 0
	}
	return r.Excluded[rule]
}

// Buffer is reusable scratch space for top-k queries; reusing one across queries makes a query
// allocate nothing per candidate. A Buffer must not be shared by concurrent queries.
type Buffer struct {
	scores []float64
	rules  []Rule
	heap   []int32
	skills []skillRec
}

func (b *Buffer) reset(n int) {
	if b == nil {
		return
	}
	if cap(b.scores) < n {
		b.scores = make([]float64, n)
		b.rules = make([]Rule, n)
	}
	b.scores, b.rules = b.scores[:n], b.rules[:n]
	b.heap = b.heap[:0]
}

// TopK returns the indices of the k largest scores, best first, ties broken by ascending
// id(i) (then by index; a nil id ties by index alone), skipping entries for which skip(i) is true. It runs in O(n log k) with a bounded
// min-heap; heap may be passed for reuse.
func TopK(scores []float64, k int, id func(int) string, skip func(int) bool, heap []int32) []int32 {
	h := heap[:0]
	// worse reports whether candidate a ranks below b (ties by ID, then by index).
	worse := func(a, b int32) bool {
		sa, sb := scores[a], scores[b]
		if sa != sb {
			return sa < sb
		}
		if ia, ib := id(int(a)), id(int(b)); ia != ib {
			return ia > ib
		}
		return a > b
	}
	down := func(i int) {
		for {
			c := 2*i + 1
			if c >= len(h) {
				return
			}
			if c+1 < len(h) && worse(h[c+1], h[c]) {
				c++
			}
			if !worse(h[c], h[i]) {
				return
			}
			h[c], h[i] = h[i], h[c]
			i = c
		}
	}
	if k <= 0 {
		return h
	}
	if id == nil {
		id = func(i int) string { return "" }
	}
	for i := range scores {
		if skip != nil && skip(i) || math.IsNaN(scores[i]) {
			continue
		}
		x := int32(i)
		if len(h) < k {
			h = append(h, x)
			for j := len(h) - 1; j > 0; {
				p := (j - 1) / 2
				if !worse(h[j], h[p]) {
					break
				}
				h[j], h[p] = h[p], h[j]
				j = p
			}
			continue
		}
		if worse(h[0], x) {
			h[0] = x
			down(0)
		}
	}
	sort.Slice(h, func(a, b int) bool { return worse(h[b], h[a]) })
	return h
}

// topRanked is TopK for the pools: ties are broken by rank[i] (the position of the
// candidate's ID in sorted order), so the hot loop compares integers, not strings; candidates
// with a rule other than RuleNone are skipped.
func topRanked(scores []float64, rules []Rule, rank []int32, k int, h []int32) []int32 {
	h = h[:0]
	if k <= 0 {
		return h
	}
	worse := func(a, b int32) bool {
		sa, sb := scores[a], scores[b]
		return sa < sb || sa == sb && rank[a] > rank[b]
	}
	down := func(i int) {
		for {
			c := 2*i + 1
			if c >= len(h) {
				return
			}
			if c+1 < len(h) && worse(h[c+1], h[c]) {
				c++
			}
			if !worse(h[c], h[i]) {
				return
			}
			h[c], h[i] = h[i], h[c]
			i = c
		}
	}
	for i, sc := range scores {
		if rules[i] != RuleNone {
			continue
		}
		x := int32(i)
		if len(h) < k {
			h = append(h, x)
			for j := len(h) - 1; j > 0; {
				p := (j - 1) / 2
				if !worse(h[j], h[p]) {
					break
				}
				h[j], h[p] = h[p], h[j]
				j = p
			}
			continue
		}
		top := h[0]
		if st := scores[top]; sc > st || sc == st && rank[x] < rank[top] {
			h[0] = x
			down(0)
		}
	}
	sort.Slice(h, func(a, b int) bool { return worse(h[b], h[a]) })
	return h
}

// idRanks returns, for each worker, the position of its ID in ascending order.
func idRanks(ws []graph.Worker) []int32 {
	order := make([]int32, len(ws))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(a, b int) bool { return ws[order[a]].ID < ws[order[b]].ID })
	rank := make([]int32, len(ws))
	for r, i := range order {
		rank[i] = int32(r)
	}
	return rank
}

// MentorPool is a set of mentor candidates compiled once for many queries: strings interned,
// static parts pre-weighted, skills in one flat slice, and the mentors that a query-independent
// rule excludes (not accepting, at capacity) set apart, so that a query's hot loop runs over
// open mentors only.
type MentorPool struct {
	s       *Scorer
	c       *compiler
	workers []graph.Worker
	people  []person
	open    []int32     // indices of mentors no static rule excludes
	hot     []mentorHot // compact records of the open mentors, in open order
	rank    []int32     // ID rank of each open mentor
	closed  [numRules]int
	byID    map[int32]int32 // interned worker ID → index
	prox    [6]float64
}

// NewMentorPool compiles mentors for repeated MentorsFor queries. The pool keeps mentors (it
// does not copy them); they must not change while the pool is used.
func (s *Scorer) NewMentorPool(mentors []graph.Worker) *MentorPool {
	p := &MentorPool{s: s, c: newCompiler(s), workers: mentors, people: make([]person, len(mentors)), prox: s.proxTable(), byID: map[int32]int32{}}
	for i := range mentors {
		p.people[i] = p.c.compile(&mentors[i], true, &p.c.skills)
		p.byID[p.people[i].id] = int32(i)
	}
	all := idRanks(mentors)
	for i := range p.people {
		if r := p.people[i].baseRule; r != RuleNone {
			p.closed[r]++
			continue
		}
		p.open = append(p.open, int32(i))
		p.hot = append(p.hot, toMentorHot(&p.people[i], p.c.skills))
		p.rank = append(p.rank, all[i])
	}
	return p
}

// TopOptions tunes a query: ListExclusions builds an Exclusion (with its detail) for every
// excluded candidate, which allocates per excluded candidate; counts are always kept.
type TopOptions struct {
	ListExclusions bool
}

// MentorsFor returns the k best mentors in the pool for apprentice (whose goal comes from
// Facts.Goals or GoalOf). Scores go into buf's flat buffer; explanations are built only for
// the k winners. A nil buf allocates one.
func (p *MentorPool) MentorsFor(apprentice *graph.Worker, k int, buf *Buffer, opt TopOptions) TopResult {
	if buf == nil {
		buf = &Buffer{}
	}
	buf.reset(len(p.open))
	buf.skills = buf.skills[:0]
	a := p.c.compile(apprentice, false, &buf.skills)
	ask := buf.skills
	msk := p.c.skills
	res := TopResult{Excluded: p.closed}
	if self, ok := p.byID[a.id]; ok && a.id >= 0 {
		if r := p.people[self].baseRule; r != RuleNone {
			// The rule order puts same_person first.
			res.Excluded[r]--
			res.Excluded[RuleSamePerson]++
		}
	}
	scores, rules := buf.scores, buf.rules
	p.s.scoreMentors(&a, p.hot, msk, &p.prox, scores, rules, &res.Excluded)
	top := topRanked(scores, rules, p.rank, k, buf.heap)
	buf.heap = top
	for _, pos := range top {
		i := p.open[pos]
		sc, _ := p.s.explainPair(apprentice, &p.workers[i], &a, &p.people[i], ask, msk, p.workers[i].ID)
		res.Matches = append(res.Matches, Match{ID: p.workers[i].ID, Index: int(i), Score: sc})
	}
	if opt.ListExclusions {
		for i := range p.people {
			if _, ex := p.s.explainPair(apprentice, &p.workers[i], &a, &p.people[i], ask, msk, p.workers[i].ID); ex != nil {
				res.Exclusions = append(res.Exclusions, *ex)
			}
		}
	}
	return res
}

// ApprenticePool is a set of apprentice candidates compiled once for many queries.
type ApprenticePool struct {
	s       *Scorer
	c       *compiler
	workers []graph.Worker
	people  []person
	hot     []apprHot
	rank    []int32
	prox    [6]float64
}

// NewApprenticePool compiles apprentices (goals from Facts.Goals or GoalOf) for repeated
// ApprenticesFor queries. The pool keeps apprentices without copying them.
func (s *Scorer) NewApprenticePool(apprentices []graph.Worker) *ApprenticePool {
	p := &ApprenticePool{s: s, c: newCompiler(s), workers: apprentices, people: make([]person, len(apprentices)), prox: s.proxTable()}
	for i := range apprentices {
		p.people[i] = p.c.compile(&apprentices[i], true, &p.c.skills)
		p.hot = append(p.hot, toApprHot(&p.people[i]))
	}
	p.rank = idRanks(apprentices)
	return p
}

// ApprenticesFor returns the k best apprentices in the pool for mentor: the same pair score as
// MentorsFor, seen from the mentor's side. A mentor that no rule admits (not accepting, at
// capacity) excludes every apprentice under that rule.
func (p *ApprenticePool) ApprenticesFor(mentor *graph.Worker, k int, buf *Buffer, opt TopOptions) TopResult {
	if buf == nil {
		buf = &Buffer{}
	}
	buf.reset(len(p.people))
	buf.skills = buf.skills[:0]
	m := p.c.compile(mentor, false, &buf.skills)
	msk := buf.skills
	ask := p.c.skills
	var res TopResult
	scores, rules := buf.scores, buf.rules
	p.s.scoreApprentices(&m, msk, p.hot, &p.prox, scores, rules, &res.Excluded)
	top := topRanked(scores, rules, p.rank, k, buf.heap)
	buf.heap = top
	for _, i := range top {
		sc, _ := p.s.explainPair(&p.workers[i], mentor, &p.people[i], &m, ask, msk, p.workers[i].ID)
		res.Matches = append(res.Matches, Match{ID: p.workers[i].ID, Index: int(i), Score: sc})
	}
	if opt.ListExclusions {
		for i, r := range rules {
			if r != RuleNone {
				_, ex := p.s.explainPair(&p.workers[i], mentor, &p.people[i], &m, ask, msk, p.workers[i].ID)
				res.Exclusions = append(res.Exclusions, *ex)
			}
		}
	}
	return res
}

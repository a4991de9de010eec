package report

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"jiangxin/graph"
)

// snapshot holds the store facts the dashboards need, read at one time and never changed
// afterwards, so any number of readers may share it.
//
// Unions are numbered in depth-first pre-order (children in ID order), so the subtree of union
// u is the contiguous range [pre[u], end[u]) of numbers. Every fact carries the number of the
// union it is attributed to and the fact slices are sorted by that number: the facts of a
// subtree are one contiguous run, found by binary search.
type snapshot struct {
	gen      uint64
	order    []string       // union IDs in pre-order
	pre      map[string]int // union ID → pre-order number
	end      []int          // pre-order number → one past the last number of its subtree
	children [][]int        // pre-order number → direct children's numbers, ascending
	targets  map[string][]graph.Target

	pairs    []pairFact
	problems []problemFact
	studios  []studioFact
}

// pairFact is one pairing as the reports see it.
type pairFact struct {
	union     int
	id        string
	mentor    string
	campaign  string
	status    graph.PairingStatus
	signed    graph.Date // "" unless signed (ACTIVE, COMPLETED, TERMINATED)
	completed graph.Date // "" unless COMPLETED
	promoted  graph.Level
	cadence   int
	last      graph.Date // latest review date, or SignedOn when there is none
}

// problemFact is one problem as the reports see it.
type problemFact struct {
	union  int
	status graph.ProblemStatus
	solved graph.Date // "" unless SOLVED
	skills []string
}

// studioFact is one studio as the reports see it.
type studioFact struct {
	union int
	date  graph.Date // mid-year of EstablishedYear, else the creation date
}

// span returns the range of pre-order numbers of the subtree of the union numbered u.
func (s *snapshot) span(u int) (lo, hi int) { return u, s.end[u] }

// each pages through a List method, calling fn on every item.
func each[T any](ctx context.Context, list func(graph.Page) (graph.Conn[T], error), fn func(*T)) error {
	for p := (graph.Page{First: graph.MaxPageSize}); ; {
		if err := ctx.Err(); err != nil {
			return err
		}
		c, err := list(p)
		if err != nil {
			return err
		}
		for i := range c.Items {
			fn(&c.Items[i])
		}
		if !c.HasNext {
			return nil
		}
		p.After = c.EndCursor
	}
}

// build reads the store into a new snapshot tagged with gen.
func build(ctx context.Context, st graph.Store, gen uint64) (*snapshot, error) {
	s := &snapshot{gen: gen, pre: map[string]int{}, targets: map[string][]graph.Target{}}

	kids := map[string][]string{}
	var roots []string
	known := map[string]bool{}
	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Union], error) {
		return st.ListUnions(ctx, graph.UnionFilter{}, p)
	}, func(u *graph.Union) {
		known[u.ID] = true
		kids[u.ParentID] = append(kids[u.ParentID], u.ID)
	}); err != nil {
		return nil, fmt.Errorf("load unions: %w", err)
	}
	// Roots are unions without a parent, or (defensively) whose parent is unknown.
	for parent, ids := range kids {
		if parent == "" || !known[parent] {
			roots = append(roots, ids...)
		}
	}
	slices.Sort(roots)
	for _, ids := range kids {
		slices.Sort(ids)
	}
	// Iterative depth-first numbering; unions only reachable through a cycle are left out.
	type frame struct {
		id   string
		next int
	}
	for _, r := range roots {
		stack := []frame{{id: r}}
		s.pre[r] = len(s.order)
		s.order = append(s.order, r)
		s.end = append(s.end, 0)
		s.children = append(s.children, nil)
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			ch := kids[f.id]
			if f.next == len(ch) {
				s.end[s.pre[f.id]] = len(s.order)
				stack = stack[:len(stack)-1]
				continue
			}
			c := ch[f.next]
			f.next++
			if _, seen := s.pre[c]; seen {
				continue
			}
			n := len(s.order)
			s.pre[c] = n
			s.order = append(s.order, c)
			s.end = append(s.end, 0)
			s.children = append(s.children, nil)
			s.children[s.pre[f.id]] = append(s.children[s.pre[f.id]], n)
			stack = append(stack, frame{id: c})
		}
	}
	unionNo := func(id string) int {
		if n, ok := s.pre[id]; ok && id != "" {
			return n
		}
		return -1
	}

	entUnion := map[string]int{}
	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Enterprise], error) {
		return st.ListEnterprises(ctx, graph.EnterpriseFilter{}, p)
	}, func(e *graph.Enterprise) { entUnion[e.ID] = unionNo(e.UnionID) }); err != nil {
		return nil, fmt.Errorf("load enterprises: %w", err)
	}
	ofEnterprise := func(id string) int {
		if n, ok := entUnion[id]; ok {
			return n
		}
		return -1
	}

	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Target], error) {
		return st.ListTargets(ctx, graph.TargetFilter{}, p)
	}, func(t *graph.Target) { s.targets[t.UnionID] = append(s.targets[t.UnionID], *t) }); err != nil {
		return nil, fmt.Errorf("load targets: %w", err)
	}

	// Pairings without a sponsoring union belong to the apprentice's employer's union.
	var pending []int
	var needWorkers []string
	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Pairing], error) {
		return st.ListPairings(ctx, graph.PairingFilter{}, p)
	}, func(p *graph.Pairing) {
		f := pairFact{union: unionNo(p.UnionID), id: p.ID, mentor: p.MentorID, campaign: p.Campaign,
			status: p.Status, cadence: p.Agreement.ReviewCadenceDays}
		switch p.Status {
		case graph.PairingActive, graph.PairingCompleted, graph.PairingTerminated:
			f.signed = p.Agreement.SignedOn
		}
		if p.Status == graph.PairingCompleted {
			f.completed = p.CompletedOn
			if f.completed == "" {
				f.completed = graph.DateOf(p.UpdatedAt)
			}
			f.promoted = p.PromotedTo
			if !f.promoted.Valid() && p.Origin == "" && p.Agreement.TargetLevel.Valid() {
				f.promoted = p.Agreement.TargetLevel // imported history: the goal was the promotion
			}
			if !f.promoted.Valid() {
				f.promoted = graph.LevelNone
			}
		}
		f.last = p.Agreement.SignedOn
		for _, r := range p.Reviews {
			if r.Date > f.last {
				f.last = r.Date
			}
		}
		if p.UnionID == "" {
			pending = append(pending, len(s.pairs))
			needWorkers = append(needWorkers, p.ApprenticeID)
		}
		s.pairs = append(s.pairs, f)
	}); err != nil {
		return nil, fmt.Errorf("load pairings: %w", err)
	}
	if len(needWorkers) > 0 {
		employer := map[string]string{}
		ids := slices.Compact(slices.Sorted(slices.Values(needWorkers)))
		for start := 0; start < len(ids); start += graph.MaxPageSize {
			ws, err := st.GetManyWorkers(ctx, ids[start:min(start+graph.MaxPageSize, len(ids))])
			if err != nil {
				return nil, fmt.Errorf("load apprentices: %w", err)
			}
			for _, w := range ws {
				employer[w.ID] = w.EnterpriseID
			}
		}
		for k, i := range pending {
			if e := employer[needWorkers[k]]; e != "" {
				s.pairs[i].union = ofEnterprise(e)
			}
		}
	}

	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Problem], error) {
		return st.ListProblems(ctx, graph.ProblemFilter{}, p)
	}, func(p *graph.Problem) {
		f := problemFact{union: ofEnterprise(p.EnterpriseID), status: p.Status}
		if p.Status == graph.ProblemSolved {
			f.solved = p.SolvedOn
			if f.solved == "" {
				f.solved = graph.DateOf(p.UpdatedAt)
			}
		}
		for _, rs := range p.Skills {
			f.skills = append(f.skills, rs.Code)
		}
		s.problems = append(s.problems, f)
	}); err != nil {
		return nil, fmt.Errorf("load problems: %w", err)
	}

	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Studio], error) {
		return st.ListStudios(ctx, graph.StudioFilter{}, p)
	}, func(x *graph.Studio) {
		f := studioFact{union: ofEnterprise(x.HostEnterpriseID), date: graph.DateOf(x.CreatedAt)}
		if x.EstablishedYear > 0 {
			f.date = graph.Date(fmt.Sprintf("%04d-07-01", x.EstablishedYear))
		}
		s.studios = append(s.studios, f)
	}); err != nil {
		return nil, fmt.Errorf("load studios: %w", err)
	}

	// Keep only attributed facts, sorted by union number (stable: ID order within a union).
	s.pairs = sortByUnion(s.pairs, func(f *pairFact) int { return f.union })
	s.problems = sortByUnion(s.problems, func(f *problemFact) int { return f.union })
	s.studios = sortByUnion(s.studios, func(f *studioFact) int { return f.union })
	return s, nil
}

// sortByUnion drops the facts attributed to no known union and sorts the rest by union number.
func sortByUnion[T any](facts []T, union func(*T) int) []T {
	out := facts[:0]
	for i := range facts {
		if union(&facts[i]) >= 0 {
			out = append(out, facts[i])
		}
	}
	slices.SortStableFunc(out, func(a, b T) int { return union(&a) - union(&b) })
	return slices.Clip(out)
}

// within returns the run of facts attributed to unions numbered lo ≤ n < hi.
func within[T any](facts []T, union func(*T) int, lo, hi int) []T {
	i := sort.Search(len(facts), func(k int) bool { return union(&facts[k]) >= lo })
	j := i + sort.Search(len(facts)-i, func(k int) bool { return union(&facts[i+k]) >= hi })
	return facts[i:j]
}

func pairUnion(f *pairFact) int       { return f.union }
func problemUnion(f *problemFact) int { return f.union }
func studioUnion(f *studioFact) int   { return f.union }

// pairsIn returns the pairings attributed to the subtree of the union numbered u.
func (s *snapshot) pairsIn(u int) []pairFact {
	lo, hi := s.span(u)
	return within(s.pairs, pairUnion, lo, hi)
}

// problemsIn returns the problems attributed to the subtree of the union numbered u.
func (s *snapshot) problemsIn(u int) []problemFact {
	lo, hi := s.span(u)
	return within(s.problems, problemUnion, lo, hi)
}

// studiosIn returns the studios attributed to the subtree of the union numbered u.
func (s *snapshot) studiosIn(u int) []studioFact {
	lo, hi := s.span(u)
	return within(s.studios, studioUnion, lo, hi)
}

package report

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

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
	entUnion map[string]int // enterprise ID → its union's number, -1 for none known

	pairs    []pairFact
	problems []problemFact
	studios  []studioFact
}

// pairFact is one pairing as the reports see it.
type pairFact struct {
	union      int
	id         string
	apprentice string // set when union comes from the apprentice's employer (no sponsor)
	mentor     string
	campaign   string
	status     graph.PairingStatus
	signed     graph.Date // "" unless signed (ACTIVE, COMPLETED, TERMINATED)
	completed  graph.Date // "" unless COMPLETED
	promoted   graph.Level
	cadence    int
	last       graph.Date // latest review date, or SignedOn when there is none
}

// problemFact is one problem as the reports see it.
type problemFact struct {
	union  int
	id     string
	status graph.ProblemStatus
	solved graph.Date // "" unless SOLVED
	skills []string
}

// studioFact is one studio as the reports see it.
type studioFact struct {
	union int
	id    string
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
	s.entUnion = entUnion
	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Enterprise], error) {
		return st.ListEnterprises(ctx, graph.EnterpriseFilter{}, p)
	}, func(e *graph.Enterprise) { entUnion[e.ID] = unionNo(e.UnionID) }); err != nil {
		return nil, fmt.Errorf("load enterprises: %w", err)
	}
	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Target], error) {
		return st.ListTargets(ctx, graph.TargetFilter{}, p)
	}, func(t *graph.Target) { s.targets[t.UnionID] = append(s.targets[t.UnionID], *t) }); err != nil {
		return nil, fmt.Errorf("load targets: %w", err)
	}
	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Pairing], error) {
		return st.ListPairings(ctx, graph.PairingFilter{}, p)
	}, func(p *graph.Pairing) { s.pairs = append(s.pairs, s.pairFactOf(p)) }); err != nil {
		return nil, fmt.Errorf("load pairings: %w", err)
	}
	if err := s.attributePending(ctx, st, s.pairs); err != nil {
		return nil, err
	}
	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Problem], error) {
		return st.ListProblems(ctx, graph.ProblemFilter{}, p)
	}, func(p *graph.Problem) { s.problems = append(s.problems, s.problemFactOf(p)) }); err != nil {
		return nil, fmt.Errorf("load problems: %w", err)
	}
	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Studio], error) {
		return st.ListStudios(ctx, graph.StudioFilter{}, p)
	}, func(x *graph.Studio) { s.studios = append(s.studios, s.studioFactOf(x)) }); err != nil {
		return nil, fmt.Errorf("load studios: %w", err)
	}

	// Keep only attributed facts, sorted by union number (stable: ID order within a union).
	s.sortFacts()
	return s, nil
}

// sortFacts drops unattributed facts and sorts the rest (see sortByUnion).
func (s *snapshot) sortFacts() {
	s.pairs = sortByUnion(s.pairs, pairUnion, func(f *pairFact) string { return f.id })
	s.problems = sortByUnion(s.problems, problemUnion, func(f *problemFact) string { return f.id })
	s.studios = sortByUnion(s.studios, studioUnion, func(f *studioFact) string { return f.id })
}

// unionNo returns the pre-order number of the union id, -1 when unknown or empty.
func (s *snapshot) unionNo(id string) int {
	if n, ok := s.pre[id]; ok && id != "" {
		return n
	}
	return -1
}

// ofEnterprise returns the number of the enterprise's union, -1 when unknown.
func (s *snapshot) ofEnterprise(id string) int {
	if n, ok := s.entUnion[id]; ok {
		return n
	}
	return -1
}

// pairFactOf returns the fact of p. A pairing without a sponsoring union belongs to the
// apprentice's employer's union: its fact keeps the apprentice for attributePending.
func (s *snapshot) pairFactOf(p *graph.Pairing) pairFact {
	f := pairFact{union: s.unionNo(p.UnionID), id: p.ID, mentor: p.MentorID, campaign: p.Campaign,
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
		f.apprentice = p.ApprenticeID
	}
	return f
}

// attributePending sets the union of the facts in pairs that have no sponsoring union from
// their apprentices' employers, read from st.
func (s *snapshot) attributePending(ctx context.Context, st graph.Store, pairs []pairFact) error {
	var ids []string
	for _, f := range pairs {
		if f.apprentice != "" {
			ids = append(ids, f.apprentice)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	employer := map[string]string{}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	for start := 0; start < len(ids); start += graph.MaxPageSize {
		ws, err := st.GetManyWorkers(ctx, ids[start:min(start+graph.MaxPageSize, len(ids))])
		if err != nil {
			return fmt.Errorf("load apprentices: %w", err)
		}
		for _, w := range ws {
			employer[w.ID] = w.EnterpriseID
		}
	}
	for i := range pairs {
		if a := pairs[i].apprentice; a != "" {
			pairs[i].union = -1
			if e := employer[a]; e != "" {
				pairs[i].union = s.ofEnterprise(e)
			}
		}
	}
	return nil
}

// problemFactOf returns the fact of p.
func (s *snapshot) problemFactOf(p *graph.Problem) problemFact {
	f := problemFact{union: s.ofEnterprise(p.EnterpriseID), id: p.ID, status: p.Status}
	if p.Status == graph.ProblemSolved {
		f.solved = p.SolvedOn
		if f.solved == "" {
			f.solved = graph.DateOf(p.UpdatedAt)
		}
	}
	for _, rs := range p.Skills {
		f.skills = append(f.skills, rs.Code)
	}
	return f
}

// studioFactOf returns the fact of x.
func (s *snapshot) studioFactOf(x *graph.Studio) studioFact {
	f := studioFact{union: s.ofEnterprise(x.HostEnterpriseID), id: x.ID, date: graph.DateOf(x.CreatedAt)}
	if x.EstablishedYear > 0 {
		f.date = graph.Date(fmt.Sprintf("%04d-07-01", x.EstablishedYear))
	}
	return f
}

// errRebuild means a patch cannot follow the writes: the snapshot must be built again.
var errRebuild = errors.New("rebuild needed")

// patch returns a new snapshot tagged gen: s with the pairings, problems and studios among ids
// read again from st (removed when gone), and the pairings of apprentices among ids attributed
// again. Unions, enterprises and targets shape the whole snapshot: when ids hold one, or an ID
// of unknown kind, it returns errRebuild. It returns the store's error.
func (s *snapshot) patch(ctx context.Context, st graph.Store, gen uint64, ids []string) (*snapshot, error) {
	var pairIDs, problemIDs, studioIDs []string
	workers := map[string]bool{}
	for _, id := range ids {
		switch graph.KindOf(id) {
		case graph.KindPairing:
			pairIDs = append(pairIDs, id)
		case graph.KindProblem:
			problemIDs = append(problemIDs, id)
		case graph.KindStudio:
			studioIDs = append(studioIDs, id)
		case graph.KindWorker:
			workers[id] = true
		case graph.KindRegion, graph.KindHonour, graph.KindVisit, graph.KindReview, graph.KindAccount,
			graph.KindAudit, graph.KindSkill:
			// not in the snapshot (a visit's problems are written with it and listed in ids)
		default:
			return nil, errRebuild
		}
	}
	if len(workers) > 0 {
		for _, f := range s.pairs {
			if f.apprentice != "" && workers[f.apprentice] {
				pairIDs = append(pairIDs, f.id)
			}
		}
	}
	n := *s
	n.gen = gen
	var err error
	var fresh int
	if n.pairs, fresh, err = repatch(ctx, s.pairs, pairIDs, st.GetManyPairings, func(p *graph.Pairing) pairFact { return s.pairFactOf(p) },
		func(f *pairFact) string { return f.id }); err != nil {
		return nil, fmt.Errorf("load pairings: %w", err)
	}
	if err := n.attributePending(ctx, st, n.pairs[fresh:]); err != nil {
		return nil, err
	}
	if n.problems, _, err = repatch(ctx, s.problems, problemIDs, st.GetManyProblems, func(p *graph.Problem) problemFact { return s.problemFactOf(p) },
		func(f *problemFact) string { return f.id }); err != nil {
		return nil, fmt.Errorf("load problems: %w", err)
	}
	if n.studios, _, err = repatch(ctx, s.studios, studioIDs, st.GetManyStudios, func(x *graph.Studio) studioFact { return s.studioFactOf(x) },
		func(f *studioFact) string { return f.id }); err != nil {
		return nil, fmt.Errorf("load studios: %w", err)
	}
	n.sortFacts()
	return &n, nil
}

// repatch returns a copy of facts without those whose ID is in ids, followed from index fresh
// on by the facts of the entities of ids that getMany still finds (unsorted).
func repatch[E, F any](ctx context.Context, facts []F, ids []string, getMany func(context.Context, []string) ([]E, error),
	factOf func(*E) F, id func(*F) string) (out []F, fresh int, err error) {
	if len(ids) == 0 {
		return facts, len(facts), nil
	}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	drop := make(map[string]bool, len(ids))
	for _, x := range ids {
		drop[x] = true
	}
	out = make([]F, 0, len(facts)+len(ids))
	for i := range facts {
		if !drop[id(&facts[i])] {
			out = append(out, facts[i])
		}
	}
	fresh = len(out)
	for start := 0; start < len(ids); start += graph.MaxPageSize {
		es, err := getMany(ctx, ids[start:min(start+graph.MaxPageSize, len(ids))])
		if err != nil {
			return nil, 0, err
		}
		for i := range es {
			out = append(out, factOf(&es[i]))
		}
	}
	return out, fresh, nil
}

// sortByUnion drops the facts attributed to no known union and sorts the rest by union number,
// then ID.
func sortByUnion[T any](facts []T, union func(*T) int, id func(*T) string) []T {
	out := facts[:0]
	for i := range facts {
		if union(&facts[i]) >= 0 {
			out = append(out, facts[i])
		}
	}
	slices.SortFunc(out, func(a, b T) int {
		if d := union(&a) - union(&b); d != 0 {
			return d
		}
		return strings.Compare(id(&a), id(&b))
	})
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

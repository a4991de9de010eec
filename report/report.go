// Package report computes the trade-union officers' dashboards: progress towards a union's
// targets, monthly trends, promotions by level, top mentors, open problems by trade and stalled
// pairings, each rolled up the union tree (a city union's figures include its districts', their
// streets' and their enterprise unions').
//
// Attribution: a pairing belongs to its sponsoring union (Pairing.UnionID), or else to the union
// of the apprentice's employer; a problem to its enterprise's union; a studio to its host
// enterprise's union. Facts attributed to no union are counted nowhere.
//
// Events and their dates: a pair is signed on Agreement.SignedOn (statuses ACTIVE, COMPLETED and
// TERMINATED); completed on CompletedOn (falling back to the date of its last change); a problem
// is solved on SolvedOn (same fallback); a studio counts from the middle of its
// EstablishedYear, or its creation date; a promotion is a completed pairing with PromotedTo set
// (for imported history, Origin "", the agreement's target level), dated on completion.
//
// The Service keeps an in-memory snapshot of those facts. Hooks tells it about every store
// write; the next read after a write rebuilds the snapshot before answering, so answers are
// never older than the last completed write. Readers share a snapshot that is complete before
// it is published and never changed afterwards. Wire it up with the store the writers use:
//
//	rep := report.New(raw, time.Now)
//	store := graph.Observe(raw, rep.Hooks()) // hand store to the graph.Service and importers
package report

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"jiangxin/graph"
)

// Service answers dashboard questions over a Store. It is safe for concurrent use.
type Service struct {
	store graph.Store
	now   func() time.Time

	gen  atomic.Uint64            // bumped by every store write
	snap atomic.Pointer[snapshot] // the latest complete snapshot; nil before the first read
	mu   sync.Mutex               // serialises rebuilds

	dmu     sync.Mutex          // guards dirty and rebuild, and orders them with gen
	dirty   map[string]struct{} // IDs written since the snapshot the next refresh starts from
	rebuild bool                // the next refresh must build the snapshot from scratch
}

// maxPatch is the most IDs a refresh patches; more written since the last snapshot and it is
// built again from scratch.
const maxPatch = 1000

// New returns a Service over store; now gives today's date for Stalled and Trend (time.Now
// when nil).
func New(store graph.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now, dirty: map[string]struct{}{}}
}

// Hooks returns write hooks that mark the snapshot stale after every store write, with the IDs
// written; register them with graph.Observe on the store the writers use.
func (s *Service) Hooks() graph.WriteHooks {
	return graph.WriteHooks{After: func(_ context.Context, ids []string, _ error) { s.written(ids) }}
}

// Invalidate marks the snapshot stale, as a write of unknown extent would.
func (s *Service) Invalidate() { s.written(nil) }

// written records a write of ids; nil means unknown, which forces a rebuild.
func (s *Service) written(ids []string) {
	s.dmu.Lock()
	defer s.dmu.Unlock()
	if ids == nil || len(s.dirty)+len(ids) > maxPatch {
		s.rebuild = true
		clear(s.dirty)
	} else if !s.rebuild {
		for _, id := range ids {
			s.dirty[id] = struct{}{}
		}
	}
	s.gen.Add(1)
}

// current returns a snapshot that reflects every write completed before the call. After a few
// writes of pairings, problems, studios or workers it patches the previous snapshot with those
// records (one batched read per kind) instead of reading the whole store again: on a busy
// server every dashboard read would otherwise follow a write and rebuild. It returns the
// store's error when a refresh fails.
func (s *Service) current(ctx context.Context) (*snapshot, error) {
	gen := s.gen.Load()
	if sn := s.snap.Load(); sn != nil && sn.gen == gen {
		return sn, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := s.snap.Load()
	s.dmu.Lock()
	gen = s.gen.Load()
	if prev != nil && prev.gen == gen {
		s.dmu.Unlock()
		return prev, nil // another reader refreshed it meanwhile
	}
	ids := make([]string, 0, len(s.dirty))
	for id := range s.dirty {
		ids = append(ids, id)
	}
	full := s.rebuild || prev == nil
	clear(s.dirty)
	s.rebuild = false
	s.dmu.Unlock()

	var sn *snapshot
	err := errRebuild
	if !full {
		sn, err = prev.patch(ctx, s.store, gen, ids)
	}
	if errors.Is(err, errRebuild) {
		sn, err = build(ctx, s.store, gen)
	}
	if err != nil {
		s.written(nil) // what was taken from dirty is lost: rebuild next time
		return nil, err
	}
	s.snap.Store(sn)
	return sn, nil
}

// Counts are the events of one union subtree within a period.
type Counts struct {
	PairsSigned    int
	PairsCompleted int
	ProblemsSolved int
	Studios        int
	Promotions     int
}

// TargetProgress is a target with what was achieved towards it and Achieved/Number (0 when
// Number is 0).
type TargetProgress struct {
	Target   graph.Target
	Achieved int
	Ratio    float64
}

// UnionProgress is one union's counts (its whole subtree) and its own targets.
type UnionProgress struct {
	UnionID string
	Counts  Counts
	Targets []TargetProgress
}

// MonthCount is one month of a Trend.
type MonthCount struct {
	Month     string // e.g. 2026-05
	Signed    int
	Completed int
	Solved    int
}

// LevelCount is the number of promotions to one ladder level.
type LevelCount struct {
	Level graph.Level
	Count int
}

// MentorStat is one mentor's record within a union subtree.
type MentorStat struct {
	WorkerID   string
	Active     int // pairings ACTIVE now
	Completed  int // pairings completed within the period
	Promotions int // of those, the ones that raised the apprentice
}

// TradeCount is the number of open problems needing one trade.
type TradeCount struct {
	Code  string
	Count int
}

// Stalled is an ACTIVE pairing whose reviews are overdue.
type Stalled struct {
	PairingID    string
	LastActivity graph.Date // latest review, or the signing date when there is none
	DaysOverdue  int        // days past LastActivity + the review cadence
}

// MaxMonths is the longest Trend.
const MaxMonths = 36

// DefaultTop is the list length used when a top-n argument is 0.
const DefaultTop = 10

// MaxTop caps the top-n arguments.
const MaxTop = 1000

// lookup checks a union ID and returns the snapshot and the union's pre-order number. It
// returns ErrInvalid for a malformed ID, ErrNotFound for an unknown union and the store's error
// when the snapshot cannot be built.
func (s *Service) lookup(ctx context.Context, unionID string) (*snapshot, int, error) {
	if err := graph.CheckID("unionId", graph.KindUnion, unionID); err != nil {
		return nil, 0, err
	}
	sn, err := s.current(ctx)
	if err != nil {
		return nil, 0, err
	}
	u, ok := sn.pre[unionID]
	if !ok {
		return nil, 0, graph.NotFound(graph.KindUnion, unionID)
	}
	return sn, u, nil
}

// topN checks a top-n argument: 0 means DefaultTop, larger than MaxTop is clamped, negative is
// ErrInvalid.
func topN(n int) (int, error) {
	switch {
	case n < 0:
		return 0, graph.Invalid("n", "%d is negative", n)
	case n == 0:
		return DefaultTop, nil
	}
	return min(n, MaxTop), nil
}

// count returns the counts of the subtree of union u within p.
func (sn *snapshot) count(u int, p Period) Counts {
	var c Counts
	pairs := sn.pairsIn(u)
	for i := range pairs {
		f := &pairs[i]
		if p.Contains(f.signed) {
			c.PairsSigned++
		}
		if p.Contains(f.completed) {
			c.PairsCompleted++
			if f.promoted != graph.LevelNone {
				c.Promotions++
			}
		}
	}
	for _, f := range sn.problemsIn(u) {
		if p.Contains(f.solved) {
			c.ProblemsSolved++
		}
	}
	for _, f := range sn.studiosIn(u) {
		if p.Contains(f.date) {
			c.Studios++
		}
	}
	return c
}

// window returns the period a target is measured over: its dates when it has any, else its
// Period when that parses, else all time.
func window(t graph.Target) Period {
	if t.StartDate != "" || t.EndDate != "" {
		return Period{From: t.StartDate, To: t.EndDate}
	}
	if p, err := ParsePeriod(t.Period); err == nil {
		return p
	}
	return Period{}
}

// achieved measures target t over the subtree of union u: a pairs target with a campaign counts
// that campaign's pairs (signed or completed, whenever), every other target its kind's events
// within the target's window.
func (sn *snapshot) achieved(u int, t graph.Target) int {
	if t.Campaign != "" && (t.Kind == graph.TargetPairsSigned || t.Kind == graph.TargetPairsCompleted) {
		n := 0
		for _, f := range sn.pairsIn(u) {
			if f.campaign != t.Campaign {
				continue
			}
			if t.Kind == graph.TargetPairsSigned && f.signed != "" || t.Kind == graph.TargetPairsCompleted && f.completed != "" {
				n++
			}
		}
		return n
	}
	c := sn.count(u, window(t))
	switch t.Kind {
	case graph.TargetPairsSigned:
		return c.PairsSigned
	case graph.TargetPairsCompleted:
		return c.PairsCompleted
	case graph.TargetProblemsSolved:
		return c.ProblemsSolved
	case graph.TargetStudios:
		return c.Studios
	}
	return 0
}

// progress returns the progress of union u over p, with its targets for period (all when "").
func (sn *snapshot) progress(u int, p Period, period string) UnionProgress {
	id := sn.order[u]
	up := UnionProgress{UnionID: id, Counts: sn.count(u, p)}
	for _, t := range sn.targets[id] {
		if period != "" && t.Period != period {
			continue
		}
		tp := TargetProgress{Target: t, Achieved: sn.achieved(u, t)}
		if t.Number > 0 {
			tp.Ratio = float64(tp.Achieved) / float64(t.Number)
		}
		up.Targets = append(up.Targets, tp)
	}
	return up
}

// Progress returns the counts of union unionID (its whole subtree) within period (see
// ParsePeriod), with its targets whose Period is exactly period (every target when period is
// ""); and the same for each direct child union, in ID order. A target is measured over its
// subtree on its own terms, whatever period was asked: a PAIRS_SIGNED or PAIRS_COMPLETED
// target naming a Campaign counts the pairs of that campaign signed (or completed); any other
// target counts its kind's events between its StartDate and EndDate when it has either, else
// within its own Period, else of all time. It returns ErrInvalid for a malformed union ID or period, ErrNotFound for an
// unknown union and the store's error when the snapshot cannot be built.
func (s *Service) Progress(ctx context.Context, unionID, period string) (UnionProgress, []UnionProgress, error) {
	p, err := ParsePeriod(period)
	if err != nil {
		return UnionProgress{}, nil, err
	}
	sn, u, err := s.lookup(ctx, unionID)
	if err != nil {
		return UnionProgress{}, nil, err
	}
	self := sn.progress(u, p, period)
	children := make([]UnionProgress, 0, len(sn.children[u]))
	for _, c := range sn.children[u] {
		children = append(children, sn.progress(c, p, period))
	}
	return self, children, nil
}

// Trend returns the pairs signed, pairs completed and problems solved in each of the months
// calendar months ending with the month of until (today when ""), oldest first, for the
// subtree of union unionID. It returns ErrInvalid for months outside 1–MaxMonths, a malformed
// until or union ID, ErrNotFound for an unknown union and the store's error.
func (s *Service) Trend(ctx context.Context, unionID string, months int, until graph.Date) ([]MonthCount, error) {
	if months < 1 || months > MaxMonths {
		return nil, graph.Invalid("months", "%d is outside 1–%d", months, MaxMonths)
	}
	if until == "" {
		until = graph.DateOf(s.now())
	} else if _, err := graph.ParseDate("until", string(until)); err != nil {
		return nil, err
	}
	sn, u, err := s.lookup(ctx, unionID)
	if err != nil {
		return nil, err
	}
	last := until.Time()
	first := time.Date(last.Year(), last.Month()-time.Month(months-1), 1, 0, 0, 0, 0, time.UTC)
	out := make([]MonthCount, months)
	index := make(map[string]int, months)
	for i := range out {
		m := first.AddDate(0, i, 0).Format("2006-01")
		out[i].Month = m
		index[m] = i
	}
	bump := func(d graph.Date, fn func(*MonthCount)) {
		if i, ok := index[monthKey(d)]; ok {
			fn(&out[i])
		}
	}
	for _, f := range sn.pairsIn(u) {
		bump(f.signed, func(m *MonthCount) { m.Signed++ })
		bump(f.completed, func(m *MonthCount) { m.Completed++ })
	}
	for _, f := range sn.problemsIn(u) {
		bump(f.solved, func(m *MonthCount) { m.Solved++ })
	}
	return out, nil
}

// ladder lists the five levels from 初级工 up to 高级技师.
var ladder = [5]graph.Level{graph.LevelJunior, graph.LevelIntermediate, graph.LevelSenior,
	graph.LevelTechnician, graph.LevelSeniorTechnician}

// PromotionsByLevel returns, for each of the five levels from 初级工 (JUNIOR) up to 高级技师
// (SENIOR_TECHNICIAN), the promotions to it within period in the subtree of union unionID;
// levels without promotions are kept with Count 0. It returns ErrInvalid for a malformed period
// or union ID, ErrNotFound for an unknown union and the store's error.
func (s *Service) PromotionsByLevel(ctx context.Context, unionID, period string) ([]LevelCount, error) {
	p, err := ParsePeriod(period)
	if err != nil {
		return nil, err
	}
	sn, u, err := s.lookup(ctx, unionID)
	if err != nil {
		return nil, err
	}
	out := make([]LevelCount, len(ladder))
	for i, l := range ladder {
		out[i].Level = l
	}
	for _, f := range sn.pairsIn(u) {
		if f.promoted.Valid() && p.Contains(f.completed) {
			out[f.promoted.Rank()-1].Count++
		}
	}
	return out, nil
}

// TopMentors returns up to n mentors (DefaultTop when 0) of the pairings in the subtree of
// union unionID, with their ACTIVE pairings now and their completions and promotions within
// period, ordered by completed, promotions, active (most first), then worker ID; mentors with
// all three zero are left out. It returns ErrInvalid for a negative n, a malformed period or
// union ID, ErrNotFound for an unknown union and the store's error.
func (s *Service) TopMentors(ctx context.Context, unionID, period string, n int) ([]MentorStat, error) {
	n, err := topN(n)
	if err != nil {
		return nil, err
	}
	p, err := ParsePeriod(period)
	if err != nil {
		return nil, err
	}
	sn, u, err := s.lookup(ctx, unionID)
	if err != nil {
		return nil, err
	}
	byID := map[string]*MentorStat{}
	stat := func(id string) *MentorStat {
		m := byID[id]
		if m == nil {
			m = &MentorStat{WorkerID: id}
			byID[id] = m
		}
		return m
	}
	for _, f := range sn.pairsIn(u) {
		switch {
		case f.status == graph.PairingActive:
			stat(f.mentor).Active++
		case p.Contains(f.completed):
			m := stat(f.mentor)
			m.Completed++
			if f.promoted != graph.LevelNone {
				m.Promotions++
			}
		}
	}
	out := make([]MentorStat, 0, len(byID))
	for _, m := range byID {
		out = append(out, *m)
	}
	slices.SortFunc(out, func(a, b MentorStat) int {
		return cmp.Or(cmp.Compare(b.Completed, a.Completed), cmp.Compare(b.Promotions, a.Promotions),
			cmp.Compare(b.Active, a.Active), cmp.Compare(a.WorkerID, b.WorkerID))
	})
	return out[:min(n, len(out))], nil
}

// OpenProblemsByTrade returns up to n trades (DefaultTop when 0) required by the problems of
// the subtree of union unionID that are neither SOLVED nor CLOSED, with how many such problems
// need each, most first, then by code. It returns ErrInvalid for a negative n or a malformed
// union ID, ErrNotFound for an unknown union and the store's error.
func (s *Service) OpenProblemsByTrade(ctx context.Context, unionID string, n int) ([]TradeCount, error) {
	n, err := topN(n)
	if err != nil {
		return nil, err
	}
	sn, u, err := s.lookup(ctx, unionID)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, f := range sn.problemsIn(u) {
		if f.status == graph.ProblemSolved || f.status == graph.ProblemClosed {
			continue
		}
		for _, c := range f.skills {
			counts[c]++
		}
	}
	out := make([]TradeCount, 0, len(counts))
	for c, k := range counts {
		out = append(out, TradeCount{Code: c, Count: k})
	}
	slices.SortFunc(out, func(a, b TradeCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Code, b.Code))
	})
	return out[:min(n, len(out))], nil
}

// Stalled returns up to n (DefaultTop when 0) ACTIVE pairings of the subtree of union unionID
// with a review cadence whose last activity (latest review, or the signing date when there is
// none) is more than the cadence days before today, most overdue first, then by pairing ID.
// It returns ErrInvalid for a negative n or a malformed union ID, ErrNotFound for an unknown
// union and the store's error.
func (s *Service) Stalled(ctx context.Context, unionID string, n int) ([]Stalled, error) {
	n, err := topN(n)
	if err != nil {
		return nil, err
	}
	sn, u, err := s.lookup(ctx, unionID)
	if err != nil {
		return nil, err
	}
	today := graph.DateOf(s.now()).Time()
	var out []Stalled
	for _, f := range sn.pairsIn(u) {
		if f.status != graph.PairingActive || f.cadence <= 0 || f.last == "" {
			continue
		}
		last := f.last.Time()
		if last.IsZero() {
			continue
		}
		days := int(today.Sub(last).Hours()/24) - f.cadence
		if days > 0 {
			out = append(out, Stalled{PairingID: f.id, LastActivity: f.last, DaysOverdue: days})
		}
	}
	slices.SortFunc(out, func(a, b Stalled) int {
		return cmp.Or(cmp.Compare(b.DaysOverdue, a.DaysOverdue), cmp.Compare(a.PairingID, b.PairingID))
	})
	return out[:min(n, len(out))], nil
}

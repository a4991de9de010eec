// Package recommend answers the matching questions of the API — mentors for an apprentice,
// apprentices for a mentor, experts and expert teams for a problem, studios for a problem,
// peer craftsmen — and runs campaign matching. It gathers candidates and facts from the graph
// Store (and text relevance from the search Index), and leaves all scoring and optimisation to
// the pure package matching, so both stores give the same answers.
//
// Candidates and facts are kept in an in-memory snapshot of the store, rebuilt after writes:
// Hooks tells the Service about every store write, and the next question after a write
// rebuilds the snapshot (at most once per MinRebuild, so a burst of writes costs one rebuild;
// answers may be that much behind the latest write).
package recommend

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"jiangxin/graph"
	"jiangxin/matching"
	"jiangxin/search"
)

// MinRebuild is the least time between two snapshot rebuilds.
const MinRebuild = 2 * time.Second

// Service answers matching questions over a Store.
type Service struct {
	store   graph.Store
	svc     *graph.Service
	index   search.Index // optional: text relevance of problems to experts
	weights matching.Weights

	gen   atomic.Uint64 // bumped by every store write
	mu    sync.Mutex    // guards snap and building
	snap  *snapshot
	bufMu sync.Mutex
	buf   matching.Buffer
}

// New returns a Service over store, writing through svc; index may be nil.
func New(store graph.Store, svc *graph.Service, index search.Index, w matching.Weights) *Service {
	return &Service{store: store, svc: svc, index: index, weights: w}
}

// Hooks returns write hooks that mark the snapshot stale after every store write.
func (s *Service) Hooks() graph.WriteHooks {
	return graph.WriteHooks{After: func(context.Context, []string, error) { s.gen.Add(1) }}
}

// Invalidate marks the snapshot stale so the next question rebuilds it at once.
func (s *Service) Invalidate() {
	s.gen.Add(1)
	s.mu.Lock()
	if s.snap != nil {
		s.snap.built = time.Time{}
	}
	s.mu.Unlock()
}

// snapshot is everything the scorers need, read from the store at one time.
type snapshot struct {
	gen         uint64
	built       time.Time
	facts       *matching.Facts
	scorer      *matching.Scorer
	workers     map[string]*graph.Worker
	mentors     []graph.Worker // craftsmen and model workers
	apprentices []graph.Worker
	mentorPool  *matching.MentorPool
	appPool     *matching.ApprenticePool
	studios     []matching.StudioCandidate
	unionOf     map[string]string // enterprise ID → union ID
}

// current returns a snapshot no older than the last write (within MinRebuild).
func (s *Service) current(ctx context.Context) (*snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	gen := s.gen.Load()
	if s.snap != nil && (s.snap.gen == gen || time.Since(s.snap.built) < MinRebuild) {
		return s.snap, nil
	}
	snap, err := s.build(ctx, gen)
	if err != nil {
		return nil, err
	}
	s.snap = snap
	return snap, nil
}

// each pages through a List method.
func each[T any](ctx context.Context, list func(graph.Page) (graph.Conn[T], error), fn func(*T)) error {
	for p := (graph.Page{First: graph.MaxPageSize}); ; {
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
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

func (s *Service) build(ctx context.Context, gen uint64) (*snapshot, error) {
	f := &matching.Facts{
		SkillParent: map[string]string{}, SkillName: map[string]string{}, RegionPath: map[string][]string{},
		Enterprises: map[string]matching.EnterpriseFacts{}, Records: map[string]matching.TrackRecord{},
	}
	snap := &snapshot{gen: gen, built: time.Now(), facts: f, workers: map[string]*graph.Worker{}, unionOf: map[string]string{}}
	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Skill], error) {
		return s.store.ListSkills(ctx, graph.SkillFilter{}, p)
	},
		func(sk *graph.Skill) {
			f.SkillParent[sk.Code] = sk.ParentCode
			f.SkillName[sk.Code] = sk.Name
		}); err != nil {
		return nil, fmt.Errorf("load skills: %w", err)
	}
	parents := map[string]string{}
	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Region], error) {
		return s.store.ListRegions(ctx, graph.RegionFilter{}, p)
	},
		func(r *graph.Region) { parents[r.ID] = r.ParentID }); err != nil {
		return nil, fmt.Errorf("load regions: %w", err)
	}
	for id := range parents {
		var path []string
		for r := id; r != "" && len(path) < 10; r = parents[r] {
			path = append([]string{r}, path...)
		}
		f.RegionPath[id] = path
	}
	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Enterprise], error) {
		return s.store.ListEnterprises(ctx, graph.EnterpriseFilter{}, p)
	}, func(e *graph.Enterprise) {
		f.Enterprises[e.ID] = matching.EnterpriseFacts{RegionID: e.RegionID, Industry: e.Industry}
		snap.unionOf[e.ID] = e.UnionID
	}); err != nil {
		return nil, fmt.Errorf("load enterprises: %w", err)
	}
	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Worker], error) {
		return s.store.ListWorkers(ctx, graph.WorkerFilter{}, p)
	},
		func(w *graph.Worker) {
			if w.HasRole(graph.RoleCraftsman) || w.HasRole(graph.RoleModelWorker) {
				snap.mentors = append(snap.mentors, *w)
			}
			if w.HasRole(graph.RoleApprentice) {
				snap.apprentices = append(snap.apprentices, *w)
			}
		}); err != nil {
		return nil, fmt.Errorf("load workers: %w", err)
	}
	for i := range snap.mentors {
		snap.workers[snap.mentors[i].ID] = &snap.mentors[i]
	}
	for i := range snap.apprentices {
		if _, ok := snap.workers[snap.apprentices[i].ID]; !ok {
			snap.workers[snap.apprentices[i].ID] = &snap.apprentices[i]
		}
	}
	ids := make([]string, len(snap.mentors))
	for i, m := range snap.mentors {
		ids[i] = m.ID
	}
	open, err := s.store.OpenMentees(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("count open mentees: %w", err)
	}
	f.OpenMentees = open
	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Pairing], error) {
		return s.store.ListPairings(ctx, graph.PairingFilter{Status: graph.PairingCompleted}, p)
	}, func(pa *graph.Pairing) {
		r := f.Records[pa.MentorID]
		r.Completed++
		if pa.Agreement.TargetLevel.Valid() {
			r.Promoted++
		}
		f.Records[pa.MentorID] = r
	}); err != nil {
		return nil, fmt.Errorf("load track records: %w", err)
	}
	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Studio], error) {
		return s.store.ListStudios(ctx, graph.StudioFilter{}, p)
	},
		func(st *graph.Studio) {
			c := matching.StudioCandidate{Studio: *st}
			for _, id := range append([]string{st.LeaderID}, st.MemberIDs...) {
				if w := snap.workers[id]; w != nil {
					c.Members = append(c.Members, *w)
				}
			}
			snap.studios = append(snap.studios, c)
		}); err != nil {
		return nil, fmt.Errorf("load studios: %w", err)
	}
	snap.scorer = matching.NewScorer(s.weights, f)
	snap.mentorPool = snap.scorer.NewMentorPool(snap.mentors)
	snap.appPool = snap.scorer.NewApprenticePool(snap.apprentices)
	return snap, nil
}

// Match is one recommended candidate with its explained score.
type Match struct {
	ID    string
	Score matching.Score
}

// Result is a ranked list with the count of candidates each hard rule excluded and, when
// asked for, the exclusions themselves.
type Result struct {
	Matches    []Match
	Excluded   map[string]int // rule name → count
	Exclusions []matching.Exclusion
}

func toResult(r matching.TopResult) Result {
	out := Result{Excluded: map[string]int{}, Exclusions: r.Exclusions}
	for _, m := range r.Matches {
		out.Matches = append(out.Matches, Match{ID: m.ID, Score: m.Score})
	}
	for rule := matching.RuleSamePerson; rule <= matching.RuleUnavailable; rule++ {
		if n := r.ExcludedBy(rule); n > 0 {
			out.Excluded[rule.String()] = n
		}
	}
	return out
}

func checkK(k int) error {
	if k < 1 || k > 100 {
		return graph.Invalid("first", "must be 1–100")
	}
	return nil
}

// worker returns a worker from the snapshot, or from the store when the snapshot lacks it.
func (s *Service) worker(ctx context.Context, snap *snapshot, field, id string) (*graph.Worker, error) {
	if err := graph.CheckID(field, graph.KindWorker, id); err != nil {
		return nil, err
	}
	if w := snap.workers[id]; w != nil {
		return w, nil
	}
	w, err := s.store.GetWorker(ctx, id)
	if err != nil {
		return nil, err
	}
	return &w, nil
}

// forWorker checks k, loads the snapshot and the worker named by id (field names the argument
// in errors), and runs top on them.
func (s *Service) forWorker(ctx context.Context, field, id string, k int, top func(*snapshot, *graph.Worker) matching.TopResult) (Result, error) {
	if err := checkK(k); err != nil {
		return Result{}, err
	}
	snap, err := s.current(ctx)
	if err != nil {
		return Result{}, err
	}
	w, err := s.worker(ctx, snap, field, id)
	if err != nil {
		return Result{}, err
	}
	return toResult(top(snap, w)), nil
}

// MentorsFor returns the k best mentors for the apprentice. It returns ErrInvalid or
// ErrNotFound for a bad apprentice ID.
func (s *Service) MentorsFor(ctx context.Context, apprenticeID string, k int, listExclusions bool) (Result, error) {
	return s.forWorker(ctx, "apprenticeId", apprenticeID, k, func(snap *snapshot, a *graph.Worker) matching.TopResult {
		s.bufMu.Lock()
		defer s.bufMu.Unlock()
		return snap.mentorPool.MentorsFor(a, k, &s.buf, matching.TopOptions{ListExclusions: listExclusions})
	})
}

// ApprenticesFor returns the k best apprentices for the mentor.
func (s *Service) ApprenticesFor(ctx context.Context, mentorID string, k int, listExclusions bool) (Result, error) {
	return s.forWorker(ctx, "workerId", mentorID, k, func(snap *snapshot, m *graph.Worker) matching.TopResult {
		s.bufMu.Lock()
		defer s.bufMu.Unlock()
		return snap.appPool.ApprenticesFor(m, k, &s.buf, matching.TopOptions{ListExclusions: listExclusions})
	})
}

// PeersFor returns the k most similar craftsmen to the worker.
func (s *Service) PeersFor(ctx context.Context, workerID string, k int) (Result, error) {
	return s.forWorker(ctx, "workerId", workerID, k, func(snap *snapshot, w *graph.Worker) matching.TopResult {
		return snap.scorer.PeersFor(w, snap.mentors, k)
	})
}

func (s *Service) problem(ctx context.Context, id string) (graph.Problem, error) {
	if err := graph.CheckID("problemId", graph.KindProblem, id); err != nil {
		return graph.Problem{}, err
	}
	return s.store.GetProblem(ctx, id)
}

// expertFacts gathers relevance (the search rank of each expert for the problem's text) and
// past solved problems that share skills with it.
func (s *Service) expertFacts(ctx context.Context, p *graph.Problem) (matching.ExpertFacts, error) {
	ef := matching.ExpertFacts{Relevance: map[string]float64{}, SolvedSimilar: map[string]int{}}
	similar, err := s.store.SimilarSolved(ctx, p.ID, 50)
	if err != nil {
		return ef, fmt.Errorf("similar solved problems: %w", err)
	}
	for _, sp := range similar {
		for _, w := range sp.Problem.SolverIDs {
			ef.SolvedSimilar[w]++
		}
	}
	if s.index == nil {
		return ef, nil
	}
	// Relevance is the expert's best rank among the workers that the problem's title, or the
	// name of one of its trades, finds: 1 for the first hit down towards 0 for the last. Search
	// terms combine with AND, so a long title alone often finds nobody; the trade names (with
	// their synonyms and aliases) always find the trade's people.
	texts := []string{truncate(p.Title, 60)}
	for _, rs := range p.Skills {
		if sk, err := s.store.GetSkill(ctx, rs.Code); err == nil {
			texts = append(texts, sk.Name)
		}
	}
	for _, text := range texts {
		res, err := s.index.Search(ctx, search.Query{Text: text, Kinds: []search.Kind{search.KindWorker}, Limit: search.MaxLimit})
		if err != nil {
			return ef, fmt.Errorf("search experts: %w", err)
		}
		for i, h := range res.Hits {
			if v := 1 - float64(i)/float64(len(res.Hits)); v > ef.Relevance[h.ID] {
				ef.Relevance[h.ID] = v
			}
		}
	}
	return ef, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

// ExpertsFor returns the k best experts for the problem.
func (s *Service) ExpertsFor(ctx context.Context, problemID string, k int) (Result, error) {
	if err := checkK(k); err != nil {
		return Result{}, err
	}
	p, err := s.problem(ctx, problemID)
	if err != nil {
		return Result{}, err
	}
	snap, err := s.current(ctx)
	if err != nil {
		return Result{}, err
	}
	ef, err := s.expertFacts(ctx, &p)
	if err != nil {
		return Result{}, err
	}
	return toResult(snap.scorer.ExpertsFor(&p, snap.mentors, ef, k)), nil
}

// Team is an expert team for a problem.
type Team struct {
	Members    []Match
	Total      float64
	Uncovered  []string
	Exact      bool
	LowerBound int
	// WithinMaxSize says the smallest team found has at most the requested number of members.
	WithinMaxSize bool
}

// ExpertTeamFor returns the smallest, best-scoring team of experts that together hold every
// skill the problem needs at its level, chosen among the 500 best-scoring experts.
func (s *Service) ExpertTeamFor(ctx context.Context, problemID string, maxSize int) (Team, error) {
	if maxSize < 1 || maxSize > 20 {
		return Team{}, graph.Invalid("maxSize", "must be 1–20")
	}
	p, err := s.problem(ctx, problemID)
	if err != nil {
		return Team{}, err
	}
	snap, err := s.current(ctx)
	if err != nil {
		return Team{}, err
	}
	ef, err := s.expertFacts(ctx, &p)
	if err != nil {
		return Team{}, err
	}
	top := snap.scorer.ExpertsFor(&p, snap.mentors, ef, matching.MaxExactTeamCandidates)
	cands := make([]matching.TeamCandidate, len(top.Matches))
	for i, m := range top.Matches {
		cands[i] = matching.TeamCandidate{Worker: snap.mentors[m.Index], Score: m.Score.Total}
	}
	t := matching.ExpertTeam(&p, cands)
	out := Team{Total: t.Total, Uncovered: t.Uncovered, Exact: t.Exact, LowerBound: t.LowerBound,
		WithinMaxSize: len(t.Members) <= maxSize}
	for _, i := range t.Members {
		out.Members = append(out.Members, Match{ID: top.Matches[i].ID, Score: top.Matches[i].Score})
	}
	return out, nil
}

// StudiosFor returns the k best studios for the problem.
func (s *Service) StudiosFor(ctx context.Context, problemID string, k int) (Result, error) {
	if err := checkK(k); err != nil {
		return Result{}, err
	}
	p, err := s.problem(ctx, problemID)
	if err != nil {
		return Result{}, err
	}
	snap, err := s.current(ctx)
	if err != nil {
		return Result{}, err
	}
	return toResult(snap.scorer.StudiosFor(&p, snap.studios, k)), nil
}

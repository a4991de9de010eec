// Package indexer keeps the search index in step with the graph Store, which stays the source of
// truth. Writes go to the Store first and then to the index; a durable Journal of entity IDs,
// marked before each store write and cleared after the index write, lets a crash between the two
// heal by itself: the background drainer (Run) and startup (Drain) rebuild the documents of
// every marked ID from the Store. Reindex rebuilds the whole index, and Fresh tells whether the
// index matches the store (empty, older schema or different counts).
//
// Wrap returns a graph.Store that does the journalling around every write, so every writer (the
// GraphQL API, imports, the demo loader) keeps the index in step without knowing about it.
package indexer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"time"

	"jiangxin/graph"
	"jiangxin/search"
)

// Version names the document schema; an index built with another version is rebuilt.
const Version = "1"

// Meta keys stored in the index.
const (
	metaVersion = "jiangxin.version"
	metaCounts  = "jiangxin.counts"
)

// Indexer derives search documents from the Store and writes them to the Index.
type Indexer struct {
	store   graph.Store
	index   search.Index
	journal *Journal
	log     *slog.Logger
	kick    chan struct{}
	// afterStore, when set, runs between the store write and the index write (crash tests).
	afterStore func()

	mu      sync.Mutex
	skills  map[string]graph.Skill
	regions map[string]graph.Region
}

// New returns an Indexer over store and index, journalling to journal. A nil log discards.
func New(store graph.Store, index search.Index, journal *Journal, log *slog.Logger) *Indexer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Indexer{store: store, index: index, journal: journal, log: log, kick: make(chan struct{}, 1),
		regions: map[string]graph.Region{}}
}

// Index returns the search index.
func (x *Indexer) Index() search.Index { return x.index }

// Journal returns the journal.
func (x *Indexer) Journal() *Journal { return x.journal }

// indexed reports whether entities with this ID have a search document.
func indexed(id string) bool {
	switch graph.KindOf(id) {
	case graph.KindWorker, graph.KindProblem, graph.KindStudio, graph.KindEnterprise, graph.KindSkill:
		return true
	}
	return false
}

func filterIndexed(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if indexed(id) {
			out = append(out, id)
		}
	}
	return out
}

// before marks ids in the journal ahead of a store write.
func (x *Indexer) before(ids []string) error {
	if err := x.journal.Mark(filterIndexed(ids)); err != nil {
		return fmt.Errorf("journal search update: %w", err)
	}
	return nil
}

// after brings the documents of ids up to date once the store write is over (whether it
// succeeded or not: a failed write leaves the documents as they were, and syncing them is
// harmless). Failures stay in the journal for the drainer.
func (x *Indexer) after(ctx context.Context, ids []string) {
	ids = filterIndexed(ids)
	if len(ids) == 0 {
		return
	}
	// The request may be cancelled as soon as it returns; the index write should not be.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := x.Sync(ctx, ids); err != nil {
		x.log.WarnContext(ctx, "search index update deferred to the drainer", "ids", len(ids), "err", err)
		x.Kick()
	}
}

// Kick asks the background drainer to run soon.
func (x *Indexer) Kick() {
	select {
	case x.kick <- struct{}{}:
	default:
	}
}

// Sync rebuilds the documents of ids from the store: present entities are indexed, missing ones
// deleted from the index; then their journal marks are cleared. Changing an enterprise also
// marks its workers, problems and studios, whose documents show its name, for the drainer.
func (x *Indexer) Sync(ctx context.Context, ids []string) error {
	const chunk = 1000
	var enterprises []string
	all := make(map[string]bool, len(ids))
	for _, id := range ids {
		all[id] = true
		if graph.KindOf(id) == graph.KindEnterprise {
			enterprises = append(enterprises, id)
		}
	}
	for rest := ids; len(rest) > 0; {
		n := min(chunk, len(rest))
		if err := x.syncChunk(ctx, rest[:n]); err != nil {
			return err
		}
		rest = rest[n:]
	}
	return x.markDependents(ctx, enterprises, all)
}

func (x *Indexer) syncChunk(ctx context.Context, ids []string) error {
	byKind := map[graph.Kind][]string{}
	for _, id := range ids {
		byKind[graph.KindOf(id)] = append(byKind[graph.KindOf(id)], id)
	}
	var docs []search.Document
	found := map[string]bool{}
	add := func(d search.Document) {
		docs = append(docs, d)
		found[d.ID] = true
	}
	if err := x.workerDocs(ctx, byKind[graph.KindWorker], add); err != nil {
		return err
	}
	if err := x.problemDocs(ctx, byKind[graph.KindProblem], add); err != nil {
		return err
	}
	if err := x.studioDocs(ctx, byKind[graph.KindStudio], add); err != nil {
		return err
	}
	if err := x.enterpriseDocs(ctx, byKind[graph.KindEnterprise], add); err != nil {
		return err
	}
	if codes := byKind[graph.KindSkill]; len(codes) > 0 {
		skills, err := x.store.GetManySkills(ctx, codes)
		if err != nil {
			return fmt.Errorf("load skills: %w", err)
		}
		x.mu.Lock()
		x.skills = nil // the catalogue changed: reload on next use
		x.mu.Unlock()
		for _, s := range skills {
			add(search.FromSkill(s))
		}
	}
	var gone []string
	for _, id := range ids {
		if !found[id] {
			gone = append(gone, id)
		}
	}
	if len(docs) > 0 {
		if err := x.index.Index(ctx, docs...); err != nil {
			return fmt.Errorf("index %d documents: %w", len(docs), err)
		}
	}
	if len(gone) > 0 {
		if err := x.index.Delete(ctx, gone...); err != nil {
			return fmt.Errorf("delete %d documents: %w", len(gone), err)
		}
	}
	return x.journal.Clear(ids)
}

// markDependents journals the workers, problems and studios of the given enterprises, except
// those in skip (synced already), and kicks the drainer.
func (x *Indexer) markDependents(ctx context.Context, enterpriseIDs []string, skip map[string]bool) error {
	var ids []string
	for _, e := range enterpriseIDs {
		for p := (graph.Page{First: graph.MaxPageSize}); ; {
			c, err := x.store.ListWorkers(ctx, graph.WorkerFilter{EnterpriseID: e}, p)
			if err != nil {
				return fmt.Errorf("list workers of %s: %w", e, err)
			}
			for _, w := range c.Items {
				ids = append(ids, w.ID)
			}
			if !c.HasNext {
				break
			}
			p.After = c.EndCursor
		}
		ps, err := x.store.ListProblems(ctx, graph.ProblemFilter{EnterpriseID: e}, graph.Page{First: graph.MaxPageSize})
		if err != nil {
			return fmt.Errorf("list problems of %s: %w", e, err)
		}
		for _, p := range ps.Items {
			ids = append(ids, p.ID)
		}
		ss, err := x.store.ListStudios(ctx, graph.StudioFilter{HostEnterpriseID: e}, graph.Page{First: graph.MaxPageSize})
		if err != nil {
			return fmt.Errorf("list studios of %s: %w", e, err)
		}
		for _, s := range ss.Items {
			ids = append(ids, s.ID)
		}
	}
	ids = slices.DeleteFunc(ids, func(id string) bool { return skip[id] })
	if len(ids) == 0 {
		return nil
	}
	if err := x.journal.Mark(ids); err != nil {
		return err
	}
	x.Kick()
	return nil
}

// Drain syncs every journalled ID. It returns the first failure; marks stay for the next try.
func (x *Indexer) Drain(ctx context.Context) error {
	for {
		ids, err := x.journal.Pending(1000)
		if err != nil {
			return fmt.Errorf("read search journal: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		if err := x.Sync(ctx, ids); err != nil {
			return err
		}
	}
}

// Run drains the journal whenever kicked and every interval, until ctx ends.
func (x *Indexer) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-x.kick:
		}
		if err := x.Drain(ctx); err != nil && ctx.Err() == nil {
			x.log.WarnContext(ctx, "search drain failed; will retry", "err", err)
		}
	}
}

// skillMap returns the skill catalogue, loaded once from the store.
func (x *Indexer) skillMap(ctx context.Context) (map[string]graph.Skill, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.skills != nil {
		return x.skills, nil
	}
	m := map[string]graph.Skill{}
	for p := (graph.Page{First: graph.MaxPageSize}); ; {
		c, err := x.store.ListSkills(ctx, graph.SkillFilter{}, p)
		if err != nil {
			return nil, fmt.Errorf("load skill catalogue: %w", err)
		}
		for _, s := range c.Items {
			m[s.Code] = s
		}
		if !c.HasNext {
			break
		}
		p.After = c.EndCursor
	}
	x.skills = m
	return m, nil
}

// regionPath returns the path from the root down to region id, caching regions.
func (x *Indexer) regionPath(ctx context.Context, id string) ([]graph.Region, error) {
	var path []graph.Region
	for id != "" && len(path) < 10 {
		x.mu.Lock()
		r, ok := x.regions[id]
		x.mu.Unlock()
		if !ok {
			var err error
			r, err = x.store.GetRegion(ctx, id)
			if errors.Is(err, graph.ErrNotFound) {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("load region %s: %w", id, err)
			}
			x.mu.Lock()
			x.regions[id] = r
			x.mu.Unlock()
		}
		path = append([]graph.Region{r}, path...)
		id = r.ParentID
	}
	return path, nil
}

// forgetRegions drops cached regions (after a region write).
func (x *Indexer) forgetRegions() {
	x.mu.Lock()
	x.regions = map[string]graph.Region{}
	x.mu.Unlock()
}

func (x *Indexer) enterprises(ctx context.Context, ids []string) (map[string]*graph.Enterprise, error) {
	out := map[string]*graph.Enterprise{}
	if len(ids) == 0 {
		return out, nil
	}
	es, err := x.store.GetManyEnterprises(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("load enterprises: %w", err)
	}
	for i := range es {
		out[es[i].ID] = &es[i]
	}
	return out, nil
}

func (x *Indexer) workerDocs(ctx context.Context, ids []string, add func(search.Document)) error {
	if len(ids) == 0 {
		return nil
	}
	ws, err := x.store.GetManyWorkers(ctx, ids)
	if err != nil {
		return fmt.Errorf("load workers: %w", err)
	}
	return x.addWorkers(ctx, ws, add)
}

func (x *Indexer) addWorkers(ctx context.Context, ws []graph.Worker, add func(search.Document)) error {
	skills, err := x.skillMap(ctx)
	if err != nil {
		return err
	}
	var entIDs []string
	for _, w := range ws {
		if w.EnterpriseID != "" {
			entIDs = append(entIDs, w.EnterpriseID)
		}
	}
	ents, err := x.enterprises(ctx, entIDs)
	if err != nil {
		return err
	}
	for _, w := range ws {
		path, err := x.regionPath(ctx, w.RegionID)
		if err != nil {
			return err
		}
		add(search.FromWorker(w, skills, path, ents[w.EnterpriseID]))
	}
	return nil
}

func (x *Indexer) problemDocs(ctx context.Context, ids []string, add func(search.Document)) error {
	if len(ids) == 0 {
		return nil
	}
	ps, err := x.store.GetManyProblems(ctx, ids)
	if err != nil {
		return fmt.Errorf("load problems: %w", err)
	}
	return x.addProblems(ctx, ps, add)
}

func (x *Indexer) addProblems(ctx context.Context, ps []graph.Problem, add func(search.Document)) error {
	skills, err := x.skillMap(ctx)
	if err != nil {
		return err
	}
	var entIDs []string
	for _, p := range ps {
		entIDs = append(entIDs, p.EnterpriseID)
	}
	ents, err := x.enterprises(ctx, entIDs)
	if err != nil {
		return err
	}
	for _, p := range ps {
		var path []graph.Region
		if e := ents[p.EnterpriseID]; e != nil {
			if path, err = x.regionPath(ctx, e.RegionID); err != nil {
				return err
			}
		}
		add(search.FromProblem(p, skills, path, ents[p.EnterpriseID]))
	}
	return nil
}

func (x *Indexer) studioDocs(ctx context.Context, ids []string, add func(search.Document)) error {
	if len(ids) == 0 {
		return nil
	}
	ss, err := x.store.GetManyStudios(ctx, ids)
	if err != nil {
		return fmt.Errorf("load studios: %w", err)
	}
	return x.addStudios(ctx, ss, add)
}

func (x *Indexer) addStudios(ctx context.Context, ss []graph.Studio, add func(search.Document)) error {
	skills, err := x.skillMap(ctx)
	if err != nil {
		return err
	}
	var entIDs, leaderIDs []string
	for _, s := range ss {
		entIDs = append(entIDs, s.HostEnterpriseID)
		leaderIDs = append(leaderIDs, s.LeaderID)
	}
	ents, err := x.enterprises(ctx, entIDs)
	if err != nil {
		return err
	}
	leaders, err := x.store.GetManyWorkers(ctx, leaderIDs)
	if err != nil {
		return fmt.Errorf("load studio leaders: %w", err)
	}
	byID := map[string]*graph.Worker{}
	for i := range leaders {
		byID[leaders[i].ID] = &leaders[i]
	}
	for _, s := range ss {
		var path []graph.Region
		if e := ents[s.HostEnterpriseID]; e != nil {
			if path, err = x.regionPath(ctx, e.RegionID); err != nil {
				return err
			}
		}
		add(search.FromStudio(s, skills, path, ents[s.HostEnterpriseID], byID[s.LeaderID]))
	}
	return nil
}

func (x *Indexer) enterpriseDocs(ctx context.Context, ids []string, add func(search.Document)) error {
	ents, err := x.enterprises(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		e := ents[id]
		if e == nil {
			continue
		}
		path, err := x.regionPath(ctx, e.RegionID)
		if err != nil {
			return err
		}
		add(search.FromEnterprise(*e, path))
	}
	return nil
}

// Counts is how many entities of each indexed kind the store holds.
type Counts struct {
	Skills, Workers, Problems, Studios, Enterprises int
}

// Total returns the number of documents the index should hold.
func (c Counts) Total() int { return c.Skills + c.Workers + c.Problems + c.Studios + c.Enterprises }

func (c Counts) String() string {
	return strconv.Itoa(c.Skills) + "/" + strconv.Itoa(c.Workers) + "/" + strconv.Itoa(c.Problems) + "/" +
		strconv.Itoa(c.Studios) + "/" + strconv.Itoa(c.Enterprises)
}

// StoreCounts counts the store's indexed entities.
func (x *Indexer) StoreCounts(ctx context.Context) (Counts, error) {
	var c Counts
	one := graph.Page{First: 1}
	sk, err := x.store.ListSkills(ctx, graph.SkillFilter{}, one)
	if err != nil {
		return c, err
	}
	wk, err := x.store.ListWorkers(ctx, graph.WorkerFilter{}, one)
	if err != nil {
		return c, err
	}
	pr, err := x.store.ListProblems(ctx, graph.ProblemFilter{}, one)
	if err != nil {
		return c, err
	}
	st, err := x.store.ListStudios(ctx, graph.StudioFilter{}, one)
	if err != nil {
		return c, err
	}
	en, err := x.store.ListEnterprises(ctx, graph.EnterpriseFilter{}, one)
	if err != nil {
		return c, err
	}
	return Counts{Skills: sk.Total, Workers: wk.Total, Problems: pr.Total, Studios: st.Total, Enterprises: en.Total}, nil
}

// Fresh reports whether the index was built by this schema version (or records none yet) and
// holds one document per indexed entity of the store; when not, reason says why.
func (x *Indexer) Fresh(ctx context.Context) (ok bool, reason string, err error) {
	v, err := x.index.Meta(ctx, metaVersion)
	if err != nil {
		return false, "", fmt.Errorf("read index version: %w", err)
	}
	if v != "" && v != Version {
		return false, fmt.Sprintf("index version %q, want %q", v, Version), nil
	}
	want, err := x.StoreCounts(ctx)
	if err != nil {
		return false, "", fmt.Errorf("count store: %w", err)
	}
	st, err := x.index.Stats(ctx)
	if err != nil {
		return false, "", fmt.Errorf("index stats: %w", err)
	}
	if st.Documents != want.Total() {
		return false, fmt.Sprintf("index holds %d documents, store has %d entities", st.Documents, want.Total()), nil
	}
	if v == "" {
		// Built document by document through the hooks (an import into a fresh data
		// directory) rather than by Reindex: it is complete, so record its version.
		if err := x.index.SetMeta(ctx, metaVersion, Version); err != nil {
			return false, "", fmt.Errorf("record index version: %w", err)
		}
	}
	return true, "", nil
}

// Progress reports a reindex's advance: done of total documents.
type Progress func(kind string, done, total int)

// Reindex writes every document from the store and records the schema version. It does not
// find documents whose entities are gone: to drop those, rebuild into an empty index (the
// reindex command and startup do so when the index holds more documents than the store has
// entities). progress may be nil.
func (x *Indexer) Reindex(ctx context.Context, progress Progress) error {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	want, err := x.StoreCounts(ctx)
	if err != nil {
		return fmt.Errorf("count store: %w", err)
	}
	x.mu.Lock()
	x.skills = nil
	x.mu.Unlock()
	x.forgetRegions()
	flush := func(docs []search.Document) error {
		if len(docs) == 0 {
			return nil
		}
		return x.index.Index(ctx, docs...)
	}
	type pager func(p graph.Page, add func(search.Document)) (next string, hasNext bool, n int, err error)
	kinds := []struct {
		name  string
		total int
		page  pager
	}{
		{"skills", want.Skills, func(p graph.Page, add func(search.Document)) (string, bool, int, error) {
			c, err := x.store.ListSkills(ctx, graph.SkillFilter{}, p)
			if err != nil {
				return "", false, 0, err
			}
			for _, s := range c.Items {
				add(search.FromSkill(s))
			}
			return c.EndCursor, c.HasNext, len(c.Items), nil
		}},
		{"enterprises", want.Enterprises, func(p graph.Page, add func(search.Document)) (string, bool, int, error) {
			c, err := x.store.ListEnterprises(ctx, graph.EnterpriseFilter{}, p)
			if err != nil {
				return "", false, 0, err
			}
			for _, e := range c.Items {
				path, err := x.regionPath(ctx, e.RegionID)
				if err != nil {
					return "", false, 0, err
				}
				add(search.FromEnterprise(e, path))
			}
			return c.EndCursor, c.HasNext, len(c.Items), nil
		}},
		{"workers", want.Workers, func(p graph.Page, add func(search.Document)) (string, bool, int, error) {
			c, err := x.store.ListWorkers(ctx, graph.WorkerFilter{}, p)
			if err != nil {
				return "", false, 0, err
			}
			return c.EndCursor, c.HasNext, len(c.Items), x.addWorkers(ctx, c.Items, add)
		}},
		{"problems", want.Problems, func(p graph.Page, add func(search.Document)) (string, bool, int, error) {
			c, err := x.store.ListProblems(ctx, graph.ProblemFilter{}, p)
			if err != nil {
				return "", false, 0, err
			}
			return c.EndCursor, c.HasNext, len(c.Items), x.addProblems(ctx, c.Items, add)
		}},
		{"studios", want.Studios, func(p graph.Page, add func(search.Document)) (string, bool, int, error) {
			c, err := x.store.ListStudios(ctx, graph.StudioFilter{}, p)
			if err != nil {
				return "", false, 0, err
			}
			return c.EndCursor, c.HasNext, len(c.Items), x.addStudios(ctx, c.Items, add)
		}},
	}
	for _, k := range kinds {
		done := 0
		for p := (graph.Page{First: graph.MaxPageSize}); ; {
			var docs []search.Document
			next, more, n, err := k.page(p, func(d search.Document) { docs = append(docs, d) })
			if err != nil {
				return fmt.Errorf("reindex %s: %w", k.name, err)
			}
			if err := flush(docs); err != nil {
				return fmt.Errorf("reindex %s: %w", k.name, err)
			}
			done += n
			progress(k.name, done, k.total)
			if !more {
				break
			}
			p.After = next
		}
	}
	if err := x.index.SetMeta(ctx, metaCounts, want.String()); err != nil {
		return fmt.Errorf("record index counts: %w", err)
	}
	if err := x.index.SetMeta(ctx, metaVersion, Version); err != nil {
		return fmt.Errorf("record index version: %w", err)
	}
	return nil
}

package graph

import "context"

// WriteHooks are told about every write of an observed Store. Before runs ahead of the write
// with the IDs it will touch (an error aborts the write); After runs once the write is over
// with the same IDs and the write's error (nil on success). Either may be nil.
type WriteHooks struct {
	Before func(ctx context.Context, ids []string) error
	After  func(ctx context.Context, ids []string, err error)
}

// Observe returns a Store that calls hooks around every write of s (create, update, delete,
// import, skill upserts), in order; reads pass through. The search indexer and the matching
// caches use it to follow the store without knowing its writers.
func Observe(s Store, hooks ...WriteHooks) Store { return &observed{Store: s, hooks: hooks} }

type observed struct {
	Store
	hooks []WriteHooks
}

var _ Store = (*observed)(nil)

func (o *observed) write(ctx context.Context, ids []string, fn func() error) error {
	for _, h := range o.hooks {
		if h.Before != nil {
			if err := h.Before(ctx, ids); err != nil {
				return err
			}
		}
	}
	err := fn()
	for _, h := range o.hooks {
		if h.After != nil {
			h.After(ctx, ids, err)
		}
	}
	return err
}

func observeUpdate[T any](o *observed, ctx context.Context, id string, fn func() (T, error)) (T, error) {
	var out T
	err := o.write(ctx, []string{id}, func() error {
		var err error
		out, err = fn()
		return err
	})
	return out, err
}

func (o *observed) UpsertSkills(ctx context.Context, skills []Skill) error {
	ids := make([]string, len(skills))
	for i, s := range skills {
		ids[i] = s.Code
	}
	return o.write(ctx, ids, func() error { return o.Store.UpsertSkills(ctx, skills) })
}

func (o *observed) CreateRegion(ctx context.Context, r Region) error {
	return o.write(ctx, []string{r.ID}, func() error { return o.Store.CreateRegion(ctx, r) })
}

func (o *observed) UpdateRegion(ctx context.Context, id string, fn func(*Region) error) (Region, error) {
	return observeUpdate(o, ctx, id, func() (Region, error) { return o.Store.UpdateRegion(ctx, id, fn) })
}

func (o *observed) DeleteRegion(ctx context.Context, id string) error {
	return o.write(ctx, []string{id}, func() error { return o.Store.DeleteRegion(ctx, id) })
}

func (o *observed) CreateUnion(ctx context.Context, u Union) error {
	return o.write(ctx, []string{u.ID}, func() error { return o.Store.CreateUnion(ctx, u) })
}

func (o *observed) UpdateUnion(ctx context.Context, id string, fn func(*Union) error) (Union, error) {
	return observeUpdate(o, ctx, id, func() (Union, error) { return o.Store.UpdateUnion(ctx, id, fn) })
}

func (o *observed) DeleteUnion(ctx context.Context, id string) error {
	return o.write(ctx, []string{id}, func() error { return o.Store.DeleteUnion(ctx, id) })
}

func (o *observed) CreateEnterprise(ctx context.Context, e Enterprise) error {
	return o.write(ctx, []string{e.ID}, func() error { return o.Store.CreateEnterprise(ctx, e) })
}

func (o *observed) UpdateEnterprise(ctx context.Context, id string, fn func(*Enterprise) error) (Enterprise, error) {
	return observeUpdate(o, ctx, id, func() (Enterprise, error) { return o.Store.UpdateEnterprise(ctx, id, fn) })
}

func (o *observed) DeleteEnterprise(ctx context.Context, id string) error {
	return o.write(ctx, []string{id}, func() error { return o.Store.DeleteEnterprise(ctx, id) })
}

func (o *observed) CreateWorker(ctx context.Context, w Worker) error {
	return o.write(ctx, []string{w.ID}, func() error { return o.Store.CreateWorker(ctx, w) })
}

func (o *observed) UpdateWorker(ctx context.Context, id string, fn func(*Worker) error) (Worker, error) {
	return observeUpdate(o, ctx, id, func() (Worker, error) { return o.Store.UpdateWorker(ctx, id, fn) })
}

func (o *observed) DeleteWorker(ctx context.Context, id string) error {
	return o.write(ctx, []string{id}, func() error { return o.Store.DeleteWorker(ctx, id) })
}

func (o *observed) CreateProblem(ctx context.Context, p Problem) error {
	return o.write(ctx, []string{p.ID}, func() error { return o.Store.CreateProblem(ctx, p) })
}

func (o *observed) UpdateProblem(ctx context.Context, id string, fn func(*Problem) error) (Problem, error) {
	return observeUpdate(o, ctx, id, func() (Problem, error) { return o.Store.UpdateProblem(ctx, id, fn) })
}

func (o *observed) DeleteProblem(ctx context.Context, id string) error {
	return o.write(ctx, []string{id}, func() error { return o.Store.DeleteProblem(ctx, id) })
}

func (o *observed) CreateVisit(ctx context.Context, v Visit) error {
	return o.write(ctx, []string{v.ID}, func() error { return o.Store.CreateVisit(ctx, v) })
}

func (o *observed) UpdateVisit(ctx context.Context, id string, fn func(*Visit) error) (Visit, error) {
	return observeUpdate(o, ctx, id, func() (Visit, error) { return o.Store.UpdateVisit(ctx, id, fn) })
}

func (o *observed) DeleteVisit(ctx context.Context, id string) error {
	return o.write(ctx, []string{id}, func() error { return o.Store.DeleteVisit(ctx, id) })
}

func (o *observed) CreatePairing(ctx context.Context, p Pairing) error {
	return o.write(ctx, []string{p.ID}, func() error { return o.Store.CreatePairing(ctx, p) })
}

func (o *observed) UpdatePairing(ctx context.Context, id string, fn func(*Pairing) error) (Pairing, error) {
	return observeUpdate(o, ctx, id, func() (Pairing, error) { return o.Store.UpdatePairing(ctx, id, fn) })
}

func (o *observed) DeletePairing(ctx context.Context, id string) error {
	return o.write(ctx, []string{id}, func() error { return o.Store.DeletePairing(ctx, id) })
}

func (o *observed) CreateStudio(ctx context.Context, s Studio) error {
	return o.write(ctx, []string{s.ID}, func() error { return o.Store.CreateStudio(ctx, s) })
}

func (o *observed) UpdateStudio(ctx context.Context, id string, fn func(*Studio) error) (Studio, error) {
	return observeUpdate(o, ctx, id, func() (Studio, error) { return o.Store.UpdateStudio(ctx, id, fn) })
}

func (o *observed) DeleteStudio(ctx context.Context, id string) error {
	return o.write(ctx, []string{id}, func() error { return o.Store.DeleteStudio(ctx, id) })
}

func (o *observed) CreateTarget(ctx context.Context, t Target) error {
	return o.write(ctx, []string{t.ID}, func() error { return o.Store.CreateTarget(ctx, t) })
}

func (o *observed) UpdateTarget(ctx context.Context, id string, fn func(*Target) error) (Target, error) {
	return observeUpdate(o, ctx, id, func() (Target, error) { return o.Store.UpdateTarget(ctx, id, fn) })
}

func (o *observed) DeleteTarget(ctx context.Context, id string) error {
	return o.write(ctx, []string{id}, func() error { return o.Store.DeleteTarget(ctx, id) })
}

// Import reports every entity ID of the batch.
func (o *observed) Import(ctx context.Context, b Batch) error {
	ids := make([]string, 0, b.Len())
	for _, r := range b.Regions {
		ids = append(ids, r.ID)
	}
	for _, u := range b.Unions {
		ids = append(ids, u.ID)
	}
	for _, e := range b.Enterprises {
		ids = append(ids, e.ID)
	}
	for _, w := range b.Workers {
		ids = append(ids, w.ID)
	}
	for _, p := range b.Problems {
		ids = append(ids, p.ID)
	}
	for _, v := range b.Visits {
		ids = append(ids, v.ID)
	}
	for _, p := range b.Pairings {
		ids = append(ids, p.ID)
	}
	for _, s := range b.Studios {
		ids = append(ids, s.ID)
	}
	for _, t := range b.Targets {
		ids = append(ids, t.ID)
	}
	return o.write(ctx, ids, func() error { return o.Store.Import(ctx, b) })
}

// UpdatePairingAndApprentice reads the pairing first to name its apprentice to the hooks (fn
// may not change it).
func (o *observed) UpdatePairingAndApprentice(ctx context.Context, id string, fn func(*Pairing, *Worker) error) (Pairing, Worker, error) {
	cur, err := o.Store.GetPairing(ctx, id)
	if err != nil {
		return Pairing{}, Worker{}, err
	}
	var (
		p Pairing
		w Worker
	)
	err = o.write(ctx, []string{id, cur.ApprenticeID}, func() error {
		var err error
		p, w, err = o.Store.UpdatePairingAndApprentice(ctx, id, fn)
		return err
	})
	return p, w, err
}

// UpdateVisitAndProblems reads the visit first to name its problems to the hooks (fn may not
// change them).
func (o *observed) UpdateVisitAndProblems(ctx context.Context, id string, fn func(*Visit, []Problem) error) (Visit, []Problem, error) {
	cur, err := o.Store.GetVisit(ctx, id)
	if err != nil {
		return Visit{}, nil, err
	}
	var (
		v  Visit
		ps []Problem
	)
	err = o.write(ctx, append([]string{id}, cur.ProblemIDs...), func() error {
		var err error
		v, ps, err = o.Store.UpdateVisitAndProblems(ctx, id, fn)
		return err
	})
	return v, ps, err
}

package indexer

import (
	"context"

	"jiangxin/graph"
)

// Wrap returns a graph.Store that journals and indexes around every write of store: IDs are
// marked in the journal before the write and their documents rebuilt after it. Reads pass
// through unchanged.
func (x *Indexer) Wrap(store graph.Store) graph.Store { return &syncedStore{Store: store, x: x} }

type syncedStore struct {
	graph.Store
	x *Indexer
}

var _ graph.Store = (*syncedStore)(nil)

// write runs fn between the journal mark and the index update of ids.
func (s *syncedStore) write(ctx context.Context, ids []string, fn func() error) error {
	if err := s.x.before(ids); err != nil {
		return err
	}
	err := fn()
	if s.x.afterStore != nil {
		s.x.afterStore()
	}
	s.x.after(ctx, ids)
	return err
}

func update[T any](s *syncedStore, ctx context.Context, id string, fn func() (T, error)) (T, error) {
	var out T
	err := s.write(ctx, []string{id}, func() error {
		var err error
		out, err = fn()
		return err
	})
	return out, err
}

func (s *syncedStore) UpsertSkills(ctx context.Context, skills []graph.Skill) error {
	ids := make([]string, len(skills))
	for i, sk := range skills {
		ids[i] = sk.Code
	}
	return s.write(ctx, ids, func() error { return s.Store.UpsertSkills(ctx, skills) })
}

func (s *syncedStore) CreateRegion(ctx context.Context, r graph.Region) error {
	defer s.x.forgetRegions()
	return s.Store.CreateRegion(ctx, r)
}

func (s *syncedStore) UpdateRegion(ctx context.Context, id string, fn func(*graph.Region) error) (graph.Region, error) {
	defer s.x.forgetRegions()
	return s.Store.UpdateRegion(ctx, id, fn)
}

func (s *syncedStore) DeleteRegion(ctx context.Context, id string) error {
	defer s.x.forgetRegions()
	return s.Store.DeleteRegion(ctx, id)
}

func (s *syncedStore) CreateEnterprise(ctx context.Context, e graph.Enterprise) error {
	return s.write(ctx, []string{e.ID}, func() error { return s.Store.CreateEnterprise(ctx, e) })
}

func (s *syncedStore) UpdateEnterprise(ctx context.Context, id string, fn func(*graph.Enterprise) error) (graph.Enterprise, error) {
	return update(s, ctx, id, func() (graph.Enterprise, error) { return s.Store.UpdateEnterprise(ctx, id, fn) })
}

func (s *syncedStore) DeleteEnterprise(ctx context.Context, id string) error {
	return s.write(ctx, []string{id}, func() error { return s.Store.DeleteEnterprise(ctx, id) })
}

func (s *syncedStore) CreateWorker(ctx context.Context, w graph.Worker) error {
	return s.write(ctx, []string{w.ID}, func() error { return s.Store.CreateWorker(ctx, w) })
}

func (s *syncedStore) UpdateWorker(ctx context.Context, id string, fn func(*graph.Worker) error) (graph.Worker, error) {
	return update(s, ctx, id, func() (graph.Worker, error) { return s.Store.UpdateWorker(ctx, id, fn) })
}

func (s *syncedStore) DeleteWorker(ctx context.Context, id string) error {
	return s.write(ctx, []string{id}, func() error { return s.Store.DeleteWorker(ctx, id) })
}

func (s *syncedStore) CreateProblem(ctx context.Context, p graph.Problem) error {
	return s.write(ctx, []string{p.ID}, func() error { return s.Store.CreateProblem(ctx, p) })
}

func (s *syncedStore) UpdateProblem(ctx context.Context, id string, fn func(*graph.Problem) error) (graph.Problem, error) {
	return update(s, ctx, id, func() (graph.Problem, error) { return s.Store.UpdateProblem(ctx, id, fn) })
}

func (s *syncedStore) DeleteProblem(ctx context.Context, id string) error {
	return s.write(ctx, []string{id}, func() error { return s.Store.DeleteProblem(ctx, id) })
}

func (s *syncedStore) CreateStudio(ctx context.Context, st graph.Studio) error {
	return s.write(ctx, []string{st.ID}, func() error { return s.Store.CreateStudio(ctx, st) })
}

func (s *syncedStore) UpdateStudio(ctx context.Context, id string, fn func(*graph.Studio) error) (graph.Studio, error) {
	return update(s, ctx, id, func() (graph.Studio, error) { return s.Store.UpdateStudio(ctx, id, fn) })
}

func (s *syncedStore) DeleteStudio(ctx context.Context, id string) error {
	return s.write(ctx, []string{id}, func() error { return s.Store.DeleteStudio(ctx, id) })
}

// Import journals and indexes every indexed entity of the batch.
func (s *syncedStore) Import(ctx context.Context, b graph.Batch) error {
	var ids []string
	for _, e := range b.Enterprises {
		ids = append(ids, e.ID)
	}
	for _, w := range b.Workers {
		ids = append(ids, w.ID)
	}
	for _, p := range b.Problems {
		ids = append(ids, p.ID)
	}
	for _, st := range b.Studios {
		ids = append(ids, st.ID)
	}
	if len(b.Regions) > 0 {
		defer s.x.forgetRegions()
	}
	return s.write(ctx, ids, func() error { return s.Store.Import(ctx, b) })
}

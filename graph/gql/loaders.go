package gql

import (
	"context"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"jiangxin/graph"
)

// Loaders batches the store reads of one request: a list of 100 workers with their skills and
// employers costs one GetManyWorkers, one GetManySkills and one GetManyEnterprises call. Each
// loader is made on first use: most requests need two or three of them, and making all nine
// for every request was 12 % of the cost of a trivial one.
type Loaders struct {
	store  graph.Store
	wait   time.Duration
	skills *skillCache // shared by the handler's requests; nil: read every skill from the store

	skill       lazy[graph.Skill]
	region      lazy[graph.Region]
	union       lazy[graph.Union]
	enterprise  lazy[graph.Enterprise]
	worker      lazy[graph.Worker]
	problem     lazy[graph.Problem]
	pairing     lazy[graph.Pairing]
	studio      lazy[graph.Studio]
	openMentees lazy[int]
}

// fetcher reads the values of keys, in order, for a loader.
type fetcher[T any] func(ctx context.Context, keys []string) ([]T, []error)

// lazy is a loader made on first use.
type lazy[T any] struct {
	once sync.Once
	l    *dataloadgen.Loader[string, T]
}

// get returns the loader, making it with the fetch function that fetch returns the first time.
func (z *lazy[T]) get(ls *Loaders, fetch func() fetcher[T]) *dataloadgen.Loader[string, T] {
	z.once.Do(func() {
		z.l = dataloadgen.NewLoader(fetch(), dataloadgen.WithWait(ls.wait), dataloadgen.WithBatchCapacity(graph.MaxPageSize))
	})
	return z.l
}

// NewLoaders returns fresh loaders over store that gather keys for wait before each batched
// read; make one set per request.
func NewLoaders(store graph.Store, wait time.Duration) *Loaders {
	return &Loaders{store: store, wait: wait}
}

// newCachedLoaders is NewLoaders with skills read through skills, a cache shared across
// requests.
func newCachedLoaders(store graph.Store, wait time.Duration, skills *skillCache) *Loaders {
	return &Loaders{store: store, wait: wait, skills: skills}
}

// getManySkills reads skills through the shared cache when there is one.
func (l *Loaders) getManySkills(ctx context.Context, codes []string) ([]graph.Skill, error) {
	if l.skills == nil {
		return l.store.GetManySkills(ctx, codes)
	}
	return l.skills.getMany(ctx, l.store, codes)
}

// Skill loads skills by code.
func (l *Loaders) Skill() *dataloadgen.Loader[string, graph.Skill] {
	return l.skill.get(l, func() fetcher[graph.Skill] {
		return byKey(l.getManySkills, func(s graph.Skill) string { return s.Code }, graph.KindSkill)
	})
}

// Region loads regions by ID.
func (l *Loaders) Region() *dataloadgen.Loader[string, graph.Region] {
	return l.region.get(l, func() fetcher[graph.Region] {
		return byKey(l.store.GetManyRegions, func(r graph.Region) string { return r.ID }, graph.KindRegion)
	})
}

// Union loads unions by ID.
func (l *Loaders) Union() *dataloadgen.Loader[string, graph.Union] {
	return l.union.get(l, func() fetcher[graph.Union] {
		return byKey(l.store.GetManyUnions, func(u graph.Union) string { return u.ID }, graph.KindUnion)
	})
}

// Enterprise loads enterprises by ID.
func (l *Loaders) Enterprise() *dataloadgen.Loader[string, graph.Enterprise] {
	return l.enterprise.get(l, func() fetcher[graph.Enterprise] {
		return byKey(l.store.GetManyEnterprises, func(e graph.Enterprise) string { return e.ID }, graph.KindEnterprise)
	})
}

// Worker loads workers by ID.
func (l *Loaders) Worker() *dataloadgen.Loader[string, graph.Worker] {
	return l.worker.get(l, func() fetcher[graph.Worker] {
		return byKey(l.store.GetManyWorkers, func(w graph.Worker) string { return w.ID }, graph.KindWorker)
	})
}

// Problem loads problems by ID.
func (l *Loaders) Problem() *dataloadgen.Loader[string, graph.Problem] {
	return l.problem.get(l, func() fetcher[graph.Problem] {
		return byKey(l.store.GetManyProblems, func(p graph.Problem) string { return p.ID }, graph.KindProblem)
	})
}

// Pairing loads pairings by ID.
func (l *Loaders) Pairing() *dataloadgen.Loader[string, graph.Pairing] {
	return l.pairing.get(l, func() fetcher[graph.Pairing] {
		return byKey(l.store.GetManyPairings, func(p graph.Pairing) string { return p.ID }, graph.KindPairing)
	})
}

// Studio loads studios by ID.
func (l *Loaders) Studio() *dataloadgen.Loader[string, graph.Studio] {
	return l.studio.get(l, func() fetcher[graph.Studio] {
		return byKey(l.store.GetManyStudios, func(s graph.Studio) string { return s.ID }, graph.KindStudio)
	})
}

// OpenMentees loads, by worker ID, how many pairings the worker mentors that are still open.
func (l *Loaders) OpenMentees() *dataloadgen.Loader[string, int] {
	return l.openMentees.get(l, func() fetcher[int] {
		return func(ctx context.Context, ids []string) ([]int, []error) {
			counts, err := l.store.OpenMentees(ctx, ids)
			if err != nil {
				return nil, []error{err}
			}
			out := make([]int, len(ids))
			for i, id := range ids {
				out[i] = counts[id]
			}
			return out, nil
		}
	})
}

// byKey adapts a Store GetMany method, which skips unknown keys, to a loader fetch that
// answers ErrNotFound for them.
func byKey[T any](getMany func(context.Context, []string) ([]T, error), key func(T) string, kind graph.Kind) func(context.Context, []string) ([]T, []error) {
	return func(ctx context.Context, keys []string) ([]T, []error) {
		found, err := getMany(ctx, keys)
		if err != nil {
			return nil, []error{err}
		}
		byID := make(map[string]T, len(found))
		for _, v := range found {
			byID[key(v)] = v
		}
		out := make([]T, len(keys))
		var errs []error
		for i, k := range keys {
			v, ok := byID[k]
			if !ok {
				if errs == nil {
					errs = make([]error, len(keys))
				}
				errs[i] = graph.NotFound(kind, k)
				continue
			}
			out[i] = v
		}
		return out, errs
	}
}

type loadersKey struct{}

// WithLoaders returns ctx carrying l.
func WithLoaders(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, loadersKey{}, l)
}

// loaders returns the request's loaders, or fresh ones when the context has none (tests that
// call resolvers directly).
func (r *Resolver) loaders(ctx context.Context) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	return NewLoaders(r.Store, DefaultLimits.LoaderWait)
}

// loadPtr loads one entity by ID and returns a pointer to it; an empty ID gives nil, nil.
func loadPtr[T any](ctx context.Context, l *dataloadgen.Loader[string, T], id string) (*T, error) {
	if id == "" {
		return nil, nil
	}
	v, err := l.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// loadAll loads entities by IDs, in order.
func loadAll[T any](ctx context.Context, l *dataloadgen.Loader[string, T], ids []string) ([]T, error) {
	if len(ids) == 0 {
		return []T{}, nil
	}
	return l.LoadAll(ctx, ids)
}

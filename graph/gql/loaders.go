package gql

import (
	"context"
	"time"

	"github.com/vikstrous/dataloadgen"

	"jiangxin/graph"
)

// Loaders batches the store reads of one request: a list of 100 workers with their skills and
// employers costs one GetManyWorkers, one GetManySkills and one GetManyEnterprises call.
type Loaders struct {
	Skill       *dataloadgen.Loader[string, graph.Skill]
	Region      *dataloadgen.Loader[string, graph.Region]
	Union       *dataloadgen.Loader[string, graph.Union]
	Enterprise  *dataloadgen.Loader[string, graph.Enterprise]
	Worker      *dataloadgen.Loader[string, graph.Worker]
	Problem     *dataloadgen.Loader[string, graph.Problem]
	Pairing     *dataloadgen.Loader[string, graph.Pairing]
	Studio      *dataloadgen.Loader[string, graph.Studio]
	OpenMentees *dataloadgen.Loader[string, int]
}

// NewLoaders returns fresh loaders over store that gather keys for wait before each batched
// read; make one set per request.
func NewLoaders(store graph.Store, wait time.Duration) *Loaders {
	opts := []dataloadgen.Option{dataloadgen.WithWait(wait), dataloadgen.WithBatchCapacity(graph.MaxPageSize)}
	return &Loaders{
		Skill:      dataloadgen.NewLoader(byKey(store.GetManySkills, func(s graph.Skill) string { return s.Code }, graph.KindSkill), opts...),
		Region:     dataloadgen.NewLoader(byKey(store.GetManyRegions, func(r graph.Region) string { return r.ID }, graph.KindRegion), opts...),
		Union:      dataloadgen.NewLoader(byKey(store.GetManyUnions, func(u graph.Union) string { return u.ID }, graph.KindUnion), opts...),
		Enterprise: dataloadgen.NewLoader(byKey(store.GetManyEnterprises, func(e graph.Enterprise) string { return e.ID }, graph.KindEnterprise), opts...),
		Worker:     dataloadgen.NewLoader(byKey(store.GetManyWorkers, func(w graph.Worker) string { return w.ID }, graph.KindWorker), opts...),
		Problem:    dataloadgen.NewLoader(byKey(store.GetManyProblems, func(p graph.Problem) string { return p.ID }, graph.KindProblem), opts...),
		Pairing:    dataloadgen.NewLoader(byKey(store.GetManyPairings, func(p graph.Pairing) string { return p.ID }, graph.KindPairing), opts...),
		Studio:     dataloadgen.NewLoader(byKey(store.GetManyStudios, func(s graph.Studio) string { return s.ID }, graph.KindStudio), opts...),
		OpenMentees: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]int, []error) {
			counts, err := store.OpenMentees(ctx, ids)
			if err != nil {
				return nil, []error{err}
			}
			out := make([]int, len(ids))
			for i, id := range ids {
				out[i] = counts[id]
			}
			return out, nil
		}, opts...),
	}
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

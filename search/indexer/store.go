package indexer

import (
	"context"

	"jiangxin/graph"
)

// Hooks returns the write hooks that keep the index in step: IDs are marked in the journal
// before a write and their documents rebuilt after it.
func (x *Indexer) Hooks() graph.WriteHooks {
	return graph.WriteHooks{
		Before: func(_ context.Context, ids []string) error {
			return x.before(ids)
		},
		After: func(ctx context.Context, ids []string, _ error) {
			if x.afterStore != nil {
				x.afterStore()
			}
			for _, id := range ids {
				if graph.KindOf(id) == graph.KindRegion {
					x.forgetRegions()
					break
				}
			}
			x.after(ctx, ids)
		},
	}
}

// Wrap returns store observed by the indexer's hooks (see Hooks).
func (x *Indexer) Wrap(store graph.Store) graph.Store { return graph.Observe(store, x.Hooks()) }

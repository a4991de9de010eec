package bbolt

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"

	"jiangxin/graph"
)

// Import writes every entity of b in one transaction: all entities are validated and put
// first, then every reference and graph rule is checked, so references may point anywhere in b.
// Any error rolls the whole transaction back.
func (s *Store) Import(ctx context.Context, b graph.Batch) error {
	if err := ctx.Err(); err != nil {
		return wrap("import", err)
	}
	if b.Len() == 0 {
		return nil
	}
	if err := validateAll(regionSpec, b.Regions); err != nil {
		return err
	}
	if err := validateAll(unionSpec, b.Unions); err != nil {
		return err
	}
	if err := validateAll(enterpriseSpec, b.Enterprises); err != nil {
		return err
	}
	if err := validateAll(workerSpec, b.Workers); err != nil {
		return err
	}
	if err := validateAll(problemSpec, b.Problems); err != nil {
		return err
	}
	if err := validateAll(visitSpec, b.Visits); err != nil {
		return err
	}
	if err := validateAll(pairingSpec, b.Pairings); err != nil {
		return err
	}
	if err := validateAll(studioSpec, b.Studios); err != nil {
		return err
	}
	if err := validateAll(targetSpec, b.Targets); err != nil {
		return err
	}
	return s.update(ctx, "import", func(t *txn) error {
		st := &stager{t: t, puts: map[graph.Kind][]kv{}, seen: map[string]bool{}, uniq: map[string]string{}}
		if err := stage(st, regionSpec, b.Regions); err != nil {
			return err
		}
		if err := stage(st, unionSpec, b.Unions); err != nil {
			return err
		}
		if err := stage(st, enterpriseSpec, b.Enterprises); err != nil {
			return err
		}
		if err := stage(st, workerSpec, b.Workers); err != nil {
			return err
		}
		if err := stage(st, problemSpec, b.Problems); err != nil {
			return err
		}
		if err := stage(st, visitSpec, b.Visits); err != nil {
			return err
		}
		if err := stage(st, pairingSpec, b.Pairings); err != nil {
			return err
		}
		if err := stage(st, studioSpec, b.Studios); err != nil {
			return err
		}
		if err := stage(st, targetSpec, b.Targets); err != nil {
			return err
		}
		if err := st.flush(); err != nil {
			return err
		}
		checks := []func() error{
			func() error { return checkAll(t, regionSpec, b.Regions) },
			func() error { return checkAll(t, unionSpec, b.Unions) },
			func() error { return checkAll(t, enterpriseSpec, b.Enterprises) },
			func() error { return checkAll(t, workerSpec, b.Workers) },
			func() error { return checkAll(t, problemSpec, b.Problems) },
			func() error { return checkAll(t, visitSpec, b.Visits) },
			func() error { return checkAll(t, pairingSpec, b.Pairings) },
			func() error { return checkAll(t, studioSpec, b.Studios) },
			func() error { return checkAll(t, targetSpec, b.Targets) },
		}
		for _, check := range checks {
			if err := check(); err != nil {
				return err
			}
		}
		return nil
	})
}

// stager collects the writes of an import so that they reach bbolt sorted by key. bbolt
// splits nodes only at commit, so unsorted bulk inserts into one transaction cost quadratic
// memmoves; sorted ones append.
type stager struct {
	t    *txn
	puts map[graph.Kind][]kv
	seen map[string]bool   // IDs staged so far
	uniq map[string]string // natural keys staged so far → owner
	idx  [][]byte
}

type kv struct{ k, v []byte }

// bulkFill is the page fill of sorted bulk writes: denser than bbolt's default of one half,
// which suits random inserts, while leaving room for later updates.
const bulkFill = 0.9

// stage encodes items and checks their IDs and natural keys against the store and the batch.
func stage[T any](st *stager, sp *spec[T], items []T) error {
	b := st.t.bucket(sp.kind)
	for i := range items {
		if i%1024 == 0 {
			if err := st.t.ctx.Err(); err != nil {
				return err
			}
		}
		v := &items[i]
		id := sp.id(v)
		if st.seen[id] || b.Get([]byte(id)) != nil {
			return graph.Conflict("%s %s already exists", sp.kind, id)
		}
		st.seen[id] = true
		k := sp.keysOf(v)
		for _, u := range k.uniq {
			if owner, ok := st.uniq[string(u.key)]; ok && owner != id {
				return graph.Conflict("%s", u.msg)
			}
			if owner := st.t.uniq.Get(u.key); owner != nil && string(owner) != id {
				return graph.Conflict("%s", u.msg)
			}
			st.uniq[string(u.key)] = id
		}
		st.idx = append(st.idx, k.idx...)
		data, err := json.Marshal(v)
		if err != nil {
			return graph.Invalid("", "cannot store %s: %v", sp.kind, err)
		}
		st.puts[sp.kind] = append(st.puts[sp.kind], kv{[]byte(id), data})
	}
	return nil
}

// flush writes everything staged, in key order per bucket.
func (st *stager) flush() error {
	for kind, kvs := range st.puts {
		slices.SortFunc(kvs, func(a, b kv) int { return bytes.Compare(a.k, b.k) })
		b := st.t.bucket(kind)
		b.FillPercent = bulkFill
		for _, e := range kvs {
			if err := b.Put(e.k, e.v); err != nil {
				return err
			}
		}
	}
	slices.SortFunc(st.idx, bytes.Compare)
	st.t.idx.FillPercent = bulkFill
	for _, k := range st.idx {
		if err := st.t.idx.Put(k, nil); err != nil {
			return err
		}
	}
	keys := make([]string, 0, len(st.uniq))
	for k := range st.uniq {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	st.t.uniq.FillPercent = bulkFill
	for _, k := range keys {
		if err := st.t.uniq.Put([]byte(k), []byte(st.uniq[k])); err != nil {
			return err
		}
	}
	return st.t.ctx.Err()
}

func validateAll[T any](sp *spec[T], items []T) error {
	for i := range items {
		if err := sp.validate(&items[i]); err != nil {
			return err
		}
	}
	return nil
}

// checkAll checks the references and graph rules of items, already stored.
func checkAll[T any](t *txn, sp *spec[T], items []T) error {
	for i := range items {
		if i%1024 == 0 {
			if err := t.ctx.Err(); err != nil {
				return err
			}
		}
		if err := sp.runCheck(t, &items[i]); err != nil {
			return err
		}
	}
	return nil
}

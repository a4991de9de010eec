package bbolt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"jiangxin/graph"
)

// spec describes how one entity kind is stored, indexed and checked.
type spec[T any] struct {
	kind     graph.Kind
	id       func(*T) string
	created  func(*T) time.Time // nil for kinds without CreatedAt
	validate func(*T) error
	keys     func(*T, *keys)                 // index entries and natural keys
	check    func(*txn, *T) error            // references and graph rules, run after the entity is put
	inbound  []inbound                       // indexes through which other entities reference this kind
	changed  func(t *txn, old, cur *T) error // rules on an update's transition, run after check
}

// inbound is an index whose values are IDs of the kind that owns it: while an entry under
// "name\x00<id>\x00" exists, the entity id is referenced by a what.
type inbound struct{ name, what string }

// keys collects the index entries and natural keys of one entity.
type keys struct {
	id   string
	idx  [][]byte
	uniq []uniqKey
}

type uniqKey struct {
	key []byte
	msg string
}

// add records index entry name/value for the entity; empty values are not indexed.
func (k *keys) add(name, value string) {
	if value != "" {
		k.idx = append(k.idx, idxKey(name, value, k.id))
	}
}

// addAll records one entry per value.
func (k *keys) addAll(name string, values []string) {
	for _, v := range values {
		k.add(name, v)
	}
}

// unique records a natural key that no other entity may hold.
func (k *keys) unique(key, msg string) { k.uniq = append(k.uniq, uniqKey{[]byte(key), msg}) }

func (sp *spec[T]) keysOf(v *T) *keys {
	k := &keys{id: sp.id(v)}
	sp.keys(v, k)
	return k
}

func load[T any](t *txn, sp *spec[T], id string) (T, error) { return decode[T](t, sp.kind, id) }

// decode reads the entity id of kind k; it returns ErrNotFound when there is none.
func decode[T any](t *txn, k graph.Kind, id string) (T, error) {
	var v T
	data := t.bucket(k).Get([]byte(id))
	if data == nil {
		return v, graph.NotFound(k, id)
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return v, errors.Join(errors.New("decode "+string(k)+" "+id), err)
	}
	return v, nil
}

// put stores v with its index entries and natural keys, replacing old when old is not nil. It
// returns ErrConflict when v is new and its ID is taken, or a natural key of v belongs to
// another entity.
func put[T any](t *txn, sp *spec[T], v, old *T) error {
	id := sp.id(v)
	b := t.bucket(sp.kind)
	if old == nil && b.Get([]byte(id)) != nil {
		return graph.Conflict("%s %s already exists", sp.kind, id)
	}
	nk := sp.keysOf(v)
	for _, u := range nk.uniq {
		if owner := t.uniq.Get(u.key); owner != nil && string(owner) != id {
			return graph.Conflict("%s", u.msg)
		}
	}
	if old != nil {
		ok := sp.keysOf(old)
		newIdx := make(map[string]bool, len(nk.idx))
		for _, k := range nk.idx {
			newIdx[string(k)] = true
		}
		for _, k := range ok.idx {
			if !newIdx[string(k)] {
				if err := t.idx.Delete(k); err != nil {
					return err
				}
			}
		}
		for _, u := range ok.uniq {
			if !slices.ContainsFunc(nk.uniq, func(n uniqKey) bool { return string(n.key) == string(u.key) }) {
				if err := t.uniq.Delete(u.key); err != nil {
					return err
				}
			}
		}
	}
	for _, u := range nk.uniq {
		if err := t.uniq.Put(u.key, []byte(id)); err != nil {
			return err
		}
	}
	for _, k := range nk.idx {
		if err := t.idx.Put(k, nil); err != nil {
			return err
		}
	}
	data, err := json.Marshal(v)
	if err != nil {
		return graph.Invalid("", "cannot store %s: %v", sp.kind, err)
	}
	return b.Put([]byte(id), data)
}

func checkID(k graph.Kind, id string) error {
	if k == graph.KindSkill {
		return graph.CheckSkillCode("code", id)
	}
	return graph.CheckID("id", k, id)
}

func create[T any](ctx context.Context, s *Store, sp *spec[T], v T) error {
	if err := ctx.Err(); err != nil {
		return wrap("create "+sp.kind.String(), err)
	}
	if err := sp.validate(&v); err != nil {
		return err
	}
	return s.update(ctx, "create "+sp.kind.String(), func(t *txn) error {
		if err := put(t, sp, &v, nil); err != nil {
			return err
		}
		return sp.runCheck(t, &v)
	})
}

func (sp *spec[T]) runCheck(t *txn, v *T) error {
	if sp.check == nil {
		return nil
	}
	return sp.check(t, v)
}

func get[T any](ctx context.Context, s *Store, sp *spec[T], id string) (T, error) {
	var v T
	if err := ctx.Err(); err != nil {
		return v, wrap("get "+sp.kind.String(), err)
	}
	if err := checkID(sp.kind, id); err != nil {
		return v, err
	}
	err := s.view(ctx, "get "+sp.kind.String(), func(t *txn) error {
		var err error
		v, err = load(t, sp, id)
		return err
	})
	return v, err
}

func getMany[T any](ctx context.Context, s *Store, sp *spec[T], ids []string) ([]T, error) {
	out := make([]T, 0, len(ids))
	err := s.view(ctx, "get "+sp.kind.String()+"s", func(t *txn) error {
		for _, id := range ids {
			if checkID(sp.kind, id) != nil {
				continue
			}
			v, err := load(t, sp, id)
			if errors.Is(err, graph.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func update[T any](ctx context.Context, s *Store, sp *spec[T], id string, fn func(*T) error) (T, error) {
	var out T
	if err := ctx.Err(); err != nil {
		return out, wrap("update "+sp.kind.String(), err)
	}
	if err := checkID(sp.kind, id); err != nil {
		return out, err
	}
	var fnErr error
	err := s.update(ctx, "update "+sp.kind.String(), func(t *txn) error {
		old, cur, err := loadPair(t, sp, id)
		if err != nil {
			return err
		}
		if err := fn(&cur); err != nil {
			fnErr = err
			return err
		}
		if err := replace(t, sp, id, &old, &cur); err != nil {
			return err
		}
		out = cur
		return nil
	})
	if fnErr != nil && errors.Is(err, fnErr) {
		var zero T
		return zero, fnErr
	}
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// loadPair reads the entity id twice: the stored version and a private copy for an update
// function to change.
func loadPair[T any](t *txn, sp *spec[T], id string) (old, cur T, err error) {
	if old, err = load(t, sp, id); err != nil {
		return old, cur, err
	}
	cur, err = load(t, sp, id)
	return old, cur, err
}

// replace stores cur in place of old (the entity id) inside t: it refuses a changed ID or
// CreatedAt (ErrInvalid), validates cur, updates its indexes and natural keys, and checks its
// references and the kind's update rules.
func replace[T any](t *txn, sp *spec[T], id string, old, cur *T) error {
	if sp.id(cur) != id {
		return graph.Invalid("id", "cannot be changed")
	}
	if sp.created != nil && !sp.created(cur).Equal(sp.created(old)) {
		return graph.Invalid("createdAt", "cannot be changed")
	}
	if err := sp.validate(cur); err != nil {
		return err
	}
	if err := put(t, sp, cur, old); err != nil {
		return err
	}
	if err := sp.runCheck(t, cur); err != nil {
		return err
	}
	if sp.changed != nil {
		return sp.changed(t, old, cur)
	}
	return nil
}

func del[T any](ctx context.Context, s *Store, sp *spec[T], id string) error {
	if err := ctx.Err(); err != nil {
		return wrap("delete "+sp.kind.String(), err)
	}
	if err := checkID(sp.kind, id); err != nil {
		return err
	}
	return s.update(ctx, "delete "+sp.kind.String(), func(t *txn) error {
		old, err := load(t, sp, id)
		if err != nil {
			return err
		}
		for _, in := range sp.inbound {
			if t.has(idxKey(in.name, id, "")) {
				return graph.Conflict("%s %s is still referenced by %s", sp.kind, id, in.what)
			}
		}
		k := sp.keysOf(&old)
		for _, key := range k.idx {
			if err := t.idx.Delete(key); err != nil {
				return err
			}
		}
		for _, u := range k.uniq {
			if err := t.uniq.Delete(u.key); err != nil {
				return err
			}
		}
		return t.bucket(sp.kind).Delete([]byte(id))
	})
}

// cond is one filter condition: the union of the ID sets under its index prefixes.
type cond [][]byte

// set returns the sorted, distinct IDs matching c. The IDs point into the read transaction's
// memory map and are valid only until it ends.
func (t *txn) set(c cond) [][]byte {
	var runs [][][]byte // each run is sorted: the IDs under one prefix
	for _, p := range c {
		if len(p) > 0 && p[0] == subtreeMark {
			name, root, _ := strings.Cut(strings.TrimSuffix(string(p[1:]), "\x00"), "\x00")
			for _, id := range t.subtree(ixRegionParent, root) {
				runs = append(runs, t.idBytes(idxKey(name, id, "")))
			}
			continue
		}
		runs = append(runs, t.idBytes(p))
	}
	for len(runs) > 1 {
		var next [][][]byte
		for i := 0; i < len(runs); i += 2 {
			if i+1 == len(runs) {
				next = append(next, runs[i])
				continue
			}
			next = append(next, merge(runs[i], runs[i+1]))
		}
		runs = next
	}
	if len(runs) == 0 {
		return nil
	}
	return runs[0]
}

// idBytes returns the IDs ending the index entries under prefix, in order, without copying.
func (t *txn) idBytes(prefix []byte) [][]byte {
	var out [][]byte
	c := t.idx.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		out = append(out, k[bytes.LastIndexByte(k, 0)+1:])
	}
	// A prefix that stops short of the last value part (such as a trade without its level)
	// yields several sorted runs; sort them into one.
	if !slices.IsSortedFunc(out, bytes.Compare) {
		slices.SortFunc(out, bytes.Compare)
		out = slices.CompactFunc(out, bytes.Equal)
	}
	return out
}

// merge returns the sorted union of two sorted ID lists.
func merge(a, b [][]byte) [][]byte {
	out := make([][]byte, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch c := bytes.Compare(a[i], b[j]); {
		case c < 0:
			out = append(out, a[i])
			i++
		case c > 0:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// intersect returns the IDs in every one of the sorted sets.
func intersect(sets [][][]byte) [][]byte {
	slices.SortFunc(sets, func(a, b [][]byte) int { return len(a) - len(b) })
	out := sets[0]
	for _, s := range sets[1:] {
		var next [][]byte
		i, j := 0, 0
		for i < len(out) && j < len(s) {
			switch c := bytes.Compare(out[i], s[j]); {
			case c < 0:
				i++
			case c > 0:
				j++
			default:
				next = append(next, out[i])
				i, j = i+1, j+1
			}
		}
		out = next
	}
	return out
}

// list returns a page of the entities matching every condition (all entities when there is
// none) and, when match is set, match.
func list[T any](ctx context.Context, s *Store, sp *spec[T], conds []cond, match func(*T) bool, p graph.Page) (graph.Conn[T], error) {
	var conn graph.Conn[T]
	if err := ctx.Err(); err != nil {
		return conn, wrap("list "+sp.kind.String()+"s", err)
	}
	after, err := decodeCursor(sp.kind, p.After)
	if err != nil {
		return conn, err
	}
	n := p.Size()
	err = s.view(ctx, "list "+sp.kind.String()+"s", func(t *txn) error {
		if len(conds) == 0 && match == nil {
			return scanPage(t, sp, after, n, &conn)
		}
		var ids [][]byte
		if len(conds) == 0 {
			c := t.bucket(sp.kind).Cursor()
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
				ids = append(ids, k)
			}
		} else {
			sets := make([][][]byte, len(conds))
			for i, c := range conds {
				sets[i] = t.set(c)
			}
			ids = intersect(sets)
		}
		var items []T
		if match != nil {
			kept := ids[:0]
			for _, id := range ids {
				v, err := load(t, sp, string(id))
				if err != nil {
					return err
				}
				if match(&v) {
					kept = append(kept, id)
					items = append(items, v)
				}
			}
			ids = kept
		}
		conn.Total = len(ids)
		i := sort.Search(len(ids), func(i int) bool { return string(ids[i]) > after })
		end := min(i+n, len(ids))
		conn.HasNext = end < len(ids)
		for j := i; j < end; j++ {
			if items != nil {
				conn.Items = append(conn.Items, items[j])
				continue
			}
			v, err := load(t, sp, string(ids[j]))
			if err != nil {
				return err
			}
			conn.Items = append(conn.Items, v)
		}
		if len(conn.Items) > 0 {
			conn.EndCursor = encodeCursor(string(ids[end-1]))
		}
		return nil
	})
	if err != nil {
		return graph.Conn[T]{}, err
	}
	return conn, nil
}

// scanPage fills conn from the kind's bucket in key order, counting every key for Total.
func scanPage[T any](t *txn, sp *spec[T], after string, n int, conn *graph.Conn[T]) error {
	b := t.bucket(sp.kind)
	conn.Total = b.Stats().KeyN
	c := b.Cursor()
	var k, data []byte
	if after == "" {
		k, data = c.First()
	} else {
		k, data = c.Seek([]byte(after))
		if k != nil && string(k) == after {
			k, data = c.Next()
		}
	}
	for ; k != nil && len(conn.Items) < n; k, data = c.Next() {
		var v T
		if err := json.Unmarshal(data, &v); err != nil {
			return errors.Join(errors.New("decode "+string(sp.kind)+" "+string(k)), err)
		}
		conn.Items = append(conn.Items, v)
		conn.EndCursor = encodeCursor(string(k))
	}
	conn.HasNext = k != nil
	return nil
}

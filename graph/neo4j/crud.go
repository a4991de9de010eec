package neo4j

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"jiangxin/graph"
)

// prepared is one kind's share of a write: validated rows and the statements that store them.
type prepared struct {
	qCreate, qRels string
	rows           []any
	label          string
	ids            []string
	checkRefs      func(ctx context.Context, tx neo4j.ManagedTransaction, known map[string]map[string]bool) error
	post           func(ctx context.Context, tx neo4j.ManagedTransaction) error
}

// prepare validates es and encodes them as rows of sp.
func prepare[T any](sp *spec[T], es []T) (prepared, error) {
	rows := make([]any, 0, len(es))
	maps := make([]map[string]any, 0, len(es))
	ptrs := make([]*T, 0, len(es))
	ids := make([]string, 0, len(es))
	for i := range es {
		e := &es[i]
		if err := sp.validate(e); err != nil {
			return prepared{}, err
		}
		row, err := sp.row(e)
		if err != nil {
			return prepared{}, err
		}
		rows = append(rows, row)
		maps = append(maps, row)
		ptrs = append(ptrs, e)
		ids = append(ids, sp.id(e))
	}
	p := prepared{qCreate: sp.qCreate, qRels: sp.qRels, rows: rows, label: sp.label, ids: ids}
	p.checkRefs = func(ctx context.Context, tx neo4j.ManagedTransaction, known map[string]map[string]bool) error {
		return sp.checkRefs(ctx, tx, maps, ptrs, known)
	}
	if sp.post != nil {
		p.post = func(ctx context.Context, tx neo4j.ManagedTransaction) error { return sp.post(ctx, tx, ids) }
	}
	return p, nil
}

// writeNew stores the prepared kinds in tx, in the order of the Store contract: references
// first (to stored entities or to entities of the batch), then the nodes (where uniqueness
// constraints report taken IDs and natural keys), then the relationships, then the tree checks.
func writeNew(ctx context.Context, tx neo4j.ManagedTransaction, ps []prepared) error {
	known := map[string]map[string]bool{}
	for _, p := range ps {
		if known[p.label] == nil {
			known[p.label] = map[string]bool{}
		}
		for _, id := range p.ids {
			known[p.label][id] = true
		}
	}
	for _, p := range ps {
		if len(p.rows) > 0 {
			if err := p.checkRefs(ctx, tx, known); err != nil {
				return err
			}
		}
	}
	for _, p := range ps {
		if len(p.rows) > 0 {
			if err := runRows(ctx, tx, p.qCreate, p.rows); err != nil {
				return err
			}
		}
	}
	for _, p := range ps {
		if len(p.rows) > 0 {
			if err := runRows(ctx, tx, p.qRels, p.rows); err != nil {
				return err
			}
		}
	}
	for _, p := range ps {
		if len(p.rows) > 0 && p.post != nil {
			if err := p.post(ctx, tx); err != nil {
				return err
			}
		}
	}
	return nil
}

// create stores one new entity.
func create[T any](ctx context.Context, s *Store, sp *spec[T], e T) error {
	p, err := prepare(sp, []T{e})
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx neo4j.ManagedTransaction) error { return writeNew(ctx, tx, []prepared{p}) })
}

// get returns the entity with id.
func get[T any](ctx context.Context, s *Store, sp *spec[T], id string) (T, error) {
	var out T
	if err := graph.CheckID("id", sp.kind, id); err != nil {
		return out, err
	}
	recs, err := s.query(ctx, "MATCH (n:"+sp.label+" {id: $id}) RETURN "+sp.proj, map[string]any{"id": id})
	if err != nil {
		return out, err
	}
	if len(recs) == 0 {
		return out, graph.NotFound(sp.kind, id)
	}
	if out, err = sp.decodeRecord(recs[0]); err != nil {
		return out, errDecode(sp.kind, err)
	}
	return out, nil
}

// getMany returns the entities found among ids, in the order of ids.
func getMany[T any](ctx context.Context, s *Store, sp *spec[T], ids []string) ([]T, error) {
	out := make([]T, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.query(ctx, "UNWIND range(0, size($ids) - 1) AS i MATCH (n:"+sp.label+
		" {id: $ids[i]}) WITH i, n ORDER BY i RETURN "+sp.proj, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		e, err := sp.decodeRecord(r)
		if err != nil {
			return nil, errDecode(sp.kind, err)
		}
		out = append(out, e)
	}
	return out, nil
}

// filter accumulates the conditions on n of a list query and their parameters.
//
// A condition may offer an anchor: a clause through an indexed node (an entity by ID, a skill by
// code, the regions under one region) that binds every n meeting it. The query then starts from
// the narrowest anchor and expands to n instead of scanning every node of n's label and testing
// the conditions on each; the anchor's own condition is dropped, the others are tested on the
// nodes it reaches. Measured on 10,000 workers, one skill in one district (page of 20, no total):
// 116 ms scanning with EXISTS conditions, 30 ms anchored on the skill with the region path tested
// per worker, ≈ 6 ms anchored on the skill with the district's regions collected once (below).
type filter struct {
	conds  []cond
	params map[string]any
	pre    []string // clauses run before the match, each ending in WITH ... AS one of carry
	carry  []string // variables the clauses in pre bind
}

// cond is one condition, and the clause that starts the match from it when it is the anchor.
type cond struct {
	where  string
	anchor string // a clause binding n (written "(n)"), or ""
	rank   int    // the anchor's rank: lower is narrower
}

// Anchor ranks, narrowest first: one entity's direct neighbours, the holders of one skill,
// everything under one node of a tree (a region and its descendants).
const (
	anchorEntity = 1 + iota
	anchorSkill
	anchorTree
)

func newFilter() *filter { return &filter{params: map[string]any{}} }

// eq adds n.prop = value when value is not empty.
func (f *filter) eq(prop, value string) {
	if value != "" {
		f.add("n."+prop+" = $"+prop, prop, value)
	}
}

// add adds the condition where with the parameter name = value.
func (f *filter) add(where, name string, value any) {
	f.anchored(cond{where: where}, name, value)
}

// anchored adds c with the parameter name = value.
func (f *filter) anchored(c cond, name string, value any) {
	f.conds = append(f.conds, c)
	if name != "" {
		f.params[name] = value
	}
}

// linked adds "n is linked by pattern to the node with id" when id is set; pattern names the
// other end m, its last node.
func (f *filter) linked(name, pattern, id string) {
	if id != "" {
		f.anchored(cond{where: "EXISTS { MATCH " + pattern + " WHERE m.id = $" + name + " }",
			anchor: "MATCH " + pattern[:strings.LastIndex(pattern, ")")] + " {id: $" + name + "})",
			rank:   anchorEntity}, name, id)
	}
}

// under adds "n is linked by rel to a node of label at or below the node with id in the tree
// of PART_OF" when id is set: (n)<rel>(label) with rel such as -[:IN_REGION]->. The subtree is
// collected once before the match (a variable-length path tested per n is what makes Neo4j's
// planner slow here).
func (f *filter) under(name, rel, label, id string) {
	if id == "" {
		return
	}
	tree := name + "Tree"
	f.pre = append(f.pre, "MATCH (:"+label+" {id: $"+name+"})<-[:PART_OF*0..]-(t:"+label+") WITH "+
		strings.Join(append(f.carry, "collect(t) AS "+tree), ", "))
	f.carry = append(f.carry, tree)
	f.anchored(cond{where: "EXISTS { MATCH (n)" + rel + "(t) WHERE t IN " + tree + " }",
		anchor: "UNWIND " + tree + " AS t MATCH (n)" + rel + "(t)", rank: anchorTree}, name, id)
}

// query returns the MATCH of label's nodes meeting the conditions, starting from the narrowest
// anchor, and whether it ends with a WHERE (so that more conditions join with AND).
func (f *filter) query(label string) (string, bool) {
	best := -1
	for i, c := range f.conds {
		if c.anchor != "" && (best < 0 || c.rank < f.conds[best].rank) {
			best = i
		}
	}
	var b strings.Builder
	for _, p := range f.pre {
		b.WriteString(p + " ")
	}
	if best < 0 {
		b.WriteString("MATCH (n:" + label + ")")
	} else {
		// WITH DISTINCT: an anchor may reach n more than once; it also ends the anchor's
		// variables' scope, so that the other conditions' own cannot collide with them.
		b.WriteString(strings.Replace(f.conds[best].anchor, "(n)", "(n:"+label+")", 1))
		b.WriteString(" WITH DISTINCT " + strings.Join(append([]string{"n"}, f.carry...), ", "))
	}
	var where []string
	for i, c := range f.conds {
		if i != best {
			where = append(where, c.where)
		}
	}
	if len(where) == 0 {
		return b.String(), false
	}
	return b.String() + " WHERE " + strings.Join(where, " AND "), true
}

// list returns a page of sp's entities matching f, in key order.
func list[T any](ctx context.Context, s *Store, sp *spec[T], key string, f *filter, p graph.Page) (graph.Conn[T], error) {
	var out graph.Conn[T]
	size := p.Size()
	params := map[string]any{"first": size + 1}
	for k, v := range f.params {
		params[k] = v
	}
	match, hasWhere := f.query(sp.label)
	page := match
	after, err := graph.ParseCursor(p.After)
	if err != nil {
		return out, err
	}
	if after != "" {
		params["after"] = after
		if !hasWhere {
			page += " WHERE n." + key + " > $after"
		} else {
			page += " AND n." + key + " > $after"
		}
	}
	pageQ := page + " WITH n ORDER BY n." + key + " LIMIT $first RETURN " + sp.proj + ", n." + key
	decode := func(recs []*neo4j.Record) error {
		if len(recs) > size {
			out.HasNext = true
			recs = recs[:size]
		}
		for _, r := range recs {
			e, err := sp.decodeRecord(r)
			if err != nil {
				return errDecode(sp.kind, err)
			}
			out.Items = append(out.Items, e)
			last, _ := r.Values[1].(string)
			out.EndCursor = graph.CursorOf(last)
		}
		return nil
	}
	if p.SkipTotal {
		// One statement: an auto-commit read, one round trip.
		recs, err := s.query(ctx, pageQ, params)
		if err != nil {
			return out, err
		}
		return out, decode(recs)
	}
	// The total and the page in one transaction, so that they agree.
	err = s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		out = graph.Conn[T]{}
		recs, err := collect(ctx, tx, match+" RETURN count(n)", params)
		if err != nil {
			return err
		}
		out.Total = int(recs[0].Values[0].(int64))
		if recs, err = collect(ctx, tx, pageQ, params); err != nil {
			return err
		}
		return decode(recs)
	})
	return out, err
}

// update applies fn to the entity with id under a write lock and stores the result.
func update[T any](ctx context.Context, s *Store, sp *spec[T], id string, fn func(*T) error) (T, error) {
	var out T
	if err := graph.CheckID("id", sp.kind, id); err != nil {
		return out, err
	}
	err := s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		old, err := lockLoad(ctx, tx, sp, id)
		if err != nil {
			return err
		}
		cur := old
		if err := fn(&cur); err != nil {
			return err
		}
		if err := save(ctx, tx, sp, id, &old, &cur); err != nil {
			return err
		}
		out = cur
		return nil
	})
	return out, err
}

// lockLoad takes the write lock on the entity with id and reads it, ErrNotFound when unknown.
// The no-op write takes the node's write lock before the read, so that concurrent updates of
// the same entity run one after the other on fresh data.
func lockLoad[T any](ctx context.Context, tx neo4j.ManagedTransaction, sp *spec[T], id string) (T, error) {
	var out T
	recs, err := collect(ctx, tx, "MATCH (n:"+sp.label+" {id: $id}) SET n._lock = true REMOVE n._lock RETURN "+sp.proj,
		map[string]any{"id": id})
	if err != nil {
		return out, err
	}
	if len(recs) == 0 {
		return out, graph.NotFound(sp.kind, id)
	}
	out, err = sp.decodeRecord(recs[0])
	if err != nil {
		return out, errDecode(sp.kind, err)
	}
	return out, nil
}

// save checks cur, the result of an update of old (loaded and locked by lockLoad), and stores
// it: ID and CreatedAt unchanged, valid, the spec's check passed, references existing.
// cur is a shallow copy of old changed by fn, so save reads only old's scalar fields.
func save[T any](ctx context.Context, tx neo4j.ManagedTransaction, sp *spec[T], id string, old, cur *T) error {
	if sp.id(cur) != id {
		return graph.Invalid("id", "cannot be changed")
	}
	if sp.createdAt != nil && !sp.createdAt(cur).Equal(sp.createdAt(old)) {
		return graph.Invalid("createdAt", "cannot be changed")
	}
	if err := sp.validate(cur); err != nil {
		return err
	}
	row, err := sp.row(cur)
	if err != nil {
		return err
	}
	if err := sp.checkRefs(ctx, tx, []map[string]any{row}, []*T{cur}, nil); err != nil {
		return err
	}
	if sp.check != nil {
		if err := sp.check(ctx, tx, old, cur); err != nil {
			return err
		}
	}
	rows := []any{row}
	if err := exec(ctx, tx, sp.qUpdate, map[string]any{"rows": rows}); err != nil {
		return err
	}
	if err := exec(ctx, tx, sp.qDeleteOwned, map[string]any{"id": id}); err != nil {
		return err
	}
	if err := exec(ctx, tx, sp.qRels, map[string]any{"rows": rows}); err != nil {
		return err
	}
	if sp.post != nil {
		if err := sp.post(ctx, tx, []string{id}); err != nil {
			return err
		}
	}
	return nil
}

// remove deletes the entity with id unless another entity references it.
func remove[T any](ctx context.Context, s *Store, sp *spec[T], id string) error {
	if err := graph.CheckID("id", sp.kind, id); err != nil {
		return err
	}
	return s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		recs, err := collect(ctx, tx, "MATCH (n:"+sp.label+" {id: $id}) SET n._lock = true REMOVE n._lock RETURN "+sp.refBy,
			map[string]any{"id": id})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return graph.NotFound(sp.kind, id)
		}
		if used, _ := recs[0].Values[0].(bool); used {
			return graph.Conflict("%s %s is still referenced", sp.kind, id)
		}
		if err := exec(ctx, tx, sp.qDeleteOwned, map[string]any{"id": id}); err != nil {
			return err
		}
		return exec(ctx, tx, "MATCH (n:"+sp.label+" {id: $id}) DETACH DELETE n", map[string]any{"id": id})
	})
}

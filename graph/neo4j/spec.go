package neo4j

import (
	"context"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"jiangxin/graph"
)

// relSpec describes one kind of reference an entity owns, stored as a relationship.
type relSpec struct {
	field    string     // key in the write row and in the read projection
	typ      string     // relationship type
	out      bool       // (n)-[:typ]->(m) when true, (m)-[:typ]->(n) otherwise
	label    string     // label of the other end
	key      string     // key property of the other end: id or code
	errField string     // field named by ErrInvalid when the other end is missing
	kind     graph.Kind // kind of the other end, for messages
	props    []string   // relationship properties besides pos
}

// ref is a reference checked before a write but not stored as a relationship.
type ref struct {
	field string
	label string
	kind  graph.Kind
	ids   []string
}

// spec describes how one entity kind maps onto the graph. Every string is a Cypher fragment
// built from constants; values always travel as parameters.
type spec[T any] struct {
	kind  graph.Kind
	label string
	rels  []relSpec

	roleLabels  string // labels derived from props, removed before an update (workers)
	setLabels   string // Cypher run after SET n = row.props
	extraCreate string // subqueries run after the relationships are created
	extraDelete string // subqueries run before owned relationships are deleted
	extraProj   string // extra projection entries, starting with a comma
	refBy       string // Cypher predicate over n: other entities still reference n

	id        func(*T) string
	createdAt func(*T) time.Time
	validate  func(*T) error
	encode    func(*T) (props map[string]any, extra map[string]any, err error)
	decode    func(rec) (T, error)
	extraRefs func(*T) []ref
	post      func(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) error
	// check runs in an update's transaction after validation and before the write, with the
	// stored entity and the result of fn (the pairing capacity invariant).
	check func(ctx context.Context, tx neo4j.ManagedTransaction, old, cur *T) error

	// Generated statements.
	qCreate, qUpdate, qDeleteOwned, qRels, proj string
}

// build generates the statements of s.
func (s *spec[T]) build() *spec[T] {
	var b strings.Builder
	b.WriteString("UNWIND $rows AS row CREATE (n:" + s.label + ") SET n = row.props " + s.setLabels)
	s.qCreate = b.String()

	b.Reset()
	b.WriteString("UNWIND $rows AS row MATCH (n:" + s.label + " {id: row.id}) ")
	if s.roleLabels != "" {
		b.WriteString("REMOVE n:" + s.roleLabels + " ")
	}
	b.WriteString("SET n = row.props " + s.setLabels)
	s.qUpdate = b.String()

	b.Reset()
	b.WriteString("MATCH (n:" + s.label + " {id: $id}) " + s.extraDelete)
	for _, r := range s.rels {
		b.WriteString(" CALL (n) { MATCH " + r.pattern("n", "r", "m") + " DELETE r }")
	}
	s.qDeleteOwned = b.String()

	b.Reset()
	b.WriteString("UNWIND $rows AS row MATCH (n:" + s.label + " {id: row.id})")
	for _, r := range s.rels {
		// Explicit property keys (rather than SET r = map) spare the planner an Eager barrier.
		props := "pos: x.p.pos"
		for _, p := range r.props {
			props += ", " + p + ": x.p." + p
		}
		b.WriteString(" CALL (n, row) { UNWIND row." + r.field + " AS x MATCH (m:" + r.label + " {" + r.key + ": x.k}) CREATE " +
			r.arrow("n", "r:"+r.typ+" {"+props+"}", "m") + " }")
	}
	b.WriteString(" " + s.extraCreate)
	s.qRels = b.String()

	b.Reset()
	b.WriteString("n {.*")
	for _, r := range s.rels {
		b.WriteString(", " + r.field + ": [" + r.pattern("n", "r", "m") + " | r {.*, k: m." + r.key + "}]")
	}
	b.WriteString(s.extraProj + "}")
	s.proj = b.String()
	return s
}

// pattern returns the relationship pattern with a labelled other end.
func (r relSpec) pattern(n, rv, m string) string {
	if r.out {
		return "(" + n + ")-[" + rv + ":" + r.typ + "]->(" + m + ":" + r.label + ")"
	}
	return "(" + n + ")<-[" + rv + ":" + r.typ + "]-(" + m + ":" + r.label + ")"
}

// arrow returns the relationship pattern rel (variable, type and properties) for CREATE,
// between bound nodes.
func (r relSpec) arrow(n, rel, m string) string {
	if r.out {
		return "(" + n + ")-[" + rel + "]->(" + m + ")"
	}
	return "(" + m + ")-[" + rel + "]->(" + n + ")"
}

// row encodes e as a write row.
func (s *spec[T]) row(e *T) (map[string]any, error) {
	props, extra, err := s.encode(e)
	if err != nil {
		return nil, err
	}
	row := map[string]any{"id": s.id(e), "props": props}
	for k, v := range extra {
		row[k] = v
	}
	for _, r := range s.rels {
		if _, ok := row[r.field]; !ok {
			row[r.field] = []any{}
		}
	}
	return row, nil
}

// batchSize is the number of rows per UNWIND statement.
const batchSize = 10_000

// runRows runs q once per chunk of rows.
func runRows(ctx context.Context, tx neo4j.ManagedTransaction, q string, rows []any) error {
	for i := 0; i < len(rows); i += batchSize {
		end := min(i+batchSize, len(rows))
		if err := exec(ctx, tx, q, map[string]any{"rows": rows[i:end]}); err != nil {
			return err
		}
	}
	return nil
}

// checkRefs returns an ErrInvalid naming the field of the first reference of rows (in spec
// order) whose target does not exist in tx.
// Keys of known (a map from label to keys, e.g. the entities of the batch being imported) need
// no lookup.
func (s *spec[T]) checkRefs(ctx context.Context, tx neo4j.ManagedTransaction, rows []map[string]any, es []*T,
	known map[string]map[string]bool) error {
	for _, r := range s.rels {
		var keys []string
		seen := map[string]bool{}
		for _, row := range rows {
			for _, l := range row[r.field].([]any) {
				k := l.(map[string]any)["k"].(string)
				if !seen[k] && !known[r.label][k] {
					seen[k] = true
					keys = append(keys, k)
				}
			}
		}
		if err := checkExist(ctx, tx, r.errField, r.label, r.key, r.kind, keys); err != nil {
			return err
		}
	}
	if s.extraRefs != nil {
		for _, e := range es {
			for _, x := range s.extraRefs(e) {
				var ids []string
				for _, id := range x.ids {
					if !known[x.label][id] {
						ids = append(ids, id)
					}
				}
				if err := checkExist(ctx, tx, x.field, x.label, "id", x.kind, ids); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// checkExist returns an ErrInvalid naming field when one of keys has no label node.
func checkExist(ctx context.Context, tx neo4j.ManagedTransaction, field, label, key string, kind graph.Kind, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	for i := 0; i < len(keys); i += batchSize {
		end := min(i+batchSize, len(keys))
		recs, err := collect(ctx, tx, "UNWIND $keys AS k WITH k WHERE NOT EXISTS { MATCH (m:"+label+" {"+key+": k}) } RETURN k LIMIT 1",
			map[string]any{"keys": keys[i:end]})
		if err != nil {
			return err
		}
		if len(recs) > 0 {
			missing, _ := recs[0].Values[0].(string)
			return graph.Invalid(field, "%s %q does not exist", kind, missing)
		}
	}
	return nil
}

// decodeRecord decodes the first value of r, a projection of s.
func (s *spec[T]) decodeRecord(r *neo4j.Record) (T, error) {
	m, _ := r.Values[0].(map[string]any)
	return s.decode(rec(m))
}

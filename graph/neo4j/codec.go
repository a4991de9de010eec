package neo4j

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"jiangxin/graph"
)

// rec is a node projection as returned by the driver.
type rec map[string]any

func (m rec) str(k string) string { v, _ := m[k].(string); return v }

func (m rec) num(k string) int { v, _ := m[k].(int64); return int(v) }

func (m rec) flag(k string) bool { v, _ := m[k].(bool); return v }

func (m rec) float(k string) float64 {
	switch v := m[k].(type) {
	case float64:
		return v
	case int64:
		return float64(v)
	}
	return 0
}

// time reads an int64 of nanoseconds since the Unix epoch as a UTC time.
func (m rec) time(k string) time.Time {
	v, ok := m[k].(int64)
	if !ok {
		return time.Time{}
	}
	return time.Unix(0, v).UTC()
}

func (m rec) strs(k string) []string {
	l, _ := m[k].([]any)
	if len(l) == 0 {
		return nil
	}
	out := make([]string, 0, len(l))
	for _, v := range l {
		s, _ := v.(string)
		out = append(out, s)
	}
	return out
}

// links returns the relationship projections of field k ({k: key, pos, ...props}) in pos order.
func (m rec) links(k string) []rec {
	l, _ := m[k].([]any)
	if len(l) == 0 {
		return nil
	}
	out := make([]rec, 0, len(l))
	for _, v := range l {
		if r, ok := v.(map[string]any); ok {
			out = append(out, rec(r))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].num("pos") < out[j].num("pos") })
	return out
}

// keys returns the keys of the links of field k in pos order.
func (m rec) keys(k string) []string {
	ls := m.links(k)
	if ls == nil {
		return nil
	}
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.str("k")
	}
	return out
}

// key returns the key of the single link of field k, "" when there is none.
func (m rec) key(k string) string {
	if ks := m.keys(k); len(ks) > 0 {
		return ks[0]
	}
	return ""
}

// jsonInto decodes the JSON string property k into dst; a missing property leaves dst alone.
func (m rec) jsonInto(k string, dst any) error {
	s, ok := m[k].(string)
	if !ok {
		return nil
	}
	if err := json.Unmarshal([]byte(s), dst); err != nil {
		return fmt.Errorf("decode %s: %w", k, err)
	}
	return nil
}

// nanos encodes t for storage.
func nanos(t time.Time) int64 { return t.UnixNano() }

// orNil maps "" to nil so that the property is not stored (uniqueness constraints ignore it).
func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// strList returns l for storage, nil when empty.
func strList(l []string) any {
	if len(l) == 0 {
		return nil
	}
	return l
}

// jsonProp encodes v as a JSON string property; nil slices are not stored.
func jsonProp[T any](v []T) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// link is one relationship to write: the key of the other end and the relationship properties.
func link(key string, pos int, props map[string]any) any {
	p := map[string]any{"pos": pos}
	for k, v := range props {
		p[k] = v
	}
	return map[string]any{"k": key, "p": p}
}

// one returns a single link, or none for an empty key.
func one(key string) []any {
	if key == "" {
		return []any{}
	}
	return []any{link(key, 0, nil)}
}

// many returns links to keys in order.
func many(keys []string) []any {
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = link(k, i, nil)
	}
	return out
}

// levelOf reads a level property.
func levelOf(m rec, k string) graph.Level { return graph.Level(m.num(k)) }

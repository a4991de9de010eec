package graph

// Split cuts b into batches of about max entities (at least one group each) that can be
// imported one after another: every batch references only itself and earlier batches, since
// entities go in dependency order — regions, unions and enterprises together (enterprise unions
// and their enterprises name each other), then workers, problems, studios, visits, pairings and
// targets. Each batch is all-or-nothing on its own; the whole is not. A max ≤ 0 or a batch no
// larger than max returns b alone.
//
// Stores bound what one transaction may hold (Neo4j's transaction memory), so callers that load
// very large batches (the demo city at scale) split them.
func (b Batch) Split(max int) []Batch {
	if max <= 0 || b.Len() <= max {
		return []Batch{b}
	}
	out := []Batch{{Regions: b.Regions, Unions: b.Unions, Enterprises: b.Enterprises}}
	cur := &out[0]
	room := func(n int) {
		if cur.Len()+n > max && cur.Len() > 0 {
			out = append(out, Batch{})
			cur = &out[len(out)-1]
		}
	}
	// Each kind references only kinds added before it, so batches fill in this order.
	add := func(n int, put func(lo, hi int)) {
		for i := 0; i < n; {
			room(1)
			k := min(max-cur.Len(), n-i)
			if k <= 0 {
				k = 1
			}
			put(i, i+k)
			i += k
		}
	}
	add(len(b.Workers), func(lo, hi int) { cur.Workers = append(cur.Workers, b.Workers[lo:hi]...) })
	add(len(b.Problems), func(lo, hi int) { cur.Problems = append(cur.Problems, b.Problems[lo:hi]...) })
	add(len(b.Studios), func(lo, hi int) { cur.Studios = append(cur.Studios, b.Studios[lo:hi]...) })
	add(len(b.Visits), func(lo, hi int) { cur.Visits = append(cur.Visits, b.Visits[lo:hi]...) })
	add(len(b.Pairings), func(lo, hi int) { cur.Pairings = append(cur.Pairings, b.Pairings[lo:hi]...) })
	add(len(b.Targets), func(lo, hi int) { cur.Targets = append(cur.Targets, b.Targets[lo:hi]...) })
	return out
}

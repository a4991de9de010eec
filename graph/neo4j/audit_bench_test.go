package neo4j_test

import (
	"context"
	"os"
	"strconv"
	"sync"
	"testing"

	"jiangxin/graph"
	"jiangxin/graph/graphtest"
)

// BenchmarkListAudit pages a log of $NEO4J_BENCH_AUDIT entries (default 20,000), spread over
// ten unions and a thousand entities: the newest page unfiltered, for one union, for one
// entity, and a page deep in the log.
func BenchmarkListAudit(b *testing.B) {
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("NEO4J_BENCH_AUDIT")); err == nil && v > 0 {
		n = v
	}
	s := openTest(b)
	ctx := context.Background()
	m := graphtest.NewMaker()
	unions := make([]string, 10)
	for i := range unions {
		unions[i] = m.ID(graph.KindUnion)
	}
	entities := make([]string, 1000)
	for i := range entities {
		entities[i] = m.ID(graph.KindPairing)
	}
	es := make([]graph.AuditEntry, n)
	for i := range es {
		es[i] = m.Audit("respondPairing", entities[i%len(entities)], []string{unions[i%len(unions)], unions[(i+1)%len(unions)]})
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				if err := s.AppendAudit(ctx, es[i]); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	deep := graph.CursorOf(es[n/2].ID)
	for _, bc := range []struct {
		name string
		f    graph.AuditFilter
		p    graph.Page
	}{
		{"newest", graph.AuditFilter{}, graph.Page{First: 20}},
		{"union", graph.AuditFilter{UnionIDs: unions[3:4]}, graph.Page{First: 20}},
		{"entity", graph.AuditFilter{EntityID: entities[7]}, graph.Page{First: 20}},
		{"deep", graph.AuditFilter{}, graph.Page{First: 20, After: deep}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				c, err := s.ListAudit(ctx, bc.f, bc.p)
				if err != nil || len(c.Items) != 20 {
					b.Fatalf("%d items, %v", len(c.Items), err)
				}
			}
		})
	}
}

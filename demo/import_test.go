package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"jiangxin/demo"
	"jiangxin/graph"
	"jiangxin/graph/bbolt"
	"jiangxin/graph/taxonomy"
)

// TestImportBbolt imports the default demo city into the embedded bbolt store and asks it the
// graph questions the demo is built to answer.
func TestImportBbolt(t *testing.T) {
	ctx := context.Background()
	s, err := bbolt.Open(ctx, t.TempDir(), bbolt.WithLockTimeout(2*time.Second))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	skills, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.UpsertSkills(ctx, skills); err != nil {
		t.Fatalf("upsert skills: %v", err)
	}
	b, sum, err := demo.Build(demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := s.Import(ctx, b); err != nil {
		t.Fatalf("import: %v", err)
	}
	t.Logf("imported %d entities in %v", b.Len(), time.Since(start))

	t.Run("entities read back", func(t *testing.T) {
		w, err := s.GetWorker(ctx, sum.ModelWorkerID)
		if err != nil || w.Name != demo.ModelWorkerName {
			t.Fatalf("model worker = %+v, %v", w, err)
		}
		conn, err := s.ListWorkers(ctx, graph.WorkerFilter{}, graph.Page{First: 1})
		if err != nil || conn.Total != len(b.Workers) {
			t.Fatalf("workers total = %d, %v; want %d", conn.Total, err, len(b.Workers))
		}
	})
	t.Run("lineage", func(t *testing.T) {
		edges, err := s.Lineage(ctx, sum.LineageIDs[0], graph.Down, 3)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(edges, func(e graph.LineageEdge) bool {
			return e.Generation == 3 && e.ApprenticeID == sum.LineageIDs[3]
		}) {
			t.Fatalf("lineage of %s lacks the third generation: %+v", sum.LineageIDs[0], edges)
		}
	})
	t.Run("similar solved", func(t *testing.T) {
		sim, err := s.SimilarSolved(ctx, sum.OpenWeldingProblemID, 50)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(sim, func(p graph.SimilarProblem) bool { return p.Problem.ID == sum.WeldingProblemID }) {
			t.Fatalf("similar solved problems lack the TIG case: %d found", len(sim))
		}
	})
	t.Run("mentor gaps", func(t *testing.T) {
		gaps, err := s.MentorGaps(ctx, sum.CityUnionID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(gaps, func(g graph.MentorGap) bool { return g.SkillCode == demo.CityGapSkill && g.WaitingApprentices > 0 }) {
			t.Fatalf("mentor gaps lack %s: %+v", demo.CityGapSkill, gaps)
		}
		for _, d := range sum.Districts {
			gaps, err := s.MentorGaps(ctx, d.UnionID)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(gaps, func(g graph.MentorGap) bool { return g.SkillCode == d.GapSkill }) {
				t.Errorf("%s: mentor gaps lack %s", d.Name, d.GapSkill)
			}
		}
	})
	t.Run("open mentees within capacity", func(t *testing.T) {
		ids := make([]string, 0, len(b.Workers))
		capacity := map[string]int{}
		for _, w := range b.Workers {
			ids = append(ids, w.ID)
			capacity[w.ID] = w.MentorCapacity
		}
		open, err := s.OpenMentees(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		for id, n := range open {
			if n > capacity[id] {
				t.Errorf("%s: %d open, capacity %d", id, n, capacity[id])
			}
		}
	})
}

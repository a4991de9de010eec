package neo4j_test

import (
	"context"
	"testing"
	"time"

	"jiangxin/graph"
	"jiangxin/graph/graphtest"
	graphneo4j "jiangxin/graph/neo4j"
)

func TestOpenUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := graphneo4j.Open(ctx, graphneo4j.Config{URI: "bolt://127.0.0.1:1"})
	if err == nil {
		s.Close()
		t.Fatal("Open of a closed port succeeded")
	}
	t.Logf("error: %v", err)
	_, err = graphneo4j.Open(ctx, graphneo4j.Config{})
	if err == nil {
		t.Fatal("Open without a URI succeeded")
	}
}

// counts returns the number of nodes and relationships in the database.
func counts(t *testing.T, s *graphneo4j.Store) (nodes, rels int) {
	t.Helper()
	n, r, err := s.Counts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n, r
}

// TestCypherInjection stores hostile strings in every free-text field and filter: they must
// come back literally and change nothing else.
func TestCypherInjection(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	c := graphtest.Seed(t, s)
	hostile := []string{
		"x'}) MATCH (n) DETACH DELETE n //",
		`"; DROP`,
		"`) DETACH DELETE n WITH 1 AS x MATCH (m) DETACH DELETE m //",
		"$rows }) CREATE (:Pwned) //",
		"\\' OR 1=1 --",
	}
	for _, h := range hostile {
		t.Run(h, func(t *testing.T) {
			nodes, rels := counts(t, s)
			m := c.Maker
			e := m.Enterprise(h, c.Longshan.ID, func(e *graph.Enterprise) { e.Industry = h })
			w := m.Worker(h, c.Longshan.ID, func(w *graph.Worker) {
				w.Bio, w.EnterpriseID, w.EmployeeNo = h, e.ID, h
				w.Honours = []graph.Honour{m.Honour(h, graph.TierCity, 2020)}
				w.Honours[0].Issuer = h
			})
			p := m.Problem(h, e.ID, func(p *graph.Problem) { p.Description, p.Outcome, p.Industry = h, h, h })
			pa := m.Pairing(c.Master.ID, w.ID, graph.PairingProposed, func(pa *graph.Pairing) {
				pa.Campaign, pa.Award, pa.Agreement.Goal = h, h, h
				pa.Reviews = []graph.Review{m.Review("2026-05-01", h, c.Master.ID, graph.LevelNone)}
			})
			must(t, s.CreateEnterprise(ctx, e))
			must(t, s.CreateWorker(ctx, w))
			must(t, s.CreateProblem(ctx, p))
			must(t, s.CreatePairing(ctx, pa))
			graphtest.RequireEqual(t, e, ok(s.GetEnterprise(ctx, e.ID))(t))
			graphtest.RequireEqual(t, w, ok(s.GetWorker(ctx, w.ID))(t))
			graphtest.RequireEqual(t, p, ok(s.GetProblem(ctx, p.ID))(t))
			graphtest.RequireEqual(t, pa, ok(s.GetPairing(ctx, pa.ID))(t))
			// enterprise, worker, honour, problem, pairing; IN_REGION, WORKS_AT, HOLDS, IN_REGION,
			// POSTED_BY, MENTOR, APPRENTICE.
			if n, r := counts(t, s); n != nodes+5 || r != rels+7 {
				t.Fatalf("nodes %d → %d, relationships %d → %d; want +5, +7", nodes, n, rels, r)
			}
			wk, err := s.UpdateWorker(ctx, w.ID, func(w *graph.Worker) error { w.Name = h + "改"; return nil })
			must(t, err)
			if wk.Name != h+"改" {
				t.Fatalf("updated name %q", wk.Name)
			}
			byCampaign := ok(s.ListPairings(ctx, graph.PairingFilter{Campaign: h}, graph.Page{}))(t)
			if byCampaign.Total != 1 || byCampaign.Items[0].ID != pa.ID {
				t.Fatalf("campaign filter found %d pairings", byCampaign.Total)
			}
			byIndustry := ok(s.ListEnterprises(ctx, graph.EnterpriseFilter{Industry: h}, graph.Page{}))(t)
			if byIndustry.Total != 1 {
				t.Fatalf("industry filter found %d enterprises", byIndustry.Total)
			}
			if got := ok(s.ListSkills(ctx, graph.SkillFilter{Query: h}, graph.Page{}))(t); got.Total != 0 {
				t.Fatalf("skill query %q found %d skills", h, got.Total)
			}
			if _, err := s.GetWorker(ctx, h); err == nil {
				t.Fatal("a hostile ID was accepted")
			}
		})
	}
	// The seeded city is intact.
	graphtest.RequireEqual(t, c.Master, ok(s.GetWorker(ctx, c.Master.ID))(t))
	graphtest.RequireEqual(t, c.Heavy, ok(s.GetEnterprise(ctx, c.Heavy.ID))(t))
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// ok takes a (value, error) pair and returns a function that fails t on the error and
// otherwise returns the value: ok(s.GetWorker(ctx, id))(t).
func ok[T any](v T, err error) func(t testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

func TestPing(t *testing.T) {
	s := openTest(t)
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if n, r := counts(t, s); n != 0 || r != 0 {
		t.Fatalf("fresh test database holds %d nodes and %d relationships", n, r)
	}
}

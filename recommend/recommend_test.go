package recommend

import (
	"context"
	"errors"
	"testing"

	"jiangxin/demo"
	"jiangxin/graph"
	graphbbolt "jiangxin/graph/bbolt"
	"jiangxin/graph/taxonomy"
	"jiangxin/matching"
)

func newDemo(t *testing.T) (*Service, graph.Store, demo.Summary) {
	t.Helper()
	ctx := context.Background()
	raw, err := graphbbolt.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	skills, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := raw.UpsertSkills(ctx, skills); err != nil {
		t.Fatal(err)
	}
	b, sum, err := demo.Build(demo.Options{Skills: skills})
	if err != nil {
		t.Fatal(err)
	}
	if err := raw.Import(ctx, b); err != nil {
		t.Fatal(err)
	}
	var rec *Service
	store := graph.Observe(raw, graph.WriteHooks{After: func(ctx context.Context, ids []string, err error) { rec.Hooks().After(ctx, ids, err) }})
	rec = New(store, graph.NewService(store, nil, nil), nil, matching.DefaultWeights())
	return rec, store, sum
}

func TestMentorsFor(t *testing.T) {
	ctx := context.Background()
	rec, _, sum := newDemo(t)
	res, err := rec.MentorsFor(ctx, sum.LineageIDs[3], 5, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matches) == 0 {
		t.Fatal("no mentors")
	}
	for i, m := range res.Matches {
		if i > 0 && m.Score.Total > res.Matches[i-1].Score.Total {
			t.Fatalf("not sorted: %v", res.Matches)
		}
		if _, ok := m.Score.Part("skill_fit"); !ok {
			t.Fatalf("match %s lacks skill_fit: %v", m.ID, m.Score)
		}
	}
	if len(res.Excluded) == 0 || len(res.Exclusions) == 0 {
		t.Fatalf("no exclusions reported: %v", res.Excluded)
	}
	tests := []struct {
		name string
		id   string
		k    int
		want error
	}{
		{"malformed", "wkr_x", 5, graph.ErrInvalid},
		{"unknown", "wkr_01JD0000000000000000000000", 5, graph.ErrNotFound},
		{"k zero", sum.LineageIDs[3], 0, graph.ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := rec.MentorsFor(ctx, tc.id, tc.k, false); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestProposeCampaign checks that a run writes exactly its pairings, respects capacities and
// the cap, and that a second run finds the first run's apprentices busy.
func TestProposeCampaign(t *testing.T) {
	ctx := context.Background()
	rec, store, sum := newDemo(t)
	count := func() int {
		c, err := store.ListPairings(ctx, graph.PairingFilter{}, graph.Page{First: 1})
		if err != nil {
			t.Fatal(err)
		}
		return c.Total
	}
	before := count()
	run, err := rec.ProposeCampaign(ctx, sum.CityUnionID, "测试活动", Pool{}, 25)
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Pairings) != 25 || run.BelowCap != 0 {
		t.Fatalf("pairs %d, below cap %d", len(run.Pairings), run.BelowCap)
	}
	if got := count(); got != before+25 {
		t.Fatalf("pairings %d, want %d", got, before+25)
	}
	mentors := map[string]bool{}
	for _, p := range run.Pairings {
		if p.Status != graph.PairingProposed || p.Campaign != "测试活动" || p.UnionID != sum.CityUnionID {
			t.Fatalf("bad pairing %+v", p)
		}
		mentors[p.MentorID] = true
	}
	ids := make([]string, 0, len(mentors))
	for id := range mentors {
		ids = append(ids, id)
	}
	open, err := store.OpenMentees(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := store.GetManyWorkers(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if open[w.ID] > w.MentorCapacity {
			t.Fatalf("mentor %s: %d open pairings, capacity %d", w.Name, open[w.ID], w.MentorCapacity)
		}
	}
	second, err := rec.ProposeCampaign(ctx, sum.CityUnionID, "测试活动二", Pool{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range run.Pairings {
		seen[p.ApprenticeID] = true
	}
	for _, p := range second.Pairings {
		if seen[p.ApprenticeID] {
			t.Fatalf("apprentice %s proposed twice", p.ApprenticeID)
		}
	}
	bad := []struct {
		name  string
		union string
		camp  string
		pool  Pool
		cap   int
		want  error
	}{
		{"negative cap", sum.CityUnionID, "x", Pool{}, -1, graph.ErrInvalid},
		{"no name", sum.CityUnionID, " ", Pool{}, 0, graph.ErrInvalid},
		{"unknown union", "uni_01JD0000000000000000000000", "x", Pool{}, 0, graph.ErrNotFound},
		{"empty pool", sum.CityUnionID, "x", Pool{SkillCode: "1-01-00-01"}, 0, graph.ErrInvalid},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			n := count()
			if _, err := rec.ProposeCampaign(ctx, tc.union, tc.camp, tc.pool, tc.cap); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if count() != n {
				t.Fatal("a failed run wrote pairings")
			}
		})
	}
}

func TestExpertTeamFor(t *testing.T) {
	ctx := context.Background()
	rec, _, sum := newDemo(t)
	team, err := rec.ExpertTeamFor(ctx, sum.CNCProblemID, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(team.Members) == 0 || !team.Exact || !team.WithinMaxSize {
		t.Fatalf("team %+v", team)
	}
	if _, err := rec.ExpertTeamFor(ctx, sum.CNCProblemID, 0); !errors.Is(err, graph.ErrInvalid) {
		t.Fatalf("maxSize 0: %v", err)
	}
}

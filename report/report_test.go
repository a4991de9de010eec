package report

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"jiangxin/graph"
	graphbbolt "jiangxin/graph/bbolt"
)

const (
	welder = "6-18-02-04" // 焊工
	cnc    = "6-18-01-07" // 多工序数控机床操作调整工
)

// today is the fixture's fixed "now".
var today = time.Date(2026, 6, 15, 9, 30, 0, 0, time.UTC)

// fixture is a small hand-built union tree with known facts:
//
//	prov (省总) → city (市总) → d1 (区总) → e1u (enterprise union of e1)
//	                          → d2 (区总; e2 belongs to it directly)
//	other (an unrelated root)
//
// e3 belongs to no union: its problem is counted nowhere.
type fixture struct {
	raw   graph.Store // writes here bypass the hooks
	store graph.Store // writes here invalidate the report snapshot
	svc   *Service
	ids   *graph.IDGen

	prov, city, d1, d2, e1u, other string
	e1, e2, e3, region, m1, m2     string
	apprentices                    []string
	p                              map[string]string // fixture name → pairing ID
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	raw, err := graphbbolt.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	f := &fixture{raw: raw, p: map[string]string{}}
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.ids = graph.NewIDGen(func() time.Time { clock = clock.Add(time.Millisecond); return clock }, rand.NewChaCha8([32]byte{7}))
	var svc *Service
	f.store = graph.Observe(raw, graph.WriteHooks{After: func(ctx context.Context, ids []string, err error) {
		svc.Hooks().After(ctx, ids, err)
	}})
	svc = New(f.store, func() time.Time { return today })
	f.svc = svc

	if err := raw.UpsertSkills(ctx, []graph.Skill{{Code: welder, Name: "焊工", Depth: 4}, {Code: cnc, Name: "多工序数控机床操作调整工", Depth: 4}}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var b graph.Batch
	f.region = f.ids.New(graph.KindRegion)
	b.Regions = append(b.Regions, graph.Region{ID: f.region, Name: "长沙市", Kind: graph.RegionCity})
	union := func(name string, tier graph.Tier, parent string) string {
		id := f.ids.New(graph.KindUnion)
		b.Unions = append(b.Unions, graph.Union{ID: id, Name: name, Tier: tier, ParentID: parent, CreatedAt: at, UpdatedAt: at})
		return id
	}
	f.prov = union("湖南省总工会", graph.TierProvincial, "")
	f.city = union("长沙市总工会", graph.TierCity, f.prov)
	f.d1 = union("雨花区总工会", graph.TierDistrict, f.city)
	f.d2 = union("岳麓区总工会", graph.TierDistrict, f.city)
	f.e1u = union("恒岳重工工会", graph.TierEnterprise, f.d1)
	f.other = union("株洲市总工会", graph.TierCity, "")
	ent := func(name, unionID string) string {
		id := f.ids.New(graph.KindEnterprise)
		b.Enterprises = append(b.Enterprises, graph.Enterprise{ID: id, Name: name, Ownership: graph.OwnershipPrivate,
			RegionID: f.region, UnionID: unionID, CreatedAt: at, UpdatedAt: at})
		return id
	}
	f.e1 = ent("长沙恒岳重工有限公司", f.e1u)
	f.e2 = ent("湖南鼎越智能装备股份有限公司", f.d2)
	f.e3 = ent("无工会的小微企业", "")
	worker := func(name, ent string, role graph.Role) string {
		id := f.ids.New(graph.KindWorker)
		w := graph.Worker{ID: id, Name: name, Gender: graph.GenderMale, RegionID: f.region, EnterpriseID: ent,
			Roles: []graph.Role{role}, Skills: []graph.WorkerSkill{{Code: welder, Level: graph.LevelJunior, Primary: true}},
			CreatedAt: at, UpdatedAt: at}
		if role == graph.RoleCraftsman {
			w.MentorCapacity, w.AcceptingMentees = 10, true
			w.Skills[0].Level = graph.LevelSeniorTechnician
		}
		b.Workers = append(b.Workers, w)
		return id
	}
	f.m1 = worker("王建湘", f.e1, graph.RoleCraftsman)
	f.m2 = worker("谭雅琴", f.e2, graph.RoleCraftsman)
	for i := range 10 {
		e := f.e2
		if i == 4 || i == 5 {
			e = f.e1 // the apprentices of p5 and p6, whose pairings name no union
		}
		f.apprentices = append(f.apprentices, worker("徒弟"+string(rune('甲'+i)), e, graph.RoleApprentice))
	}
	type spec struct {
		name, mentor, union, campaign string
		status                        graph.PairingStatus
		origin                        graph.PairingOrigin
		signed, completed             graph.Date
		updated                       time.Time
		target, promoted              graph.Level
		cadence                       int
		reviews                       []graph.Date
	}
	specs := []spec{
		{name: "p1", mentor: f.m1, union: f.d1, campaign: "C26", status: graph.PairingActive, origin: graph.OriginUnion,
			signed: "2026-02-10", cadence: 30, reviews: []graph.Date{"2026-03-12", "2026-04-01"}},
		{name: "p2", mentor: f.m1, union: f.d1, campaign: "C25", status: graph.PairingCompleted, origin: graph.OriginCampaign,
			signed: "2025-03-01", completed: "2026-01-20", target: graph.LevelSenior, promoted: graph.LevelSenior, cadence: 60},
		{name: "p3", mentor: f.m1, union: f.d1, status: graph.PairingTerminated, origin: graph.OriginUnion, signed: "2026-03-05"},
		{name: "p4", mentor: f.m1, union: f.d1, campaign: "C26", status: graph.PairingProposed, origin: graph.OriginCampaign},
		{name: "p5", mentor: f.m1, status: graph.PairingCompleted, signed: "2024-06-01", target: graph.LevelIntermediate,
			updated: time.Date(2025, 12, 5, 8, 0, 0, 0, time.UTC)}, // imported history: no CompletedOn, no PromotedTo
		{name: "p6", mentor: f.m1, status: graph.PairingActive, origin: graph.OriginRequest, signed: "2026-05-20", cadence: 30},
		{name: "p7", mentor: f.m2, union: f.d2, status: graph.PairingActive, origin: graph.OriginUnion, signed: "2026-01-10", cadence: 60},
		{name: "p8", mentor: f.m2, union: f.d2, campaign: "C26", status: graph.PairingCompleted, origin: graph.OriginRequest,
			signed: "2025-05-01", completed: "2026-04-02", target: graph.LevelJunior}, // already at the target: no promotion
		{name: "p9", mentor: f.m2, union: f.city, campaign: "C26", status: graph.PairingActive, origin: graph.OriginUnion, signed: "2026-04-15"},
		{name: "p10", mentor: f.m1, union: f.other, status: graph.PairingActive, origin: graph.OriginUnion, signed: "2026-02-01", cadence: 30},
	}
	for i, s := range specs {
		id := f.ids.New(graph.KindPairing)
		f.p[s.name] = id
		up := at
		if !s.updated.IsZero() {
			up = s.updated
		}
		p := graph.Pairing{ID: id, MentorID: s.mentor, ApprenticeID: f.apprentices[i], UnionID: s.union, Campaign: s.campaign,
			Status: s.status, Origin: s.origin, CompletedOn: s.completed, PromotedTo: s.promoted, CreatedAt: at, UpdatedAt: up,
			Agreement: graph.Agreement{SignedOn: s.signed, SkillCode: welder, TargetLevel: s.target, ReviewCadenceDays: s.cadence}}
		for _, d := range s.reviews {
			p.Reviews = append(p.Reviews, graph.Review{ID: f.ids.New(graph.KindReview), Date: d, Note: "按计划带教", CreatedAt: at})
		}
		b.Pairings = append(b.Pairings, p)
	}
	problem := func(title, ent string, status graph.ProblemStatus, solved graph.Date, updated time.Time, codes ...string) {
		p := graph.Problem{ID: f.ids.New(graph.KindProblem), Title: title, EnterpriseID: ent, Urgency: graph.UrgencyNormal,
			Status: status, SolvedOn: solved, CreatedAt: at, UpdatedAt: updated}
		for _, c := range codes {
			p.Skills = append(p.Skills, graph.RequiredSkill{Code: c})
		}
		b.Problems = append(b.Problems, p)
	}
	problem("焊接件渗漏", f.e1, graph.ProblemSolved, "2026-02-03", at, welder)
	problem("焊缝气孔与尺寸超差", f.e1, graph.ProblemOpen, "", at, welder, cnc)
	problem("已关闭的焊接问题", f.e1, graph.ProblemClosed, "", at, welder)
	problem("数控精度漂移", f.e2, graph.ProblemSolved, "", time.Date(2025, 11, 11, 3, 0, 0, 0, time.UTC), cnc)
	problem("加工中心换刀故障", f.e2, graph.ProblemMatched, "", at, cnc)
	problem("厚板焊接变形", f.e2, graph.ProblemVisitScheduled, "", at, welder)
	problem("无人认领的问题", f.e3, graph.ProblemOpen, "", at, welder)
	studio := func(name, leader, host string, year int, created time.Time) {
		b.Studios = append(b.Studios, graph.Studio{ID: f.ids.New(graph.KindStudio), Name: name, Kind: graph.StudioModelWorker,
			Tier: graph.TierCity, LeaderID: leader, HostEnterpriseID: host, EstablishedYear: year, CreatedAt: created, UpdatedAt: created})
	}
	studio("王建湘劳模创新工作室", f.m1, f.e1, 2026, at)
	studio("谭雅琴劳模创新工作室", f.m2, f.e2, 0, time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC))
	target := func(unionID string, kind graph.TargetKind, period, campaign string, n int, start, end graph.Date) {
		b.Targets = append(b.Targets, graph.Target{ID: f.ids.New(graph.KindTarget), UnionID: unionID, Kind: kind, Period: period,
			Campaign: campaign, Number: n, StartDate: start, EndDate: end, CreatedAt: at, UpdatedAt: at})
	}
	target(f.city, graph.TargetPairsSigned, "2026", "C26", 4, "", "")
	target(f.city, graph.TargetProblemsSolved, "2026", "", 2, "", "")
	target(f.city, graph.TargetStudios, "2026-H1", "", 3, "2025-01-01", "2025-12-31")
	target(f.d1, graph.TargetPairsCompleted, "2026", "", 2, "", "")
	if err := raw.Import(ctx, b); err != nil {
		t.Fatal(err)
	}
	return f
}

// targetSummary reduces target progress to kind → achieved for comparisons.
func targetSummary(tps []TargetProgress) map[graph.TargetKind][2]float64 {
	m := map[graph.TargetKind][2]float64{}
	for _, tp := range tps {
		m[tp.Target.Kind] = [2]float64{float64(tp.Achieved), tp.Ratio}
	}
	return m
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in       string
		from, to graph.Date
		bad      bool
	}{
		{in: ""},
		{in: "  "},
		{in: "2026", from: "2026-01-01", to: "2026-12-31"},
		{in: "2026-H1", from: "2026-01-01", to: "2026-06-30"},
		{in: "2026-H2", from: "2026-07-01", to: "2026-12-31"},
		{in: "2026-Q1", from: "2026-01-01", to: "2026-03-31"},
		{in: "2024-Q1", from: "2024-01-01", to: "2024-03-31"},
		{in: "2026-Q2", from: "2026-04-01", to: "2026-06-30"},
		{in: "2026-Q3", from: "2026-07-01", to: "2026-09-30"},
		{in: "2026-Q4", from: "2026-10-01", to: "2026-12-31"},
		{in: "2026-05", from: "2026-05-01", to: "2026-05-31"},
		{in: "2024-02", from: "2024-02-01", to: "2024-02-29"},
		{in: "2026-12", from: "2026-12-01", to: "2026-12-31"},
		{in: "2026-H3", bad: true},
		{in: "2026-Q0", bad: true},
		{in: "2026-Q5", bad: true},
		{in: "2026-13", bad: true},
		{in: "2026-00", bad: true},
		{in: "2026-5", bad: true},
		{in: "26", bad: true},
		{in: "1899", bad: true},
		{in: "+202", bad: true},
		{in: "abcd", bad: true},
		{in: "2026-05-01", bad: true},
		{in: "2026H1", bad: true},
	}
	for _, tt := range tests {
		t.Run("p="+tt.in, func(t *testing.T) {
			p, err := ParsePeriod(tt.in)
			if tt.bad {
				var fe *graph.FieldError
				if !errors.Is(err, graph.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "period" {
					t.Fatalf("ParsePeriod(%q) = %v, %v; want an invalid period", tt.in, p, err)
				}
				return
			}
			if err != nil || p.From != tt.from || p.To != tt.to {
				t.Fatalf("ParsePeriod(%q) = %v, %v; want %s..%s", tt.in, p, err, tt.from, tt.to)
			}
		})
	}
	t.Run("contains", func(t *testing.T) {
		p, _ := ParsePeriod("2026-Q2")
		for d, want := range map[graph.Date]bool{"2026-04-01": true, "2026-06-30": true, "2026-03-31": false, "2026-07-01": false, "": false} {
			if got := p.Contains(d); got != want {
				t.Errorf("Contains(%q) = %v", d, got)
			}
		}
		if (Period{}).Contains("") || !(Period{}).Contains("1999-01-01") {
			t.Error("all time must contain every dated event and no undated one")
		}
	})
}

func TestProgress(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name     string
		union    func(*fixture) string
		period   string
		want     Counts
		targets  map[graph.TargetKind][2]float64
		children map[string]Counts // by fixture union name
	}{
		{name: "city 2026 rolls up its districts", union: func(f *fixture) string { return f.city }, period: "2026",
			want: Counts{PairsSigned: 5, PairsCompleted: 2, ProblemsSolved: 1, Studios: 1, Promotions: 1},
			targets: map[graph.TargetKind][2]float64{
				graph.TargetPairsSigned:    {3, 0.75}, // campaign C26: p1, p8, p9 (p4 is only proposed)
				graph.TargetProblemsSolved: {1, 0.5},
			},
			children: map[string]Counts{
				"d1": {PairsSigned: 3, PairsCompleted: 1, ProblemsSolved: 1, Studios: 1, Promotions: 1},
				"d2": {PairsSigned: 1, PairsCompleted: 1},
			}},
		{name: "city all time", union: func(f *fixture) string { return f.city }, period: "",
			want: Counts{PairsSigned: 8, PairsCompleted: 3, ProblemsSolved: 2, Studios: 2, Promotions: 2},
			targets: map[graph.TargetKind][2]float64{
				graph.TargetPairsSigned:    {3, 0.75},
				graph.TargetProblemsSolved: {1, 0.5},
				graph.TargetStudios:        {1, 1.0 / 3}, // measured over its own dates (2025)
			},
			children: map[string]Counts{
				"d1": {PairsSigned: 5, PairsCompleted: 2, ProblemsSolved: 1, Studios: 1, Promotions: 2},
				"d2": {PairsSigned: 2, PairsCompleted: 1, ProblemsSolved: 1, Studios: 1},
			}},
		{name: "city first half only has its H1 target", union: func(f *fixture) string { return f.city }, period: "2026-H1",
			want:    Counts{PairsSigned: 5, PairsCompleted: 2, ProblemsSolved: 1, Promotions: 1},
			targets: map[graph.TargetKind][2]float64{graph.TargetStudios: {1, 1.0 / 3}},
			children: map[string]Counts{
				"d1": {PairsSigned: 3, PairsCompleted: 1, ProblemsSolved: 1, Promotions: 1},
				"d2": {PairsSigned: 1, PairsCompleted: 1},
			}},
		{name: "province equals its only city", union: func(f *fixture) string { return f.prov }, period: "2026",
			want:     Counts{PairsSigned: 5, PairsCompleted: 2, ProblemsSolved: 1, Studios: 1, Promotions: 1},
			children: map[string]Counts{"city": {PairsSigned: 5, PairsCompleted: 2, ProblemsSolved: 1, Studios: 1, Promotions: 1}}},
		{name: "district with target", union: func(f *fixture) string { return f.d1 }, period: "2026",
			want:     Counts{PairsSigned: 3, PairsCompleted: 1, ProblemsSolved: 1, Studios: 1, Promotions: 1},
			targets:  map[graph.TargetKind][2]float64{graph.TargetPairsCompleted: {1, 0.5}},
			children: map[string]Counts{"e1u": {PairsSigned: 1, ProblemsSolved: 1, Studios: 1}}},
		{name: "enterprise union gets unsponsored pairs of its workers", union: func(f *fixture) string { return f.e1u }, period: "",
			want: Counts{PairsSigned: 2, PairsCompleted: 1, ProblemsSolved: 1, Studios: 1, Promotions: 1}},
		{name: "quarter", union: func(f *fixture) string { return f.city }, period: "2026-Q2",
			want: Counts{PairsSigned: 2, PairsCompleted: 1},
			children: map[string]Counts{
				"d1": {PairsSigned: 1},
				"d2": {PairsCompleted: 1},
			}},
		{name: "month", union: func(f *fixture) string { return f.city }, period: "2026-01",
			want: Counts{PairsSigned: 1, PairsCompleted: 1, Promotions: 1},
			children: map[string]Counts{
				"d1": {PairsCompleted: 1, Promotions: 1},
				"d2": {PairsSigned: 1},
			}},
		{name: "unrelated root", union: func(f *fixture) string { return f.other }, period: "2026",
			want: Counts{PairsSigned: 1}},
	}
	names := map[string]string{"prov": f.prov, "city": f.city, "d1": f.d1, "d2": f.d2, "e1u": f.e1u}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			self, children, err := f.svc.Progress(ctx, tt.union(f), tt.period)
			if err != nil {
				t.Fatal(err)
			}
			if self.UnionID != tt.union(f) || self.Counts != tt.want {
				t.Errorf("self = %s %+v, want %+v", self.UnionID, self.Counts, tt.want)
			}
			if got := targetSummary(self.Targets); len(got) != len(tt.targets) || len(self.Targets) != len(tt.targets) {
				t.Errorf("targets = %v, want %v", got, tt.targets)
			} else {
				for k, w := range tt.targets {
					if g := got[k]; g[0] != w[0] || g[1]-w[1] > 1e-9 || w[1]-g[1] > 1e-9 {
						t.Errorf("target %s = %v, want %v", k, g, w)
					}
				}
			}
			if len(children) != len(tt.children) {
				t.Fatalf("children = %+v, want %d", children, len(tt.children))
			}
			sum := Counts{}
			for name, want := range tt.children {
				i := slices.IndexFunc(children, func(c UnionProgress) bool { return c.UnionID == names[name] })
				if i < 0 {
					t.Fatalf("child %s missing from %+v", name, children)
				}
				if children[i].Counts != want {
					t.Errorf("child %s = %+v, want %+v", name, children[i].Counts, want)
				}
				sum.PairsSigned += children[i].Counts.PairsSigned
			}
			if sum.PairsSigned > self.Counts.PairsSigned {
				t.Errorf("children sign %d pairs, more than the parent's %d", sum.PairsSigned, self.Counts.PairsSigned)
			}
			if !slices.IsSortedFunc(children, func(a, b UnionProgress) int { return compareStrings(a.UnionID, b.UnionID) }) {
				t.Errorf("children not in ID order: %+v", children)
			}
		})
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestErrors(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	unknown := f.ids.New(graph.KindUnion)
	tests := []struct {
		name string
		call func(s *Service) error
		want error
	}{
		{"progress unknown union", func(s *Service) error { _, _, err := s.Progress(ctx, unknown, ""); return err }, graph.ErrNotFound},
		{"progress malformed union", func(s *Service) error { _, _, err := s.Progress(ctx, "nope", ""); return err }, graph.ErrInvalid},
		{"progress worker ID", func(s *Service) error { _, _, err := s.Progress(ctx, f.m1, ""); return err }, graph.ErrInvalid},
		{"progress bad period", func(s *Service) error { _, _, err := s.Progress(ctx, f.city, "2026-Q5"); return err }, graph.ErrInvalid},
		{"trend zero months", func(s *Service) error { _, err := s.Trend(ctx, f.city, 0, ""); return err }, graph.ErrInvalid},
		{"trend 37 months", func(s *Service) error { _, err := s.Trend(ctx, f.city, 37, ""); return err }, graph.ErrInvalid},
		{"trend bad until", func(s *Service) error { _, err := s.Trend(ctx, f.city, 3, "2026-13-01"); return err }, graph.ErrInvalid},
		{"trend unknown union", func(s *Service) error { _, err := s.Trend(ctx, unknown, 3, ""); return err }, graph.ErrNotFound},
		{"promotions bad period", func(s *Service) error { _, err := s.PromotionsByLevel(ctx, f.city, "H1"); return err }, graph.ErrInvalid},
		{"promotions unknown union", func(s *Service) error { _, err := s.PromotionsByLevel(ctx, unknown, ""); return err }, graph.ErrNotFound},
		{"mentors negative n", func(s *Service) error { _, err := s.TopMentors(ctx, f.city, "", -1); return err }, graph.ErrInvalid},
		{"mentors bad period", func(s *Service) error { _, err := s.TopMentors(ctx, f.city, "x", 3); return err }, graph.ErrInvalid},
		{"mentors unknown union", func(s *Service) error { _, err := s.TopMentors(ctx, unknown, "", 3); return err }, graph.ErrNotFound},
		{"trades negative n", func(s *Service) error { _, err := s.OpenProblemsByTrade(ctx, f.city, -2); return err }, graph.ErrInvalid},
		{"trades unknown union", func(s *Service) error { _, err := s.OpenProblemsByTrade(ctx, unknown, 3); return err }, graph.ErrNotFound},
		{"stalled negative n", func(s *Service) error { _, err := s.Stalled(ctx, f.city, -1); return err }, graph.ErrInvalid},
		{"stalled unknown union", func(s *Service) error { _, err := s.Stalled(ctx, unknown, 3); return err }, graph.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(f.svc); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestTrend(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		union  string
		months int
		until  graph.Date
		want   []MonthCount
	}{
		{name: "half year", union: f.city, months: 6, until: "2026-06-15", want: []MonthCount{
			{Month: "2026-01", Signed: 1, Completed: 1}, {Month: "2026-02", Signed: 1, Solved: 1}, {Month: "2026-03", Signed: 1},
			{Month: "2026-04", Signed: 1, Completed: 1}, {Month: "2026-05", Signed: 1}, {Month: "2026-06"},
		}},
		{name: "until defaults to today", union: f.city, months: 2, want: []MonthCount{{Month: "2026-05", Signed: 1}, {Month: "2026-06"}}},
		{name: "across a year", union: f.city, months: 4, until: "2026-02-28", want: []MonthCount{
			{Month: "2025-11", Solved: 1}, {Month: "2025-12", Completed: 1}, {Month: "2026-01", Signed: 1, Completed: 1},
			{Month: "2026-02", Signed: 1, Solved: 1},
		}},
		{name: "district", union: f.d2, months: 3, until: "2026-04-30", want: []MonthCount{
			{Month: "2026-02"}, {Month: "2026-03"}, {Month: "2026-04", Completed: 1},
		}},
		{name: "one month", union: f.d1, months: 1, until: "2026-03-01", want: []MonthCount{{Month: "2026-03", Signed: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.svc.Trend(ctx, tt.union, tt.months, tt.until)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Trend = %+v\nwant    %+v", got, tt.want)
			}
		})
	}
	t.Run("36 months", func(t *testing.T) {
		got, err := f.svc.Trend(ctx, f.city, 36, "2026-06-15")
		if err != nil || len(got) != 36 || got[0].Month != "2023-07" || got[35].Month != "2026-06" {
			t.Fatalf("Trend = %d entries %v … err %v", len(got), got[:min(1, len(got))], err)
		}
		signed := 0
		for _, m := range got {
			signed += m.Signed
		}
		if signed != 8 { // every signed pair of the city, p5 (2024-06) included
			t.Errorf("signed over 36 months = %d, want 8", signed)
		}
	})
}

func TestPromotionsByLevel(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		union  string
		period string
		want   [5]int // JUNIOR … SENIOR_TECHNICIAN
	}{
		{"city all time", f.city, "", [5]int{0, 1, 1, 0, 0}},
		{"city 2026", f.city, "2026", [5]int{0, 0, 1, 0, 0}},
		{"imported history counts its target", f.e1u, "", [5]int{0, 1, 0, 0, 0}},
		{"no promotion without PromotedTo", f.d2, "", [5]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.svc.PromotionsByLevel(ctx, tt.union, tt.period)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 5 {
				t.Fatalf("%d levels", len(got))
			}
			for i, lc := range got {
				if lc.Level != ladder[i] || lc.Count != tt.want[i] {
					t.Errorf("entry %d = %v %d, want %v %d", i, lc.Level, lc.Count, ladder[i], tt.want[i])
				}
			}
		})
	}
}

func TestTopMentors(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		union  string
		period string
		n      int
		want   []MentorStat
	}{
		{"city all time", f.city, "", 0, []MentorStat{
			{WorkerID: f.m1, Active: 2, Completed: 2, Promotions: 2}, {WorkerID: f.m2, Active: 2, Completed: 1}}},
		{"city 2026", f.city, "2026", 5, []MentorStat{
			{WorkerID: f.m1, Active: 2, Completed: 1, Promotions: 1}, {WorkerID: f.m2, Active: 2, Completed: 1}}},
		{"top one", f.city, "", 1, []MentorStat{{WorkerID: f.m1, Active: 2, Completed: 2, Promotions: 2}}},
		{"district", f.d2, "", 0, []MentorStat{{WorkerID: f.m2, Active: 1, Completed: 1}}},
		{"other root", f.other, "", 0, []MentorStat{{WorkerID: f.m1, Active: 1}}},
		{"quarter with no completions", f.d1, "2026-Q3", 0, []MentorStat{{WorkerID: f.m1, Active: 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.svc.TopMentors(ctx, tt.union, tt.period, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("TopMentors = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestOpenProblemsByTrade(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		union string
		n     int
		want  []TradeCount
	}{
		{"city ties by code", f.city, 0, []TradeCount{{cnc, 2}, {welder, 2}}},
		{"top one", f.city, 1, []TradeCount{{cnc, 2}}},
		{"enterprise union", f.e1u, 0, []TradeCount{{cnc, 1}, {welder, 1}}},
		{"district", f.d2, 0, []TradeCount{{cnc, 1}, {welder, 1}}},
		{"no problems", f.other, 0, []TradeCount{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.svc.OpenProblemsByTrade(ctx, tt.union, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("OpenProblemsByTrade = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestStalled(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		union string
		n     int
		want  []Stalled
	}{
		{"city most overdue first", f.city, 0, []Stalled{
			{PairingID: f.p["p7"], LastActivity: "2026-01-10", DaysOverdue: 96},
			{PairingID: f.p["p1"], LastActivity: "2026-04-01", DaysOverdue: 45},
		}},
		{"top one", f.city, 1, []Stalled{{PairingID: f.p["p7"], LastActivity: "2026-01-10", DaysOverdue: 96}}},
		{"district", f.d1, 0, []Stalled{{PairingID: f.p["p1"], LastActivity: "2026-04-01", DaysOverdue: 45}}},
		{"enterprise union: recent pair not stalled", f.e1u, 0, nil},
		{"other root", f.other, 0, []Stalled{{PairingID: f.p["p10"], LastActivity: "2026-02-01", DaysOverdue: 104}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.svc.Stalled(ctx, tt.union, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Stalled = %+v\nwant %+v", got, tt.want)
			}
		})
	}
	t.Run("a review unstalls", func(t *testing.T) {
		if _, err := f.store.UpdatePairing(ctx, f.p["p7"], func(p *graph.Pairing) error {
			p.Reviews = append(p.Reviews, graph.Review{ID: f.ids.New(graph.KindReview), Date: "2026-06-01", Note: "补评", CreatedAt: today})
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		got, err := f.svc.Stalled(ctx, f.city, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].PairingID != f.p["p1"] {
			t.Fatalf("Stalled = %+v, want only p1", got)
		}
	})
}

func TestInvalidation(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	signed := func() int {
		t.Helper()
		self, _, err := f.svc.Progress(ctx, f.city, "2026")
		if err != nil {
			t.Fatal(err)
		}
		return self.Counts.PairsSigned
	}
	newPair := func(union string) graph.Pairing {
		at := today
		return graph.Pairing{ID: f.ids.New(graph.KindPairing), MentorID: f.m2, ApprenticeID: f.apprentices[9], UnionID: union,
			Status: graph.PairingActive, Origin: graph.OriginUnion, CreatedAt: at, UpdatedAt: at,
			Agreement: graph.Agreement{SignedOn: "2026-06-01", SkillCode: welder, TargetLevel: graph.LevelIntermediate}}
	}
	t.Run("write through the observed store", func(t *testing.T) {
		before := signed()
		if err := f.store.CreatePairing(ctx, newPair(f.d2)); err != nil {
			t.Fatal(err)
		}
		if got := signed(); got != before+1 {
			t.Fatalf("after a write: %d signed, want %d", got, before+1)
		}
	})
	t.Run("the snapshot is cached between writes", func(t *testing.T) {
		before := signed()
		if err := f.raw.CreatePairing(ctx, newPair(f.d1)); err != nil { // bypasses the hooks
			t.Fatal(err)
		}
		if got := signed(); got != before {
			t.Fatalf("an unobserved write showed up: %d, want the cached %d", got, before)
		}
		f.svc.Invalidate()
		if got := signed(); got != before+1 {
			t.Fatalf("after Invalidate: %d, want %d", got, before+1)
		}
	})
	t.Run("a completion moves counts", func(t *testing.T) {
		self, _, err := f.svc.Progress(ctx, f.city, "2026")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.UpdatePairing(ctx, f.p["p1"], func(p *graph.Pairing) error {
			p.Status, p.CompletedOn, p.PromotedTo = graph.PairingCompleted, "2026-06-10", graph.LevelIntermediate
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		after, _, err := f.svc.Progress(ctx, f.city, "2026")
		if err != nil {
			t.Fatal(err)
		}
		want := self.Counts
		want.PairsCompleted++
		want.Promotions++
		if after.Counts != want {
			t.Fatalf("after completing p1: %+v, want %+v", after.Counts, want)
		}
	})
}

// TestConcurrentReads reads while writing; run with -race. Every read sees either the count
// before a write or after it, never a partial snapshot.
func TestConcurrentReads(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	self, _, err := f.svc.Progress(ctx, f.city, "")
	if err != nil {
		t.Fatal(err)
	}
	base := self.Counts.ProblemsSolved
	const writes = 5
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for range 4 {
		wg.Go(func() {
			for range 20 {
				s, ch, err := f.svc.Progress(ctx, f.city, "")
				if err != nil {
					errs <- err
					return
				}
				sum := 0
				for _, c := range ch {
					sum += c.Counts.ProblemsSolved
				}
				if n := s.Counts.ProblemsSolved; n < base || n > base+writes || sum != n {
					errs <- errors.New("inconsistent snapshot")
					return
				}
			}
		})
	}
	for i := range writes {
		p := graph.Problem{ID: f.ids.New(graph.KindProblem), Title: "并发写入的问题", EnterpriseID: f.e2, Urgency: graph.UrgencyLow,
			Status: graph.ProblemSolved, SolvedOn: graph.Date("2026-06-0" + string(rune('1'+i))), CreatedAt: today, UpdatedAt: today}
		if err := f.store.CreateProblem(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	self, _, err = f.svc.Progress(ctx, f.city, "")
	if err != nil || self.Counts.ProblemsSolved != base+writes {
		t.Fatalf("after the writes: %+v, %v; want %d solved", self.Counts, err, base+writes)
	}
}

package graphtest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"jiangxin/graph"
)

// LargeBatch returns a consistent batch for load tests: one province with cities and districts,
// a union per district below a city union, one enterprise per 40 workers, workers (one in five
// a craftsman with honours and mentor capacity, the rest apprentices) holding one to three of
// the fixture trades, one pairing per ten workers, and one problem per enterprise. Upsert
// Skills() before importing it.
func LargeBatch(m *Maker, workers int) graph.Batch {
	var b graph.Batch
	prov := m.Region("压测省", graph.RegionProvince, "")
	b.Regions = append(b.Regions, prov)
	cityUnion := m.Union("压测市总工会", graph.TierCity, "")
	b.Unions = append(b.Unions, cityUnion)
	var districts []graph.Region
	var unions []graph.Union
	for c := range 4 {
		city := m.Region(fmt.Sprintf("压测市%d", c), graph.RegionCity, prov.ID)
		b.Regions = append(b.Regions, city)
		for d := range 5 {
			dist := m.Region(fmt.Sprintf("压测市%d区%d", c, d), graph.RegionDistrict, city.ID)
			b.Regions = append(b.Regions, dist)
			districts = append(districts, dist)
			u := m.Union(dist.Name+"总工会", graph.TierDistrict, cityUnion.ID, func(u *graph.Union) { u.RegionID = dist.ID })
			b.Unions = append(b.Unions, u)
			unions = append(unions, u)
		}
	}
	trades := []string{SkillWelder, SkillCNC, SkillTurner, SkillMiller, SkillElectrician}
	nEnt := max(1, workers/40)
	for i := range nEnt {
		d := i % len(districts)
		e := m.Enterprise(fmt.Sprintf("压测企业%05d", i), districts[d].ID, func(e *graph.Enterprise) {
			e.UnionID = unions[d].ID
			if i%3 == 0 {
				e.Industry, e.Ownership = "纺织业", graph.OwnershipState
			}
		})
		b.Enterprises = append(b.Enterprises, e)
		b.Problems = append(b.Problems, m.Problem(fmt.Sprintf("压测难题%05d", i), e.ID, func(p *graph.Problem) {
			p.Skills = []graph.RequiredSkill{{Code: trades[i%len(trades)], MinLevel: graph.LevelSenior}}
		}))
	}
	for i := range workers {
		ent := b.Enterprises[i%nEnt]
		w := m.Worker(fmt.Sprintf("工人%06d", i), ent.RegionID, func(w *graph.Worker) {
			w.EnterpriseID, w.EmployeeNo = ent.ID, fmt.Sprintf("E%06d", i)
			w.BirthYear = 1960 + i%45
			for k := range 1 + i%3 {
				w.Skills = append(w.Skills, graph.WorkerSkill{Code: trades[(i+k)%len(trades)], Level: graph.Level(1 + (i+k)%5), Primary: k == 0})
			}
			if i%5 == 0 {
				w.Roles = []graph.Role{graph.RoleCraftsman}
				w.Honours = []graph.Honour{m.Honour("压测工匠", graph.TierCity, 2020)}
				w.MentorCapacity, w.AcceptingMentees = 1+i%4, i%2 == 0
			} else {
				w.Roles = []graph.Role{graph.RoleApprentice}
			}
		})
		b.Workers = append(b.Workers, w)
	}
	for i := 0; i+1 < workers; i += 10 {
		b.Pairings = append(b.Pairings, m.Pairing(b.Workers[i].ID, b.Workers[i+1].ID, graph.PairingActive))
	}
	return b
}

// Counts holds the Total of every unfiltered List* call of a store.
type Counts struct {
	Regions, Unions, Enterprises, Workers, Problems, Visits, Pairings, Studios, Targets int
}

// CountAll returns the number of entities of each kind in s.
func CountAll(ctx context.Context, s graph.Store) (Counts, error) {
	var c Counts
	var err error
	one := func(n *int, total int, e error) {
		if err == nil {
			*n, err = total, e
		}
	}
	r, e := s.ListRegions(ctx, graph.RegionFilter{}, graph.Page{First: 1})
	one(&c.Regions, r.Total, e)
	u, e := s.ListUnions(ctx, graph.UnionFilter{}, graph.Page{First: 1})
	one(&c.Unions, u.Total, e)
	en, e := s.ListEnterprises(ctx, graph.EnterpriseFilter{}, graph.Page{First: 1})
	one(&c.Enterprises, en.Total, e)
	w, e := s.ListWorkers(ctx, graph.WorkerFilter{}, graph.Page{First: 1})
	one(&c.Workers, w.Total, e)
	p, e := s.ListProblems(ctx, graph.ProblemFilter{}, graph.Page{First: 1})
	one(&c.Problems, p.Total, e)
	v, e := s.ListVisits(ctx, graph.VisitFilter{}, graph.Page{First: 1})
	one(&c.Visits, v.Total, e)
	pa, e := s.ListPairings(ctx, graph.PairingFilter{}, graph.Page{First: 1})
	one(&c.Pairings, pa.Total, e)
	st, e := s.ListStudios(ctx, graph.StudioFilter{}, graph.Page{First: 1})
	one(&c.Studios, st.Total, e)
	tg, e := s.ListTargets(ctx, graph.TargetFilter{}, graph.Page{First: 1})
	one(&c.Targets, tg.Total, e)
	return c, err
}

// CountsOf returns the number of entities of each kind in b.
func CountsOf(b graph.Batch) Counts {
	return Counts{len(b.Regions), len(b.Unions), len(b.Enterprises), len(b.Workers), len(b.Problems),
		len(b.Visits), len(b.Pairings), len(b.Studios), len(b.Targets)}
}

// RequireBatch fails t unless every entity of b is stored in s exactly as in b.
func RequireBatch(t testing.TB, ctx context.Context, s graph.Store, b graph.Batch) {
	t.Helper()
	RequireEqual(t, b.Regions, ok(s.GetManyRegions(ctx, ids(b.Regions, regionID)))(t))
	RequireEqual(t, b.Unions, ok(s.GetManyUnions(ctx, ids(b.Unions, unionID)))(t))
	RequireEqual(t, b.Enterprises, ok(s.GetManyEnterprises(ctx, ids(b.Enterprises, enterpriseID)))(t))
	RequireEqual(t, b.Workers, ok(s.GetManyWorkers(ctx, ids(b.Workers, workerID)))(t))
	RequireEqual(t, b.Problems, ok(s.GetManyProblems(ctx, ids(b.Problems, problemID)))(t))
	RequireEqual(t, b.Visits, ok(s.GetManyVisits(ctx, ids(b.Visits, visitID)))(t))
	RequireEqual(t, b.Pairings, ok(s.GetManyPairings(ctx, ids(b.Pairings, pairingID)))(t))
	RequireEqual(t, b.Studios, ok(s.GetManyStudios(ctx, ids(b.Studios, studioID)))(t))
	RequireEqual(t, b.Targets, ok(s.GetManyTargets(ctx, ids(b.Targets, targetID)))(t))
}

// requireNoneOf fails t if any entity of b is stored in s.
func requireNoneOf(t testing.TB, ctx context.Context, s graph.Store, b graph.Batch) {
	t.Helper()
	n := len(ok(s.GetManyRegions(ctx, ids(b.Regions, regionID)))(t)) +
		len(ok(s.GetManyUnions(ctx, ids(b.Unions, unionID)))(t)) +
		len(ok(s.GetManyEnterprises(ctx, ids(b.Enterprises, enterpriseID)))(t)) +
		len(ok(s.GetManyWorkers(ctx, ids(b.Workers, workerID)))(t)) +
		len(ok(s.GetManyProblems(ctx, ids(b.Problems, problemID)))(t)) +
		len(ok(s.GetManyVisits(ctx, ids(b.Visits, visitID)))(t)) +
		len(ok(s.GetManyPairings(ctx, ids(b.Pairings, pairingID)))(t)) +
		len(ok(s.GetManyStudios(ctx, ids(b.Studios, studioID)))(t)) +
		len(ok(s.GetManyTargets(ctx, ids(b.Targets, targetID)))(t))
	if n != 0 {
		t.Fatalf("%d entities of a failed batch were stored", n)
	}
}

func reversed[T any](s []T) []T {
	s = slices.Clone(s)
	slices.Reverse(s)
	return s
}

func testImport(t *testing.T, newStore func(t *testing.T) graph.Store) {
	t.Run("Empty", func(t *testing.T) {
		must(t, newStore(t).Import(t.Context(), graph.Batch{}))
	})
	t.Run("City", func(t *testing.T) {
		ctx, s := t.Context(), newStore(t)
		c := NewCity(NewMaker())
		must(t, s.UpsertSkills(ctx, c.Skills))
		b := c.Batch()
		must(t, s.Import(ctx, b))
		RequireBatch(t, ctx, s, b)
		RequireEqual(t, CountsOf(b), ok(CountAll(ctx, s))(t))
		got := ok(s.ListWorkers(ctx, graph.WorkerFilter{RegionID: c.Longshan.ID, SkillCode: SkillWelder}, graph.Page{}))(t)
		RequireEqual(t, []string{c.Master.ID, c.App1.ID, c.App2.ID}, ids(got.Items, workerID))
	})
	t.Run("AnyOrder", func(t *testing.T) {
		ctx, s := t.Context(), newStore(t)
		c := NewCity(NewMaker())
		must(t, s.UpsertSkills(ctx, c.Skills))
		b := c.Batch()
		rb := graph.Batch{Regions: reversed(b.Regions), Unions: reversed(b.Unions), Enterprises: reversed(b.Enterprises),
			Workers: reversed(b.Workers), Problems: reversed(b.Problems), Visits: reversed(b.Visits),
			Pairings: reversed(b.Pairings), Studios: reversed(b.Studios), Targets: reversed(b.Targets)}
		must(t, s.Import(ctx, rb))
		RequireBatch(t, ctx, s, b)
	})
	t.Run("Large", func(t *testing.T) {
		ctx, s := t.Context(), newStore(t)
		must(t, s.UpsertSkills(ctx, Skills()))
		b := LargeBatch(NewMaker(), 3000)
		must(t, s.Import(ctx, b))
		RequireEqual(t, CountsOf(b), ok(CountAll(ctx, s))(t))
		RequireBatch(t, ctx, s, graph.Batch{Workers: b.Workers[:50], Enterprises: b.Enterprises, Regions: b.Regions, Pairings: b.Pairings[:20]})
		var welders []string
		for _, w := range b.Workers {
			if sk, ok := w.Skill(SkillWelder); ok && sk.Level.AtLeast(graph.LevelTechnician) {
				welders = append(welders, w.ID)
			}
		}
		f := graph.WorkerFilter{SkillCode: SkillWelder, MinLevel: graph.LevelTechnician}
		var got []string
		after := ""
		for {
			c := ok(s.ListWorkers(ctx, f, graph.Page{First: graph.MaxPageSize + 500, After: after}))(t)
			if len(c.Items) > graph.MaxPageSize {
				t.Fatalf("page of %d items exceeds MaxPageSize", len(c.Items))
			}
			if c.Total != len(welders) {
				t.Fatalf("Total = %d, want %d", c.Total, len(welders))
			}
			got = append(got, ids(c.Items, workerID)...)
			if !c.HasNext {
				break
			}
			after = c.EndCursor
		}
		RequireEqual(t, welders, got)
		all := ok(s.ListWorkers(ctx, graph.WorkerFilter{}, graph.Page{First: 5000}))(t)
		if len(all.Items) != graph.MaxPageSize || !all.HasNext || all.Total != len(b.Workers) {
			t.Fatalf("clamped page: len %d, HasNext %v, Total %d", len(all.Items), all.HasNext, all.Total)
		}
	})
	t.Run("AllOrNothing", func(t *testing.T) { testImportAllOrNothing(t, newStore) })
}

func testImportAllOrNothing(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s, c := seeded(t, newStore)
	before := ok(CountAll(ctx, s))(t)
	// world returns a small valid batch attached to the city: a district, its union, an
	// enterprise, two workers, a pairing, a problem, a visit, a studio and a target.
	world := func(m *Maker) graph.Batch {
		r := m.Region("批量区", graph.RegionDistrict, c.Liaoyuan.ID)
		u := m.Union("批量区总工会", graph.TierDistrict, c.CityUnion.ID, func(u *graph.Union) { u.RegionID = r.ID })
		e := m.Enterprise("批量企业", r.ID, func(e *graph.Enterprise) { e.UnionID = u.ID })
		w1 := m.Worker("批量师傅", r.ID, func(w *graph.Worker) {
			w.EnterpriseID, w.EmployeeNo = e.ID, "B1"
			w.Skills = []graph.WorkerSkill{{Code: SkillWelder, Level: graph.LevelTechnician}}
		})
		w2 := m.Worker("批量徒弟", r.ID, func(w *graph.Worker) { w.EnterpriseID, w.EmployeeNo = e.ID, "B2" })
		p := m.Problem("批量难题", e.ID, func(p *graph.Problem) { p.Skills = []graph.RequiredSkill{{Code: SkillWelder}} })
		return graph.Batch{
			Regions: []graph.Region{r}, Unions: []graph.Union{u}, Enterprises: []graph.Enterprise{e},
			Workers:  []graph.Worker{w1, w2},
			Problems: []graph.Problem{p},
			Visits: []graph.Visit{m.Visit(e.ID, "2026-05-05", func(v *graph.Visit) {
				v.ProblemIDs, v.ExpertIDs = []string{p.ID}, []string{w1.ID, c.Master.ID}
			})},
			Pairings: []graph.Pairing{m.Pairing(w1.ID, w2.ID, graph.PairingActive, func(pa *graph.Pairing) { pa.UnionID = u.ID })},
			Studios:  []graph.Studio{m.Studio("批量工作室", w1.ID, e.ID, func(st *graph.Studio) { st.MemberIDs = []string{w2.ID} })},
			Targets:  []graph.Target{m.Target(u.ID, graph.TargetPairsSigned, 10)},
		}
	}
	cases := []struct {
		name  string
		want  error
		spoil func(m *Maker, b *graph.Batch)
	}{
		{"LastPairingUnknownWorker", graph.ErrInvalid, func(m *Maker, b *graph.Batch) {
			b.Pairings = append(b.Pairings, m.Pairing(b.Workers[0].ID, m.ID(graph.KindWorker), graph.PairingProposed))
		}},
		{"WorkerUnknownSkill", graph.ErrInvalid, func(m *Maker, b *graph.Batch) {
			b.Workers[1].Skills = []graph.WorkerSkill{{Code: "6-99-99-99"}}
		}},
		{"WorkerUnknownEnterprise", graph.ErrInvalid, func(m *Maker, b *graph.Batch) {
			b.Workers[1].EnterpriseID = m.ID(graph.KindEnterprise)
		}},
		{"StudioUnknownMember", graph.ErrInvalid, func(m *Maker, b *graph.Batch) {
			b.Studios[0].MemberIDs = append(b.Studios[0].MemberIDs, m.ID(graph.KindWorker))
		}},
		{"VisitUnknownProblem", graph.ErrInvalid, func(m *Maker, b *graph.Batch) {
			b.Visits[0].ProblemIDs = append(b.Visits[0].ProblemIDs, m.ID(graph.KindProblem))
		}},
		{"InvalidEntity", graph.ErrInvalid, func(m *Maker, b *graph.Batch) { b.Targets[0].Number = -1 }},
		{"UnionCycleInBatch", graph.ErrInvalid, func(m *Maker, b *graph.Batch) {
			u2 := m.Union("环工会", graph.TierTown, b.Unions[0].ID)
			b.Unions[0].ParentID = u2.ID
			b.Unions = append(b.Unions, u2)
		}},
		{"DuplicateIDInBatch", graph.ErrConflict, func(m *Maker, b *graph.Batch) {
			d := b.Workers[1]
			d.EmployeeNo = "B3"
			b.Workers = append(b.Workers, d)
		}},
		{"DuplicateCreditCodeInBatch", graph.ErrConflict, func(m *Maker, b *graph.Batch) {
			b.Enterprises = append(b.Enterprises, m.Enterprise("同码企业", b.Regions[0].ID, func(e *graph.Enterprise) {
				e.CreditCode = b.Enterprises[0].CreditCode
			}))
		}},
		{"DuplicateEmployeeNoInBatch", graph.ErrConflict, func(m *Maker, b *graph.Batch) { b.Workers[1].EmployeeNo = "B1" }},
		{"IDAlreadyStored", graph.ErrConflict, func(m *Maker, b *graph.Batch) {
			b.Regions = append(b.Regions, c.Xian)
		}},
		{"CreditCodeAlreadyStored", graph.ErrConflict, func(m *Maker, b *graph.Batch) {
			b.Enterprises[0].CreditCode = c.Heavy.CreditCode
		}},
		{"EmployeeNoAlreadyStored", graph.ErrConflict, func(m *Maker, b *graph.Batch) {
			b.Workers = append(b.Workers, m.Worker("重号", c.Longshan.ID, func(w *graph.Worker) { w.EnterpriseID, w.EmployeeNo = c.Heavy.ID, "H001" }))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMaker()
			b := world(m)
			tc.spoil(m, &b)
			wantErr(t, s.Import(ctx, b), tc.want)
			RequireEqual(t, before, ok(CountAll(ctx, s))(t))
			// The pre-existing city entity a case may reuse must stay; the rest must be absent.
			fresh := b
			fresh.Regions = slices.DeleteFunc(slices.Clone(b.Regions), func(r graph.Region) bool { return r.ID == c.Xian.ID })
			requireNoneOf(t, ctx, s, fresh)
		})
	}
	t.Run("ValidWorldImports", func(t *testing.T) {
		b := world(NewMaker())
		must(t, s.Import(ctx, b))
		RequireBatch(t, ctx, s, b)
	})
}

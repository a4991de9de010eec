package graphtest

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"jiangxin/graph"
)

func testOpenMentees(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s, c := seeded(t, newStore)
	m := c.Maker
	mentor := m.Worker("多徒师傅", c.Longshan.ID, func(w *graph.Worker) { w.MentorCapacity = 10 })
	idle := m.Worker("无徒师傅", c.Longshan.ID)
	must(t, s.CreateWorker(ctx, mentor))
	must(t, s.CreateWorker(ctx, idle))
	var active graph.Pairing
	for _, st := range []graph.PairingStatus{graph.PairingProposed, graph.PairingAccepted, graph.PairingActive,
		graph.PairingDeclined, graph.PairingCompleted, graph.PairingTerminated} {
		a := m.Worker("徒弟"+string(st), c.Longshan.ID)
		must(t, s.CreateWorker(ctx, a))
		p := m.Pairing(mentor.ID, a.ID, st)
		must(t, s.CreatePairing(ctx, p))
		if st == graph.PairingActive {
			active = p
		}
	}
	// idle is an apprentice in an open pairing: that does not count as a mentee of idle.
	must(t, s.CreatePairing(ctx, m.Pairing(c.Master.ID, idle.ID, graph.PairingActive)))
	unknown := unknownID(m, graph.KindWorker)
	check := func(t *testing.T, want map[string]int) {
		t.Helper()
		ids := []string{mentor.ID, idle.ID, c.Master.ID, c.CNC.ID, unknown}
		got := ok(s.OpenMentees(ctx, ids))(t)
		for _, id := range ids {
			if got[id] != want[id] {
				t.Errorf("OpenMentees[%s] = %d, want %d", id, got[id], want[id])
			}
		}
	}
	t.Run("Counts", func(t *testing.T) {
		// Master: P1 ACTIVE and idle ACTIVE (P3 is COMPLETED); CNC: P2 PROPOSED.
		check(t, map[string]int{mentor.ID: 3, c.Master.ID: 2, c.CNC.ID: 1})
	})
	t.Run("FollowsStatusChanges", func(t *testing.T) {
		_, err := s.UpdatePairing(ctx, active.ID, func(p *graph.Pairing) error {
			p.Status, p.UpdatedAt = graph.PairingCompleted, m.Now()
			return nil
		})
		must(t, err)
		_, err = s.UpdatePairing(ctx, c.P2.ID, func(p *graph.Pairing) error {
			p.Status = graph.PairingDeclined
			return nil
		})
		must(t, err)
		check(t, map[string]int{mentor.ID: 2, c.Master.ID: 2})
	})
	t.Run("Empty", func(t *testing.T) {
		got := ok(s.OpenMentees(ctx, nil))(t)
		if len(got) != 0 {
			t.Fatalf("OpenMentees(nil) = %v", got)
		}
	})
}

func testLineage(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s, c := seeded(t, newStore)
	m := c.Maker
	w := map[string]graph.Worker{}
	for _, n := range []string{"A", "B", "C", "D", "E", "F", "G", "H"} {
		w[n] = m.Worker("师承"+n, c.Longshan.ID)
		must(t, s.CreateWorker(ctx, w[n]))
	}
	edges := map[string]graph.Pairing{}
	link := func(mentor, apprentice string, st graph.PairingStatus) {
		p := m.Pairing(w[mentor].ID, w[apprentice].ID, st)
		must(t, s.CreatePairing(ctx, p))
		edges[mentor+apprentice] = p
	}
	// A → B, A → C; B → D and C → D (diamond); C → E; D → E (E reached earlier via C);
	// E → A (cycle back to the root); pairings that are not ACTIVE or COMPLETED do not count.
	link("C", "E", graph.PairingActive)
	link("A", "B", graph.PairingActive)
	link("A", "C", graph.PairingCompleted)
	link("B", "D", graph.PairingActive)
	link("C", "D", graph.PairingCompleted)
	link("D", "E", graph.PairingActive)
	link("E", "A", graph.PairingActive)
	link("A", "F", graph.PairingProposed)
	link("B", "G", graph.PairingTerminated)
	link("G", "H", graph.PairingActive)
	link("F", "H", graph.PairingAccepted)
	edge := func(name string, gen int) graph.LineageEdge {
		p := edges[name]
		return graph.LineageEdge{PairingID: p.ID, MentorID: p.MentorID, ApprenticeID: p.ApprenticeID, Generation: gen}
	}
	// gens lists the expected edges generation by generation; each generation is sorted by
	// pairing ID as the contract requires.
	gens := func(g ...[]graph.LineageEdge) []graph.LineageEdge {
		var out []graph.LineageEdge
		for _, es := range g {
			es = slices.Clone(es)
			slices.SortFunc(es, func(a, b graph.LineageEdge) int { return cmp.Compare(a.PairingID, b.PairingID) })
			out = append(out, es...)
		}
		return out
	}
	cases := []struct {
		name  string
		start string
		dir   graph.Direction
		depth int
		want  []graph.LineageEdge
	}{
		{"DownDepth1", "A", graph.Down, 1, gens([]graph.LineageEdge{edge("AB", 1), edge("AC", 1)})},
		{"DownDeep", "A", graph.Down, 10, gens(
			[]graph.LineageEdge{edge("AB", 1), edge("AC", 1)},
			[]graph.LineageEdge{edge("BD", 2), edge("CD", 2), edge("CE", 2)})},
		{"DownFromMiddle", "D", graph.Down, 10, gens(
			[]graph.LineageEdge{edge("DE", 1)},
			[]graph.LineageEdge{edge("EA", 2)},
			[]graph.LineageEdge{edge("AB", 3), edge("AC", 3)})},
		{"DownFromMiddleDepth2", "D", graph.Down, 2, gens(
			[]graph.LineageEdge{edge("DE", 1)},
			[]graph.LineageEdge{edge("EA", 2)})},
		{"UpDeep", "D", graph.Up, 10, gens(
			[]graph.LineageEdge{edge("BD", 1), edge("CD", 1)},
			[]graph.LineageEdge{edge("AB", 2), edge("AC", 2)},
			[]graph.LineageEdge{edge("EA", 3)})},
		{"UpDepth1", "E", graph.Up, 1, gens([]graph.LineageEdge{edge("CE", 1), edge("DE", 1)})},
		{"UpIgnoresOpenAndEnded", "H", graph.Up, 10, gens([]graph.LineageEdge{edge("GH", 1)})},
		{"NoPairings", "F", graph.Down, 3, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ok(s.Lineage(ctx, w[tc.start].ID, tc.dir, tc.depth))(t)
			RequireEqual(t, tc.want, got)
		})
	}
	t.Run("Errors", func(t *testing.T) {
		for _, d := range []int{0, -1, 11} {
			_, err := s.Lineage(ctx, w["A"].ID, graph.Down, d)
			wantErr(t, err, graph.ErrInvalid)
		}
		_, err := s.Lineage(ctx, unknownID(m, graph.KindWorker), graph.Down, 3)
		wantErr(t, err, graph.ErrNotFound)
		_, err = s.Lineage(ctx, "wkr_nope", graph.Up, 3)
		wantErr(t, err, graph.ErrInvalid)
	})
	t.Run("LongChainDepthLimit", func(t *testing.T) {
		chain := []graph.Worker{w["H"]}
		for i := range 12 {
			x := m.Worker(fmt.Sprintf("链%d", i), c.Longshan.ID)
			must(t, s.CreateWorker(ctx, x))
			must(t, s.CreatePairing(ctx, m.Pairing(chain[len(chain)-1].ID, x.ID, graph.PairingCompleted)))
			chain = append(chain, x)
		}
		got := ok(s.Lineage(ctx, chain[0].ID, graph.Down, 10))(t)
		if len(got) != 10 || got[9].Generation != 10 || got[9].ApprenticeID != chain[10].ID {
			t.Fatalf("depth 10 along a chain of 12: %d edges, last %+v", len(got), got[len(got)-1])
		}
		got = ok(s.Lineage(ctx, chain[12].ID, graph.Up, 10))(t)
		if len(got) != 10 || got[9].MentorID != chain[2].ID {
			t.Fatalf("up along a chain: %d edges", len(got))
		}
	})
}

func testSimilarSolved(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s, c := seeded(t, newStore)
	m := c.Maker
	req := func(codes ...string) []graph.RequiredSkill {
		var out []graph.RequiredSkill
		for _, code := range codes {
			out = append(out, graph.RequiredSkill{Code: code})
		}
		return out
	}
	mk := func(title, industry string, st graph.ProblemStatus, codes ...string) graph.Problem {
		p := m.Problem(title, c.Heavy.ID, func(p *graph.Problem) {
			p.Industry, p.Status, p.Skills = industry, st, req(codes...)
			if st == graph.ProblemSolved {
				p.SolverIDs = []string{c.Master.ID, c.CNC.ID}
			}
		})
		must(t, s.CreateProblem(ctx, p))
		return p
	}
	// A fresh world: the city's own problems share trades too, so the query uses its own mix.
	q := mk("查询难题", "重型装备", graph.ProblemOpen, SkillMiller, SkillElectrician, SkillWelder)
	s1 := mk("两项同业", "重型装备", graph.ProblemSolved, SkillMiller, SkillWelder)
	s2 := mk("三项异业", "纺织业", graph.ProblemSolved, SkillMiller, SkillElectrician, SkillTurner)
	s3 := mk("一项同业", "重型装备", graph.ProblemSolved, SkillElectrician)
	s4 := mk("一项异业", "纺织业", graph.ProblemSolved, SkillMiller)
	mk("全同但未解决", "重型装备", graph.ProblemOpen, SkillMiller, SkillElectrician, SkillWelder)
	mk("无共同", "重型装备", graph.ProblemSolved, SkillCNC)
	s7 := mk("一项同业二", "重型装备", graph.ProblemSolved, SkillMiller)
	sorted := func(codes ...string) []string { slices.Sort(codes); return codes }
	// City's Leak (welder, SOLVED, 装备制造) and Fault (electrician, VISIT_SCHEDULED) also share.
	all := []graph.SimilarProblem{
		{Problem: s1, SharedSkills: sorted(SkillMiller, SkillWelder), SameIndustry: true},
		{Problem: s2, SharedSkills: sorted(SkillMiller, SkillElectrician), SameIndustry: false},
	}
	ones := []graph.SimilarProblem{
		{Problem: s3, SharedSkills: []string{SkillElectrician}, SameIndustry: true},
		{Problem: s7, SharedSkills: []string{SkillMiller}, SameIndustry: true},
	}
	slices.SortFunc(ones, func(a, b graph.SimilarProblem) int { return cmp.Compare(a.Problem.ID, b.Problem.ID) })
	others := []graph.SimilarProblem{
		{Problem: s4, SharedSkills: []string{SkillMiller}},
		{Problem: c.Leak, SharedSkills: []string{SkillWelder}},
	}
	slices.SortFunc(others, func(a, b graph.SimilarProblem) int { return cmp.Compare(a.Problem.ID, b.Problem.ID) })
	all = append(append(all, ones...), others...)
	t.Run("All", func(t *testing.T) {
		RequireEqual(t, all, ok(s.SimilarSolved(ctx, q.ID, 50))(t))
	})
	t.Run("Limit", func(t *testing.T) {
		RequireEqual(t, all[:3], ok(s.SimilarSolved(ctx, q.ID, 3))(t))
	})
	t.Run("FromSolvedExcludesItself", func(t *testing.T) {
		got := ok(s.SimilarSolved(ctx, s1.ID, 50))(t)
		for _, sp := range got {
			if sp.Problem.ID == s1.ID {
				t.Fatal("a problem is similar to itself")
			}
		}
		if len(got) == 0 || got[0].Problem.ID != s2.ID && got[0].Problem.ID != s4.ID && got[0].Problem.ID != s7.ID && got[0].Problem.ID != c.Leak.ID {
			t.Fatalf("unexpected first result %+v", got)
		}
	})
	t.Run("FollowsStatus", func(t *testing.T) {
		_, err := s.UpdateProblem(ctx, s1.ID, func(p *graph.Problem) error { p.Status = graph.ProblemClosed; return nil })
		must(t, err)
		RequireEqual(t, all[1:], ok(s.SimilarSolved(ctx, q.ID, 50))(t))
	})
	t.Run("Unknown", func(t *testing.T) {
		_, err := s.SimilarSolved(ctx, unknownID(m, graph.KindProblem), 5)
		wantErr(t, err, graph.ErrNotFound)
	})
}

func testMentorGaps(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s := t.Context(), newStore(t)
	m := NewMaker()
	must(t, s.UpsertSkills(ctx, Skills()))
	reg := m.Region("缺口市", graph.RegionCity, "")
	root := m.Union("缺口市总工会", graph.TierCity, "")
	u1 := m.Union("一区工会", graph.TierDistrict, root.ID)
	u2 := m.Union("二区工会", graph.TierDistrict, root.ID)
	u1a := m.Union("一区街道工会", graph.TierTown, u1.ID)
	other := m.Union("外市工会", graph.TierCity, "")
	must(t, CreateBatch(ctx, s, graph.Batch{Regions: []graph.Region{reg}, Unions: []graph.Union{root, u1, u2, u1a, other}}))
	ent := func(name string, unionID string) graph.Enterprise {
		e := m.Enterprise(name, reg.ID, func(e *graph.Enterprise) { e.UnionID = unionID })
		must(t, s.CreateEnterprise(ctx, e))
		return e
	}
	e1, e1a, e2, e3, e4 := ent("一区企业", u1.ID), ent("街道企业", u1a.ID), ent("二区企业", u2.ID), ent("无工会企业", ""), ent("外市企业", other.ID)
	person := func(name string, e graph.Enterprise, roles []graph.Role, capacity int, accepting bool, codes ...string) graph.Worker {
		w := m.Worker(name, reg.ID, func(w *graph.Worker) {
			w.EnterpriseID, w.Roles, w.MentorCapacity, w.AcceptingMentees = e.ID, roles, capacity, accepting
			for _, code := range codes {
				w.Skills = append(w.Skills, graph.WorkerSkill{Code: code, Level: graph.LevelSenior})
			}
		})
		must(t, s.CreateWorker(ctx, w))
		return w
	}
	app := []graph.Role{graph.RoleApprentice}
	craft := []graph.Role{graph.RoleCraftsman}
	model := []graph.Role{graph.RoleModelWorker}
	person("焊徒1", e1, app, 0, false, SkillWelder)
	person("焊徒2", e1a, app, 0, false, SkillWelder, SkillCNC)
	a5 := person("焊徒在结对", e1, app, 0, false, SkillWelder)
	person("电徒", e1, app, 0, false, SkillElectrician)
	a4 := person("二区电徒", e2, app, 0, false, SkillElectrician)
	a6 := person("车徒", e2, app, 0, false, SkillTurner)
	person("无工会焊徒", e3, app, 0, false, SkillWelder)
	person("外市铣徒", e4, app, 0, false, SkillMiller)
	m1 := person("满员焊师", e1, craft, 1, true, SkillWelder)                                    // full: one open pairing
	person("不收徒数控师", e2, model, 2, false, SkillCNC)                                          // not accepting
	person("车工师", e2, craft, 1, true, SkillTurner)                                           // free slot
	person("外市焊师", e4, craft, 3, true, SkillWelder)                                          // outside the subtree
	m5 := person("电工师", e2, append(craft, graph.RoleModelWorker), 1, true, SkillElectrician) // only a COMPLETED pairing: free
	person("无角色焊工", e1, nil, 5, true, SkillWelder)                                           // holds the trade but is not a mentor
	must(t, s.CreatePairing(ctx, m.Pairing(m1.ID, a5.ID, graph.PairingAccepted)))
	must(t, s.CreatePairing(ctx, m.Pairing(m5.ID, a6.ID, graph.PairingCompleted)))
	must(t, s.CreatePairing(ctx, m.Pairing(m5.ID, a4.ID, graph.PairingDeclined)))
	cases := []struct {
		name  string
		union string
		want  []graph.MentorGap
	}{
		{"Root", root.ID, []graph.MentorGap{
			{SkillCode: SkillWelder, WaitingApprentices: 2, Mentors: 1},
			{SkillCode: SkillCNC, WaitingApprentices: 1, Mentors: 1},
		}},
		{"District1", u1.ID, []graph.MentorGap{
			{SkillCode: SkillWelder, WaitingApprentices: 2, Mentors: 1},
			{SkillCode: SkillCNC, WaitingApprentices: 1, Mentors: 0},
			{SkillCode: SkillElectrician, WaitingApprentices: 1, Mentors: 0},
		}},
		{"TownTieByCode", u1a.ID, []graph.MentorGap{
			{SkillCode: SkillCNC, WaitingApprentices: 1, Mentors: 0},
			{SkillCode: SkillWelder, WaitingApprentices: 1, Mentors: 0},
		}},
		{"District2", u2.ID, nil},
		// The other city has a waiting miller apprentice and no miller mentor.
		{"OtherCity", other.ID, []graph.MentorGap{{SkillCode: SkillMiller, WaitingApprentices: 1, Mentors: 0}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			RequireEqual(t, tc.want, ok(s.MentorGaps(ctx, tc.union))(t))
		})
	}
	t.Run("Unknown", func(t *testing.T) {
		_, err := s.MentorGaps(ctx, unknownID(m, graph.KindUnion))
		wantErr(t, err, graph.ErrNotFound)
	})
	t.Run("FreedSlotClosesGap", func(t *testing.T) {
		_, err := s.UpdateWorker(ctx, m1.ID, func(w *graph.Worker) error { w.MentorCapacity = 2; return nil })
		must(t, err)
		RequireEqual(t, []graph.MentorGap{{SkillCode: SkillCNC, WaitingApprentices: 1, Mentors: 1}}, ok(s.MentorGaps(ctx, root.ID))(t))
	})
}

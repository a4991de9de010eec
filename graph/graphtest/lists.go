package graphtest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"jiangxin/graph"
)

// listAll is a List* call reduced to the IDs of one big page and the Total.
type listAll func(ctx context.Context, s graph.Store) (ids []string, total int, hasNext bool, err error)

func listOf[F, T any](list func(graph.Store, context.Context, F, graph.Page) (graph.Conn[T], error), f F, id func(T) string) listAll {
	return func(ctx context.Context, s graph.Store) ([]string, int, bool, error) {
		c, err := list(s, ctx, f, graph.Page{First: graph.MaxPageSize})
		return ids(c.Items, id), c.Total, c.HasNext, err
	}
}

func testFilters(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s, c := seeded(t, newStore)
	yes, no := true, false
	w := func(f graph.WorkerFilter) listAll { return listOf(graph.Store.ListWorkers, f, workerID) }
	cases := []struct {
		name string
		list listAll
		want []string
	}{
		{"RegionsAll", listOf(graph.Store.ListRegions, graph.RegionFilter{}, regionID),
			ids([]graph.Region{c.Jilin, c.Liaoyuan, c.Longshan, c.Xian, c.Xiangyang, c.Shanghai, c.Pudong}, regionID)},
		{"RegionsRootOnly", listOf(graph.Store.ListRegions, graph.RegionFilter{RootOnly: true}, regionID), []string{c.Jilin.ID, c.Shanghai.ID}},
		{"RegionsByParent", listOf(graph.Store.ListRegions, graph.RegionFilter{ParentID: c.Liaoyuan.ID}, regionID), []string{c.Longshan.ID, c.Xian.ID}},
		{"RegionsByKind", listOf(graph.Store.ListRegions, graph.RegionFilter{Kind: graph.RegionDistrict}, regionID),
			[]string{c.Longshan.ID, c.Xian.ID, c.Pudong.ID}},
		{"RegionsByParentAndKind", listOf(graph.Store.ListRegions, graph.RegionFilter{ParentID: c.Shanghai.ID, Kind: graph.RegionDistrict}, regionID),
			[]string{c.Pudong.ID}},
		{"UnionsRootOnly", listOf(graph.Store.ListUnions, graph.UnionFilter{RootOnly: true}, unionID), []string{c.CityUnion.ID}},
		{"UnionsByParent", listOf(graph.Store.ListUnions, graph.UnionFilter{ParentID: c.CityUnion.ID}, unionID),
			[]string{c.LongshanUnion.ID, c.XianUnion.ID}},
		{"UnionsByParentLongshan", listOf(graph.Store.ListUnions, graph.UnionFilter{ParentID: c.LongshanUnion.ID}, unionID),
			[]string{c.TownUnion.ID, c.HeavyUnion.ID}},
		{"UnionsByTier", listOf(graph.Store.ListUnions, graph.UnionFilter{Tier: graph.TierDistrict}, unionID),
			[]string{c.LongshanUnion.ID, c.XianUnion.ID}},
		{"EnterprisesAll", listOf(graph.Store.ListEnterprises, graph.EnterpriseFilter{}, enterpriseID),
			[]string{c.Heavy.ID, c.Valve.ID, c.Textile.ID, c.Auto.ID}},
		{"EnterprisesByRegionSubtree", listOf(graph.Store.ListEnterprises, graph.EnterpriseFilter{RegionID: c.Longshan.ID}, enterpriseID),
			[]string{c.Heavy.ID, c.Valve.ID}},
		{"EnterprisesByCitySubtree", listOf(graph.Store.ListEnterprises, graph.EnterpriseFilter{RegionID: c.Liaoyuan.ID}, enterpriseID),
			[]string{c.Heavy.ID, c.Valve.ID, c.Textile.ID}},
		{"EnterprisesByTown", listOf(graph.Store.ListEnterprises, graph.EnterpriseFilter{RegionID: c.Xiangyang.ID}, enterpriseID),
			[]string{c.Valve.ID}},
		{"EnterprisesByUnion", listOf(graph.Store.ListEnterprises, graph.EnterpriseFilter{UnionID: c.XianUnion.ID}, enterpriseID),
			[]string{c.Textile.ID}},
		{"EnterprisesByIndustry", listOf(graph.Store.ListEnterprises, graph.EnterpriseFilter{Industry: "装备制造"}, enterpriseID),
			[]string{c.Heavy.ID, c.Valve.ID}},
		{"EnterprisesByOwnership", listOf(graph.Store.ListEnterprises, graph.EnterpriseFilter{Ownership: graph.OwnershipPrivate}, enterpriseID),
			[]string{c.Valve.ID, c.Textile.ID}},
		{"EnterprisesByRegionAndOwnership", listOf(graph.Store.ListEnterprises,
			graph.EnterpriseFilter{RegionID: c.Jilin.ID, Ownership: graph.OwnershipState}, enterpriseID), []string{c.Heavy.ID}},
		{"WorkersAll", w(graph.WorkerFilter{}),
			[]string{c.Master.ID, c.CNC.ID, c.Elec.ID, c.App1.ID, c.App2.ID, c.App3.ID, c.Shangha.ID}},
		{"WorkersByEnterprise", w(graph.WorkerFilter{EnterpriseID: c.Heavy.ID}), []string{c.Master.ID, c.App1.ID}},
		{"WorkersByDistrictSubtree", w(graph.WorkerFilter{RegionID: c.Longshan.ID}), []string{c.Master.ID, c.CNC.ID, c.App1.ID, c.App2.ID}},
		{"WorkersByCitySubtree", w(graph.WorkerFilter{RegionID: c.Liaoyuan.ID}),
			[]string{c.Master.ID, c.CNC.ID, c.Elec.ID, c.App1.ID, c.App2.ID, c.App3.ID}},
		{"WorkersByProvinceSubtree", w(graph.WorkerFilter{RegionID: c.Shanghai.ID}), []string{c.Shangha.ID}},
		{"WorkersBySkill", w(graph.WorkerFilter{SkillCode: SkillWelder}), []string{c.Master.ID, c.App1.ID, c.App2.ID}},
		{"WorkersBySkillMinLevelIntermediate", w(graph.WorkerFilter{SkillCode: SkillWelder, MinLevel: graph.LevelIntermediate}),
			[]string{c.Master.ID, c.App2.ID}},
		{"WorkersBySkillMinLevelTop", w(graph.WorkerFilter{SkillCode: SkillWelder, MinLevel: graph.LevelSeniorTechnician}), []string{c.Master.ID}},
		{"WorkersBySkillIncludesUncertified", w(graph.WorkerFilter{SkillCode: SkillElectrician}), []string{c.Master.ID, c.Elec.ID, c.App3.ID}},
		{"WorkersBySkillMinLevelExcludesUncertified", w(graph.WorkerFilter{SkillCode: SkillElectrician, MinLevel: graph.LevelJunior}),
			[]string{c.Master.ID, c.Elec.ID}},
		{"WorkersByMinLevelAnyTrade", w(graph.WorkerFilter{MinLevel: graph.LevelTechnician}), []string{c.Master.ID, c.CNC.ID, c.Elec.ID, c.Shangha.ID}},
		{"WorkersByRoleApprentice", w(graph.WorkerFilter{Role: graph.RoleApprentice}), []string{c.App1.ID, c.App2.ID, c.App3.ID}},
		{"WorkersByRoleModelWorker", w(graph.WorkerFilter{Role: graph.RoleModelWorker}), []string{c.Master.ID}},
		{"WorkersByHonourDistrictOrHigher", w(graph.WorkerFilter{HonourTier: graph.TierDistrict}),
			[]string{c.Master.ID, c.CNC.ID, c.Elec.ID, c.Shangha.ID}},
		{"WorkersByHonourProvincialOrHigher", w(graph.WorkerFilter{HonourTier: graph.TierProvincial}), []string{c.Master.ID, c.CNC.ID}},
		{"WorkersByHonourNational", w(graph.WorkerFilter{HonourTier: graph.TierNational}), []string{c.Master.ID}},
		{"WorkersAccepting", w(graph.WorkerFilter{Accepting: &yes}), []string{c.Master.ID, c.CNC.ID, c.Shangha.ID}},
		{"WorkersNotAccepting", w(graph.WorkerFilter{Accepting: &no}), []string{c.Elec.ID, c.App1.ID, c.App2.ID, c.App3.ID}},
		{"WorkersCombined", w(graph.WorkerFilter{Role: graph.RoleCraftsman, RegionID: c.Liaoyuan.ID, Accepting: &yes}),
			[]string{c.Master.ID, c.CNC.ID}},
		{"WorkersCombinedSkillRegion", w(graph.WorkerFilter{SkillCode: SkillCNC, MinLevel: graph.LevelTechnician, RegionID: c.Jilin.ID}),
			[]string{c.CNC.ID}},
		{"WorkersNone", w(graph.WorkerFilter{EnterpriseID: c.Auto.ID, Role: graph.RoleApprentice}), nil},
		{"ProblemsByEnterprise", listOf(graph.Store.ListProblems, graph.ProblemFilter{EnterpriseID: c.Heavy.ID}, problemID), []string{c.Leak.ID}},
		{"ProblemsByStatus", listOf(graph.Store.ListProblems, graph.ProblemFilter{Status: graph.ProblemOpen}, problemID), []string{c.Precision.ID}},
		{"ProblemsBySkill", listOf(graph.Store.ListProblems, graph.ProblemFilter{SkillCode: SkillTurner}, problemID), []string{c.Precision.ID}},
		{"ProblemsByIndustry", listOf(graph.Store.ListProblems, graph.ProblemFilter{Industry: "装备制造"}, problemID),
			[]string{c.Leak.ID, c.Precision.ID}},
		{"ProblemsBySolver", listOf(graph.Store.ListProblems, graph.ProblemFilter{SolverID: c.Master.ID}, problemID), []string{c.Leak.ID}},
		{"ProblemsCombined", listOf(graph.Store.ListProblems, graph.ProblemFilter{Industry: "装备制造", Status: graph.ProblemSolved}, problemID),
			[]string{c.Leak.ID}},
		{"VisitsByExpert", listOf(graph.Store.ListVisits, graph.VisitFilter{ExpertID: c.Elec.ID}, visitID),
			[]string{c.LeakVisit.ID, c.FaultVisit.ID}},
		{"VisitsByExpertMaster", listOf(graph.Store.ListVisits, graph.VisitFilter{ExpertID: c.Master.ID}, visitID), []string{c.LeakVisit.ID}},
		{"VisitsByProblem", listOf(graph.Store.ListVisits, graph.VisitFilter{ProblemID: c.Fault.ID}, visitID), []string{c.FaultVisit.ID}},
		{"VisitsByEnterprise", listOf(graph.Store.ListVisits, graph.VisitFilter{EnterpriseID: c.Heavy.ID}, visitID), []string{c.LeakVisit.ID}},
		{"VisitsByStatus", listOf(graph.Store.ListVisits, graph.VisitFilter{Status: graph.VisitScheduled}, visitID), []string{c.FaultVisit.ID}},
		{"PairingsByMentor", listOf(graph.Store.ListPairings, graph.PairingFilter{MentorID: c.Master.ID}, pairingID), []string{c.P1.ID, c.P3.ID}},
		{"PairingsByApprentice", listOf(graph.Store.ListPairings, graph.PairingFilter{ApprenticeID: c.CNC.ID}, pairingID), []string{c.P3.ID}},
		{"PairingsByStatus", listOf(graph.Store.ListPairings, graph.PairingFilter{Status: graph.PairingActive}, pairingID), []string{c.P1.ID}},
		{"PairingsByUnion", listOf(graph.Store.ListPairings, graph.PairingFilter{UnionID: c.LongshanUnion.ID}, pairingID),
			[]string{c.P1.ID, c.P2.ID}},
		{"PairingsByCampaign", listOf(graph.Store.ListPairings, graph.PairingFilter{Campaign: Campaign2026}, pairingID), []string{c.P1.ID, c.P2.ID}},
		{"PairingsCombined", listOf(graph.Store.ListPairings, graph.PairingFilter{MentorID: c.Master.ID, Campaign: Campaign2026}, pairingID),
			[]string{c.P1.ID}},
		{"StudiosByMember", listOf(graph.Store.ListStudios, graph.StudioFilter{MemberID: c.CNC.ID}, studioID), []string{c.WeldStudio.ID}},
		{"StudiosByMemberApp2", listOf(graph.Store.ListStudios, graph.StudioFilter{MemberID: c.App2.ID}, studioID), []string{c.CNCStudio.ID}},
		{"StudiosByLeader", listOf(graph.Store.ListStudios, graph.StudioFilter{LeaderID: c.CNC.ID}, studioID), []string{c.CNCStudio.ID}},
		{"StudiosBySpecialty", listOf(graph.Store.ListStudios, graph.StudioFilter{SpecialtyCode: SkillTurner}, studioID), []string{c.CNCStudio.ID}},
		{"StudiosByKind", listOf(graph.Store.ListStudios, graph.StudioFilter{Kind: graph.StudioModelWorker}, studioID), []string{c.WeldStudio.ID}},
		{"StudiosByTier", listOf(graph.Store.ListStudios, graph.StudioFilter{Tier: graph.TierProvincial}, studioID), []string{c.CNCStudio.ID}},
		{"StudiosByHost", listOf(graph.Store.ListStudios, graph.StudioFilter{HostEnterpriseID: c.Heavy.ID}, studioID), []string{c.WeldStudio.ID}},
		{"StudiosLeaderIsNotMember", listOf(graph.Store.ListStudios, graph.StudioFilter{MemberID: c.Master.ID}, studioID), nil},
		{"TargetsByUnion", listOf(graph.Store.ListTargets, graph.TargetFilter{UnionID: c.CityUnion.ID}, targetID), []string{c.PairsTarget.ID}},
		{"TargetsByKind", listOf(graph.Store.ListTargets, graph.TargetFilter{Kind: graph.TargetStudios}, targetID), []string{c.StudioTarget.ID}},
		{"TargetsByPeriod", listOf(graph.Store.ListTargets, graph.TargetFilter{Period: "2026"}, targetID),
			[]string{c.PairsTarget.ID, c.StudioTarget.ID}},
		{"TargetsByCampaign", listOf(graph.Store.ListTargets, graph.TargetFilter{Campaign: Campaign2026}, targetID), []string{c.PairsTarget.ID}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, total, hasNext, err := tc.list(ctx, s)
			must(t, err)
			want := slices.Clone(tc.want)
			slices.Sort(want) // lists come in ID order
			RequireEqual(t, want, got)
			if total != len(want) || hasNext {
				t.Fatalf("Total = %d, HasNext = %v; want %d, false", total, hasNext, len(want))
			}
		})
	}
	t.Run("IndexesFollowUpdates", func(t *testing.T) {
		_, err := s.UpdateWorker(ctx, c.App1.ID, func(w *graph.Worker) error {
			w.EnterpriseID, w.EmployeeNo, w.RegionID = c.Textile.ID, "", c.Xian.ID
			w.Skills = []graph.WorkerSkill{{Code: SkillTurner, Level: graph.LevelTechnician}}
			w.Roles = []graph.Role{graph.RoleCraftsman}
			w.AcceptingMentees = true
			return nil
		})
		must(t, err)
		checks := []struct {
			f    graph.WorkerFilter
			want []string
		}{
			{graph.WorkerFilter{EnterpriseID: c.Heavy.ID}, []string{c.Master.ID}},
			{graph.WorkerFilter{EnterpriseID: c.Textile.ID}, []string{c.Elec.ID, c.App1.ID, c.App3.ID}},
			{graph.WorkerFilter{SkillCode: SkillWelder}, []string{c.Master.ID, c.App2.ID}},
			{graph.WorkerFilter{SkillCode: SkillTurner, MinLevel: graph.LevelTechnician}, []string{c.App1.ID}},
			{graph.WorkerFilter{Role: graph.RoleApprentice}, []string{c.App2.ID, c.App3.ID}},
			{graph.WorkerFilter{RegionID: c.Longshan.ID}, []string{c.Master.ID, c.CNC.ID, c.App2.ID}},
			{graph.WorkerFilter{Accepting: &yes}, []string{c.Master.ID, c.CNC.ID, c.App1.ID, c.Shangha.ID}},
		}
		for i, ch := range checks {
			got, _, _, err := w(ch.f)(ctx, s)
			must(t, err)
			want := slices.Clone(ch.want)
			slices.Sort(want)
			if d := Diff(want, got); d != "" {
				t.Errorf("check %d %+v: %s", i, ch.f, d)
			}
		}
	})
}

func testPagination(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s := t.Context(), newStore(t)
	m := NewMaker()
	root := m.Region("分页省", graph.RegionProvince, "")
	must(t, s.CreateRegion(ctx, root))
	var all []string
	for i := range 23 {
		r := m.Region(fmt.Sprintf("分页市%02d", i), graph.RegionCity, root.ID)
		must(t, s.CreateRegion(ctx, r))
		all = append(all, r.ID)
	}
	f := graph.RegionFilter{ParentID: root.ID}
	readAll := func(t *testing.T, first int) []string {
		var got []string
		after := ""
		for range 100 {
			c := ok(s.ListRegions(ctx, f, graph.Page{First: first, After: after}))(t)
			if c.Total != len(all) {
				t.Fatalf("Total = %d, want %d", c.Total, len(all))
			}
			got = append(got, ids(c.Items, regionID)...)
			if len(c.Items) > 0 && c.EndCursor == "" {
				t.Fatal("EndCursor empty on a non-empty page")
			}
			if !c.HasNext {
				return got
			}
			after = c.EndCursor
		}
		t.Fatal("pagination does not end")
		return nil
	}
	t.Run("OrderedByID", func(t *testing.T) {
		sorted := slices.Clone(all)
		slices.Sort(sorted)
		RequireEqual(t, sorted, all) // made in order, so IDs ascend
		RequireEqual(t, all, readAll(t, 5))
		RequireEqual(t, all, readAll(t, 23))
		RequireEqual(t, all, readAll(t, 1))
	})
	t.Run("PageShape", func(t *testing.T) {
		cases := []struct {
			name    string
			first   int
			wantLen int
			hasNext bool
		}{
			{"Default", 0, graph.DefaultPageSize, true},
			{"Negative", -3, graph.DefaultPageSize, true},
			{"Exact", 23, 23, false},
			{"Larger", 50, 23, false},
			{"Clamped", graph.MaxPageSize + 1, 23, false},
			{"Ten", 10, 10, true},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				c := ok(s.ListRegions(ctx, f, graph.Page{First: tc.first}))(t)
				if len(c.Items) != tc.wantLen || c.HasNext != tc.hasNext || c.Total != len(all) {
					t.Fatalf("len %d, HasNext %v, Total %d; want %d, %v, %d", len(c.Items), c.HasNext, c.Total, tc.wantLen, tc.hasNext, len(all))
				}
				RequireEqual(t, all[:tc.wantLen], ids(c.Items, regionID))
			})
		}
	})
	t.Run("SkipTotal", func(t *testing.T) {
		// Skipping the count changes nothing but Total (which a store may then leave 0).
		for _, after := range []string{"", graph.CursorOf(all[4])} {
			want := ok(s.ListRegions(ctx, f, graph.Page{First: 10, After: after}))(t)
			got := ok(s.ListRegions(ctx, f, graph.Page{First: 10, After: after, SkipTotal: true}))(t)
			if got.Total != 0 && got.Total != want.Total {
				t.Fatalf("Total %d, want 0 or %d", got.Total, want.Total)
			}
			got.Total = want.Total
			RequireEqual(t, want, got)
		}
	})
	t.Run("LastPage", func(t *testing.T) {
		c := ok(s.ListRegions(ctx, f, graph.Page{First: 20}))(t)
		c = ok(s.ListRegions(ctx, f, graph.Page{First: 20, After: c.EndCursor}))(t)
		RequireEqual(t, all[20:], ids(c.Items, regionID))
		if c.HasNext {
			t.Fatal("HasNext on the last page")
		}
		end := ok(s.ListRegions(ctx, f, graph.Page{First: 20, After: c.EndCursor}))(t)
		if len(end.Items) != 0 || end.HasNext || end.EndCursor != "" || end.Total != len(all) {
			t.Fatalf("past the end: %d items, HasNext %v, EndCursor %q, Total %d", len(end.Items), end.HasNext, end.EndCursor, end.Total)
		}
	})
	t.Run("Empty", func(t *testing.T) {
		c := ok(s.ListRegions(ctx, graph.RegionFilter{ParentID: all[0]}, graph.Page{}))(t)
		if len(c.Items) != 0 || c.Total != 0 || c.HasNext || c.EndCursor != "" {
			t.Fatalf("empty list: %+v", c)
		}
	})
	t.Run("StableUnderInserts", func(t *testing.T) {
		p1 := ok(s.ListRegions(ctx, f, graph.Page{First: 10}))(t)
		var added []string
		for i := range 4 {
			r := m.Region(fmt.Sprintf("新增市%d", i), graph.RegionCity, root.ID)
			must(t, s.CreateRegion(ctx, r))
			added = append(added, r.ID)
		}
		p2 := ok(s.ListRegions(ctx, f, graph.Page{First: 10, After: p1.EndCursor}))(t)
		RequireEqual(t, all[10:20], ids(p2.Items, regionID))
		if p2.Total != len(all)+len(added) {
			t.Fatalf("Total = %d after inserts, want %d", p2.Total, len(all)+len(added))
		}
		p3 := ok(s.ListRegions(ctx, f, graph.Page{First: 10, After: p2.EndCursor}))(t)
		RequireEqual(t, append(slices.Clone(all[20:]), added...), ids(p3.Items, regionID))
		// A deleted item does not disturb the cursor that points at it.
		last := p2.Items[len(p2.Items)-1].ID
		must(t, s.DeleteRegion(ctx, last))
		p3b := ok(s.ListRegions(ctx, f, graph.Page{First: 10, After: p2.EndCursor}))(t)
		RequireEqual(t, ids(p3.Items, regionID), ids(p3b.Items, regionID))
	})
	t.Run("BadCursor", func(t *testing.T) {
		for _, bad := range []string{"garbage!", "%%%", "Zm9vYmFy", "\x00\xff"} {
			_, err := s.ListRegions(ctx, f, graph.Page{After: bad})
			if err == nil {
				t.Errorf("cursor %q accepted", bad)
				continue
			}
			wantErr(t, err, graph.ErrInvalid)
		}
	})
}

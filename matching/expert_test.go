package matching

import (
	"math"
	"testing"

	"jiangxin/graph"
)

func checkParts(t *testing.T, sc Score, names ...string) {
	t.Helper()
	if len(sc.Parts) != len(names) {
		t.Fatalf("parts %v, want %v", sc, names)
	}
	for k, n := range names {
		p := sc.Parts[k]
		if p.Name != n || p.Value < 0 || p.Value > 1 || p.Detail == "" && p.Weight != 0 {
			t.Errorf("part %d = %+v, want %s with a value in [0,1] and a detail", k, p, n)
		}
	}
	if math.Abs(sc.Total-sum(sc.Parts)) > 1e-12 {
		t.Fatalf("total %v is not the weighted sum %v", sc.Total, sum(sc.Parts))
	}
}

func TestExpertScore(t *testing.T) {
	f := testFacts()
	s := NewScorer(DefaultWeights(), f)
	prob := graph.Problem{ID: "prb_1", EnterpriseID: entA, Skills: []graph.RequiredSkill{
		{Code: welder, MinLevel: graph.LevelTechnician}, {Code: turner, MinLevel: graph.LevelSenior}}}
	ex := worker("wkr_x", graph.WorkerSkill{Code: welder, Level: graph.LevelSeniorTechnician})
	ex.EnterpriseID = entB
	ex.RegionID = minhang
	ex.Honours = []graph.Honour{{Title: "全国技术能手", Tier: graph.TierNational}}
	ef := ExpertFacts{Relevance: map[string]float64{ex.ID: 0.8}, SolvedSimilar: map[string]int{ex.ID: 3}, Availability: map[string]float64{}}
	sc, exc := s.ExpertScore(&prob, &ex, ef)
	if exc != nil {
		t.Fatal(exc)
	}
	checkParts(t, sc, "relevance", "coverage", "solved_before", "honours", "proximity", "availability")
	want := map[string]float64{"relevance": 0.8, "coverage": 0.5, "solved_before": 0.6, "honours": 1, "proximity": 0.3, "availability": 1}
	for n, v := range want {
		if p, _ := sc.Part(n); math.Abs(p.Value-v) > 1e-12 {
			t.Errorf("%s = %v (%s), want %v", n, p.Value, p.Detail, v)
		}
	}
	if p, _ := sc.Part("coverage"); p.Detail != "焊工 ≥技师: 焊工 高级技师; 车工 ≥高级工: missing" {
		t.Errorf("coverage detail %q", p.Detail)
	}
	t.Run("exclusions", func(t *testing.T) {
		ef.Availability[ex.ID] = 0
		if _, e := s.ExpertScore(&prob, &ex, ef); e == nil || e.Rule != RuleUnavailable || e.CandidateID != ex.ID {
			t.Fatalf("unavailable: %+v", e)
		}
		other := worker("wkr_o", graph.WorkerSkill{Code: "6-30-01-01", Level: graph.LevelSeniorTechnician})
		if _, e := s.ExpertScore(&prob, &other, ef); e == nil || e.Rule != RuleNoSharedTrade {
			t.Fatalf("no shared trade: %+v", e)
		}
		res := s.ExpertsFor(&prob, []graph.Worker{ex, other, worker("wkr_y", graph.WorkerSkill{Code: turner, Level: graph.LevelSenior})}, ef, 5)
		if len(res.Matches) != 1 || res.Matches[0].ID != "wkr_y" || res.ExcludedBy(RuleUnavailable) != 1 || res.ExcludedBy(RuleNoSharedTrade) != 1 || len(res.Exclusions) != 2 {
			t.Fatalf("ExpertsFor = %+v", res)
		}
	})
	t.Run("fast and explained totals agree", func(t *testing.T) {
		delete(ef.Availability, ex.ID)
		fast, _ := s.expertScore(&prob, &ex, ef, false)
		if fast.Total != sc.Total {
			t.Fatalf("fast %v, explained %v", fast.Total, sc.Total)
		}
	})
}

func TestStudioScore(t *testing.T) {
	f := testFacts()
	s := NewScorer(DefaultWeights(), f)
	prob := graph.Problem{ID: "prb_1", EnterpriseID: entA, Skills: []graph.RequiredSkill{{Code: welder, MinLevel: graph.LevelTechnician}, {Code: turner}}}
	lead := worker("wkr_l", graph.WorkerSkill{Code: welder, Level: graph.LevelSeniorTechnician})
	lead.Name = "李工"
	st := StudioCandidate{Studio: graph.Studio{ID: "stu_1", Tier: graph.TierCity, HostEnterpriseID: entA, SpecialtyCodes: []string{welder2},
		Achievements: []graph.Achievement{{Kind: graph.AchievementUtilityModel, Count: 6}, {Kind: graph.AchievementInventionPatent, Count: 14}}},
		Members: []graph.Worker{lead}}
	sc, ex := s.StudioScore(&prob, &st)
	if ex != nil {
		t.Fatal(ex)
	}
	checkParts(t, sc, "specialty", "members", "achievements", "tier", "proximity")
	want := map[string]float64{"specialty": 0.25, "members": 0.5, "achievements": 34.0 / 30 / (34.0 / 30), "tier": 0.7, "proximity": 1}
	for n, v := range want {
		if p, _ := sc.Part(n); math.Abs(p.Value-v) > 1e-12 {
			t.Errorf("%s = %v (%s), want %v", n, p.Value, p.Detail, v)
		}
	}
	bad := StudioCandidate{Studio: graph.Studio{ID: "stu_2", SpecialtyCodes: []string{"6-30-01-01"}}}
	if _, ex := s.StudioScore(&prob, &bad); ex == nil || ex.Rule != RuleNoSharedTrade || ex.CandidateID != "stu_2" {
		t.Fatalf("exclusion %+v", ex)
	}
	res := s.StudiosFor(&prob, []StudioCandidate{bad, st}, 3)
	if len(res.Matches) != 1 || res.Matches[0].ID != "stu_1" || res.ExcludedBy(RuleNoSharedTrade) != 1 {
		t.Fatalf("StudiosFor = %+v", res)
	}
}

func TestPeerScore(t *testing.T) {
	f := testFacts()
	s := NewScorer(DefaultWeights(), f)
	sh := worker("wkr_sh", graph.WorkerSkill{Code: welder, Level: graph.LevelSeniorTechnician})
	sh.EnterpriseID = entA
	sh.Honours = []graph.Honour{{Title: "上海工匠", Tier: graph.TierCity}}
	pd := worker("wkr_pd", graph.WorkerSkill{Code: welder, Level: graph.LevelTechnician}, graph.WorkerSkill{Code: turner, Level: graph.LevelSenior})
	pd.EnterpriseID = "ent_C"
	pd.Honours = []graph.Honour{{Title: "浦东工匠", Tier: graph.TierDistrict}}
	f.Enterprises["ent_C"] = EnterpriseFacts{RegionID: pudong, Industry: "装备制造"}
	sc, ex := s.PeerScore(&sh, &pd)
	if ex != nil {
		t.Fatal(ex)
	}
	checkParts(t, sc, "skills", "industry", "tier_span", "proximity")
	want := map[string]float64{"skills": 2.0 / 3, "industry": 1, "tier_span": 1, "proximity": 0.5}
	for n, v := range want {
		if p, _ := sc.Part(n); math.Abs(p.Value-v) > 1e-12 {
			t.Errorf("%s = %v (%s), want %v", n, p.Value, p.Detail, v)
		}
	}
	if p, _ := sc.Part("tier_span"); p.Detail != "上海工匠 (CITY) ↔ 浦东工匠 (DISTRICT)" {
		t.Errorf("tier_span detail %q", p.Detail)
	}
	if _, ex := s.PeerScore(&sh, &sh); ex == nil || ex.Rule != RuleSamePerson {
		t.Fatalf("self: %+v", ex)
	}
	other := worker("wkr_o", graph.WorkerSkill{Code: "6-30-01-01"})
	if _, ex := s.PeerScore(&sh, &other); ex == nil || ex.Rule != RuleNoSharedTrade {
		t.Fatalf("other trade: %+v", ex)
	}
	res := s.PeersFor(&sh, []graph.Worker{other, pd, sh}, 2)
	if len(res.Matches) != 1 || res.Matches[0].ID != pd.ID || len(res.Exclusions) != 2 {
		t.Fatalf("PeersFor = %+v", res)
	}
}

package matching

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"jiangxin/graph"
)

const (
	welder   = "6-18-02-04" // 焊工
	welder2  = "6-18-02-05" // a related trade under the same parent
	turner   = "6-18-01-01" // 车工, another parent
	weldPar  = "6-18-02-00"
	turnPar  = "6-18-01-00"
	entA     = "ent_A"
	entB     = "ent_B"
	shanghai = "reg_SH"
	pudong   = "reg_PD"
	minhang  = "reg_MH"
	zhangjia = "reg_ZJ"
)

func testFacts() *Facts {
	return &Facts{
		SkillParent: map[string]string{welder: weldPar, welder2: weldPar, turner: turnPar},
		SkillName:   map[string]string{welder: "焊工", welder2: "电焊工", turner: "车工"},
		RegionPath: map[string][]string{
			shanghai: {shanghai}, pudong: {shanghai, "reg_SHC", pudong}, minhang: {shanghai, "reg_SHC", minhang},
			zhangjia: {shanghai, "reg_SHC", pudong, zhangjia},
		},
		Enterprises: map[string]EnterpriseFacts{entA: {RegionID: pudong, Industry: "装备制造"}, entB: {RegionID: minhang, Industry: "汽车"}},
		OpenMentees: map[string]int{},
		Records:     map[string]TrackRecord{},
		Goals:       map[string]Goal{},
	}
}

func worker(id string, skills ...graph.WorkerSkill) graph.Worker {
	return graph.Worker{ID: id, Name: id, RegionID: pudong, Skills: skills, MentorCapacity: 4, AcceptingMentees: true}
}

func TestMentorScoreExplains(t *testing.T) {
	f := testFacts()
	s := NewScorer(DefaultWeights(), f)
	ap := worker("wkr_app", graph.WorkerSkill{Code: welder, Level: graph.LevelIntermediate, Primary: true})
	ap.EnterpriseID = entA
	m := worker("wkr_m", graph.WorkerSkill{Code: welder, Level: graph.LevelTechnician})
	m.EnterpriseID = entA
	m.Honours = []graph.Honour{{Title: "上海工匠", Tier: graph.TierCity}, {Title: "浦东工匠", Tier: graph.TierDistrict}}
	f.OpenMentees[m.ID] = 2
	f.Records[m.ID] = TrackRecord{Completed: 3, Promoted: 2}
	sc, ex := s.MentorScore(&ap, &m)
	if ex != nil {
		t.Fatalf("excluded: %+v", ex)
	}
	want := map[string]struct {
		value  float64
		detail string
	}{
		"skill_fit":    {1, "焊工: 技师 vs goal 高级工 (same trade)"},
		"level_gap":    {0.5, "1 level(s) above the goal"},
		"honours":      {0.7, "上海工匠 (CITY), 2 honours"},
		"proximity":    {1, "same enterprise (1)"},
		"industry":     {1, "same industry 装备制造"},
		"capacity":     {0.5, "capacity 2 of 4 free"},
		"track_record": {0.7, "3 completed pairings, 2 mentees promoted"},
	}
	if len(sc.Parts) != len(want) {
		t.Fatalf("parts: %v", sc)
	}
	for name, w := range want {
		p, ok := sc.Part(name)
		if !ok {
			t.Fatalf("part %s missing in %v", name, sc)
		}
		if math.Abs(p.Value-w.value) > 1e-12 || p.Detail != w.detail {
			t.Errorf("part %s = %v %q, want %v %q", name, p.Value, p.Detail, w.value, w.detail)
		}
	}
	if math.Abs(sc.Total-sum(sc.Parts)) > 1e-12 {
		t.Fatalf("total %v is not the weighted sum %v", sc.Total, sum(sc.Parts))
	}
	wt := DefaultWeights().Mentor
	manual := wt.SkillFit*1 + wt.LevelGap*0.5 + wt.Honours*0.7 + wt.Proximity*1 + wt.Industry*1 + wt.Capacity*0.5 + wt.TrackRecord*0.7
	if math.Abs(sc.Total-manual) > 1e-12 {
		t.Fatalf("total %v, by hand %v", sc.Total, manual)
	}

	t.Run("related trade and district", func(t *testing.T) {
		m2 := worker("wkr_m2", graph.WorkerSkill{Code: welder2, Level: graph.LevelSeniorTechnician})
		m2.EnterpriseID = entB
		m2.RegionID = pudong
		ap2 := ap
		ap2.EnterpriseID = ""
		sc, ex := s.MentorScore(&ap2, &m2)
		if ex != nil {
			t.Fatal(ex)
		}
		if p, _ := sc.Part("skill_fit"); p.Value != 0.5 || !strings.Contains(p.Detail, "related trade") {
			t.Errorf("skill_fit %+v", p)
		}
		if p, _ := sc.Part("proximity"); p.Value != 0.5 || p.Detail != "same district (0.5)" {
			t.Errorf("proximity %+v", p)
		}
		if p, _ := sc.Part("level_gap"); p.Value != 1 {
			t.Errorf("level_gap %+v", p)
		}
	})
}

func TestMentorExclusionRules(t *testing.T) {
	f := testFacts()
	s := NewScorer(DefaultWeights(), f)
	ap := worker("wkr_app", graph.WorkerSkill{Code: welder, Level: graph.LevelIntermediate, Primary: true})
	ok := worker("wkr_ok", graph.WorkerSkill{Code: welder, Level: graph.LevelTechnician})
	full := worker("wkr_full", graph.WorkerSkill{Code: welder, Level: graph.LevelTechnician})
	f.OpenMentees[full.ID] = 4
	closed := worker("wkr_closed", graph.WorkerSkill{Code: welder, Level: graph.LevelTechnician})
	closed.AcceptingMentees = false
	low := worker("wkr_low", graph.WorkerSkill{Code: welder, Level: graph.LevelSenior}) // at the goal
	other := worker("wkr_other", graph.WorkerSkill{Code: turner, Level: graph.LevelSeniorTechnician})
	zero := worker("wkr_zero", graph.WorkerSkill{Code: welder, Level: graph.LevelTechnician})
	zero.MentorCapacity = 0
	self := ap
	self.AcceptingMentees = true
	tests := []struct {
		mentor graph.Worker
		rule   Rule
	}{
		{full, RuleAtCapacity}, {zero, RuleAtCapacity}, {closed, RuleNotAccepting}, {low, RuleLevelTooLow},
		{other, RuleNoSharedTrade}, {self, RuleSamePerson},
	}
	for _, tt := range tests {
		t.Run(tt.rule.String()+"/"+tt.mentor.ID, func(t *testing.T) {
			_, ex := s.MentorScore(&ap, &tt.mentor)
			if ex == nil || ex.Rule != tt.rule || ex.CandidateID != tt.mentor.ID || ex.Detail == "" {
				t.Fatalf("exclusion = %+v, want rule %v", ex, tt.rule)
			}
		})
	}
	t.Run("pool reports every rule", func(t *testing.T) {
		pool := []graph.Worker{ok}
		for _, tt := range tests {
			pool = append(pool, tt.mentor)
		}
		res := s.NewMentorPool(pool).MentorsFor(&ap, 3, nil, TopOptions{ListExclusions: true})
		if len(res.Matches) != 1 || res.Matches[0].ID != ok.ID {
			t.Fatalf("matches %+v", res.Matches)
		}
		got := map[string]Rule{}
		for _, e := range res.Exclusions {
			got[e.CandidateID] = e.Rule
		}
		for _, tt := range tests {
			if got[tt.mentor.ID] != tt.rule {
				t.Errorf("%s: rule %v, want %v", tt.mentor.ID, got[tt.mentor.ID], tt.rule)
			}
		}
		if res.ExcludedBy(RuleAtCapacity) != 2 || res.ExcludedBy(RuleLevelTooLow) != 1 {
			t.Errorf("counts %v", res.Excluded)
		}
	})
	t.Run("reverse direction", func(t *testing.T) {
		ap2 := worker("wkr_app2", graph.WorkerSkill{Code: welder, Level: graph.LevelSenior}) // goal 技师: ok is at it
		res := s.NewApprenticePool([]graph.Worker{ap, ap2}).ApprenticesFor(&ok, 5, nil, TopOptions{ListExclusions: true})
		if len(res.Matches) != 1 || res.Matches[0].ID != ap.ID || len(res.Exclusions) != 1 ||
			res.Exclusions[0].CandidateID != ap2.ID || res.Exclusions[0].Rule != RuleLevelTooLow {
			t.Fatalf("result %+v", res)
		}
	})
}

// randomWorkers builds a seeded population over a few trades, regions and enterprises.
func randomWorkers(rng *rand.Rand, n int, prefix string, f *Facts) []graph.Worker {
	codes := []string{welder, welder2, turner}
	regions := []string{pudong, minhang, zhangjia, shanghai}
	ents := []string{"", entA, entB}
	tiers := []graph.Tier{graph.TierNational, graph.TierCity, graph.TierDistrict}
	ws := make([]graph.Worker, n)
	for i := range ws {
		w := graph.Worker{ID: fmt.Sprintf("%s%06d", prefix, i), RegionID: regions[rng.IntN(len(regions))],
			EnterpriseID: ents[rng.IntN(len(ents))], MentorCapacity: rng.IntN(5), AcceptingMentees: rng.IntN(8) > 0}
		for _, k := range rng.Perm(len(codes))[:1+rng.IntN(2)] {
			w.Skills = append(w.Skills, graph.WorkerSkill{Code: codes[k], Level: graph.Level(1 + rng.IntN(5))})
		}
		if rng.IntN(3) == 0 {
			w.Honours = []graph.Honour{{Title: "工匠", Tier: tiers[rng.IntN(len(tiers))]}}
		}
		f.OpenMentees[w.ID] = rng.IntN(3)
		f.Records[w.ID] = TrackRecord{Completed: rng.IntN(5), Promoted: rng.IntN(3)}
		ws[i] = w
	}
	return ws
}

func TestTopKMatchesSortAndSlice(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	f := testFacts()
	s := NewScorer(DefaultWeights(), f)
	for round := 0; round < 200; round++ {
		mentors := randomWorkers(rng, 1+rng.IntN(200), "wkr_m", f)
		apps := randomWorkers(rng, 3, "wkr_a", f)
		pool := s.NewMentorPool(mentors)
		var buf Buffer
		for _, ap := range apps {
			k := rng.IntN(12)
			res := pool.MentorsFor(&ap, k, &buf, TopOptions{})
			// Reference: explain every pair, sort by (total desc, ID asc), slice.
			type cand struct {
				id    string
				total float64
			}
			var all []cand
			excluded := 0
			for i := range mentors {
				sc, ex := s.MentorScore(&ap, &mentors[i])
				if ex != nil {
					excluded++
					continue
				}
				all = append(all, cand{mentors[i].ID, sc.Total})
			}
			sort.Slice(all, func(a, b int) bool {
				if all[a].total != all[b].total {
					return all[a].total > all[b].total
				}
				return all[a].id < all[b].id
			})
			want := all[:min(k, len(all))]
			if len(res.Matches) != len(want) {
				t.Fatalf("round %d: %d matches, want %d", round, len(res.Matches), len(want))
			}
			for x, m := range res.Matches {
				if m.ID != want[x].id || m.Score.Total != want[x].total {
					t.Fatalf("round %d rank %d: %s %.12f, want %s %.12f", round, x, m.ID, m.Score.Total, want[x].id, want[x].total)
				}
				if math.Abs(m.Score.Total-sum(m.Score.Parts)) > 1e-12 {
					t.Fatalf("total is not the weighted sum")
				}
			}
			total := 0
			for _, c := range res.Excluded {
				total += c
			}
			if total != excluded {
				t.Fatalf("round %d: %d excluded, want %d", round, total, excluded)
			}
			again := pool.MentorsFor(&ap, k, &buf, TopOptions{})
			for x := range again.Matches {
				if again.Matches[x].ID != res.Matches[x].ID {
					t.Fatalf("not deterministic")
				}
			}
		}
	}
}

func TestTopKGeneric(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 2000; round++ {
		n := rng.IntN(60)
		scores := make([]float64, n)
		ids := make([]string, n)
		for i := range scores {
			scores[i] = float64(rng.IntN(8)) // many ties
			ids[i] = fmt.Sprintf("id%03d", rng.IntN(1000))
		}
		k := rng.IntN(10)
		got := TopK(scores, k, func(i int) string { return ids[i] }, func(i int) bool { return i%7 == 3 }, nil)
		var idx []int
		for i := range scores {
			if i%7 != 3 {
				idx = append(idx, i)
			}
		}
		sort.SliceStable(idx, func(a, b int) bool {
			x, y := idx[a], idx[b]
			return scores[x] > scores[y] || scores[x] == scores[y] && ids[x] < ids[y]
		})
		idx = idx[:min(k, len(idx))]
		if len(got) != len(idx) {
			t.Fatalf("len %d, want %d", len(got), len(idx))
		}
		for x := range got {
			if scores[got[x]] != scores[idx[x]] || ids[got[x]] != ids[idx[x]] {
				t.Fatalf("round %d rank %d differs", round, x)
			}
		}
	}
}

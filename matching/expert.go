package matching

import (
	"fmt"
	"math"
	"strings"

	"jiangxin/graph"
)

// ExpertFacts are the per-problem facts about experts that only the caller has: Relevance of
// the problem text to each expert (from the search engine, 0..1), SolvedSimilar (past solved
// problems sharing a skill with this one, e.g. from Store.SimilarSolved) and Availability
// (0..1; missing means 1, 0 excludes the expert).
type ExpertFacts struct {
	Relevance     map[string]float64
	SolvedSimilar map[string]int
	Availability  map[string]float64
}

// skillCredit returns how well the worker's skills meet one required skill: 1 for the same
// trade at or above the minimum level, RelatedTrade for a related trade at or above it, 0
// otherwise; with the skill that earned it.
func (s *Scorer) skillCredit(w *graph.Worker, req graph.RequiredSkill) (float64, *graph.WorkerSkill) {
	best, used := 0.0, (*graph.WorkerSkill)(nil)
	parent := s.F.parent(req.Code)
	for k := range w.Skills {
		ws := &w.Skills[k]
		if !ws.Level.AtLeast(req.MinLevel) {
			continue
		}
		v := 0.0
		switch {
		case ws.Code == req.Code:
			v = 1
		case parent != "" && s.F.parent(ws.Code) == parent:
			v = s.W.Scales.RelatedTrade
		}
		if v > best {
			best, used = v, ws
		}
	}
	return best, used
}

// touches reports whether the worker holds any required trade or a related one, at any level.
func (s *Scorer) touches(skills []graph.WorkerSkill, reqs []graph.RequiredSkill) bool {
	for _, r := range reqs {
		parent := s.F.parent(r.Code)
		for _, ws := range skills {
			if ws.Code == r.Code || parent != "" && s.F.parent(ws.Code) == parent {
				return true
			}
		}
	}
	return false
}

func levelReq(l graph.Level) string {
	if l.Valid() {
		return "≥" + l.Chinese()
	}
	return "any level"
}

// ExpertScore explains the score of expert for problem, or says which rule excludes the
// expert: unavailable (availability 0) or no_shared_trade (no required or related trade
// and no text relevance).
func (s *Scorer) ExpertScore(problem *graph.Problem, expert *graph.Worker, ef ExpertFacts) (Score, *Exclusion) {
	return s.expertScore(problem, expert, ef, true)
}

func (s *Scorer) expertScore(problem *graph.Problem, expert *graph.Worker, ef ExpertFacts, explain bool) (Score, *Exclusion) {
	avail := 1.0
	if a, ok := ef.Availability[expert.ID]; ok {
		avail = math.Max(0, math.Min(1, a))
	}
	if avail == 0 {
		return Score{}, &Exclusion{CandidateID: expert.ID, Rule: RuleUnavailable, Detail: "availability 0"}
	}
	rel := math.Max(0, math.Min(1, ef.Relevance[expert.ID]))
	if rel == 0 && !s.touches(expert.Skills, problem.Skills) {
		return Score{}, &Exclusion{CandidateID: expert.ID, Rule: RuleNoSharedTrade, Detail: "no required or related trade and no text relevance"}
	}
	w := &s.W.Expert
	sc := &s.W.Scales
	cov := 0.0
	var covDetail []string
	for _, r := range problem.Skills {
		c, used := s.skillCredit(expert, r)
		cov += c
		if explain {
			switch {
			case used == nil:
				covDetail = append(covDetail, fmt.Sprintf("%s %s: missing", s.F.skillLabel(r.Code), levelReq(r.MinLevel)))
			default:
				covDetail = append(covDetail, fmt.Sprintf("%s %s: %s %s", s.F.skillLabel(r.Code), levelReq(r.MinLevel), s.F.skillLabel(used.Code), levelLabel(used.Level)))
			}
		}
	}
	if len(problem.Skills) > 0 {
		cov /= float64(len(problem.Skills))
	}
	solved := ef.SolvedSimilar[expert.ID]
	solvedV := 0.0
	if sc.SolvedFull > 0 {
		solvedV = math.Min(1, float64(solved)/float64(sc.SolvedFull))
	}
	hon, honLabel := sc.honourValue(expert)
	parts := []Part{
		{"relevance", rel, w.Relevance, fmt.Sprintf("text relevance %.2f", rel)},
		{"coverage", cov, w.Coverage, strings.Join(covDetail, "; ")},
		{"solved_before", solvedV, w.SolvedBefore, fmt.Sprintf("%d similar problems solved", solved)},
		{"honours", hon, w.Honours, honLabel},
		{"proximity", 0, w.Proximity, ""},
		{"availability", avail, w.Availability, fmt.Sprintf("availability %.2f", avail)},
	}
	if explain {
		parts[4] = sc.proximityPart(w.Proximity, s.F.Locate(expert), s.F.LocateEnterprise(problem.EnterpriseID))
	} else {
		parts[4].Value = sc.proximityValue(proximityLevel(s.F.Locate(expert), s.F.LocateEnterprise(problem.EnterpriseID)))
	}
	return Score{Total: sum(parts), Parts: parts}, nil
}

// ExpertsFor returns the k best experts for problem, best first (ties by ID), with every
// exclusion. Scores are computed without detail strings; only the k winners are explained.
func (s *Scorer) ExpertsFor(problem *graph.Problem, experts []graph.Worker, ef ExpertFacts, k int) TopResult {
	return s.topOf(len(experts), k, func(i int) string { return experts[i].ID }, func(i int, explain bool) (Score, *Exclusion) {
		return s.expertScore(problem, &experts[i], ef, explain)
	})
}

// topOf scores n candidates with score(i, false), keeps the k best and explains them with
// score(i, true); exclusions are listed.
func (s *Scorer) topOf(n, k int, id func(int) string, score func(int, bool) (Score, *Exclusion)) TopResult {
	var res TopResult
	totals := make([]float64, n)
	out := make([]bool, n)
	for i := 0; i < n; i++ {
		sc, ex := score(i, false)
		if ex != nil {
			out[i] = true
			res.Excluded[ex.Rule]++
			res.Exclusions = append(res.Exclusions, *ex)
			continue
		}
		totals[i] = sc.Total
	}
	for _, i := range TopK(totals, k, id, func(i int) bool { return out[i] }, nil) {
		sc, _ := score(int(i), true)
		res.Matches = append(res.Matches, Match{ID: id(int(i)), Index: int(i), Score: sc})
	}
	return res
}

// StudioCandidate is a studio with its members' workers (the leader included, if the caller
// wants the leader's skills to count).
type StudioCandidate struct {
	Studio  graph.Studio
	Members []graph.Worker
}

// StudioScore explains the score of a studio for problem: specialties against required skills
// (related trades count RelatedTrade), members holding the required skills at the required
// level, achievements (weighted by Scales.Achievement, saturating at AchievementFull), the
// studio's tier and the host enterprise's proximity. A studio whose specialties and members
// touch none of the required trades is excluded (no_shared_trade).
func (s *Scorer) StudioScore(problem *graph.Problem, st *StudioCandidate) (Score, *Exclusion) {
	sc := &s.W.Scales
	w := &s.W.Studio
	spec := make([]graph.WorkerSkill, len(st.Studio.SpecialtyCodes))
	for k, c := range st.Studio.SpecialtyCodes {
		spec[k] = graph.WorkerSkill{Code: c}
	}
	touched := s.touches(spec, problem.Skills)
	for k := 0; !touched && k < len(st.Members); k++ {
		touched = s.touches(st.Members[k].Skills, problem.Skills)
	}
	if !touched {
		return Score{}, &Exclusion{CandidateID: st.Studio.ID, Rule: RuleNoSharedTrade, Detail: "no specialty or member skill is a required or related trade"}
	}
	specV, memV := 0.0, 0.0
	var specD, memD []string
	specHolder := graph.Worker{Skills: spec}
	for _, r := range problem.Skills {
		// Specialties carry no level: judge the trade only.
		c, used := s.skillCredit(&specHolder, graph.RequiredSkill{Code: r.Code})
		specV += c
		if used != nil {
			specD = append(specD, s.F.skillLabel(used.Code))
		}
		bestM, who := 0.0, ""
		for k := range st.Members {
			if c, _ := s.skillCredit(&st.Members[k], r); c > bestM {
				bestM, who = c, st.Members[k].Name
			}
		}
		memV += bestM
		if who != "" {
			memD = append(memD, fmt.Sprintf("%s %s: %s", s.F.skillLabel(r.Code), levelReq(r.MinLevel), who))
		} else {
			memD = append(memD, fmt.Sprintf("%s %s: nobody", s.F.skillLabel(r.Code), levelReq(r.MinLevel)))
		}
	}
	if n := float64(len(problem.Skills)); n > 0 {
		specV /= n
		memV /= n
	}
	ach := 0.0
	var achD []string
	for _, a := range st.Studio.Achievements {
		ach += sc.Achievement[a.Kind] * float64(a.Count)
		achD = append(achD, fmt.Sprintf("%d %s", a.Count, a.Kind))
	}
	achV := 0.0
	if sc.AchievementFull > 0 {
		achV = math.Min(1, ach/sc.AchievementFull)
	}
	parts := []Part{
		{"specialty", specV, w.Specialty, fmt.Sprintf("specialties cover: %s", strings.Join(specD, ", "))},
		{"members", memV, w.Members, strings.Join(memD, "; ")},
		{"achievements", achV, w.Achievements, fmt.Sprintf("weighted %.0f: %s", ach, strings.Join(achD, ", "))},
		{"tier", sc.TierValue[st.Studio.Tier.Rank()], w.Tier, string(st.Studio.Tier)},
		sc.proximityPart(w.Proximity, s.F.LocateEnterprise(st.Studio.HostEnterpriseID), s.F.LocateEnterprise(problem.EnterpriseID)),
	}
	return Score{Total: sum(parts), Parts: parts}, nil
}

// StudiosFor returns the k best studios for problem, best first (ties by studio ID).
func (s *Scorer) StudiosFor(problem *graph.Problem, studios []StudioCandidate, k int) TopResult {
	return s.topOf(len(studios), k, func(i int) string { return studios[i].Studio.ID }, func(i int, _ bool) (Score, *Exclusion) {
		return s.StudioScore(problem, &studios[i])
	})
}

// PeerScore explains how well craftsman b suits craftsman a as a peer for exchange (上海工匠 ↔
// 浦东工匠): symmetric skill overlap (same trade 1, related RelatedTrade, averaged over both
// workers' trades), same industry, tier span (both honoured and one or two tiers apart 1, same
// tier 0.5, further apart 0.25, unhonoured 0) and proximity. The same worker, or no shared or
// related trade, excludes b.
func (s *Scorer) PeerScore(a, b *graph.Worker) (Score, *Exclusion) {
	if a.ID == b.ID {
		return Score{}, &Exclusion{CandidateID: b.ID, Rule: RuleSamePerson, Detail: "the same worker"}
	}
	sc := &s.W.Scales
	w := &s.W.Peer
	overlap := func(x, y *graph.Worker) (float64, []string) {
		t := 0.0
		var shared []string
		for _, xs := range x.Skills {
			c, used := s.skillCredit(y, graph.RequiredSkill{Code: xs.Code})
			t += c
			if used != nil && c == 1 {
				shared = append(shared, s.F.skillLabel(xs.Code))
			}
		}
		return t, shared
	}
	ab, shared := overlap(a, b)
	ba, _ := overlap(b, a)
	if ab == 0 && ba == 0 {
		return Score{}, &Exclusion{CandidateID: b.ID, Rule: RuleNoSharedTrade, Detail: "no same or related trade"}
	}
	skillV := (ab + ba) / float64(len(a.Skills)+len(b.Skills))
	ind, indD := 0.0, fmt.Sprintf("%q vs %q", s.F.industry(a), s.F.industry(b))
	if x := s.F.industry(a); x != "" && x == s.F.industry(b) {
		ind, indD = 1, "same industry "+x
	}
	ra, rb := bestTierRank(a), bestTierRank(b)
	span := 0.0
	switch d := ra - rb; {
	case ra == 0 || rb == 0:
	case d == 0:
		span = 0.5
	case d >= -2 && d <= 2:
		span = 1
	default:
		span = 0.25
	}
	_, la := sc.honourValue(a)
	_, lb := sc.honourValue(b)
	parts := []Part{
		{"skills", skillV, w.Skills, fmt.Sprintf("same trades: %s", strings.Join(shared, ", "))},
		{"industry", ind, w.Industry, indD},
		{"tier_span", span, w.TierSpan, la + " ↔ " + lb},
		sc.proximityPart(w.Proximity, s.F.Locate(a), s.F.Locate(b)),
	}
	return Score{Total: sum(parts), Parts: parts}, nil
}

// PeersFor returns the k best peers of craftsman among candidates, best first (ties by ID).
func (s *Scorer) PeersFor(craftsman *graph.Worker, candidates []graph.Worker, k int) TopResult {
	return s.topOf(len(candidates), k, func(i int) string { return candidates[i].ID }, func(i int, _ bool) (Score, *Exclusion) {
		return s.PeerScore(craftsman, &candidates[i])
	})
}

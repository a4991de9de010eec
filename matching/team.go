package matching

import (
	"math/bits"
	"sort"

	"jiangxin/graph"
)

// Limits of the exact team search.
const (
	MaxExactTeamSkills     = 10  // required skills
	MaxExactTeamCandidates = 500 // candidates
)

// TeamCandidate is an expert who may join a team, with the score used to break ties (e.g. an
// ExpertScore total).
type TeamCandidate struct {
	Worker graph.Worker
	Score  float64
}

// Team is an expert team for a problem.
type Team struct {
	// Members are indices into the candidates, in ascending order; IDs their worker IDs.
	Members []int
	IDs     []string
	Total   float64 // sum of the members' scores
	// Uncovered lists required skill codes no candidate holds at the required level; the team
	// then covers the rest.
	Uncovered []string
	// Exact says the team is provably the smallest (and best-scoring among the smallest);
	// LowerBound is a proven lower bound on the smallest team size (equal to len(Members) when
	// Exact).
	Exact      bool
	LowerBound int
}

// covers reports whether w holds code at level min or above (same trade only: a team must
// really have each skill).
func covers(w *graph.Worker, r graph.RequiredSkill) bool {
	s, ok := w.Skill(r.Code)
	return ok && s.Level.AtLeast(r.MinLevel)
}

// ExpertTeam returns the smallest team of candidates that together hold every skill the
// problem requires, each at its minimum level (same trade, no related-trade credit), breaking
// ties by the greatest total score, then by the lexicographically smallest member indices.
// Skills nobody holds are reported in Uncovered and the team covers the others.
//
// Up to MaxExactTeamSkills required skills and MaxExactTeamCandidates candidates the answer is
// exact: candidates are reduced to one per coverage mask (the best-scoring; a smallest team never
// holds two members with the same mask, or one could go), and a dynamic programme over the
// 2^skills masks keeps, per covered set, the team with fewest members and then highest score
// (O(2^s × masks)). Beyond those limits it falls back to greedy set cover (most new skills
// first, ties by score, then index), which is within a factor H(s) = 1 + 1/2 + … + 1/s of the
// optimum; the result then has Exact=false and LowerBound = ⌈skills / largest coverage⌉.
func ExpertTeam(problem *graph.Problem, candidates []TeamCandidate) Team {
	reqs := problem.Skills
	s := len(reqs)
	masks := make([]uint64, len(candidates))
	var all uint64
	for i := range candidates {
		for k, r := range reqs {
			if k < 64 && covers(&candidates[i].Worker, r) {
				masks[i] |= 1 << k
			}
		}
		all |= masks[i]
	}
	var t Team
	for k, r := range reqs {
		if k >= 64 || all&(1<<k) == 0 {
			t.Uncovered = append(t.Uncovered, r.Code)
		}
	}
	maxCov := 0
	for _, m := range masks {
		maxCov = max(maxCov, bits.OnesCount64(m))
	}
	need := bits.OnesCount64(all)
	if need == 0 {
		t.Exact = true
		return t
	}
	if s <= MaxExactTeamSkills && len(candidates) <= MaxExactTeamCandidates {
		t.Members = exactTeam(masks, candidates, all, s)
		t.Exact = true
	} else {
		t.Members = greedyTeam(masks, candidates, all)
		t.LowerBound = (need + maxCov - 1) / maxCov
	}
	sort.Ints(t.Members)
	for _, i := range t.Members {
		t.IDs = append(t.IDs, candidates[i].Worker.ID)
		t.Total += candidates[i].Score
	}
	if t.Exact {
		t.LowerBound = len(t.Members)
	}
	return t
}

// teamState is the best team found for one covered set.
type teamState struct {
	size  int
	score float64
	prev  uint32 // previous covered set
	last  int32  // candidate added, −1 for the empty team
	ok    bool
}

func exactTeam(masks []uint64, cands []TeamCandidate, all uint64, s int) []int {
	// One candidate per mask: the best score, then the lowest index.
	best := map[uint64]int{}
	for i, m := range masks {
		if m == 0 {
			continue
		}
		if j, ok := best[m]; !ok || cands[i].Score > cands[j].Score {
			best[m] = i
		}
	}
	reps := make([]int, 0, len(best))
	for _, i := range best {
		reps = append(reps, i)
	}
	sort.Ints(reps)
	n := 1 << s
	dp := make([]teamState, n)
	dp[0] = teamState{ok: true, last: -1}
	// Covered sets only grow along transitions, so increasing numeric order is topological.
	for u := 0; u < n; u++ {
		if !dp[u].ok {
			continue
		}
		for _, i := range reps {
			m := uint32(masks[i])
			if m&^uint32(u) == 0 {
				continue // adds nothing: never in a smallest team
			}
			v := uint32(u) | m
			cand := teamState{size: dp[u].size + 1, score: dp[u].score + cands[i].Score, prev: uint32(u), last: int32(i), ok: true}
			if better(cand, dp[v], dp, cands) {
				dp[v] = cand
			}
		}
	}
	var team []int
	for v := uint32(all); dp[v].last >= 0; v = dp[v].prev {
		team = append(team, int(dp[v].last))
	}
	return team
}

// better orders team states: fewer members, then higher score, then the lexicographically
// smaller sorted member list.
func better(a, b teamState, dp []teamState, cands []TeamCandidate) bool {
	if !b.ok {
		return true
	}
	if a.size != b.size {
		return a.size < b.size
	}
	if a.score != b.score {
		return a.score > b.score
	}
	ma, mb := members(a, dp), members(b, dp)
	for k := range ma {
		if ma[k] != mb[k] {
			return ma[k] < mb[k]
		}
	}
	return false
}

func members(s teamState, dp []teamState) []int {
	var out []int
	for s.last >= 0 {
		out = append(out, int(s.last))
		s = dp[s.prev]
	}
	sort.Ints(out)
	return out
}

func greedyTeam(masks []uint64, cands []TeamCandidate, all uint64) []int {
	var team []int
	var got uint64
	for got != all {
		bi, bn := -1, 0
		for i, m := range masks {
			n := bits.OnesCount64(m &^ got)
			if n == 0 {
				continue
			}
			if n > bn || n == bn && cands[i].Score > cands[bi].Score {
				bi, bn = i, n
			}
		}
		team = append(team, bi)
		got |= masks[bi]
	}
	return team
}

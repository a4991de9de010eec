package matching

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"testing"

	"jiangxin/graph"
)

var teamCodes = []string{"6-01-01-01", "6-01-01-02", "6-01-01-03", "6-01-01-04", "6-01-01-05", "6-01-01-06"}

func randomTeamInstance(rng *rand.Rand, nc int) (graph.Problem, []TeamCandidate) {
	ns := 1 + rng.IntN(len(teamCodes))
	var p graph.Problem
	for _, k := range rng.Perm(len(teamCodes))[:ns] {
		p.Skills = append(p.Skills, graph.RequiredSkill{Code: teamCodes[k], MinLevel: graph.Level(rng.IntN(6))})
	}
	cands := make([]TeamCandidate, nc)
	for i := range cands {
		w := graph.Worker{ID: fmt.Sprintf("wkr_%03d", i)}
		for _, k := range rng.Perm(len(teamCodes))[:rng.IntN(4)] {
			w.Skills = append(w.Skills, graph.WorkerSkill{Code: teamCodes[k], Level: graph.Level(1 + rng.IntN(5))})
		}
		cands[i] = TeamCandidate{Worker: w, Score: float64(rng.IntN(8)) / 4} // exact sums, many ties
	}
	return p, cands
}

// exhaustiveTeam tries every subset: smallest size covering all coverable skills, then best
// total.
func exhaustiveTeam(p graph.Problem, cands []TeamCandidate) (int, float64) {
	var all uint64
	masks := make([]uint64, len(cands))
	for i := range cands {
		for k, r := range p.Skills {
			if covers(&cands[i].Worker, r) {
				masks[i] |= 1 << k
			}
		}
		all |= masks[i]
	}
	bestSize, bestScore := -1, 0.0
	for sub := 0; sub < 1<<len(cands); sub++ {
		var got uint64
		score := 0.0
		for i := range cands {
			if sub&(1<<i) != 0 {
				got |= masks[i]
				score += cands[i].Score
			}
		}
		if got != all {
			continue
		}
		size := bits.OnesCount(uint(sub))
		if bestSize < 0 || size < bestSize || size == bestSize && score > bestScore {
			bestSize, bestScore = size, score
		}
	}
	return bestSize, bestScore
}

func TestExpertTeamMatchesExhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for round := 0; round < 3000; round++ {
		p, cands := randomTeamInstance(rng, rng.IntN(11))
		team := ExpertTeam(&p, cands)
		size, score := exhaustiveTeam(p, cands)
		if !team.Exact || len(team.Members) != size || team.Total != score {
			t.Fatalf("round %d: team %+v, exhaustive size %d score %v", round, team, size, score)
		}
		// The team really covers every coverable skill.
		for _, r := range p.Skills {
			coverable, covered := false, false
			for i := range cands {
				coverable = coverable || covers(&cands[i].Worker, r)
			}
			for _, i := range team.Members {
				covered = covered || covers(&cands[i].Worker, r)
			}
			if coverable != covered {
				t.Fatalf("round %d: skill %s coverable %v covered %v", round, r.Code, coverable, covered)
			}
		}
		again := ExpertTeam(&p, cands)
		if fmt.Sprint(again.Members) != fmt.Sprint(team.Members) {
			t.Fatalf("not deterministic")
		}
	}
}

func TestExpertTeamGreedyBeyondLimits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	p, cands := randomTeamInstance(rng, MaxExactTeamCandidates+1)
	team := ExpertTeam(&p, cands)
	if team.Exact || team.LowerBound < 1 || len(team.Members) < team.LowerBound {
		t.Fatalf("greedy team %+v", team)
	}
	t.Run("uncoverable skill", func(t *testing.T) {
		p := graph.Problem{Skills: []graph.RequiredSkill{{Code: teamCodes[0]}, {Code: teamCodes[1], MinLevel: graph.LevelSeniorTechnician}}}
		cands := []TeamCandidate{{Worker: graph.Worker{ID: "a", Skills: []graph.WorkerSkill{{Code: teamCodes[0]}, {Code: teamCodes[1], Level: graph.LevelTechnician}}}}}
		team := ExpertTeam(&p, cands)
		if len(team.Members) != 1 || len(team.Uncovered) != 1 || team.Uncovered[0] != teamCodes[1] {
			t.Fatalf("team %+v", team)
		}
	})
}

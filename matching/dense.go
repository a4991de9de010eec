package matching

import (
	"fmt"
	"math"

	"jiangxin/graph"
)

// DenseCampaign is a campaign given as a full score matrix: Scores[i*len(Capacity)+j] is the
// score of apprentice i with mentor j, and a score ≤ 0 marks an ineligible pair. MaxPairs caps
// the number of pairs (0: no cap).
type DenseCampaign struct {
	Apprentices int
	Capacity    []int
	Scores      []float64
	MaxPairs    int
}

// AssignDense is Assign for a score matrix; Assigned.Pair is the flat index i*len(Capacity)+j.
// When every score is positive and every mentor has capacity, the matrix goes straight to the
// dense Jonker–Volgenant solver (mentor capacity expanded into slots, padded to a square);
// otherwise the positive entries are solved as a sparse campaign. It returns an error wrapping
// graph.ErrInvalid for a matrix of the wrong size and for the conditions listed at Assign.
func AssignDense(c DenseCampaign) (Assignment, error) {
	n, m := c.Apprentices, len(c.Capacity)
	if n < 0 || len(c.Scores) != n*m {
		return Assignment{}, graph.Invalid("scores", "has %d entries; want %d apprentices × %d mentors", len(c.Scores), n, m)
	}
	complete := true
	for k, s := range c.Scores {
		if math.IsNaN(s) || math.IsInf(s, 0) || math.Abs(s) > MaxCampaignScore {
			return Assignment{}, graph.Invalid(fmt.Sprintf("scores[%d]", k), "%v is not a finite score within ±%g", s, float64(MaxCampaignScore))
		}
		if math.Round(s*ScoreScale) <= 0 {
			complete = false
		}
	}
	for j, k := range c.Capacity {
		if k < 0 {
			return Assignment{}, graph.Invalid(fmt.Sprintf("capacity[%d]", j), "must not be negative, got %d", k)
		}
		if k == 0 {
			complete = false
		}
	}
	if c.MaxPairs < 0 {
		return Assignment{}, graph.Invalid("maxPairs", "must not be negative, got %d", c.MaxPairs)
	}
	if complete && n > 0 && m > 0 {
		slots := 0
		for _, k := range c.Capacity {
			slots += min(k, n)
		}
		N := max(n, slots)
		if N*N <= maxDenseCells {
			a := solveDenseMatrix(n, c.Capacity, c.Scores, N)
			if c.MaxPairs == 0 || len(a.Pairs) <= c.MaxPairs {
				a.finish(c.Capacity, c.MaxPairs)
				return a, nil
			}
		}
	}
	sc := Campaign{Apprentices: n, Capacity: c.Capacity, MaxPairs: c.MaxPairs}
	for i := 0; i < n; i++ {
		for j := 0; j < m; j++ {
			if s := c.Scores[i*m+j]; s > 0 {
				sc.Pairs = append(sc.Pairs, Pair{Apprentice: int32(i), Mentor: int32(j), Score: s})
			}
		}
	}
	a, err := Assign(sc)
	for k := range a.Pairs {
		a.Pairs[k].Pair = a.Pairs[k].Apprentice*int32(m) + a.Pairs[k].Mentor
	}
	return a, err
}

// solveDenseMatrix runs LAPJV on the N×N slot matrix of a complete positive instance.
func solveDenseMatrix(n int, capacity []int, scores []float64, N int) Assignment {
	m := len(capacity)
	slotCol := make([]int32, 0, N)
	for j, k := range capacity {
		for c := 0; c < min(k, n); c++ {
			slotCol = append(slotCol, int32(j))
		}
	}
	cost := make([]int64, N*N)
	for i := 0; i < n; i++ {
		row := cost[i*N : (i+1)*N]
		src := scores[i*m : (i+1)*m]
		for s, j := range slotCol {
			row[s] = -int64(math.Round(src[j] * ScoreScale))
		}
	}
	x := lapjv(N, cost)
	a := Assignment{Method: "lapjv"}
	for i := 0; i < n; i++ {
		s := int(x[i])
		if s >= len(slotCol) {
			continue
		}
		j := slotCol[s]
		k := int32(i*m) + j
		a.Pairs = append(a.Pairs, Assigned{Apprentice: int32(i), Mentor: j, Score: scores[k], Pair: k})
		a.Total += scores[k]
		a.TotalScaled += -cost[i*N+s]
	}
	a.UnassignedApprentices = n - len(a.Pairs)
	return a
}

// finish fills the capacity and cap counters of a.
func (a *Assignment) finish(capacity []int, maxPairs int) {
	used := make([]int, len(capacity))
	for _, p := range a.Pairs {
		used[p.Mentor]++
	}
	a.FreeCapacity, a.IdleMentors = 0, 0
	for j, k := range capacity {
		a.FreeCapacity += k - used[j]
		if used[j] == 0 && k > 0 {
			a.IdleMentors++
		}
	}
	a.CapRemaining = -1
	if maxPairs > 0 {
		a.CapRemaining = maxPairs - len(a.Pairs)
	}
}

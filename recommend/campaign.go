package recommend

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"jiangxin/graph"
	"jiangxin/matching"
)

// EligiblePerApprentice is how many best mentors of the pool each apprentice may be assigned.
const EligiblePerApprentice = 50

// Pool narrows a campaign's apprentices and mentors; zero fields do not filter.
type Pool struct {
	SkillCode    string // apprentices whose goal is in this trade
	EnterpriseID string // apprentices employed here
}

// CampaignRun summarises one campaign run.
type CampaignRun struct {
	Campaign              string
	Pairings              []graph.Pairing // created PROPOSED, best score first
	Total                 float64
	Apprentices           int // in the pool
	Mentors               int // in the pool, with a free slot
	UnassignedApprentices int
	IdleMentors           int
	FreeCapacity          int
	Cap                   int // 0 when none
	BelowCap              int // Cap − pairs, when a cap is set
	Method                string
}

// ProposeCampaign runs campaign matching for a union: the pool is every apprentice employed in
// the union's subtree without an open pairing (narrowed by pool), and every craftsman or model
// worker of the subtree who accepts mentees and has a free slot; each apprentice is eligible for
// their EligiblePerApprentice best mentors; the exactly optimal assignment (matching.Assign)
// under the mentors' remaining capacities and the cap (0: none) becomes PROPOSED pairings,
// written in one all-or-nothing batch. It returns ErrInvalid with the reason for a bad union,
// a negative cap, an empty campaign name or an empty pool, and then creates nothing.
func (s *Service) ProposeCampaign(ctx context.Context, unionID, campaign string, pool Pool, cap int) (CampaignRun, error) {
	campaign = strings.TrimSpace(campaign)
	switch {
	case campaign == "":
		return CampaignRun{}, graph.Invalid("campaign", "a campaign needs a name")
	case cap < 0:
		return CampaignRun{}, graph.Invalid("cap", "must not be negative")
	}
	if err := graph.CheckID("unionId", graph.KindUnion, unionID); err != nil {
		return CampaignRun{}, err
	}
	subtree, err := s.store.UnionSubtree(ctx, unionID)
	if err != nil {
		return CampaignRun{}, fmt.Errorf("union subtree: %w", err)
	}
	if pool.SkillCode != "" {
		if err := graph.CheckSkillCode("pool.skillCode", pool.SkillCode); err != nil {
			return CampaignRun{}, err
		}
	}
	if pool.EnterpriseID != "" {
		if err := graph.CheckID("pool.enterpriseId", graph.KindEnterprise, pool.EnterpriseID); err != nil {
			return CampaignRun{}, err
		}
	}
	s.Invalidate()
	snap, err := s.current(ctx)
	if err != nil {
		return CampaignRun{}, err
	}
	inTree := map[string]bool{}
	for _, u := range subtree {
		inTree[u] = true
	}
	inPool := func(w *graph.Worker) bool {
		return w.EnterpriseID != "" && inTree[snap.unionOf[w.EnterpriseID]]
	}

	// Apprentices without an open pairing as apprentice.
	busy := map[string]bool{}
	if err := each(ctx, func(p graph.Page) (graph.Conn[graph.Pairing], error) {
		return s.store.ListPairings(ctx, graph.PairingFilter{}, p)
	}, func(pa *graph.Pairing) {
		if pa.Status.Open() {
			busy[pa.ApprenticeID] = true
		}
	}); err != nil {
		return CampaignRun{}, fmt.Errorf("load pairings: %w", err)
	}
	var apprentices []*graph.Worker
	for i := range snap.apprentices {
		a := &snap.apprentices[i]
		if !inPool(a) || busy[a.ID] || pool.EnterpriseID != "" && a.EnterpriseID != pool.EnterpriseID {
			continue
		}
		if pool.SkillCode != "" {
			if g, ok := matching.GoalOf(*a); !ok || g.SkillCode != pool.SkillCode {
				continue
			}
		}
		apprentices = append(apprentices, a)
	}
	var mentors []graph.Worker
	var capacity []int
	for _, m := range snap.mentors {
		free := m.MentorCapacity - snap.facts.OpenMentees[m.ID]
		if inPool(&m) && m.AcceptingMentees && free > 0 {
			mentors = append(mentors, m)
			capacity = append(capacity, free)
		}
	}
	if len(apprentices) == 0 || len(mentors) == 0 {
		return CampaignRun{}, graph.Invalid("pool", "the pool has %d waiting apprentices and %d mentors with a free slot; a campaign needs both", len(apprentices), len(mentors))
	}

	mentorPool := snap.scorer.NewMentorPool(mentors)
	index := make(map[string]int32, len(mentors))
	for i, m := range mentors {
		index[m.ID] = int32(i)
	}
	var pairs []matching.Pair
	var buf matching.Buffer
	for ai, a := range apprentices {
		top := mentorPool.MentorsFor(a, EligiblePerApprentice, &buf, matching.TopOptions{})
		for _, m := range top.Matches {
			pairs = append(pairs, matching.Pair{Apprentice: int32(ai), Mentor: index[m.ID], Score: m.Score.Total})
		}
	}
	asg, err := matching.Assign(matching.Campaign{Apprentices: len(apprentices), Capacity: capacity, Pairs: pairs, MaxPairs: cap})
	if err != nil {
		return CampaignRun{}, fmt.Errorf("assign: %w", err)
	}

	run := CampaignRun{Campaign: campaign, Total: asg.Total, Apprentices: len(apprentices), Mentors: len(mentors),
		UnassignedApprentices: asg.UnassignedApprentices, IdleMentors: asg.IdleMentors, FreeCapacity: asg.FreeCapacity,
		Cap: cap, Method: asg.Method}
	now := s.svc.Now()
	var batch graph.Batch
	for _, p := range asg.Pairs {
		a, m := apprentices[p.Apprentice], mentors[p.Mentor]
		agreement := graph.Agreement{ReviewCadenceDays: 30}
		if g, ok := matching.GoalOf(*a); ok {
			agreement.SkillCode, agreement.TargetLevel = g.SkillCode, g.Level
		}
		batch.Pairings = append(batch.Pairings, graph.Pairing{
			ID: s.svc.NewID(graph.KindPairing), MentorID: m.ID, ApprenticeID: a.ID, UnionID: unionID,
			Campaign: campaign, Agreement: agreement, Status: graph.PairingProposed, Score: p.Score,
			CreatedAt: now, UpdatedAt: now,
		})
	}
	if len(batch.Pairings) > 0 {
		if err := s.store.Import(ctx, batch); err != nil {
			return CampaignRun{}, fmt.Errorf("write proposals: %w", err)
		}
	}
	s.Invalidate()
	slices.SortStableFunc(batch.Pairings, func(a, b graph.Pairing) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	run.Pairings = batch.Pairings
	if cap > 0 {
		run.BelowCap = cap - len(run.Pairings)
	}
	return run, nil
}

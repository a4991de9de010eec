package gql

import (
	"context"
	"errors"
	"sort"

	"jiangxin/graph"
	"jiangxin/graph/gql/model"
	"jiangxin/recommend"
)

var errNoRecommend = errors.New("matching is not configured")

func (r *Resolver) recommender() (*recommend.Service, error) {
	if r.Recommend == nil {
		return nil, errNoRecommend
	}
	return r.Recommend, nil
}

func firstOr(first *int, def int) int {
	if first == nil {
		return def
	}
	return *first
}

// workerMatches shapes a recommend.Result for the API.
func workerMatches(res recommend.Result, err error) (*model.WorkerMatches, error) {
	if err != nil {
		return nil, err
	}
	out := &model.WorkerMatches{Matches: []model.WorkerMatch{}, Excluded: excludedCounts(res.Excluded), Exclusions: []model.Exclusion{}}
	for _, m := range res.Matches {
		out.Matches = append(out.Matches, model.WorkerMatch{WorkerID: m.ID, Score: &model.Explanation{Score: m.Score}})
	}
	for _, e := range res.Exclusions {
		out.Exclusions = append(out.Exclusions, model.Exclusion{CandidateID: e.CandidateID, Rule: e.Rule.String(), Detail: e.Detail})
	}
	return out, nil
}

func excludedCounts(m map[string]int) []model.ExclusionCount {
	out := []model.ExclusionCount{}
	for rule, n := range m {
		out = append(out, model.ExclusionCount{Rule: rule, Count: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rule < out[j].Rule })
	return out
}

func (r *Resolver) mentorsFor(ctx context.Context, id string, first *int, explain *bool) (*model.WorkerMatches, error) {
	rec, err := r.recommender()
	if err != nil {
		return nil, err
	}
	return workerMatches(rec.MentorsFor(ctx, id, firstOr(first, 10), deref(explain)))
}

func (r *Resolver) apprenticesFor(ctx context.Context, id string, first *int, explain *bool) (*model.WorkerMatches, error) {
	rec, err := r.recommender()
	if err != nil {
		return nil, err
	}
	return workerMatches(rec.ApprenticesFor(ctx, id, firstOr(first, 10), deref(explain)))
}

func (r *Resolver) expertsFor(ctx context.Context, id string, first *int) (*model.WorkerMatches, error) {
	rec, err := r.recommender()
	if err != nil {
		return nil, err
	}
	return workerMatches(rec.ExpertsFor(ctx, id, firstOr(first, 10)))
}

func (r *Resolver) peersFor(ctx context.Context, id string, first *int) (*model.WorkerMatches, error) {
	rec, err := r.recommender()
	if err != nil {
		return nil, err
	}
	return workerMatches(rec.PeersFor(ctx, id, firstOr(first, 10)))
}

func (r *Resolver) studiosFor(ctx context.Context, id string, first *int) (*model.StudioMatches, error) {
	rec, err := r.recommender()
	if err != nil {
		return nil, err
	}
	res, err := rec.StudiosFor(ctx, id, firstOr(first, 10))
	if err != nil {
		return nil, err
	}
	out := &model.StudioMatches{Matches: []model.StudioMatch{}, Excluded: excludedCounts(res.Excluded)}
	for _, m := range res.Matches {
		out.Matches = append(out.Matches, model.StudioMatch{StudioID: m.ID, Score: &model.Explanation{Score: m.Score}})
	}
	return out, nil
}

func (r *Resolver) expertTeamFor(ctx context.Context, id string, maxSize *int) (*model.ExpertTeam, error) {
	rec, err := r.recommender()
	if err != nil {
		return nil, err
	}
	t, err := rec.ExpertTeamFor(ctx, id, firstOr(maxSize, 5))
	if err != nil {
		return nil, err
	}
	out := &model.ExpertTeam{Members: []model.WorkerMatch{}, Total: t.Total, Exact: t.Exact, LowerBound: t.LowerBound,
		WithinMaxSize: t.WithinMaxSize}
	for _, m := range t.Members {
		out.Members = append(out.Members, model.WorkerMatch{WorkerID: m.ID, Score: &model.Explanation{Score: m.Score}})
	}
	if out.Uncovered, err = loadAll(ctx, r.loaders(ctx).Skill(), t.Uncovered); err != nil {
		return nil, err
	}
	return out, nil
}

func (r *Resolver) proposeCampaign(ctx context.Context, unionID, campaign string, pool *model.CampaignPool, cap *int) (*model.CampaignRun, error) {
	rec, err := r.recommender()
	if err != nil {
		return nil, err
	}
	if cap != nil && *cap < 1 {
		return nil, graph.Invalid("cap", "must be at least 1 (leave it out for no cap)")
	}
	var p recommend.Pool
	if pool != nil {
		p = recommend.Pool{SkillCode: deref(pool.SkillCode), EnterpriseID: deref(pool.EnterpriseID)}
	}
	run, err := rec.ProposeCampaign(ctx, unionID, campaign, p, deref(cap))
	if err != nil {
		return nil, err
	}
	out := &model.CampaignRun{Campaign: run.Campaign, Pairings: run.Pairings, PairCount: len(run.Pairings),
		TotalScore: run.Total, PoolApprentices: run.Apprentices, PoolMentors: run.Mentors,
		UnassignedApprentices: run.UnassignedApprentices, IdleMentors: run.IdleMentors, FreeCapacity: run.FreeCapacity,
		Method: run.Method}
	if cap != nil {
		out.Cap, out.BelowCap = cap, &run.BelowCap
	}
	if out.Pairings == nil {
		out.Pairings = []graph.Pairing{}
	}
	return out, nil
}

package gql

import (
	"jiangxin/graph"
	"jiangxin/graph/gql/generated"
	"jiangxin/graph/gql/model"
)

// pageCost is the cost of a list field: its selection once per item it may return.
func pageCost(child int, first *int, def int) int {
	n := def
	if first != nil && *first > 0 {
		n = *first
	}
	return 1 + child*n
}

// complexity makes list fields cost their page size times their selection, so the complexity
// limit bounds the work a query can ask for (gqlgen's default counts every field once).
func complexity() generated.ComplexityRoot {
	var c generated.ComplexityRoot
	d := graph.DefaultPageSize
	conn := func(child int, first *int, _ *string) int { return pageCost(child, first, d) }

	c.Query.Workers = func(ch int, _ *graph.WorkerFilter, f *int, a *string) int { return conn(ch, f, a) }
	c.Query.Enterprises = func(ch int, _ *graph.EnterpriseFilter, f *int, a *string) int { return conn(ch, f, a) }
	c.Query.Pairings = func(ch int, _ *graph.PairingFilter, f *int, a *string) int { return conn(ch, f, a) }
	c.Query.Problems = func(ch int, _ *graph.ProblemFilter, f *int, a *string) int { return conn(ch, f, a) }
	c.Query.Regions = func(ch int, _ *graph.RegionFilter, f *int, a *string) int { return conn(ch, f, a) }
	c.Query.Skills = func(ch int, _ *graph.SkillFilter, f *int, a *string) int { return conn(ch, f, a) }
	c.Query.Studios = func(ch int, _ *graph.StudioFilter, f *int, a *string) int { return conn(ch, f, a) }
	c.Query.Targets = func(ch int, _ *graph.TargetFilter, f *int, a *string) int { return conn(ch, f, a) }
	c.Query.Unions = func(ch int, _ *graph.UnionFilter, f *int, a *string) int { return conn(ch, f, a) }
	c.Query.Visits = func(ch int, _ *graph.VisitFilter, f *int, a *string) int { return conn(ch, f, a) }
	c.Query.Search = func(ch int, _ string, _ []model.SearchKind, _ *model.SearchFilter, _ []model.SearchFacet, f *int, a *string) int {
		return conn(ch, f, a)
	}
	c.Query.SuggestSkills = func(ch int, _ string, f *int) int { return pageCost(ch, f, 10) }
	c.Query.MentorsFor = func(ch int, _ string, f *int, _ *bool) int { return pageCost(ch, f, 10) }
	c.Query.ApprenticesFor = func(ch int, _ string, f *int, _ *bool) int { return pageCost(ch, f, 10) }
	c.Query.ExpertsFor = func(ch int, _ string, f *int) int { return pageCost(ch, f, 10) }
	c.Query.PeersFor = func(ch int, _ string, f *int) int { return pageCost(ch, f, 10) }
	c.Query.StudiosFor = func(ch int, _ string, f *int) int { return pageCost(ch, f, 10) }

	c.Enterprise.Workers = conn
	c.Enterprise.Studios = conn
	c.Enterprise.Problems = func(ch int, _ *graph.ProblemStatus, f *int, a *string) int { return conn(ch, f, a) }
	c.Problem.Visits = conn
	c.Problem.SimilarSolved = func(ch int, f *int) int { return pageCost(ch, f, 10) }
	c.Region.Children = conn
	c.Skill.Children = conn
	c.Skill.Workers = func(ch int, _ *graph.Level, f *int, a *string) int { return conn(ch, f, a) }
	c.Union.Children = conn
	c.Union.Targets = conn
	c.Worker.Studios = conn
	c.Worker.Mentorships = func(ch int, _ *graph.PairingStatus, f *int, a *string) int { return conn(ch, f, a) }
	c.Worker.Apprenticeships = func(ch int, _ *graph.PairingStatus, f *int, a *string) int { return conn(ch, f, a) }
	return c
}

package gql

import (
	"context"
	"fmt"

	"jiangxin/graph"
	"jiangxin/graph/gql/model"
	"jiangxin/report"
)

// report returns the dashboard service, or one built on the fly (uncached) when none is wired.
func (r *Resolver) report() *report.Service {
	if r.Report != nil {
		return r.Report
	}
	return report.New(r.Store, r.Service.Now)
}

func progressModel(p report.UnionProgress) model.UnionProgress {
	return model.UnionProgress{UnionID: p.UnionID, PairsSigned: p.Counts.PairsSigned,
		PairsCompleted: p.Counts.PairsCompleted, ProblemsSolved: p.Counts.ProblemsSolved,
		Studios: p.Counts.Studios, Promotions: p.Counts.Promotions,
		Targets: mapSlice(p.Targets, func(t report.TargetProgress) model.TargetProgress {
			return model.TargetProgress{Target: t.Target, Achieved: t.Achieved, Ratio: t.Ratio}
		})}
}

func (r *Resolver) stalled(ctx context.Context, unionID string, n int) ([]model.StalledPairing, error) {
	if n < 0 || n > report.MaxTop {
		return nil, graph.Invalid("first", "must be 0–%d", report.MaxTop)
	}
	ss, err := r.report().Stalled(ctx, unionID, n)
	if err != nil {
		return nil, fmt.Errorf("stalled pairings: %w", err)
	}
	return mapSlice(ss, func(s report.Stalled) model.StalledPairing {
		return model.StalledPairing{PairingID: s.PairingID, LastActivity: s.LastActivity, DaysOverdue: s.DaysOverdue}
	}), nil
}

func mapSlice[T, U any](in []T, f func(T) U) []U {
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

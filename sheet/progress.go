package sheet

import (
	"context"
	"fmt"
	"strings"

	"jiangxin/graph"
)

// TargetProgress is a union target with what has been achieved towards it.
type TargetProgress struct {
	Target graph.Target
	Done   int
}

// MeasureTargets returns every target (of unionID and the unions below it, or all when
// unionID is empty) with its progress, which rolls up the union tree:
//
//   - PAIRS_SIGNED: pairings sponsored within the subtree that were signed (ACTIVE, COMPLETED
//     or TERMINATED with a signing date), in the target's campaign when it names one, else
//     signed within its dates (or its period's year);
//   - PAIRS_COMPLETED: COMPLETED pairings, matched the same way, by campaign or by the date
//     of their last change;
//   - PROBLEMS_SOLVED: SOLVED problems of enterprises belonging to a union of the subtree,
//     solved within the window;
//   - STUDIOS: studios hosted by such enterprises, established within the window's years.
//
// It returns the store's error.
func MeasureTargets(ctx context.Context, st graph.Store, unionID string) ([]TargetProgress, error) {
	var targets []graph.Target
	keep := func(string) bool { return true }
	if unionID != "" {
		ids, err := st.UnionSubtree(ctx, unionID)
		if err != nil {
			return nil, fmt.Errorf("union subtree: %w", err)
		}
		set := toSet(ids)
		keep = func(id string) bool { return set[id] }
	}
	if err := all(ctx, func(p graph.Page) (graph.Conn[graph.Target], error) {
		return st.ListTargets(ctx, graph.TargetFilter{}, p)
	},
		func(t graph.Target) {
			if keep(t.UnionID) {
				targets = append(targets, t)
			}
		}); err != nil {
		return nil, err
	}
	if len(targets) == 0 {
		return nil, nil
	}
	type pair struct {
		union, campaign string
		signed, changed graph.Date
		status          graph.PairingStatus
	}
	var pairs []pair
	if err := all(ctx, func(p graph.Page) (graph.Conn[graph.Pairing], error) {
		return st.ListPairings(ctx, graph.PairingFilter{}, p)
	},
		func(p graph.Pairing) {
			pairs = append(pairs, pair{p.UnionID, p.Campaign, p.Agreement.SignedOn, graph.DateOf(p.UpdatedAt), p.Status})
		}); err != nil {
		return nil, err
	}
	entUnion := map[string]string{}
	if err := all(ctx, func(p graph.Page) (graph.Conn[graph.Enterprise], error) {
		return st.ListEnterprises(ctx, graph.EnterpriseFilter{}, p)
	}, func(e graph.Enterprise) { entUnion[e.ID] = e.UnionID }); err != nil {
		return nil, err
	}
	type dated struct {
		union string
		date  graph.Date
	}
	var solved, studios []dated
	if err := all(ctx, func(p graph.Page) (graph.Conn[graph.Problem], error) {
		return st.ListProblems(ctx, graph.ProblemFilter{Status: graph.ProblemSolved}, p)
	}, func(p graph.Problem) {
		solved = append(solved, dated{entUnion[p.EnterpriseID], graph.DateOf(p.UpdatedAt)})
	}); err != nil {
		return nil, err
	}
	if err := all(ctx, func(p graph.Page) (graph.Conn[graph.Studio], error) {
		return st.ListStudios(ctx, graph.StudioFilter{}, p)
	},
		func(s graph.Studio) {
			studios = append(studios, dated{entUnion[s.HostEnterpriseID], graph.Date(fmt.Sprintf("%04d-07-01", s.EstablishedYear))})
		}); err != nil {
		return nil, err
	}
	out := make([]TargetProgress, 0, len(targets))
	for _, t := range targets {
		ids, err := st.UnionSubtree(ctx, t.UnionID)
		if err != nil {
			return nil, fmt.Errorf("union subtree: %w", err)
		}
		in := toSet(ids)
		n := 0
		switch t.Kind {
		case graph.TargetPairsSigned, graph.TargetPairsCompleted:
			for _, p := range pairs {
				if !in[p.union] {
					continue
				}
				date := p.signed
				if t.Kind == graph.TargetPairsSigned {
					if p.signed == "" || p.status == graph.PairingProposed || p.status == graph.PairingDeclined {
						continue
					}
				} else {
					if p.status != graph.PairingCompleted {
						continue
					}
					date = p.changed
				}
				if t.Campaign != "" && p.campaign == t.Campaign || t.Campaign == "" && inWindow(date, t) {
					n++
				}
			}
		case graph.TargetProblemsSolved, graph.TargetStudios:
			list := solved
			if t.Kind == graph.TargetStudios {
				list = studios
			}
			for _, x := range list {
				if in[x.union] && inWindow(x.date, t) {
					n++
				}
			}
		}
		out = append(out, TargetProgress{Target: t, Done: n})
	}
	return out, nil
}

func toSet(ids []string) map[string]bool {
	m := make(map[string]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// inWindow reports whether d falls within the target's dates, or its period's year when it
// has no dates. A target with neither counts everything.
func inWindow(d graph.Date, t graph.Target) bool {
	if d == "" {
		return false
	}
	if t.StartDate != "" || t.EndDate != "" {
		return (t.StartDate == "" || d >= t.StartDate) && (t.EndDate == "" || d <= t.EndDate)
	}
	if len(t.Period) >= 4 {
		return strings.HasPrefix(string(d), t.Period[:4])
	}
	return true
}

package bbolt

import (
	"cmp"
	"context"
	"slices"

	"jiangxin/graph"
)

// UnionSubtree returns the IDs of the union and all unions below it, the union first, then
// breadth first. It returns ErrNotFound for an unknown union.
func (s *Store) UnionSubtree(ctx context.Context, id string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap("union subtree", err)
	}
	if err := graph.CheckID("id", graph.KindUnion, id); err != nil {
		return nil, err
	}
	var out []string
	err := s.view(ctx, "union subtree", func(t *txn) error {
		if !t.exists(graph.KindUnion, id) {
			return graph.NotFound(graph.KindUnion, id)
		}
		out = t.subtree(ixUnionParent, id)
		return nil
	})
	return out, err
}

// OpenMentees counts the open pairings (PROPOSED, ACCEPTED, ACTIVE) of each mentor; unknown
// IDs count 0.
func (s *Store) OpenMentees(ctx context.Context, mentorIDs []string) (map[string]int, error) {
	out := make(map[string]int, len(mentorIDs))
	err := s.view(ctx, "open mentees", func(t *txn) error {
		for _, id := range mentorIDs {
			out[id] = t.count(idxKey(ixPairingOpenMentor, id, ""))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Lineage walks ACTIVE and COMPLETED pairings from workerID breadth first, generation by
// generation, keeping an edge when its far end is first reached in that generation.
func (s *Store) Lineage(ctx context.Context, workerID string, dir graph.Direction, depth int) ([]graph.LineageEdge, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap("lineage", err)
	}
	if err := graph.CheckID("workerId", graph.KindWorker, workerID); err != nil {
		return nil, err
	}
	if depth < 1 || depth > 10 {
		return nil, graph.Invalid("depth", "%d is outside 1–10", depth)
	}
	near := ixPairingMentor // the frontier worker's side of the pairing
	if dir == graph.Up {
		near = ixPairingApprentice
	} else if dir != graph.Down {
		return nil, graph.Invalid("direction", "%q is neither DOWN nor UP", dir)
	}
	var out []graph.LineageEdge
	err := s.view(ctx, "lineage", func(t *txn) error {
		if !t.exists(graph.KindWorker, workerID) {
			return graph.NotFound(graph.KindWorker, workerID)
		}
		reached := map[string]int{workerID: 0}
		frontier := []string{workerID}
		for gen := 1; gen <= depth && len(frontier) > 0; gen++ {
			if err := t.ctx.Err(); err != nil {
				return err
			}
			var edges []graph.LineageEdge
			for _, w := range frontier {
				for _, pid := range t.ids(idxKey(near, w, "")) {
					p, err := load(t, pairingSpec, pid)
					if err != nil {
						return err
					}
					if p.Status != graph.PairingActive && p.Status != graph.PairingCompleted {
						continue
					}
					edges = append(edges, graph.LineageEdge{PairingID: p.ID, MentorID: p.MentorID, ApprenticeID: p.ApprenticeID, Generation: gen})
				}
			}
			slices.SortFunc(edges, func(a, b graph.LineageEdge) int { return cmp.Compare(a.PairingID, b.PairingID) })
			var next []string
			for _, e := range edges {
				far := e.ApprenticeID
				if dir == graph.Up {
					far = e.MentorID
				}
				g, seen := reached[far]
				if seen && g < gen {
					continue
				}
				if !seen {
					reached[far] = gen
					next = append(next, far)
				}
				out = append(out, e)
			}
			frontier = next
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SimilarSolved returns SOLVED problems sharing required skills with problemID, most shared
// first, then same industry, then ID. A limit below 1 means DefaultPageSize; limits above
// MaxPageSize are clamped.
func (s *Store) SimilarSolved(ctx context.Context, problemID string, limit int) ([]graph.SimilarProblem, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap("similar solved", err)
	}
	if err := graph.CheckID("problemId", graph.KindProblem, problemID); err != nil {
		return nil, err
	}
	limit = graph.Page{First: limit}.Size()
	var out []graph.SimilarProblem
	err := s.view(ctx, "similar solved", func(t *txn) error {
		p, err := load(t, problemSpec, problemID)
		if err != nil {
			return err
		}
		shared := map[string][]string{}
		for _, rs := range p.Skills {
			t.scan(idxKey(ixProblemSkill, rs.Code, ""), func(id string) {
				if id != problemID {
					shared[id] = append(shared[id], rs.Code)
				}
			})
		}
		solved := idxKey(ixProblemStatus, string(graph.ProblemSolved), "")
		for id, codes := range shared {
			if t.idx.Get(append(solved[:len(solved):len(solved)], id...)) == nil {
				continue
			}
			q, err := load(t, problemSpec, id)
			if err != nil {
				return err
			}
			slices.Sort(codes)
			out = append(out, graph.SimilarProblem{Problem: q, SharedSkills: codes,
				SameIndustry: p.Industry != "" && q.Industry == p.Industry})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b graph.SimilarProblem) int {
		if c := cmp.Compare(len(b.SharedSkills), len(a.SharedSkills)); c != 0 {
			return c
		}
		if a.SameIndustry != b.SameIndustry {
			if a.SameIndustry {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.Problem.ID, b.Problem.ID)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// MentorGaps returns the trades in which apprentices of the union's subtree wait while no
// mentor of the subtree has a free slot.
func (s *Store) MentorGaps(ctx context.Context, unionID string) ([]graph.MentorGap, error) {
	if err := ctx.Err(); err != nil {
		return nil, wrap("mentor gaps", err)
	}
	if err := graph.CheckID("unionId", graph.KindUnion, unionID); err != nil {
		return nil, err
	}
	waiting, mentors, free := map[string]int{}, map[string]int{}, map[string]int{}
	err := s.view(ctx, "mentor gaps", func(t *txn) error {
		if !t.exists(graph.KindUnion, unionID) {
			return graph.NotFound(graph.KindUnion, unionID)
		}
		for _, u := range t.subtree(ixUnionParent, unionID) {
			for _, e := range t.ids(idxKey(ixEntUnion, u, "")) {
				for _, wid := range t.ids(idxKey(ixWorkerEnterprise, e, "")) {
					w, err := load(t, workerSpec, wid)
					if err != nil {
						return err
					}
					if w.HasRole(graph.RoleApprentice) && !t.has(idxKey(ixPairingOpenApprentice, w.ID, "")) {
						for _, sk := range w.Skills {
							waiting[sk.Code]++
						}
					}
					if w.HasRole(graph.RoleCraftsman) || w.HasRole(graph.RoleModelWorker) {
						open := -1
						for _, sk := range w.Skills {
							mentors[sk.Code]++
							if !w.AcceptingMentees {
								continue
							}
							if open < 0 {
								open = t.count(idxKey(ixPairingOpenMentor, w.ID, ""))
							}
							if open < w.MentorCapacity {
								free[sk.Code]++
							}
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []graph.MentorGap
	for code, n := range waiting {
		if free[code] == 0 {
			out = append(out, graph.MentorGap{SkillCode: code, WaitingApprentices: n, Mentors: mentors[code]})
		}
	}
	slices.SortFunc(out, func(a, b graph.MentorGap) int {
		if c := cmp.Compare(b.WaitingApprentices, a.WaitingApprentices); c != 0 {
			return c
		}
		return cmp.Compare(a.SkillCode, b.SkillCode)
	})
	return out, nil
}

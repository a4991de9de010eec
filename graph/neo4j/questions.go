package neo4j

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"jiangxin/graph"
)

// openStatuses are the pairing statuses that hold a mentor's slot.
var openStatuses = []string{string(graph.PairingProposed), string(graph.PairingAccepted), string(graph.PairingActive)}

// lineageStatuses are the pairing statuses that make up a lineage.
var lineageStatuses = []string{string(graph.PairingActive), string(graph.PairingCompleted)}

// UnionSubtree returns the IDs of the union and all unions below it, the union first and the
// others in ID order.
func (s *Store) UnionSubtree(ctx context.Context, id string) ([]string, error) {
	if err := graph.CheckID("id", graph.KindUnion, id); err != nil {
		return nil, err
	}
	var out []string
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		recs, err := collect(ctx, tx, `MATCH (u:Union {id: $id})
			RETURN u.id AS id, COLLECT { MATCH (c:Union)-[:PART_OF*1..]->(u) RETURN DISTINCT c.id AS c ORDER BY c } AS below`,
			map[string]any{"id": id})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return graph.NotFound(graph.KindUnion, id)
		}
		out = append([]string{id}, rec{"b": recs[0].Values[1]}.strs("b")...)
		return nil
	})
	return out, err
}

// OpenMentees counts the open pairings of each mentor in mentorIDs.
func (s *Store) OpenMentees(ctx context.Context, mentorIDs []string) (map[string]int, error) {
	out := make(map[string]int, len(mentorIDs))
	for _, id := range mentorIDs {
		out[id] = 0
	}
	if len(mentorIDs) == 0 {
		return out, nil
	}
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		recs, err := collect(ctx, tx, `UNWIND $ids AS id MATCH (m:Worker {id: id})<-[:MENTOR]-(p:Pairing)
			WHERE p.status IN $open RETURN id, count(p)`, map[string]any{"ids": mentorIDs, "open": openStatuses})
		if err != nil {
			return err
		}
		for _, r := range recs {
			out[r.Values[0].(string)] = int(r.Values[1].(int64))
		}
		return nil
	})
	return out, err
}

// Lineage walks the pairings from a worker in one Cypher query: a quantified path pattern finds
// every worker within depth generations, its first generation, and the pairings that reach it
// there from a worker one generation closer.
func (s *Store) Lineage(ctx context.Context, workerID string, dir graph.Direction, depth int) ([]graph.LineageEdge, error) {
	if err := graph.CheckID("workerId", graph.KindWorker, workerID); err != nil {
		return nil, err
	}
	if depth < 1 || depth > 10 {
		return nil, graph.Invalid("depth", "%d is outside 1–10", depth)
	}
	// from is the relationship towards the worker we come from, to the one towards the next.
	var from, to string
	switch dir {
	case graph.Down:
		from, to = "MENTOR", "APPRENTICE"
	case graph.Up:
		from, to = "APPRENTICE", "MENTOR"
	default:
		return nil, graph.Invalid("direction", "%q is not UP or DOWN", dir)
	}
	// depth is a checked integer: the only value formatted into the statement. Every path of the
	// quantified pattern ends at a reached worker a through its last pairing; the paths of the
	// shortest length to a give a's generation and exactly the edges that reach a there. The
	// subquery and the status filter outside the pattern keep the planner expanding from s
	// (an inline WHERE lets it start from the pairing status index instead).
	q := fmt.Sprintf(`MATCH (s:Worker {id: $id})
		CALL (s) {
			MATCH (s) ((:Worker)<-[:%[1]s]-(p:Pairing)-[:%[2]s]->(w:Worker)){1,%[3]d}
			WHERE all(x IN p WHERE x.status IN $statuses)
			RETURN last(w) AS a, size(w) AS g, last(p) AS pr, CASE size(w) WHEN 1 THEN s ELSE w[-2] END AS m
		}
		WITH s, a, g, pr, m WHERE a <> s
		WITH a, collect({g: g, p: pr, m: m}) AS ways, min(g) AS first
		UNWIND ways AS x
		WITH a, x, first WHERE x.g = first
		WITH DISTINCT a, x.p AS p, x.m AS m, first
		RETURN p.id, m.id, a.id, first ORDER BY first, p.id`, from, to, depth)
	var out []graph.LineageEdge
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		out = nil
		recs, err := collect(ctx, tx, "MATCH (s:Worker {id: $id}) RETURN count(s)", map[string]any{"id": workerID})
		if err != nil {
			return err
		}
		if recs[0].Values[0].(int64) == 0 {
			return graph.NotFound(graph.KindWorker, workerID)
		}
		recs, err = collect(ctx, tx, q, map[string]any{"id": workerID, "statuses": lineageStatuses})
		if err != nil {
			return err
		}
		for _, r := range recs {
			e := graph.LineageEdge{PairingID: r.Values[0].(string), Generation: int(r.Values[3].(int64))}
			if dir == graph.Down {
				e.MentorID, e.ApprenticeID = r.Values[1].(string), r.Values[2].(string)
			} else {
				e.MentorID, e.ApprenticeID = r.Values[2].(string), r.Values[1].(string)
			}
			out = append(out, e)
		}
		return nil
	})
	return out, err
}

// SimilarSolved returns solved problems sharing required skills with problemID.
func (s *Store) SimilarSolved(ctx context.Context, problemID string, limit int) ([]graph.SimilarProblem, error) {
	if err := graph.CheckID("problemId", graph.KindProblem, problemID); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = graph.DefaultPageSize
	}
	limit = min(limit, graph.MaxPageSize)
	var out []graph.SimilarProblem
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		out = nil
		recs, err := collect(ctx, tx, "MATCH (p:Problem {id: $id}) RETURN count(p)", map[string]any{"id": problemID})
		if err != nil {
			return err
		}
		if recs[0].Values[0].(int64) == 0 {
			return graph.NotFound(graph.KindProblem, problemID)
		}
		recs, err = collect(ctx, tx, `MATCH (p:Problem {id: $id})-[:REQUIRES]->(k:Skill)<-[:REQUIRES]-(n:Problem)
			WHERE n.status = 'SOLVED' AND n <> p
			WITH p, n, collect(DISTINCT k.code) AS shared
			WITH n, shared, (n.industry = p.industry) AS same
			ORDER BY size(shared) DESC, same DESC, n.id LIMIT $limit
			RETURN `+problemSpec.proj+`, shared, same`, map[string]any{"id": problemID, "limit": limit})
		if err != nil {
			return err
		}
		for _, r := range recs {
			pr, err := problemSpec.decodeRecord(r)
			if err != nil {
				return errDecode(graph.KindProblem, err)
			}
			shared := rec{"s": r.Values[1]}.strs("s")
			slices.Sort(shared)
			same, _ := r.Values[2].(bool)
			out = append(out, graph.SimilarProblem{Problem: pr, SharedSkills: shared, SameIndustry: same})
		}
		return nil
	})
	return out, err
}

// MentorGaps finds, in one Cypher query over the union subtree, the trades where apprentices
// wait while no mentor of the subtree has a free slot.
func (s *Store) MentorGaps(ctx context.Context, unionID string) ([]graph.MentorGap, error) {
	if err := graph.CheckID("unionId", graph.KindUnion, unionID); err != nil {
		return nil, err
	}
	var out []graph.MentorGap
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		out = nil
		recs, err := collect(ctx, tx, "MATCH (u:Union {id: $id}) RETURN count(u)", map[string]any{"id": unionID})
		if err != nil {
			return err
		}
		if recs[0].Values[0].(int64) == 0 {
			return graph.NotFound(graph.KindUnion, unionID)
		}
		recs, err = collect(ctx, tx, `MATCH (sub:Union)-[:PART_OF*0..]->(:Union {id: $id})
			WITH collect(DISTINCT sub) AS subs
			MATCH (a:Worker:Apprentice)-[:WORKS_AT]->(:Enterprise)-[:MEMBER_OF]->(sub:Union)
			WHERE sub IN subs
			  AND NOT EXISTS { MATCH (a)<-[:APPRENTICE]-(p:Pairing) WHERE p.status IN $open }
			MATCH (a)-[:HAS_SKILL]->(k:Skill)
			WITH subs, k, count(DISTINCT a) AS waiting
			CALL (subs, k) {
				MATCH (m:Worker)-[:HAS_SKILL]->(k)
				WHERE (m:Craftsman OR m:ModelWorker)
				  AND EXISTS { MATCH (m)-[:WORKS_AT]->(:Enterprise)-[:MEMBER_OF]->(x:Union) WHERE x IN subs }
				WITH DISTINCT m
				RETURN count(m) AS mentors,
				  count(CASE WHEN m.acceptingMentees
				    AND COUNT { MATCH (m)<-[:MENTOR]-(p:Pairing) WHERE p.status IN $open } < m.mentorCapacity
				    THEN 1 END) AS free
			}
			WITH k, waiting, mentors WHERE free = 0
			RETURN k.code, waiting, mentors ORDER BY waiting DESC, k.code`,
			map[string]any{"id": unionID, "open": openStatuses})
		if err != nil {
			return err
		}
		for _, r := range recs {
			out = append(out, graph.MentorGap{SkillCode: r.Values[0].(string),
				WaitingApprentices: int(r.Values[1].(int64)), Mentors: int(r.Values[2].(int64))})
		}
		return nil
	})
	return out, err
}

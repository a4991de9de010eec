package neo4j

import (
	"context"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"jiangxin/graph"
)

// committedStatuses are the pairing statuses that hold one of a mentor's capacity slots.
var committedStatuses = []string{string(graph.PairingAccepted), string(graph.PairingActive)}

// lockPairingWorkers takes the write locks of a pairing's apprentice and then its mentor before
// the update rewrites the relationships to them (which locks them too), and then checks the
// capacity invariant. Every pairing update, and UpdatePairingAndApprentice, which has locked
// the apprentice already, thus locks pairing, apprentice, mentor in this order, so concurrent
// updates of pairings that share workers wait for each other instead of deadlocking.
func lockPairingWorkers(ctx context.Context, tx neo4j.ManagedTransaction, old, cur *graph.Pairing) error {
	for _, id := range []string{cur.ApprenticeID, cur.MentorID} {
		if err := exec(ctx, tx, "MATCH (w:Worker {id: $id}) SET w._lock = true REMOVE w._lock",
			map[string]any{"id": id}); err != nil {
			return err
		}
	}
	return checkCapacity(ctx, tx, old, cur)
}

// checkCapacity enforces the capacity invariant on a pairing update: when cur is committed and
// old was not, or had another mentor, the mentor may hold no more committed pairings (cur
// included) than its MentorCapacity. The caller holds the mentor's write lock, so that of two
// transactions racing for the last slot the second counts after the first has committed.
func checkCapacity(ctx context.Context, tx neo4j.ManagedTransaction, old, cur *graph.Pairing) error {
	if !cur.Status.Committed() || old.Status.Committed() && old.MentorID == cur.MentorID {
		return nil
	}
	recs, err := collect(ctx, tx, `MATCH (w:Worker {id: $mentor}) RETURN w.mentorCapacity AS capacity,
			COUNT { (p:Pairing)-[:MENTOR]->(w) WHERE p.id <> $id AND p.status IN $committed } AS held`,
		map[string]any{"mentor": cur.MentorID, "id": cur.ID, "committed": committedStatuses})
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return graph.Invalid("mentorId", "%s %q does not exist", graph.KindWorker, cur.MentorID)
	}
	capacity, _ := recs[0].Values[0].(int64)
	held, _ := recs[0].Values[1].(int64)
	if held+1 > capacity {
		return graph.Conflict("mentor %s has no free slot (capacity %d)", cur.MentorID, capacity)
	}
	return nil
}

// UpdatePairingAndApprentice applies fn to a pairing and its apprentice and stores both in one
// transaction, under the write locks of both nodes, with the checks of UpdatePairing and
// UpdateWorker.
func (s *Store) UpdatePairingAndApprentice(ctx context.Context, id string,
	fn func(*graph.Pairing, *graph.Worker) error) (graph.Pairing, graph.Worker, error) {
	var outP graph.Pairing
	var outW graph.Worker
	if err := graph.CheckID("id", graph.KindPairing, id); err != nil {
		return outP, outW, err
	}
	err := s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		oldP, err := lockLoad(ctx, tx, pairingSpec, id)
		if err != nil {
			return err
		}
		oldW, err := lockLoad(ctx, tx, workerSpec, oldP.ApprenticeID)
		if err != nil {
			return err
		}
		p, w := oldP, oldW
		if err := fn(&p, &w); err != nil {
			return err
		}
		if p.ApprenticeID != oldP.ApprenticeID {
			return graph.Invalid("apprenticeId", "cannot be changed with the apprentice")
		}
		if w.ID != oldW.ID {
			return graph.Invalid("id", "the apprentice's ID cannot be changed")
		}
		if err := save(ctx, tx, pairingSpec, id, &oldP, &p); err != nil {
			return err
		}
		if err := save(ctx, tx, workerSpec, oldW.ID, &oldW, &w); err != nil {
			return err
		}
		outP, outW = p, w
		return nil
	})
	return outP, outW, err
}

// UpdateVisitAndProblems applies fn to a visit and its problems (in the order of the stored
// visit's ProblemIDs) and stores them all in one transaction, under the write locks of every
// node, with the checks of UpdateVisit and UpdateProblem.
func (s *Store) UpdateVisitAndProblems(ctx context.Context, id string,
	fn func(*graph.Visit, []graph.Problem) error) (graph.Visit, []graph.Problem, error) {
	var outV graph.Visit
	var outP []graph.Problem
	if err := graph.CheckID("id", graph.KindVisit, id); err != nil {
		return outV, nil, err
	}
	err := s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		oldV, err := lockLoad(ctx, tx, visitSpec, id)
		if err != nil {
			return err
		}
		// Lock the problems in ID order, so that two such updates sharing problems cannot
		// deadlock, then hand them to fn in the visit's order.
		byID := make(map[string]graph.Problem, len(oldV.ProblemIDs))
		order := slices.Clone(oldV.ProblemIDs)
		slices.Sort(order)
		for _, pid := range slices.Compact(order) {
			pr, err := lockLoad(ctx, tx, problemSpec, pid)
			if err != nil {
				return err
			}
			byID[pid] = pr
		}
		oldPs := make([]graph.Problem, len(oldV.ProblemIDs))
		ps := make([]graph.Problem, len(oldV.ProblemIDs))
		for i, pid := range oldV.ProblemIDs {
			oldPs[i] = byID[pid]
			ps[i] = byID[pid]
		}
		problemIDs := slices.Clone(oldV.ProblemIDs)
		v := oldV
		if err := fn(&v, ps); err != nil {
			return err
		}
		if !slices.Equal(v.ProblemIDs, problemIDs) {
			return graph.Invalid("problemIds", "cannot be changed with the problems")
		}
		for i := range ps {
			if ps[i].ID != problemIDs[i] {
				return graph.Invalid("id", "a problem's ID cannot be changed")
			}
		}
		if err := save(ctx, tx, visitSpec, id, &oldV, &v); err != nil {
			return err
		}
		for i := range ps {
			if err := save(ctx, tx, problemSpec, ps[i].ID, &oldPs[i], &ps[i]); err != nil {
				return err
			}
		}
		outV, outP = v, ps
		return nil
	})
	return outV, outP, err
}

package bbolt

import (
	"context"
	"errors"
	"slices"

	"jiangxin/graph"
)

// UpdatePairingAndApprentice applies fn to a pairing and its apprentice and stores both in one
// transaction, with the checks of UpdatePairing (the capacity rule included) and UpdateWorker.
// Changing the pairing's apprentice or the worker's ID is ErrInvalid.
func (s *Store) UpdatePairingAndApprentice(ctx context.Context, id string, fn func(*graph.Pairing, *graph.Worker) error) (graph.Pairing, graph.Worker, error) {
	const op = "update pairing and apprentice"
	var (
		outP  graph.Pairing
		outW  graph.Worker
		fnErr error
	)
	if err := ctx.Err(); err != nil {
		return outP, outW, wrap(op, err)
	}
	if err := checkID(graph.KindPairing, id); err != nil {
		return outP, outW, err
	}
	err := s.update(ctx, op, func(t *txn) error {
		oldP, curP, err := loadPair(t, pairingSpec, id)
		if err != nil {
			return err
		}
		wid := oldP.ApprenticeID
		oldW, curW, err := loadPair(t, workerSpec, wid)
		if err != nil {
			return err
		}
		if err := fn(&curP, &curW); err != nil {
			fnErr = err
			return err
		}
		if curP.ApprenticeID != wid {
			return graph.Invalid("apprenticeId", "cannot be changed here")
		}
		if curW.ID != wid {
			return graph.Invalid("id", "the apprentice's ID cannot be changed")
		}
		// The worker first: the pairing's capacity check reads the mentor, which is never
		// the apprentice, so the order only matters for which error is reported first.
		if err := replace(t, workerSpec, wid, &oldW, &curW); err != nil {
			return err
		}
		if err := replace(t, pairingSpec, id, &oldP, &curP); err != nil {
			return err
		}
		outP, outW = curP, curW
		return nil
	})
	if fnErr != nil && errors.Is(err, fnErr) {
		return graph.Pairing{}, graph.Worker{}, fnErr
	}
	if err != nil {
		return graph.Pairing{}, graph.Worker{}, err
	}
	return outP, outW, nil
}

// UpdateVisitAndProblems applies fn to a visit and its problems (in the order of the stored
// visit's ProblemIDs) and stores them all in one transaction, with the checks of UpdateVisit
// and UpdateProblem. Changing the visit's ProblemIDs or a problem's ID is ErrInvalid.
func (s *Store) UpdateVisitAndProblems(ctx context.Context, id string, fn func(*graph.Visit, []graph.Problem) error) (graph.Visit, []graph.Problem, error) {
	const op = "update visit and problems"
	var (
		outV  graph.Visit
		outPs []graph.Problem
		fnErr error
	)
	if err := ctx.Err(); err != nil {
		return outV, nil, wrap(op, err)
	}
	if err := checkID(graph.KindVisit, id); err != nil {
		return outV, nil, err
	}
	err := s.update(ctx, op, func(t *txn) error {
		oldV, curV, err := loadPair(t, visitSpec, id)
		if err != nil {
			return err
		}
		pids := slices.Clone(oldV.ProblemIDs)
		oldPs := make([]graph.Problem, len(pids))
		curPs := make([]graph.Problem, len(pids))
		for i, pid := range pids {
			if oldPs[i], curPs[i], err = loadPair(t, problemSpec, pid); err != nil {
				return err
			}
		}
		if err := fn(&curV, curPs); err != nil {
			fnErr = err
			return err
		}
		if !slices.Equal(curV.ProblemIDs, pids) {
			return graph.Invalid("problemIds", "cannot be changed here")
		}
		for i := range curPs {
			if curPs[i].ID != pids[i] {
				return graph.Invalid("id", "a problem's ID cannot be changed")
			}
		}
		for i := range curPs {
			if err := replace(t, problemSpec, pids[i], &oldPs[i], &curPs[i]); err != nil {
				return err
			}
		}
		if err := replace(t, visitSpec, id, &oldV, &curV); err != nil {
			return err
		}
		outV, outPs = curV, curPs
		return nil
	})
	if fnErr != nil && errors.Is(err, fnErr) {
		return graph.Visit{}, nil, fnErr
	}
	if err != nil {
		return graph.Visit{}, nil, err
	}
	return outV, outPs, nil
}

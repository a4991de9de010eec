package graphtest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"jiangxin/graph"
)

// RunStoreTests runs the conformance suite against stores made by newStore, which returns a
// fresh, empty store for one test and registers its cleanup (Close, and removal of any data)
// with t.Cleanup. Each subtest takes its own store, so subtests may run in any order.
func RunStoreTests(t *testing.T, newStore func(t *testing.T) graph.Store) {
	t.Run("Skills", func(t *testing.T) { testSkills(t, newStore) })
	t.Run("CRUD", func(t *testing.T) { testCRUD(t, newStore) })
	t.Run("References", func(t *testing.T) { testReferences(t, newStore) })
	t.Run("NaturalKeys", func(t *testing.T) { testNaturalKeys(t, newStore) })
	t.Run("DeleteReferenced", func(t *testing.T) { testDeleteReferenced(t, newStore) })
	t.Run("UnionTree", func(t *testing.T) { testUnionTree(t, newStore) })
	t.Run("Filters", func(t *testing.T) { testFilters(t, newStore) })
	t.Run("Pagination", func(t *testing.T) { testPagination(t, newStore) })
	t.Run("Import", func(t *testing.T) { testImport(t, newStore) })
	t.Run("OpenMentees", func(t *testing.T) { testOpenMentees(t, newStore) })
	t.Run("Lineage", func(t *testing.T) { testLineage(t, newStore) })
	t.Run("SimilarSolved", func(t *testing.T) { testSimilarSolved(t, newStore) })
	t.Run("MentorGaps", func(t *testing.T) { testMentorGaps(t, newStore) })
	t.Run("Concurrency", func(t *testing.T) { testConcurrency(t, newStore) })
	t.Run("Cancellation", func(t *testing.T) { testCancellation(t, newStore) })
	t.Run("Accounts", func(t *testing.T) { testAccounts(t, newStore) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, newStore) })
	t.Run("Capacity", func(t *testing.T) { testCapacity(t, newStore) })
	t.Run("PairingAndApprentice", func(t *testing.T) { testPairingAndApprentice(t, newStore) })
	t.Run("VisitAndProblems", func(t *testing.T) { testVisitAndProblems(t, newStore) })
	t.Run("NewFields", func(t *testing.T) { testNewFields(t, newStore) })
	t.Run("Workflow", func(t *testing.T) { testWorkflow(t, newStore) })
}

// unknownID returns a well-formed ID of kind k that no store holds.
func unknownID(m *Maker, k graph.Kind) string { return m.ID(k) }

// wantErr fails t unless err matches target (nil means no error).
func wantErr(t testing.TB, err, target error) {
	t.Helper()
	switch {
	case target == nil && err != nil:
		t.Fatalf("unexpected error: %v", err)
	case target != nil && !errors.Is(err, target):
		t.Fatalf("error = %v, want one wrapping %v", err, target)
	}
}

// must fails t on a non-nil err.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// ok takes a (value, error) pair and returns a function that fails t on the error and
// otherwise returns the value: ok(s.GetWorker(ctx, id))(t).
func ok[T any](v T, err error) func(t testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

// absent returns nil when err is ErrNotFound, as a lookup of an entity that must not exist.
func absent(err error) error {
	if errors.Is(err, graph.ErrNotFound) {
		return nil
	}
	if err == nil {
		return errors.New("entity exists but should not")
	}
	return fmt.Errorf("lookup: %w", err)
}

// seeded returns a fresh store holding a City.
func seeded(t *testing.T, newStore func(t *testing.T) graph.Store) (context.Context, graph.Store, *City) {
	s := newStore(t)
	return t.Context(), s, Seed(t, s)
}

// ids returns the IDs of items, in order.
func ids[T any](items []T, id func(T) string) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, id(it))
	}
	return out
}

func regionID(r graph.Region) string         { return r.ID }
func unionID(u graph.Union) string           { return u.ID }
func enterpriseID(e graph.Enterprise) string { return e.ID }
func workerID(w graph.Worker) string         { return w.ID }
func problemID(p graph.Problem) string       { return p.ID }
func visitID(v graph.Visit) string           { return v.ID }
func pairingID(p graph.Pairing) string       { return p.ID }
func studioID(s graph.Studio) string         { return s.ID }
func targetID(t graph.Target) string         { return t.ID }
func skillCode(s graph.Skill) string         { return s.Code }

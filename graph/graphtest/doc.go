// Package graphtest is the conformance suite every graph.Store backend passes, plus fixtures
// (a Maker of valid entities and a small seeded city) that store, API and matching tests reuse.
//
// Run it from a backend's tests:
//
//	func TestStore(t *testing.T) {
//		graphtest.RunStoreTests(t, func(t *testing.T) graph.Store {
//			s, err := Open(ctx, t.TempDir())
//			if err != nil {
//				t.Fatal(err)
//			}
//			t.Cleanup(func() { s.Close() })
//			return s
//		})
//	}
//
// Durable stores also run RunDurabilityTests with a function that opens a store on a directory;
// it writes, closes, reopens the same directory and reads everything back.
//
// The suite tests only behaviour the graph.Store interface documents. Where the interface leaves
// a detail open, the suite pins down this contract, which every backend must honour:
//
//   - Round trip: a stored entity reads back equal to what was written, field by field. Time
//     values read back in UTC (Location() == time.UTC) and Equal to the written ones at full
//     nanosecond precision: no truncation to micro- or milliseconds. A nil slice and an empty
//     slice are equivalent.
//   - Lineage keeps an edge when its far end is first reached at that edge's generation: two
//     masters of the same generation who share an apprentice both yield an edge, but a worker
//     already reached at an earlier generation (or the starting worker) ends the walk there.
//   - GetMany* with unknown IDs skips them; List* with a cursor that was not produced by the
//     store returns ErrInvalid.
//   - A cancelled context makes a method return an error that wraps context.Canceled, and a
//     cancelled write changes nothing.
//   - EndCursor is graph.CursorOf of the last item's ID, and graph.CursorOf of any item read is a
//     valid Page.After (ListAudit pages run newest first, so its cursors continue to older
//     entries).
//   - The mentor capacity rule applies to UpdatePairing and UpdatePairingAndApprentice only: a
//     pairing created committed, or a capacity lowered below the committed count, is not
//     refused, but no update may then commit another pairing to that mentor.
//   - GetAccountByUsername normalizes its argument (graph.NormalizeUsername) and returns
//     ErrNotFound for any name no account holds, even one no account could hold.
//   - Audit entries reference nothing: unknown actors, entities and unions are accepted.
//
// The suite never inspects backend internals and needs no particular cursor format.
package graphtest

package bbolt

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"jiangxin/graph"
	"jiangxin/graph/graphtest"
)

// indexState is the content of the idx and uniq buckets.
type indexState struct {
	idx  map[string]bool
	uniq map[string]string
}

// expectKeys adds the index entries and natural keys of every stored entity of sp's kind.
func expectKeys[T any](t *txn, sp *spec[T], st indexState) error {
	return t.bucket(sp.kind).ForEach(func(_, data []byte) error {
		var v T
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
		k := sp.keysOf(&v)
		for _, key := range k.idx {
			st.idx[string(key)] = true
		}
		for _, u := range k.uniq {
			st.uniq[string(u.key)] = sp.id(&v)
		}
		return nil
	})
}

// requireConsistentIndexes fails t unless the idx and uniq buckets hold exactly the entries
// the stored entities call for: no entry left behind by an update, a delete or a failed write.
func requireConsistentIndexes(t *testing.T, s *Store) {
	t.Helper()
	want := indexState{idx: map[string]bool{}, uniq: map[string]string{}}
	got := indexState{idx: map[string]bool{}, uniq: map[string]string{}}
	err := s.view(t.Context(), "check indexes", func(tx *txn) error {
		err := errors.Join(
			expectKeys(tx, skillSpec, want), expectKeys(tx, regionSpec, want), expectKeys(tx, unionSpec, want),
			expectKeys(tx, enterpriseSpec, want), expectKeys(tx, workerSpec, want), expectKeys(tx, problemSpec, want),
			expectKeys(tx, visitSpec, want), expectKeys(tx, pairingSpec, want), expectKeys(tx, studioSpec, want),
			expectKeys(tx, targetSpec, want), expectKeys(tx, accountSpec, want), expectKeys(tx, auditSpec, want))
		if err != nil {
			return err
		}
		if err := tx.idx.ForEach(func(k, _ []byte) error { got.idx[string(k)] = true; return nil }); err != nil {
			return err
		}
		return tx.uniq.ForEach(func(k, v []byte) error { got.uniq[string(k)] = string(v); return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	for k := range want.idx {
		if !got.idx[k] {
			t.Errorf("missing index entry %q", k)
		}
	}
	for k := range got.idx {
		if !want.idx[k] {
			t.Errorf("stray index entry %q", k)
		}
	}
	if !maps.Equal(want.uniq, got.uniq) {
		t.Errorf("natural keys = %v, want %v", got.uniq, want.uniq)
	}
}

// TestIndexConsistency runs the workflows, including failed and rolled-back writes, and checks
// that the secondary indexes and natural keys match the stored entities exactly.
func TestIndexConsistency(t *testing.T) {
	s := openTemp(t, t.TempDir())
	defer s.Close()
	ctx := t.Context()
	c := graphtest.Seed(t, s)
	m := c.Maker
	svc := graph.NewService(s, nil, nil)
	requireConsistentIndexes(t, s)

	acc := m.Account("wang_han", graph.AccountCraftsman, c.Master.ID)
	steps := []struct {
		name string
		want error
		do   func() error
	}{
		{"CreateAccount", nil, func() error { return s.CreateAccount(ctx, acc) }},
		{"RenameAccount", nil, func() error {
			_, err := s.UpdateAccount(ctx, acc.ID, func(a *graph.Account) error {
				a.Username, a.Role, a.ScopeID = "wang.han", graph.AccountUnionOfficer, c.LongshanUnion.ID
				return nil
			})
			return err
		}},
		{"AccountTakenName", graph.ErrConflict, func() error {
			return s.CreateAccount(ctx, m.Account("wang.han", graph.AccountAdmin, ""))
		}},
		{"Audit", nil, func() error {
			return s.AppendAudit(ctx, m.Audit("respondPairing", c.P2.ID, []string{c.CityUnion.ID, c.LongshanUnion.ID}))
		}},
		{"Request", nil, func() error {
			_, err := svc.RequestMentor(ctx, c.App3.ID, c.Shangha.ID, graph.Agreement{})
			return err
		}},
		{"Accept", nil, func() error { _, err := svc.RespondPairing(ctx, c.P2.ID, true, ""); return err }},
		{"Sign", nil, func() error {
			_, err := svc.SignAgreement(ctx, c.P2.ID, graph.Agreement{SkillCode: graphtest.SkillCNC,
				TargetLevel: graph.LevelSenior, Deadline: "2099-01-01"})
			return err
		}},
		{"CompleteRolledBack", graph.ErrInvalid, func() error {
			_, _, err := s.UpdatePairingAndApprentice(ctx, c.P2.ID, func(p *graph.Pairing, w *graph.Worker) error {
				p.Status, w.Skills[1].Level = graph.PairingCompleted, graph.Level(7)
				return nil
			})
			return err
		}},
		{"Complete", nil, func() error { _, err := svc.CompletePairing(ctx, c.P2.ID); return err }},
		{"ProposeVisit", nil, func() error {
			v, err := svc.ProposeVisit(ctx, graph.VisitInput{EnterpriseID: c.Valve.ID, ProblemIDs: []string{c.Precision.ID},
				ExpertIDs: []string{c.CNC.ID, c.Shangha.ID}})
			if err != nil {
				return err
			}
			if _, err := svc.RespondInvitation(ctx, v.ID, c.CNC.ID, true); err != nil {
				return err
			}
			if _, _, err := s.UpdateVisitAndProblems(ctx, v.ID, func(v *graph.Visit, ps []graph.Problem) error {
				v.Status, ps[0].Status, ps[0].Urgency = graph.VisitScheduled, graph.ProblemVisitScheduled, "NEVER"
				return nil
			}); !errors.Is(err, graph.ErrInvalid) {
				return errors.Join(errors.New("a bad problem in the atomic update was accepted"), err)
			}
			if _, err := svc.ScheduleVisit(ctx, v.ID, "2026-01-24"); err != nil {
				return err
			}
			_, err = svc.RecordOutcomes(ctx, v.ID, []graph.ProblemOutcome{{ProblemID: c.Precision.ID, Result: graph.OutcomeSolved}})
			return err
		}},
		{"Route", nil, func() error { _, err := svc.RouteProblem(ctx, c.Fault.ID, c.WeldStudio.ID); return err }},
		{"DeleteAccount", nil, func() error { return s.DeleteAccount(ctx, acc.ID) }},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			if err := st.do(); st.want == nil && err != nil || st.want != nil && !errors.Is(err, st.want) {
				t.Fatalf("error = %v, want %v", err, st.want)
			}
			requireConsistentIndexes(t, s)
		})
	}
	solved, err := s.ListProblems(ctx, graph.ProblemFilter{SolverID: c.CNC.ID}, graph.Page{})
	if err != nil || solved.Total != 1 || solved.Items[0].ID != c.Precision.ID {
		t.Fatalf("problems solved by CNC = %v (%v), want only %s", solved.Items, err, c.Precision.ID)
	}
}

// TestUpgradeFromVersion1 turns a store into a version 1 file (no index of committed pairings,
// a stray entry), reopens it and checks that Open rebuilt the indexes, so the capacity rule
// counts pairings committed before the upgrade.
func TestUpgradeFromVersion1(t *testing.T) {
	dir := t.TempDir()
	s := openTemp(t, dir)
	c := graphtest.Seed(t, s)
	ctx := t.Context()
	// Elec (capacity 1) gets an ACTIVE pairing.
	p := c.Maker.Pairing(c.Elec.ID, c.App3.ID, graph.PairingActive)
	q := c.Maker.Pairing(c.Elec.ID, c.App2.ID, graph.PairingProposed)
	for _, pa := range []graph.Pairing{p, q} {
		if err := s.CreatePairing(ctx, pa); err != nil {
			t.Fatal(err)
		}
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		idx := tx.Bucket(bucketIdx)
		var drop [][]byte
		prefix := []byte(ixPairingCommitted + "\x00")
		cur := idx.Cursor()
		for k, _ := cur.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = cur.Next() {
			drop = append(drop, slices.Clone(k))
		}
		for _, k := range drop {
			if err := idx.Delete(k); err != nil {
				return err
			}
		}
		if err := idx.Put(idxKey(ixWorkerRole, "GHOST", "wkr_x"), nil); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyVersion, []byte("1"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTemp(t, dir)
	defer s.Close()
	requireConsistentIndexes(t, s)
	if _, err := s.UpdatePairing(ctx, q.ID, func(p *graph.Pairing) error { p.Status = graph.PairingAccepted; return nil }); !errors.Is(err, graph.ErrConflict) {
		t.Fatalf("accepting past capacity after the upgrade: error = %v, want ErrConflict", err)
	}
	var v []byte
	if err := s.db.View(func(tx *bolt.Tx) error { v = slices.Clone(tx.Bucket(bucketMeta).Get(keyVersion)); return nil }); err != nil {
		t.Fatal(err)
	}
	if string(v) != schemaVersion {
		t.Fatalf("schema version after upgrade = %q, want %q", v, schemaVersion)
	}
}

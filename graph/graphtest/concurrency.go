package graphtest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"jiangxin/graph"
)

// Concurrency load of testConcurrency.
const (
	concurrentWriters = 8
	writesPerWriter   = 50
)

func testConcurrency(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s := t.Context(), newStore(t)
	m := NewMaker()
	must(t, s.UpsertSkills(ctx, Skills()))
	reg := m.Region("并发区", graph.RegionDistrict, "")
	must(t, s.CreateRegion(ctx, reg))
	shared := m.Worker("共享工人", reg.ID)
	must(t, s.CreateWorker(ctx, shared))

	var wg sync.WaitGroup
	errs := make(chan error, concurrentWriters)
	created := make([][]string, concurrentWriters)
	for g := range concurrentWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mark := fmt.Sprintf("<%d>", g)
			for i := range writesPerWriter {
				w := m.Worker(fmt.Sprintf("并发%d-%d", g, i), reg.ID, func(w *graph.Worker) {
					w.Skills = []graph.WorkerSkill{{Code: SkillWelder, Level: graph.Level(1 + i%5)}}
				})
				if err := s.CreateWorker(ctx, w); err != nil {
					errs <- fmt.Errorf("writer %d create %d: %w", g, i, err)
					return
				}
				created[g] = append(created[g], w.ID)
				if _, err := s.UpdateWorker(ctx, shared.ID, func(w *graph.Worker) error {
					w.Bio += mark
					return nil
				}); err != nil {
					errs <- fmt.Errorf("writer %d update %d: %w", g, i, err)
					return
				}
				if i%10 == 0 {
					if _, err := s.ListWorkers(ctx, graph.WorkerFilter{SkillCode: SkillWelder}, graph.Page{First: 5}); err != nil {
						errs <- fmt.Errorf("writer %d list: %w", g, err)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	t.Run("NoLostUpdates", func(t *testing.T) {
		got := ok(s.GetWorker(ctx, shared.ID))(t)
		for g := range concurrentWriters {
			if n := strings.Count(got.Bio, fmt.Sprintf("<%d>", g)); n != writesPerWriter {
				t.Errorf("writer %d: %d of %d updates kept", g, n, writesPerWriter)
			}
		}
	})
	t.Run("AllCreatesVisible", func(t *testing.T) {
		var all []string
		for _, c := range created {
			all = append(all, c...)
		}
		got := ok(s.GetManyWorkers(ctx, all))(t)
		if len(got) != concurrentWriters*writesPerWriter {
			t.Fatalf("%d of %d created workers found", len(got), concurrentWriters*writesPerWriter)
		}
		c := ok(s.ListWorkers(ctx, graph.WorkerFilter{RegionID: reg.ID, SkillCode: SkillWelder}, graph.Page{First: 1}))(t)
		if c.Total != concurrentWriters*writesPerWriter {
			t.Fatalf("index holds %d workers, want %d", c.Total, concurrentWriters*writesPerWriter)
		}
	})
}

func testCancellation(t *testing.T, newStore func(t *testing.T) graph.Store) {
	live, s, c := seeded(t, newStore)
	m := c.Maker
	ctx, cancel := context.WithCancel(live)
	cancel()
	newRegion := m.Region("取消区", graph.RegionDistrict, c.Liaoyuan.ID)
	batch := graph.Batch{Regions: []graph.Region{m.Region("取消批量区", graph.RegionDistrict, c.Liaoyuan.ID)}}
	cases := []struct {
		name  string
		call  func() error
		check func() error // state after the call, read with a live context
	}{
		{"GetWorker", func() error { _, err := s.GetWorker(ctx, c.Master.ID); return err }, nil},
		{"GetManyWorkers", func() error { _, err := s.GetManyWorkers(ctx, []string{c.Master.ID}); return err }, nil},
		{"GetSkill", func() error { _, err := s.GetSkill(ctx, SkillWelder); return err }, nil},
		{"ListWorkers", func() error {
			_, err := s.ListWorkers(ctx, graph.WorkerFilter{SkillCode: SkillWelder}, graph.Page{})
			return err
		}, nil},
		{"ListRegions", func() error { _, err := s.ListRegions(ctx, graph.RegionFilter{}, graph.Page{}); return err }, nil},
		{"CreateRegion", func() error { return s.CreateRegion(ctx, newRegion) },
			func() error { _, err := s.GetRegion(live, newRegion.ID); return absent(err) }},
		{"UpdateWorker", func() error {
			_, err := s.UpdateWorker(ctx, c.Master.ID, func(w *graph.Worker) error { w.Bio = "取消"; return nil })
			return err
		}, func() error {
			w, err := s.GetWorker(live, c.Master.ID)
			if err == nil && w.Bio != c.Master.Bio {
				return errors.New("cancelled update was applied")
			}
			return err
		}},
		{"DeleteTarget", func() error { return s.DeleteTarget(ctx, c.StudioTarget.ID) },
			func() error { _, err := s.GetTarget(live, c.StudioTarget.ID); return err }},
		{"UpsertSkills", func() error {
			return s.UpsertSkills(ctx, []graph.Skill{{Code: "6-18-02-05", Name: "切割工", Depth: 4}})
		}, func() error { _, err := s.GetSkill(live, "6-18-02-05"); return absent(err) }},
		{"Import", func() error { return s.Import(ctx, batch) },
			func() error { _, err := s.GetRegion(live, batch.Regions[0].ID); return absent(err) }},
		{"UnionSubtree", func() error { _, err := s.UnionSubtree(ctx, c.CityUnion.ID); return err }, nil},
		{"OpenMentees", func() error { _, err := s.OpenMentees(ctx, []string{c.Master.ID}); return err }, nil},
		{"Lineage", func() error { _, err := s.Lineage(ctx, c.Master.ID, graph.Down, 3); return err }, nil},
		{"SimilarSolved", func() error { _, err := s.SimilarSolved(ctx, c.Precision.ID, 5); return err }, nil},
		{"MentorGaps", func() error { _, err := s.MentorGaps(ctx, c.CityUnion.ID); return err }, nil},
		{"Ping", func() error { return s.Ping(ctx) }, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, tc.call(), context.Canceled)
			if tc.check != nil {
				must(t, tc.check())
			}
		})
	}
	t.Run("LiveContextStillWorks", func(t *testing.T) {
		must(t, s.Ping(live))
		must(t, s.CreateRegion(live, newRegion))
	})
}

// RunDurabilityTests checks that a store keeps everything across a close and reopen. open
// returns a store on dir, creating it when dir is empty and reopening what is there otherwise;
// the suite closes every store it opens, so open must not register Close itself. A store
// that is not file-based may ignore dir as long as reopening reaches the same data.
func RunDurabilityTests(t *testing.T, open func(t *testing.T, dir string) graph.Store) {
	t.Run("Reopen", func(t *testing.T) {
		ctx, dir := t.Context(), t.TempDir()
		s := open(t, dir)
		c := NewCity(NewMaker())
		if err := c.Create(ctx, s); err != nil {
			s.Close()
			t.Fatalf("seed: %v", err)
		}
		big := LargeBatch(c.Maker, 400)
		must(t, s.Import(ctx, big))
		moved, err := s.UpdateWorker(ctx, c.App2.ID, func(w *graph.Worker) error {
			w.EnterpriseID, w.EmployeeNo, w.UpdatedAt = c.Heavy.ID, "H003", c.Maker.Now()
			return nil
		})
		must(t, err)
		must(t, s.DeleteVisit(ctx, c.FaultVisit.ID))
		must(t, s.Close())

		s = open(t, dir)
		defer s.Close()
		b := c.Batch()
		b.Workers[4] = moved
		b.Visits = b.Visits[:1]
		RequireBatch(t, ctx, s, b)
		RequireBatch(t, ctx, s, big)
		for _, sk := range c.Skills {
			RequireEqual(t, sk, ok(s.GetSkill(ctx, sk.Code))(t))
		}
		_, err = s.GetVisit(ctx, c.FaultVisit.ID)
		wantErr(t, err, graph.ErrNotFound)
		want := CountsOf(b)
		bc := CountsOf(big)
		want.Regions += bc.Regions
		want.Unions += bc.Unions
		want.Enterprises += bc.Enterprises
		want.Workers += bc.Workers
		want.Problems += bc.Problems
		want.Pairings += bc.Pairings
		RequireEqual(t, want, ok(CountAll(ctx, s))(t))
		// Indexes and natural keys survive too.
		got := ok(s.ListWorkers(ctx, graph.WorkerFilter{EnterpriseID: c.Heavy.ID}, graph.Page{}))(t)
		RequireEqual(t, []string{c.Master.ID, c.App1.ID, c.App2.ID}, ids(got.Items, workerID))
		dup := c.Maker.Enterprise("重复", c.Xian.ID, func(e *graph.Enterprise) { e.CreditCode = c.Valve.CreditCode })
		wantErr(t, s.CreateEnterprise(ctx, dup), graph.ErrConflict)
		wantErr(t, s.DeleteWorker(ctx, c.Master.ID), graph.ErrConflict)
		edges := ok(s.Lineage(ctx, c.Master.ID, graph.Down, 2))(t)
		if len(edges) != 2 {
			t.Fatalf("lineage after reopen: %d edges, want 2", len(edges))
		}
		// And the reopened store takes new writes.
		r := c.Maker.Region("重开区", graph.RegionDistrict, c.Liaoyuan.ID)
		must(t, s.CreateRegion(ctx, r))
		RequireEqual(t, r, ok(s.GetRegion(ctx, r.ID))(t))
	})
	t.Run("ReopenEmpty", func(t *testing.T) {
		dir := t.TempDir()
		s := open(t, dir)
		must(t, s.Close())
		s = open(t, dir)
		defer s.Close()
		must(t, s.Ping(t.Context()))
		RequireEqual(t, Counts{}, ok(CountAll(t.Context(), s))(t))
	})
	t.Run("ReopenAccountsAndAudit", func(t *testing.T) {
		ctx, dir := t.Context(), t.TempDir()
		s := open(t, dir)
		c := NewCity(NewMaker())
		if err := c.Create(ctx, s); err != nil {
			s.Close()
			t.Fatalf("seed: %v", err)
		}
		m := c.Maker
		acc := m.Account("officer.reopen", graph.AccountUnionOfficer, c.CityUnion.ID)
		must(t, s.CreateAccount(ctx, acc))
		var entries []graph.AuditEntry
		for i := range 3 {
			e := m.Audit("reopen", c.App1.ID, []string{c.CityUnion.ID}, func(e *graph.AuditEntry) { e.Summary = fmt.Sprint(i) })
			must(t, s.AppendAudit(ctx, e))
			entries = append([]graph.AuditEntry{e}, entries...)
		}
		must(t, s.Close())

		s = open(t, dir)
		defer s.Close()
		RequireEqual(t, acc, ok(s.GetAccountByUsername(ctx, "Officer.Reopen"))(t))
		wantErr(t, s.CreateAccount(ctx, m.Account("officer.reopen", graph.AccountAdmin, "")), graph.ErrConflict)
		got := ok(s.ListAudit(ctx, graph.AuditFilter{UnionIDs: []string{c.CityUnion.ID}}, graph.Page{}))(t)
		RequireEqual(t, entries, got.Items)
	})
}

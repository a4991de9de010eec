package bbolt

import (
	"errors"
	"testing"

	bolt "go.etcd.io/bbolt"

	"jiangxin/graph"
	"jiangxin/graph/graphtest"
)

// TestRules covers checks this store makes beyond the conformance suite.
func TestRules(t *testing.T) {
	s := openTemp(t, t.TempDir())
	defer s.Close()
	c := graphtest.Seed(t, s)
	ctx := t.Context()
	m := c.Maker
	cases := []struct {
		name string
		want error
		do   func() error
	}{
		{"RegionBelowLowerKind", graph.ErrInvalid, func() error {
			return s.CreateRegion(ctx, m.Region("错层市", graph.RegionCity, c.Longshan.ID))
		}},
		{"RegionBelowSameKind", graph.ErrInvalid, func() error {
			return s.CreateRegion(ctx, m.Region("并列区", graph.RegionDistrict, c.Xian.ID))
		}},
		{"RegionSkippingLevels", nil, func() error {
			return s.CreateRegion(ctx, m.Region("直辖镇", graph.RegionTown, c.Jilin.ID))
		}},
		{"RegionKindAboveItsChildren", graph.ErrInvalid, func() error {
			_, err := s.UpdateRegion(ctx, c.Longshan.ID, func(r *graph.Region) error { r.Kind = graph.RegionTown; return nil })
			return err
		}},
		{"RegionCycle", graph.ErrInvalid, func() error {
			_, err := s.UpdateRegion(ctx, c.Jilin.ID, func(r *graph.Region) error { r.ParentID = c.Xiangyang.ID; return nil })
			return err
		}},
		{"ListWorkersBadMinLevel", graph.ErrInvalid, func() error {
			_, err := s.ListWorkers(ctx, graph.WorkerFilter{MinLevel: 9}, graph.Page{})
			return err
		}},
		{"ListWorkersBadHonourTier", graph.ErrInvalid, func() error {
			_, err := s.ListWorkers(ctx, graph.WorkerFilter{HonourTier: "GALACTIC"}, graph.Page{})
			return err
		}},
		{"CursorOfAnotherKind", graph.ErrInvalid, func() error {
			_, err := s.ListRegions(ctx, graph.RegionFilter{}, graph.Page{After: encodeCursor(c.Master.ID)})
			return err
		}},
		{"AuditCursorOfAnotherKind", graph.ErrInvalid, func() error {
			_, err := s.ListAudit(ctx, graph.AuditFilter{}, graph.Page{After: encodeCursor(c.Master.ID)})
			return err
		}},
		{"AccountCursorOfAnotherKind", graph.ErrInvalid, func() error {
			_, err := s.ListAccounts(ctx, graph.AccountFilter{}, graph.Page{After: encodeCursor(c.Master.ID)})
			return err
		}},
		{"LineageBadDirection", graph.ErrInvalid, func() error {
			_, err := s.Lineage(ctx, c.Master.ID, "SIDEWAYS", 2)
			return err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("error = %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("RegionsUnchanged", func(t *testing.T) {
		for _, r := range []graph.Region{c.Jilin, c.Longshan} {
			got, err := s.GetRegion(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			graphtest.RequireEqual(t, r, got)
		}
	})
}

func TestOpenRefusesOtherSchema(t *testing.T) {
	dir := t.TempDir()
	s := openTemp(t, dir)
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyVersion, []byte("999")) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(t.Context(), dir); err == nil {
		s.Close()
		t.Fatal("Open accepted a file of another schema version")
	}
}

package gql_test

import (
	"context"
	"testing"
	"time"

	"jiangxin/auth"
	"jiangxin/graph"
	graphbbolt "jiangxin/graph/bbolt"
	"jiangxin/graph/gql"
)

// TestReplayLogouts checks that sign-outs recorded in the audit trail are revoked again after a
// restart, and that older ones and other entries are ignored.
func TestReplayLogouts(t *testing.T) {
	ctx := context.Background()
	st, err := graphbbolt.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
	ids := graph.NewIDGen(func() time.Time { return now }, nil)
	add := func(at time.Time, action, summary string) {
		t.Helper()
		e := graph.AuditEntry{ID: ids.New(graph.KindAudit), At: at, Action: action, ActorName: "x", Summary: summary}
		if err := st.AppendAudit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	exp := now.Add(10 * time.Hour).Format(time.RFC3339)
	add(now.Add(-30*time.Hour), "logout", "revoked token OLD until "+exp)
	add(now.Add(-2*time.Hour), "logout", "revoked token RECENT until "+exp)
	add(now.Add(-time.Hour), "respondPairing", "revoked token FAKE until "+exp)
	add(now.Add(-time.Minute), "logout", "revoked token MALFORMED until yesterday")
	r := auth.NewMemoryRevoker(func() time.Time { return now })
	n, err := gql.ReplayLogouts(ctx, st, r, now, 12*time.Hour)
	if err != nil || n != 1 {
		t.Fatalf("replayed %d, %v; want 1", n, err)
	}
	for id, want := range map[string]bool{"RECENT": true, "OLD": false, "FAKE": false, "MALFORMED": false} {
		if got, _ := r.Revoked(ctx, id); got != want {
			t.Errorf("token %s revoked=%v, want %v", id, got, want)
		}
	}
}

package graphtest

import (
	"testing"
	"time"

	"jiangxin/graph"
)

func TestDiff(t *testing.T) {
	at := time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC)
	w := graph.Worker{ID: "wkr_1", Name: "王焊", CreatedAt: at, UpdatedAt: at, Roles: []graph.Role{}}
	cases := []struct {
		name  string
		got   func(w graph.Worker) graph.Worker
		equal bool
	}{
		{"Same", func(w graph.Worker) graph.Worker { return w }, true},
		{"NilVersusEmptySlice", func(w graph.Worker) graph.Worker { w.Roles = nil; return w }, true},
		{"MicrosecondTruncation", func(w graph.Worker) graph.Worker { w.CreatedAt = w.CreatedAt.Truncate(time.Microsecond); return w }, false},
		{"SameInstantOtherZone", func(w graph.Worker) graph.Worker {
			w.UpdatedAt = w.UpdatedAt.In(time.FixedZone("CST", 8*3600))
			return w
		}, false},
		{"FieldChanged", func(w graph.Worker) graph.Worker { w.Name = "王焊工"; return w }, false},
		{"SliceElement", func(w graph.Worker) graph.Worker {
			w.Roles = []graph.Role{graph.RoleApprentice}
			return w
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := Diff(w, tc.got(w))
			if (d == "") != tc.equal {
				t.Fatalf("Diff = %q, want equal=%v", d, tc.equal)
			}
		})
	}
}

package report_test

import (
	"errors"
	"testing"

	"jiangxin/graph"
	"jiangxin/report"
)

// FuzzParsePeriod checks that every accepted period is all time or a range of real dates whose
// start is not after its end, and that refusals are ErrInvalid.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"", " ", "2026", "2026-H1", "2026-h2", "2026-Q4", "2026-Q5", "2026-05", "2026-13", "2026-00",
		"1899", "2201", "+2026", "-2026", "2026-", "２０２６", "2026-05-01", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := report.ParsePeriod(s)
		if err != nil {
			if !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("ParsePeriod(%q) = %v, not ErrInvalid", s, err)
			}
			return
		}
		if p.All() {
			return
		}
		if _, err := graph.ParseDate("from", string(p.From)); err != nil {
			t.Fatalf("ParsePeriod(%q).From = %q: %v", s, p.From, err)
		}
		if _, err := graph.ParseDate("to", string(p.To)); err != nil {
			t.Fatalf("ParsePeriod(%q).To = %q: %v", s, p.To, err)
		}
		if p.From > p.To || !p.Contains(p.From) || !p.Contains(p.To) {
			t.Fatalf("ParsePeriod(%q) = %+v", s, p)
		}
	})
}

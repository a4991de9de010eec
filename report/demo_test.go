package report

import (
	"context"
	"slices"
	"testing"
	"time"

	"jiangxin/demo"
	graphbbolt "jiangxin/graph/bbolt"
	"jiangxin/graph/taxonomy"
)

// demoCity loads the default demo city into a bbolt store and returns a Service whose today
// is the demo's base date.
func demoCity(tb testing.TB) (*Service, demo.Summary) {
	tb.Helper()
	ctx := context.Background()
	raw, err := graphbbolt.Open(ctx, tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { raw.Close() })
	skills, err := taxonomy.Load()
	if err != nil {
		tb.Fatal(err)
	}
	if err := raw.UpsertSkills(ctx, skills); err != nil {
		tb.Fatal(err)
	}
	b, sum, err := demo.Build(demo.Options{Skills: skills})
	if err != nil {
		tb.Fatal(err)
	}
	if err := raw.Import(ctx, b); err != nil {
		tb.Fatal(err)
	}
	return New(raw, func() time.Time { return sum.Base }), sum
}

// dashboard runs the whole dashboard set of one union, as the officers' home page does.
func dashboard(ctx context.Context, s *Service, unionID, period string) error {
	if _, _, err := s.Progress(ctx, unionID, period); err != nil {
		return err
	}
	if _, err := s.Trend(ctx, unionID, 12, ""); err != nil {
		return err
	}
	if _, err := s.PromotionsByLevel(ctx, unionID, period); err != nil {
		return err
	}
	if _, err := s.TopMentors(ctx, unionID, period, 10); err != nil {
		return err
	}
	if _, err := s.OpenProblemsByTrade(ctx, unionID, 10); err != nil {
		return err
	}
	_, err := s.Stalled(ctx, unionID, 10)
	return err
}

func TestDemoCity(t *testing.T) {
	ctx := context.Background()
	s, sum := demoCity(t)
	year := sum.Base.Format("2006")
	self, children, err := s.Progress(ctx, sum.CityUnionID, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("city is its own facts plus its districts", func(t *testing.T) {
		sn, err := s.current(ctx)
		if err != nil {
			t.Fatal(err)
		}
		city := sn.pre[sum.CityUnionID]
		own := Counts{}
		for _, f := range sn.pairs {
			if f.union == city && f.signed != "" {
				own.PairsSigned++
			}
			if f.union == city && f.completed != "" {
				own.PairsCompleted++
			}
		}
		total := own
		for _, c := range children {
			total.PairsSigned += c.Counts.PairsSigned
			total.PairsCompleted += c.Counts.PairsCompleted
			total.ProblemsSolved += c.Counts.ProblemsSolved
			total.Studios += c.Counts.Studios
		}
		if len(children) != len(sum.Districts) {
			t.Fatalf("%d children, want the %d districts", len(children), len(sum.Districts))
		}
		if self.Counts.PairsSigned != total.PairsSigned || self.Counts.PairsCompleted != total.PairsCompleted ||
			self.Counts.ProblemsSolved != total.ProblemsSolved || self.Counts.Studios != total.Studios {
			t.Fatalf("city %+v ≠ own + districts %+v", self.Counts, total)
		}
		if self.Counts.PairsSigned == 0 || self.Counts.ProblemsSolved == 0 || self.Counts.Studios == 0 || self.Counts.Promotions == 0 {
			t.Fatalf("the demo city looks empty: %+v", self.Counts)
		}
	})
	t.Run("the 2,000-pair target", func(t *testing.T) {
		self, _, err := s.Progress(ctx, sum.CityUnionID, year)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(self.Targets, func(tp TargetProgress) bool { return tp.Target.ID == sum.PairsTargetID })
		if i < 0 {
			t.Fatalf("target %s missing from %+v", sum.PairsTargetID, self.Targets)
		}
		tp := self.Targets[i]
		if tp.Achieved == 0 || tp.Ratio != float64(tp.Achieved)/2000 {
			t.Fatalf("pairs target progress %+v", tp)
		}
	})
	t.Run("every dashboard answers for every district", func(t *testing.T) {
		for _, d := range sum.Districts {
			if err := dashboard(ctx, s, d.UnionID, year); err != nil {
				t.Fatalf("%s: %v", d.Name, err)
			}
		}
	})
	t.Run("trend covers twelve months", func(t *testing.T) {
		tr, err := s.Trend(ctx, sum.CityUnionID, 12, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(tr) != 12 || tr[11].Month != sum.Base.Format("2006-01") {
			t.Fatalf("trend %+v", tr)
		}
	})
	t.Run("stalled pairings exist and are ordered", func(t *testing.T) {
		st, err := s.Stalled(ctx, sum.CityUnionID, MaxTop)
		if err != nil {
			t.Fatal(err)
		}
		if len(st) == 0 {
			t.Fatal("the demo city has no stalled pairing")
		}
		if !slices.IsSortedFunc(st, func(a, b Stalled) int { return b.DaysOverdue - a.DaysOverdue }) || st[len(st)-1].DaysOverdue <= 0 {
			t.Fatalf("stalled not ordered or not overdue: %+v", st)
		}
	})
}

// BenchmarkDashboard measures the whole dashboard set of the city union on the demo city with a
// warm snapshot, and reports the median and 99th percentile of one set.
func BenchmarkDashboard(b *testing.B) {
	ctx := context.Background()
	s, sum := demoCity(b)
	year := sum.Base.Format("2006")
	if err := dashboard(ctx, s, sum.CityUnionID, year); err != nil {
		b.Fatal(err)
	}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		if err := dashboard(ctx, s, sum.CityUnionID, year); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	if len(times) > 0 {
		b.ReportMetric(float64(times[len(times)/2].Microseconds()), "median-µs")
		b.ReportMetric(float64(times[len(times)*99/100].Microseconds()), "p99-µs")
	}
}

// BenchmarkRebuild measures a snapshot rebuild of the demo city (the cost of the first read
// after a write).
func BenchmarkRebuild(b *testing.B) {
	ctx := context.Background()
	s, _ := demoCity(b)
	for b.Loop() {
		if _, err := build(ctx, s.store, 0); err != nil {
			b.Fatal(err)
		}
	}
}

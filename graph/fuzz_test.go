package graph_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"jiangxin/graph"
)

// FuzzParseDate checks that ParseDate accepts exactly real ISO dates in 1900–2200, returns them
// unchanged, and refuses everything else with ErrInvalid.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-06-30", "2024-02-29", "2026-02-29", "1899-12-31", "2200-12-31", "2201-01-01",
		"", "2026-6-30", "2026-06-30T00:00:00Z", " 2026-06-30", "２０２６-06-30", "2026-13-01", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := graph.ParseDate("date", s)
		if err != nil {
			if !errors.Is(err, graph.ErrInvalid) || d != "" {
				t.Fatalf("ParseDate(%q) = %q, %v", s, d, err)
			}
			return
		}
		tm, perr := time.Parse(time.DateOnly, s)
		if perr != nil || string(d) != s || tm.Year() < 1900 || tm.Year() > 2200 || d.Time().Format(time.DateOnly) != s {
			t.Fatalf("ParseDate(%q) accepted %q", s, d)
		}
	})
}

// FuzzCheckID checks that an ID accepted for a kind carries that kind's prefix, is found by
// KindOf, and survives a cursor round trip; refusals are ErrInvalid.
func FuzzCheckID(f *testing.F) {
	kinds := []graph.Kind{graph.KindRegion, graph.KindUnion, graph.KindEnterprise, graph.KindWorker, graph.KindHonour,
		graph.KindProblem, graph.KindVisit, graph.KindPairing, graph.KindReview, graph.KindStudio, graph.KindTarget,
		graph.KindAccount, graph.KindAudit, graph.KindSkill}
	for _, s := range []string{"wkr_01KJKEHJMMTYDFE20G32EP79E3", "wkr_01kjkehjmmtydfe20g32ep79e3", "wkr_", "_01KJKEHJMMTYDFE20G32EP79E3",
		"wkr_01KJKEHJMMTYDFE20G32EP79E3_", "wkr_81KJKEHJMMTYDFE20G32EP79E3", "6-18-02-04", "6-18-02", "skill_6-18-02-04",
		"wkr_01KJKEHJMMTYDFE20G32EP79E", "'; MATCH (n) DETACH DELETE n //", "wkr_\xff"} {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, id string, k uint8) {
		kind := kinds[int(k)%len(kinds)]
		err := graph.CheckID("id", kind, id)
		if err != nil {
			if !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("CheckID(%v, %q) = %v, not ErrInvalid", kind, id, err)
			}
			return
		}
		if got := graph.KindOf(id); got != kind {
			t.Fatalf("CheckID(%v, %q) accepted but KindOf = %q", kind, id, got)
		}
		if kind != graph.KindSkill && !strings.HasPrefix(id, string(kind)+"_") {
			t.Fatalf("CheckID(%v, %q) accepted without the prefix", kind, id)
		}
		if back, err := graph.ParseCursor(graph.CursorOf(id)); err != nil || back != id {
			t.Fatalf("cursor round trip of %q: %q, %v", id, back, err)
		}
	})
}

// FuzzCheckUsername checks that accepted usernames are already normalized, 3–64 bytes of the
// allowed alphabet, and that refusals are ErrInvalid.
func FuzzCheckUsername(f *testing.F) {
	for _, s := range []string{"cs.union", "admin", "ab", "a@b.c", "Admin", " admin", "张三", strings.Repeat("a", 65), "a\x00b", "\xff\xfe\xfd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := graph.CheckUsername("username", s)
		if err != nil {
			if !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("CheckUsername(%q) = %v, not ErrInvalid", s, err)
			}
			return
		}
		if graph.NormalizeUsername(s) != s || len(s) < 3 || len(s) > 64 {
			t.Fatalf("CheckUsername accepted %q", s)
		}
		if strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789._-@") != "" {
			t.Fatalf("CheckUsername accepted %q outside the alphabet", s)
		}
	})
}

// FuzzParseCursor checks that a cursor either decodes to a known kind of ID that encodes back
// to an equivalent cursor, or is refused with ErrInvalid.
func FuzzParseCursor(f *testing.F) {
	for _, s := range []string{"", graph.CursorOf("wkr_01KJKEHJMMTYDFE20G32EP79E3"), graph.CursorOf("6-18-02-04"),
		"bm90IGEgY3Vyc29y", "xyz", "====", "d2tyXw", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, c string) {
		id, err := graph.ParseCursor(c)
		if err != nil {
			if !errors.Is(err, graph.ErrInvalid) || id != "" {
				t.Fatalf("ParseCursor(%q) = %q, %v", c, id, err)
			}
			return
		}
		if c == "" {
			if id != "" {
				t.Fatalf("empty cursor gave %q", id)
			}
			return
		}
		if graph.KindOf(id) == "" {
			t.Fatalf("ParseCursor(%q) = %q of no kind", c, id)
		}
		if back, err := graph.ParseCursor(graph.CursorOf(id)); err != nil || back != id {
			t.Fatalf("re-encoded cursor of %q: %q, %v", id, back, err)
		}
	})
}

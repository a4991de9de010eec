package sheet

import (
	"strings"
	"testing"

	"jiangxin/graph"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		bad      bool
	}{
		{in: "2026-03-01", want: "2026-03-01"},
		{in: "2026/3/1", want: "2026-03-01"},
		{in: "2026.3.1", want: "2026-03-01"},
		{in: "2026年3月1日", want: "2026-03-01"},
		{in: "20260301", want: "2026-03-01"},
		{in: "46082", want: "2026-03-01"},
		{in: "46082.5", want: "2026-03-01"},
		{in: "2026-03-01 00:00:00", want: "2026-03-01"},
		{in: "", want: ""},
		{in: "2026-02-30", bad: true},
		{in: "明天", bad: true},
		{in: "12", bad: true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseDate(tc.in)
			if tc.bad != (err != nil) || string(got) != tc.want {
				t.Fatalf("parseDate(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
			}
		})
	}
}

func TestParseYearAndLevel(t *testing.T) {
	years := map[string]int{"1985": 1985, "1985年": 1985, "1985.0": 1985, "1985-03-12": 1985, "31118": 1985, "1985年3月": 1985, "": 0}
	for in, want := range years {
		if got, err := parseYear(in); err != nil || got != want {
			t.Errorf("parseYear(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	levels := map[string]graph.Level{"高级技师": 1, "技师": 2, "高级工": 3, "三级/高级工": 3, "四级": 4, "5": 5,
		"初级": 5, "SENIOR": 3, "technician": 2, "": 0}
	for in, want := range levels {
		if got, err := parseLevel(in); err != nil || got != want {
			t.Errorf("parseLevel(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"九级", "大师", "6"} {
		if _, err := parseLevel(in); err == nil {
			t.Errorf("parseLevel(%q) accepted", in)
		}
	}
}

func TestSplitParts(t *testing.T) {
	for in, want := range map[string]string{"电工:高级工:2019": "电工|高级工|2019", "电工::2019": "电工||2019",
		"全国劳动模范：国家级：2015": "全国劳动模范|国家级|2015", "焊工:": "焊工", " a : b ": "a|b"} {
		if got := strings.Join(splitParts(in), "|"); got != want {
			t.Errorf("splitParts(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestNormHeader(t *testing.T) {
	for in, want := range map[string]string{"*姓名": "姓名", " 技能等级（初级工…高级技师）": "技能等级", "Employee_No": "employeeno",
		"employee no": "employeeno", "\ufeff工号": "工号", "ＮＡＭＥ": "name"} {
		if got := normHeader(in); got != want {
			t.Errorf("normHeader(%q) = %q; want %q", in, got, want)
		}
	}
}

// FuzzCellParsers checks that no cell crashes a value parser and that accepted dates are real.
func FuzzCellParsers(f *testing.F) {
	for _, s := range []string{"2026-03-01", "46082", "1985年", "高级技师", "全国劳动模范:国家级:2015", "是", "3人", "-1e308", "9999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := parseDate(s); err == nil && d != "" {
			if _, err := graph.ParseDate("d", string(d)); err != nil {
				t.Fatalf("parseDate(%q) = %q, not a date", s, d)
			}
		}
		if y, err := parseYear(s); err == nil && y != 0 && (y < 1900 || y > 2200) {
			t.Fatalf("parseYear(%q) = %d", s, y)
		}
		if l, err := parseLevel(s); err == nil && l != graph.LevelNone && !l.Valid() {
			t.Fatalf("parseLevel(%q) = %d", s, l)
		}
		_, _ = parseInt(s)
		_, _ = parseBool(s)
		_, _ = parseTier(s)
		_, _ = parseRoles(s)
		_ = splitParts(s)
		_ = normHeader(s)
	})
}

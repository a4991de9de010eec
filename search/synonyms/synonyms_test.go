package synonyms

import (
	"slices"
	"strings"
	"testing"

	"jiangxin/graph"
	"jiangxin/search"
)

func TestTrades(t *testing.T) {
	groups := Trades()
	if len(groups) < 40 {
		t.Errorf("%d trade groups, want at least 40", len(groups))
	}
	syn := search.NewSynonyms(groups)
	cases := []struct{ term, want string }{
		{"氩弧焊", "tig焊"}, {"TIG", "钨极氩弧焊"}, {"141", "gtaw"}, {"GTAW", "氩弧焊"},
		{"焊条电弧焊", "111"}, {"SMAW", "手工电弧焊"}, {"CO2气体保护焊", "mag焊"}, {"135", "二保焊"},
		{"MIG焊", "131"}, {"埋弧焊", "saw"}, {"点焊", "电阻焊"}, {"激光焊", "激光焊接"},
		{"数控车", "cnc车床"}, {"加工中心", "数控铣"}, {"钳工", "装配钳工"}, {"数控磨", "数控磨床"},
		{"瓷砖镶贴", "贴瓷砖"}, {"镶贴工", "瓷砖镶贴"}, {"瓦工", "砌筑"}, {"PLC", "可编程控制器"},
		{"数控", "cnc"}, {"無損檢測", "ndt"},
	}
	for _, c := range cases {
		if alts := syn.Expand(c.term); !slices.Contains(alts, c.want) {
			t.Errorf("Expand(%q) = %v, want %q among them", c.term, alts, c.want)
		}
	}
	// TIG and MIG stay apart.
	if alts := syn.Expand("TIG"); slices.Contains(alts, "mig焊") || slices.Contains(alts, "131") {
		t.Errorf("TIG expands to MIG: %v", alts)
	}
	// Every member is written once across the file (a member in two groups is a mistake here).
	seen := map[string]int{}
	for i, g := range groups {
		for _, m := range g {
			f := search.Fold(m)
			if j, ok := seen[f]; ok && j != i {
				t.Errorf("%q is in groups %d and %d", m, j, i)
			}
			seen[f] = i
		}
	}
}

func TestParse(t *testing.T) {
	groups, err := Parse(strings.NewReader("# comment\n\n氩弧焊, TIG焊，TIG\n数控,CNC,数控\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"氩弧焊", "TIG焊", "TIG"}, {"数控", "CNC"}}
	if !slices.EqualFunc(groups, want, slices.Equal) {
		t.Errorf("Parse = %v, want %v", groups, want)
	}
	for _, bad := range []string{"孤单\n", "a,a\n"} {
		if _, err := Parse(strings.NewReader(bad)); err == nil {
			t.Errorf("Parse(%q) accepted a group of one", bad)
		}
	}
}

func TestFromSkills(t *testing.T) {
	// Rows shaped like the classification's (alias column includes the name; S/L markers).
	skills := []graph.Skill{
		{Code: "6-18-02-04", Name: "焊工", Depth: 4, Aliases: []string{"焊工", "氩弧焊工"}},
		{Code: "6-18-01-07", Name: "多工序数控机床操作调整工", Depth: 4,
			Aliases: []string{"CNC/数控", "CNC/数控编程", "多工序数控机床操作调整工", "CNC/数控操机"}},
		{Code: "2-02-07-11", Name: "汽车工程技术人员", Depth: 4,
			Aliases: []string{"汽车工程技术人员L", "车身/造型设计", "底盘工程师"}},
		{Code: "6-18-01-01", Name: "车工", Depth: 4, Aliases: []string{"车工"}},
		{Code: "6-18-00-00", Name: "机械制造基础加工人员", Depth: 2, Aliases: []string{"机械制造基础加工人员", "机加工"}},
	}
	got := FromSkills(skills)
	want := [][]string{
		{"焊工", "氩弧焊工"},
		{"多工序数控机床操作调整工", "CNC/数控", "CNC", "数控", "CNC/数控编程", "数控编程", "CNC/数控操机", "数控操机"},
		{"汽车工程技术人员", "车身/造型设计", "底盘工程师"},
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("FromSkills =\n%v\nwant\n%v", got, want)
	}
	if n := len(All(skills)); n != len(Trades())+3 {
		t.Errorf("All has %d groups", n)
	}
}

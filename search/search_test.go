package search

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"jiangxin/graph"
)

func TestT2STable(t *testing.T) {
	m, err := parseT2S(t2sData)
	if err != nil {
		t.Fatal(err)
	}
	if len(m) < 500 {
		t.Errorf("table maps %d characters, want at least 500", len(m))
	}
	for tr, s := range m {
		if utf8.RuneLen(tr) != utf8.RuneLen(s) {
			t.Errorf("%c→%c changes length", tr, s)
		}
		if _, chained := m[s]; chained {
			t.Errorf("%c→%c, but %c is itself folded", tr, s, s)
		}
	}
	bad := []struct{ name, data string }{
		{"not a pair", "數"},
		{"conflict", "乾干 乾乾"},
		{"length change", "Ａa"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			if _, err := parseT2S(c.data); err == nil {
				t.Errorf("parseT2S(%q) accepted bad data", c.data)
			}
		})
	}
}

func TestFold(t *testing.T) {
	cases := []struct{ in, want string }{
		{"數控車床", "数控车床"},
		{"氬弧焊", "氩弧焊"},
		{"鑲貼工", "镶贴工"},
		{"全國技術能手", "全国技术能手"},
		{"CNC", "cnc"},
		{"ＣＮＣ加工", "cnc加工"},
		{"  TIG   焊 ", "tig 焊"},
		{"数控", "数控"},
	}
	for _, c := range cases {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	s := "精通數控銑床與焊接"
	if f := FoldTraditional(s); len(f) != len(s) || f != "精通数控铣床与焊接" {
		t.Errorf("FoldTraditional(%q) = %q", s, f)
	}
}

func TestCleanAndSplit(t *testing.T) {
	if got := CleanText("\x00数控\x07 \u200b车床\t"); got != "数控 车床" {
		t.Errorf("CleanText = %q", got)
	}
	got := SplitTerms(Fold(`TIG焊 "co2气体保护焊" 141, +foo-bar`))
	want := []Term{{"tig", false}, {"焊", true}, {"co2", false}, {"气体保护焊", true}, {"141", false},
		{"foo", false}, {"bar", false}}
	if !slices.Equal(got, want) {
		t.Errorf("SplitTerms = %v, want %v", got, want)
	}
}

func TestSynonymsParse(t *testing.T) {
	syn := NewSynonyms([][]string{
		{"氩弧焊", "TIG焊", "TIG", "钨极氩弧焊", "141"},
		{"数控", "CNC"},
		{"数控车", "数控车床", "CNC车床"},
		{"单"}, // dropped: one member
	})
	if len(syn.Groups()) != 3 {
		t.Fatalf("groups = %v", syn.Groups())
	}
	alts := func(cs []Clause) [][]string {
		var out [][]string
		for _, c := range cs {
			out = append(out, c.Alternatives)
		}
		return out
	}
	cases := []struct {
		text string
		want [][]string
	}{
		{"氩弧焊", [][]string{{"氩弧焊", "tig焊", "tig", "钨极氩弧焊", "141"}}},
		{"TIG焊 薄板", [][]string{{"tig焊", "氩弧焊", "tig", "钨极氩弧焊", "141"}, {"薄板"}}},
		{"精通氩弧焊工艺", [][]string{{"精通"}, {"氩弧焊", "tig焊", "tig", "钨极氩弧焊", "141"}, {"工艺"}}},
		{"數控車床", [][]string{{"数控车床", "数控车", "cnc车床"}}},  // longest match
		{"tiger 1415", [][]string{{"tiger"}, {"1415"}}}, // Latin members only on word boundaries
		{"数控 铣", [][]string{{"数控", "cnc"}, {"铣"}}},
		{"", nil},
		{"*?!", nil},
	}
	for _, c := range cases {
		cs, err := syn.Parse(c.text)
		if err != nil {
			t.Fatal(err)
		}
		if got := alts(cs); !slices.EqualFunc(got, c.want, slices.Equal) {
			t.Errorf("Parse(%q) = %v, want %v", c.text, got, c.want)
		}
	}
	if _, err := syn.Parse(strings.Repeat("焊 ", MaxQueryTerms+1)); !errors.Is(err, ErrInvalid) {
		t.Errorf("too many terms: %v", err)
	}
	var none *Synonyms
	if cs, err := none.Parse("氩弧焊 tig"); err != nil || len(cs) != 2 || len(cs[0].Alternatives) != 1 {
		t.Errorf("nil synonyms: %v, %v", cs, err)
	}
	if got := syn.WithPrefix("TI", 10); !slices.Contains(got, "氩弧焊") || !slices.Contains(got, "tig") {
		t.Errorf("WithPrefix(TI) = %v", got)
	}
	if got := syn.WithPrefix("焊", 10); got != nil {
		t.Errorf("WithPrefix(焊) = %v, want none", got)
	}
}

func TestNormalize(t *testing.T) {
	q, err := Query{Text: " 数控\x00 "}.Normalize()
	if err != nil || q.Text != "数控" || q.Limit != DefaultLimit {
		t.Errorf("Normalize = %+v, %v", q, err)
	}
	bad := []Query{
		{Text: strings.Repeat("焊", MaxQueryRunes+1)},
		{Text: "\xff"},
		{Facets: []Facet{"colour"}},
		{Kinds: []Kind{"VISIT"}},
		{Sort: "RANDOM"},
		{Limit: MaxLimit + 1},
		{Offset: -1},
		{Offset: MaxWindow - 5, Limit: 10},
		{Filters: Filters{MinLevel: 7}},
		{Filters: Filters{HonourTier: "X"}},
		{Filters: Filters{StudioKind: "X"}},
		{Filters: Filters{Role: "X"}},
	}
	for _, b := range bad {
		_, err := b.Normalize()
		var fe *graph.FieldError
		if !errors.Is(err, ErrInvalid) || !errors.Is(err, graph.ErrInvalid) || !errors.As(err, &fe) {
			t.Errorf("Normalize(%+v) = %v, want a *graph.FieldError", b, err)
		}
	}
}

func TestBuilders(t *testing.T) {
	skills := map[string]graph.Skill{
		"6-18-02-04": {Code: "6-18-02-04", Name: "焊工", Aliases: []string{"焊工", "氩弧焊工"}},
	}
	path := []graph.Region{{ID: "reg_a", Name: "吉林省"}, {ID: "reg_b", Name: "辽源市"}}
	ent := &graph.Enterprise{ID: "ent_a", Name: "辽源机械", Industry: "装备制造"}
	upd := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	w := graph.Worker{ID: "wkr_a", Name: "王建国", Bio: "焊接", Roles: []graph.Role{graph.RoleCraftsman},
		Skills:    []graph.WorkerSkill{{Code: "6-18-02-04", Level: graph.LevelTechnician}, {Code: "6-99-99-99", Level: graph.LevelJunior}},
		Honours:   []graph.Honour{{Title: "全国技术能手", Tier: graph.TierNational}, {Title: "辽源工匠", Tier: graph.TierCity}},
		UpdatedAt: upd}
	d := FromWorker(w, skills, path, ent)
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if d.Kind != KindWorker || d.Title != "王建国" || d.Industry != "装备制造" || d.EnterpriseName != "辽源机械" ||
		!d.UpdatedAt.Equal(upd) || len(d.Regions) != 2 {
		t.Errorf("worker document %+v", d)
	}
	if got := SkillNames(&d); !slices.Equal(got, []string{"焊工", "氩弧焊工"}) {
		t.Errorf("skill names %v (unknown codes contribute no names)", got)
	}
	if got := LevelNames(&d); !slices.Equal(got, []string{"TECHNICIAN", "JUNIOR"}) {
		t.Errorf("levels %v", got)
	}
	keys := LevelKeys(&d)
	for _, k := range []string{"6-18-02-04@4", "@4", "6-99-99-99@1", "@1"} {
		if !slices.Contains(keys, k) {
			t.Errorf("level keys %v lack %s", keys, k)
		}
	}
	if slices.Contains(keys, "6-99-99-99@2") || slices.Contains(keys, "@5") {
		t.Errorf("level keys %v too generous", keys)
	}
	if k := FilterLevelKey(Filters{SkillCode: "6-18-02-04", MinLevel: graph.LevelSenior}); k != "6-18-02-04@3" {
		t.Errorf("filter level key %q", k)
	}
	if got := HonourKeys(&d); len(got) != 6 {
		t.Errorf("honour keys %v", got)
	}
	if got := HonourTiers(&d); !slices.Equal(got, []string{"NATIONAL", "CITY"}) {
		t.Errorf("honour tiers %v", got)
	}

	p := FromProblem(graph.Problem{ID: "prb_a", Title: "渗漏", Status: graph.ProblemOpen, Outcome: "改用氩弧焊",
		Skills: []graph.RequiredSkill{{Code: "6-18-02-04", MinLevel: graph.LevelSenior}}}, skills, path, ent)
	if p.Industry != "装备制造" || p.Status != "OPEN" || len(LevelKeys(&p)) != 0 || !slices.Equal(p.Tasks, []string{"改用氩弧焊"}) {
		t.Errorf("problem document %+v", p)
	}
	s := FromStudio(graph.Studio{ID: "stu_a", Name: "王建国劳模创新工作室", Kind: graph.StudioModelWorker, Tier: graph.TierCity,
		SpecialtyCodes: []string{"6-18-02-04"}, Achievements: []graph.Achievement{{Title: "实用新型专利", Year: 2024, Count: 6}}},
		skills, path, ent, &w)
	if s.StudioKind != graph.StudioModelWorker || !slices.Equal(HonourTitles(&s), []string{"劳模创新工作室"}) ||
		!slices.Contains(s.Tasks, "王建国") || !slices.Contains(s.Tasks, "实用新型专利 (2024)") {
		t.Errorf("studio document %+v", s)
	}
	sk := FromSkill(skills["6-18-02-04"])
	if sk.ID != "6-18-02-04" || sk.Kind != KindSkill || !slices.Equal(SkillNames(&sk), []string{"焊工", "氩弧焊工"}) {
		t.Errorf("skill document %+v", sk)
	}
	e := FromEnterprise(*ent, path)
	if e.EnterpriseID != "ent_a" || slices.Contains(Places(&e), "辽源机械") {
		t.Errorf("enterprise document %+v, places %v", e, Places(&e))
	}
	for _, bad := range []Document{{Kind: KindWorker}, {ID: "x"}, {ID: strings.Repeat("x", 201), Kind: KindSkill}} {
		if err := bad.Validate(); !errors.Is(err, ErrInvalid) {
			t.Errorf("Validate(%+v) = %v", bad, err)
		}
	}
}

func TestSortFacet(t *testing.T) {
	got := SortFacet([]FacetValue{{"b", 1}, {"a", 1}, {"c", 5}})
	if !slices.Equal(got, []FacetValue{{"c", 5}, {"a", 1}, {"b", 1}}) {
		t.Errorf("SortFacet = %v", got)
	}
}

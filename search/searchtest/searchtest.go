// Package searchtest is the conformance suite every search.Index passes: RunIndexTests checks
// result sets (not engine-specific order) for Chinese, traditional, case-folded, synonym,
// type-ahead and filter queries, facet counts, updates and deletes, paging, metadata, hostile
// input and wait-for-index semantics, against realistic fixture documents.
package searchtest

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"jiangxin/graph"
	"jiangxin/search"
)

// RunIndexTests runs the suite. newIndex must return a new, empty index configured with
// Synonyms() (or SynonymGroups()); the suite closes it. Subtests that only read share one index
// loaded with Documents(); subtests that write get their own.
func RunIndexTests(t *testing.T, newIndex func(t *testing.T) search.Index) {
	ctx := context.Background()
	load := func(t *testing.T) search.Index {
		t.Helper()
		ix := newIndex(t)
		t.Cleanup(func() { _ = ix.Close() })
		if err := ix.Index(ctx, Documents()...); err != nil {
			t.Fatalf("index fixtures: %v", err)
		}
		return ix
	}

	t.Run("Read", func(t *testing.T) {
		ix := load(t)
		t.Run("Text", func(t *testing.T) { testText(t, ix) })
		t.Run("Filters", func(t *testing.T) { testFilters(t, ix) })
		t.Run("Facets", func(t *testing.T) { testFacets(t, ix) })
		t.Run("EmptyQuery", func(t *testing.T) { testEmptyQuery(t, ix) })
		t.Run("Paging", func(t *testing.T) { testPaging(t, ix) })
		t.Run("Highlights", func(t *testing.T) { testHighlights(t, ix) })
		t.Run("Hostile", func(t *testing.T) { testHostile(t, ix) })
		t.Run("Invalid", func(t *testing.T) { testInvalid(t, ix) })
		t.Run("Suggest", func(t *testing.T) { testSuggest(t, ix) })
		t.Run("Stats", func(t *testing.T) { testStats(t, ix) })
	})
	t.Run("UpdateDelete", func(t *testing.T) { testUpdateDelete(t, load(t)) })
	t.Run("WaitForIndex", func(t *testing.T) { testWaitForIndex(t, newIndex) })
	t.Run("Meta", func(t *testing.T) { testMeta(t, newIndex) })
	t.Run("InvalidDocument", func(t *testing.T) { testInvalidDocument(t, newIndex) })
	t.Run("Close", func(t *testing.T) { testClose(t, newIndex) })
}

// ids runs q and returns the sorted IDs of all hits (the page is made large enough).
func ids(t *testing.T, ix search.Index, q search.Query) []string {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = search.MaxLimit
	}
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	got := res.IDs()
	if res.Total != len(got) {
		t.Errorf("search %+v: Total = %d, but %d hits on a page of %d", q, res.Total, len(got), q.Limit)
	}
	slices.Sort(got)
	return got
}

func sorted(ss ...string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	if out == nil {
		out = []string{}
	}
	return out
}

func sameSet(t *testing.T, what string, got, want []string) {
	t.Helper()
	want = sorted(want...)
	if got == nil {
		got = []string{}
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

var cncSet = []string{WkrChen, WkrLiu, PrbCNC, StuChen, CodeCNC}

func testText(t *testing.T, ix search.Index) {
	tigSet := []string{WkrWang, WkrLi, PrbLeak}
	tilerSet := []string{WkrZhou, WkrWu, CodeDecorator}
	cases := []struct {
		name, text string
		kinds      []search.Kind
		want       []string
	}{
		{"chinese synonym 氩弧焊 finds TIG welders", "氩弧焊", nil, tigSet},
		{"synonym TIG", "TIG", nil, tigSet},
		{"synonym lower-case tig焊", "tig焊", nil, tigSet},
		{"synonym 钨极氩弧焊", "钨极氩弧焊", nil, tigSet},
		{"synonym ISO 4063 number 141", "141", nil, tigSet},
		{"数控 finds CNC lathe and milling operators", "数控", nil, cncSet},
		{"traditional 數控", "數控", nil, cncSet},
		{"latin cnc", "cnc", nil, cncSet},
		{"latin CNC upper-case", "CNC", nil, cncSet},
		{"full-width ＣＮＣ", "ＣＮＣ", nil, cncSet},
		{"tiling 瓷砖镶贴", "瓷砖镶贴", nil, tilerSet},
		{"tiling synonym 贴瓷砖", "贴瓷砖", nil, tilerSet},
		{"AND across terms", "数控 铣", nil, []string{WkrLiu}},
		{"AND across terms, none has both", "氩弧焊 数控", nil, nil},
		{"single character", "焊", []search.Kind{search.KindWorker}, []string{WkrWang, WkrLi, WkrZhao}},
		{"honour title", "全国技术能手", nil, []string{WkrWang}},
		{"region name", "浦东", []search.Kind{search.KindWorker}, []string{WkrZhou, WkrWu, WkrZheng}},
		{"enterprise name", "浦东建工", []search.Kind{search.KindEnterprise}, []string{EntBuilding}},
		{"Latin word PLC", "plc", nil, []string{WkrZheng}},
		{"kind filter with text", "数控", []search.Kind{search.KindWorker}, []string{WkrChen, WkrLiu}},
		{"two kinds", "数控", []search.Kind{search.KindProblem, search.KindSkill}, []string{PrbCNC, CodeCNC}},
		{"no match", "潜水", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sameSet(t, c.text, ids(t, ix, search.Query{Text: c.text, Kinds: c.kinds}), c.want)
		})
	}
	t.Run("数 and 控 apart do not match 数控", func(t *testing.T) {
		got := ids(t, ix, search.Query{Text: "数控"})
		if slices.Contains(got, WkrSun) {
			t.Errorf("数控 matched %s, whose text has 数 and 控 only apart", WkrSun)
		}
	})
	t.Run("relevance puts title matches first", func(t *testing.T) {
		res, err := ix.Search(context.Background(), search.Query{Text: "全国技术能手"})
		if err != nil || len(res.Hits) == 0 || res.Hits[0].ID != WkrWang || res.Hits[0].Kind != search.KindWorker {
			t.Fatalf("search = %+v, %v", res, err)
		}
	})
}

func testFilters(t *testing.T, ix search.Index) {
	workers := []search.Kind{search.KindWorker}
	cases := []struct {
		name  string
		kinds []search.Kind
		text  string
		f     search.Filters
		want  []string
	}{
		{"region province", workers, "", search.Filters{RegionID: RegJilin}, []string{WkrWang, WkrZhao, WkrLiu}},
		{"region district", nil, "", search.Filters{RegionID: RegPudong},
			[]string{WkrZhou, WkrWu, WkrZheng, EntBuilding}},
		{"skill code", nil, "", search.Filters{SkillCode: CodeWelder},
			[]string{WkrWang, WkrLi, WkrZhao, PrbLeak, StuWang, CodeWelder}},
		{"skill code and min level", nil, "", search.Filters{SkillCode: CodeWelder, MinLevel: graph.LevelSenior},
			[]string{WkrWang, WkrLi}},
		{"min level in any trade", nil, "", search.Filters{MinLevel: graph.LevelTechnician},
			[]string{WkrWang, WkrChen, WkrZheng}},
		{"min level top", nil, "", search.Filters{MinLevel: graph.LevelSeniorTechnician}, []string{WkrChen}},
		{"honour tier or higher", nil, "", search.Filters{HonourTier: graph.TierProvincial},
			[]string{WkrWang, WkrLi, StuChen}},
		{"honour tier city, workers", workers, "", search.Filters{HonourTier: graph.TierCity},
			[]string{WkrWang, WkrLi, WkrChen, WkrZheng}},
		{"industry", nil, "", search.Filters{Industry: "建筑业"}, []string{WkrZhou, WkrWu, WkrZheng, EntBuilding}},
		{"studio kind", nil, "", search.Filters{StudioKind: graph.StudioSkillMaster}, []string{StuChen}},
		{"role", nil, "", search.Filters{Role: graph.RoleApprentice}, []string{WkrZhao, WkrSun, WkrWu, WkrQian}},
		{"enterprise", nil, "", search.Filters{EnterpriseID: EntMachinery},
			[]string{WkrWang, WkrZhao, WkrLiu, PrbLeak, StuWang, EntMachinery}},
		{"status", nil, "", search.Filters{Status: string(graph.ProblemOpen)}, []string{PrbLeak, PrbCNC}},
		{"filters with text", nil, "焊", search.Filters{RegionID: RegLiaoyuan, Role: graph.RoleApprentice},
			[]string{WkrZhao}},
		{"synonym with level filter", nil, "氩弧焊", search.Filters{MinLevel: graph.LevelTechnician}, []string{WkrWang}},
		{"filters AND", nil, "", search.Filters{Industry: "建筑业", Role: graph.RoleModelWorker}, []string{WkrZheng}},
		{"unknown value", nil, "", search.Filters{Industry: "航天"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sameSet(t, c.name, ids(t, ix, search.Query{Text: c.text, Kinds: c.kinds, Filters: c.f}), c.want)
		})
	}
}

func facetMap(vs []search.FacetValue) map[string]int {
	m := map[string]int{}
	for _, v := range vs {
		m[v.Value] = v.Count
	}
	return m
}

func testFacets(t *testing.T, ix search.Index) {
	ctx := context.Background()
	res, err := ix.Search(ctx, search.Query{Kinds: []search.Kind{search.KindWorker},
		Facets: []search.Facet{search.FacetLevel, search.FacetHonourTier, search.FacetRole, search.FacetRegion,
			search.FacetSkill, search.FacetIndustry, search.FacetEnterprise}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[search.Facet]map[string]int{
		search.FacetLevel:      {"TECHNICIAN": 3, "SENIOR": 3, "INTERMEDIATE": 2, "SENIOR_TECHNICIAN": 1, "JUNIOR": 1},
		search.FacetHonourTier: {"NATIONAL": 1, "PROVINCIAL": 1, "CITY": 3, "DISTRICT": 1},
		search.FacetRole:       {"CRAFTSMAN": 6, "MODEL_WORKER": 2, "APPRENTICE": 4},
		search.FacetRegion: {RegJilin: 3, RegLiaoyuan: 3, RegLongshan: 3, RegShanghai: 3, RegPudong: 3,
			RegHunan: 4, RegChangsha: 4},
		search.FacetSkill: {CodeWelder: 3, CodeCNC: 1, CodeTurner: 2, CodeMiller: 1, CodeDecorator: 1,
			CodeBricklayer: 1, CodeElectric: 1},
		search.FacetIndustry:   {"装备制造": 3, "建筑业": 3, "汽车制造": 3},
		search.FacetEnterprise: {EntMachinery: 3, EntBuilding: 3, EntAuto: 3},
	}
	for f, w := range want {
		if got := facetMap(res.Facets[f]); fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("facet %s = %v, want %v", f, got, w)
		}
		vs := res.Facets[f]
		for i := 1; i < len(vs); i++ {
			if vs[i-1].Count < vs[i].Count || vs[i-1].Count == vs[i].Count && vs[i-1].Value > vs[i].Value {
				t.Errorf("facet %s not ordered by count then value: %v", f, vs)
				break
			}
		}
	}
	if res.Total != len(Workers) {
		t.Errorf("Total = %d, want %d", res.Total, len(Workers))
	}

	t.Run("with text", func(t *testing.T) {
		res, err := ix.Search(ctx, search.Query{Text: "数控", Facets: []search.Facet{search.FacetKind, search.FacetStudioKind, search.FacetStatus}})
		if err != nil {
			t.Fatal(err)
		}
		if got := facetMap(res.Facets[search.FacetKind]); fmt.Sprint(got) != fmt.Sprint(map[string]int{"WORKER": 2, "PROBLEM": 1, "STUDIO": 1, "SKILL": 1}) {
			t.Errorf("kind facet = %v", got)
		}
		if got := facetMap(res.Facets[search.FacetStudioKind]); fmt.Sprint(got) != fmt.Sprint(map[string]int{"SKILL_MASTER": 1}) {
			t.Errorf("studio kind facet = %v", got)
		}
		if got := facetMap(res.Facets[search.FacetStatus]); fmt.Sprint(got) != fmt.Sprint(map[string]int{"OPEN": 1}) {
			t.Errorf("status facet = %v", got)
		}
	})
	t.Run("facets count all matches, not the page", func(t *testing.T) {
		res, err := ix.Search(ctx, search.Query{Limit: 1, Facets: []search.Facet{search.FacetKind}})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"WORKER": 10, "PROBLEM": 3, "STUDIO": 2, "SKILL": 7, "ENTERPRISE": 3}
		if got := facetMap(res.Facets[search.FacetKind]); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("kind facet = %v, want %v", got, want)
		}
		if len(res.Hits) != 1 || res.Total != 25 {
			t.Errorf("hits %d total %d, want 1 and 25", len(res.Hits), res.Total)
		}
	})
	t.Run("not requested, not returned", func(t *testing.T) {
		res, err := ix.Search(ctx, search.Query{Text: "焊"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Facets) != 0 {
			t.Errorf("facets = %v, want none", res.Facets)
		}
	})
}

func testEmptyQuery(t *testing.T, ix search.Index) {
	all := make([]string, 0, 25)
	for _, d := range Documents() {
		all = append(all, d.ID)
	}
	sameSet(t, "empty text", ids(t, ix, search.Query{}), all)
	sameSet(t, "spaces only", ids(t, ix, search.Query{Text: "  \t "}), all)
	sameSet(t, "empty text, kinds", ids(t, ix, search.Query{Kinds: []search.Kind{search.KindStudio}}), []string{StuWang, StuChen})
	sameSet(t, "punctuation only matches nothing", ids(t, ix, search.Query{Text: "*?!"}), nil)
	// An empty query is ordered newest first.
	res, err := ix.Search(context.Background(), search.Query{Kinds: []search.Kind{search.KindWorker}, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.IDs(); !slices.Equal(got, []string{WkrQian, WkrZheng, WkrWu}) {
		t.Errorf("empty query order = %v, want newest first", got)
	}
	for _, h := range res.Hits {
		if len(h.Highlights) != 0 {
			t.Errorf("hit %s of an empty query has highlights %v", h.ID, h.Highlights)
		}
	}
}

func testPaging(t *testing.T, ix search.Index) {
	ctx := context.Background()
	full, err := ix.Search(ctx, search.Query{Sort: search.SortUpdated, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	if full.Total != 25 || len(full.Hits) != 25 {
		t.Fatalf("total %d hits %d, want 25", full.Total, len(full.Hits))
	}
	docs := Documents()
	for i, h := range full.Hits { // fixtures are updated in build order, one hour apart
		if want := docs[len(docs)-1-i].ID; h.ID != want {
			t.Fatalf("hit %d = %s, want %s (newest first)", i, h.ID, want)
		}
	}
	var paged []string
	for off := 0; off < 30; off += 7 {
		res, err := ix.Search(ctx, search.Query{Sort: search.SortUpdated, Limit: 7, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 25 {
			t.Errorf("page at %d: Total %d, want 25", off, res.Total)
		}
		paged = append(paged, res.IDs()...)
	}
	if !slices.Equal(paged, full.IDs()) {
		t.Errorf("pages %v differ from the full list %v", paged, full.IDs())
	}
	// Relevance paging is stable too.
	all, err := ix.Search(ctx, search.Query{Text: "焊", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for off := 0; off < all.Total; off += 2 {
		res, err := ix.Search(ctx, search.Query{Text: "焊", Limit: 2, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		rel = append(rel, res.IDs()...)
	}
	if !slices.Equal(rel, all.IDs()) {
		t.Errorf("relevance pages %v differ from %v", rel, all.IDs())
	}
}

var emRE = regexp.MustCompile(`<em>(.*?)</em>`)

func testHighlights(t *testing.T, ix search.Index) {
	ctx := context.Background()
	res, err := ix.Search(ctx, search.Query{Text: "氩弧焊", Kinds: []search.Kind{search.KindWorker}})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, h := range res.Hits {
		for field, frags := range h.Highlights {
			for _, f := range frags {
				plain := strings.NewReplacer("<em>", "", "</em>", "").Replace(f)
				for _, m := range emRE.FindAllStringSubmatch(f, -1) {
					if m[1] == "" {
						t.Errorf("%s %s: empty mark in %q", h.ID, field, f)
					}
				}
				if field == search.FieldBody && strings.Contains(f, "<em>") {
					found[h.ID] = true
					if h.ID == WkrWang && !strings.Contains(plain, "氩弧焊") {
						t.Errorf("%s body fragment %q lacks the matched text", h.ID, f)
					}
				}
			}
		}
	}
	if !found[WkrWang] || !found[WkrLi] {
		t.Errorf("body highlights found for %v, want %s (钨极氩弧焊) and %s (TIG焊); hits %+v", found, WkrWang, WkrLi, res.Hits)
	}

	res, err = ix.Search(ctx, search.Query{Text: "foo bar"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Hits[0].ID != WkrQian {
		t.Fatalf("foo bar = %v", res.IDs())
	}
	body := strings.Join(res.Hits[0].Highlights[search.FieldBody], " ")
	if !strings.Contains(body, "<em>foo</em>") || !strings.Contains(body, "&lt;script&gt;") || strings.Contains(body, "<script>") {
		t.Errorf("body highlight %q: want <em>foo</em> and escaped HTML", body)
	}

	res, err = ix.Search(ctx, search.Query{Text: "工匠", Kinds: []search.Kind{search.KindWorker}})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if hs := h.Highlights[search.FieldHonours]; len(hs) == 0 || !strings.Contains(strings.Join(hs, ""), "<em>工匠</em>") {
			t.Errorf("%s honours highlight = %v, want <em>工匠</em>", h.ID, hs)
		}
	}
}

func testHostile(t *testing.T, ix search.Index) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"unbalanced quote", `"数控`, cncSet},
		{"quotes", `"数控"`, cncSet},
		{"control characters", "\x00数控\x07\x1b", cncSet},
		{"lucene syntax is plain text", `+foo -bar field:x ~2 *`, []string{WkrQian}},
		{"field syntax", "title:数控", nil},
		{"boolean words", "数控 OR 焊", nil},
		{"wildcards ignored", "数控*", cncSet},
		{"fuzzy marker ignored", "数控~2", nil},
		{"backslashes", `\数控\`, cncSet},
		{"braces and brackets", "[数控]{", cncSet},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sameSet(t, fmt.Sprintf("%q", c.text), ids(t, ix, search.Query{Text: c.text}), c.want)
		})
	}
	t.Run("invalid UTF-8", func(t *testing.T) {
		_, err := ix.Search(context.Background(), search.Query{Text: "数控\xff\xfe"})
		if !errors.Is(err, search.ErrInvalid) {
			t.Errorf("err = %v, want ErrInvalid", err)
		}
	})
	t.Run("huge query", func(t *testing.T) {
		for _, text := range []string{strings.Repeat("数", 10000), strings.Repeat("a ", 5000), strings.Repeat("氩弧焊 ", 40)} {
			res, err := ix.Search(context.Background(), search.Query{Text: text})
			if !errors.Is(err, search.ErrInvalid) || !errors.Is(err, graph.ErrInvalid) {
				t.Errorf("%d-byte query: result %v, err %v; want ErrInvalid", len(text), res, err)
			}
		}
	})
}

func testInvalid(t *testing.T, ix search.Index) {
	cases := []struct {
		name string
		q    search.Query
	}{
		{"unknown facet", search.Query{Facets: []search.Facet{"colour"}}},
		{"unknown kind", search.Query{Kinds: []search.Kind{"PAIRING"}}},
		{"unknown sort", search.Query{Sort: "random"}},
		{"negative limit", search.Query{Limit: -1}},
		{"limit too big", search.Query{Limit: search.MaxLimit + 1}},
		{"negative offset", search.Query{Offset: -1}},
		{"window too deep", search.Query{Offset: search.MaxWindow}},
		{"bad level", search.Query{Filters: search.Filters{MinLevel: 9}}},
		{"bad tier", search.Query{Filters: search.Filters{HonourTier: "GALACTIC"}}},
		{"bad studio kind", search.Query{Filters: search.Filters{StudioKind: "GARAGE"}}},
		{"bad role", search.Query{Filters: search.Filters{Role: "BOSS"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := ix.Search(context.Background(), c.q); !errors.Is(err, search.ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

func testSuggest(t *testing.T, ix search.Index) {
	ctx := context.Background()
	codes := func(ss []search.Suggestion) []string {
		var cs []string
		for _, s := range ss {
			cs = append(cs, s.Code)
		}
		return cs
	}
	cases := []struct {
		prefix string
		first  string   // the expected best suggestion
		has    []string // also expected somewhere
	}{
		{"焊", CodeWelder, nil},
		{"电", CodeElectric, nil},
		{"電", CodeElectric, nil}, // traditional
		{"装饰", CodeDecorator, nil},
		{"镶贴", CodeDecorator, nil}, // alias 镶贴工
		{"瓦", CodeBricklayer, nil}, // alias 瓦工
		{"cn", CodeCNC, nil},       // alias CNC/数控
		{"CN", CodeCNC, nil},
		{"多工序", CodeCNC, nil},
		{"数控", CodeCNC, nil},          // via the synonym 数控 = CNC
		{"维修", CodeElectric, nil},     // alias 维修电工
		{"车", CodeTurner, []string{}}, // name 车工
	}
	for _, c := range cases {
		t.Run(c.prefix, func(t *testing.T) {
			ss, err := ix.SuggestSkills(ctx, c.prefix, 5)
			if err != nil {
				t.Fatal(err)
			}
			if len(ss) == 0 || ss[0].Code != c.first {
				t.Fatalf("SuggestSkills(%q) = %+v, want %s first", c.prefix, ss, c.first)
			}
			if ss[0].Name == "" || ss[0].Matched == "" {
				t.Errorf("suggestion lacks name or matched text: %+v", ss[0])
			}
			for _, h := range c.has {
				if !slices.Contains(codes(ss), h) {
					t.Errorf("SuggestSkills(%q) = %v, want %s", c.prefix, codes(ss), h)
				}
			}
		})
	}
	t.Run("only skills", func(t *testing.T) {
		ss, err := ix.SuggestSkills(ctx, "王", 10) // a worker's and a studio's name, no skill
		if err != nil || len(ss) != 0 {
			t.Errorf("SuggestSkills(王) = %+v, %v; want none", ss, err)
		}
	})
	t.Run("limit", func(t *testing.T) {
		ss, err := ix.SuggestSkills(ctx, "工", 1)
		if err != nil || len(ss) > 1 {
			t.Errorf("limit 1: %+v, %v", ss, err)
		}
		if _, err := ix.SuggestSkills(ctx, "焊", 51); !errors.Is(err, search.ErrInvalid) {
			t.Errorf("limit 51: err %v, want ErrInvalid", err)
		}
	})
	t.Run("empty prefix", func(t *testing.T) {
		ss, err := ix.SuggestSkills(ctx, " ", 5)
		if err != nil || len(ss) != 0 {
			t.Errorf("empty prefix: %+v, %v", ss, err)
		}
	})
}

func testStats(t *testing.T, ix search.Index) {
	st, err := ix.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[search.Kind]int{search.KindWorker: 10, search.KindProblem: 3, search.KindStudio: 2,
		search.KindSkill: 7, search.KindEnterprise: 3}
	if st.Documents != 25 || fmt.Sprint(st.ByKind) != fmt.Sprint(want) {
		t.Errorf("stats = %+v, want 25 documents and %v", st, want)
	}
}

func findDoc(id string) search.Document {
	for _, d := range Documents() {
		if d.ID == id {
			return d
		}
	}
	panic("no fixture " + id)
}

func testUpdateDelete(t *testing.T, ix search.Index) {
	ctx := context.Background()
	// 孙丽 learns CNC: her updated document now matches 数控.
	sun := findDoc(WkrSun)
	sun.Body = "已转岗数控车床操作。"
	sun.Skills = append(sun.Skills, search.SkillRef{Code: CodeCNC, Name: "多工序数控机床操作调整工", Level: graph.LevelJunior})
	sun.UpdatedAt = sun.UpdatedAt.Add(100 * time.Hour)
	if err := ix.Index(ctx, sun); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "数控 after update", ids(t, ix, search.Query{Text: "数控"}), append(slices.Clone(cncSet), WkrSun))
	sameSet(t, "old text gone", ids(t, ix, search.Query{Text: "比武"}), nil)
	sameSet(t, "new filter values", ids(t, ix, search.Query{Filters: search.Filters{SkillCode: CodeCNC, MinLevel: graph.LevelJunior}}),
		[]string{WkrChen, WkrSun})

	if err := ix.Delete(ctx, PrbCNC, CodeCNC, "no_such_id"); err != nil {
		t.Fatal(err)
	}
	sameSet(t, "数控 after delete", ids(t, ix, search.Query{Text: "数控"}), []string{WkrChen, WkrLiu, StuChen, WkrSun})
	if ss, err := ix.SuggestSkills(ctx, "多工序", 5); err != nil || len(ss) != 0 {
		t.Errorf("deleted skill still suggested: %+v, %v", ss, err)
	}
	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 23 || st.ByKind[search.KindProblem] != 2 || st.ByKind[search.KindSkill] != 6 {
		t.Errorf("stats after delete = %+v", st)
	}
	if err := ix.Delete(ctx); err != nil {
		t.Errorf("delete nothing: %v", err)
	}
	if err := ix.Index(ctx); err != nil {
		t.Errorf("index nothing: %v", err)
	}
	// Re-indexing the same document does not duplicate it.
	if err := ix.Index(ctx, sun, sun); err != nil {
		t.Fatal(err)
	}
	if st, _ := ix.Stats(ctx); st.Documents != 23 {
		t.Errorf("documents after re-index = %d, want 23", st.Documents)
	}
}

func testWaitForIndex(t *testing.T, newIndex func(t *testing.T) search.Index) {
	ctx := context.Background()
	ix := newIndex(t)
	defer ix.Close()
	// Every write is visible to the very next read.
	for i := 0; i < 5; i++ {
		id := fmt.Sprintf("prb_wait_%d", i)
		d := search.Document{ID: id, Kind: search.KindProblem, Title: fmt.Sprintf("第%d号难题：激光焊变形", i),
			UpdatedAt: base.Add(time.Duration(i) * time.Minute)}
		if err := ix.Index(ctx, d); err != nil {
			t.Fatal(err)
		}
		if got := ids(t, ix, search.Query{Text: "激光焊接"}); len(got) != i+1 || !slices.Contains(got, id) {
			t.Fatalf("after indexing %s: %v", id, got)
		}
	}
	if err := ix.Delete(ctx, "prb_wait_0"); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, ix, search.Query{Text: "激光焊"}); len(got) != 4 || slices.Contains(got, "prb_wait_0") {
		t.Fatalf("after delete: %v", got)
	}
	// Concurrent writers and readers.
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 3; i++ {
				id := fmt.Sprintf("wkr_conc_%d_%d", w, i)
				if err := ix.Index(ctx, search.Document{ID: id, Kind: search.KindWorker, Title: "并发测试电工"}); err != nil {
					errs <- err
					return
				}
				res, err := ix.Search(ctx, search.Query{Text: "并发测试", Filters: search.Filters{}, Limit: 100})
				if err != nil {
					errs <- err
					return
				}
				if !slices.Contains(res.IDs(), id) {
					errs <- fmt.Errorf("%s not visible after its write returned", id)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func testMeta(t *testing.T, newIndex func(t *testing.T) search.Index) {
	ctx := context.Background()
	ix := newIndex(t)
	defer ix.Close()
	if v, err := ix.Meta(ctx, "fingerprint"); err != nil || v != "" {
		t.Fatalf("fresh index meta = %q, %v; want empty", v, err)
	}
	if err := ix.SetMeta(ctx, "fingerprint", "v1:abc"); err != nil {
		t.Fatal(err)
	}
	if err := ix.SetMeta(ctx, "other", "x"); err != nil {
		t.Fatal(err)
	}
	if v, err := ix.Meta(ctx, "fingerprint"); err != nil || v != "v1:abc" {
		t.Errorf("meta = %q, %v", v, err)
	}
	if st, err := ix.Stats(ctx); err != nil || st.Documents != 0 {
		t.Errorf("metadata counted as documents: %+v, %v", st, err)
	}
	if res, err := ix.Search(ctx, search.Query{}); err != nil || res.Total != 0 {
		t.Errorf("metadata found by search: %+v, %v", res, err)
	}
	if err := ix.SetMeta(ctx, "fingerprint", ""); err != nil {
		t.Fatal(err)
	}
	if v, err := ix.Meta(ctx, "fingerprint"); err != nil || v != "" {
		t.Errorf("removed meta = %q, %v", v, err)
	}
	if v, _ := ix.Meta(ctx, "other"); v != "x" {
		t.Errorf("other key = %q, want x", v)
	}
	if err := ix.SetMeta(ctx, "", "x"); !errors.Is(err, search.ErrInvalid) {
		t.Errorf("empty key: %v, want ErrInvalid", err)
	}
	if err := ix.SetMeta(ctx, "big", strings.Repeat("x", search.MaxMetaValue+1)); !errors.Is(err, search.ErrInvalid) {
		t.Errorf("big value: %v, want ErrInvalid", err)
	}
}

func testInvalidDocument(t *testing.T, newIndex func(t *testing.T) search.Index) {
	ctx := context.Background()
	ix := newIndex(t)
	defer ix.Close()
	good := search.Document{ID: "wkr_good", Kind: search.KindWorker, Title: "好"}
	for _, bad := range []search.Document{{Kind: search.KindWorker}, {ID: "x", Kind: "PAIRING"}} {
		if err := ix.Index(ctx, good, bad); !errors.Is(err, search.ErrInvalid) {
			t.Errorf("Index(%+v) = %v, want ErrInvalid", bad, err)
		}
	}
	if st, err := ix.Stats(ctx); err != nil || st.Documents != 0 {
		t.Errorf("a rejected batch wrote documents: %+v, %v", st, err)
	}
}

func testClose(t *testing.T, newIndex func(t *testing.T) search.Index) {
	ctx := context.Background()
	ix := newIndex(t)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := ix.Search(ctx, search.Query{}); !errors.Is(err, search.ErrClosed) {
		t.Errorf("Search after Close: %v, want ErrClosed", err)
	}
	if err := ix.Index(ctx, search.Document{ID: "a", Kind: search.KindSkill}); !errors.Is(err, search.ErrClosed) {
		t.Errorf("Index after Close: %v, want ErrClosed", err)
	}
	if _, err := ix.Stats(ctx); !errors.Is(err, search.ErrClosed) {
		t.Errorf("Stats after Close: %v, want ErrClosed", err)
	}
}

package bleve

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	blevesearch "github.com/blevesearch/bleve/v2"

	"jiangxin/search"
	"jiangxin/search/searchtest"
)

func TestPhraseTerms(t *testing.T) {
	ix := newTestIndex(t).(*Index)
	defer ix.Close()
	cases := []struct {
		text string
		want []string
	}{
		{"数", []string{"数"}},
		{"数控", []string{"数控"}},
		{"氩弧焊", []string{"氩弧", "弧焊"}},
		{"钨极氩弧焊", []string{"钨极", "极氩", "氩弧", "弧焊"}},
		{"tig焊", []string{"tig", "焊"}},
		{"co2气体", []string{"co2", "气体"}},
		{"ＣＮＣ", []string{"cnc"}},
		{"數控", []string{"数控"}},
		{"", nil},
	}
	for _, c := range cases {
		if got := ix.phraseTerms(c.text); !slices.Equal(got, c.want) {
			t.Errorf("phraseTerms(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestMarkText(t *testing.T) {
	cases := []struct {
		name, text string
		ranges     [][2]int
		want       string
	}{
		{"merge overlaps", "精通氩弧焊", [][2]int{{6, 12}, {9, 15}, {6, 9}}, "精通<em>氩弧焊</em>"},
		{"escape", "a<b>&c", [][2]int{{0, 1}}, "<em>a</em>&lt;b&gt;&amp;c"},
		{"out of range ignored", "abc", [][2]int{{2, 9}}, ""},
		{"long text cut around the match", strings.Repeat("甲", 200) + "数控" + strings.Repeat("乙", 200),
			[][2]int{{600, 606}}, "…" + strings.Repeat("甲", 30) + "<em>数控</em>" + strings.Repeat("乙", 88) + "…"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := markText(c.text, c.ranges); got != c.want {
				t.Errorf("markText = %q, want %q", got, c.want)
			}
		})
	}
}

func TestTraditionalDocument(t *testing.T) {
	ix := newTestIndex(t)
	defer ix.Close()
	ctx := context.Background()
	doc := search.Document{ID: "wkr_tw", Kind: search.KindWorker, Title: "黃師傅", Body: "精通數控銑床與氬弧焊"}
	if err := ix.Index(ctx, doc); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"数控", "數控", "氩弧焊", "TIG", "黄师傅"} {
		res, err := ix.Search(ctx, search.Query{Text: q})
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("search %q = %+v, %v", q, res, err)
		}
	}
	res, _ := ix.Search(ctx, search.Query{Text: "数控"})
	if got := res.Hits[0].Highlights[search.FieldBody]; !slices.Equal(got, []string{"精通<em>數控</em>銑床與氬弧焊"}) {
		t.Errorf("highlight %q: want the original traditional text marked", got)
	}
}

func TestSingleCharacterTerms(t *testing.T) {
	ix := newTestIndex(t)
	defer ix.Close()
	ctx := context.Background()
	if err := ix.Index(ctx, searchtest.Documents()...); err != nil {
		t.Fatal(err)
	}
	// 数 and 控 as two terms match 孙丽's text, where they stand apart; 数控 as one does not.
	res, err := ix.Search(ctx, search.Query{Text: "数 控", Kinds: []search.Kind{search.KindWorker}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.IDs(); !slices.Contains(got, searchtest.WkrSun) {
		t.Errorf("数 控 = %v, want %s among them", got, searchtest.WkrSun)
	}
}

func TestReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	ix, err := Open(dir, Options{Synonyms: searchtest.Synonyms()})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Index(ctx, searchtest.Documents()...); err != nil {
		t.Fatal(err)
	}
	if err := ix.SetMeta(ctx, "fingerprint", "abc"); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix, err = Open(dir, Options{Synonyms: searchtest.Synonyms()})
	if err != nil {
		t.Fatal(err)
	}
	st, err := ix.Stats(ctx)
	if err != nil || st.Documents != 25 {
		t.Errorf("reopened stats %+v, %v", st, err)
	}
	if v, _ := ix.Meta(ctx, "fingerprint"); v != "abc" {
		t.Errorf("reopened meta %q", v)
	}
	res, err := ix.Search(ctx, search.Query{Text: "氩弧焊"})
	if err != nil || res.Total != 3 {
		t.Errorf("reopened search %+v, %v", res, err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// An index written with another schema version is rebuilt empty.
	raw, err := blevesearch.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := raw.SetInternal([]byte(internalSchema), []byte("jiangxin-search-0")); err != nil {
		t.Fatal(err)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if st, _ := ix.Stats(ctx); st.Documents != 0 {
		t.Errorf("stale index kept %d documents", st.Documents)
	}
	if v, _ := ix.Meta(ctx, "fingerprint"); v != "" {
		t.Errorf("stale index kept meta %q", v)
	}
}

func TestOpenFails(t *testing.T) {
	dir := t.TempDir()
	file := dir + "/file"
	if err := writeFile(file); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(file+"/index", Options{}); !errors.Is(err, search.ErrUnavailable) {
		t.Errorf("Open under a file: %v, want ErrUnavailable", err)
	}
}

func TestUnsafeAndCanceled(t *testing.T) {
	ix, err := Open(t.TempDir(), Options{Unsafe: true, BatchSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	if err := ix.Index(ctx, searchtest.Documents()...); err != nil {
		t.Fatal(err)
	}
	if st, _ := ix.Stats(ctx); st.Documents != 25 {
		t.Errorf("documents %d, want 25 (7 batches of 4)", st.Documents)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := ix.Index(cctx, searchtest.Documents()...); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled Index: %v", err)
	}
	if _, err := ix.Search(cctx, search.Query{Text: "焊"}); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled Search: %v", err)
	}
}

func writeFile(path string) error { return os.WriteFile(path, []byte("x"), 0o600) }

func TestConcurrentBatchesKeepLastVersion(t *testing.T) {
	ix, err := Open(t.TempDir(), Options{BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	var docs []search.Document
	for i := 0; i < 10; i++ {
		docs = append(docs, search.Document{ID: fmt.Sprintf("prb_%d", i), Kind: search.KindProblem, Title: "旧标题"})
	}
	docs = append(docs, search.Document{ID: "prb_0", Kind: search.KindProblem, Title: "新标题激光焊"})
	if err := ix.Index(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, search.Query{Text: "激光焊"})
	if err != nil || len(res.Hits) != 1 || res.Hits[0].ID != "prb_0" {
		t.Fatalf("later version lost: %+v, %v", res, err)
	}
	if st, _ := ix.Stats(ctx); st.Documents != 10 {
		t.Errorf("documents %d, want 10", st.Documents)
	}
	if got := lastByID(docs); len(got) != 10 || got[9].Title != "新标题激光焊" {
		t.Errorf("lastByID kept %d documents, last %q", len(got), got[len(got)-1].Title)
	}
}

package meilisearch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"jiangxin/graph"
	"jiangxin/search"
	"jiangxin/search/searchtest"
)

// TestConformance runs the shared suite against a real server when MEILI_URL is set (with
// MEILI_API_KEY when the server needs one). It is the only test that may skip.
func TestConformance(t *testing.T) {
	url := os.Getenv("MEILI_URL")
	if url == "" {
		t.Skip("MEILI_URL not set: no Meilisearch server to run the conformance suite against")
	}
	n := 0
	searchtest.RunIndexTests(t, func(t *testing.T) search.Index {
		n++
		name := fmt.Sprintf("jx_test_%d_%d", time.Now().UnixNano(), n)
		ctx := context.Background()
		ix, err := New(ctx, Config{URL: url, APIKey: os.Getenv("MEILI_API_KEY"), IndexName: name,
			Synonyms: searchtest.Synonyms(), PollInterval: 10 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			for _, uid := range []string{name, name + "_meta"} {
				if task, err := ix.client.DeleteIndexWithContext(ctx, uid); err == nil {
					_, _ = ix.client.WaitForTaskWithContext(ctx, task.TaskUID, 10*time.Millisecond)
				}
			}
		})
		return ix
	})
}

// exchange is one scripted request and the recorded response that answers it.
type exchange struct {
	method, path string // expected request
	status       int
	file         string            // testdata file; "" means an empty body
	vars         map[string]string // replaces __NAME__ placeholders in the file
}

// request is what the fake server received.
type request struct {
	Method, Path, Query string
	Header              http.Header
	Body                []byte
}

// fakeMeili replays recorded Meilisearch responses in script order and records the requests.
type fakeMeili struct {
	t      *testing.T
	mu     sync.Mutex
	script []exchange
	got    []request
	srv    *httptest.Server
}

func newFake(t *testing.T, script ...exchange) *fakeMeili {
	f := &fakeMeili{t: t, script: script}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeMeili) add(script ...exchange) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script = append(f.script, script...)
}

func (f *fakeMeili) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, request{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), body})
	if len(f.script) == 0 {
		f.t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
		http.Error(w, "unexpected", http.StatusTeapot)
		return
	}
	x := f.script[0]
	f.script = f.script[1:]
	if x.method != r.Method || x.path != r.URL.Path {
		f.t.Errorf("request %s %s, want %s %s", r.Method, r.URL.Path, x.method, x.path)
	}
	var out []byte
	if x.file != "" {
		b, err := os.ReadFile(filepath.Join("testdata", x.file))
		if err != nil {
			f.t.Fatal(err)
		}
		s := string(b)
		for k, v := range x.vars {
			s = strings.ReplaceAll(s, "__"+k+"__", v)
		}
		out = []byte(s)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(x.status)
	_, _ = w.Write(out)
}

// requests returns the recorded requests and forgets them.
func (f *fakeMeili) requests() []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	got := f.got
	f.got = nil
	return got
}

func (f *fakeMeili) done(t *testing.T) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.script) != 0 {
		t.Errorf("%d scripted requests never came, next %s %s", len(f.script), f.script[0].method, f.script[0].path)
	}
}

// task returns the exchanges of an enqueued task that then reaches the final state in file.
func task(method, path string, uid int, typ, final string) []exchange {
	v := map[string]string{"UID": strconv.Itoa(uid), "TYPE": typ}
	return []exchange{
		{method, path, http.StatusAccepted, "task_enqueued.json", v},
		{http.MethodGet, "/tasks/" + strconv.Itoa(uid), http.StatusOK, final, v},
	}
}

// startScript is what New sends: create the index, create the metadata index (which already
// exists), apply the settings (polled while processing).
func startScript() []exchange {
	var s []exchange
	s = append(s, task(http.MethodPost, "/indexes", 1, "indexCreation", "task_succeeded.json")...)
	s = append(s, task(http.MethodPost, "/indexes", 2, "indexCreation", "task_failed_index_exists.json")...)
	v := map[string]string{"UID": "3", "TYPE": "settingsUpdate"}
	s = append(s,
		exchange{http.MethodPatch, "/indexes/jiangxin/settings", http.StatusAccepted, "task_enqueued.json", v},
		exchange{http.MethodGet, "/tasks/3", http.StatusOK, "task_processing.json", v},
		exchange{http.MethodGet, "/tasks/3", http.StatusOK, "task_succeeded.json", v},
	)
	return s
}

func open(t *testing.T, f *fakeMeili) *Index {
	t.Helper()
	ix, err := New(context.Background(), Config{URL: f.srv.URL, APIKey: "test-key", IndexName: "jiangxin",
		Synonyms: searchtest.Synonyms(), Dictionary: []string{"压力容器"}, PollInterval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	return ix
}

func decode[T any](t *testing.T, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return v
}

type settingsBody struct {
	Searchable   []string            `json:"searchableAttributes"`
	Filterable   []string            `json:"filterableAttributes"`
	Sortable     []string            `json:"sortableAttributes"`
	RankingRules []string            `json:"rankingRules"`
	Synonyms     map[string][]string `json:"synonyms"`
	Dictionary   []string            `json:"dictionary"`
	Localized    []struct {
		Locales  []string `json:"locales"`
		Patterns []string `json:"attributePatterns"`
	} `json:"localizedAttributes"`
	Typo struct {
		Enabled          bool `json:"enabled"`
		DisableOnNumbers bool `json:"disableOnNumbers"`
	} `json:"typoTolerance"`
	Pagination struct {
		MaxTotalHits int `json:"maxTotalHits"`
	} `json:"pagination"`
	Faceting struct {
		MaxValuesPerFacet int `json:"maxValuesPerFacet"`
	} `json:"faceting"`
}

type searchBody struct {
	Q                string   `json:"q"`
	Filter           []any    `json:"filter"`
	Facets           []string `json:"facets"`
	Sort             []string `json:"sort"`
	HitsPerPage      int      `json:"hitsPerPage"`
	Page             int      `json:"page"`
	Offset           *int     `json:"offset"`
	MatchingStrategy string   `json:"matchingStrategy"`
	Highlight        []string `json:"attributesToHighlight"`
	Pre              string   `json:"highlightPreTag"`
	Post             string   `json:"highlightPostTag"`
	Locales          []string `json:"locales"`
	Retrieve         []string `json:"attributesToRetrieve"`
}

func TestNewAppliesSettings(t *testing.T) {
	f := newFake(t, startScript()...)
	open(t, f)
	f.done(t)
	got := f.requests()
	if len(got) != 7 {
		t.Fatalf("%d requests, want 7", len(got))
	}
	for _, r := range got {
		if a := r.Header.Get("Authorization"); a != "Bearer test-key" {
			t.Errorf("%s %s: Authorization %q", r.Method, r.Path, a)
		}
	}
	if c := decode[map[string]string](t, got[0].Body); c["uid"] != "jiangxin" || c["primaryKey"] != "id" {
		t.Errorf("create index body %s", got[0].Body)
	}
	if c := decode[map[string]string](t, got[2].Body); c["uid"] != "jiangxin_meta" || c["primaryKey"] != "key" {
		t.Errorf("create meta index body %s", got[2].Body)
	}
	s := decode[settingsBody](t, got[4].Body)
	if !slices.Equal(s.Searchable, []string{"title", "skills", "honours", "body", "places"}) {
		t.Errorf("searchable %v", s.Searchable)
	}
	for _, a := range []string{"kind", "levelKeys", "honourKeys", "regionIds", "skillCodes", "industry", "studioKind", "roles", "enterprise", "status"} {
		if !slices.Contains(s.Filterable, a) {
			t.Errorf("filterable lacks %s: %v", a, s.Filterable)
		}
	}
	if !slices.Equal(s.Sortable, []string{"updated", "id"}) || s.RankingRules[len(s.RankingRules)-1] != "sort" {
		t.Errorf("sortable %v ranking %v", s.Sortable, s.RankingRules)
	}
	if syn := s.Synonyms["氩弧焊"]; !slices.Contains(syn, "tig焊") || !slices.Contains(syn, "141") || !slices.Contains(syn, "钨极氩弧焊") {
		t.Errorf("synonyms of 氩弧焊 = %v", syn)
	}
	if syn := s.Synonyms["tig"]; !slices.Contains(syn, "氩弧焊") {
		t.Errorf("synonyms of tig = %v", syn)
	}
	for _, w := range []string{"氩弧焊", "瓷砖镶贴", "压力容器"} {
		if !slices.Contains(s.Dictionary, w) {
			t.Errorf("dictionary lacks %s", w)
		}
	}
	if slices.Contains(s.Dictionary, "tig焊") {
		t.Error("dictionary holds a mixed Latin/Chinese term")
	}
	if len(s.Localized) != 1 || !slices.Equal(s.Localized[0].Locales, []string{"cmn"}) || !slices.Contains(s.Localized[0].Patterns, "body") {
		t.Errorf("localized attributes %+v", s.Localized)
	}
	if !s.Typo.Enabled || !s.Typo.DisableOnNumbers || s.Pagination.MaxTotalHits != search.MaxWindow || s.Faceting.MaxValuesPerFacet != search.MaxFacetValues {
		t.Errorf("typo %+v pagination %+v faceting %+v", s.Typo, s.Pagination, s.Faceting)
	}
}

func TestNewFails(t *testing.T) {
	t.Run("settings task fails", func(t *testing.T) {
		s := startScript()[:4]
		s = append(s, task(http.MethodPatch, "/indexes/jiangxin/settings", 3, "settingsUpdate", "task_failed_internal.json")...)
		f := newFake(t, s...)
		_, err := New(context.Background(), Config{URL: f.srv.URL, IndexName: "jiangxin", PollInterval: time.Millisecond})
		var te *TaskError
		if !errors.Is(err, search.ErrUnavailable) || !errors.As(err, &te) || te.Code != "no_space_left_on_device" || te.TaskUID != 3 {
			t.Errorf("err = %v, want a failed-task ErrUnavailable", err)
		}
		f.done(t)
	})
	t.Run("bad key", func(t *testing.T) {
		f := newFake(t, exchange{http.MethodPost, "/indexes", http.StatusUnauthorized, "error_invalid_api_key.json", nil})
		_, err := New(context.Background(), Config{URL: f.srv.URL, APIKey: "wrong", IndexName: "jiangxin"})
		if !errors.Is(err, search.ErrUnavailable) || !strings.Contains(err.Error(), "invalid_api_key") {
			t.Errorf("err = %v, want ErrUnavailable naming invalid_api_key", err)
		}
	})
	t.Run("no server", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL
		srv.Close()
		_, err := New(context.Background(), Config{URL: url, IndexName: "jiangxin"})
		if !errors.Is(err, search.ErrUnavailable) {
			t.Errorf("err = %v, want ErrUnavailable", err)
		}
	})
	t.Run("config", func(t *testing.T) {
		if _, err := New(context.Background(), Config{IndexName: "x"}); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("no URL: %v", err)
		}
		if _, err := New(context.Background(), Config{URL: "http://127.0.0.1:1"}); !errors.Is(err, graph.ErrInvalid) {
			t.Errorf("no index name: %v", err)
		}
	})
}

func TestIndexWaitsForTask(t *testing.T) {
	f := newFake(t, startScript()...)
	ix := open(t, f)
	f.requests()
	docs := searchtest.Documents()
	var wang, skill search.Document
	for _, d := range docs {
		switch d.ID {
		case searchtest.WkrWang:
			wang = d
		case searchtest.CodeWelder:
			skill = d
		}
	}
	f.add(task(http.MethodPost, "/indexes/jiangxin/documents", 4, "documentAdditionOrUpdate", "task_succeeded.json")...)
	if err := ix.Index(context.Background(), wang, skill); err != nil {
		t.Fatal(err)
	}
	f.done(t)
	got := f.requests()
	if len(got) != 2 || got[0].Query != "primaryKey=id" || got[0].Header.Get("Content-Type") != "application/json" {
		t.Fatalf("requests %+v", got)
	}
	sent := decode[[]map[string]any](t, got[0].Body)
	if len(sent) != 2 {
		t.Fatalf("sent %d documents", len(sent))
	}
	w := sent[0]
	want := map[string]any{
		"id": "wkr_wang", "kind": "WORKER", "title": "王建国", "industry": "装备制造", "enterprise": searchtest.EntMachinery,
		"skills":      []any{"焊工", "电焊工"},
		"skillCodes":  []any{searchtest.CodeWelder},
		"levels":      []any{"TECHNICIAN"},
		"levelKeys":   []any{"6-18-02-04@1", "@1", "6-18-02-04@2", "@2", "6-18-02-04@3", "@3", "6-18-02-04@4", "@4"},
		"honourTiers": []any{"NATIONAL", "CITY"},
		"honourKeys":  []any{"ENTERPRISE", "TOWN", "DISTRICT", "CITY", "PROVINCIAL", "NATIONAL"},
		"regionIds":   []any{searchtest.RegJilin, searchtest.RegLiaoyuan, searchtest.RegLongshan},
		"roles":       []any{"CRAFTSMAN", "MODEL_WORKER"},
		"places":      []any{"吉林省", "辽源市", "龙山区", "辽源重型机械制造有限公司"},
		"updated":     float64(wang.UpdatedAt.UnixMilli()),
	}
	for k, v := range want {
		if fmt.Sprint(w[k]) != fmt.Sprint(v) {
			t.Errorf("document field %s = %v, want %v", k, w[k], v)
		}
	}
	if _, ok := w["suggest"]; ok {
		t.Error("worker document has suggest terms")
	}
	if fmt.Sprint(sent[1]["suggest"]) != "[焊工 电焊工]" {
		t.Errorf("skill suggest = %v", sent[1]["suggest"])
	}

	t.Run("failed task with invalid input", func(t *testing.T) {
		f.add(task(http.MethodPost, "/indexes/jiangxin/documents", 5, "documentAdditionOrUpdate", "task_failed_document.json")...)
		err := ix.Index(context.Background(), wang)
		var te *TaskError
		if !errors.Is(err, search.ErrInvalid) || !errors.As(err, &te) || te.Code != "invalid_document_id" || te.Status != "failed" {
			t.Errorf("err = %v, want ErrInvalid from the task", err)
		}
		f.done(t)
	})
	t.Run("failed task on the server", func(t *testing.T) {
		f.add(task(http.MethodPost, "/indexes/jiangxin/documents", 6, "documentAdditionOrUpdate", "task_failed_internal.json")...)
		err := ix.Index(context.Background(), wang)
		if !errors.Is(err, search.ErrUnavailable) || errors.Is(err, search.ErrInvalid) {
			t.Errorf("err = %v, want ErrUnavailable", err)
		}
		f.done(t)
	})
	t.Run("IDs Meilisearch cannot store are rejected before sending", func(t *testing.T) {
		f.requests()
		bad := wang
		bad.ID = "wkr wang"
		if err := ix.Index(context.Background(), bad); !errors.Is(err, search.ErrInvalid) {
			t.Errorf("err = %v, want ErrInvalid", err)
		}
		if n := len(f.requests()); n != 0 {
			t.Errorf("%d requests sent", n)
		}
	})
	t.Run("enqueue refused", func(t *testing.T) {
		f.add(exchange{http.MethodPost, "/indexes/jiangxin/documents", http.StatusInternalServerError, "error_internal.json", nil})
		if err := ix.Index(context.Background(), wang); !errors.Is(err, search.ErrUnavailable) {
			t.Errorf("err = %v, want ErrUnavailable", err)
		}
		f.done(t)
	})
}

func TestDelete(t *testing.T) {
	f := newFake(t, startScript()...)
	ix := open(t, f)
	f.requests()
	f.add(task(http.MethodPost, "/indexes/jiangxin/documents/delete-batch", 4, "documentDeletion", "task_succeeded.json")...)
	if err := ix.Delete(context.Background(), "wkr_a", "6-18-02-04", "not valid"); err != nil {
		t.Fatal(err)
	}
	f.done(t)
	got := f.requests()
	if ids := decode[[]string](t, got[0].Body); !slices.Equal(ids, []string{"wkr_a", "6-18-02-04"}) {
		t.Errorf("deleted %v", ids)
	}
	if err := ix.Delete(context.Background()); err != nil || len(f.requests()) != 0 {
		t.Errorf("empty delete: %v", err)
	}
}

func TestSearchRequestAndMapping(t *testing.T) {
	f := newFake(t, startScript()...)
	ix := open(t, f)
	f.requests()
	f.add(exchange{http.MethodPost, "/indexes/jiangxin/search", http.StatusOK, "search_response.json", nil})
	res, err := ix.Search(context.Background(), search.Query{
		Text:  `數控 "CNC`,
		Kinds: []search.Kind{search.KindWorker},
		Filters: search.Filters{RegionID: searchtest.RegChangsha, SkillCode: searchtest.CodeCNC,
			MinLevel: graph.LevelTechnician, HonourTier: graph.TierCity},
		Facets: []search.Facet{search.FacetLevel, search.FacetHonourTier},
		Limit:  2, Offset: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := f.requests()
	body := decode[searchBody](t, got[0].Body)
	wantFilter := `[[kind = "WORKER"] levelKeys = "6-18-01-07@4" honourKeys = "CITY" regionIds = "reg_changsha"]`
	switch {
	case body.Q != "数控 cnc":
		t.Errorf("q = %q, want the folded words only", body.Q)
	case fmt.Sprint(body.Filter) != wantFilter:
		t.Errorf("filter = %v, want %s", body.Filter, wantFilter)
	case !slices.Equal(body.Facets, []string{"levels", "honourTiers"}):
		t.Errorf("facets = %v", body.Facets)
	case !slices.Equal(body.Sort, []string{"updated:desc", "id:asc"}):
		t.Errorf("sort = %v", body.Sort)
	case body.HitsPerPage != 3 || body.Page != 1 || body.Offset != nil:
		t.Errorf("paging hitsPerPage %d page %d offset %v", body.HitsPerPage, body.Page, body.Offset)
	case body.MatchingStrategy != "all" || !slices.Equal(body.Locales, []string{"cmn"}):
		t.Errorf("matching %q locales %v", body.MatchingStrategy, body.Locales)
	case body.Pre != "\uE000" || body.Post != "\uE001" || len(body.Highlight) != 5:
		t.Errorf("highlight %v %q %q", body.Highlight, body.Pre, body.Post)
	case !slices.Equal(body.Retrieve, []string{"id", "kind"}):
		t.Errorf("retrieve %v", body.Retrieve)
	}

	if res.Total != 5 {
		t.Errorf("Total = %d, want totalHits 5", res.Total)
	}
	if ids := res.IDs(); !slices.Equal(ids, []string{"wkr_liu", "wkr_huang"}) {
		t.Fatalf("hits = %v, want the window after the offset", ids)
	}
	h := res.Hits[0]
	if h.Kind != search.KindWorker || h.Score != 0.9545 {
		t.Errorf("hit %+v", h)
	}
	if b := h.Highlights[search.FieldBody]; len(b) != 1 || b[0] != "负责<em>数控</em>铣床和加工中心的五轴加工 &lt;b&gt;&amp;&lt;/b&gt;" {
		t.Errorf("body highlight %q", b)
	}
	if _, ok := h.Highlights[search.FieldPlaces]; ok {
		t.Errorf("unmarked field returned as highlight: %v", h.Highlights)
	}
	if tt := res.Hits[1].Highlights[search.FieldTitle]; len(tt) != 1 || tt[0] != "黄<em>CNC</em>" {
		t.Errorf("title highlight %q", tt)
	}
	wantFacets := map[search.Facet][]search.FacetValue{
		search.FacetLevel:      {{Value: "TECHNICIAN", Count: 3}, {Value: "SENIOR", Count: 2}, {Value: "SENIOR_TECHNICIAN", Count: 1}},
		search.FacetHonourTier: {{Value: "CITY", Count: 1}},
	}
	if fmt.Sprint(res.Facets) != fmt.Sprint(wantFacets) {
		t.Errorf("facets = %v, want %v", res.Facets, wantFacets)
	}
	f.done(t)
}

func TestSearchErrors(t *testing.T) {
	f := newFake(t, startScript()...)
	ix := open(t, f)
	ctx := context.Background()
	cases := []struct {
		name   string
		status int
		file   string
		want   error
	}{
		{"invalid filter", http.StatusBadRequest, "error_invalid_filter.json", search.ErrInvalid},
		{"bad key", http.StatusForbidden, "error_invalid_api_key.json", search.ErrUnavailable},
		{"internal", http.StatusInternalServerError, "error_internal.json", search.ErrUnavailable},
		{"not JSON", http.StatusOK, "", search.ErrUnavailable},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f.add(exchange{http.MethodPost, "/indexes/jiangxin/search", c.status, c.file, nil})
			_, err := ix.Search(ctx, search.Query{Text: "焊"})
			if !errors.Is(err, c.want) {
				t.Errorf("err = %v, want %v", err, c.want)
			}
			f.done(t)
		})
	}
	t.Run("invalid query never sent", func(t *testing.T) {
		f.requests()
		for _, q := range []search.Query{{Facets: []search.Facet{"colour"}}, {Text: strings.Repeat("焊", 10000)},
			{Text: strings.Repeat("氩弧焊 ", 40)}} {
			if _, err := ix.Search(ctx, q); !errors.Is(err, search.ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		}
		if n := len(f.requests()); n != 0 {
			t.Errorf("%d requests sent", n)
		}
	})
	t.Run("query syntax is stripped", func(t *testing.T) {
		f.add(exchange{http.MethodPost, "/indexes/jiangxin/search", http.StatusOK, "stats_search_response.json", nil})
		if _, err := ix.Search(ctx, search.Query{Text: `+foo -bar "field:x ~2 *`}); err != nil {
			t.Fatal(err)
		}
		if q := decode[map[string]any](t, f.requests()[0].Body)["q"]; q != "foo bar field x 2" {
			t.Errorf("q = %q", q)
		}
		if res, err := ix.Search(ctx, search.Query{Text: "*?!"}); err != nil || res.Total != 0 || len(f.requests()) != 0 {
			t.Errorf("punctuation-only query: %+v, %v", res, err)
		}
	})
	t.Run("canceled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := ix.Search(cctx, search.Query{Text: "焊"}); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("closed", func(t *testing.T) {
		_ = ix.Close()
		if _, err := ix.Search(ctx, search.Query{Text: "焊"}); !errors.Is(err, search.ErrClosed) {
			t.Errorf("err = %v, want ErrClosed", err)
		}
	})
}

func TestStatsMetaSuggest(t *testing.T) {
	f := newFake(t, startScript()...)
	ix := open(t, f)
	ctx := context.Background()
	f.requests()

	f.add(exchange{http.MethodPost, "/indexes/jiangxin/search", http.StatusOK, "stats_search_response.json", nil})
	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[search.Kind]int{"ENTERPRISE": 3, "PROBLEM": 3, "SKILL": 7, "STUDIO": 2, "WORKER": 10}
	if st.Documents != 25 || fmt.Sprint(st.ByKind) != fmt.Sprint(want) {
		t.Errorf("stats %+v", st)
	}
	if b := decode[map[string]any](t, f.requests()[0].Body); fmt.Sprint(b["facets"]) != "[kind]" || b["hitsPerPage"] != 0.0 {
		t.Errorf("stats request %v", b)
	}

	metaPath := "/indexes/jiangxin_meta/documents/dmVyc2lvbg" // base64url("version")
	f.add(exchange{http.MethodGet, metaPath, http.StatusNotFound, "error_document_not_found.json", nil},
		exchange{http.MethodGet, metaPath, http.StatusOK, "meta_document.json", nil})
	if v, err := ix.Meta(ctx, "version"); err != nil || v != "" {
		t.Errorf("missing meta = %q, %v", v, err)
	}
	if v, err := ix.Meta(ctx, "version"); err != nil || v != "jiangxin-search-1:2026-03-01" {
		t.Errorf("meta = %q, %v", v, err)
	}
	f.requests()
	f.add(task(http.MethodPost, "/indexes/jiangxin_meta/documents", 7, "documentAdditionOrUpdate", "task_succeeded.json")...)
	f.add(task(http.MethodPost, "/indexes/jiangxin_meta/documents/delete-batch", 8, "documentDeletion", "task_succeeded.json")...)
	if err := ix.SetMeta(ctx, "version", "v2"); err != nil {
		t.Fatal(err)
	}
	if err := ix.SetMeta(ctx, "version", ""); err != nil {
		t.Fatal(err)
	}
	got := f.requests()
	if got[0].Query != "primaryKey=key" || string(got[0].Body) != `[{"key":"dmVyc2lvbg","name":"version","value":"v2"}]` {
		t.Errorf("set meta request %s %s", got[0].Query, got[0].Body)
	}
	if string(got[2].Body) != `["dmVyc2lvbg"]` {
		t.Errorf("delete meta request %s", got[2].Body)
	}

	f.add(exchange{http.MethodPost, "/indexes/jiangxin/search", http.StatusOK, "suggest_response.json", nil})
	ss, err := ix.SuggestSkills(ctx, "電", 2)
	if err != nil {
		t.Fatal(err)
	}
	wantS := []search.Suggestion{{Code: "6-31-01-03", Name: "电工", Matched: "电工"}, {Code: "6-18-02-04", Name: "焊工", Matched: "电焊工"}}
	if !slices.Equal(ss, wantS) {
		t.Errorf("suggestions %+v, want %+v", ss, wantS)
	}
	b := decode[map[string]any](t, f.requests()[0].Body)
	if b["q"] != "电" || fmt.Sprint(b["filter"]) != `[kind = "SKILL"]` || fmt.Sprint(b["attributesToSearchOn"]) != "[skills]" {
		t.Errorf("suggest request %v", b)
	}
	f.done(t)
}

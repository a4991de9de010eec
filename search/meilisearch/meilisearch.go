// Package meilisearch is a search.Index on a Meilisearch server, through meilisearch-go.
//
// New applies the index settings (searchable, filterable and sortable attributes, ranking rules,
// synonyms, Chinese localized attributes, a dictionary of trade words) and every write waits for
// its task, checking the task's final status, so writes are visible to Search when they return.
// Metadata (search.Index.Meta) lives in a second index named IndexName + "_meta".
//
// Query text is folded (traditional → simplified, width, case) and reduced to its words before it
// is sent, so Meilisearch's own operators (quoted phrases, -negation) cannot be injected; synonym
// groups are installed as Meilisearch synonyms and expanded by the server.
package meilisearch

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	meili "github.com/meilisearch/meilisearch-go"

	"jiangxin/graph"
	"jiangxin/search"
)

var _ search.Index = (*Index)(nil)

// Config configures an Index.
type Config struct {
	URL       string // server address, e.g. http://127.0.0.1:7700
	APIKey    string // master or admin key; may be empty for an open server
	IndexName string // index UID; the metadata index is IndexName + "_meta"
	// Synonyms are installed as the index's synonyms and bound the number of query terms; nil
	// means none.
	Synonyms *search.Synonyms
	// Dictionary lists extra words Meilisearch must keep whole when segmenting Chinese; the
	// Chinese members of the synonym groups are always added.
	Dictionary []string
	// HTTPClient is used for requests; nil means a client with a 30 s timeout.
	HTTPClient *http.Client
	// PollInterval is how often a task's status is polled; 0 means 50 ms.
	PollInterval time.Duration
}

// Index is a search.Index on one Meilisearch index.
type Index struct {
	mu       sync.RWMutex
	closed   bool
	client   meili.ServiceManager
	idx      meili.IndexManager
	meta     meili.IndexManager
	syn      *search.Synonyms
	interval time.Duration
}

// Attribute names of the documents sent to Meilisearch.
const (
	aID          = "id"
	aKind        = "kind"
	aTitle       = "title"
	aBody        = "body"
	aSkills      = "skills"
	aHonours     = "honours"
	aPlaces      = "places"
	aSkillCodes  = "skillCodes"
	aLevelKeys   = "levelKeys"
	aLevels      = "levels"
	aHonourKeys  = "honourKeys"
	aHonourTiers = "honourTiers"
	aIndustry    = "industry"
	aStudioKind  = "studioKind"
	aRoles       = "roles"
	aEnterprise  = "enterprise"
	aRegions     = "regionIds"
	aStatus      = "status"
	aUpdated     = "updated"
	aSuggest     = "suggest"
)

// searchable lists the searchable attributes, most important first (the attribute rule ranks
// by this order).
var searchable = []string{aTitle, aSkills, aHonours, aBody, aPlaces}

var filterable = []string{aKind, aSkillCodes, aLevelKeys, aLevels, aHonourKeys, aHonourTiers,
	aIndustry, aStudioKind, aRoles, aEnterprise, aRegions, aStatus}

var facetAttrs = map[search.Facet]string{
	search.FacetKind:       aKind,
	search.FacetSkill:      aSkillCodes,
	search.FacetLevel:      aLevels,
	search.FacetHonourTier: aHonourTiers,
	search.FacetIndustry:   aIndustry,
	search.FacetStudioKind: aStudioKind,
	search.FacetRole:       aRoles,
	search.FacetEnterprise: aEnterprise,
	search.FacetRegion:     aRegions,
	search.FacetStatus:     aStatus,
}

// Highlight marks: private-use characters that cannot occur in the escaped output, replaced by
// <em> and </em> after HTML escaping.
const (
	markPre  = "\uE000"
	markPost = "\uE001"
)

// New connects to the server, creates the index and the metadata index when missing, applies the
// settings and waits for every task. It returns an ErrInvalid error for a config without URL or
// IndexName, and an error wrapping search.ErrUnavailable when the server fails or a task fails.
func New(ctx context.Context, cfg Config) (*Index, error) {
	if cfg.URL == "" {
		return nil, graph.Invalid("url", "meilisearch URL is required")
	}
	if cfg.IndexName == "" {
		return nil, graph.Invalid("indexName", "meilisearch index name is required")
	}
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	opts := []meili.Option{meili.WithCustomClient(hc)}
	if cfg.APIKey != "" {
		opts = append(opts, meili.WithAPIKey(cfg.APIKey))
	}
	client := meili.New(cfg.URL, opts...)
	ix := &Index{
		client:   client,
		idx:      client.Index(cfg.IndexName),
		meta:     client.Index(cfg.IndexName + "_meta"),
		syn:      cfg.Synonyms,
		interval: cfg.PollInterval,
	}
	if ix.interval <= 0 {
		ix.interval = 50 * time.Millisecond
	}
	for _, c := range []struct{ uid, key string }{{cfg.IndexName, aID}, {cfg.IndexName + "_meta", "key"}} {
		if err := ix.createIndex(ctx, c.uid, c.key); err != nil {
			client.Close()
			return nil, err
		}
	}
	task, err := ix.idx.UpdateSettingsWithContext(ctx, settings(cfg))
	if err = ix.wait(ctx, "apply settings", task, err); err != nil {
		client.Close()
		return nil, err
	}
	return ix, nil
}

// createIndex creates an index and waits; an index that already exists is fine.
func (ix *Index) createIndex(ctx context.Context, uid, primaryKey string) error {
	task, err := ix.client.CreateIndexWithContext(ctx, &meili.IndexConfig{Uid: uid, PrimaryKey: primaryKey})
	err = ix.wait(ctx, "create index "+uid, task, err)
	if errors.Is(err, errIndexExists) {
		return nil
	}
	return err
}

// settings returns the index settings for cfg.
func settings(cfg Config) *meili.Settings {
	syn := map[string][]string{}
	dict := slices.Clone(cfg.Dictionary)
	for _, g := range cfg.Synonyms.Groups() {
		for _, m := range g {
			for _, o := range g {
				if o != m && !slices.Contains(syn[m], o) {
					syn[m] = append(syn[m], o)
				}
			}
			if isHanWord(m) && !slices.Contains(dict, m) {
				dict = append(dict, m)
			}
		}
	}
	slices.Sort(dict)
	prefix := "indexingTime"
	return &meili.Settings{
		SearchableAttributes: searchable,
		FilterableAttributes: filterable,
		SortableAttributes:   []string{aUpdated, aID},
		DisplayedAttributes:  []string{aID, aKind, aTitle, aBody, aSkills, aHonours, aPlaces},
		// Relevance first; the sort parameter (updated, id) only breaks ties.
		RankingRules: []string{"words", "typo", "proximity", "attribute", "exactness", "sort"},
		Synonyms:     syn,
		Dictionary:   dict,
		LocalizedAttributes: []*meili.LocalizedAttributes{
			{Locales: []string{"cmn"}, AttributePatterns: []string{aTitle, aBody, aSkills, aHonours, aPlaces, aSuggest}},
		},
		TypoTolerance: &meili.TypoTolerance{
			Enabled:             true,
			MinWordSizeForTypos: meili.MinWordSizeForTypos{OneTypo: 5, TwoTypos: 9},
			DisableOnNumbers:    true, // 141 (TIG) must not match 131 (MIG)
			DisableOnWords:      []string{},
			DisableOnAttributes: []string{},
		},
		Pagination:   &meili.Pagination{MaxTotalHits: search.MaxWindow},
		Faceting:     &meili.Faceting{MaxValuesPerFacet: search.MaxFacetValues, SortFacetValuesBy: map[string]meili.SortFacetType{"*": meili.SortFacetTypeCount}},
		PrefixSearch: &prefix,
	}
}

// isHanWord reports whether s is made of Chinese characters only.
func isHanWord(s string) bool {
	for _, r := range s {
		if !search.IsHan(r) {
			return false
		}
	}
	return s != ""
}

// use runs f unless the index is closed.
func (ix *Index) use(f func() error) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return search.ErrClosed
	}
	return f()
}

// document is what Meilisearch stores for a search.Document.
type document struct {
	ID          string   `json:"id"`
	Kind        string   `json:"kind"`
	Title       string   `json:"title"`
	Body        []string `json:"body"`
	Skills      []string `json:"skills"`
	Honours     []string `json:"honours"`
	Places      []string `json:"places"`
	SkillCodes  []string `json:"skillCodes"`
	LevelKeys   []string `json:"levelKeys"`
	Levels      []string `json:"levels"`
	HonourKeys  []string `json:"honourKeys"`
	HonourTiers []string `json:"honourTiers"`
	Industry    string   `json:"industry,omitempty"`
	StudioKind  string   `json:"studioKind,omitempty"`
	Roles       []string `json:"roles"`
	Enterprise  string   `json:"enterprise,omitempty"`
	Regions     []string `json:"regionIds"`
	Status      string   `json:"status,omitempty"`
	Updated     int64    `json:"updated"`
	Suggest     []string `json:"suggest,omitempty"`
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

func toDocument(d *search.Document) document {
	roles := []string{}
	for _, r := range d.Roles {
		roles = append(roles, string(r))
	}
	doc := document{
		ID:          d.ID,
		Kind:        string(d.Kind),
		Title:       d.Title,
		Body:        nonNil(search.BodyTexts(d)),
		Skills:      nonNil(search.SkillNames(d)),
		Honours:     nonNil(search.HonourTitles(d)),
		Places:      nonNil(search.Places(d)),
		SkillCodes:  nonNil(search.SkillCodes(d)),
		LevelKeys:   nonNil(search.LevelKeys(d)),
		Levels:      nonNil(search.LevelNames(d)),
		HonourKeys:  nonNil(search.HonourKeys(d)),
		HonourTiers: nonNil(search.HonourTiers(d)),
		Industry:    d.Industry,
		StudioKind:  string(d.StudioKind),
		Roles:       roles,
		Enterprise:  d.EnterpriseID,
		Regions:     nonNil(search.RegionIDs(d)),
		Status:      d.Status,
		Updated:     d.UpdatedAt.UnixMilli(),
	}
	if d.Kind == search.KindSkill {
		for _, n := range doc.Skills {
			doc.Suggest = append(doc.Suggest, search.Fold(n))
		}
	}
	return doc
}

// maxBatch is how many documents one addition task carries.
const maxBatch = 5000

// Index adds or replaces documents and waits for each task. See search.Index.
func (ix *Index) Index(ctx context.Context, docs ...search.Document) error {
	for i := range docs {
		if err := docs[i].Validate(); err != nil {
			return fmt.Errorf("document %d: %w", i, err)
		}
		if !validID(docs[i].ID) {
			return graph.Invalid("id", "document ID %q has characters other than a-z A-Z 0-9 - _", docs[i].ID)
		}
	}
	return ix.use(func() error {
		pk := aID
		for start := 0; start < len(docs); start += maxBatch {
			batch := make([]document, 0, min(maxBatch, len(docs)-start))
			for i := start; i < min(start+maxBatch, len(docs)); i++ {
				batch = append(batch, toDocument(&docs[i]))
			}
			task, err := ix.idx.AddDocumentsWithContext(ctx, batch, &meili.DocumentOptions{PrimaryKey: &pk})
			if err := ix.wait(ctx, "index documents", task, err); err != nil {
				return err
			}
		}
		return nil
	})
}

// validID reports whether id is a valid Meilisearch document ID.
func validID(id string) bool {
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return len(id) > 0 && len(id) <= 511
}

// Delete removes documents by ID and waits. See search.Index.
func (ix *Index) Delete(ctx context.Context, ids ...string) error {
	var valid []string
	for _, id := range ids {
		if validID(id) { // other IDs cannot be stored, so there is nothing to delete
			valid = append(valid, id)
		}
	}
	return ix.use(func() error {
		for start := 0; start < len(valid); start += maxBatch {
			task, err := ix.idx.DeleteDocumentsWithContext(ctx, valid[start:min(start+maxBatch, len(valid))], nil)
			if err := ix.wait(ctx, "delete documents", task, err); err != nil {
				return err
			}
		}
		return nil
	})
}

// queryText reduces folded text to its words, separated by spaces: no quotes, no operators.
func queryText(clauses []search.Clause) string {
	var words []string
	for _, c := range clauses {
		for _, t := range search.SplitTerms(c.Alternatives[0]) {
			words = append(words, t.Text)
		}
	}
	return strings.Join(words, " ")
}

// quote returns s as a filter string literal.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// filter returns q's filter in Meilisearch's array form: the outer list is ANDed, an inner list
// ORed.
func filter(q search.Query) []any {
	var f []any
	if len(q.Kinds) > 0 {
		var or []string
		for _, k := range q.Kinds {
			or = append(or, aKind+" = "+quote(string(k)))
		}
		f = append(f, or)
	}
	add := func(attr, v string) {
		if v != "" {
			f = append(f, attr+" = "+quote(v))
		}
	}
	fl := q.Filters
	if key := search.FilterLevelKey(fl); key != "" {
		add(aLevelKeys, key)
	} else {
		add(aSkillCodes, fl.SkillCode)
	}
	add(aHonourKeys, string(fl.HonourTier))
	add(aRegions, fl.RegionID)
	add(aIndustry, fl.Industry)
	add(aStudioKind, string(fl.StudioKind))
	add(aRoles, string(fl.Role))
	add(aEnterprise, fl.EnterpriseID)
	add(aStatus, fl.Status)
	return f
}

// Search runs q. See search.Index.
func (ix *Index) Search(ctx context.Context, q search.Query) (*search.Result, error) {
	q, err := q.Normalize()
	if err != nil {
		return nil, err
	}
	clauses, err := ix.syn.Parse(q.Text)
	if err != nil {
		return nil, err
	}
	text := queryText(clauses)
	if q.Text != "" && text == "" {
		return emptyResult(q), nil // punctuation only: nothing can match
	}
	window := int64(q.Offset + q.Limit)
	req := &meili.SearchRequest{
		HitsPerPage:          &window,
		Page:                 1,
		AttributesToRetrieve: []string{aID, aKind},
		Sort:                 []string{aUpdated + ":desc", aID + ":asc"},
		MatchingStrategy:     meili.All,
		Locales:              []string{"cmn"},
	}
	if f := filter(q); len(f) > 0 {
		req.Filter = f
	}
	if text != "" {
		req.AttributesToHighlight = searchable
		req.HighlightPreTag = markPre
		req.HighlightPostTag = markPost
		req.AttributesToCrop = []string{aBody}
		req.CropLength = 40
		req.CropMarker = "…"
		req.ShowRankingScore = true
	}
	for _, f := range q.Facets {
		req.Facets = append(req.Facets, facetAttrs[f])
	}
	var resp *meili.SearchResponse
	err = ix.use(func() error {
		var err error
		resp, err = ix.idx.SearchWithContext(ctx, text, req)
		return err
	})
	if err != nil {
		return nil, translate(ctx, "search", err)
	}
	return mapResponse(q, resp)
}

func emptyResult(q search.Query) *search.Result {
	r := &search.Result{Facets: map[search.Facet][]search.FacetValue{}}
	for _, f := range q.Facets {
		r.Facets[f] = []search.FacetValue{}
	}
	return r
}

// mapResponse turns a search response into a Result page.
func mapResponse(q search.Query, resp *meili.SearchResponse) (*search.Result, error) {
	out := emptyResult(q)
	out.Total = int(resp.TotalHits)
	for i, h := range resp.Hits {
		if i < q.Offset {
			continue
		}
		var hit struct {
			ID        string                     `json:"id"`
			Kind      search.Kind                `json:"kind"`
			Score     float64                    `json:"_rankingScore"`
			Formatted map[string]json.RawMessage `json:"_formatted"`
		}
		if err := h.DecodeInto(&hit); err != nil {
			return nil, search.Unavailable("decode hit", err)
		}
		out.Hits = append(out.Hits, search.Hit{ID: hit.ID, Kind: hit.Kind, Score: hit.Score,
			Highlights: highlights(hit.Formatted)})
	}
	if len(q.Facets) > 0 && len(resp.FacetDistribution) > 0 {
		var dist map[string]map[string]int
		if err := json.Unmarshal(resp.FacetDistribution, &dist); err != nil {
			return nil, search.Unavailable("decode facets", err)
		}
		for _, f := range q.Facets {
			vals := []search.FacetValue{}
			for v, n := range dist[facetAttrs[f]] {
				vals = append(vals, search.FacetValue{Value: v, Count: n})
			}
			out.Facets[f] = search.SortFacet(vals)
		}
	}
	return out, nil
}

// highlights extracts the marked values of _formatted: each string (or array element) holding
// a mark becomes a fragment, HTML-escaped, with the marks turned into <em>…</em>.
func highlights(formatted map[string]json.RawMessage) map[string][]string {
	if len(formatted) == 0 {
		return nil
	}
	out := map[string][]string{}
	for _, attr := range searchable {
		raw, ok := formatted[attr]
		if !ok {
			continue
		}
		var vals []string
		var one string
		if err := json.Unmarshal(raw, &one); err == nil {
			vals = []string{one}
		} else if err := json.Unmarshal(raw, &vals); err != nil {
			continue
		}
		for _, v := range vals {
			if !strings.Contains(v, markPre) {
				continue
			}
			frag := html.EscapeString(v)
			frag = strings.NewReplacer(markPre, "<em>", markPost, "</em>").Replace(frag)
			frag = strings.ReplaceAll(frag, "<em></em>", "")
			out[attr] = append(out[attr], frag)
		}
	}
	return out
}

// SuggestSkills returns skills for type-ahead. See search.Index. Meilisearch matches the prefix
// as the start of a word (and through its synonyms); skills whose name starts with the prefix
// come first, then those with an alias that does, then the rest, shorter matches first.
func (ix *Index) SuggestSkills(ctx context.Context, prefix string, limit int) ([]search.Suggestion, error) {
	limit, err := search.SuggestLimit(prefix, limit)
	if err != nil {
		return nil, err
	}
	p := search.Fold(search.CleanText(prefix))
	words := search.SplitTerms(p)
	if len(words) == 0 {
		return nil, nil
	}
	text := make([]string, len(words))
	for i, w := range words {
		text[i] = w.Text
	}
	n := int64(50)
	req := &meili.SearchRequest{
		HitsPerPage:          &n,
		Page:                 1,
		AttributesToRetrieve: []string{aID, aTitle, aSkills},
		AttributesToSearchOn: []string{aSkills},
		Filter:               []any{aKind + " = " + quote(string(search.KindSkill))},
		MatchingStrategy:     meili.All,
		Locales:              []string{"cmn"},
	}
	var resp *meili.SearchResponse
	err = ix.use(func() error {
		var err error
		resp, err = ix.idx.SearchWithContext(ctx, strings.Join(text, " "), req)
		return err
	})
	if err != nil {
		return nil, translate(ctx, "suggest skills", err)
	}
	return rankSuggestions(resp.Hits, p, limit)
}

func rankSuggestions(hits meili.Hits, p string, limit int) ([]search.Suggestion, error) {
	type cand struct {
		s    search.Suggestion
		rank int
	}
	var cands []cand
	for _, h := range hits {
		var d struct {
			ID     string   `json:"id"`
			Title  string   `json:"title"`
			Skills []string `json:"skills"`
		}
		if err := h.DecodeInto(&d); err != nil {
			return nil, search.Unavailable("decode hit", err)
		}
		c := cand{s: search.Suggestion{Code: d.ID, Name: d.Title, Matched: d.Title}, rank: 2}
		if strings.HasPrefix(search.Fold(d.Title), p) {
			c.rank = 0
		} else {
			for _, n := range d.Skills {
				if strings.HasPrefix(search.Fold(n), p) {
					c.s.Matched, c.rank = n, 1
					break
				}
			}
		}
		cands = append(cands, c)
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		if a.rank != b.rank {
			return a.rank - b.rank
		}
		if la, lb := utf8.RuneCountInString(a.s.Matched), utf8.RuneCountInString(b.s.Matched); la != lb {
			return la - lb
		}
		return strings.Compare(a.s.Code, b.s.Code)
	})
	out := []search.Suggestion{}
	for _, c := range cands[:min(limit, len(cands))] {
		out = append(out, c.s)
	}
	return out, nil
}

// Stats counts documents per kind. See search.Index.
func (ix *Index) Stats(ctx context.Context) (search.Stats, error) {
	st := search.Stats{ByKind: map[search.Kind]int{}}
	zero := int64(0)
	err := ix.use(func() error {
		resp, err := ix.idx.SearchWithContext(ctx, "", &meili.SearchRequest{
			HitsPerPage: &zero, Page: 1, Facets: []string{aKind}})
		if err != nil {
			return translate(ctx, "count documents", err)
		}
		st.Documents = int(resp.TotalHits)
		var dist map[string]map[string]int
		if len(resp.FacetDistribution) > 0 {
			if err := json.Unmarshal(resp.FacetDistribution, &dist); err != nil {
				return search.Unavailable("decode facets", err)
			}
		}
		for k, n := range dist[aKind] {
			st.ByKind[search.Kind(k)] = n
		}
		return nil
	})
	return st, err
}

// metaID encodes a metadata key as a document ID.
func metaID(key string) string { return base64.RawURLEncoding.EncodeToString([]byte(key)) }

type metaDoc struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Meta returns a metadata value. See search.Index.
func (ix *Index) Meta(ctx context.Context, key string) (string, error) {
	var d metaDoc
	err := ix.use(func() error {
		err := ix.meta.GetDocumentWithContext(ctx, metaID(key), nil, &d)
		if apiCode(err) == "document_not_found" {
			d = metaDoc{}
			return nil
		}
		if err != nil {
			return translate(ctx, "read metadata", err)
		}
		return nil
	})
	return d.Value, err
}

// SetMeta stores or removes a metadata value and waits. See search.Index.
func (ix *Index) SetMeta(ctx context.Context, key, value string) error {
	if err := search.CheckMeta(key, value); err != nil {
		return err
	}
	return ix.use(func() error {
		if value == "" {
			task, err := ix.meta.DeleteDocumentsWithContext(ctx, []string{metaID(key)}, nil)
			return ix.wait(ctx, "delete metadata", task, err)
		}
		pk := "key"
		task, err := ix.meta.AddDocumentsWithContext(ctx, []metaDoc{{Key: metaID(key), Name: key, Value: value}},
			&meili.DocumentOptions{PrimaryKey: &pk})
		return ix.wait(ctx, "write metadata", task, err)
	})
}

// Close releases the client's connections. See search.Index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if !ix.closed {
		ix.closed = true
		ix.client.Close()
	}
	return nil
}

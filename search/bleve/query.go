package bleve

import (
	"context"
	"encoding/json"
	"html"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"jiangxin/search"
)

// phrase returns the query matching text in field (see phraseQuery), or nil when the text has
// no terms.
func (ix *Index) phrase(text, field string, boost float64) query.Query {
	terms := ix.phraseTerms(text)
	if len(terms) == 0 {
		return nil
	}
	return phraseQuery(terms, field, boost)
}

// coveredByOther reports whether another phrase of ps (a different one, or the same one at a
// lower index) occurs within ps[i] as a contiguous run of terms.
func coveredByOther(ps [][]string, i int) bool {
	for j, p := range ps {
		if j == i || len(p) > len(ps[i]) || len(p) == len(ps[i]) && j > i {
			continue
		}
		for k := 0; k+len(p) <= len(ps[i]); k++ {
			if slices.Equal(ps[i][k:k+len(p)], p) {
				return true
			}
		}
	}
	return false
}

// phraseQuery matches a document whose field holds every term ("" gaps are skipped): one term
// is a term query, more a conjunction. Positions are not checked: a Chinese run is represented by
// its overlapping bigrams, so two characters match only where they stand together, and a longer
// run only where all of its neighbouring pairs occur, which in practice is where the run occurs.
// Avoiding phrase searchers keeps queries fast on large indexes (they read term vectors for
// every candidate).
func phraseQuery(terms []string, field string, boost float64) query.Query {
	var qs []query.Query
	for _, t := range terms {
		if t == "" {
			continue
		}
		q := query.NewTermQuery(t)
		q.SetField(field)
		qs = append(qs, q)
	}
	if len(qs) == 1 {
		q := qs[0].(*query.TermQuery)
		q.SetBoost(boost)
		return q
	}
	q := query.NewConjunctionQuery(qs)
	q.SetBoost(boost)
	return q
}

// phraseTerms analyses text and keeps, per position, the bigram when there is one, otherwise
// the unigram or word; a unigram already covered by the previous bigram becomes a gap (""), so
// 氩弧焊 gives [氩弧 弧焊] and a lone 焊 gives [焊]. Trailing gaps are dropped.
func (ix *Index) phraseTerms(text string) []string {
	toks := ix.analyzer.Analyze([]byte(search.FoldTraditional(text)))
	if len(toks) == 0 {
		return nil
	}
	byPos := map[int]*analysis.Token{}
	minPos, maxPos := toks[0].Position, toks[0].Position
	for _, t := range toks {
		cur := byPos[t.Position]
		if cur == nil || (t.Type == analysis.Double && cur.Type != analysis.Double) {
			byPos[t.Position] = t
		}
		minPos, maxPos = min(minPos, t.Position), max(maxPos, t.Position)
	}
	terms := make([]string, 0, maxPos-minPos+1)
	prevEnd := -1
	for p := minPos; p <= maxPos; p++ {
		t := byPos[p]
		switch {
		case t == nil, t.Type != analysis.Double && t.Start < prevEnd:
			terms = append(terms, "")
		default:
			terms = append(terms, string(t.Term))
			prevEnd = t.End
		}
	}
	for len(terms) > 0 && terms[len(terms)-1] == "" {
		terms = terms[:len(terms)-1]
	}
	return terms
}

// textQuery returns the conjunction of the clauses, each a disjunction over its alternatives
// and the text fields; nil when the text has no terms. An alternative whose phrase contains
// another alternative's phrase is dropped: every document it matches, the shorter one matches
// too (钨极氩弧焊 adds nothing to 氩弧焊), and each dropped phrase saves a searcher per field.
func (ix *Index) textQuery(clauses []search.Clause) query.Query {
	var must []query.Query
	for _, c := range clauses {
		var phrases [][]string
		for _, alt := range c.Alternatives {
			if terms := ix.phraseTerms(alt); len(terms) > 0 {
				phrases = append(phrases, terms)
			}
		}
		var alts []query.Query
		for i, terms := range phrases {
			if coveredByOther(phrases, i) {
				continue
			}
			for _, f := range textFields {
				alts = append(alts, phraseQuery(terms, f.name, f.boost))
			}
		}
		if len(alts) > 0 {
			must = append(must, query.NewDisjunctionQuery(alts))
		}
	}
	if len(must) == 0 {
		return nil
	}
	return query.NewConjunctionQuery(must)
}

func termQ(field, term string) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	return q
}

// filterQuery returns the conjunction of q's kind and filter conditions, or nil when none.
func filterQuery(q search.Query) query.Query {
	var must []query.Query
	if len(q.Kinds) > 0 {
		var ks []query.Query
		for _, k := range q.Kinds {
			ks = append(ks, termQ(fKind, string(k)))
		}
		must = append(must, query.NewDisjunctionQuery(ks))
	}
	f := q.Filters
	if key := search.FilterLevelKey(f); key != "" {
		must = append(must, termQ(fLevelKeys, key))
	} else if f.SkillCode != "" {
		must = append(must, termQ(fSkillCodes, f.SkillCode))
	}
	if f.HonourTier != "" {
		must = append(must, termQ(fHonourKeys, string(f.HonourTier)))
	}
	for field, v := range map[string]string{fRegions: f.RegionID, fIndustry: f.Industry,
		fStudioKind: string(f.StudioKind), fRoles: string(f.Role), fEnterprise: f.EnterpriseID,
		fStatus: f.Status} {
		if v != "" {
			must = append(must, termQ(field, v))
		}
	}
	if len(must) == 0 {
		return nil
	}
	return query.NewConjunctionQuery(must)
}

// facetFields maps facets to index fields.
var facetFields = map[search.Facet]string{
	search.FacetKind:       fKind,
	search.FacetSkill:      fSkillCodes,
	search.FacetLevel:      fLevels,
	search.FacetHonourTier: fHonourTiers,
	search.FacetIndustry:   fIndustry,
	search.FacetStudioKind: fStudioKind,
	search.FacetRole:       fRoles,
	search.FacetEnterprise: fEnterprise,
	search.FacetRegion:     fRegions,
	search.FacetStatus:     fStatus,
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
	tq := ix.textQuery(clauses)
	hasText := tq != nil
	if !hasText {
		if q.Text != "" {
			// Text without any word (only punctuation): nothing can match it.
			return emptyResult(q), nil
		}
		tq = query.NewMatchAllQuery()
	}
	var top query.Query = tq
	if fq := filterQuery(q); fq != nil && !hasText {
		top = fq // no text: the filters alone select
	} else if fq != nil {
		// Filters do not score; measured on the 100k benchmark index, a filter clause costs
		// less CPU than a conjunction with zero-boost filter terms.
		bq := query.NewBooleanQuery([]query.Query{tq}, nil, nil)
		bq.AddFilter(fq)
		top = bq
	}
	req := blevesearch.NewSearchRequestOptions(top, q.Limit, q.Offset, false)
	req.Fields = []string{fSrc}
	if q.Sort == search.SortUpdated || !hasText {
		// Ties (same millisecond) keep index order: sorting by _id would read a stored field
		// for every match.
		req.SortBy([]string{"-" + fUpdated})
	}
	// Relevance keeps bleve's default order (score, then index order): sorting by further
	// fields would load doc values for every match, not only for the page.
	for _, f := range q.Facets {
		req.AddFacet(string(f), blevesearch.NewFacetRequest(facetFields[f], search.MaxFacetValues))
	}
	var res *blevesearch.SearchResult
	err = ix.use(func(idx blevesearch.Index) error {
		var err error
		res, err = idx.SearchInContext(ctx, req)
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err == search.ErrClosed {
			return nil, err
		}
		return nil, search.Unavailable("search", err)
	}
	var marks []search.Term
	if hasText {
		marks = highlightTerms(clauses)
	}
	out := &search.Result{Total: int(res.Total), Facets: map[search.Facet][]search.FacetValue{}}
	for _, h := range res.Hits {
		src := decodeSrc(h)
		hit := search.Hit{ID: h.ID, Kind: src.Kind, Score: h.Score}
		if hasText {
			hit.Highlights = highlights(&src, marks)
		}
		out.Hits = append(out.Hits, hit)
	}
	for _, f := range q.Facets {
		vals := []search.FacetValue{}
		if fr := res.Facets[string(f)]; fr != nil && fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				vals = append(vals, search.FacetValue{Value: t.Term, Count: t.Count})
			}
		}
		out.Facets[f] = search.SortFacet(vals)
	}
	return out, nil
}

func emptyResult(q search.Query) *search.Result {
	r := &search.Result{Facets: map[search.Facet][]search.FacetValue{}}
	for _, f := range q.Facets {
		r.Facets[f] = []search.FacetValue{}
	}
	return r
}

func decodeSrc(h *bsearch.DocumentMatch) srcDoc {
	var src srcDoc
	if s, ok := h.Fields[fSrc].(string); ok {
		_ = json.Unmarshal([]byte(s), &src) // written by bleveDoc; a bad value leaves it empty
	}
	return src
}

// fragmentRunes is the longest fragment returned; longer texts are cut around the first match.
const fragmentRunes = 120

// highlightTerms returns the distinct terms of every alternative of the clauses: the text a
// hit's fields are marked with.
func highlightTerms(clauses []search.Clause) []search.Term {
	var terms []search.Term
	for _, c := range clauses {
		for _, alt := range c.Alternatives {
			for _, t := range search.SplitTerms(alt) {
				if !slices.Contains(terms, t) {
					terms = append(terms, t)
				}
			}
		}
	}
	return terms
}

// highlights marks the query terms in each field element of the original text. Matching is on
// folded text (search.FoldRune keeps rune positions); a Latin word is marked only as a whole
// word. Elements without a match are left out.
func highlights(src *srcDoc, terms []search.Term) map[string][]string {
	out := map[string][]string{}
	for _, f := range src.fields() {
		for _, text := range f.texts {
			if frag := markTerms(text, terms); frag != "" {
				out[f.name] = append(out[f.name], frag)
			}
		}
	}
	return out
}

// markTerms returns text with every occurrence of terms marked (see markText), or "" when none
// occurs.
func markTerms(text string, terms []search.Term) string {
	if text == "" || len(terms) == 0 {
		return ""
	}
	folded := make([]rune, 0, len(text))
	offsets := make([]int, 0, len(text)+1) // byte offset of each rune, then len(text)
	for i, r := range text {
		folded = append(folded, search.FoldRune(r))
		offsets = append(offsets, i)
	}
	offsets = append(offsets, len(text))
	var ranges [][2]int
	for _, t := range terms {
		tr := []rune(t.Text)
		for i := 0; i+len(tr) <= len(folded); i++ {
			if !slices.Equal(folded[i:i+len(tr)], tr) {
				continue
			}
			if !t.Han && (i > 0 && isWordRune(folded[i-1]) || i+len(tr) < len(folded) && isWordRune(folded[i+len(tr)])) {
				continue
			}
			ranges = append(ranges, [2]int{offsets[i], offsets[i+len(tr)]})
		}
	}
	return markText(text, ranges)
}

// isWordRune reports whether r continues a Latin word (a letter or digit that is not Chinese).
func isWordRune(r rune) bool {
	return !search.IsHan(r) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// markText wraps the merged byte ranges of text in <em>…</em>, HTML-escaping the rest, and cuts
// long text to a window around the first range.
func markText(text string, rs [][2]int) string {
	slices.SortFunc(rs, func(a, b [2]int) int { return a[0] - b[0] })
	var merged [][2]int
	for _, r := range rs {
		if r[0] < 0 || r[1] > len(text) || r[0] >= r[1] {
			continue
		}
		if n := len(merged); n > 0 && r[0] <= merged[n-1][1] {
			merged[n-1][1] = max(merged[n-1][1], r[1])
			continue
		}
		merged = append(merged, r)
	}
	if len(merged) == 0 {
		return ""
	}
	from, to := 0, len(text)
	if utf8.RuneCountInString(text) > fragmentRunes {
		from = backRunes(text, merged[0][0], 30)
		to = forwardRunes(text, from, fragmentRunes)
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	pos := from
	for _, r := range merged {
		if r[0] >= to {
			break
		}
		b.WriteString(html.EscapeString(text[pos:r[0]]))
		b.WriteString("<em>")
		end := min(r[1], to)
		b.WriteString(html.EscapeString(text[r[0]:end]))
		b.WriteString("</em>")
		pos = end
	}
	b.WriteString(html.EscapeString(text[pos:to]))
	if to < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

// backRunes returns the byte offset n runes before i (or 0).
func backRunes(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return i
}

// forwardRunes returns the byte offset n runes after i (or len(s)).
func forwardRunes(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

// SuggestSkills returns skills for type-ahead. See search.Index. Skills whose name starts with
// the prefix come first, then those with an alias that does, then those a synonym starting with
// the prefix names; shorter matches first within each.
func (ix *Index) SuggestSkills(ctx context.Context, prefix string, limit int) ([]search.Suggestion, error) {
	limit, err := search.SuggestLimit(prefix, limit)
	if err != nil {
		return nil, err
	}
	p := search.Fold(search.CleanText(prefix))
	if p == "" {
		return nil, nil
	}
	type cand struct {
		s    search.Suggestion
		rank int
	}
	var cands []cand
	seen := map[string]bool{}
	run := func(q query.Query, pick func(src *srcDoc) (string, int, bool)) error {
		q = query.NewConjunctionQuery([]query.Query{termQ(fKind, string(search.KindSkill)), q})
		req := blevesearch.NewSearchRequestOptions(q, 200, 0, false)
		req.Fields = []string{fSrc}
		req.SortBy([]string{"_id"})
		var res *blevesearch.SearchResult
		err := ix.use(func(idx blevesearch.Index) error {
			var err error
			res, err = idx.SearchInContext(ctx, req)
			return err
		})
		if err != nil {
			if err == search.ErrClosed {
				return err
			}
			return search.Unavailable("suggest skills", err)
		}
		for _, h := range res.Hits {
			if seen[h.ID] {
				continue
			}
			src := decodeSrc(h)
			matched, rank, ok := pick(&src)
			if !ok {
				continue
			}
			seen[h.ID] = true
			cands = append(cands, cand{search.Suggestion{Code: h.ID, Name: src.Title, Matched: matched}, rank})
		}
		return nil
	}
	pq := query.NewPrefixQuery(p)
	pq.SetField(fSuggest)
	err = run(pq, func(src *srcDoc) (string, int, bool) {
		if strings.HasPrefix(search.Fold(src.Title), p) {
			return src.Title, 0, true
		}
		for _, n := range src.Skills {
			if strings.HasPrefix(search.Fold(n), p) {
				return n, 1, true
			}
		}
		return "", 0, false
	})
	if err != nil {
		return nil, err
	}
	if alts := ix.syn.WithPrefix(p, 16); len(alts) > 0 && len(cands) < limit {
		var qs []query.Query
		for _, a := range alts {
			if q := ix.phrase(a, fTags, 1); q != nil {
				qs = append(qs, q)
			}
		}
		err = run(query.NewDisjunctionQuery(qs), func(src *srcDoc) (string, int, bool) {
			for _, a := range alts {
				for _, n := range src.Skills {
					if strings.Contains(search.Fold(n), a) {
						return n, 2, true
					}
				}
			}
			return "", 0, false
		})
		if err != nil {
			return nil, err
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if la, lb := utf8.RuneCountInString(a.s.Matched), utf8.RuneCountInString(b.s.Matched); la != lb {
			return la < lb
		}
		return a.s.Code < b.s.Code
	})
	out := make([]search.Suggestion, 0, min(limit, len(cands)))
	for _, c := range cands[:min(limit, len(cands))] {
		out = append(out, c.s)
	}
	return out, nil
}

package bleve

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// schemaVersion names the shape of the mapping and of the stored documents. An index on disk
// with another version is rebuilt empty on Open (its Meta values are gone, so callers see it is
// stale and reindex).
const schemaVersion = "jiangxin-search-5"

// Analyzer and field names.
const (
	analyzerText = "jx_text"   // CJK unigrams + bigrams, Latin words, lower-cased, width-folded
	filterBigram = "jx_bigram" // cjk_bigram with unigrams

	fKind        = "kind"
	fTitle       = "title" // the title
	fTags        = "tags"  // skill names and aliases, honour titles
	fBody        = "body"  // body, further text, region names, enterprise name
	fSrc         = "src"   // stored JSON of the original text, for hits and highlights
	fSkillCodes  = "skill_codes"
	fLevelKeys   = "level_keys"
	fLevels      = "levels"
	fHonourKeys  = "honour_keys"
	fHonourTiers = "honour_tiers"
	fIndustry    = "industry"
	fStudioKind  = "studio_kind"
	fRoles       = "roles"
	fEnterprise  = "enterprise"
	fRegions     = "region_ids"
	fStatus      = "status"
	fUpdated     = "updated"
	fSuggest     = "suggest" // folded skill names and aliases of SKILL documents, for prefixes
)

// textFields are the analysed fields and their boosts. Few fields keep queries cheap (each
// query term is looked up once per field); highlights are computed per document field from the
// stored text, so they do not depend on this grouping.
var textFields = []struct {
	name  string
	boost float64
}{
	{fTitle, 3}, {fTags, 2}, {fBody, 1},
}

// newMapping returns the index mapping. The analyser is defined on the mapping itself from
// bleve's built-in components (no global registration): the unicode tokenizer splits Latin words
// and single Chinese characters; cjk_width folds full-width forms; to_lower folds case; and
// cjk_bigram (with unigrams) turns each run of Chinese characters into its characters and the
// pairs of neighbours, so a query run is matched by its bigrams. Traditional characters are
// folded to simplified before the text reaches bleve (search.FoldTraditional); the original text
// is kept in the stored src field for hits and highlights. No term vectors are stored.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	if err := im.AddCustomTokenFilter(filterBigram, map[string]any{
		"type":           cjk.BigramName,
		"output_unigram": true,
	}); err != nil {
		return nil, fmt.Errorf("define bigram filter: %w", err)
	}
	if err := im.AddCustomAnalyzer(analyzerText, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{cjk.WidthName, lowercase.Name, filterBigram},
	}); err != nil {
		return nil, fmt.Errorf("define analyzer: %w", err)
	}

	doc := mapping.NewDocumentStaticMapping()
	for _, f := range textFields {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = analyzerText
		fm.Store = false
		fm.IncludeTermVectors = false // queries are term conjunctions; highlights are computed on the stored text
		fm.IncludeInAll = false
		fm.DocValues = false
		doc.AddFieldMappingsAt(f.name, fm)
	}
	src := mapping.NewTextFieldMapping()
	src.Index = false
	src.Store = true
	src.IncludeTermVectors = false
	src.IncludeInAll = false
	src.DocValues = false
	doc.AddFieldMappingsAt(fSrc, src)

	keywordField := func(name string, docValues bool) {
		fm := mapping.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
		fm.Store = false
		fm.IncludeTermVectors = false
		fm.IncludeInAll = false
		fm.DocValues = docValues // facets need doc values
		doc.AddFieldMappingsAt(name, fm)
	}
	for _, f := range []string{fKind, fSkillCodes, fLevels, fHonourTiers, fIndustry, fStudioKind,
		fRoles, fEnterprise, fRegions, fStatus} {
		keywordField(f, true)
	}
	for _, f := range []string{fLevelKeys, fHonourKeys, fSuggest} {
		keywordField(f, false)
	}
	// UpdatedAt is a keyword of zero-padded milliseconds: one term per document sorts by string
	// order, where a numeric field would store sixteen prefix-coded terms per value, all read
	// when sorting.
	keywordField(fUpdated, true)

	// No _all composite field: every query names its fields, and building _all costs time.
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	im.DefaultMapping = doc
	im.DefaultAnalyzer = analyzerText
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im, nil
}

// Package search defines full-text search over Jiangxin's workers, problems, studios, skills
// and enterprises: the Document an index holds, the Query it answers, the Result it returns and
// the Index interface that every search backend implements (search/bleve, the embedded default,
// and search/meilisearch). Conformance is checked by search/searchtest.
//
// Documents are derived data: the graph Store is the source of truth, and the From* functions
// build Documents from domain types so that any caller (the outbox drainer, the reindex command)
// derives them the same way.
//
// Text matching rules, common to every backend:
//   - Chinese text is matched as written: a run of Chinese characters in the query matches only
//     where those characters stand together ("数控" does not match 数 and 控 apart).
//   - Query terms are combined with AND: every term (or one of its synonyms) must match.
//   - Traditional characters fold to simplified (數控 = 数控); Latin letters fold case (CNC = cnc);
//     full-width forms fold to half-width.
//   - Synonym groups (see search/synonyms) are expanded at query time: 氩弧焊 finds TIG焊.
//   - Query text is plain text: quotes, +, -, field:value, ~ and * have no special meaning.
package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"jiangxin/graph"
)

// Errors. An invalid query or document is reported with an error that wraps graph.ErrInvalid
// (usually a *graph.FieldError naming the field), so callers classify search and store errors
// alike; ErrInvalid is that same value.
var (
	// ErrInvalid is graph.ErrInvalid: a malformed query (unknown facet, bad filter value, text too
	// long, page out of range) or document (missing ID or kind).
	ErrInvalid = graph.ErrInvalid
	// ErrUnavailable means the search backend failed or could not be reached; the operation may
	// be retried later.
	ErrUnavailable = errors.New("search backend unavailable")
	// ErrClosed means the Index was used after Close.
	ErrClosed = errors.New("search index closed")
)

// Kind is the type of entity a Document describes.
type Kind string

// Document kinds.
const (
	KindWorker     Kind = "WORKER"
	KindProblem    Kind = "PROBLEM"
	KindStudio     Kind = "STUDIO"
	KindSkill      Kind = "SKILL"
	KindEnterprise Kind = "ENTERPRISE"
)

// Kinds lists every document kind.
var Kinds = []Kind{KindWorker, KindProblem, KindStudio, KindSkill, KindEnterprise}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// SkillRef is a trade as a document mentions it: its code, its name and aliases (all searchable)
// and, for workers, the level held in it.
type SkillRef struct {
	Code    string
	Name    string
	Aliases []string
	Level   graph.Level // LevelNone when not applicable
}

// RegionRef is one region of a document's region path.
type RegionRef struct {
	ID   string
	Name string
}

// HonourRef is an honour title and its tier. For studios it holds the studio's own tier.
type HonourRef struct {
	Title string
	Tier  graph.Tier
}

// Document is what an index holds for one entity: only the fields search needs.
type Document struct {
	ID             string // the entity ID (a skill's occupation code); unique across kinds
	Kind           Kind
	Title          string   // name of the worker, studio, skill or enterprise; a problem's title
	Body           string   // bio, description or definition
	Tasks          []string // further text: an occupation's tasks, a studio's achievements, a problem's outcome
	Skills         []SkillRef
	Regions        []RegionRef // path from province down to town
	Honours        []HonourRef
	Industry       string
	StudioKind     graph.StudioKind
	EnterpriseID   string
	EnterpriseName string
	Roles          []graph.Role
	Status         string // a problem's status; "" for other kinds
	UpdatedAt      time.Time
}

// Validate reports an ErrInvalid *graph.FieldError when d lacks an ID or a valid kind.
func (d *Document) Validate() error {
	switch {
	case d.ID == "":
		return graph.Invalid("id", "document has no ID")
	case len(d.ID) > 200:
		return graph.Invalid("id", "document ID is longer than 200 bytes")
	case !d.Kind.Valid():
		return graph.Invalid("kind", "%q is not a document kind", d.Kind)
	}
	return nil
}

// Levels returns the distinct levels d's skills are held at, highest first.
func (d *Document) Levels() []graph.Level {
	var ls []graph.Level
	for _, s := range d.Skills {
		if s.Level.Valid() && !slices.Contains(ls, s.Level) {
			ls = append(ls, s.Level)
		}
	}
	slices.Sort(ls)
	return ls
}

// Filters narrow a Query. Zero fields do not filter; set fields are combined with AND.
type Filters struct {
	RegionID     string           // the document's region path contains this region
	SkillCode    string           // the document mentions this trade
	MinLevel     graph.Level      // with SkillCode: at least this level in that trade; alone: in any trade
	HonourTier   graph.Tier       // holds an honour of this tier or higher
	Industry     string           // exact industry
	StudioKind   graph.StudioKind // exact studio kind
	Role         graph.Role       // the worker holds this role
	EnterpriseID string           // employer, posting or host enterprise (or the enterprise itself)
	Status       string           // exact status (problems)
}

// Facet names a facet a Query may ask counts for.
type Facet string

// The facets an index can count. Values are: kind names; occupation codes; level enum names
// (TECHNICIAN); tier enum names (NATIONAL); industries; studio kinds; role names; enterprise IDs;
// region IDs (every region on a document's path is counted); statuses.
const (
	FacetKind       Facet = "kind"
	FacetSkill      Facet = "skill"
	FacetLevel      Facet = "level"
	FacetHonourTier Facet = "honourTier"
	FacetIndustry   Facet = "industry"
	FacetStudioKind Facet = "studioKind"
	FacetRole       Facet = "role"
	FacetEnterprise Facet = "enterprise"
	FacetRegion     Facet = "region"
	FacetStatus     Facet = "status"
)

// Facets lists every allowed facet.
var Facets = []Facet{FacetKind, FacetSkill, FacetLevel, FacetHonourTier, FacetIndustry,
	FacetStudioKind, FacetRole, FacetEnterprise, FacetRegion, FacetStatus}

// Sort orders results.
type Sort string

// Sort orders.
const (
	// SortRelevance orders by score, best first (the default); ties keep an engine-specific
	// order that is stable while the index does not change. The hits of an empty text query
	// are ordered as by SortUpdated.
	SortRelevance Sort = ""
	// SortUpdated orders by UpdatedAt, newest first, then by ID.
	SortUpdated Sort = "UPDATED"
)

// Limits on queries.
const (
	// MaxQueryRunes is the longest query text accepted, in characters; longer text is ErrInvalid.
	MaxQueryRunes = 200
	// MaxQueryTerms is the most terms (Chinese runs and Latin words) a query may hold.
	MaxQueryTerms = 32
	// DefaultLimit is the page size when Query.Limit is 0.
	DefaultLimit = 20
	// MaxLimit is the largest page size.
	MaxLimit = 100
	// MaxWindow bounds Offset+Limit: deeper pages are ErrInvalid.
	MaxWindow = 1000
	// MaxFacetValues is the most values returned per facet.
	MaxFacetValues = 100
)

// Query is a search request.
type Query struct {
	Text    string // plain text; "" matches every document that passes Kinds and Filters, and text without letters, digits or Chinese characters matches none
	Kinds   []Kind // restrict to these kinds; none means all
	Filters Filters
	Facets  []Facet // facet counts wanted, over all matching documents
	Sort    Sort
	Limit   int // page size: 0 means DefaultLimit; at most MaxLimit
	Offset  int // hits to skip
}

// Normalize checks q and returns it with defaults applied. It returns an ErrInvalid
// *graph.FieldError for an unknown kind, facet, sort, level, tier, studio kind or role, negative
// or out-of-window paging, text longer than MaxQueryRunes or text that is not UTF-8.
func (q Query) Normalize() (Query, error) {
	if !utf8.ValidString(q.Text) {
		return q, graph.Invalid("text", "query text is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(q.Text); n > MaxQueryRunes {
		return q, graph.Invalid("text", "query text has %d characters; at most %d are allowed", n, MaxQueryRunes)
	}
	for _, k := range q.Kinds {
		if !k.Valid() {
			return q, graph.Invalid("kinds", "%q is not a document kind", k)
		}
	}
	for _, f := range q.Facets {
		if !slices.Contains(Facets, f) {
			return q, graph.Invalid("facets", "%q is not a facet; allowed: %v", f, Facets)
		}
	}
	if q.Sort != SortRelevance && q.Sort != SortUpdated {
		return q, graph.Invalid("sort", "%q is not a sort order", q.Sort)
	}
	f := q.Filters
	switch {
	case f.MinLevel != graph.LevelNone && !f.MinLevel.Valid():
		return q, graph.Invalid("filters.minLevel", "%d is not a level", int(f.MinLevel))
	case f.HonourTier != "" && !f.HonourTier.Valid():
		return q, graph.Invalid("filters.honourTier", "%q is not a tier", f.HonourTier)
	case f.StudioKind != "" && !f.StudioKind.Valid():
		return q, graph.Invalid("filters.studioKind", "%q is not a studio kind", f.StudioKind)
	case f.Role != "" && !f.Role.Valid():
		return q, graph.Invalid("filters.role", "%q is not a role", f.Role)
	}
	switch {
	case q.Limit < 0 || q.Limit > MaxLimit:
		return q, graph.Invalid("limit", "limit must be between 0 and %d", MaxLimit)
	case q.Offset < 0:
		return q, graph.Invalid("offset", "offset must not be negative")
	}
	if q.Limit == 0 {
		q.Limit = DefaultLimit
	}
	if q.Offset+q.Limit > MaxWindow {
		return q, graph.Invalid("offset", "offset+limit must not exceed %d", MaxWindow)
	}
	q.Text = CleanText(q.Text)
	return q, nil
}

// Highlight field names: the keys of Hit.Highlights.
const (
	FieldTitle   = "title"
	FieldBody    = "body"    // Body and Tasks
	FieldSkills  = "skills"  // skill names and aliases
	FieldHonours = "honours" // honour titles
	FieldPlaces  = "places"  // region names and the enterprise name
)

// Hit is one matching document.
type Hit struct {
	ID    string
	Kind  Kind
	Score float64 // engine-specific relevance; only the order is meaningful
	// Highlights maps a field name (FieldTitle …) to fragments of that field's text that
	// matched, HTML-escaped, with matches wrapped in <em>…</em>. Empty for an empty query.
	Highlights map[string][]string
}

// FacetValue is one value of a facet and how many matching documents have it.
type FacetValue struct {
	Value string
	Count int
}

// Result is one page of hits.
type Result struct {
	Hits  []Hit
	Total int // documents matching the query, across all pages
	// Facets holds, for each requested facet, its values ordered by count (highest first) then
	// value, at most MaxFacetValues of them.
	Facets map[Facet][]FacetValue
}

// IDs returns the IDs of r's hits in order.
func (r *Result) IDs() []string {
	ids := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		ids[i] = h.ID
	}
	return ids
}

// Suggestion is a skill offered by type-ahead.
type Suggestion struct {
	Code    string // occupation code
	Name    string // display name
	Matched string // the name or alias that matched the prefix
}

// Stats describes an index's content.
type Stats struct {
	Documents int          // all documents
	ByKind    map[Kind]int // documents per kind (kinds with none are absent)
}

// Index is a full-text index of Documents. Implementations are safe for concurrent use.
//
// Writes have wait-for-index semantics: when Index or Delete returns nil, every later Search,
// SuggestSkills and Stats call sees the change.
type Index interface {
	// Index adds or replaces documents by ID. It returns an ErrInvalid error, and writes
	// nothing, when a document fails Validate; ErrUnavailable (wrapped) when the backend fails;
	// ErrClosed after Close; or the context's error.
	Index(ctx context.Context, docs ...Document) error
	// Delete removes documents by ID; unknown IDs are ignored. It returns ErrUnavailable
	// (wrapped) when the backend fails, ErrClosed after Close, or the context's error.
	Delete(ctx context.Context, ids ...string) error
	// Search runs q. It returns an ErrInvalid error for a query that fails Query.Normalize,
	// ErrUnavailable (wrapped) when the backend fails, ErrClosed after Close, or the context's
	// error.
	Search(ctx context.Context, q Query) (*Result, error)
	// SuggestSkills returns up to limit (1–50; 0 means 10) SKILL documents whose name or an
	// alias starts with prefix, or that a synonym starting with prefix names, after the same
	// folding as Search (case, width, traditional characters). An empty prefix returns none.
	// It returns an ErrInvalid error for a bad limit or a prefix longer than MaxQueryRunes,
	// ErrUnavailable (wrapped) when the backend fails, or ErrClosed after Close.
	SuggestSkills(ctx context.Context, prefix string, limit int) ([]Suggestion, error)
	// Stats counts the documents. It returns ErrUnavailable (wrapped) when the backend fails
	// or ErrClosed after Close.
	Stats(ctx context.Context) (Stats, error)
	// Meta returns the metadata value stored under key, or "" when none is (for example, an
	// index version or a fingerprint of the data it was built from; a fresh or reset index
	// has none). It returns ErrUnavailable (wrapped) when the backend fails or ErrClosed
	// after Close.
	Meta(ctx context.Context, key string) (string, error)
	// SetMeta stores value under key (at most 64 KiB); an empty value removes the key. It
	// returns ErrInvalid for an empty key or an oversized value, ErrUnavailable (wrapped)
	// when the backend fails, or ErrClosed after Close.
	SetMeta(ctx context.Context, key, value string) error
	// Close releases the index. Later calls return ErrClosed; Close itself returns the
	// backend's error when flushing fails, and nil when already closed.
	Close() error
}

// MaxMetaValue is the largest metadata value SetMeta accepts, in bytes.
const MaxMetaValue = 64 << 10

// CheckMeta returns an ErrInvalid *graph.FieldError when key or value is unacceptable for SetMeta.
func CheckMeta(key, value string) error {
	switch {
	case key == "" || len(key) > 200:
		return graph.Invalid("key", "metadata key must be 1–200 bytes")
	case len(value) > MaxMetaValue:
		return graph.Invalid("value", "metadata value is larger than %d bytes", MaxMetaValue)
	}
	return nil
}

// SuggestLimit checks a SuggestSkills limit and applies the default. It returns an ErrInvalid
// *graph.FieldError for a limit outside 0–50 or a prefix longer than MaxQueryRunes.
func SuggestLimit(prefix string, limit int) (int, error) {
	if limit < 0 || limit > 50 {
		return 0, graph.Invalid("limit", "limit must be between 0 and 50")
	}
	if utf8.RuneCountInString(prefix) > MaxQueryRunes {
		return 0, graph.Invalid("prefix", "prefix is longer than %d characters", MaxQueryRunes)
	}
	if limit == 0 {
		limit = 10
	}
	return limit, nil
}

// Unavailable wraps err, the backend's own error, as ErrUnavailable with a short context.
func Unavailable(op string, err error) error {
	return fmt.Errorf("%s: %w: %w", op, ErrUnavailable, err)
}

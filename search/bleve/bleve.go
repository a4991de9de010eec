// Package bleve is the embedded default search.Index, on bleve v2 with the scorch index format
// in a directory on disk.
//
// Chinese text is indexed as single characters plus bigrams of neighbouring characters; a run
// of Chinese characters in a query must match all of its bigrams in one field, so "数控" matches
// only where 数 and 控 stand together (a one-character run matches the character). Latin words
// are lower-cased and full-width forms folded. Traditional characters are folded to simplified
// with the project's table (search.FoldTraditional) before indexing and querying. Synonyms are
// expanded at query time. Highlights are computed on the stored original text. Query text never
// reaches bleve's query-string parser: every query is built from typed query objects.
package bleve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	blevesearch "github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
	"golang.org/x/sync/errgroup"

	"jiangxin/search"
)

var _ search.Index = (*Index)(nil)

// Options configure an Index.
type Options struct {
	// Synonyms expands query terms; nil means none. Build it with search.NewSynonyms, usually
	// from synonyms.All(skills).
	Synonyms *search.Synonyms
	// Logger receives warnings (an index rebuilt because its schema changed); nil discards them.
	Logger *slog.Logger
	// BatchSize is how many documents one bleve batch holds; 0 means 2000.
	BatchSize int
	// Unsafe makes writes return once they are visible to Search but before they are synced to
	// disk, trading durability for speed (a crash may lose the last writes). Use it only for
	// bulk rebuilds that are repeated after a crash.
	Unsafe bool
}

// Index is a search.Index on a bleve index in one directory.
type Index struct {
	mu       sync.RWMutex // guards idx against Close; bleve itself is safe for concurrent use
	idx      blevesearch.Index
	closed   bool
	syn      *search.Synonyms
	analyzer analysis.Analyzer
	batch    int
	log      *slog.Logger
}

const (
	internalSchema = "_jx_schema"
	internalMeta   = "_jx_meta:"
)

// Open opens the index in dir, creating dir and an empty index when there is none. An index
// written with another schema version is removed and created anew, empty. It returns an error
// wrapping search.ErrUnavailable when the directory cannot be used.
func Open(dir string, opts Options) (*Index, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 2000
	}
	config := map[string]any{}
	if opts.Unsafe {
		config["unsafe_batch"] = true
	}
	idx, err := openOrCreate(dir, config, log)
	if err != nil {
		return nil, search.Unavailable("open bleve index", err)
	}
	a := idx.Mapping().AnalyzerNamed(analyzerText)
	if a == nil {
		_ = idx.Close()
		return nil, search.Unavailable("open bleve index", errors.New("text analyzer missing from mapping"))
	}
	return &Index{idx: idx, syn: opts.Synonyms, analyzer: a, batch: opts.BatchSize, log: log}, nil
}

func openOrCreate(dir string, config map[string]any, log *slog.Logger) (blevesearch.Index, error) {
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err == nil {
		idx, err := blevesearch.OpenUsing(dir, config)
		if err != nil {
			return nil, err
		}
		v, err := idx.GetInternal([]byte(internalSchema))
		if err == nil && string(v) == schemaVersion {
			return idx, nil
		}
		_ = idx.Close()
		log.Warn("search index has another schema version; rebuilding it empty", "dir", dir, "found", string(v), "want", schemaVersion)
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(filepath.Clean(dir)), 0o755); err != nil {
		return nil, err
	}
	im, err := newMapping()
	if err != nil {
		return nil, err
	}
	idx, err := blevesearch.NewUsing(dir, im, "scorch", "scorch", config)
	if err != nil {
		return nil, err
	}
	if err := idx.SetInternal([]byte(internalSchema), []byte(schemaVersion)); err != nil {
		_ = idx.Close()
		return nil, err
	}
	return idx, nil
}

// Mapping returns the index mapping (for tests and tools).
func (ix *Index) Mapping() mapping.IndexMapping { return ix.idx.Mapping() }

// use runs f with the open bleve index under the read lock; it returns ErrClosed after Close.
func (ix *Index) use(f func(idx blevesearch.Index) error) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.closed {
		return search.ErrClosed
	}
	return f(ix.idx)
}

// srcDoc is the original text of a document, stored for hits and highlights.
type srcDoc struct {
	Kind    search.Kind `json:"k"`
	Title   string      `json:"t,omitempty"`
	Body    []string    `json:"b,omitempty"`
	Skills  []string    `json:"s,omitempty"`
	Honours []string    `json:"h,omitempty"`
	Places  []string    `json:"p,omitempty"`
	Codes   []string    `json:"c,omitempty"` // skill codes, for suggestions
}

// fields returns the original text by highlight field name.
func (s *srcDoc) fields() []struct {
	name  string
	texts []string
} {
	return []struct {
		name  string
		texts []string
	}{
		{search.FieldTitle, []string{s.Title}}, {search.FieldBody, s.Body}, {search.FieldSkills, s.Skills},
		{search.FieldHonours, s.Honours}, {search.FieldPlaces, s.Places},
	}
}

func foldAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = search.FoldTraditional(s)
	}
	return out
}

// bleveDoc turns d into the field map bleve indexes.
func bleveDoc(d *search.Document) (map[string]any, error) {
	src := srcDoc{
		Kind:    d.Kind,
		Title:   d.Title,
		Body:    search.BodyTexts(d),
		Skills:  search.SkillNames(d),
		Honours: search.HonourTitles(d),
		Places:  search.Places(d),
		Codes:   search.SkillCodes(d),
	}
	raw, err := json.Marshal(src)
	if err != nil {
		return nil, err
	}
	roles := make([]string, len(d.Roles))
	for i, r := range d.Roles {
		roles[i] = string(r)
	}
	m := map[string]any{
		fKind:        string(d.Kind),
		fTitle:       search.FoldTraditional(d.Title),
		fTags:        foldAll(append(slices.Clip(src.Skills), src.Honours...)),
		fBody:        foldAll(append(slices.Clip(src.Body), src.Places...)),
		fSrc:         string(raw),
		fSkillCodes:  src.Codes,
		fLevelKeys:   search.LevelKeys(d),
		fLevels:      search.LevelNames(d),
		fHonourKeys:  search.HonourKeys(d),
		fHonourTiers: search.HonourTiers(d),
		fRoles:       roles,
		fRegions:     search.RegionIDs(d),
		fUpdated:     updatedKey(d.UpdatedAt),
	}
	for f, v := range map[string]string{fIndustry: d.Industry, fStudioKind: string(d.StudioKind),
		fEnterprise: d.EnterpriseID, fStatus: d.Status} {
		if v != "" {
			m[f] = v
		}
	}
	if d.Kind == search.KindSkill {
		var sug []string
		for _, n := range src.Skills {
			sug = append(sug, search.Fold(n))
		}
		m[fSuggest] = sug
	}
	return m, nil
}

// updatedKey returns t as 13 zero-padded decimal digits of Unix milliseconds (0 before 1970),
// which sort as strings in time order until the year 2286.
func updatedKey(t time.Time) string {
	return fmt.Sprintf("%013d", max(0, t.UnixMilli()))
}

// Index adds or replaces docs in batches of Options.BatchSize. See search.Index. When a call
// holds several batches, up to GOMAXPROCS of them are built at once (bleve builds a batch's
// segment in the calling goroutine); a document ID given twice keeps its last version.
func (ix *Index) Index(ctx context.Context, docs ...search.Document) error {
	for i := range docs {
		if err := docs[i].Validate(); err != nil {
			return fmt.Errorf("document %d: %w", i, err)
		}
	}
	if len(docs) > ix.batch {
		docs = lastByID(docs)
	}
	return ix.use(func(idx blevesearch.Index) error {
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(max(1, runtime.GOMAXPROCS(0)))
		for start := 0; start < len(docs); start += ix.batch {
			part := docs[start:min(start+ix.batch, len(docs))]
			g.Go(func() error { return indexBatch(gctx, idx, part) })
		}
		return g.Wait()
	})
}

// indexBatch writes docs in one bleve batch.
func indexBatch(ctx context.Context, idx blevesearch.Index, docs []search.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b := idx.NewBatch()
	for i := range docs {
		m, err := bleveDoc(&docs[i])
		if err != nil {
			return fmt.Errorf("document %q: %w", docs[i].ID, err)
		}
		if err := b.Index(docs[i].ID, m); err != nil {
			return search.Unavailable("index batch", err)
		}
	}
	if err := idx.Batch(b); err != nil {
		return search.Unavailable("index batch", err)
	}
	return nil
}

// lastByID drops every document whose ID occurs again later in docs, so that batches written
// concurrently cannot reorder two versions of one document.
func lastByID(docs []search.Document) []search.Document {
	last := make(map[string]int, len(docs))
	for i := range docs {
		last[docs[i].ID] = i
	}
	if len(last) == len(docs) {
		return docs
	}
	out := make([]search.Document, 0, len(last))
	for i := range docs {
		if last[docs[i].ID] == i {
			out = append(out, docs[i])
		}
	}
	return out
}

// Delete removes documents by ID. See search.Index.
func (ix *Index) Delete(ctx context.Context, ids ...string) error {
	return ix.use(func(idx blevesearch.Index) error {
		for start := 0; start < len(ids); start += ix.batch {
			if err := ctx.Err(); err != nil {
				return err
			}
			b := idx.NewBatch()
			for _, id := range ids[start:min(start+ix.batch, len(ids))] {
				if id != "" {
					b.Delete(id)
				}
			}
			if err := idx.Batch(b); err != nil {
				return search.Unavailable("delete batch", err)
			}
		}
		return nil
	})
}

// Stats counts documents per kind. See search.Index.
func (ix *Index) Stats(ctx context.Context) (search.Stats, error) {
	st := search.Stats{ByKind: map[search.Kind]int{}}
	err := ix.use(func(idx blevesearch.Index) error {
		req := blevesearch.NewSearchRequestOptions(blevesearch.NewMatchAllQuery(), 0, 0, false)
		req.AddFacet(fKind, blevesearch.NewFacetRequest(fKind, len(search.Kinds)))
		res, err := idx.SearchInContext(ctx, req)
		if err != nil {
			return search.Unavailable("count documents", err)
		}
		st.Documents = int(res.Total)
		if f := res.Facets[fKind]; f != nil && f.Terms != nil {
			for _, t := range f.Terms.Terms() {
				st.ByKind[search.Kind(t.Term)] = t.Count
			}
		}
		return nil
	})
	return st, err
}

// Meta returns a metadata value. See search.Index.
func (ix *Index) Meta(ctx context.Context, key string) (string, error) {
	var v []byte
	err := ix.use(func(idx blevesearch.Index) error {
		var err error
		if v, err = idx.GetInternal([]byte(internalMeta + key)); err != nil {
			return search.Unavailable("read metadata", err)
		}
		return nil
	})
	return string(v), err
}

// SetMeta stores a metadata value. See search.Index.
func (ix *Index) SetMeta(ctx context.Context, key, value string) error {
	if err := search.CheckMeta(key, value); err != nil {
		return err
	}
	return ix.use(func(idx blevesearch.Index) error {
		var err error
		if value == "" {
			err = idx.DeleteInternal([]byte(internalMeta + key))
		} else {
			err = idx.SetInternal([]byte(internalMeta+key), []byte(value))
		}
		if err != nil {
			return search.Unavailable("write metadata", err)
		}
		return nil
	})
}

// Close flushes and closes the index. See search.Index.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.closed {
		return nil
	}
	ix.closed = true
	if err := ix.idx.Close(); err != nil {
		return fmt.Errorf("close bleve index: %w", err)
	}
	return nil
}

// Compact merges the index's segments into one, which makes queries faster after a bulk load
// (the reindex command calls it once at the end). It blocks until the merge is done and returns
// an error wrapping search.ErrUnavailable when the merge fails, or ErrClosed after Close.
func (ix *Index) Compact(ctx context.Context) error {
	return ix.use(func(idx blevesearch.Index) error {
		adv, err := idx.Advanced()
		if err != nil {
			return search.Unavailable("compact", err)
		}
		s, ok := adv.(*scorch.Scorch)
		if !ok {
			return search.Unavailable("compact", fmt.Errorf("index type %T cannot be compacted", adv))
		}
		opts := mergeplan.SingleSegmentMergePlanOptions
		if err := s.ForceMerge(ctx, &opts); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return search.Unavailable("compact", err)
		}
		return nil
	})
}

package gql

import (
	"context"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"

	"jiangxin/graph"
	"jiangxin/graph/gql/model"
	"jiangxin/search"
)

var facetNames = map[model.SearchFacet]search.Facet{
	model.SearchFacetKind:       search.FacetKind,
	model.SearchFacetSkill:      search.FacetSkill,
	model.SearchFacetLevel:      search.FacetLevel,
	model.SearchFacetHonourTier: search.FacetHonourTier,
	model.SearchFacetIndustry:   search.FacetIndustry,
	model.SearchFacetStudioKind: search.FacetStudioKind,
	model.SearchFacetRole:       search.FacetRole,
	model.SearchFacetEnterprise: search.FacetEnterprise,
	model.SearchFacetRegion:     search.FacetRegion,
	model.SearchFacetStatus:     search.FacetStatus,
}

var errNoIndex = errors.New("search is not configured")

// offsetCursor encodes a search page position.
func offsetCursor(n int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("off:" + strconv.Itoa(n)))
}

func parseOffsetCursor(c *string) (int, error) {
	if c == nil || *c == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*c)
	if err == nil {
		if rest, ok := strings.CutPrefix(string(b), "off:"); ok {
			if n, err := strconv.Atoi(rest); err == nil && n >= 0 {
				return n, nil
			}
		}
	}
	return 0, graph.Invalid("after", "%q is not a cursor returned by search", *c)
}

// runSearch turns the GraphQL arguments into a search.Query, runs it and shapes the result.
func (r *Resolver) runSearch(ctx context.Context, text string, kinds []model.SearchKind, f *model.SearchFilter,
	facets []model.SearchFacet, first *int, after *string) (*model.SearchResult, error) {
	if r.Index == nil {
		return nil, errNoIndex
	}
	offset, err := parseOffsetCursor(after)
	if err != nil {
		return nil, err
	}
	q := search.Query{Text: text, Offset: offset, Limit: search.DefaultLimit}
	if first != nil {
		q.Limit = *first
	}
	for _, k := range kinds {
		q.Kinds = append(q.Kinds, search.Kind(k))
	}
	if f != nil {
		q.Filters = search.Filters{
			RegionID: deref(f.RegionID), SkillCode: deref(f.SkillCode), MinLevel: deref(f.MinLevel),
			HonourTier: deref(f.HonourTier), Industry: deref(f.Industry), StudioKind: deref(f.StudioKind),
			Role: deref(f.Role), EnterpriseID: deref(f.EnterpriseID), Status: string(deref(f.Status)),
		}
	}
	for _, fc := range facets {
		q.Facets = append(q.Facets, facetNames[fc])
	}
	res, err := r.Index.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &model.SearchResult{TotalCount: res.Total, Hits: make([]model.SearchHit, len(res.Hits)),
		PageInfo: &model.PageInfo{}}
	for i, h := range res.Hits {
		hit := model.SearchHit{ID: h.ID, Kind: model.SearchKind(h.Kind), Score: h.Score, Highlights: []model.Highlight{}}
		for _, field := range []string{search.FieldTitle, search.FieldSkills, search.FieldHonours, search.FieldPlaces, search.FieldBody} {
			if frags := h.Highlights[field]; len(frags) > 0 {
				hit.Highlights = append(hit.Highlights, model.Highlight{Field: field, Fragments: frags})
			}
		}
		out.Hits[i] = hit
	}
	end := offset + len(res.Hits)
	if len(res.Hits) > 0 {
		c := offsetCursor(end)
		out.PageInfo.EndCursor = &c
	}
	out.PageInfo.HasNextPage = end < res.Total && end < search.MaxWindow
	for _, fc := range facets {
		fcount := model.FacetCount{Facet: fc, Values: []model.FacetValue{}}
		for _, v := range res.Facets[facetNames[fc]] {
			fcount.Values = append(fcount.Values, model.FacetValue{Facet: fc, Value: v.Value, Count: v.Count})
		}
		out.Facets = append(out.Facets, fcount)
	}
	if out.Facets == nil {
		out.Facets = []model.FacetCount{}
	}
	return out, nil
}

// hitNode loads the entity behind a hit through the request's loaders.
func (r *Resolver) hitNode(ctx context.Context, h *model.SearchHit) (model.SearchNode, error) {
	l := r.loaders(ctx)
	var (
		v   any
		err error
	)
	switch h.Kind {
	case model.SearchKindWorker:
		v, err = loadPtr(ctx, l.Worker(), h.ID)
	case model.SearchKindProblem:
		v, err = loadPtr(ctx, l.Problem(), h.ID)
	case model.SearchKindSkill:
		v, err = loadPtr(ctx, l.Skill(), h.ID)
	case model.SearchKindEnterprise:
		v, err = loadPtr(ctx, l.Enterprise(), h.ID)
	case model.SearchKindStudio:
		var s graph.Studio
		s, err = r.Store.GetStudio(ctx, h.ID)
		v = &s
	}
	if errors.Is(err, graph.ErrNotFound) {
		// The index may briefly lag a delete; a missing entity shows as null, not an error.
		return nil, nil
	}
	return v, err
}

// facetLabel names a facet value for people: trades and industries by name, levels and tiers
// in Chinese.
func (r *Resolver) facetLabel(ctx context.Context, v *model.FacetValue) (*string, error) {
	label := ""
	switch v.Facet {
	case model.SearchFacetSkill:
		s, err := r.loaders(ctx).Skill().Load(ctx, v.Value)
		if err != nil {
			return nil, nil
		}
		label = s.Name
	case model.SearchFacetLevel:
		if l, err := graph.ParseLevel(v.Value); err == nil {
			label = l.Chinese()
		}
	case model.SearchFacetHonourTier:
		label = tierNames[graph.Tier(v.Value)]
	case model.SearchFacetRegion:
		if reg, err := r.loaders(ctx).Region().Load(ctx, v.Value); err == nil {
			label = reg.Name
		}
	case model.SearchFacetEnterprise:
		if e, err := r.loaders(ctx).Enterprise().Load(ctx, v.Value); err == nil {
			label = e.Name
		}
	case model.SearchFacetKind, model.SearchFacetIndustry, model.SearchFacetStatus, model.SearchFacetRole, model.SearchFacetStudioKind:
		label = v.Value
	}
	if label == "" {
		return nil, nil
	}
	return &label, nil
}

var tierNames = map[graph.Tier]string{
	graph.TierNational: "国家级", graph.TierProvincial: "省级", graph.TierCity: "市级",
	graph.TierDistrict: "区县级", graph.TierTown: "镇街级", graph.TierEnterprise: "企业级",
}

// suggestSkills answers type-ahead from the index and loads the skills.
func (r *Resolver) suggestSkills(ctx context.Context, prefix string, first *int) ([]graph.Skill, error) {
	if r.Index == nil {
		return nil, errNoIndex
	}
	limit := 10
	if first != nil {
		limit = *first
	}
	sugg, err := r.Index.SuggestSkills(ctx, prefix, limit)
	if err != nil {
		return nil, err
	}
	codes := make([]string, len(sugg))
	for i, s := range sugg {
		codes[i] = s.Code
	}
	return loadAll(ctx, r.loaders(ctx).Skill(), codes)
}

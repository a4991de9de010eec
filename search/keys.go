package search

import (
	"slices"
	"strconv"

	"jiangxin/graph"
)

// Keyword values shared by the backends, so that filters mean the same everywhere.

// tiers lists the tiers from the lowest rank up.
var tiers = []graph.Tier{graph.TierEnterprise, graph.TierTown, graph.TierDistrict, graph.TierCity,
	graph.TierProvincial, graph.TierNational}

// LevelKeys returns the level filter keys of d: for every skill held at a level of rank r
// (初级工 1 … 高级技师 5), "code@k" and "@k" for each k from 1 to r. A Filters value is then
// one key (see FilterLevelKey).
func LevelKeys(d *Document) []string {
	var keys []string
	for _, s := range d.Skills {
		for k := 1; k <= s.Level.Rank(); k++ {
			for _, key := range []string{s.Code + "@" + strconv.Itoa(k), "@" + strconv.Itoa(k)} {
				if !slices.Contains(keys, key) {
					keys = append(keys, key)
				}
			}
		}
	}
	return keys
}

// FilterLevelKey returns the level key f selects, or "" when f.MinLevel is not set.
func FilterLevelKey(f Filters) string {
	if !f.MinLevel.Valid() {
		return ""
	}
	return f.SkillCode + "@" + strconv.Itoa(f.MinLevel.Rank())
}

// HonourKeys returns the honour filter keys of d: every tier at or below the highest tier of
// its honours, so that HonourTier t selects documents holding an honour of tier t or higher.
func HonourKeys(d *Document) []string {
	best := 0
	for _, h := range d.Honours {
		best = max(best, h.Tier.Rank())
	}
	var keys []string
	for _, t := range tiers {
		if t.Rank() <= best {
			keys = append(keys, string(t))
		}
	}
	return keys
}

// HonourTiers returns the distinct tiers of d's honours (the honourTier facet values).
func HonourTiers(d *Document) []string {
	var ts []string
	for _, h := range d.Honours {
		if h.Tier.Valid() && !slices.Contains(ts, string(h.Tier)) {
			ts = append(ts, string(h.Tier))
		}
	}
	return ts
}

// LevelNames returns the enum names of d's levels (the level facet values).
func LevelNames(d *Document) []string {
	var ns []string
	for _, l := range d.Levels() {
		ns = append(ns, l.String())
	}
	return ns
}

// SkillCodes returns the distinct occupation codes d mentions.
func SkillCodes(d *Document) []string {
	var cs []string
	for _, s := range d.Skills {
		if s.Code != "" && !slices.Contains(cs, s.Code) {
			cs = append(cs, s.Code)
		}
	}
	return cs
}

// SkillNames returns d's skill names and aliases, de-duplicated, in order.
func SkillNames(d *Document) []string {
	var ns []string
	for _, s := range d.Skills {
		for _, n := range append([]string{s.Name}, s.Aliases...) {
			if n != "" && !slices.Contains(ns, n) {
				ns = append(ns, n)
			}
		}
	}
	return ns
}

// RegionIDs returns the IDs of d's region path.
func RegionIDs(d *Document) []string {
	ids := make([]string, 0, len(d.Regions))
	for _, r := range d.Regions {
		ids = append(ids, r.ID)
	}
	return ids
}

// RegionNames returns the names of d's region path.
func RegionNames(d *Document) []string {
	ns := make([]string, 0, len(d.Regions))
	for _, r := range d.Regions {
		ns = append(ns, r.Name)
	}
	return ns
}

// HonourTitles returns d's honour titles.
func HonourTitles(d *Document) []string {
	ts := make([]string, 0, len(d.Honours))
	for _, h := range d.Honours {
		ts = append(ts, h.Title)
	}
	return ts
}

// Places returns the searchable place text of d: its region names, then its enterprise name.
func Places(d *Document) []string {
	ps := RegionNames(d)
	if d.EnterpriseName != "" && d.Kind != KindEnterprise {
		ps = append(ps, d.EnterpriseName)
	}
	return ps
}

// BodyTexts returns d's body followed by its further text.
func BodyTexts(d *Document) []string {
	var bs []string
	if d.Body != "" {
		bs = append(bs, d.Body)
	}
	return append(bs, d.Tasks...)
}

// SortFacet orders facet values by count, highest first, then by value, and keeps at most
// MaxFacetValues.
func SortFacet(vs []FacetValue) []FacetValue {
	slices.SortFunc(vs, func(a, b FacetValue) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		switch {
		case a.Value < b.Value:
			return -1
		case a.Value > b.Value:
			return 1
		}
		return 0
	})
	if len(vs) > MaxFacetValues {
		vs = vs[:MaxFacetValues]
	}
	return vs
}

package model

// Highlight is one field's matched fragments of a search hit.
type Highlight struct {
	Field     string   `json:"field"`
	Fragments []string `json:"fragments"`
}

// FacetValue is one value of a facet with its count. Facet says which facet it belongs to, so
// the label resolver knows how to name the value.
type FacetValue struct {
	Facet SearchFacet `json:"-"`
	Value string      `json:"value"`
	Count int         `json:"count"`
}

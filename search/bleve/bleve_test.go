package bleve

import (
	"testing"

	"jiangxin/search"
	"jiangxin/search/searchtest"
)

func newTestIndex(t *testing.T) search.Index {
	t.Helper()
	ix, err := Open(t.TempDir(), Options{Synonyms: searchtest.Synonyms()})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestIndex(t *testing.T) {
	searchtest.RunIndexTests(t, newTestIndex)
}

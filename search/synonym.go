package search

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"jiangxin/graph"
)

// MaxAlternatives bounds how many synonyms one query term expands to (the term itself included).
const MaxAlternatives = 24

// Synonyms expands query terms by synonym groups. Members are compared after Fold; a member that
// belongs to several groups expands to the members of all of them (groups are not merged
// transitively). A Synonyms is immutable once built and safe for concurrent use; the nil
// *Synonyms has no groups.
type Synonyms struct {
	groups  [][]string       // folded, de-duplicated members
	byKey   map[string][]int // folded member → indexes of the groups that hold it
	maxLen  int              // longest member, in runes
	members []string         // every folded member, sorted, for prefix look-ups
}

// NewSynonyms builds a Synonyms from groups of equivalent terms, e.g.
// {"氩弧焊", "TIG焊", "钨极氩弧焊", "GTAW", "141"}. Empty members and groups with fewer than two
// distinct members are dropped.
func NewSynonyms(groups ...[][]string) *Synonyms {
	s := &Synonyms{byKey: map[string][]int{}}
	for _, gs := range groups {
		for _, g := range gs {
			var members []string
			for _, m := range g {
				f := Fold(m)
				if f == "" || len(SplitTerms(f)) == 0 || slices.Contains(members, f) {
					continue
				}
				members = append(members, f)
			}
			if len(members) < 2 {
				continue
			}
			gi := len(s.groups)
			s.groups = append(s.groups, members)
			for _, m := range members {
				if !slices.Contains(s.byKey[m], gi) {
					s.byKey[m] = append(s.byKey[m], gi)
				}
				s.maxLen = max(s.maxLen, utf8.RuneCountInString(m))
			}
		}
	}
	if s.byKey != nil {
		for m := range s.byKey {
			s.members = append(s.members, m)
		}
		sort.Strings(s.members)
	}
	return s
}

// Groups returns the folded groups. The caller must not modify them.
func (s *Synonyms) Groups() [][]string {
	if s == nil {
		return nil
	}
	return s.groups
}

// Expand returns the folded term followed by its synonyms (at most MaxAlternatives in all).
func (s *Synonyms) Expand(term string) []string {
	f := Fold(term)
	alts := []string{f}
	if s == nil {
		return alts
	}
	for _, gi := range s.byKey[f] {
		for _, m := range s.groups[gi] {
			if len(alts) < MaxAlternatives && !slices.Contains(alts, m) {
				alts = append(alts, m)
			}
		}
	}
	return alts
}

// WithPrefix returns up to limit folded members that start with the folded prefix, shortest
// first, each followed by its synonyms (de-duplicated).
func (s *Synonyms) WithPrefix(prefix string, limit int) []string {
	p := Fold(prefix)
	if s == nil || p == "" {
		return nil
	}
	i := sort.SearchStrings(s.members, p)
	var starts []string
	for ; i < len(s.members) && strings.HasPrefix(s.members[i], p); i++ {
		starts = append(starts, s.members[i])
	}
	sort.SliceStable(starts, func(a, b int) bool { return len(starts[a]) < len(starts[b]) })
	var out []string
	for _, m := range starts {
		for _, x := range s.Expand(m) {
			if len(out) >= limit {
				return out
			}
			if !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	return out
}

// Clause is one required part of a parsed query: it matches when any of its alternatives
// matches. Alternatives are folded text; the first is what the user typed. An alternative may
// mix Chinese runs and Latin words ("tig焊"): it matches where its terms stand together in order.
type Clause struct {
	Alternatives []string
	Synonym      bool // the clause came from a synonym group
}

// Parse splits folded query text into clauses: synonym members found by longest match (a Latin
// or digit member only on word boundaries), then the remaining Chinese runs and Latin words, one
// clause each. It returns an ErrInvalid *graph.FieldError when the text holds more than
// MaxQueryTerms clauses.
func (s *Synonyms) Parse(text string) ([]Clause, error) {
	rs := []rune(Fold(text))
	var clauses []Clause
	pending := -1 // start of a Chinese run not yet emitted
	flush := func(end int) {
		if pending >= 0 && end > pending {
			clauses = append(clauses, Clause{Alternatives: []string{string(rs[pending:end])}})
		}
		pending = -1
	}
	for i := 0; i < len(rs); {
		r := rs[i]
		if !IsHan(r) && !isWord(r) {
			flush(i)
			i++
			continue
		}
		wordStart := IsHan(r) || i == 0 || !isWord(rs[i-1])
		if n := s.match(rs, i); n > 0 && wordStart {
			flush(i)
			m := string(rs[i : i+n])
			clauses = append(clauses, Clause{Alternatives: s.Expand(m), Synonym: true})
			i += n
			continue
		}
		if IsHan(r) {
			if pending < 0 {
				pending = i
			}
			i++
			continue
		}
		flush(i)
		j := i + 1
		for j < len(rs) && isWord(rs[j]) {
			j++
		}
		clauses = append(clauses, Clause{Alternatives: []string{string(rs[i:j])}})
		i = j
	}
	flush(len(rs))
	if len(clauses) > MaxQueryTerms {
		return nil, graph.Invalid("text", "query has %d terms; at most %d are allowed", len(clauses), MaxQueryTerms)
	}
	return clauses, nil
}

// match returns the length in runes of the longest member starting at rs[i], or 0. A member
// ending in a letter or digit must not be followed by one.
func (s *Synonyms) match(rs []rune, i int) int {
	if s == nil {
		return 0
	}
	for n := min(s.maxLen, len(rs)-i); n > 0; n-- {
		if _, ok := s.byKey[string(rs[i:i+n])]; !ok {
			continue
		}
		if end := i + n; end < len(rs) && isWord(rs[end-1]) && isWord(rs[end]) {
			continue
		}
		return n
	}
	return 0
}

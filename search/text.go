package search

import (
	"bufio"
	_ "embed"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

//go:embed t2s.txt
var t2sData string

// t2s maps a traditional character to its simplified form. It is built once from t2sData and
// never modified afterwards, so sharing it is safe.
var t2s = mustParseT2S(t2sData)

// parseT2S reads the folding table: whitespace-separated two-character pairs. Every pair must
// keep its UTF-8 length and a character may map to one target only.
func parseT2S(data string) (map[rune]rune, error) {
	m := make(map[rune]rune, 1024)
	sc := bufio.NewScanner(strings.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		for _, pair := range strings.Fields(text) {
			rs := []rune(pair)
			if len(rs) != 2 {
				return nil, fmt.Errorf("t2s line %d: %q is not a pair", line, pair)
			}
			t, s := rs[0], rs[1]
			if utf8.RuneLen(t) != utf8.RuneLen(s) {
				return nil, fmt.Errorf("t2s line %d: %q changes UTF-8 length", line, pair)
			}
			if old, ok := m[t]; ok && old != s {
				return nil, fmt.Errorf("t2s line %d: %c maps to both %c and %c", line, t, old, s)
			}
			if t != s {
				m[t] = s
			}
		}
	}
	return m, nil
}

func mustParseT2S(data string) map[rune]rune {
	m, err := parseT2S(data)
	if err != nil {
		panic(err) // the table is embedded data checked by tests
	}
	return m
}

// T2SSize returns how many traditional characters the folding table maps.
func T2SSize() int { return len(t2s) }

// FoldTraditional replaces the traditional characters of the project's folding table with their
// simplified forms. It keeps every character's UTF-8 length, so byte offsets into the result are
// byte offsets into s.
func FoldTraditional(s string) string {
	// Fast path: most text has nothing to fold.
	i := strings.IndexFunc(s, func(r rune) bool { _, ok := t2s[r]; return ok })
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if x, ok := t2s[r]; ok {
			r = x
		}
		b.WriteRune(r)
	}
	return b.String()
}

// FoldRune folds one character as Fold does, to exactly one character: traditional to
// simplified, full-width to half-width, upper to lower case. Folding text rune by rune keeps
// rune positions, which highlighters use to map matches back onto the original text.
func FoldRune(r rune) rune {
	if x, ok := t2s[r]; ok {
		r = x
	}
	if f := width.LookupRune(r).Folded(); f != 0 {
		r = f
	}
	return unicode.ToLower(r)
}

// Fold returns the matching key of s: traditional characters folded to simplified, full-width
// forms to half-width, letters to lower case, and runs of spaces to one space.
func Fold(s string) string {
	s = width.Fold.String(FoldTraditional(s))
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// CleanText replaces control and format characters (and invalid UTF-8) with spaces, collapses
// white space and trims the result. It does not interpret query syntax: there is none.
func CleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// IsHan reports whether r is a Chinese character.
func IsHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// isWord reports whether r belongs to a Latin (or other non-Han) word: a letter or digit.
func isWord(r rune) bool { return !IsHan(r) && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// Term is one unit of text: a run of Chinese characters or a word of letters and digits.
type Term struct {
	Text string
	Han  bool
}

// SplitTerms splits folded text into its terms, dropping punctuation and spaces.
func SplitTerms(s string) []Term {
	var terms []Term
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		var in func(rune) bool
		switch {
		case IsHan(r):
			in = IsHan
		case isWord(r):
			in = isWord
		default:
			i++
			continue
		}
		j := i + 1
		for j < len(rs) && in(rs[j]) {
			j++
		}
		terms = append(terms, Term{Text: string(rs[i:j]), Han: IsHan(r)})
		i = j
	}
	return terms
}

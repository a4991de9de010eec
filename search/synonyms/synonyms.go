// Package synonyms holds the synonym data of Jiangxin search: the team's own trade-process
// groups (trades.txt, embedded) and groups derived from the occupation classification's
// aliases. The groups feed search.NewSynonyms.
package synonyms

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strings"

	"jiangxin/graph"
)

//go:embed trades.txt
var tradesData string

// Trades returns the trade-process synonym groups written by the Jiangxin team (welding
// processes keyed to ISO 4063 numbers, machining, electrical, construction, inspection …).
func Trades() [][]string {
	groups, err := Parse(strings.NewReader(tradesData))
	if err != nil {
		panic(err) // embedded data, checked by tests
	}
	return groups
}

// Parse reads synonym groups: one group per line, terms separated by commas (ASCII or
// full-width), blank lines and lines starting with # ignored. It returns an error naming the
// line of a group with fewer than two distinct terms.
func Parse(r io.Reader) ([][]string, error) {
	var groups [][]string
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var g []string
		for _, t := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == '，' }) {
			if t = strings.TrimSpace(t); t != "" && !slices.Contains(g, t) {
				g = append(g, t)
			}
		}
		if len(g) < 2 {
			return nil, fmt.Errorf("synonyms line %d: a group needs at least two terms", line)
		}
		groups = append(groups, g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read synonyms: %w", err)
	}
	return groups, nil
}

// FromSkills returns one group per skill that has aliases besides its name: the name and every
// alias. The classification writes an English abbreviation and its Chinese term with a slash
// ("CNC/数控"); when a part of an alias is plain ASCII, each part is a term as well (other
// slashed aliases such as 车身/造型设计 stay whole). Aliases that are the name with the 大典's
// S/L markers are skipped, and so are categories (Depth 1–3).
func FromSkills(skills []graph.Skill) [][]string {
	var groups [][]string
	for _, s := range skills {
		if s.Depth != 0 && s.Depth < 4 {
			continue
		}
		g := []string{s.Name}
		add := func(t string) {
			if t = strings.TrimSpace(t); t != "" && !slices.Contains(g, t) {
				g = append(g, t)
			}
		}
		for _, a := range s.Aliases {
			if strings.TrimRight(a, "LS/") == s.Name {
				continue
			}
			add(a)
			if parts := strings.Split(a, "/"); len(parts) > 1 && slices.ContainsFunc(parts, isASCII) {
				for _, part := range parts {
					add(part)
				}
			}
		}
		if len(g) >= 2 {
			groups = append(groups, g)
		}
	}
	return groups
}

// All returns the trade groups followed by the groups derived from skills.
func All(skills []graph.Skill) [][]string {
	return append(Trades(), FromSkills(skills)...)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return s != ""
}

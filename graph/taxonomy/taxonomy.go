// Package taxonomy embeds the 2022 national occupation classification (职业分类大典 2022) and
// parses it into the Skill catalogue: 8 大类, 73 中类, 336 小类 and 1,634 occupations with their
// codes, definitions, tasks and aliases. See SOURCES.md for provenance and licence.
package taxonomy

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"jiangxin/graph"
)

//go:embed csco22.csv
var csco22 []byte

// Load parses the embedded classification and returns its skills in file order (categories
// before their members). It returns an error only if the embedded file is corrupt.
func Load() ([]graph.Skill, error) {
	return Parse(bytes.NewReader(csco22))
}

var (
	markerRE = regexp.MustCompile(`(L/S|S/L|L|S)$`)
	taskRE   = regexp.MustCompile(`(?:^|\s)\d{1,2}\.`)
)

// Parse reads a classification CSV with the columns level, code, name, definition, tasks and
// alias (others are ignored). Duplicate codes keep the first row and merge aliases.
func Parse(r io.Reader) ([]graph.Skill, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	for _, need := range []string{"level", "code", "name", "definition", "tasks", "alias"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("missing column %q", need)
		}
	}
	var out []graph.Skill
	index := map[string]int{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		get := func(name string) string {
			if i := col[name]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		depth, err := strconv.Atoi(get("level"))
		if err != nil || depth < 1 || depth > 4 {
			return nil, fmt.Errorf("line %d: bad level %q", line, get("level"))
		}
		raw := get("name")
		marker := markerRE.FindString(raw)
		name := strings.TrimSpace(strings.TrimSuffix(raw, marker))
		s := graph.Skill{
			Code:       get("code"),
			Name:       name,
			Depth:      depth,
			ParentCode: ParentCode(get("code"), depth),
			Definition: get("definition"),
			Tasks:      splitTasks(get("tasks")),
			Digital:    strings.Contains(marker, "S"),
			Green:      strings.Contains(marker, "L"),
		}
		s.Aliases = mergeAliases(nil, name, get("alias"))
		if err := s.Validate(); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if i, dup := index[s.Code]; dup {
			out[i].Aliases = mergeAliases(out[i].Aliases, out[i].Name, get("alias"))
			continue
		}
		index[s.Code] = len(out)
		out = append(out, s)
	}
	// A few categories are absent from the source: attach their members to the nearest
	// ancestor that is present, so every ParentCode names a skill of the catalogue.
	for i := range out {
		p := out[i].ParentCode
		for d := out[i].Depth - 1; p != ""; d-- {
			if _, ok := index[p]; ok {
				break
			}
			p = ParentCode(p, d)
		}
		out[i].ParentCode = p
	}
	return out, nil
}

// ParentCode returns the code of the category enclosing code at the given depth: 6-18-02-04
// (depth 4) → 6-18-02-00 → 6-18-00-00 → 6-00-00-00 → "".
func ParentCode(code string, depth int) string {
	if len(code) != 10 {
		return ""
	}
	switch depth {
	case 4:
		return code[:7] + "-00"
	case 3:
		return code[:4] + "-00-00"
	case 2:
		return code[:1] + "-00-00-00"
	}
	return ""
}

// mergeAliases adds the comma-separated aliases in list to have, skipping the name itself,
// markers and duplicates.
func mergeAliases(have []string, name, list string) []string {
	seen := map[string]bool{name: true}
	for _, a := range have {
		seen[a] = true
	}
	for _, a := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		a = strings.TrimSpace(markerRE.ReplaceAllString(strings.TrimSpace(a), ""))
		if a == "" || seen[a] {
			continue
		}
		seen[a] = true
		have = append(have, a)
	}
	return have
}

// splitTasks turns "1.设定焊接参数 2.安装和加固构件 …" into its items.
func splitTasks(s string) []string {
	if s == "" {
		return nil
	}
	idx := taskRE.FindAllStringIndex(s, -1)
	if len(idx) == 0 {
		return []string{s}
	}
	var out []string
	for i, m := range idx {
		end := len(s)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		if t := strings.TrimSpace(s[m[1]:end]); t != "" {
			out = append(out, strings.TrimRight(t, "。；; "))
		}
	}
	return out
}

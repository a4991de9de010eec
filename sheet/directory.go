package sheet

import (
	"context"
	"fmt"
	"strings"

	"jiangxin/graph"
)

// directory resolves the references a sheet makes by name (regions, unions, enterprises,
// trades, workers by employee number) against the store and the records planned so far.
type directory struct {
	store graph.Store

	regions      map[string]graph.Region
	regionKids   map[string]string // parentID \x00 name → id
	regionByName map[string][]string

	unions      map[string]graph.Union
	unionKids   map[string]string
	unionByName map[string][]string

	ents      map[string]graph.Enterprise
	entByCode map[string]string
	entByName map[string][]string

	skillName    map[string]string // code → name (occupations)
	skillByName  map[string]string
	skillByAlias map[string][]string

	staff   map[string]map[string]string // enterprise ID → employee no → worker ID
	studios map[string]string            // host ID \x00 name → studio ID
	targets map[string]string            // union \x00 kind \x00 period \x00 campaign → target ID
}

func key(parts ...string) string { return strings.Join(parts, "\x00") }

// all reads every page of a list.
func all[T any](ctx context.Context, list func(graph.Page) (graph.Conn[T], error), each func(T)) error {
	p := graph.Page{First: graph.MaxPageSize}
	for {
		c, err := list(p)
		if err != nil {
			return err
		}
		for _, it := range c.Items {
			each(it)
		}
		if !c.HasNext || len(c.Items) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		p.After = c.EndCursor
	}
}

func loadDirectory(ctx context.Context, s graph.Store) (*directory, error) {
	d := &directory{store: s, regions: map[string]graph.Region{}, regionKids: map[string]string{}, regionByName: map[string][]string{},
		unions: map[string]graph.Union{}, unionKids: map[string]string{}, unionByName: map[string][]string{},
		ents: map[string]graph.Enterprise{}, entByCode: map[string]string{}, entByName: map[string][]string{},
		skillName: map[string]string{}, skillByName: map[string]string{}, skillByAlias: map[string][]string{},
		staff: map[string]map[string]string{}, studios: map[string]string{}, targets: map[string]string{}}
	err := all(ctx, func(p graph.Page) (graph.Conn[graph.Skill], error) {
		return s.ListSkills(ctx, graph.SkillFilter{Depth: 4}, p)
	}, func(sk graph.Skill) {
		d.skillName[sk.Code] = sk.Name
		if _, ok := d.skillByName[sk.Name]; !ok {
			d.skillByName[sk.Name] = sk.Code
		}
		for _, a := range sk.Aliases {
			if !containsStr(d.skillByAlias[a], sk.Code) {
				d.skillByAlias[a] = append(d.skillByAlias[a], sk.Code)
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("load skills: %w", err)
	}
	if err := all(ctx, func(p graph.Page) (graph.Conn[graph.Region], error) {
		return s.ListRegions(ctx, graph.RegionFilter{}, p)
	}, d.addRegion); err != nil {
		return nil, fmt.Errorf("load regions: %w", err)
	}
	if err := all(ctx, func(p graph.Page) (graph.Conn[graph.Union], error) {
		return s.ListUnions(ctx, graph.UnionFilter{}, p)
	}, d.addUnion); err != nil {
		return nil, fmt.Errorf("load unions: %w", err)
	}
	if err := all(ctx, func(p graph.Page) (graph.Conn[graph.Enterprise], error) {
		return s.ListEnterprises(ctx, graph.EnterpriseFilter{}, p)
	}, d.addEnterprise); err != nil {
		return nil, fmt.Errorf("load enterprises: %w", err)
	}
	if err := all(ctx, func(p graph.Page) (graph.Conn[graph.Studio], error) {
		return s.ListStudios(ctx, graph.StudioFilter{}, p)
	}, func(st graph.Studio) { d.studios[key(st.HostEnterpriseID, st.Name)] = st.ID }); err != nil {
		return nil, fmt.Errorf("load studios: %w", err)
	}
	if err := all(ctx, func(p graph.Page) (graph.Conn[graph.Target], error) {
		return s.ListTargets(ctx, graph.TargetFilter{}, p)
	}, func(t graph.Target) { d.targets[targetKey(t)] = t.ID }); err != nil {
		return nil, fmt.Errorf("load targets: %w", err)
	}
	return d, nil
}

func targetKey(t graph.Target) string { return key(t.UnionID, string(t.Kind), t.Period, t.Campaign) }

func containsStr(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func (d *directory) addRegion(r graph.Region) {
	if old, ok := d.regions[r.ID]; ok && old.Name == r.Name && old.ParentID == r.ParentID {
		d.regions[r.ID] = r
		return
	}
	d.regions[r.ID] = r
	d.regionKids[key(r.ParentID, r.Name)] = r.ID
	d.regionByName[r.Name] = append(d.regionByName[r.Name], r.ID)
}

func (d *directory) addUnion(u graph.Union) {
	if old, ok := d.unions[u.ID]; ok && old.Name == u.Name && old.ParentID == u.ParentID {
		d.unions[u.ID] = u
		return
	}
	d.unions[u.ID] = u
	d.unionKids[key(u.ParentID, u.Name)] = u.ID
	d.unionByName[u.Name] = append(d.unionByName[u.Name], u.ID)
}

func (d *directory) addEnterprise(e graph.Enterprise) {
	old, had := d.ents[e.ID]
	d.ents[e.ID] = e
	if e.CreditCode != "" {
		d.entByCode[e.CreditCode] = e.ID
	}
	if !had || old.Name != e.Name {
		d.entByName[e.Name] = append(d.entByName[e.Name], e.ID)
	}
}

// path splits a reference such as 湖南省/长沙市/雨花区.
func splitPath(ref string) []string {
	return splitList(ref, "/>＞／\\")
}

// resolveTree finds a node of a named tree (regions or unions) by ID, name or path of names.
func resolveTree(ref, what string, isID func(string) bool, byName map[string][]string, name func(id string) (string, string)) (string, error) {
	ref = clean(ref)
	if isID(ref) {
		return ref, nil
	}
	parts := splitPath(ref)
	if len(parts) == 0 {
		return "", bad("%s is empty", what)
	}
	var found []string
	for _, id := range byName[parts[len(parts)-1]] {
		cur, ok := id, true
		for i := len(parts) - 2; i >= 0 && ok; i-- {
			_, parent := name(cur)
			pn, _ := name(parent)
			if parent == "" || pn != parts[i] {
				ok = false
			}
			cur = parent
		}
		if ok {
			found = append(found, id)
		}
	}
	switch len(found) {
	case 0:
		return "", bad("%s %q not found", what, ref)
	case 1:
		return found[0], nil
	}
	return "", bad("%s %q is ambiguous (%d match); write its path, e.g. 上级/%s", what, ref, len(found), parts[len(parts)-1])
}

func (d *directory) region(ref string) (string, error) {
	return resolveTree(ref, "region", func(s string) bool {
		_, ok := d.regions[s]
		return ok
	}, d.regionByName, func(id string) (string, string) {
		r := d.regions[id]
		return r.Name, r.ParentID
	})
}

func (d *directory) union(ref string) (string, error) {
	return resolveTree(ref, "union", func(s string) bool {
		_, ok := d.unions[s]
		return ok
	}, d.unionByName, func(id string) (string, string) {
		u := d.unions[id]
		return u.Name, u.ParentID
	})
}

// enterprise finds an enterprise by ID, unified social credit code or unique name.
func (d *directory) enterprise(ref string) (string, error) {
	ref = clean(ref)
	if _, ok := d.ents[ref]; ok {
		return ref, nil
	}
	if id, ok := d.entByCode[strings.ToUpper(ref)]; ok {
		return id, nil
	}
	switch ids := d.entByName[ref]; len(ids) {
	case 0:
		return "", bad("enterprise %q not found", ref)
	case 1:
		return ids[0], nil
	}
	return "", bad("enterprise name %q is ambiguous; give its unified social credit code", ref)
}

// skill finds an occupation by code, name or unique alias.
func (d *directory) skill(ref string) (string, error) {
	ref = clean(ref)
	if _, ok := d.skillName[ref]; ok {
		return ref, nil
	}
	if c, ok := d.skillByName[ref]; ok {
		return c, nil
	}
	switch cs := d.skillByAlias[ref]; len(cs) {
	case 1:
		return cs[0], nil
	case 0:
		return "", bad("unknown trade %q: not an occupation of the national classification", ref)
	default:
		return "", bad("trade %q is ambiguous (%s); give the occupation code", ref, strings.Join(cs, ", "))
	}
}

// staffOf returns the employee numbers of an enterprise, loading them once.
func (d *directory) staffOf(ctx context.Context, entID string) (map[string]string, error) {
	if m, ok := d.staff[entID]; ok {
		return m, nil
	}
	m := map[string]string{}
	err := all(ctx, func(p graph.Page) (graph.Conn[graph.Worker], error) {
		return d.store.ListWorkers(ctx, graph.WorkerFilter{EnterpriseID: entID}, p)
	}, func(w graph.Worker) {
		if w.EmployeeNo != "" {
			m[w.EmployeeNo] = w.ID
		}
	})
	if err != nil {
		return nil, fmt.Errorf("load workers of %s: %w", entID, err)
	}
	d.staff[entID] = m
	return m, nil
}

// regionPath returns a region's name with its ancestors above the city, e.g. 长沙市/雨花区,
// or the shortest suffix path that is unique.
func (d *directory) regionPath(id string) string {
	return treePath(id, d.regionByName, func(id string) (string, string) {
		r := d.regions[id]
		return r.Name, r.ParentID
	})
}

func (d *directory) unionPath(id string) string {
	return treePath(id, d.unionByName, func(id string) (string, string) {
		u := d.unions[id]
		return u.Name, u.ParentID
	})
}

// treePath returns the shortest path of names ending at id that names it uniquely.
func treePath(id string, byName map[string][]string, name func(string) (string, string)) string {
	if id == "" {
		return ""
	}
	n, parent := name(id)
	parts := []string{n}
	for len(byName[n]) > 1 && parent != "" {
		// Lengthen the path until it is unique.
		pn, pp := name(parent)
		parts = append([]string{pn}, parts...)
		cand := 0
		for _, other := range byName[parts[len(parts)-1]] {
			if suffixMatch(other, parts, name) {
				cand++
			}
		}
		if cand <= 1 {
			break
		}
		parent = pp
	}
	return strings.Join(parts, "/")
}

func suffixMatch(id string, parts []string, name func(string) (string, string)) bool {
	cur := id
	for i := len(parts) - 1; i >= 0; i-- {
		n, p := name(cur)
		if n != parts[i] {
			return false
		}
		if i > 0 && p == "" {
			return false
		}
		cur = p
	}
	return true
}

// entRef returns the reference Export writes for an enterprise: its credit code when set,
// else its name.
func (d *directory) entName(id string) string { return d.ents[id].Name }

package search

import (
	"strconv"

	"jiangxin/graph"
)

// skillRef returns the reference for code at level, with the name and aliases from skills when
// the code is known there (the code alone otherwise).
func skillRef(code string, level graph.Level, skills map[string]graph.Skill) SkillRef {
	ref := SkillRef{Code: code, Level: level}
	if s, ok := skills[code]; ok {
		ref.Name = s.Name
		for _, a := range s.Aliases {
			if a != s.Name {
				ref.Aliases = append(ref.Aliases, a)
			}
		}
	}
	return ref
}

func regionRefs(path []graph.Region) []RegionRef {
	refs := make([]RegionRef, 0, len(path))
	for _, r := range path {
		refs = append(refs, RegionRef{ID: r.ID, Name: r.Name})
	}
	return refs
}

// FromWorker builds the document of worker w. skills resolves occupation codes to names and
// aliases; regionPath is the path from the province down to w's region; enterprise is w's
// employer, or nil.
func FromWorker(w graph.Worker, skills map[string]graph.Skill, regionPath []graph.Region, enterprise *graph.Enterprise) Document {
	d := Document{
		ID:        w.ID,
		Kind:      KindWorker,
		Title:     w.Name,
		Body:      w.Bio,
		Regions:   regionRefs(regionPath),
		Roles:     append([]graph.Role(nil), w.Roles...),
		UpdatedAt: w.UpdatedAt,
	}
	for _, s := range w.Skills {
		d.Skills = append(d.Skills, skillRef(s.Code, s.Level, skills))
	}
	for _, h := range w.Honours {
		d.Honours = append(d.Honours, HonourRef{Title: h.Title, Tier: h.Tier})
	}
	if enterprise != nil {
		d.EnterpriseID = enterprise.ID
		d.EnterpriseName = enterprise.Name
		d.Industry = enterprise.Industry
	}
	return d
}

// FromProblem builds the document of problem p. regionPath is the posting enterprise's region
// path; enterprise is the posting enterprise, or nil. The problem's own industry wins over the
// enterprise's.
func FromProblem(p graph.Problem, skills map[string]graph.Skill, regionPath []graph.Region, enterprise *graph.Enterprise) Document {
	d := Document{
		ID:           p.ID,
		Kind:         KindProblem,
		Title:        p.Title,
		Body:         p.Description,
		Regions:      regionRefs(regionPath),
		Industry:     p.Industry,
		EnterpriseID: p.EnterpriseID,
		Status:       string(p.Status),
		UpdatedAt:    p.UpdatedAt,
	}
	if p.Outcome != "" {
		d.Tasks = []string{p.Outcome}
	}
	for _, s := range p.Skills {
		// A required minimum level is not a level the problem holds: leave Level empty so
		// MinLevel filters select workers, not problems.
		d.Skills = append(d.Skills, skillRef(s.Code, graph.LevelNone, skills))
	}
	if enterprise != nil {
		d.EnterpriseName = enterprise.Name
		if d.Industry == "" {
			d.Industry = enterprise.Industry
		}
	}
	return d
}

// studioKindNames are the Chinese names of studio kinds, searchable on studio documents.
var studioKindNames = map[graph.StudioKind]string{
	graph.StudioModelWorker: "劳模创新工作室",
	graph.StudioCraftsman:   "工匠创新工作室",
	graph.StudioSkillMaster: "技能大师工作室",
}

// FromStudio builds the document of studio s. regionPath is the host enterprise's region path;
// host is the host enterprise and leader the leading worker, each possibly nil. The studio's
// tier is recorded as an honour titled with its kind's Chinese name (e.g. 劳模创新工作室), so
// HonourTier filters select studios by level; the leader's name is searchable text.
func FromStudio(s graph.Studio, skills map[string]graph.Skill, regionPath []graph.Region, host *graph.Enterprise, leader *graph.Worker) Document {
	d := Document{
		ID:           s.ID,
		Kind:         KindStudio,
		Title:        s.Name,
		Body:         s.Description,
		Regions:      regionRefs(regionPath),
		StudioKind:   s.Kind,
		EnterpriseID: s.HostEnterpriseID,
		UpdatedAt:    s.UpdatedAt,
	}
	for _, code := range s.SpecialtyCodes {
		d.Skills = append(d.Skills, skillRef(code, graph.LevelNone, skills))
	}
	for _, a := range s.Achievements {
		t := a.Title
		if a.Year > 0 {
			t += " (" + strconv.Itoa(a.Year) + ")"
		}
		d.Tasks = append(d.Tasks, t)
	}
	if leader != nil {
		d.Tasks = append(d.Tasks, leader.Name)
	}
	if s.Tier != "" {
		d.Honours = append(d.Honours, HonourRef{Title: studioKindNames[s.Kind], Tier: s.Tier})
	}
	if host != nil {
		d.EnterpriseName = host.Name
		d.Industry = host.Industry
	}
	return d
}

// FromSkill builds the document of an occupation: its code is the ID, its definition the body
// and its tasks the further text.
func FromSkill(s graph.Skill) Document {
	return Document{
		ID:     s.Code,
		Kind:   KindSkill,
		Title:  s.Name,
		Body:   s.Definition,
		Tasks:  append([]string(nil), s.Tasks...),
		Skills: []SkillRef{skillRef(s.Code, graph.LevelNone, map[string]graph.Skill{s.Code: s})},
	}
}

// FromEnterprise builds the document of enterprise e; regionPath is the path from the province
// down to e's region.
func FromEnterprise(e graph.Enterprise, regionPath []graph.Region) Document {
	return Document{
		ID:             e.ID,
		Kind:           KindEnterprise,
		Title:          e.Name,
		Regions:        regionRefs(regionPath),
		Industry:       e.Industry,
		EnterpriseID:   e.ID,
		EnterpriseName: e.Name,
		UpdatedAt:      e.UpdatedAt,
	}
}

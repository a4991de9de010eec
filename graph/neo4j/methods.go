package neo4j

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"jiangxin/graph"
)

// UpsertSkills writes the skill catalogue in one transaction, replacing skills with the same
// code and linking each skill to its category when that category is stored.
func (s *Store) UpsertSkills(ctx context.Context, skills []graph.Skill) error {
	if len(skills) == 0 {
		return nil
	}
	rows := make([]any, len(skills))
	codes := make([]string, len(skills))
	for i := range skills {
		k := &skills[i]
		if err := k.Validate(); err != nil {
			return err
		}
		rows[i] = map[string]any{"code": k.Code, "props": map[string]any{"code": k.Code, "name": k.Name,
			"depth": k.Depth, "parentCode": orNil(k.ParentCode), "definition": k.Definition,
			"tasks": strList(k.Tasks), "aliases": strList(k.Aliases), "digital": k.Digital, "green": k.Green}}
		codes[i] = k.Code
	}
	return s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		if err := runRows(ctx, tx, `UNWIND $rows AS row MERGE (n:Skill {code: row.code}) SET n = row.props
			WITH n CALL (n) { MATCH (n)-[r:IN_CATEGORY]->() DELETE r }`, rows); err != nil {
			return err
		}
		for i := 0; i < len(codes); i += batchSize {
			end := min(i+batchSize, len(codes))
			if err := exec(ctx, tx, `UNWIND $codes AS code MATCH (n:Skill {code: code})
				CALL (n) { MATCH (p:Skill {code: n.parentCode}) MERGE (n)-[:IN_CATEGORY]->(p) }
				CALL (n) { MATCH (c:Skill {parentCode: n.code}) MERGE (c)-[:IN_CATEGORY]->(n) }`,
				map[string]any{"codes": codes[i:end]}); err != nil {
				return err
			}
		}
		return nil
	})
}

const skillProj = "n {.*}"

func decodeSkill(m rec) graph.Skill {
	return graph.Skill{Code: m.str("code"), Name: m.str("name"), Depth: m.num("depth"), ParentCode: m.str("parentCode"),
		Definition: m.str("definition"), Tasks: m.strs("tasks"), Aliases: m.strs("aliases"),
		Digital: m.flag("digital"), Green: m.flag("green")}
}

// GetSkill returns the skill with code.
func (s *Store) GetSkill(ctx context.Context, code string) (graph.Skill, error) {
	var out graph.Skill
	if err := graph.CheckSkillCode("code", code); err != nil {
		return out, err
	}
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		recs, err := collect(ctx, tx, "MATCH (n:Skill {code: $code}) RETURN "+skillProj, map[string]any{"code": code})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return graph.NotFound(graph.KindSkill, code)
		}
		out = decodeSkill(recs[0].Values[0].(map[string]any))
		return nil
	})
	return out, err
}

// GetManySkills returns the skills found, in the order of codes.
func (s *Store) GetManySkills(ctx context.Context, codes []string) ([]graph.Skill, error) {
	out := make([]graph.Skill, 0, len(codes))
	if len(codes) == 0 {
		return out, nil
	}
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		out = out[:0]
		recs, err := collect(ctx, tx, `UNWIND range(0, size($codes) - 1) AS i MATCH (n:Skill {code: $codes[i]})
			WITH i, n ORDER BY i RETURN `+skillProj, map[string]any{"codes": codes})
		if err != nil {
			return err
		}
		for _, r := range recs {
			out = append(out, decodeSkill(r.Values[0].(map[string]any)))
		}
		return nil
	})
	return out, err
}

// ListSkills returns a page of skills in code order.
func (s *Store) ListSkills(ctx context.Context, f graph.SkillFilter, p graph.Page) (graph.Conn[graph.Skill], error) {
	fl := newFilter()
	fl.eq("parentCode", f.ParentCode)
	if f.Depth != 0 {
		fl.add("n.depth = $depth", "depth", f.Depth)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		fl.add(`(toLower(n.code) CONTAINS $query OR toLower(n.name) CONTAINS $query
			OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) CONTAINS $query))`, "query", strings.ToLower(q))
	}
	return list(ctx, s, skillSpec, "code", fl, p)
}

// skillSpec is the read side of skills, for list.
var skillSpec = &spec[graph.Skill]{
	kind: graph.KindSkill, label: lblSkill, proj: skillProj,
	decode: func(m rec) (graph.Skill, error) { return decodeSkill(m), nil },
}

// CreateRegion stores a new region.
func (s *Store) CreateRegion(ctx context.Context, r graph.Region) error {
	return create(ctx, s, regionSpec, r)
}

// GetRegion returns a region by ID.
func (s *Store) GetRegion(ctx context.Context, id string) (graph.Region, error) {
	return get(ctx, s, regionSpec, id)
}

// GetManyRegions returns the regions found, in the order of ids.
func (s *Store) GetManyRegions(ctx context.Context, ids []string) ([]graph.Region, error) {
	return getMany(ctx, s, regionSpec, ids)
}

// ListRegions returns a page of regions.
func (s *Store) ListRegions(ctx context.Context, f graph.RegionFilter, p graph.Page) (graph.Conn[graph.Region], error) {
	fl := newFilter()
	fl.linked("parentId", "(n)-[:PART_OF]->(m:Region)", f.ParentID)
	fl.eq("kind", string(f.Kind))
	if f.RootOnly {
		fl.add("NOT EXISTS { (n)-[:PART_OF]->(:Region) }", "", nil)
	}
	return list(ctx, s, regionSpec, "id", fl, p)
}

// UpdateRegion applies fn to a region.
func (s *Store) UpdateRegion(ctx context.Context, id string, fn func(*graph.Region) error) (graph.Region, error) {
	return update(ctx, s, regionSpec, id, fn)
}

// DeleteRegion removes a region nothing references.
func (s *Store) DeleteRegion(ctx context.Context, id string) error {
	return remove(ctx, s, regionSpec, id)
}

// CreateUnion stores a new union.
func (s *Store) CreateUnion(ctx context.Context, u graph.Union) error {
	return create(ctx, s, unionSpec, u)
}

// GetUnion returns a union by ID.
func (s *Store) GetUnion(ctx context.Context, id string) (graph.Union, error) {
	return get(ctx, s, unionSpec, id)
}

// GetManyUnions returns the unions found, in the order of ids.
func (s *Store) GetManyUnions(ctx context.Context, ids []string) ([]graph.Union, error) {
	return getMany(ctx, s, unionSpec, ids)
}

// ListUnions returns a page of unions.
func (s *Store) ListUnions(ctx context.Context, f graph.UnionFilter, p graph.Page) (graph.Conn[graph.Union], error) {
	fl := newFilter()
	fl.linked("parentId", "(n)-[:PART_OF]->(m:Union)", f.ParentID)
	fl.eq("tier", string(f.Tier))
	if f.RootOnly {
		fl.add("NOT EXISTS { (n)-[:PART_OF]->(:Union) }", "", nil)
	}
	return list(ctx, s, unionSpec, "id", fl, p)
}

// UpdateUnion applies fn to a union.
func (s *Store) UpdateUnion(ctx context.Context, id string, fn func(*graph.Union) error) (graph.Union, error) {
	return update(ctx, s, unionSpec, id, fn)
}

// DeleteUnion removes a union nothing references.
func (s *Store) DeleteUnion(ctx context.Context, id string) error {
	return remove(ctx, s, unionSpec, id)
}

// CreateEnterprise stores a new enterprise.
func (s *Store) CreateEnterprise(ctx context.Context, e graph.Enterprise) error {
	return create(ctx, s, enterpriseSpec, e)
}

// GetEnterprise returns an enterprise by ID.
func (s *Store) GetEnterprise(ctx context.Context, id string) (graph.Enterprise, error) {
	return get(ctx, s, enterpriseSpec, id)
}

// GetManyEnterprises returns the enterprises found, in the order of ids.
func (s *Store) GetManyEnterprises(ctx context.Context, ids []string) ([]graph.Enterprise, error) {
	return getMany(ctx, s, enterpriseSpec, ids)
}

// ListEnterprises returns a page of enterprises.
func (s *Store) ListEnterprises(ctx context.Context, f graph.EnterpriseFilter, p graph.Page) (graph.Conn[graph.Enterprise], error) {
	fl := newFilter()
	fl.under("regionId", "-[:IN_REGION]->", lblRegion, f.RegionID)
	fl.linked("unionId", "(n)-[:MEMBER_OF]->(m:Union)", f.UnionID)
	fl.eq("industry", f.Industry)
	fl.eq("ownership", string(f.Ownership))
	return list(ctx, s, enterpriseSpec, "id", fl, p)
}

// UpdateEnterprise applies fn to an enterprise.
func (s *Store) UpdateEnterprise(ctx context.Context, id string, fn func(*graph.Enterprise) error) (graph.Enterprise, error) {
	return update(ctx, s, enterpriseSpec, id, fn)
}

// DeleteEnterprise removes an enterprise nothing references.
func (s *Store) DeleteEnterprise(ctx context.Context, id string) error {
	return remove(ctx, s, enterpriseSpec, id)
}

// CreateWorker stores a new worker.
func (s *Store) CreateWorker(ctx context.Context, w graph.Worker) error {
	return create(ctx, s, workerSpec, w)
}

// GetWorker returns a worker by ID.
func (s *Store) GetWorker(ctx context.Context, id string) (graph.Worker, error) {
	return get(ctx, s, workerSpec, id)
}

// GetManyWorkers returns the workers found, in the order of ids.
func (s *Store) GetManyWorkers(ctx context.Context, ids []string) ([]graph.Worker, error) {
	return getMany(ctx, s, workerSpec, ids)
}

// tiersAtLeast returns the tiers of t's rank or higher.
func tiersAtLeast(t graph.Tier) []string {
	var out []string
	for _, x := range []graph.Tier{graph.TierNational, graph.TierProvincial, graph.TierCity, graph.TierDistrict,
		graph.TierTown, graph.TierEnterprise} {
		if x.Rank() >= t.Rank() {
			out = append(out, string(x))
		}
	}
	return out
}

// ListWorkers returns a page of workers.
func (s *Store) ListWorkers(ctx context.Context, f graph.WorkerFilter, p graph.Page) (graph.Conn[graph.Worker], error) {
	fl := newFilter()
	fl.linked("enterpriseId", "(n)-[:WORKS_AT]->(m:Enterprise)", f.EnterpriseID)
	fl.under("regionId", "-[:IN_REGION]->", lblRegion, f.RegionID)
	level := ""
	if f.MinLevel.Valid() {
		level = " AND h.level >= 1 AND h.level <= $minLevel"
		fl.params["minLevel"] = int(f.MinLevel)
	}
	switch {
	case f.SkillCode != "":
		fl.anchored(cond{where: "EXISTS { MATCH (n)-[h:HAS_SKILL]->(m:Skill) WHERE m.code = $skillCode" + level + " }",
			anchor: "MATCH (n)-[h:HAS_SKILL]->(:Skill {code: $skillCode}) WHERE true" + level, rank: anchorSkill}, "skillCode", f.SkillCode)
	case level != "":
		fl.add("EXISTS { MATCH (n)-[h:HAS_SKILL]->(:Skill) WHERE true"+level+" }", "", nil)
	}
	if f.Role != "" {
		fl.add("$role IN n.roles", "role", string(f.Role))
	}
	if f.HonourTier != "" {
		fl.add("EXISTS { MATCH (n)-[:HOLDS]->(o:Honour) WHERE o.tier IN $tiers }", "tiers", tiersAtLeast(f.HonourTier))
	}
	if f.Accepting != nil {
		fl.add("n.acceptingMentees = $accepting", "accepting", *f.Accepting)
	}
	return list(ctx, s, workerSpec, "id", fl, p)
}

// UpdateWorker applies fn to a worker.
func (s *Store) UpdateWorker(ctx context.Context, id string, fn func(*graph.Worker) error) (graph.Worker, error) {
	return update(ctx, s, workerSpec, id, fn)
}

// DeleteWorker removes a worker nothing references, with its honours.
func (s *Store) DeleteWorker(ctx context.Context, id string) error {
	return remove(ctx, s, workerSpec, id)
}

// CreateProblem stores a new problem.
func (s *Store) CreateProblem(ctx context.Context, pr graph.Problem) error {
	return create(ctx, s, problemSpec, pr)
}

// GetProblem returns a problem by ID.
func (s *Store) GetProblem(ctx context.Context, id string) (graph.Problem, error) {
	return get(ctx, s, problemSpec, id)
}

// GetManyProblems returns the problems found, in the order of ids.
func (s *Store) GetManyProblems(ctx context.Context, ids []string) ([]graph.Problem, error) {
	return getMany(ctx, s, problemSpec, ids)
}

// ListProblems returns a page of problems.
func (s *Store) ListProblems(ctx context.Context, f graph.ProblemFilter, p graph.Page) (graph.Conn[graph.Problem], error) {
	fl := newFilter()
	fl.linked("enterpriseId", "(n)-[:POSTED_BY]->(m:Enterprise)", f.EnterpriseID)
	fl.eq("status", string(f.Status))
	if f.SkillCode != "" {
		fl.anchored(cond{where: "EXISTS { MATCH (n)-[:REQUIRES]->(m:Skill) WHERE m.code = $skillCode }",
			anchor: "MATCH (n)-[:REQUIRES]->(:Skill {code: $skillCode})", rank: anchorSkill}, "skillCode", f.SkillCode)
	}
	fl.eq("industry", f.Industry)
	fl.linked("solverId", "(n)<-[:SOLVED]-(m:Worker)", f.SolverID)
	return list(ctx, s, problemSpec, "id", fl, p)
}

// UpdateProblem applies fn to a problem.
func (s *Store) UpdateProblem(ctx context.Context, id string, fn func(*graph.Problem) error) (graph.Problem, error) {
	return update(ctx, s, problemSpec, id, fn)
}

// DeleteProblem removes a problem no visit addresses.
func (s *Store) DeleteProblem(ctx context.Context, id string) error {
	return remove(ctx, s, problemSpec, id)
}

// CreateVisit stores a new visit.
func (s *Store) CreateVisit(ctx context.Context, v graph.Visit) error {
	return create(ctx, s, visitSpec, v)
}

// GetVisit returns a visit by ID.
func (s *Store) GetVisit(ctx context.Context, id string) (graph.Visit, error) {
	return get(ctx, s, visitSpec, id)
}

// GetManyVisits returns the visits found, in the order of ids.
func (s *Store) GetManyVisits(ctx context.Context, ids []string) ([]graph.Visit, error) {
	return getMany(ctx, s, visitSpec, ids)
}

// ListVisits returns a page of visits.
func (s *Store) ListVisits(ctx context.Context, f graph.VisitFilter, p graph.Page) (graph.Conn[graph.Visit], error) {
	fl := newFilter()
	fl.linked("enterpriseId", "(n)-[:AT]->(m:Enterprise)", f.EnterpriseID)
	fl.linked("expertId", "(n)<-[:VISITED]-(m:Worker)", f.ExpertID)
	fl.linked("inviteeId", "(n)-[:INVITED]->(m:Worker)", f.InviteeID)
	fl.linked("problemId", "(n)-[:ADDRESSES]->(m:Problem)", f.ProblemID)
	fl.eq("status", string(f.Status))
	return list(ctx, s, visitSpec, "id", fl, p)
}

// UpdateVisit applies fn to a visit.
func (s *Store) UpdateVisit(ctx context.Context, id string, fn func(*graph.Visit) error) (graph.Visit, error) {
	return update(ctx, s, visitSpec, id, fn)
}

// DeleteVisit removes a visit.
func (s *Store) DeleteVisit(ctx context.Context, id string) error {
	return remove(ctx, s, visitSpec, id)
}

// CreatePairing stores a new pairing.
func (s *Store) CreatePairing(ctx context.Context, pa graph.Pairing) error {
	return create(ctx, s, pairingSpec, pa)
}

// GetPairing returns a pairing by ID.
func (s *Store) GetPairing(ctx context.Context, id string) (graph.Pairing, error) {
	return get(ctx, s, pairingSpec, id)
}

// GetManyPairings returns the pairings found, in the order of ids.
func (s *Store) GetManyPairings(ctx context.Context, ids []string) ([]graph.Pairing, error) {
	return getMany(ctx, s, pairingSpec, ids)
}

// ListPairings returns a page of pairings.
func (s *Store) ListPairings(ctx context.Context, f graph.PairingFilter, p graph.Page) (graph.Conn[graph.Pairing], error) {
	fl := newFilter()
	fl.linked("mentorId", "(n)-[:MENTOR]->(m:Worker)", f.MentorID)
	fl.linked("apprenticeId", "(n)-[:APPRENTICE]->(m:Worker)", f.ApprenticeID)
	fl.linked("unionId", "(n)-[:SPONSORED_BY]->(m:Union)", f.UnionID)
	fl.eq("campaign", f.Campaign)
	fl.eq("status", string(f.Status))
	return list(ctx, s, pairingSpec, "id", fl, p)
}

// UpdatePairing applies fn to a pairing.
func (s *Store) UpdatePairing(ctx context.Context, id string, fn func(*graph.Pairing) error) (graph.Pairing, error) {
	return update(ctx, s, pairingSpec, id, fn)
}

// DeletePairing removes a pairing.
func (s *Store) DeletePairing(ctx context.Context, id string) error {
	return remove(ctx, s, pairingSpec, id)
}

// CreateStudio stores a new studio.
func (s *Store) CreateStudio(ctx context.Context, st graph.Studio) error {
	return create(ctx, s, studioSpec, st)
}

// GetStudio returns a studio by ID.
func (s *Store) GetStudio(ctx context.Context, id string) (graph.Studio, error) {
	return get(ctx, s, studioSpec, id)
}

// GetManyStudios returns the studios found, in the order of ids.
func (s *Store) GetManyStudios(ctx context.Context, ids []string) ([]graph.Studio, error) {
	return getMany(ctx, s, studioSpec, ids)
}

// ListStudios returns a page of studios.
func (s *Store) ListStudios(ctx context.Context, f graph.StudioFilter, p graph.Page) (graph.Conn[graph.Studio], error) {
	fl := newFilter()
	fl.eq("kind", string(f.Kind))
	fl.eq("tier", string(f.Tier))
	fl.linked("hostEnterpriseId", "(n)-[:HOSTED_BY]->(m:Enterprise)", f.HostEnterpriseID)
	fl.linked("leaderId", "(n)-[:LED_BY]->(m:Worker)", f.LeaderID)
	fl.linked("memberId", "(n)<-[:MEMBER_OF]-(m:Worker)", f.MemberID)
	if f.SpecialtyCode != "" {
		fl.anchored(cond{where: "EXISTS { MATCH (n)-[:SPECIALISES_IN]->(m:Skill) WHERE m.code = $specialty }",
			anchor: "MATCH (n)-[:SPECIALISES_IN]->(:Skill {code: $specialty})", rank: anchorSkill}, "specialty", f.SpecialtyCode)
	}
	return list(ctx, s, studioSpec, "id", fl, p)
}

// UpdateStudio applies fn to a studio.
func (s *Store) UpdateStudio(ctx context.Context, id string, fn func(*graph.Studio) error) (graph.Studio, error) {
	return update(ctx, s, studioSpec, id, fn)
}

// DeleteStudio removes a studio.
func (s *Store) DeleteStudio(ctx context.Context, id string) error {
	return remove(ctx, s, studioSpec, id)
}

// CreateTarget stores a new target.
func (s *Store) CreateTarget(ctx context.Context, t graph.Target) error {
	return create(ctx, s, targetSpec, t)
}

// GetTarget returns a target by ID.
func (s *Store) GetTarget(ctx context.Context, id string) (graph.Target, error) {
	return get(ctx, s, targetSpec, id)
}

// GetManyTargets returns the targets found, in the order of ids.
func (s *Store) GetManyTargets(ctx context.Context, ids []string) ([]graph.Target, error) {
	return getMany(ctx, s, targetSpec, ids)
}

// ListTargets returns a page of targets.
func (s *Store) ListTargets(ctx context.Context, f graph.TargetFilter, p graph.Page) (graph.Conn[graph.Target], error) {
	fl := newFilter()
	fl.linked("unionId", "(n)-[:SET_BY]->(m:Union)", f.UnionID)
	fl.eq("kind", string(f.Kind))
	fl.eq("period", f.Period)
	fl.eq("campaign", f.Campaign)
	return list(ctx, s, targetSpec, "id", fl, p)
}

// UpdateTarget applies fn to a target.
func (s *Store) UpdateTarget(ctx context.Context, id string, fn func(*graph.Target) error) (graph.Target, error) {
	return update(ctx, s, targetSpec, id, fn)
}

// DeleteTarget removes a target.
func (s *Store) DeleteTarget(ctx context.Context, id string) error {
	return remove(ctx, s, targetSpec, id)
}

// Import writes every entity of b in one transaction, nodes first and relationships second, in
// UNWIND statements of up to 10,000 rows. It validates everything before it writes.
func (s *Store) Import(ctx context.Context, b graph.Batch) error {
	if b.Len() == 0 {
		return nil
	}
	if err := batchCycles(b); err != nil {
		return err
	}
	var ps []prepared
	add := func(p prepared, err error) error {
		if err != nil {
			return err
		}
		ps = append(ps, p)
		return nil
	}
	for _, err := range []func() error{
		func() error { return add(prepare(regionSpec, b.Regions)) },
		func() error { return add(prepare(unionSpec, b.Unions)) },
		func() error { return add(prepare(enterpriseSpec, b.Enterprises)) },
		func() error { return add(prepare(workerSpec, b.Workers)) },
		func() error { return add(prepare(problemSpec, b.Problems)) },
		func() error { return add(prepare(visitSpec, b.Visits)) },
		func() error { return add(prepare(pairingSpec, b.Pairings)) },
		func() error { return add(prepare(studioSpec, b.Studios)) },
		func() error { return add(prepare(targetSpec, b.Targets)) },
	} {
		if e := err(); e != nil {
			return e
		}
	}
	return s.write(ctx, func(tx neo4j.ManagedTransaction) error { return writeNew(ctx, tx, ps) })
}

// batchCycles reports an ErrInvalid when the unions or regions of b form a parent cycle. New
// entities cannot become parents of stored ones, so every cycle lies within the batch.
func batchCycles(b graph.Batch) error {
	unions := make(map[string]string, len(b.Unions))
	for _, u := range b.Unions {
		unions[u.ID] = u.ParentID
	}
	regions := make(map[string]string, len(b.Regions))
	for _, r := range b.Regions {
		regions[r.ID] = r.ParentID
	}
	for _, t := range []struct {
		kind    graph.Kind
		parents map[string]string
	}{{graph.KindRegion, regions}, {graph.KindUnion, unions}} {
		done := map[string]bool{}
		for id := range t.parents {
			path := map[string]bool{}
			for cur := id; cur != "" && !done[cur]; cur = t.parents[cur] {
				if path[cur] {
					return graph.Invalid("parentId", "%s %s would be its own ancestor", t.kind, cur)
				}
				path[cur] = true
			}
			for p := range path {
				done[p] = true
			}
		}
	}
	return nil
}

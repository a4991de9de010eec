package bbolt

import (
	"context"
	"strconv"
	"strings"

	"jiangxin/graph"
)

// UpsertSkills writes the skill catalogue in one transaction, replacing skills with the same
// code. It returns ErrInvalid, writing nothing, when any skill is malformed.
func (s *Store) UpsertSkills(ctx context.Context, skills []graph.Skill) error {
	if err := ctx.Err(); err != nil {
		return wrap("upsert skills", err)
	}
	for i := range skills {
		if err := skills[i].Validate(); err != nil {
			return err
		}
	}
	return s.update(ctx, "upsert skills", func(t *txn) error {
		for i := range skills {
			old, err := load(t, skillSpec, skills[i].Code)
			var prev *graph.Skill
			if err == nil {
				prev = &old
			}
			if err := put(t, skillSpec, &skills[i], prev); err != nil {
				return err
			}
		}
		return nil
	})
}

// GetSkill returns the skill with code.
func (s *Store) GetSkill(ctx context.Context, code string) (graph.Skill, error) {
	return get(ctx, s, skillSpec, code)
}

// GetManySkills returns the skills found, in the order of codes.
func (s *Store) GetManySkills(ctx context.Context, codes []string) ([]graph.Skill, error) {
	return getMany(ctx, s, skillSpec, codes)
}

// ListSkills returns a page of skills in code order.
func (s *Store) ListSkills(ctx context.Context, f graph.SkillFilter, p graph.Page) (graph.Conn[graph.Skill], error) {
	var conds []cond
	if f.ParentCode != "" {
		conds = append(conds, cond{idxKey(ixSkillParent, f.ParentCode, "")})
	}
	if f.Depth != 0 {
		conds = append(conds, cond{idxKey(ixSkillDepth, strconv.Itoa(f.Depth), "")})
	}
	var match func(*graph.Skill) bool
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		match = func(sk *graph.Skill) bool {
			if strings.Contains(sk.Code, q) || strings.Contains(strings.ToLower(sk.Name), q) {
				return true
			}
			for _, a := range sk.Aliases {
				if strings.Contains(strings.ToLower(a), q) {
					return true
				}
			}
			return false
		}
	}
	return list(ctx, s, skillSpec, conds, match, p)
}

// CreateRegion stores a new region whose parent (if any) exists and is of a higher kind.
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
	var conds []cond
	if f.ParentID != "" {
		conds = append(conds, cond{idxKey(ixRegionParent, f.ParentID, "")})
	}
	if f.RootOnly {
		conds = append(conds, cond{idxKey(ixRegionParent, "", "")})
	}
	if f.Kind != "" {
		conds = append(conds, cond{idxKey(ixRegionKind, string(f.Kind), "")})
	}
	return list(ctx, s, regionSpec, conds, nil, p)
}

// UpdateRegion applies fn to a region.
func (s *Store) UpdateRegion(ctx context.Context, id string, fn func(*graph.Region) error) (graph.Region, error) {
	return update(ctx, s, regionSpec, id, fn)
}

// DeleteRegion removes a region nothing references.
func (s *Store) DeleteRegion(ctx context.Context, id string) error {
	return del(ctx, s, regionSpec, id)
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
	var conds []cond
	if f.ParentID != "" {
		conds = append(conds, cond{idxKey(ixUnionParent, f.ParentID, "")})
	}
	if f.RootOnly {
		conds = append(conds, cond{idxKey(ixUnionParent, "", "")})
	}
	if f.Tier != "" {
		conds = append(conds, cond{idxKey(ixUnionTier, string(f.Tier), "")})
	}
	return list(ctx, s, unionSpec, conds, nil, p)
}

// UpdateUnion applies fn to a union; making a union its own ancestor is ErrInvalid.
func (s *Store) UpdateUnion(ctx context.Context, id string, fn func(*graph.Union) error) (graph.Union, error) {
	return update(ctx, s, unionSpec, id, fn)
}

// DeleteUnion removes a union nothing references.
func (s *Store) DeleteUnion(ctx context.Context, id string) error { return del(ctx, s, unionSpec, id) }

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
	var conds []cond
	if f.RegionID != "" {
		conds = append(conds, regionCond(ixEntRegion, f.RegionID))
	}
	if f.UnionID != "" {
		conds = append(conds, cond{idxKey(ixEntUnion, f.UnionID, "")})
	}
	if f.Industry != "" {
		conds = append(conds, cond{idxKey(ixEntIndustry, f.Industry, "")})
	}
	if f.Ownership != "" {
		conds = append(conds, cond{idxKey(ixEntOwnership, string(f.Ownership), "")})
	}
	return list(ctx, s, enterpriseSpec, conds, nil, p)
}

// subtreeMark starts a cond entry that stands for "index name holds a region of the subtree
// of regionID"; txn.set expands it inside the list's own transaction.
const subtreeMark = 0xff

// regionCond returns the condition "index name holds a region of the subtree of regionID".
func regionCond(name, regionID string) cond {
	return cond{append([]byte{subtreeMark}, idxKey(name, regionID, "")...)}
}

// subtree returns root and every ID below it along the parent index name, breadth first.
func (t *txn) subtree(name, root string) []string {
	out := []string{root}
	seen := map[string]bool{root: true}
	for i := 0; i < len(out); i++ {
		t.scan(idxKey(name, out[i], ""), func(id string) {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		})
	}
	return out
}

// UpdateEnterprise applies fn to an enterprise.
func (s *Store) UpdateEnterprise(ctx context.Context, id string, fn func(*graph.Enterprise) error) (graph.Enterprise, error) {
	return update(ctx, s, enterpriseSpec, id, fn)
}

// DeleteEnterprise removes an enterprise nothing references.
func (s *Store) DeleteEnterprise(ctx context.Context, id string) error {
	return del(ctx, s, enterpriseSpec, id)
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

// ListWorkers returns a page of workers. It returns ErrInvalid for a MinLevel or HonourTier
// that is not on its ladder.
func (s *Store) ListWorkers(ctx context.Context, f graph.WorkerFilter, p graph.Page) (graph.Conn[graph.Worker], error) {
	if f.MinLevel != graph.LevelNone && !f.MinLevel.Valid() {
		return graph.Conn[graph.Worker]{}, graph.Invalid("minLevel", "%d is not a level on the ladder", int(f.MinLevel))
	}
	if f.HonourTier != "" && !f.HonourTier.Valid() {
		return graph.Conn[graph.Worker]{}, graph.Invalid("honourTier", "%q is not a tier", f.HonourTier)
	}
	var conds []cond
	if f.RegionID != "" {
		conds = append(conds, regionCond(ixWorkerRegion, f.RegionID))
	}
	if f.EnterpriseID != "" {
		conds = append(conds, cond{idxKey(ixWorkerEnterprise, f.EnterpriseID, "")})
	}
	// Levels count down: 1 (高级技师) is the top, so "at least L" is 1…L.
	switch {
	case f.SkillCode != "" && f.MinLevel != graph.LevelNone:
		var c cond
		for l := graph.LevelSeniorTechnician; l <= f.MinLevel; l++ {
			c = append(c, idxKey(ixWorkerSkill, f.SkillCode+"\x00"+strconv.Itoa(int(l)), ""))
		}
		conds = append(conds, c)
	case f.SkillCode != "":
		var c cond // one prefix per level (0: uncertified), each a sorted run of IDs
		for l := graph.LevelNone; l <= graph.LevelJunior; l++ {
			c = append(c, idxKey(ixWorkerSkill, f.SkillCode+"\x00"+strconv.Itoa(int(l)), ""))
		}
		conds = append(conds, c)
	case f.MinLevel != graph.LevelNone:
		var c cond
		for l := graph.LevelSeniorTechnician; l <= f.MinLevel; l++ {
			c = append(c, idxKey(ixWorkerLevel, strconv.Itoa(int(l)), ""))
		}
		conds = append(conds, c)
	}
	if f.Role != "" {
		conds = append(conds, cond{idxKey(ixWorkerRole, string(f.Role), "")})
	}
	if f.HonourTier != "" {
		var c cond
		for _, tier := range []graph.Tier{graph.TierNational, graph.TierProvincial, graph.TierCity, graph.TierDistrict,
			graph.TierTown, graph.TierEnterprise} {
			if tier.Rank() >= f.HonourTier.Rank() {
				c = append(c, idxKey(ixWorkerHonourTier, string(tier), ""))
			}
		}
		conds = append(conds, c)
	}
	if f.Accepting != nil {
		conds = append(conds, cond{idxKey(ixWorkerAccepting, strconv.FormatBool(*f.Accepting), "")})
	}
	return list(ctx, s, workerSpec, conds, nil, p)
}

// UpdateWorker applies fn to a worker.
func (s *Store) UpdateWorker(ctx context.Context, id string, fn func(*graph.Worker) error) (graph.Worker, error) {
	return update(ctx, s, workerSpec, id, fn)
}

// DeleteWorker removes a worker nothing references.
func (s *Store) DeleteWorker(ctx context.Context, id string) error {
	return del(ctx, s, workerSpec, id)
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
	var conds []cond
	add := func(name, value string) {
		if value != "" {
			conds = append(conds, cond{idxKey(name, value, "")})
		}
	}
	add(ixProblemEnterprise, f.EnterpriseID)
	add(ixProblemStatus, string(f.Status))
	add(ixProblemSkill, f.SkillCode)
	add(ixProblemIndustry, f.Industry)
	add(ixProblemSolver, f.SolverID)
	return list(ctx, s, problemSpec, conds, nil, p)
}

// UpdateProblem applies fn to a problem.
func (s *Store) UpdateProblem(ctx context.Context, id string, fn func(*graph.Problem) error) (graph.Problem, error) {
	return update(ctx, s, problemSpec, id, fn)
}

// DeleteProblem removes a problem no visit references.
func (s *Store) DeleteProblem(ctx context.Context, id string) error {
	return del(ctx, s, problemSpec, id)
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
	var conds []cond
	add := func(name, value string) {
		if value != "" {
			conds = append(conds, cond{idxKey(name, value, "")})
		}
	}
	add(ixVisitEnterprise, f.EnterpriseID)
	add(ixVisitExpert, f.ExpertID)
	add(ixVisitInvitee, f.InviteeID)
	add(ixVisitProblem, f.ProblemID)
	add(ixVisitStatus, string(f.Status))
	return list(ctx, s, visitSpec, conds, nil, p)
}

// UpdateVisit applies fn to a visit.
func (s *Store) UpdateVisit(ctx context.Context, id string, fn func(*graph.Visit) error) (graph.Visit, error) {
	return update(ctx, s, visitSpec, id, fn)
}

// DeleteVisit removes a visit.
func (s *Store) DeleteVisit(ctx context.Context, id string) error { return del(ctx, s, visitSpec, id) }

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
	var conds []cond
	add := func(name, value string) {
		if value != "" {
			conds = append(conds, cond{idxKey(name, value, "")})
		}
	}
	add(ixPairingMentor, f.MentorID)
	add(ixPairingApprentice, f.ApprenticeID)
	add(ixPairingUnion, f.UnionID)
	add(ixPairingCampaign, f.Campaign)
	add(ixPairingStatus, string(f.Status))
	return list(ctx, s, pairingSpec, conds, nil, p)
}

// UpdatePairing applies fn to a pairing. A result that newly commits the mentor (ACCEPTED or
// ACTIVE, from another status or another mentor) must leave the mentor within its
// MentorCapacity, else ErrConflict; bbolt serialises writers, so the count and the write are
// one atomic step.
func (s *Store) UpdatePairing(ctx context.Context, id string, fn func(*graph.Pairing) error) (graph.Pairing, error) {
	return update(ctx, s, pairingSpec, id, fn)
}

// DeletePairing removes a pairing.
func (s *Store) DeletePairing(ctx context.Context, id string) error {
	return del(ctx, s, pairingSpec, id)
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
	var conds []cond
	add := func(name, value string) {
		if value != "" {
			conds = append(conds, cond{idxKey(name, value, "")})
		}
	}
	add(ixStudioKind, string(f.Kind))
	add(ixStudioTier, string(f.Tier))
	add(ixStudioHost, f.HostEnterpriseID)
	add(ixStudioLeader, f.LeaderID)
	add(ixStudioMember, f.MemberID)
	add(ixStudioSpecialty, f.SpecialtyCode)
	return list(ctx, s, studioSpec, conds, nil, p)
}

// UpdateStudio applies fn to a studio.
func (s *Store) UpdateStudio(ctx context.Context, id string, fn func(*graph.Studio) error) (graph.Studio, error) {
	return update(ctx, s, studioSpec, id, fn)
}

// DeleteStudio removes a studio.
func (s *Store) DeleteStudio(ctx context.Context, id string) error {
	return del(ctx, s, studioSpec, id)
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
	var conds []cond
	add := func(name, value string) {
		if value != "" {
			conds = append(conds, cond{idxKey(name, value, "")})
		}
	}
	add(ixTargetUnion, f.UnionID)
	add(ixTargetKind, string(f.Kind))
	add(ixTargetPeriod, f.Period)
	add(ixTargetCampaign, f.Campaign)
	return list(ctx, s, targetSpec, conds, nil, p)
}

// UpdateTarget applies fn to a target.
func (s *Store) UpdateTarget(ctx context.Context, id string, fn func(*graph.Target) error) (graph.Target, error) {
	return update(ctx, s, targetSpec, id, fn)
}

// DeleteTarget removes a target.
func (s *Store) DeleteTarget(ctx context.Context, id string) error {
	return del(ctx, s, targetSpec, id)
}

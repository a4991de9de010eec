package bbolt

import (
	"strconv"
	"time"

	"jiangxin/graph"
)

// Index names. Values of the ones marked "→ kind" are IDs of that kind, which makes them
// inbound references for deletes.
const (
	ixSkillParent = "kp"
	ixSkillDepth  = "kd"

	ixRegionParent = "rp" // → region; "" for roots
	ixRegionKind   = "rk"

	ixUnionParent     = "up" // → union; "" for roots
	ixUnionTier       = "ut"
	ixUnionRegion     = "ug" // → region
	ixUnionEnterprise = "ue" // → enterprise

	ixEntRegion    = "eg" // → region
	ixEntUnion     = "eu" // → union
	ixEntIndustry  = "ei"
	ixEntOwnership = "eo"

	ixWorkerRegion     = "wg" // → region
	ixWorkerEnterprise = "we" // → enterprise
	ixWorkerSkill      = "ws" // code \x00 level digit
	ixWorkerLevel      = "wl" // level digit, for any trade
	ixWorkerRole       = "wr"
	ixWorkerHonourTier = "wt"
	ixWorkerAccepting  = "wa"

	ixProblemEnterprise = "pe" // → enterprise
	ixProblemStatus     = "ps"
	ixProblemSkill      = "pk"
	ixProblemIndustry   = "pi"
	ixProblemSolver     = "pv" // → worker
	ixProblemStudio     = "pt" // → studio

	ixVisitEnterprise = "ve" // → enterprise
	ixVisitExpert     = "vx" // → worker
	ixVisitProblem    = "vp" // → problem
	ixVisitStatus     = "vs"
	ixVisitInvitee    = "vi" // → worker

	ixPairingMentor         = "am" // → worker
	ixPairingApprentice     = "aa" // → worker
	ixPairingUnion          = "au" // → union
	ixPairingCampaign       = "ac"
	ixPairingStatus         = "as"
	ixPairingAuthor         = "ar" // → worker
	ixPairingOpenMentor     = "ao" // open pairings by mentor
	ixPairingOpenApprentice = "ap" // open pairings by apprentice
	ixPairingCommitted      = "aq" // committed (ACCEPTED, ACTIVE) pairings by mentor

	ixStudioKind      = "sk"
	ixStudioTier      = "st"
	ixStudioHost      = "sh" // → enterprise
	ixStudioLeader    = "sl" // → worker
	ixStudioMember    = "sm" // → worker
	ixStudioSpecialty = "ss"

	ixTargetUnion    = "tu" // → union
	ixTargetKind     = "tk"
	ixTargetPeriod   = "tp"
	ixTargetCampaign = "tc"

	ixAccountRole  = "cr"
	ixAccountScope = "cs" // → union, enterprise or worker

	ixAuditUnion  = "du"
	ixAuditEntity = "dn"
	ixAuditActor  = "dc"
)

var skillSpec = &spec[graph.Skill]{
	kind:     graph.KindSkill,
	id:       func(s *graph.Skill) string { return s.Code },
	validate: (*graph.Skill).Validate,
	keys: func(s *graph.Skill, k *keys) {
		k.add(ixSkillParent, s.ParentCode)
		k.add(ixSkillDepth, strconv.Itoa(s.Depth))
	},
}

var regionSpec = &spec[graph.Region]{
	kind:     graph.KindRegion,
	id:       func(r *graph.Region) string { return r.ID },
	validate: (*graph.Region).Validate,
	keys: func(r *graph.Region, k *keys) {
		k.idx = append(k.idx, idxKey(ixRegionParent, r.ParentID, r.ID)) // roots under ""
		k.add(ixRegionKind, string(r.Kind))
	},
	check: checkRegion,
	inbound: []inbound{{ixRegionParent, "a child region"}, {ixUnionRegion, "a union"},
		{ixEntRegion, "an enterprise"}, {ixWorkerRegion, "a worker"}},
}

// checkRegion requires an existing parent of a higher kind, children of lower kinds, and no
// cycle through the parents.
func checkRegion(t *txn, r *graph.Region) error {
	if r.ParentID != "" {
		parent, err := decode[graph.Region](t, graph.KindRegion, r.ParentID)
		if err != nil {
			return graph.Invalid("parentId", "region %q does not exist", r.ParentID)
		}
		if !graph.RegionKindBelow(parent.Kind, r.Kind) {
			return graph.Invalid("kind", "a %s cannot sit below a %s", r.Kind, parent.Kind)
		}
		seen := map[string]bool{}
		for id := r.ParentID; id != ""; {
			if id == r.ID {
				return graph.Invalid("parentId", "would make the region its own ancestor")
			}
			if seen[id] {
				break
			}
			seen[id] = true
			p, err := decode[graph.Region](t, graph.KindRegion, id)
			if err != nil {
				break
			}
			id = p.ParentID
		}
	}
	var bad error
	t.scan(idxKey(ixRegionParent, r.ID, ""), func(id string) {
		if bad != nil {
			return
		}
		if child, err := decode[graph.Region](t, graph.KindRegion, id); err == nil && !graph.RegionKindBelow(r.Kind, child.Kind) {
			bad = graph.Invalid("kind", "region %s has a %s below it", r.ID, child.Kind)
		}
	})
	return bad
}

var unionSpec = &spec[graph.Union]{
	kind:     graph.KindUnion,
	id:       func(u *graph.Union) string { return u.ID },
	created:  func(u *graph.Union) time.Time { return u.CreatedAt },
	validate: (*graph.Union).Validate,
	keys: func(u *graph.Union, k *keys) {
		k.idx = append(k.idx, idxKey(ixUnionParent, u.ParentID, u.ID)) // roots under ""
		k.add(ixUnionTier, string(u.Tier))
		k.add(ixUnionRegion, u.RegionID)
		k.add(ixUnionEnterprise, u.EnterpriseID)
	},
	check: func(t *txn, u *graph.Union) error {
		if err := t.ref("parentId", graph.KindUnion, u.ParentID); err != nil {
			return err
		}
		if err := t.ref("regionId", graph.KindRegion, u.RegionID); err != nil {
			return err
		}
		if err := t.ref("enterpriseId", graph.KindEnterprise, u.EnterpriseID); err != nil {
			return err
		}
		seen := map[string]bool{}
		for id := u.ParentID; id != ""; {
			if id == u.ID {
				return graph.Invalid("parentId", "would make the union its own ancestor")
			}
			if seen[id] {
				break
			}
			seen[id] = true
			p, err := decode[graph.Union](t, graph.KindUnion, id)
			if err != nil {
				break
			}
			id = p.ParentID
		}
		return nil
	},
	inbound: []inbound{{ixUnionParent, "a child union"}, {ixEntUnion, "an enterprise"},
		{ixPairingUnion, "a pairing"}, {ixTargetUnion, "a target"}, {ixAccountScope, "an account"}},
}

var enterpriseSpec = &spec[graph.Enterprise]{
	kind:     graph.KindEnterprise,
	id:       func(e *graph.Enterprise) string { return e.ID },
	created:  func(e *graph.Enterprise) time.Time { return e.CreatedAt },
	validate: (*graph.Enterprise).Validate,
	keys: func(e *graph.Enterprise, k *keys) {
		k.add(ixEntRegion, e.RegionID)
		k.add(ixEntUnion, e.UnionID)
		k.add(ixEntIndustry, e.Industry)
		k.add(ixEntOwnership, string(e.Ownership))
		if e.CreditCode != "" {
			k.unique("cc\x00"+e.CreditCode, "credit code "+e.CreditCode+" is taken")
		}
	},
	check: func(t *txn, e *graph.Enterprise) error {
		if err := t.ref("regionId", graph.KindRegion, e.RegionID); err != nil {
			return err
		}
		return t.ref("unionId", graph.KindUnion, e.UnionID)
	},
	inbound: []inbound{{ixUnionEnterprise, "a union"}, {ixWorkerEnterprise, "a worker"},
		{ixProblemEnterprise, "a problem"}, {ixVisitEnterprise, "a visit"}, {ixStudioHost, "a studio"},
		{ixAccountScope, "an account"}},
}

var workerSpec = &spec[graph.Worker]{
	kind:     graph.KindWorker,
	id:       func(w *graph.Worker) string { return w.ID },
	created:  func(w *graph.Worker) time.Time { return w.CreatedAt },
	validate: (*graph.Worker).Validate,
	keys: func(w *graph.Worker, k *keys) {
		k.add(ixWorkerRegion, w.RegionID)
		k.add(ixWorkerEnterprise, w.EnterpriseID)
		for _, s := range w.Skills {
			k.add(ixWorkerSkill, s.Code+"\x00"+strconv.Itoa(int(s.Level)))
			if s.Level.Valid() {
				k.add(ixWorkerLevel, strconv.Itoa(int(s.Level)))
			}
		}
		for _, r := range w.Roles {
			k.add(ixWorkerRole, string(r))
		}
		for _, h := range w.Honours {
			k.add(ixWorkerHonourTier, string(h.Tier))
		}
		k.add(ixWorkerAccepting, strconv.FormatBool(w.AcceptingMentees))
		if w.EmployeeNo != "" {
			k.unique("en\x00"+w.EnterpriseID+"\x00"+w.EmployeeNo, "employee number "+w.EmployeeNo+" is taken in enterprise "+w.EnterpriseID)
		}
	},
	check: func(t *txn, w *graph.Worker) error {
		if err := t.ref("regionId", graph.KindRegion, w.RegionID); err != nil {
			return err
		}
		if err := t.ref("enterpriseId", graph.KindEnterprise, w.EnterpriseID); err != nil {
			return err
		}
		for _, s := range w.Skills {
			if err := t.ref("skills.code", graph.KindSkill, s.Code); err != nil {
				return err
			}
		}
		return nil
	},
	inbound: []inbound{{ixPairingMentor, "a pairing as mentor"}, {ixPairingApprentice, "a pairing as apprentice"},
		{ixPairingAuthor, "a pairing review"}, {ixProblemSolver, "a problem as solver"}, {ixVisitExpert, "a visit as expert"},
		{ixStudioLeader, "a studio as leader"}, {ixStudioMember, "a studio as member"},
		{ixVisitInvitee, "a visit invitation"}, {ixAccountScope, "an account"}},
}

var problemSpec = &spec[graph.Problem]{
	kind:     graph.KindProblem,
	id:       func(p *graph.Problem) string { return p.ID },
	created:  func(p *graph.Problem) time.Time { return p.CreatedAt },
	validate: (*graph.Problem).Validate,
	keys: func(p *graph.Problem, k *keys) {
		k.add(ixProblemEnterprise, p.EnterpriseID)
		k.add(ixProblemStatus, string(p.Status))
		for _, s := range p.Skills {
			k.add(ixProblemSkill, s.Code)
		}
		k.add(ixProblemIndustry, p.Industry)
		k.addAll(ixProblemSolver, p.SolverIDs)
		k.addAll(ixProblemStudio, p.StudioIDs)
	},
	check: func(t *txn, p *graph.Problem) error {
		if err := t.ref("enterpriseId", graph.KindEnterprise, p.EnterpriseID); err != nil {
			return err
		}
		for _, s := range p.Skills {
			if err := t.ref("skills.code", graph.KindSkill, s.Code); err != nil {
				return err
			}
		}
		if err := t.refs("solverIds", graph.KindWorker, p.SolverIDs); err != nil {
			return err
		}
		return t.refs("studioIds", graph.KindStudio, p.StudioIDs)
	},
	inbound: []inbound{{ixVisitProblem, "a visit"}},
}

var visitSpec = &spec[graph.Visit]{
	kind:     graph.KindVisit,
	id:       func(v *graph.Visit) string { return v.ID },
	created:  func(v *graph.Visit) time.Time { return v.CreatedAt },
	validate: (*graph.Visit).Validate,
	keys: func(v *graph.Visit, k *keys) {
		k.add(ixVisitEnterprise, v.EnterpriseID)
		k.addAll(ixVisitExpert, v.ExpertIDs)
		k.addAll(ixVisitProblem, v.ProblemIDs)
		k.add(ixVisitStatus, string(v.Status))
		for _, in := range v.Invitations {
			k.add(ixVisitInvitee, in.ExpertID)
		}
	},
	check: func(t *txn, v *graph.Visit) error {
		if err := t.ref("enterpriseId", graph.KindEnterprise, v.EnterpriseID); err != nil {
			return err
		}
		if err := t.refs("problemIds", graph.KindProblem, v.ProblemIDs); err != nil {
			return err
		}
		if err := t.refs("expertIds", graph.KindWorker, v.ExpertIDs); err != nil {
			return err
		}
		for _, in := range v.Invitations {
			if err := t.ref("invitations.expertId", graph.KindWorker, in.ExpertID); err != nil {
				return err
			}
		}
		return nil
	},
}

var pairingSpec = &spec[graph.Pairing]{
	kind:     graph.KindPairing,
	id:       func(p *graph.Pairing) string { return p.ID },
	created:  func(p *graph.Pairing) time.Time { return p.CreatedAt },
	validate: (*graph.Pairing).Validate,
	keys: func(p *graph.Pairing, k *keys) {
		k.add(ixPairingMentor, p.MentorID)
		k.add(ixPairingApprentice, p.ApprenticeID)
		k.add(ixPairingUnion, p.UnionID)
		k.add(ixPairingCampaign, p.Campaign)
		k.add(ixPairingStatus, string(p.Status))
		seen := map[string]bool{}
		for _, r := range p.Reviews {
			if r.AuthorID != "" && !seen[r.AuthorID] {
				seen[r.AuthorID] = true
				k.add(ixPairingAuthor, r.AuthorID)
			}
		}
		if p.Status.Open() {
			k.add(ixPairingOpenMentor, p.MentorID)
			k.add(ixPairingOpenApprentice, p.ApprenticeID)
		}
		if p.Status.Committed() {
			k.add(ixPairingCommitted, p.MentorID)
		}
	},
	check: func(t *txn, p *graph.Pairing) error {
		if err := t.ref("mentorId", graph.KindWorker, p.MentorID); err != nil {
			return err
		}
		if err := t.ref("apprenticeId", graph.KindWorker, p.ApprenticeID); err != nil {
			return err
		}
		if err := t.ref("unionId", graph.KindUnion, p.UnionID); err != nil {
			return err
		}
		if err := t.ref("agreement.skillCode", graph.KindSkill, p.Agreement.SkillCode); err != nil {
			return err
		}
		for _, r := range p.Reviews {
			if err := t.ref("reviews.authorId", graph.KindWorker, r.AuthorID); err != nil {
				return err
			}
		}
		return nil
	},
	changed: checkCapacity,
}

// checkCapacity enforces the capacity invariant on a pairing update: when cur is committed and
// old was not, or had another mentor, the mentor may hold no more committed pairings (cur
// included, as it is already put) than its MentorCapacity.
func checkCapacity(t *txn, old, cur *graph.Pairing) error {
	if !cur.Status.Committed() || (old.Status.Committed() && old.MentorID == cur.MentorID) {
		return nil
	}
	mentor, err := decode[graph.Worker](t, graph.KindWorker, cur.MentorID)
	if err != nil {
		return graph.Invalid("mentorId", "worker %q does not exist", cur.MentorID)
	}
	if n := t.count(idxKey(ixPairingCommitted, cur.MentorID, "")); n > mentor.MentorCapacity {
		return graph.Conflict("mentor %s has no free slot (capacity %d)", cur.MentorID, mentor.MentorCapacity)
	}
	return nil
}

var studioSpec = &spec[graph.Studio]{
	kind:     graph.KindStudio,
	id:       func(s *graph.Studio) string { return s.ID },
	created:  func(s *graph.Studio) time.Time { return s.CreatedAt },
	validate: (*graph.Studio).Validate,
	keys: func(s *graph.Studio, k *keys) {
		k.add(ixStudioKind, string(s.Kind))
		k.add(ixStudioTier, string(s.Tier))
		k.add(ixStudioHost, s.HostEnterpriseID)
		k.add(ixStudioLeader, s.LeaderID)
		k.addAll(ixStudioMember, s.MemberIDs)
		k.addAll(ixStudioSpecialty, s.SpecialtyCodes)
	},
	check: func(t *txn, s *graph.Studio) error {
		if err := t.ref("leaderId", graph.KindWorker, s.LeaderID); err != nil {
			return err
		}
		if err := t.ref("hostEnterpriseId", graph.KindEnterprise, s.HostEnterpriseID); err != nil {
			return err
		}
		if err := t.refs("memberIds", graph.KindWorker, s.MemberIDs); err != nil {
			return err
		}
		return t.refs("specialtyCodes", graph.KindSkill, s.SpecialtyCodes)
	},
	inbound: []inbound{{ixProblemStudio, "a problem"}},
}

var targetSpec = &spec[graph.Target]{
	kind:     graph.KindTarget,
	id:       func(t *graph.Target) string { return t.ID },
	created:  func(t *graph.Target) time.Time { return t.CreatedAt },
	validate: (*graph.Target).Validate,
	keys: func(t *graph.Target, k *keys) {
		k.add(ixTargetUnion, t.UnionID)
		k.add(ixTargetKind, string(t.Kind))
		k.add(ixTargetPeriod, t.Period)
		k.add(ixTargetCampaign, t.Campaign)
	},
	check: func(t *txn, tg *graph.Target) error { return t.ref("unionId", graph.KindUnion, tg.UnionID) },
}

var accountSpec = &spec[graph.Account]{
	kind:     graph.KindAccount,
	id:       func(a *graph.Account) string { return a.ID },
	created:  func(a *graph.Account) time.Time { return a.CreatedAt },
	validate: (*graph.Account).Validate,
	keys: func(a *graph.Account, k *keys) {
		k.add(ixAccountRole, string(a.Role))
		k.add(ixAccountScope, a.ScopeID)
		k.unique(usernameKey(a.Username), "username "+a.Username+" is taken")
	},
	check: func(t *txn, a *graph.Account) error {
		if sk := a.Role.ScopeKind(); sk != "" {
			return t.ref("scopeId", sk, a.ScopeID)
		}
		return nil
	},
}

// usernameKey is the natural key of an account in the uniq bucket.
func usernameKey(username string) string { return "un\x00" + username }

var auditSpec = &spec[graph.AuditEntry]{
	kind:     graph.KindAudit,
	id:       func(e *graph.AuditEntry) string { return e.ID },
	validate: (*graph.AuditEntry).Validate,
	keys: func(e *graph.AuditEntry, k *keys) {
		k.addAll(ixAuditUnion, e.UnionIDs)
		k.add(ixAuditEntity, e.EntityID)
		k.add(ixAuditActor, e.ActorID)
	},
}

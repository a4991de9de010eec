package neo4j

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"jiangxin/graph"
)

// Node labels and relationship types: the whitelist every statement is built from.
const (
	lblSkill      = "Skill"
	lblRegion     = "Region"
	lblUnion      = "Union"
	lblEnterprise = "Enterprise"
	lblWorker     = "Worker"
	lblHonour     = "Honour"
	lblProblem    = "Problem"
	lblVisit      = "Visit"
	lblPairing    = "Pairing"
	lblStudio     = "Studio"
	lblTarget     = "Target"
	lblAccount    = "Account"
	lblAudit      = "AuditEntry"
)

func ref1(field, typ, label string, kind graph.Kind, errField string) relSpec {
	return relSpec{field: field, typ: typ, out: true, label: label, key: "id", errField: errField, kind: kind}
}

// regionDepth maps region kinds to their depth for the parent check.
var regionDepth = map[string]any{
	string(graph.RegionProvince): 1, string(graph.RegionCity): 2,
	string(graph.RegionDistrict): 3, string(graph.RegionTown): 4,
}

var regionSpec = (&spec[graph.Region]{
	kind:  graph.KindRegion,
	label: lblRegion,
	rels:  []relSpec{ref1("parent", "PART_OF", lblRegion, graph.KindRegion, "parentId")},
	refBy: "EXISTS { (n)<-[:PART_OF|IN_REGION]-() }",
	id:    func(r *graph.Region) string { return r.ID },
	validate: func(r *graph.Region) error {
		return r.Validate()
	},
	encode: func(r *graph.Region) (map[string]any, map[string]any, error) {
		return map[string]any{"id": r.ID, "name": r.Name, "kind": string(r.Kind), "code": r.Code},
			map[string]any{"parent": one(r.ParentID)}, nil
	},
	decode: func(m rec) (graph.Region, error) {
		return graph.Region{ID: m.str("id"), Name: m.str("name"), Kind: graph.RegionKind(m.str("kind")),
			ParentID: m.key("parent"), Code: m.str("code")}, nil
	},
	post: func(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) error {
		recs, err := collect(ctx, tx, `UNWIND $ids AS id MATCH (n:Region {id: id})-[:PART_OF]->(p:Region)
			WHERE $depth[p.kind] >= $depth[n.kind] RETURN n.kind, p.kind LIMIT 1`,
			map[string]any{"ids": ids, "depth": regionDepth})
		if err != nil {
			return err
		}
		if len(recs) > 0 {
			return graph.Invalid("parentId", "a %v cannot lie within a %v", recs[0].Values[0], recs[0].Values[1])
		}
		recs, err = collect(ctx, tx, `UNWIND $ids AS id MATCH (n:Region {id: id}) WHERE EXISTS { (n)-[:PART_OF*1..]->(n) }
			RETURN n.id LIMIT 1`, map[string]any{"ids": ids})
		if err != nil {
			return err
		}
		if len(recs) > 0 {
			return graph.Invalid("parentId", "region %v would lie within itself", recs[0].Values[0])
		}
		// Children must still lie below a region whose kind changed.
		recs, err = collect(ctx, tx, `UNWIND $ids AS id MATCH (c:Region)-[:PART_OF]->(n:Region {id: id})
			WHERE $depth[n.kind] >= $depth[c.kind] RETURN c.id LIMIT 1`,
			map[string]any{"ids": ids, "depth": regionDepth})
		if err != nil {
			return err
		}
		if len(recs) > 0 {
			return graph.Invalid("kind", "region %v below would no longer lie within it", recs[0].Values[0])
		}
		return nil
	},
}).build()

var unionSpec = (&spec[graph.Union]{
	kind:  graph.KindUnion,
	label: lblUnion,
	rels: []relSpec{
		ref1("parent", "PART_OF", lblUnion, graph.KindUnion, "parentId"),
		ref1("region", "IN_REGION", lblRegion, graph.KindRegion, "regionId"),
		ref1("enterprise", "AT_ENTERPRISE", lblEnterprise, graph.KindEnterprise, "enterpriseId"),
	},
	refBy:     "EXISTS { (n)<-[:PART_OF|MEMBER_OF|SPONSORED_BY|SET_BY|SCOPED_TO]-() }",
	id:        func(u *graph.Union) string { return u.ID },
	createdAt: func(u *graph.Union) time.Time { return u.CreatedAt },
	validate:  func(u *graph.Union) error { return u.Validate() },
	encode: func(u *graph.Union) (map[string]any, map[string]any, error) {
		return map[string]any{"id": u.ID, "name": u.Name, "tier": string(u.Tier),
				"createdAt": nanos(u.CreatedAt), "updatedAt": nanos(u.UpdatedAt)},
			map[string]any{"parent": one(u.ParentID), "region": one(u.RegionID), "enterprise": one(u.EnterpriseID)}, nil
	},
	decode: func(m rec) (graph.Union, error) {
		return graph.Union{ID: m.str("id"), Name: m.str("name"), Tier: graph.Tier(m.str("tier")),
			ParentID: m.key("parent"), RegionID: m.key("region"), EnterpriseID: m.key("enterprise"),
			CreatedAt: m.time("createdAt"), UpdatedAt: m.time("updatedAt")}, nil
	},
	post: func(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) error {
		recs, err := collect(ctx, tx, `UNWIND $ids AS id MATCH (n:Union {id: id}) WHERE EXISTS { (n)-[:PART_OF*1..]->(n) }
			RETURN n.id LIMIT 1`, map[string]any{"ids": ids})
		if err != nil {
			return err
		}
		if len(recs) > 0 {
			return graph.Invalid("parentId", "union %v would be its own ancestor", recs[0].Values[0])
		}
		return nil
	},
}).build()

var enterpriseSpec = (&spec[graph.Enterprise]{
	kind:  graph.KindEnterprise,
	label: lblEnterprise,
	rels: []relSpec{
		ref1("region", "IN_REGION", lblRegion, graph.KindRegion, "regionId"),
		ref1("union", "MEMBER_OF", lblUnion, graph.KindUnion, "unionId"),
	},
	refBy:     "EXISTS { (n)<-[:AT_ENTERPRISE|WORKS_AT|POSTED_BY|AT|HOSTED_BY|SCOPED_TO]-() }",
	id:        func(e *graph.Enterprise) string { return e.ID },
	createdAt: func(e *graph.Enterprise) time.Time { return e.CreatedAt },
	validate:  func(e *graph.Enterprise) error { return e.Validate() },
	encode: func(e *graph.Enterprise) (map[string]any, map[string]any, error) {
		return map[string]any{"id": e.ID, "name": e.Name, "creditCode": orNil(e.CreditCode), "industry": e.Industry,
				"ownership": string(e.Ownership), "createdAt": nanos(e.CreatedAt), "updatedAt": nanos(e.UpdatedAt)},
			map[string]any{"region": one(e.RegionID), "union": one(e.UnionID)}, nil
	},
	decode: func(m rec) (graph.Enterprise, error) {
		return graph.Enterprise{ID: m.str("id"), Name: m.str("name"), CreditCode: m.str("creditCode"),
			Industry: m.str("industry"), Ownership: graph.Ownership(m.str("ownership")),
			RegionID: m.key("region"), UnionID: m.key("union"),
			CreatedAt: m.time("createdAt"), UpdatedAt: m.time("updatedAt")}, nil
	},
}).build()

var workerSpec = (&spec[graph.Worker]{
	kind:  graph.KindWorker,
	label: lblWorker,
	rels: []relSpec{
		ref1("region", "IN_REGION", lblRegion, graph.KindRegion, "regionId"),
		ref1("enterprise", "WORKS_AT", lblEnterprise, graph.KindEnterprise, "enterpriseId"),
		{field: "skills", typ: "HAS_SKILL", out: true, label: lblSkill, key: "code", errField: "skills.code", kind: graph.KindSkill,
			props: []string{"level", "certified", "primary"}},
	},
	roleLabels: "Craftsman:ModelWorker:Apprentice",
	setLabels: `FOREACH (_ IN CASE WHEN 'CRAFTSMAN' IN row.props.roles THEN [1] ELSE [] END | SET n:Craftsman)
		FOREACH (_ IN CASE WHEN 'MODEL_WORKER' IN row.props.roles THEN [1] ELSE [] END | SET n:ModelWorker)
		FOREACH (_ IN CASE WHEN 'APPRENTICE' IN row.props.roles THEN [1] ELSE [] END | SET n:Apprentice)`,
	extraCreate: `CALL (n, row) { UNWIND row.honours AS h CREATE (o:Honour) SET o = h.props CREATE (n)-[:HOLDS {pos: h.pos}]->(o) }`,
	extraDelete: `CALL (n) { MATCH (n)-[:HOLDS]->(o:Honour) DETACH DELETE o }`,
	extraProj:   `, honours: [(n)-[r:HOLDS]->(o:Honour) | o {.*, pos: r.pos}]`,
	refBy: `(EXISTS { (n)<-[:MENTOR|APPRENTICE|LED_BY|INVITED|SCOPED_TO]-() } OR EXISTS { (n)-[:SOLVED|MEMBER_OF|VISITED]->() }
		OR EXISTS { MATCH (p:Pairing) WHERE n.id IN p.reviewAuthorIds })`,
	id:        func(w *graph.Worker) string { return w.ID },
	createdAt: func(w *graph.Worker) time.Time { return w.CreatedAt },
	validate:  func(w *graph.Worker) error { return w.Validate() },
	encode: func(w *graph.Worker) (map[string]any, map[string]any, error) {
		roles := make([]string, len(w.Roles))
		for i, r := range w.Roles {
			roles[i] = string(r)
		}
		var key any
		if w.EmployeeNo != "" {
			key = w.EnterpriseID + "\x00" + w.EmployeeNo
		}
		props := map[string]any{"id": w.ID, "name": w.Name, "gender": string(w.Gender), "birthYear": w.BirthYear,
			"employeeNo": w.EmployeeNo, "employeeKey": key, "roles": roles, "mentorCapacity": w.MentorCapacity,
			"acceptingMentees": w.AcceptingMentees, "bio": w.Bio,
			"createdAt": nanos(w.CreatedAt), "updatedAt": nanos(w.UpdatedAt)}
		skills := make([]any, len(w.Skills))
		for i, s := range w.Skills {
			skills[i] = link(s.Code, i, map[string]any{"level": int(s.Level), "certified": s.Certified, "primary": s.Primary})
		}
		honours := make([]any, len(w.Honours))
		for i, h := range w.Honours {
			honours[i] = map[string]any{"pos": i, "props": map[string]any{"id": h.ID, "title": h.Title,
				"tier": string(h.Tier), "year": h.Year, "issuer": h.Issuer}}
		}
		return props, map[string]any{"region": one(w.RegionID), "enterprise": one(w.EnterpriseID),
			"skills": skills, "honours": honours}, nil
	},
	decode: func(m rec) (graph.Worker, error) {
		w := graph.Worker{ID: m.str("id"), Name: m.str("name"), Gender: graph.Gender(m.str("gender")),
			BirthYear: m.num("birthYear"), RegionID: m.key("region"), EnterpriseID: m.key("enterprise"),
			EmployeeNo: m.str("employeeNo"), MentorCapacity: m.num("mentorCapacity"),
			AcceptingMentees: m.flag("acceptingMentees"), Bio: m.str("bio"),
			CreatedAt: m.time("createdAt"), UpdatedAt: m.time("updatedAt")}
		for _, r := range m.strs("roles") {
			w.Roles = append(w.Roles, graph.Role(r))
		}
		for _, l := range m.links("skills") {
			w.Skills = append(w.Skills, graph.WorkerSkill{Code: l.str("k"), Level: levelOf(l, "level"),
				Certified: l.num("certified"), Primary: l.flag("primary")})
		}
		for _, h := range m.links("honours") {
			w.Honours = append(w.Honours, graph.Honour{ID: h.str("id"), Title: h.str("title"),
				Tier: graph.Tier(h.str("tier")), Year: h.num("year"), Issuer: h.str("issuer")})
		}
		return w, nil
	},
}).build()

var problemSpec = (&spec[graph.Problem]{
	kind:  graph.KindProblem,
	label: lblProblem,
	rels: []relSpec{
		ref1("enterprise", "POSTED_BY", lblEnterprise, graph.KindEnterprise, "enterpriseId"),
		{field: "skills", typ: "REQUIRES", out: true, label: lblSkill, key: "code", errField: "skills.code", kind: graph.KindSkill,
			props: []string{"minLevel"}},
		{field: "solvers", typ: "SOLVED", out: false, label: lblWorker, key: "id", errField: "solverIds", kind: graph.KindWorker},
		ref1("studios", "ROUTED_TO", lblStudio, graph.KindStudio, "studioIds"),
	},
	refBy:     "EXISTS { (n)<-[:ADDRESSES]-() }",
	id:        func(p *graph.Problem) string { return p.ID },
	createdAt: func(p *graph.Problem) time.Time { return p.CreatedAt },
	validate:  func(p *graph.Problem) error { return p.Validate() },
	encode: func(p *graph.Problem) (map[string]any, map[string]any, error) {
		props := map[string]any{"id": p.ID, "title": p.Title, "description": p.Description, "industry": p.Industry,
			"urgency": string(p.Urgency), "status": string(p.Status), "outcome": p.Outcome,
			"solvedOn": string(p.SolvedOn), "contact": p.Contact, "confidential": p.Confidential,
			"createdAt": nanos(p.CreatedAt), "updatedAt": nanos(p.UpdatedAt)}
		skills := make([]any, len(p.Skills))
		for i, s := range p.Skills {
			skills[i] = link(s.Code, i, map[string]any{"minLevel": int(s.MinLevel)})
		}
		return props, map[string]any{"enterprise": one(p.EnterpriseID), "skills": skills, "solvers": many(p.SolverIDs),
			"studios": many(p.StudioIDs)}, nil
	},
	decode: func(m rec) (graph.Problem, error) {
		p := graph.Problem{ID: m.str("id"), Title: m.str("title"), Description: m.str("description"),
			EnterpriseID: m.key("enterprise"), Industry: m.str("industry"), Urgency: graph.Urgency(m.str("urgency")),
			Status: graph.ProblemStatus(m.str("status")), Outcome: m.str("outcome"), SolverIDs: m.keys("solvers"),
			SolvedOn: graph.Date(m.str("solvedOn")), StudioIDs: m.keys("studios"), Contact: m.str("contact"),
			Confidential: m.str("confidential"), CreatedAt: m.time("createdAt"), UpdatedAt: m.time("updatedAt")}
		for _, l := range m.links("skills") {
			p.Skills = append(p.Skills, graph.RequiredSkill{Code: l.str("k"), MinLevel: levelOf(l, "minLevel")})
		}
		return p, nil
	},
}).build()

var visitSpec = (&spec[graph.Visit]{
	kind:  graph.KindVisit,
	label: lblVisit,
	rels: []relSpec{
		ref1("enterprise", "AT", lblEnterprise, graph.KindEnterprise, "enterpriseId"),
		ref1("problems", "ADDRESSES", lblProblem, graph.KindProblem, "problemIds"),
		{field: "experts", typ: "VISITED", out: false, label: lblWorker, key: "id", errField: "expertIds", kind: graph.KindWorker},
		{field: "invitations", typ: "INVITED", out: true, label: lblWorker, key: "id", errField: "invitations.expertId",
			kind: graph.KindWorker, props: []string{"status", "respondedAt"}},
	},
	refBy:     "false",
	id:        func(v *graph.Visit) string { return v.ID },
	createdAt: func(v *graph.Visit) time.Time { return v.CreatedAt },
	validate:  func(v *graph.Visit) error { return v.Validate() },
	encode: func(v *graph.Visit) (map[string]any, map[string]any, error) {
		outcomes, err := jsonProp(v.Outcomes)
		if err != nil {
			return nil, nil, err
		}
		props := map[string]any{"id": v.ID, "date": string(v.Date), "status": string(v.Status), "outcomes": outcomes,
			"rating": v.Rating, "ratingComment": v.RatingComment,
			"createdAt": nanos(v.CreatedAt), "updatedAt": nanos(v.UpdatedAt)}
		invitations := make([]any, len(v.Invitations))
		for i, in := range v.Invitations {
			var at any
			if !in.RespondedAt.IsZero() {
				at = nanos(in.RespondedAt)
			}
			invitations[i] = link(in.ExpertID, i, map[string]any{"status": string(in.Status), "respondedAt": at})
		}
		return props, map[string]any{"enterprise": one(v.EnterpriseID), "problems": many(v.ProblemIDs),
			"experts": many(v.ExpertIDs), "invitations": invitations}, nil
	},
	decode: func(m rec) (graph.Visit, error) {
		v := graph.Visit{ID: m.str("id"), EnterpriseID: m.key("enterprise"), ProblemIDs: m.keys("problems"),
			ExpertIDs: m.keys("experts"), Date: graph.Date(m.str("date")), Status: graph.VisitStatus(m.str("status")),
			Rating: m.num("rating"), RatingComment: m.str("ratingComment"),
			CreatedAt: m.time("createdAt"), UpdatedAt: m.time("updatedAt")}
		for _, l := range m.links("invitations") {
			v.Invitations = append(v.Invitations, graph.Invitation{ExpertID: l.str("k"),
				Status: graph.InvitationStatus(l.str("status")), RespondedAt: l.time("respondedAt")})
		}
		return v, m.jsonInto("outcomes", &v.Outcomes)
	},
}).build()

var pairingSpec = (&spec[graph.Pairing]{
	kind:  graph.KindPairing,
	label: lblPairing,
	rels: []relSpec{
		ref1("mentor", "MENTOR", lblWorker, graph.KindWorker, "mentorId"),
		ref1("apprentice", "APPRENTICE", lblWorker, graph.KindWorker, "apprenticeId"),
		ref1("union", "SPONSORED_BY", lblUnion, graph.KindUnion, "unionId"),
		{field: "skill", typ: "FOR_SKILL", out: true, label: lblSkill, key: "code", errField: "agreement.skillCode", kind: graph.KindSkill},
	},
	refBy:     "false",
	id:        func(p *graph.Pairing) string { return p.ID },
	createdAt: func(p *graph.Pairing) time.Time { return p.CreatedAt },
	validate:  func(p *graph.Pairing) error { return p.Validate() },
	encode: func(p *graph.Pairing) (map[string]any, map[string]any, error) {
		reviews, err := jsonProp(p.Reviews)
		if err != nil {
			return nil, nil, err
		}
		var authors []string
		for _, r := range p.Reviews {
			if r.AuthorID != "" {
				authors = append(authors, r.AuthorID)
			}
		}
		a := p.Agreement
		props := map[string]any{"id": p.ID, "campaign": p.Campaign, "signedOn": string(a.SignedOn),
			"targetLevel": int(a.TargetLevel), "deadline": string(a.Deadline), "goal": a.Goal,
			"reviewCadenceDays": a.ReviewCadenceDays, "reviews": reviews, "reviewAuthorIds": strList(authors),
			"status": string(p.Status), "origin": string(p.Origin), "score": p.Score, "completedOn": string(p.CompletedOn),
			"promotedTo": int(p.PromotedTo), "award": p.Award, "terminationReason": p.TerminationReason,
			"createdAt": nanos(p.CreatedAt), "updatedAt": nanos(p.UpdatedAt)}
		return props, map[string]any{"mentor": one(p.MentorID), "apprentice": one(p.ApprenticeID),
			"union": one(p.UnionID), "skill": one(a.SkillCode)}, nil
	},
	decode: func(m rec) (graph.Pairing, error) {
		p := graph.Pairing{ID: m.str("id"), MentorID: m.key("mentor"), ApprenticeID: m.key("apprentice"),
			UnionID: m.key("union"), Campaign: m.str("campaign"),
			Agreement: graph.Agreement{SignedOn: graph.Date(m.str("signedOn")), SkillCode: m.key("skill"),
				TargetLevel: levelOf(m, "targetLevel"), Deadline: graph.Date(m.str("deadline")), Goal: m.str("goal"),
				ReviewCadenceDays: m.num("reviewCadenceDays")},
			Status: graph.PairingStatus(m.str("status")), Origin: graph.PairingOrigin(m.str("origin")),
			Score: m.float("score"), CompletedOn: graph.Date(m.str("completedOn")), PromotedTo: levelOf(m, "promotedTo"),
			Award:             m.str("award"),
			TerminationReason: m.str("terminationReason"),
			CreatedAt:         m.time("createdAt"), UpdatedAt: m.time("updatedAt")}
		return p, m.jsonInto("reviews", &p.Reviews)
	},
	extraRefs: func(p *graph.Pairing) []ref {
		var ids []string
		for _, r := range p.Reviews {
			if r.AuthorID != "" {
				ids = append(ids, r.AuthorID)
			}
		}
		return []ref{{field: "reviews.authorId", label: lblWorker, kind: graph.KindWorker, ids: ids}}
	},
	check: lockPairingWorkers,
}).build()

var studioSpec = (&spec[graph.Studio]{
	kind:  graph.KindStudio,
	label: lblStudio,
	rels: []relSpec{
		ref1("leader", "LED_BY", lblWorker, graph.KindWorker, "leaderId"),
		ref1("host", "HOSTED_BY", lblEnterprise, graph.KindEnterprise, "hostEnterpriseId"),
		{field: "members", typ: "MEMBER_OF", out: false, label: lblWorker, key: "id", errField: "memberIds", kind: graph.KindWorker},
		{field: "specialties", typ: "SPECIALISES_IN", out: true, label: lblSkill, key: "code", errField: "specialtyCodes", kind: graph.KindSkill},
	},
	refBy:     "EXISTS { (n)<-[:ROUTED_TO]-() }",
	id:        func(s *graph.Studio) string { return s.ID },
	createdAt: func(s *graph.Studio) time.Time { return s.CreatedAt },
	validate:  func(s *graph.Studio) error { return s.Validate() },
	encode: func(s *graph.Studio) (map[string]any, map[string]any, error) {
		ach, err := jsonProp(s.Achievements)
		if err != nil {
			return nil, nil, err
		}
		props := map[string]any{"id": s.ID, "name": s.Name, "kind": string(s.Kind), "tier": string(s.Tier),
			"achievements": ach, "establishedYear": s.EstablishedYear, "description": s.Description,
			"createdAt": nanos(s.CreatedAt), "updatedAt": nanos(s.UpdatedAt)}
		return props, map[string]any{"leader": one(s.LeaderID), "host": one(s.HostEnterpriseID),
			"members": many(s.MemberIDs), "specialties": many(s.SpecialtyCodes)}, nil
	},
	decode: func(m rec) (graph.Studio, error) {
		s := graph.Studio{ID: m.str("id"), Name: m.str("name"), Kind: graph.StudioKind(m.str("kind")),
			Tier: graph.Tier(m.str("tier")), LeaderID: m.key("leader"), HostEnterpriseID: m.key("host"),
			MemberIDs: m.keys("members"), SpecialtyCodes: m.keys("specialties"),
			EstablishedYear: m.num("establishedYear"), Description: m.str("description"),
			CreatedAt: m.time("createdAt"), UpdatedAt: m.time("updatedAt")}
		return s, m.jsonInto("achievements", &s.Achievements)
	},
}).build()

var targetSpec = (&spec[graph.Target]{
	kind:      graph.KindTarget,
	label:     lblTarget,
	rels:      []relSpec{ref1("union", "SET_BY", lblUnion, graph.KindUnion, "unionId")},
	refBy:     "false",
	id:        func(t *graph.Target) string { return t.ID },
	createdAt: func(t *graph.Target) time.Time { return t.CreatedAt },
	validate:  func(t *graph.Target) error { return t.Validate() },
	encode: func(t *graph.Target) (map[string]any, map[string]any, error) {
		return map[string]any{"id": t.ID, "kind": string(t.Kind), "period": t.Period, "campaign": t.Campaign,
				"number": t.Number, "startDate": string(t.StartDate), "endDate": string(t.EndDate),
				"createdAt": nanos(t.CreatedAt), "updatedAt": nanos(t.UpdatedAt)},
			map[string]any{"union": one(t.UnionID)}, nil
	},
	decode: func(m rec) (graph.Target, error) {
		return graph.Target{ID: m.str("id"), UnionID: m.key("union"), Kind: graph.TargetKind(m.str("kind")),
			Period: m.str("period"), Campaign: m.str("campaign"), Number: m.num("number"),
			StartDate: graph.Date(m.str("startDate")), EndDate: graph.Date(m.str("endDate")),
			CreatedAt: m.time("createdAt"), UpdatedAt: m.time("updatedAt")}, nil
	},
}).build()

// errDecode wraps a failure to read back what was stored.
func errDecode(k graph.Kind, err error) error { return fmt.Errorf("decode %s: %w", k, err) }

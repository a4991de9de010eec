package sheet

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"jiangxin/graph"
)

var regionFields = map[string]string{"name": "name", "kind": "kind", "parentId": "parent", "code": "code"}

func (p *planner) region(r *rowCtx) (action, error) {
	name := r.required("name")
	kind, err := parseRegionKind(r.str("kind"))
	if err != nil {
		r.failErr("kind", err)
	}
	parentID := ""
	if v := r.str("parent"); v != "" {
		if parentID, err = p.dir.region(v); err != nil {
			r.failErr("parent", err)
		}
	}
	code := r.str("code")
	if r.bad || r.dup(key(parentID, name), "name", "region (same name and parent)") {
		return actUnchanged, nil
	}
	if parentID != "" && !graph.RegionKindBelow(p.dir.regions[parentID].Kind, kind) {
		r.fail("kind", fmt.Sprintf("a %s cannot sit below a %s", regionKindNames[kind], regionKindNames[p.dir.regions[parentID].Kind]))
		return actUnchanged, nil
	}
	apply := func(x *graph.Region) error {
		x.Kind = kind
		if r.has("code") {
			x.Code = code
		}
		return nil
	}
	if id, ok := p.dir.regionKids[key(parentID, name)]; ok {
		cur := p.dir.regions[id]
		next := cur
		_ = apply(&next)
		if next == cur {
			return actUnchanged, nil
		}
		if err := next.Validate(); err != nil {
			r.invalid(err, regionFields)
			return actUnchanged, nil
		}
		addUpdate(p, r, KindRegions, id, &cur, apply)
		p.dir.addRegion(next)
		return actUpdate, nil
	}
	x := graph.Region{ID: p.svc.NewID(graph.KindRegion), Name: name, ParentID: parentID}
	_ = apply(&x)
	if err := x.Validate(); err != nil {
		r.invalid(err, regionFields)
		return actUnchanged, nil
	}
	p.creates.Regions = append(p.creates.Regions, x)
	p.created(r, x.ID)
	p.dir.addRegion(x)
	return actCreate, nil
}

var unionFields = map[string]string{"name": "name", "tier": "tier", "parentId": "parent", "regionId": "region", "enterpriseId": "enterprise"}

func (p *planner) union(r *rowCtx) (action, error) {
	name := r.required("name")
	tier, err := parseTier(r.str("tier"))
	if err != nil {
		r.failErr("tier", err)
	}
	var parentID, regionID, entID string
	if v := r.str("parent"); v != "" {
		if parentID, err = p.dir.union(v); err != nil {
			r.failErr("parent", err)
		}
	}
	if v := r.str("region"); v != "" {
		if regionID, err = p.dir.region(v); err != nil {
			r.failErr("region", err)
		}
	}
	entRef := r.str("enterprise")
	deferEnt := false
	if entRef != "" {
		if entID, err = p.dir.enterprise(entRef); err != nil {
			deferEnt = true // maybe on a later sheet of the workbook
		}
	}
	if r.bad || r.dup(key(parentID, name), "name", "union (same name and parent)") {
		return actUnchanged, nil
	}
	apply := func(x *graph.Union) error {
		x.Tier = tier
		if r.has("region") {
			x.RegionID = regionID
		}
		if r.has("enterprise") && !deferEnt {
			x.EnterpriseID = entID
		}
		return nil
	}
	if id, ok := p.dir.unionKids[key(parentID, name)]; ok {
		if deferEnt {
			// Keep the union's enterprise as it is; say why.
			i := p.cols["enterprise"]
			p.rep.Warnings = append(p.rep.Warnings, Issue{Sheet: p.tbl.name, Row: r.line, Column: p.header[i],
				Cell: fmt.Sprintf("%s%d", colName(i), r.line), Value: entRef, Reason: err.Error() + ": the union's enterprise is left unchanged", col: -1})
		}
		cur := p.dir.unions[id]
		next := cur
		_ = apply(&next)
		if next == cur {
			return actUnchanged, nil
		}
		if err := next.Validate(); err != nil {
			r.invalid(err, unionFields)
			return actUnchanged, nil
		}
		addUpdate(p, r, KindUnions, id, &cur, apply)
		p.dir.addUnion(next)
		return actUpdate, nil
	}
	now := p.svc.Now()
	x := graph.Union{ID: p.svc.NewID(graph.KindUnion), Name: name, ParentID: parentID, CreatedAt: now, UpdatedAt: now}
	_ = apply(&x)
	if err := x.Validate(); err != nil {
		r.invalid(err, unionFields)
		return actUnchanged, nil
	}
	if deferEnt {
		i := p.cols["enterprise"]
		p.deferred = append(p.deferred, deferredUnion{idx: len(p.creates.Unions), ref: entRef, line: r.line,
			cell: fmt.Sprintf("%s%d", colName(i), r.line), col: p.header[i], sh: len(p.rep.Sheets) - 1})
	}
	p.creates.Unions = append(p.creates.Unions, x)
	p.created(r, x.ID)
	p.dir.addUnion(x)
	return actCreate, nil
}

var enterpriseFields = map[string]string{"name": "name", "creditCode": "credit_code", "industry": "industry",
	"ownership": "ownership", "regionId": "region", "unionId": "union"}

func (p *planner) enterprise(r *rowCtx) (action, error) {
	name := r.required("name")
	code := strings.ToUpper(r.str("credit_code"))
	industry := r.str("industry")
	own, err := parseOwnership(r.str("ownership"))
	if err != nil {
		r.failErr("ownership", err)
	}
	var regionID, unionID string
	if v := r.required("region"); v != "" {
		if regionID, err = p.dir.region(v); err != nil {
			r.failErr("region", err)
		}
	}
	if v := r.str("union"); v != "" {
		if unionID, err = p.dir.union(v); err != nil {
			r.failErr("union", err)
		}
	}
	if r.bad {
		return actUnchanged, nil
	}
	var id string
	if code != "" {
		if r.dup("code\x00"+code, "credit_code", "unified social credit code") {
			return actUnchanged, nil
		}
		id = p.dir.entByCode[code]
	} else {
		if r.dup("name\x00"+name, "name", "enterprise name") {
			return actUnchanged, nil
		}
		switch ids := p.dir.entByName[name]; len(ids) {
		case 0:
		case 1:
			id = ids[0]
		default:
			r.fail("name", "several enterprises have this name; give the unified social credit code")
			return actUnchanged, nil
		}
	}
	apply := func(x *graph.Enterprise) error {
		x.Name = name
		if code != "" {
			x.CreditCode = code
		}
		if r.has("industry") {
			x.Industry = industry
		}
		x.Ownership = own
		x.RegionID = regionID
		if r.has("union") {
			x.UnionID = unionID
		}
		return nil
	}
	if id != "" {
		cur := p.dir.ents[id]
		next := cur
		_ = apply(&next)
		if next == cur {
			return actUnchanged, nil
		}
		if err := next.Validate(); err != nil {
			r.invalid(err, enterpriseFields)
			return actUnchanged, nil
		}
		addUpdate(p, r, KindEnterprises, id, &cur, apply)
		p.dir.addEnterprise(next)
		return actUpdate, nil
	}
	now := p.svc.Now()
	x := graph.Enterprise{ID: p.svc.NewID(graph.KindEnterprise), CreatedAt: now, UpdatedAt: now}
	_ = apply(&x)
	if err := x.Validate(); err != nil {
		r.invalid(err, enterpriseFields)
		return actUnchanged, nil
	}
	p.creates.Enterprises = append(p.creates.Enterprises, x)
	p.created(r, x.ID)
	p.dir.addEnterprise(x)
	p.dir.staff[x.ID] = map[string]string{}
	return actCreate, nil
}

var workerFields = map[string]string{"name": "name", "gender": "gender", "birthYear": "birth_year", "regionId": "region",
	"employeeNo": "employee_no", "roles": "roles", "skills": "trade", "honours": "honours", "mentorCapacity": "capacity", "bio": "bio"}

// employer resolves the employer columns of a worker row.
func (p *planner) employer(r *rowCtx, nameCol, codeCol string) string {
	code, name := strings.ToUpper(r.str(codeCol)), r.str(nameCol)
	var byCode, byName string
	var err error
	if code != "" {
		if byCode, err = p.dir.enterprise(code); err != nil {
			r.failErr(codeCol, err)
			return ""
		}
	}
	if name != "" {
		if byName, err = p.dir.enterprise(name); err != nil && byCode == "" {
			r.failErr(nameCol, err)
			return ""
		}
	}
	switch {
	case byCode != "" && byName != "" && byCode != byName:
		r.fail(nameCol, fmt.Sprintf("enterprise %q does not have the credit code %s", name, code))
		return ""
	case byCode != "":
		return byCode
	case byName != "":
		return byName
	}
	r.fail(nameCol, "工作单位 or 单位信用代码 is needed to identify the employer")
	return ""
}

func (p *planner) worker(r *rowCtx) (action, error) {
	name := r.required("name")
	no := r.required("employee_no")
	entID := p.employer(r, "employer", "employer_code")
	gender, err := parseGender(r.str("gender"))
	if err != nil {
		r.failErr("gender", err)
	}
	birth, err := parseYear(r.str("birth_year"))
	if err != nil {
		r.failErr("birth_year", err)
	}
	regionID := ""
	if v := r.str("region"); v != "" {
		if regionID, err = p.dir.region(v); err != nil {
			r.failErr("region", err)
		}
	} else if entID != "" {
		regionID = p.dir.ents[entID].RegionID
	}
	roles, err := parseRoles(r.str("roles"))
	if err != nil {
		r.failErr("roles", err)
	}
	skills := p.workerSkills(r)
	honours := p.honours(r)
	capacity := 0
	if v := r.str("capacity"); v != "" {
		if capacity, err = parseInt(v); err != nil {
			r.failErr("capacity", err)
		} else if capacity < 0 || capacity > graph.MaxMentorCapacity {
			r.fail("capacity", fmt.Sprintf("%d is outside 0–%d", capacity, graph.MaxMentorCapacity))
		}
	}
	accepting, err := parseBool(r.str("accepting"))
	if err != nil {
		r.failErr("accepting", err)
	}
	bio := r.text("bio")
	if entID != "" && no != "" && r.dup(key(entID, no), "employee_no", "employee number within "+p.dir.entName(entID)) || r.bad {
		return actUnchanged, nil
	}
	staff, err := p.dir.staffOf(p.ctx, entID)
	if err != nil {
		return actUnchanged, err
	}
	var cur graph.Worker
	id, exists := staff[no]
	if exists {
		if cur, err = p.dir.store.GetWorker(p.ctx, id); err != nil {
			return actUnchanged, fmt.Errorf("read worker %s: %w", id, err)
		}
		for i := range honours {
			// Keep the IDs of honours already held.
			for _, h := range cur.Honours {
				if h.Title == honours[i].Title && h.Year == honours[i].Year {
					honours[i].ID = h.ID
				}
			}
		}
	}
	for i := range honours {
		if honours[i].ID == "" {
			honours[i].ID = p.svc.NewID(graph.KindHonour)
		}
	}
	apply := func(x *graph.Worker) error {
		x.Name = name
		if r.has("gender") {
			x.Gender = gender
		}
		if r.has("birth_year") {
			x.BirthYear = birth
		}
		if r.has("region") || x.RegionID == "" {
			x.RegionID = regionID
		}
		if r.has("roles") {
			x.Roles = slices.Clone(roles)
		}
		if r.has("trade") || r.has("other_trades") {
			x.Skills = slices.Clone(skills)
		}
		if r.has("honours") {
			x.Honours = slices.Clone(honours)
		}
		if r.has("capacity") {
			x.MentorCapacity = capacity
		}
		if r.has("accepting") {
			x.AcceptingMentees = accepting
		}
		if r.has("bio") {
			x.Bio = bio
		}
		return nil
	}
	if exists {
		next := cur
		next.Roles, next.Skills, next.Honours = slices.Clone(cur.Roles), slices.Clone(cur.Skills), slices.Clone(cur.Honours)
		_ = apply(&next)
		if workerEqual(&cur, &next) {
			return actUnchanged, nil
		}
		if err := next.Validate(); err != nil {
			r.invalid(err, workerFields)
			return actUnchanged, nil
		}
		addUpdate(p, r, KindWorkers, id, &cur, apply)
		return actUpdate, nil
	}
	now := p.svc.Now()
	x := graph.Worker{ID: p.svc.NewID(graph.KindWorker), EnterpriseID: entID, EmployeeNo: no, Gender: graph.GenderUnspecified,
		CreatedAt: now, UpdatedAt: now}
	_ = apply(&x)
	if err := x.Validate(); err != nil {
		r.invalid(err, workerFields)
		return actUnchanged, nil
	}
	p.newWorkers[x.ID] = len(p.creates.Workers)
	p.creates.Workers = append(p.creates.Workers, x)
	p.created(r, x.ID)
	staff[no] = x.ID
	return actCreate, nil
}

// workerSkills reads the primary trade with its level and year, and the other trades.
func (p *planner) workerSkills(r *rowCtx) []graph.WorkerSkill {
	var out []graph.WorkerSkill
	if t := r.str("trade"); t != "" {
		code, err := p.dir.skill(t)
		if err != nil {
			r.failErr("trade", err)
		}
		lv, err := parseLevel(r.str("level"))
		if err != nil {
			r.failErr("level", err)
		}
		year, err := parseYear(r.str("certified"))
		if err != nil {
			r.failErr("certified", err)
		}
		out = append(out, graph.WorkerSkill{Code: code, Level: lv, Certified: year, Primary: true})
	} else if r.str("level") != "" {
		r.fail("level", "技能等级 is given without 主要工种")
	}
	for _, item := range splitList(r.str("other_trades"), itemSeps) {
		parts := splitParts(item)
		if len(parts) == 0 {
			continue
		}
		if len(parts) == 1 && strings.ContainsAny(item, "、，,") {
			for _, t := range splitList(item, "、，,") {
				out = p.addSkill(r, out, []string{t})
			}
			continue
		}
		out = p.addSkill(r, out, parts)
	}
	return out
}

func (p *planner) addSkill(r *rowCtx, out []graph.WorkerSkill, parts []string) []graph.WorkerSkill {
	code, err := p.dir.skill(parts[0])
	if err != nil {
		r.failErr("other_trades", err)
		return out
	}
	ws := graph.WorkerSkill{Code: code}
	if len(parts) > 1 {
		if ws.Level, err = parseLevel(parts[1]); err != nil {
			r.failErr("other_trades", err)
		}
	}
	if len(parts) > 2 {
		if ws.Certified, err = parseYear(parts[2]); err != nil {
			r.failErr("other_trades", err)
		}
	}
	if slices.ContainsFunc(out, func(s graph.WorkerSkill) bool { return s.Code == code }) {
		r.fail("other_trades", fmt.Sprintf("trade %s is listed twice", parts[0]))
		return out
	}
	return append(out, ws)
}

// honours reads items title:tier:year:issuer (tier and year may be left out or swapped).
func (p *planner) honours(r *rowCtx) []graph.Honour {
	var out []graph.Honour
	for _, item := range splitList(r.str("honours"), itemSeps) {
		parts := splitParts(item)
		if len(parts) == 0 || parts[0] == "" {
			r.fail("honours", fmt.Sprintf("honour %q has no title", item))
			continue
		}
		h := graph.Honour{Title: parts[0]}
		for _, part := range parts[1:] {
			if part == "" {
				continue
			}
			if t, err := parseTier(part); err == nil && h.Tier == "" {
				h.Tier = t
				continue
			}
			if y, err := parseInt(part); err == nil && y >= 1900 && y <= 2200 && h.Year == 0 {
				h.Year = y
				continue
			}
			if h.Issuer == "" {
				h.Issuer = part
				continue
			}
			r.fail("honours", fmt.Sprintf("honour %q: cannot read %q (write 称号:级别:年份:授予单位)", item, part))
		}
		if h.Tier == "" {
			t, ok := inferTier(h.Title)
			if !ok {
				r.fail("honours", fmt.Sprintf("honour %q: give its level, e.g. %s:市级:2020", h.Title, h.Title))
				continue
			}
			h.Tier = t
		}
		out = append(out, h)
	}
	return out
}

func workerEqual(a, b *graph.Worker) bool {
	if a.Name != b.Name || a.Gender != b.Gender || a.BirthYear != b.BirthYear || a.RegionID != b.RegionID ||
		a.EnterpriseID != b.EnterpriseID || a.EmployeeNo != b.EmployeeNo || a.MentorCapacity != b.MentorCapacity ||
		a.AcceptingMentees != b.AcceptingMentees || a.Bio != b.Bio {
		return false
	}
	if !sameSet(a.Roles, b.Roles) {
		return false
	}
	sa, sb := slices.Clone(a.Skills), slices.Clone(b.Skills)
	bySkill := func(x, y graph.WorkerSkill) int { return strings.Compare(x.Code, y.Code) }
	slices.SortFunc(sa, bySkill)
	slices.SortFunc(sb, bySkill)
	if !slices.Equal(sa, sb) {
		return false
	}
	return honourKeys(a.Honours) == honourKeys(b.Honours)
}

func sameSet[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// honourKeys lists honours without their IDs, sorted.
func honourKeys(hs []graph.Honour) string {
	ks := make([]string, len(hs))
	for i, h := range hs {
		ks[i] = fmt.Sprintf("%s|%s|%d|%s", h.Title, h.Tier, h.Year, h.Issuer)
	}
	slices.Sort(ks)
	return strings.Join(ks, "\n")
}

var studioFields = map[string]string{"name": "name", "kind": "kind", "tier": "tier", "leaderId": "leader_no",
	"hostEnterpriseId": "host", "memberIds": "members", "specialtyCodes": "specialties", "establishedYear": "established",
	"description": "description"}

// staffID resolves an employee number within an enterprise.
func (p *planner) staffID(entID, no string) (string, error) {
	staff, err := p.dir.staffOf(p.ctx, entID)
	if err != nil {
		return "", err
	}
	id, ok := staff[no]
	if !ok {
		return "", bad("no worker with employee number %s at %s", no, p.dir.entName(entID))
	}
	return id, nil
}

func (p *planner) studio(r *rowCtx) (action, error) {
	name := r.required("name")
	kind, err := parseStudioKind(r.str("kind"))
	if err != nil {
		r.failErr("kind", err)
	}
	tier, err := parseTier(r.str("tier"))
	if err != nil {
		r.failErr("tier", err)
	}
	var hostID, leaderID string
	if v := r.required("host"); v != "" {
		if hostID, err = p.dir.enterprise(v); err != nil {
			r.failErr("host", err)
		}
	}
	leaderEnt := hostID
	if v := r.str("leader_employer"); v != "" {
		if leaderEnt, err = p.dir.enterprise(v); err != nil {
			r.failErr("leader_employer", err)
		}
	}
	if no := r.required("leader_no"); no != "" && leaderEnt != "" {
		leaderID, err = p.staffID(leaderEnt, no)
		var ce *cellError
		switch {
		case errors.As(err, &ce):
			r.failErr("leader_no", err)
		case err != nil:
			return actUnchanged, err
		}
	}
	var members []string
	for _, m := range splitList(r.str("members"), "；;\n\r、，, ") {
		entID, no := hostID, m
		if i := strings.LastIndexAny(m, "/／"); i > 0 {
			ref := m[:i]
			no = strings.TrimLeft(m[i:], "/／")
			if entID, err = p.dir.enterprise(ref); err != nil {
				r.failErr("members", err)
				continue
			}
		}
		if entID == "" {
			continue
		}
		id, err := p.staffID(entID, no)
		var ce *cellError
		if errors.As(err, &ce) {
			r.failErr("members", err)
			continue
		} else if err != nil {
			return actUnchanged, err
		}
		if slices.Contains(members, id) {
			r.fail("members", fmt.Sprintf("member %s is listed twice", m))
			continue
		}
		members = append(members, id)
	}
	var specialties []string
	for _, s := range splitList(r.str("specialties"), "；;\n\r、，,") {
		code, err := p.dir.skill(s)
		if err != nil {
			r.failErr("specialties", err)
			continue
		}
		if !slices.Contains(specialties, code) {
			specialties = append(specialties, code)
		}
	}
	est, err := parseYear(r.str("established"))
	if err != nil {
		r.failErr("established", err)
	}
	desc := r.text("description")
	if r.bad || r.dup(key(hostID, name), "name", "studio (same name and host)") {
		return actUnchanged, nil
	}
	if leaderID != "" && r.str("leader") != "" {
		if lname := p.workerName(leaderID); lname != "" && lname != r.str("leader") {
			r.fail("leader", fmt.Sprintf("employee %s is %s, not %s", r.str("leader_no"), lname, r.str("leader")))
			return actUnchanged, nil
		}
	}
	apply := func(x *graph.Studio) error {
		x.Kind, x.Tier, x.LeaderID = kind, tier, leaderID
		if r.has("members") {
			x.MemberIDs = slices.Clone(members)
		}
		if r.has("specialties") {
			x.SpecialtyCodes = slices.Clone(specialties)
		}
		if r.has("established") {
			x.EstablishedYear = est
		}
		if r.has("description") {
			x.Description = desc
		}
		return nil
	}
	if id, ok := p.dir.studios[key(hostID, name)]; ok {
		cur, err := p.dir.store.GetStudio(p.ctx, id)
		if err != nil {
			return actUnchanged, fmt.Errorf("read studio %s: %w", id, err)
		}
		next := cur
		next.MemberIDs, next.SpecialtyCodes = slices.Clone(cur.MemberIDs), slices.Clone(cur.SpecialtyCodes)
		_ = apply(&next)
		if next.Kind == cur.Kind && next.Tier == cur.Tier && next.LeaderID == cur.LeaderID && sameSet(next.MemberIDs, cur.MemberIDs) &&
			sameSet(next.SpecialtyCodes, cur.SpecialtyCodes) && next.EstablishedYear == cur.EstablishedYear && next.Description == cur.Description {
			return actUnchanged, nil
		}
		if err := next.Validate(); err != nil {
			r.invalid(err, studioFields)
			return actUnchanged, nil
		}
		addUpdate(p, r, KindStudios, id, &cur, apply)
		return actUpdate, nil
	}
	now := p.svc.Now()
	x := graph.Studio{ID: p.svc.NewID(graph.KindStudio), Name: name, HostEnterpriseID: hostID, CreatedAt: now, UpdatedAt: now}
	_ = apply(&x)
	if err := x.Validate(); err != nil {
		r.invalid(err, studioFields)
		return actUnchanged, nil
	}
	p.creates.Studios = append(p.creates.Studios, x)
	p.created(r, x.ID)
	p.dir.studios[key(hostID, name)] = x.ID
	return actCreate, nil
}

// workerName returns a worker's name from the planned creates or the store.
func (p *planner) workerName(id string) string {
	if i, ok := p.newWorkers[id]; ok {
		return p.creates.Workers[i].Name
	}
	w, err := p.dir.store.GetWorker(p.ctx, id)
	if err != nil {
		return ""
	}
	return w.Name
}

var targetFields = map[string]string{"unionId": "union", "kind": "kind", "period": "period", "campaign": "campaign",
	"number": "number", "startDate": "start", "endDate": "end"}

func (p *planner) target(r *rowCtx) (action, error) {
	var unionID string
	var err error
	if v := r.required("union"); v != "" {
		if unionID, err = p.dir.union(v); err != nil {
			r.failErr("union", err)
		}
	}
	kind, err := parseTargetKind(r.str("kind"))
	if err != nil {
		r.failErr("kind", err)
	}
	period, campaign := r.str("period"), r.str("campaign")
	if period == "" && campaign == "" && !r.bad {
		r.fail("period", "期间 or 活动 must be given")
	}
	number := 0
	if v := r.required("number"); v != "" {
		if number, err = parseInt(v); err != nil {
			r.failErr("number", err)
		}
	}
	start, err := parseDate(r.str("start"))
	if err != nil {
		r.failErr("start", err)
	}
	end, err := parseDate(r.str("end"))
	if err != nil {
		r.failErr("end", err)
	}
	k := key(unionID, string(kind), period, campaign)
	if r.bad || r.dup(k, "kind", "target (same union, kind, period and campaign)") {
		return actUnchanged, nil
	}
	apply := func(x *graph.Target) error {
		x.Number = number
		if r.has("start") {
			x.StartDate = start
		}
		if r.has("end") {
			x.EndDate = end
		}
		return nil
	}
	if id, ok := p.dir.targets[k]; ok {
		cur, err := p.dir.store.GetTarget(p.ctx, id)
		if err != nil {
			return actUnchanged, fmt.Errorf("read target %s: %w", id, err)
		}
		next := cur
		_ = apply(&next)
		if next == cur {
			return actUnchanged, nil
		}
		if err := next.Validate(); err != nil {
			r.invalid(err, targetFields)
			return actUnchanged, nil
		}
		addUpdate(p, r, KindTargets, id, &cur, apply)
		return actUpdate, nil
	}
	now := p.svc.Now()
	x := graph.Target{ID: p.svc.NewID(graph.KindTarget), UnionID: unionID, Kind: kind, Period: period, Campaign: campaign,
		CreatedAt: now, UpdatedAt: now}
	_ = apply(&x)
	if err := x.Validate(); err != nil {
		r.invalid(err, targetFields)
		return actUnchanged, nil
	}
	p.creates.Targets = append(p.creates.Targets, x)
	p.created(r, x.ID)
	p.dir.targets[k] = x.ID
	return actCreate, nil
}

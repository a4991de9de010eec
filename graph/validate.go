package graph

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Field limits enforced by validation.
const (
	MaxNameLen        = 200   // names and titles, in characters
	MaxTextLen        = 20000 // descriptions, notes, bios
	MaxMentorCapacity = 20
	MaxListLen        = 500 // skills, honours, members, problems of one entity
)

// checkName requires a non-empty, trimmed, bounded, valid UTF-8 string.
func checkName(field, s string) error {
	if strings.TrimSpace(s) == "" {
		return Invalid(field, "must not be empty")
	}
	return checkText(field, s, MaxNameLen)
}

// checkText bounds an optional string and rejects invalid UTF-8 and control characters other
// than tab and newlines.
func checkText(field, s string, max int) error {
	if !utf8.ValidString(s) {
		return Invalid(field, "is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return Invalid(field, "is %d characters long; at most %d allowed", n, max)
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f {
			return Invalid(field, "contains a control character")
		}
	}
	return nil
}

func checkOptID(field string, k Kind, id string) error {
	if id == "" {
		return nil
	}
	return CheckID(field, k, id)
}

func checkIDs(field string, k Kind, ids []string) error {
	if len(ids) > MaxListLen {
		return Invalid(field, "has %d entries; at most %d allowed", len(ids), MaxListLen)
	}
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if err := CheckID(field, k, id); err != nil {
			return err
		}
		if seen[id] {
			return Invalid(field, "lists %q twice", id)
		}
		seen[id] = true
	}
	return nil
}

func checkYear(field string, y int, optional bool) error {
	if y == 0 && optional {
		return nil
	}
	if y < 1900 || y > time.Now().UTC().Year()+1 {
		return Invalid(field, "%d is not a plausible year", y)
	}
	return nil
}

func checkOptDate(field string, d Date) error {
	if d == "" {
		return nil
	}
	_, err := ParseDate(field, string(d))
	return err
}

func checkStamps(created, updated time.Time) error {
	if created.IsZero() {
		return Invalid("createdAt", "must be set")
	}
	if created.Location() != time.UTC || updated.Location() != time.UTC {
		return Invalid("createdAt", "timestamps must be in UTC")
	}
	if updated.Before(created) {
		return Invalid("updatedAt", "is before createdAt")
	}
	return nil
}

// Validate checks s's own fields.
func (s *Skill) Validate() error {
	if err := CheckSkillCode("code", s.Code); err != nil {
		return err
	}
	if err := checkName("name", s.Name); err != nil {
		return err
	}
	if s.Depth < 1 || s.Depth > 4 {
		return Invalid("depth", "must be 1–4")
	}
	if s.ParentCode != "" {
		return CheckSkillCode("parentCode", s.ParentCode)
	}
	return nil
}

// Validate checks r's own fields; the parent's existence is the Store's to check.
func (r *Region) Validate() error {
	if err := CheckID("id", KindRegion, r.ID); err != nil {
		return err
	}
	if err := checkName("name", r.Name); err != nil {
		return err
	}
	if !r.Kind.Valid() {
		return Invalid("kind", "%q is not a region kind", r.Kind)
	}
	if r.ParentID == r.ID {
		return Invalid("parentId", "a region cannot be its own parent")
	}
	if err := checkText("code", r.Code, 32); err != nil {
		return err
	}
	return checkOptID("parentId", KindRegion, r.ParentID)
}

// RegionKindBelow reports whether child may sit directly below parent in the region tree.
func RegionKindBelow(parent, child RegionKind) bool { return child.depth() > parent.depth() }

// Validate checks u's own fields.
func (u *Union) Validate() error {
	if err := CheckID("id", KindUnion, u.ID); err != nil {
		return err
	}
	if err := checkName("name", u.Name); err != nil {
		return err
	}
	if !u.Tier.Valid() {
		return Invalid("tier", "%q is not a tier", u.Tier)
	}
	if u.ParentID == u.ID {
		return Invalid("parentId", "a union cannot be its own parent")
	}
	if err := checkOptID("parentId", KindUnion, u.ParentID); err != nil {
		return err
	}
	if err := checkOptID("regionId", KindRegion, u.RegionID); err != nil {
		return err
	}
	if err := checkOptID("enterpriseId", KindEnterprise, u.EnterpriseID); err != nil {
		return err
	}
	return checkStamps(u.CreatedAt, u.UpdatedAt)
}

// Validate checks e's own fields.
func (e *Enterprise) Validate() error {
	if err := CheckID("id", KindEnterprise, e.ID); err != nil {
		return err
	}
	if err := checkName("name", e.Name); err != nil {
		return err
	}
	if e.CreditCode != "" && !validCreditCode(e.CreditCode) {
		return Invalid("creditCode", "%q is not an 18-character unified social credit code", e.CreditCode)
	}
	if err := checkText("industry", e.Industry, MaxNameLen); err != nil {
		return err
	}
	if !e.Ownership.Valid() {
		return Invalid("ownership", "%q is not an ownership form", e.Ownership)
	}
	if err := CheckID("regionId", KindRegion, e.RegionID); err != nil {
		return err
	}
	if err := checkOptID("unionId", KindUnion, e.UnionID); err != nil {
		return err
	}
	return checkStamps(e.CreatedAt, e.UpdatedAt)
}

// validCreditCode checks the shape of a unified social credit code (GB 32100-2015): 18
// characters of digits and upper-case letters other than I, O, Z, S, V.
func validCreditCode(s string) bool {
	if len(s) != 18 {
		return false
	}
	for _, c := range s {
		ok := c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' && !strings.ContainsRune("IOZSV", c)
		if !ok {
			return false
		}
	}
	return true
}

// Validate checks h's own fields.
func (h *Honour) Validate() error {
	if err := CheckID("honours.id", KindHonour, h.ID); err != nil {
		return err
	}
	if err := checkName("honours.title", h.Title); err != nil {
		return err
	}
	if !h.Tier.Valid() {
		return Invalid("honours.tier", "%q is not a tier", h.Tier)
	}
	if err := checkYear("honours.year", h.Year, true); err != nil {
		return err
	}
	return checkText("honours.issuer", h.Issuer, MaxNameLen)
}

// Validate checks w's own fields; skill codes and the employer are the Store's to check.
func (w *Worker) Validate() error {
	if err := CheckID("id", KindWorker, w.ID); err != nil {
		return err
	}
	if err := checkName("name", w.Name); err != nil {
		return err
	}
	if !w.Gender.Valid() {
		return Invalid("gender", "%q is not a gender", w.Gender)
	}
	if w.BirthYear != 0 && (w.BirthYear < 1920 || w.BirthYear > time.Now().UTC().Year()-14) {
		return Invalid("birthYear", "%d is not a plausible birth year for a worker", w.BirthYear)
	}
	if err := CheckID("regionId", KindRegion, w.RegionID); err != nil {
		return err
	}
	if err := checkOptID("enterpriseId", KindEnterprise, w.EnterpriseID); err != nil {
		return err
	}
	if err := checkText("employeeNo", w.EmployeeNo, 64); err != nil {
		return err
	}
	if w.EmployeeNo != "" && w.EnterpriseID == "" {
		return Invalid("employeeNo", "needs an employer")
	}
	seenRole := map[Role]bool{}
	for _, r := range w.Roles {
		if !r.Valid() {
			return Invalid("roles", "%q is not a role", r)
		}
		if seenRole[r] {
			return Invalid("roles", "lists %s twice", r)
		}
		seenRole[r] = true
	}
	if len(w.Skills) > MaxListLen || len(w.Honours) > MaxListLen {
		return Invalid("skills", "too many skills or honours")
	}
	seenSkill := map[string]bool{}
	primaries := 0
	for _, s := range w.Skills {
		if err := CheckSkillCode("skills.code", s.Code); err != nil {
			return err
		}
		if seenSkill[s.Code] {
			return Invalid("skills", "lists %s twice", s.Code)
		}
		seenSkill[s.Code] = true
		if s.Level != LevelNone && !s.Level.Valid() {
			return Invalid("skills.level", "%d is not a level on the ladder 初级工(5)…高级技师(1)", int(s.Level))
		}
		if err := checkYear("skills.certified", s.Certified, true); err != nil {
			return err
		}
		if s.Primary {
			primaries++
		}
	}
	if primaries > 1 {
		return Invalid("skills.primary", "at most one primary trade")
	}
	seenHonour := map[string]bool{}
	for i := range w.Honours {
		if err := w.Honours[i].Validate(); err != nil {
			return err
		}
		if seenHonour[w.Honours[i].ID] {
			return Invalid("honours", "lists %s twice", w.Honours[i].ID)
		}
		seenHonour[w.Honours[i].ID] = true
	}
	if w.MentorCapacity < 0 || w.MentorCapacity > MaxMentorCapacity {
		return Invalid("mentorCapacity", "%d is outside 0–%d", w.MentorCapacity, MaxMentorCapacity)
	}
	if err := checkText("bio", w.Bio, MaxTextLen); err != nil {
		return err
	}
	return checkStamps(w.CreatedAt, w.UpdatedAt)
}

// Validate checks p's own fields.
func (p *Problem) Validate() error {
	if err := CheckID("id", KindProblem, p.ID); err != nil {
		return err
	}
	if err := checkName("title", p.Title); err != nil {
		return err
	}
	if err := checkText("description", p.Description, MaxTextLen); err != nil {
		return err
	}
	if err := CheckID("enterpriseId", KindEnterprise, p.EnterpriseID); err != nil {
		return err
	}
	if err := checkText("industry", p.Industry, MaxNameLen); err != nil {
		return err
	}
	if len(p.Skills) > MaxListLen {
		return Invalid("skills", "too many skills")
	}
	seen := map[string]bool{}
	for _, s := range p.Skills {
		if err := CheckSkillCode("skills.code", s.Code); err != nil {
			return err
		}
		if seen[s.Code] {
			return Invalid("skills", "lists %s twice", s.Code)
		}
		seen[s.Code] = true
		if s.MinLevel != LevelNone && !s.MinLevel.Valid() {
			return Invalid("skills.minLevel", "%d is not a level on the ladder", int(s.MinLevel))
		}
	}
	if !p.Urgency.Valid() {
		return Invalid("urgency", "%q is not an urgency", p.Urgency)
	}
	if !p.Status.Valid() {
		return Invalid("status", "%q is not a problem status", p.Status)
	}
	if err := checkText("outcome", p.Outcome, MaxTextLen); err != nil {
		return err
	}
	if err := checkIDs("solverIds", KindWorker, p.SolverIDs); err != nil {
		return err
	}
	if err := checkOptDate("solvedOn", p.SolvedOn); err != nil {
		return err
	}
	if err := checkIDs("studioIds", KindStudio, p.StudioIDs); err != nil {
		return err
	}
	if err := checkText("contact", p.Contact, MaxNameLen); err != nil {
		return err
	}
	if err := checkText("confidential", p.Confidential, MaxTextLen); err != nil {
		return err
	}
	return checkStamps(p.CreatedAt, p.UpdatedAt)
}

// Validate checks v's own fields, including that every outcome names one of its problems.
func (v *Visit) Validate() error {
	if err := CheckID("id", KindVisit, v.ID); err != nil {
		return err
	}
	if err := CheckID("enterpriseId", KindEnterprise, v.EnterpriseID); err != nil {
		return err
	}
	if err := checkIDs("problemIds", KindProblem, v.ProblemIDs); err != nil {
		return err
	}
	if err := checkIDs("expertIds", KindWorker, v.ExpertIDs); err != nil {
		return err
	}
	if len(v.Invitations) > MaxListLen {
		return Invalid("invitations", "too many invitations")
	}
	invited := make(map[string]bool, len(v.Invitations))
	for _, in := range v.Invitations {
		if err := CheckID("invitations.expertId", KindWorker, in.ExpertID); err != nil {
			return err
		}
		if invited[in.ExpertID] {
			return Invalid("invitations", "invites %q twice", in.ExpertID)
		}
		invited[in.ExpertID] = true
		if !in.Status.Valid() {
			return Invalid("invitations.status", "%q is not an invitation status", in.Status)
		}
		if !in.RespondedAt.IsZero() && in.RespondedAt.Location() != time.UTC {
			return Invalid("invitations.respondedAt", "must be in UTC")
		}
	}
	if v.Date == "" {
		return Invalid("date", "must be set")
	}
	if err := checkOptDate("date", v.Date); err != nil {
		return err
	}
	if !v.Status.Valid() {
		return Invalid("status", "%q is not a visit status", v.Status)
	}
	for _, o := range v.Outcomes {
		if !oneOf(o.ProblemID, v.ProblemIDs...) {
			return Invalid("outcomes.problemId", "%q is not one of the visit's problems", o.ProblemID)
		}
		if !o.Result.Valid() {
			return Invalid("outcomes.result", "%q is not an outcome", o.Result)
		}
		if err := checkText("outcomes.notes", o.Notes, MaxTextLen); err != nil {
			return err
		}
	}
	if v.Rating < 0 || v.Rating > 5 {
		return Invalid("rating", "%d is outside 1–5", v.Rating)
	}
	if err := checkText("ratingComment", v.RatingComment, MaxTextLen); err != nil {
		return err
	}
	return checkStamps(v.CreatedAt, v.UpdatedAt)
}

// Validate checks p's own fields.
func (p *Pairing) Validate() error {
	if err := CheckID("id", KindPairing, p.ID); err != nil {
		return err
	}
	if err := CheckID("mentorId", KindWorker, p.MentorID); err != nil {
		return err
	}
	if err := CheckID("apprenticeId", KindWorker, p.ApprenticeID); err != nil {
		return err
	}
	if p.MentorID == p.ApprenticeID {
		return Invalid("apprenticeId", "a worker cannot mentor themselves")
	}
	if err := checkOptID("unionId", KindUnion, p.UnionID); err != nil {
		return err
	}
	if err := checkText("campaign", p.Campaign, MaxNameLen); err != nil {
		return err
	}
	a := p.Agreement
	if err := checkOptDate("agreement.signedOn", a.SignedOn); err != nil {
		return err
	}
	if err := checkOptDate("agreement.deadline", a.Deadline); err != nil {
		return err
	}
	if a.SignedOn != "" && a.Deadline != "" && a.Deadline < a.SignedOn {
		return Invalid("agreement.deadline", "is before the signing date")
	}
	if a.SkillCode != "" {
		if err := CheckSkillCode("agreement.skillCode", a.SkillCode); err != nil {
			return err
		}
	}
	if a.TargetLevel != LevelNone && !a.TargetLevel.Valid() {
		return Invalid("agreement.targetLevel", "%d is not a level on the ladder", int(a.TargetLevel))
	}
	if err := checkText("agreement.goal", a.Goal, MaxTextLen); err != nil {
		return err
	}
	if a.ReviewCadenceDays < 0 || a.ReviewCadenceDays > 366 {
		return Invalid("agreement.reviewCadenceDays", "must be 0–366")
	}
	for _, r := range p.Reviews {
		if err := CheckID("reviews.id", KindReview, r.ID); err != nil {
			return err
		}
		if _, err := ParseDate("reviews.date", string(r.Date)); err != nil {
			return err
		}
		if err := checkText("reviews.note", r.Note, MaxTextLen); err != nil {
			return err
		}
		if r.LevelReached != LevelNone && !r.LevelReached.Valid() {
			return Invalid("reviews.levelReached", "%d is not a level on the ladder", int(r.LevelReached))
		}
		if err := checkOptID("reviews.authorId", KindWorker, r.AuthorID); err != nil {
			return err
		}
	}
	if !p.Status.Valid() {
		return Invalid("status", "%q is not a pairing status", p.Status)
	}
	if err := checkText("award", p.Award, MaxNameLen); err != nil {
		return err
	}
	if err := checkText("terminationReason", p.TerminationReason, MaxTextLen); err != nil {
		return err
	}
	if p.Origin != "" && !p.Origin.Valid() {
		return Invalid("origin", "%q is not a pairing origin", p.Origin)
	}
	if err := checkOptDate("completedOn", p.CompletedOn); err != nil {
		return err
	}
	if p.PromotedTo != LevelNone && !p.PromotedTo.Valid() {
		return Invalid("promotedTo", "%d is not a level on the ladder", int(p.PromotedTo))
	}
	return checkStamps(p.CreatedAt, p.UpdatedAt)
}

// Validate checks s's own fields.
func (s *Studio) Validate() error {
	if err := CheckID("id", KindStudio, s.ID); err != nil {
		return err
	}
	if err := checkName("name", s.Name); err != nil {
		return err
	}
	if !s.Kind.Valid() {
		return Invalid("kind", "%q is not a studio kind", s.Kind)
	}
	if !s.Tier.Valid() {
		return Invalid("tier", "%q is not a tier", s.Tier)
	}
	if err := CheckID("leaderId", KindWorker, s.LeaderID); err != nil {
		return err
	}
	if err := CheckID("hostEnterpriseId", KindEnterprise, s.HostEnterpriseID); err != nil {
		return err
	}
	if err := checkIDs("memberIds", KindWorker, s.MemberIDs); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, c := range s.SpecialtyCodes {
		if err := CheckSkillCode("specialtyCodes", c); err != nil {
			return err
		}
		if seen[c] {
			return Invalid("specialtyCodes", "lists %s twice", c)
		}
		seen[c] = true
	}
	for _, a := range s.Achievements {
		if !a.Kind.Valid() {
			return Invalid("achievements.kind", "%q is not an achievement kind", a.Kind)
		}
		if err := checkName("achievements.title", a.Title); err != nil {
			return err
		}
		if err := checkYear("achievements.year", a.Year, true); err != nil {
			return err
		}
		if a.Count < 1 {
			return Invalid("achievements.count", "must be at least 1")
		}
	}
	if err := checkYear("establishedYear", s.EstablishedYear, true); err != nil {
		return err
	}
	if err := checkText("description", s.Description, MaxTextLen); err != nil {
		return err
	}
	return checkStamps(s.CreatedAt, s.UpdatedAt)
}

// Validate checks t's own fields.
func (t *Target) Validate() error {
	if err := CheckID("id", KindTarget, t.ID); err != nil {
		return err
	}
	if err := CheckID("unionId", KindUnion, t.UnionID); err != nil {
		return err
	}
	if !t.Kind.Valid() {
		return Invalid("kind", "%q is not a target kind", t.Kind)
	}
	if strings.TrimSpace(t.Period) == "" && strings.TrimSpace(t.Campaign) == "" {
		return Invalid("period", "a target needs a period or a campaign")
	}
	if err := checkText("period", t.Period, 32); err != nil {
		return err
	}
	if err := checkText("campaign", t.Campaign, MaxNameLen); err != nil {
		return err
	}
	if t.Number < 1 || t.Number > 10_000_000 {
		return Invalid("number", "%d is outside 1–10,000,000", t.Number)
	}
	if err := checkOptDate("startDate", t.StartDate); err != nil {
		return err
	}
	if err := checkOptDate("endDate", t.EndDate); err != nil {
		return err
	}
	if t.StartDate != "" && t.EndDate != "" && t.EndDate < t.StartDate {
		return Invalid("endDate", "is before startDate")
	}
	return checkStamps(t.CreatedAt, t.UpdatedAt)
}

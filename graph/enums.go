package graph

import (
	"io"
	"strconv"
)

// Level is a rung of the national five-level vocational skill ladder (职业技能等级). The national
// numbering counts down: 5 is 初级工 (entry), 1 is 高级技师 (highest). The zero Level means "none".
type Level int

// The five national levels.
const (
	LevelNone             Level = 0
	LevelSeniorTechnician Level = 1 // 高级技师 (一级)
	LevelTechnician       Level = 2 // 技师 (二级)
	LevelSenior           Level = 3 // 高级工 (三级)
	LevelIntermediate     Level = 4 // 中级工 (四级)
	LevelJunior           Level = 5 // 初级工 (五级)
)

var levelNames = map[Level][2]string{
	LevelSeniorTechnician: {"SENIOR_TECHNICIAN", "高级技师"},
	LevelTechnician:       {"TECHNICIAN", "技师"},
	LevelSenior:           {"SENIOR", "高级工"},
	LevelIntermediate:     {"INTERMEDIATE", "中级工"},
	LevelJunior:           {"JUNIOR", "初级工"},
}

// Valid reports whether l is one of the five national levels.
func (l Level) Valid() bool { return l >= LevelSeniorTechnician && l <= LevelJunior }

// Rank returns 1 for 初级工 up to 5 for 高级技师 (0 for none): larger is more skilled.
func (l Level) Rank() int {
	if !l.Valid() {
		return 0
	}
	return 6 - int(l)
}

// AtLeast reports whether l is the same as or above other on the ladder.
func (l Level) AtLeast(other Level) bool { return l.Rank() >= other.Rank() }

// Chinese returns the level's Chinese name, e.g. 技师.
func (l Level) Chinese() string { return levelNames[l][1] }

// String returns the level's enum name, e.g. TECHNICIAN.
func (l Level) String() string {
	if n, ok := levelNames[l]; ok {
		return n[0]
	}
	return "Level(" + strconv.Itoa(int(l)) + ")"
}

// ParseLevel accepts an enum name (TECHNICIAN), a Chinese name (技师, 二级) or the national
// number ("2"). It returns an ErrInvalid error for anything else.
func ParseLevel(s string) (Level, error) {
	for l, n := range levelNames {
		if s == n[0] || s == n[1] || s == strconv.Itoa(int(l)) || s == chineseGrade[l] {
			return l, nil
		}
	}
	return LevelNone, Invalid("level", "%q is not a level on the ladder 初级工…高级技师", s)
}

var chineseGrade = map[Level]string{1: "一级", 2: "二级", 3: "三级", 4: "四级", 5: "五级"}

// MarshalGQL writes the level as a GraphQL enum value.
func (l Level) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(l.String())) }

// UnmarshalGQL reads a GraphQL enum value.
func (l *Level) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return Invalid("level", "level must be an enum string")
	}
	p, err := ParseLevel(s)
	if err != nil {
		return err
	}
	*l = p
	return nil
}

// enum is implemented by the string enums below; it backs their GraphQL (un)marshalling.
type enum interface{ ~string }

func unmarshalEnum[E enum](dst *E, v any, valid func(E) bool, name string) error {
	if v == nil { // an explicit null for an optional enum: not set (GraphQL refuses null where one is required)
		var zero E
		*dst = zero
		return nil
	}
	s, ok := v.(string)
	if !ok {
		return Invalid(name, "must be an enum string")
	}
	e := E(s)
	if !valid(e) {
		return Invalid(name, "%q is not a valid %s", s, name)
	}
	*dst = e
	return nil
}

func writeEnum(w io.Writer, s string) { _, _ = io.WriteString(w, strconv.Quote(s)) }

func oneOf[E comparable](v E, all ...E) bool {
	for _, a := range all {
		if v == a {
			return true
		}
	}
	return false
}

// Gender is a worker's gender.
type Gender string

// Genders.
const (
	GenderUnspecified Gender = "UNSPECIFIED"
	GenderMale        Gender = "MALE"
	GenderFemale      Gender = "FEMALE"
)

// Valid reports whether g is a known gender.
func (g Gender) Valid() bool { return oneOf(g, GenderUnspecified, GenderMale, GenderFemale) }

// MarshalGQL writes the enum value.
func (g Gender) MarshalGQL(w io.Writer) { writeEnum(w, string(g)) }

// UnmarshalGQL reads the enum value.
func (g *Gender) UnmarshalGQL(v any) error { return unmarshalEnum(g, v, Gender.Valid, "gender") }

// Role is a hat a worker wears; one worker may hold several (stacked labels in Neo4j).
type Role string

// Worker roles.
const (
	RoleCraftsman   Role = "CRAFTSMAN"    // 工匠
	RoleModelWorker Role = "MODEL_WORKER" // 劳模
	RoleApprentice  Role = "APPRENTICE"   // 徒弟
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return oneOf(r, RoleCraftsman, RoleModelWorker, RoleApprentice) }

// MarshalGQL writes the enum value.
func (r Role) MarshalGQL(w io.Writer) { writeEnum(w, string(r)) }

// UnmarshalGQL reads the enum value.
func (r *Role) UnmarshalGQL(v any) error { return unmarshalEnum(r, v, Role.Valid, "role") }

// Tier is the administrative level of an honour, a studio or a union's scope.
type Tier string

// Tiers from the nation down to one enterprise.
const (
	TierNational   Tier = "NATIONAL"   // 国家级 / 全国
	TierProvincial Tier = "PROVINCIAL" // 省级
	TierCity       Tier = "CITY"       // 市级
	TierDistrict   Tier = "DISTRICT"   // 区县级
	TierTown       Tier = "TOWN"       // 镇街
	TierEnterprise Tier = "ENTERPRISE" // 企业级
)

// Valid reports whether t is a known tier.
func (t Tier) Valid() bool {
	return oneOf(t, TierNational, TierProvincial, TierCity, TierDistrict, TierTown, TierEnterprise)
}

// Rank returns 6 for national down to 1 for enterprise (0 for unknown): larger is higher.
func (t Tier) Rank() int {
	switch t {
	case TierNational:
		return 6
	case TierProvincial:
		return 5
	case TierCity:
		return 4
	case TierDistrict:
		return 3
	case TierTown:
		return 2
	case TierEnterprise:
		return 1
	}
	return 0
}

// MarshalGQL writes the enum value.
func (t Tier) MarshalGQL(w io.Writer) { writeEnum(w, string(t)) }

// UnmarshalGQL reads the enum value.
func (t *Tier) UnmarshalGQL(v any) error { return unmarshalEnum(t, v, Tier.Valid, "tier") }

// RegionKind is the level of a region in the administrative tree.
type RegionKind string

// Region kinds.
const (
	RegionProvince RegionKind = "PROVINCE"
	RegionCity     RegionKind = "CITY"
	RegionDistrict RegionKind = "DISTRICT"
	RegionTown     RegionKind = "TOWN"
)

// Valid reports whether k is a known region kind.
func (k RegionKind) Valid() bool {
	return oneOf(k, RegionProvince, RegionCity, RegionDistrict, RegionTown)
}

// depth returns 1 for a province down to 4 for a town.
func (k RegionKind) depth() int {
	switch k {
	case RegionProvince:
		return 1
	case RegionCity:
		return 2
	case RegionDistrict:
		return 3
	case RegionTown:
		return 4
	}
	return 0
}

// MarshalGQL writes the enum value.
func (k RegionKind) MarshalGQL(w io.Writer) { writeEnum(w, string(k)) }

// UnmarshalGQL reads the enum value.
func (k *RegionKind) UnmarshalGQL(v any) error {
	return unmarshalEnum(k, v, RegionKind.Valid, "region kind")
}

// Ownership is an enterprise's form of ownership.
type Ownership string

// Ownership forms.
const (
	OwnershipState      Ownership = "STATE"      // 国有
	OwnershipCollective Ownership = "COLLECTIVE" // 集体
	OwnershipPrivate    Ownership = "PRIVATE"    // 民营
	OwnershipForeign    Ownership = "FOREIGN"    // 外资
	OwnershipMixed      Ownership = "MIXED"      // 混合所有制
)

// Valid reports whether o is a known ownership form.
func (o Ownership) Valid() bool {
	return oneOf(o, OwnershipState, OwnershipCollective, OwnershipPrivate, OwnershipForeign, OwnershipMixed)
}

// MarshalGQL writes the enum value.
func (o Ownership) MarshalGQL(w io.Writer) { writeEnum(w, string(o)) }

// UnmarshalGQL reads the enum value.
func (o *Ownership) UnmarshalGQL(v any) error {
	return unmarshalEnum(o, v, Ownership.Valid, "ownership")
}

// ProblemStatus is where a technical problem stands.
type ProblemStatus string

// Problem statuses: OPEN → MATCHED → VISIT_SCHEDULED → SOLVED | CLOSED.
const (
	ProblemOpen           ProblemStatus = "OPEN"
	ProblemMatched        ProblemStatus = "MATCHED"
	ProblemVisitScheduled ProblemStatus = "VISIT_SCHEDULED"
	ProblemSolved         ProblemStatus = "SOLVED"
	ProblemClosed         ProblemStatus = "CLOSED"
)

// Valid reports whether s is a known status.
func (s ProblemStatus) Valid() bool {
	return oneOf(s, ProblemOpen, ProblemMatched, ProblemVisitScheduled, ProblemSolved, ProblemClosed)
}

// MarshalGQL writes the enum value.
func (s ProblemStatus) MarshalGQL(w io.Writer) { writeEnum(w, string(s)) }

// UnmarshalGQL reads the enum value.
func (s *ProblemStatus) UnmarshalGQL(v any) error {
	return unmarshalEnum(s, v, ProblemStatus.Valid, "problem status")
}

// Urgency is how pressing a problem is.
type Urgency string

// Urgencies.
const (
	UrgencyLow    Urgency = "LOW"
	UrgencyNormal Urgency = "NORMAL"
	UrgencyHigh   Urgency = "HIGH"
)

// Valid reports whether u is a known urgency.
func (u Urgency) Valid() bool { return oneOf(u, UrgencyLow, UrgencyNormal, UrgencyHigh) }

// MarshalGQL writes the enum value.
func (u Urgency) MarshalGQL(w io.Writer) { writeEnum(w, string(u)) }

// UnmarshalGQL reads the enum value.
func (u *Urgency) UnmarshalGQL(v any) error { return unmarshalEnum(u, v, Urgency.Valid, "urgency") }

// VisitStatus is where an expert visit stands.
type VisitStatus string

// Visit statuses: PLANNED (experts invited) → SCHEDULED → DONE; PLANNED | SCHEDULED → CANCELLED.
const (
	VisitPlanned   VisitStatus = "PLANNED"
	VisitScheduled VisitStatus = "SCHEDULED"
	VisitDone      VisitStatus = "DONE"
	VisitCancelled VisitStatus = "CANCELLED"
)

// Valid reports whether s is a known status.
func (s VisitStatus) Valid() bool {
	return oneOf(s, VisitPlanned, VisitScheduled, VisitDone, VisitCancelled)
}

// MarshalGQL writes the enum value.
func (s VisitStatus) MarshalGQL(w io.Writer) { writeEnum(w, string(s)) }

// UnmarshalGQL reads the enum value.
func (s *VisitStatus) UnmarshalGQL(v any) error {
	return unmarshalEnum(s, v, VisitStatus.Valid, "visit status")
}

// OutcomeResult is what a visit achieved for one problem.
type OutcomeResult string

// Outcome results.
const (
	OutcomeSolved   OutcomeResult = "SOLVED"
	OutcomePartly   OutcomeResult = "PARTLY"
	OutcomeUnsolved OutcomeResult = "NOT_SOLVED"
)

// Valid reports whether r is a known result.
func (r OutcomeResult) Valid() bool { return oneOf(r, OutcomeSolved, OutcomePartly, OutcomeUnsolved) }

// MarshalGQL writes the enum value.
func (r OutcomeResult) MarshalGQL(w io.Writer) { writeEnum(w, string(r)) }

// UnmarshalGQL reads the enum value.
func (r *OutcomeResult) UnmarshalGQL(v any) error {
	return unmarshalEnum(r, v, OutcomeResult.Valid, "outcome result")
}

// PairingStatus is where a master–apprentice pairing stands.
type PairingStatus string

// Pairing statuses: PROPOSED → ACCEPTED | DECLINED → ACTIVE → COMPLETED | TERMINATED.
const (
	PairingProposed   PairingStatus = "PROPOSED"
	PairingAccepted   PairingStatus = "ACCEPTED"
	PairingDeclined   PairingStatus = "DECLINED"
	PairingActive     PairingStatus = "ACTIVE"
	PairingCompleted  PairingStatus = "COMPLETED"
	PairingTerminated PairingStatus = "TERMINATED"
)

// Valid reports whether s is a known status.
func (s PairingStatus) Valid() bool {
	return oneOf(s, PairingProposed, PairingAccepted, PairingDeclined, PairingActive, PairingCompleted, PairingTerminated)
}

// Open reports whether a pairing in this status is still open (PROPOSED, ACCEPTED or ACTIVE).
// Recommendations count open pairings against a mentor's capacity, so that pending requests
// are not oversubscribed; the hard limit applies to Committed pairings only.
func (s PairingStatus) Open() bool {
	return s == PairingProposed || s == PairingAccepted || s == PairingActive
}

// MarshalGQL writes the enum value.
func (s PairingStatus) MarshalGQL(w io.Writer) { writeEnum(w, string(s)) }

// UnmarshalGQL reads the enum value.
func (s *PairingStatus) UnmarshalGQL(v any) error {
	return unmarshalEnum(s, v, PairingStatus.Valid, "pairing status")
}

// StudioKind is the kind of an innovation studio.
type StudioKind string

// Studio kinds.
const (
	StudioModelWorker StudioKind = "MODEL_WORKER" // 劳模创新工作室
	StudioCraftsman   StudioKind = "CRAFTSMAN"    // 工匠创新工作室
	StudioSkillMaster StudioKind = "SKILL_MASTER" // 技能大师工作室
)

// Valid reports whether k is a known studio kind.
func (k StudioKind) Valid() bool {
	return oneOf(k, StudioModelWorker, StudioCraftsman, StudioSkillMaster)
}

// MarshalGQL writes the enum value.
func (k StudioKind) MarshalGQL(w io.Writer) { writeEnum(w, string(k)) }

// UnmarshalGQL reads the enum value.
func (k *StudioKind) UnmarshalGQL(v any) error {
	return unmarshalEnum(k, v, StudioKind.Valid, "studio kind")
}

// AchievementKind classifies a studio achievement.
type AchievementKind string

// Achievement kinds.
const (
	AchievementInventionPatent    AchievementKind = "INVENTION_PATENT"     // 发明专利
	AchievementUtilityModel       AchievementKind = "UTILITY_MODEL"        // 实用新型专利
	AchievementInnovation         AchievementKind = "INNOVATION"           // 技术革新 / 创新成果
	AchievementAward              AchievementKind = "AWARD"                // 获奖
	AchievementTraining           AchievementKind = "TRAINING"             // 培训人次
	AchievementEconomicBenefitCNY AchievementKind = "ECONOMIC_BENEFIT_CNY" // 创造经济效益 (元)
)

// Valid reports whether k is a known achievement kind.
func (k AchievementKind) Valid() bool {
	return oneOf(k, AchievementInventionPatent, AchievementUtilityModel, AchievementInnovation,
		AchievementAward, AchievementTraining, AchievementEconomicBenefitCNY)
}

// MarshalGQL writes the enum value.
func (k AchievementKind) MarshalGQL(w io.Writer) { writeEnum(w, string(k)) }

// UnmarshalGQL reads the enum value.
func (k *AchievementKind) UnmarshalGQL(v any) error {
	return unmarshalEnum(k, v, AchievementKind.Valid, "achievement kind")
}

// TargetKind is what a union target counts.
type TargetKind string

// Target kinds.
const (
	TargetPairsSigned    TargetKind = "PAIRS_SIGNED"
	TargetPairsCompleted TargetKind = "PAIRS_COMPLETED"
	TargetProblemsSolved TargetKind = "PROBLEMS_SOLVED"
	TargetStudios        TargetKind = "STUDIOS"
)

// Valid reports whether k is a known target kind.
func (k TargetKind) Valid() bool {
	return oneOf(k, TargetPairsSigned, TargetPairsCompleted, TargetProblemsSolved, TargetStudios)
}

// MarshalGQL writes the enum value.
func (k TargetKind) MarshalGQL(w io.Writer) { writeEnum(w, string(k)) }

// UnmarshalGQL reads the enum value.
func (k *TargetKind) UnmarshalGQL(v any) error {
	return unmarshalEnum(k, v, TargetKind.Valid, "target kind")
}

// InvitationStatus is an expert's answer to a visit invitation.
type InvitationStatus string

// Invitation statuses.
const (
	InvitationPending  InvitationStatus = "INVITED"
	InvitationAccepted InvitationStatus = "ACCEPTED"
	InvitationDeclined InvitationStatus = "DECLINED"
)

// Valid reports whether s is a known invitation status.
func (s InvitationStatus) Valid() bool {
	return oneOf(s, InvitationPending, InvitationAccepted, InvitationDeclined)
}

// MarshalGQL writes the enum value.
func (s InvitationStatus) MarshalGQL(w io.Writer) { writeEnum(w, string(s)) }

// UnmarshalGQL reads the enum value.
func (s *InvitationStatus) UnmarshalGQL(v any) error {
	return unmarshalEnum(s, v, InvitationStatus.Valid, "invitation status")
}

// PairingOrigin says who started a pairing.
type PairingOrigin string

// Pairing origins.
const (
	OriginRequest  PairingOrigin = "REQUEST"  // the apprentice asked the mentor
	OriginUnion    PairingOrigin = "UNION"    // a union officer proposed it
	OriginCampaign PairingOrigin = "CAMPAIGN" // a campaign matching run proposed it
)

// Valid reports whether o is a known origin.
func (o PairingOrigin) Valid() bool { return oneOf(o, OriginRequest, OriginUnion, OriginCampaign) }

// MarshalGQL writes the enum value.
func (o PairingOrigin) MarshalGQL(w io.Writer) { writeEnum(w, string(o)) }

// UnmarshalGQL reads the enum value.
func (o *PairingOrigin) UnmarshalGQL(v any) error {
	return unmarshalEnum(o, v, PairingOrigin.Valid, "pairing origin")
}

// Committed reports whether a pairing in status s occupies one of the mentor's capacity slots
// for certain (ACCEPTED or ACTIVE). Stores enforce that a mentor never has more committed
// pairings than MentorCapacity.
func (s PairingStatus) Committed() bool { return s == PairingAccepted || s == PairingActive }

package graph

import (
	"io"
	"strconv"
	"time"
)

// Date is a calendar date without time zone, formatted YYYY-MM-DD. The empty Date means "not
// set". Dates in ISO form compare correctly as strings.
type Date string

// ParseDate checks s and returns it as a Date; it returns an ErrInvalid *FieldError naming field
// when s is not a real calendar date between 1900 and 2200.
func ParseDate(field, s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return "", Invalid(field, "%q is not a date such as 2026-06-30", s)
	}
	return Date(s), nil
}

// DateOf returns the UTC calendar date of t.
func DateOf(t time.Time) Date { return Date(t.UTC().Format(time.DateOnly)) }

// Time returns the date at midnight UTC; the zero time for an empty or malformed Date.
func (d Date) Time() time.Time {
	t, _ := time.Parse(time.DateOnly, string(d))
	return t
}

// MarshalGQL writes the date as a GraphQL string.
func (d Date) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(d))) }

// UnmarshalGQL reads and checks a date string.
func (d *Date) UnmarshalGQL(v any) error {
	if v == nil { // an explicit null for an optional date: not set
		*d = ""
		return nil
	}
	s, ok := v.(string)
	if !ok {
		return Invalid("date", "must be a string such as 2026-06-30")
	}
	p, err := ParseDate("date", s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Skill is an occupation (trade) of the 2022 national occupation classification
// (职业分类大典), keyed by its code. Categories (大类, 中类, 小类) are Skills too, with Depth 1–3;
// occupations have Depth 4. Two occupations with the same Parent are related trades.
type Skill struct {
	Code       string   // e.g. "6-18-02-04"
	Name       string   // display name without the S/L markers, e.g. 焊工
	Depth      int      // 1 大类, 2 中类, 3 小类, 4 职业
	ParentCode string   // the enclosing category; "" for a 大类
	Definition string   // 职业定义
	Tasks      []string // 主要工作任务
	Aliases    []string // job-board names, e.g. 氩弧焊工
	Digital    bool     // S marker: digital occupation
	Green      bool     // L marker: green occupation
}

// Region is a node of the administrative tree: province → city → district → town.
type Region struct {
	ID       string
	Name     string
	Kind     RegionKind
	ParentID string // "" for a root
	Code     string // optional administrative division code, e.g. 310112
}

// Union is a trade union (工会) in the tree 全国总工会 → 省总 → 市总 → 区/县总 → 镇街 → 企业工会.
type Union struct {
	ID           string
	Name         string
	Tier         Tier
	ParentID     string // "" for a root
	RegionID     string // optional
	EnterpriseID string // set for an enterprise union
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Enterprise is a firm that employs workers, posts problems and hosts studios.
type Enterprise struct {
	ID         string
	Name       string
	CreditCode string // 统一社会信用代码 (18 characters), unique when set: the natural key
	Industry   string // e.g. 装备制造, 建筑业
	Ownership  Ownership
	RegionID   string
	UnionID    string // the union it belongs to; optional
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// WorkerSkill is a worker's standing in one trade.
type WorkerSkill struct {
	Code      string // occupation code
	Level     Level  // LevelNone when uncertified
	Certified int    // year the level was certified; 0 when unknown
	Primary   bool   // the worker's main trade
}

// Honour is a title a worker holds: 全国劳动模范, 五一劳动奖章, 大国工匠, 浦东工匠 …
type Honour struct {
	ID     string
	Title  string
	Tier   Tier
	Year   int
	Issuer string
}

// Worker is a person in the graph: craftsman, model worker, apprentice, or several at once.
type Worker struct {
	ID               string
	Name             string
	Gender           Gender
	BirthYear        int // 0 when unknown
	RegionID         string
	EnterpriseID     string // employer; optional
	EmployeeNo       string // 工号, unique within the employer when set: the natural key
	Roles            []Role
	Skills           []WorkerSkill
	Honours          []Honour
	MentorCapacity   int  // maximum active mentees, 0–20
	AcceptingMentees bool // open to new mentees
	Bio              string
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// HasRole reports whether w holds role r.
func (w *Worker) HasRole(r Role) bool { return oneOf(r, w.Roles...) }

// Skill returns w's standing in the trade code and whether w has it.
func (w *Worker) Skill(code string) (WorkerSkill, bool) {
	for _, s := range w.Skills {
		if s.Code == code {
			return s, true
		}
	}
	return WorkerSkill{}, false
}

// RequiredSkill is a trade a problem needs, at a minimum level (LevelNone: any level).
type RequiredSkill struct {
	Code     string
	MinLevel Level
}

// Problem is an enterprise's technical problem (技术难题).
type Problem struct {
	ID           string
	Title        string
	Description  string
	EnterpriseID string
	Industry     string
	Skills       []RequiredSkill
	Urgency      Urgency
	Status       ProblemStatus
	Outcome      string   // notes on how it ended
	SolverIDs    []string // workers credited with solving it
	SolvedOn     Date     // when it was marked SOLVED; "" otherwise
	StudioIDs    []string // innovation studios the problem was routed to
	Contact      string   // private: the enterprise's contact person and phone
	Confidential string   // private: process parameters, drawings, figures not for the public
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// ProblemOutcome is what a visit achieved for one of its problems.
type ProblemOutcome struct {
	ProblemID string
	Result    OutcomeResult
	Notes     string
}

// Invitation is one expert's invitation to a visit and the expert's answer.
type Invitation struct {
	ExpertID    string
	Status      InvitationStatus
	RespondedAt time.Time // zero while INVITED
}

// Visit is an expert visit to an enterprise (大国工匠进企业). A visit built from an expert team
// starts PLANNED with one Invitation per expert; ExpertIDs are the experts who accepted (or, for
// a visit recorded directly as SCHEDULED, the experts who went), credited when a problem is solved.
type Visit struct {
	ID            string
	EnterpriseID  string
	ProblemIDs    []string
	ExpertIDs     []string
	Invitations   []Invitation
	Date          Date
	Status        VisitStatus
	Outcomes      []ProblemOutcome
	Rating        int // enterprise rating 1–5; 0 not rated
	RatingComment string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Agreement is the signed goal of a pairing: reach Level in SkillCode by Deadline.
type Agreement struct {
	SignedOn          Date
	SkillCode         string
	TargetLevel       Level
	Deadline          Date
	Goal              string // free text, e.g. 2027年6月前取得焊工高级工证书
	ReviewCadenceDays int    // expected days between reviews; 0 none
}

// Review is a periodic check-in on a pairing (定期目标化培养).
type Review struct {
	ID           string
	Date         Date
	Note         string
	LevelReached Level // LevelNone when unchanged
	AuthorID     string
	CreatedAt    time.Time
}

// Pairing is a master–apprentice agreement (师徒结对).
type Pairing struct {
	ID                string
	MentorID          string
	ApprenticeID      string
	UnionID           string // sponsoring union; optional
	Campaign          string // campaign name; optional
	Agreement         Agreement
	Reviews           []Review
	Status            PairingStatus
	Origin            PairingOrigin // who started it; "" for imported history
	Score             float64       // match score when proposed by the system
	CompletedOn       Date          // when it was COMPLETED
	PromotedTo        Level         // the level the apprentice was raised to on completion; LevelNone if not raised
	Award             string        // e.g. 高师带徒优秀师徒
	TerminationReason string
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// Achievement is a studio's result: patents, innovations, people trained.
type Achievement struct {
	Kind  AchievementKind
	Title string
	Year  int
	Count int // how many, e.g. 29 patents; at least 1
}

// Studio is an innovation studio (劳模/工匠创新工作室, 技能大师工作室).
type Studio struct {
	ID               string
	Name             string
	Kind             StudioKind
	Tier             Tier
	LeaderID         string
	HostEnterpriseID string
	MemberIDs        []string
	SpecialtyCodes   []string
	Achievements     []Achievement
	EstablishedYear  int
	Description      string
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Target is a union's goal for a period or campaign, e.g. 2,000 pairs signed in 2026.
type Target struct {
	ID        string
	UnionID   string
	Kind      TargetKind
	Period    string // e.g. "2026" or "2026-H1"; optional when Campaign is set
	Campaign  string
	Number    int
	StartDate Date
	EndDate   Date
	CreatedAt time.Time
	UpdatedAt time.Time
}

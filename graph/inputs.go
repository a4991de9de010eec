package graph

// Inputs to the Service: what a caller may set when creating an entity (…Input) and what it
// may change afterwards (…Patch, nil fields stay unchanged). IDs and timestamps are never part
// of an input: the Service makes them.

// RegionInput creates a region.
type RegionInput struct {
	Name     string
	Kind     RegionKind
	ParentID string
	Code     string
}

// RegionPatch changes a region.
type RegionPatch struct {
	Name *string
	Code *string
}

// UnionInput creates a union.
type UnionInput struct {
	Name         string
	Tier         Tier
	ParentID     string
	RegionID     string
	EnterpriseID string
}

// UnionPatch changes a union.
type UnionPatch struct {
	Name     *string
	ParentID *string
	RegionID *string
}

// EnterpriseInput creates an enterprise.
type EnterpriseInput struct {
	Name       string
	CreditCode string
	Industry   string
	Ownership  Ownership
	RegionID   string
	UnionID    string
}

// EnterprisePatch changes an enterprise.
type EnterprisePatch struct {
	Name       *string
	CreditCode *string
	Industry   *string
	Ownership  *Ownership
	RegionID   *string
	UnionID    *string
}

// WorkerInput creates a worker.
type WorkerInput struct {
	Name             string
	Gender           Gender
	BirthYear        int
	RegionID         string
	EnterpriseID     string
	EmployeeNo       string
	Roles            []Role
	Skills           []WorkerSkill
	Honours          []HonourInput
	MentorCapacity   int
	AcceptingMentees bool
	Bio              string
}

// WorkerPatch changes a worker. Skills and Honours have their own Service methods.
type WorkerPatch struct {
	Name             *string
	Gender           *Gender
	BirthYear        *int
	RegionID         *string
	EnterpriseID     *string
	EmployeeNo       *string
	Roles            []Role // nil: unchanged
	MentorCapacity   *int
	AcceptingMentees *bool
	Bio              *string
}

// HonourInput adds an honour to a worker.
type HonourInput struct {
	Title  string
	Tier   Tier
	Year   int
	Issuer string
}

// ProblemInput posts a problem.
type ProblemInput struct {
	Title        string
	Description  string
	EnterpriseID string
	Industry     string
	Skills       []RequiredSkill
	Urgency      Urgency
	Contact      string
	Confidential string
}

// ProblemPatch changes a problem's description.
type ProblemPatch struct {
	Title        *string
	Description  *string
	Industry     *string
	Skills       []RequiredSkill // nil: unchanged
	Urgency      *Urgency
	Outcome      *string
	Contact      *string
	Confidential *string
}

// VisitInput schedules a visit.
type VisitInput struct {
	EnterpriseID string
	ProblemIDs   []string
	ExpertIDs    []string
	Date         Date
}

// VisitPatch changes a visit.
type VisitPatch struct {
	ProblemIDs    []string
	ExpertIDs     []string
	Date          *Date
	Status        *VisitStatus
	Outcomes      []ProblemOutcome
	Rating        *int
	RatingComment *string
}

// PairingInput proposes a pairing.
type PairingInput struct {
	MentorID     string
	ApprenticeID string
	UnionID      string
	Campaign     string
	Agreement    Agreement
	Score        float64
	Origin       PairingOrigin // "" means UNION
}

// PairingPatch changes a pairing's agreement or award; status moves through Transition.
type PairingPatch struct {
	Agreement *Agreement
	Campaign  *string
	Award     *string
}

// ReviewInput logs a review on a pairing.
type ReviewInput struct {
	Date         Date
	Note         string
	LevelReached Level
	AuthorID     string
}

// StudioInput registers a studio.
type StudioInput struct {
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
}

// StudioPatch changes a studio.
type StudioPatch struct {
	Name             *string
	Tier             *Tier
	LeaderID         *string
	HostEnterpriseID *string
	MemberIDs        []string
	SpecialtyCodes   []string
	EstablishedYear  *int
	Description      *string
}

// TargetInput sets a union target.
type TargetInput struct {
	UnionID   string
	Kind      TargetKind
	Period    string
	Campaign  string
	Number    int
	StartDate Date
	EndDate   Date
}

// TargetPatch changes a target.
type TargetPatch struct {
	Number    *int
	StartDate *Date
	EndDate   *Date
}

package graph

import "context"

// MaxPageSize caps Page.First; larger requests are clamped.
const MaxPageSize = 1000

// DefaultPageSize is used when Page.First is 0.
const DefaultPageSize = 20

// Page asks for First items after the cursor After (the EndCursor of the previous page, or any
// CursorOf(id) of an item already read).
// Items are ordered by ID, which for generated IDs is creation order (and by code for skills), so
// pages are stable under concurrent inserts: a new item never shifts items between pages already
// read.
type Page struct {
	First int
	After string
	// SkipTotal tells the store that the caller does not read Conn.Total; a store may then
	// leave it 0 and save the counting work. Items, EndCursor and HasNext are unaffected.
	SkipTotal bool
}

// Size returns the page size after defaults and clamping.
func (p Page) Size() int {
	switch {
	case p.First <= 0:
		return DefaultPageSize
	case p.First > MaxPageSize:
		return MaxPageSize
	}
	return p.First
}

// Conn is one page of a filtered list.
type Conn[T any] struct {
	Items     []T
	Total     int    // items matching the filter, across all pages
	EndCursor string // CursorOf the last item's ID (code for skills); "" when Items is empty
	HasNext   bool
}

// SkillFilter narrows ListSkills. Zero fields do not filter.
type SkillFilter struct {
	ParentCode string // direct children of this category
	Depth      int    // 1–4
	Query      string // substring of code, name or an alias
}

// RegionFilter narrows ListRegions.
type RegionFilter struct {
	ParentID string // direct children
	Kind     RegionKind
	RootOnly bool // regions without a parent
}

// UnionFilter narrows ListUnions.
type UnionFilter struct {
	ParentID string // direct children
	Tier     Tier
	RootOnly bool
}

// EnterpriseFilter narrows ListEnterprises.
type EnterpriseFilter struct {
	RegionID  string // within this region's subtree
	UnionID   string
	Industry  string
	Ownership Ownership
}

// WorkerFilter narrows ListWorkers.
type WorkerFilter struct {
	EnterpriseID string
	RegionID     string // within this region's subtree
	SkillCode    string
	MinLevel     Level // with SkillCode: at least this level in that trade; alone: in any trade
	Role         Role
	HonourTier   Tier  // holds an honour of this tier or higher
	Accepting    *bool // AcceptingMentees equals this
}

// ProblemFilter narrows ListProblems.
type ProblemFilter struct {
	EnterpriseID string
	Status       ProblemStatus
	SkillCode    string
	Industry     string
	SolverID     string
}

// VisitFilter narrows ListVisits.
type VisitFilter struct {
	EnterpriseID string
	ExpertID     string // an expert who went (or accepted)
	InviteeID    string // an expert invited, whatever the answer
	ProblemID    string
	Status       VisitStatus
}

// PairingFilter narrows ListPairings.
type PairingFilter struct {
	MentorID     string
	ApprenticeID string
	UnionID      string
	Campaign     string
	Status       PairingStatus
}

// StudioFilter narrows ListStudios.
type StudioFilter struct {
	Kind             StudioKind
	Tier             Tier
	HostEnterpriseID string
	LeaderID         string
	MemberID         string
	SpecialtyCode    string
}

// TargetFilter narrows ListTargets.
type TargetFilter struct {
	UnionID  string
	Kind     TargetKind
	Period   string
	Campaign string
}

// Batch is a set of new entities written all-or-nothing by Store.Import. Within a batch,
// entities may reference each other in any order (a worker may reference an enterprise of the
// same batch).
type Batch struct {
	Regions     []Region
	Unions      []Union
	Enterprises []Enterprise
	Workers     []Worker
	Problems    []Problem
	Visits      []Visit
	Pairings    []Pairing
	Studios     []Studio
	Targets     []Target
}

// Len returns the number of entities in b.
func (b *Batch) Len() int {
	return len(b.Regions) + len(b.Unions) + len(b.Enterprises) + len(b.Workers) + len(b.Problems) +
		len(b.Visits) + len(b.Pairings) + len(b.Studios) + len(b.Targets)
}

// Store is the graph's source of truth. Every backend implements it and passes the conformance
// suite in graph/graphtest.
//
// Conventions shared by all methods:
//   - Create* stores an entity whose ID and timestamps the caller (the domain Service) already
//     set. It validates the entity (ErrInvalid), checks that every referenced entity exists
//     (ErrInvalid naming the field), and returns ErrConflict when the ID or a natural key
//     (enterprise CreditCode; worker EmployeeNo within its enterprise) is taken.
//   - Get* returns ErrNotFound for an unknown ID and ErrInvalid for a malformed one.
//   - GetMany* returns the entities found, in the order of ids, skipping unknown IDs.
//   - Update* loads the entity, calls fn on a copy and stores the result atomically. fn may run
//     more than once (on retries) and must have no side effects; an error from fn aborts the
//     update and is returned as is. The result is validated and its references checked as in
//     Create*; changing ID or CreatedAt is ErrInvalid. It returns ErrNotFound for an unknown ID.
//   - Delete* returns ErrNotFound for an unknown ID and ErrConflict while other entities still
//     reference the entity (a worker with pairings, an enterprise with workers, a union or region
//     with children …).
//   - List* returns a page in ID order (code order for skills) with the total count.
//   - Every failed write changes nothing.
type Store interface {
	// UpsertSkills writes the skill catalogue, replacing skills with the same code. It returns
	// ErrInvalid for a malformed code or an empty name.
	UpsertSkills(ctx context.Context, skills []Skill) error
	// GetSkill returns the skill with code, ErrNotFound if unknown, ErrInvalid if malformed.
	GetSkill(ctx context.Context, code string) (Skill, error)
	// GetManySkills returns the skills found, in the order of codes.
	GetManySkills(ctx context.Context, codes []string) ([]Skill, error)
	// ListSkills returns a page of skills in code order.
	ListSkills(ctx context.Context, f SkillFilter, p Page) (Conn[Skill], error)

	// CreateRegion stores a new region (see the conventions above).
	CreateRegion(ctx context.Context, r Region) error
	// GetRegion returns a region by ID.
	GetRegion(ctx context.Context, id string) (Region, error)
	// GetManyRegions returns the regions found, in the order of ids.
	GetManyRegions(ctx context.Context, ids []string) ([]Region, error)
	// ListRegions returns a page of regions.
	ListRegions(ctx context.Context, f RegionFilter, p Page) (Conn[Region], error)
	// UpdateRegion applies fn to a region.
	UpdateRegion(ctx context.Context, id string, fn func(*Region) error) (Region, error)
	// DeleteRegion removes a region nothing references.
	DeleteRegion(ctx context.Context, id string) error

	// CreateUnion stores a new union.
	CreateUnion(ctx context.Context, u Union) error
	// GetUnion returns a union by ID.
	GetUnion(ctx context.Context, id string) (Union, error)
	// GetManyUnions returns the unions found, in the order of ids.
	GetManyUnions(ctx context.Context, ids []string) ([]Union, error)
	// ListUnions returns a page of unions.
	ListUnions(ctx context.Context, f UnionFilter, p Page) (Conn[Union], error)
	// UpdateUnion applies fn to a union. Making a union its own ancestor is ErrInvalid.
	UpdateUnion(ctx context.Context, id string, fn func(*Union) error) (Union, error)
	// DeleteUnion removes a union nothing references.
	DeleteUnion(ctx context.Context, id string) error
	// UnionSubtree returns the IDs of the union and all unions below it, the union first.
	UnionSubtree(ctx context.Context, id string) ([]string, error)

	// CreateEnterprise stores a new enterprise.
	CreateEnterprise(ctx context.Context, e Enterprise) error
	// GetEnterprise returns an enterprise by ID.
	GetEnterprise(ctx context.Context, id string) (Enterprise, error)
	// GetManyEnterprises returns the enterprises found, in the order of ids.
	GetManyEnterprises(ctx context.Context, ids []string) ([]Enterprise, error)
	// ListEnterprises returns a page of enterprises.
	ListEnterprises(ctx context.Context, f EnterpriseFilter, p Page) (Conn[Enterprise], error)
	// UpdateEnterprise applies fn to an enterprise.
	UpdateEnterprise(ctx context.Context, id string, fn func(*Enterprise) error) (Enterprise, error)
	// DeleteEnterprise removes an enterprise nothing references.
	DeleteEnterprise(ctx context.Context, id string) error

	// CreateWorker stores a new worker.
	CreateWorker(ctx context.Context, w Worker) error
	// GetWorker returns a worker by ID.
	GetWorker(ctx context.Context, id string) (Worker, error)
	// GetManyWorkers returns the workers found, in the order of ids.
	GetManyWorkers(ctx context.Context, ids []string) ([]Worker, error)
	// ListWorkers returns a page of workers.
	ListWorkers(ctx context.Context, f WorkerFilter, p Page) (Conn[Worker], error)
	// UpdateWorker applies fn to a worker.
	UpdateWorker(ctx context.Context, id string, fn func(*Worker) error) (Worker, error)
	// DeleteWorker removes a worker nothing references.
	DeleteWorker(ctx context.Context, id string) error

	// CreateProblem stores a new problem.
	CreateProblem(ctx context.Context, pr Problem) error
	// GetProblem returns a problem by ID.
	GetProblem(ctx context.Context, id string) (Problem, error)
	// GetManyProblems returns the problems found, in the order of ids.
	GetManyProblems(ctx context.Context, ids []string) ([]Problem, error)
	// ListProblems returns a page of problems.
	ListProblems(ctx context.Context, f ProblemFilter, p Page) (Conn[Problem], error)
	// UpdateProblem applies fn to a problem.
	UpdateProblem(ctx context.Context, id string, fn func(*Problem) error) (Problem, error)
	// DeleteProblem removes a problem nothing references.
	DeleteProblem(ctx context.Context, id string) error

	// CreateVisit stores a new visit.
	CreateVisit(ctx context.Context, v Visit) error
	// GetVisit returns a visit by ID.
	GetVisit(ctx context.Context, id string) (Visit, error)
	// GetManyVisits returns the visits found, in the order of ids.
	GetManyVisits(ctx context.Context, ids []string) ([]Visit, error)
	// ListVisits returns a page of visits.
	ListVisits(ctx context.Context, f VisitFilter, p Page) (Conn[Visit], error)
	// UpdateVisit applies fn to a visit.
	UpdateVisit(ctx context.Context, id string, fn func(*Visit) error) (Visit, error)
	// UpdateVisitAndProblems applies fn to a visit and its problems (in the order of the
	// stored visit's ProblemIDs) and stores them all in one atomic step, with the checks of
	// UpdateVisit and UpdateProblem. fn must not change the visit's ProblemIDs or a problem's ID
	// (ErrInvalid).
	UpdateVisitAndProblems(ctx context.Context, id string, fn func(*Visit, []Problem) error) (Visit, []Problem, error)
	// DeleteVisit removes a visit.
	DeleteVisit(ctx context.Context, id string) error

	// CreatePairing stores a new pairing.
	CreatePairing(ctx context.Context, pa Pairing) error
	// GetPairing returns a pairing by ID.
	GetPairing(ctx context.Context, id string) (Pairing, error)
	// GetManyPairings returns the pairings found, in the order of ids.
	GetManyPairings(ctx context.Context, ids []string) ([]Pairing, error)
	// ListPairings returns a page of pairings.
	ListPairings(ctx context.Context, f PairingFilter, p Page) (Conn[Pairing], error)
	// UpdatePairing applies fn to a pairing. When the result is committed (ACCEPTED or ACTIVE)
	// and the stored pairing was not, or had another mentor, the store checks in the same
	// atomic step that the mentor then holds no more committed pairings than its
	// MentorCapacity, and returns ErrConflict otherwise: of two updates racing for a mentor's
	// last slot, exactly one succeeds.
	UpdatePairing(ctx context.Context, id string, fn func(*Pairing) error) (Pairing, error)
	// UpdatePairingAndApprentice applies fn to a pairing and its apprentice and stores both in
	// one atomic step (completing a pairing raises the apprentice's level), with the checks of
	// UpdatePairing and UpdateWorker. fn must not change the pairing's apprentice or the
	// worker's ID (ErrInvalid).
	UpdatePairingAndApprentice(ctx context.Context, id string, fn func(*Pairing, *Worker) error) (Pairing, Worker, error)
	// DeletePairing removes a pairing.
	DeletePairing(ctx context.Context, id string) error

	// CreateStudio stores a new studio.
	CreateStudio(ctx context.Context, s Studio) error
	// GetStudio returns a studio by ID.
	GetStudio(ctx context.Context, id string) (Studio, error)
	// GetManyStudios returns the studios found, in the order of ids.
	GetManyStudios(ctx context.Context, ids []string) ([]Studio, error)
	// ListStudios returns a page of studios.
	ListStudios(ctx context.Context, f StudioFilter, p Page) (Conn[Studio], error)
	// UpdateStudio applies fn to a studio.
	UpdateStudio(ctx context.Context, id string, fn func(*Studio) error) (Studio, error)
	// DeleteStudio removes a studio.
	DeleteStudio(ctx context.Context, id string) error

	// CreateTarget stores a new target.
	CreateTarget(ctx context.Context, t Target) error
	// GetTarget returns a target by ID.
	GetTarget(ctx context.Context, id string) (Target, error)
	// GetManyTargets returns the targets found, in the order of ids.
	GetManyTargets(ctx context.Context, ids []string) ([]Target, error)
	// ListTargets returns a page of targets.
	ListTargets(ctx context.Context, f TargetFilter, p Page) (Conn[Target], error)
	// UpdateTarget applies fn to a target.
	UpdateTarget(ctx context.Context, id string, fn func(*Target) error) (Target, error)
	// DeleteTarget removes a target.
	DeleteTarget(ctx context.Context, id string) error

	// OpenMentees counts, for each of mentorIDs, the pairings in an open status (PROPOSED,
	// ACCEPTED, ACTIVE) where that worker is the mentor. Unknown IDs count 0.
	OpenMentees(ctx context.Context, mentorIDs []string) (map[string]int, error)
	// Lineage returns the master–apprentice lineage (师承) of a worker: with Down, its mentees,
	// their mentees and so on; with Up, its masters and theirs; at most depth generations (1–10)
	// through pairings that are ACTIVE or COMPLETED. Edges are ordered by generation, then
	// pairing ID; a worker reached twice appears at its first generation only. It returns
	// ErrNotFound for an unknown worker and ErrInvalid for a depth outside 1–10.
	Lineage(ctx context.Context, workerID string, dir Direction, depth int) ([]LineageEdge, error)
	// SimilarSolved returns up to limit SOLVED problems other than problemID that share at
	// least one required skill with it, ordered by the number of shared skills (most first),
	// then same industry first, then ID. It returns ErrNotFound for an unknown problem.
	SimilarSolved(ctx context.Context, problemID string, limit int) ([]SimilarProblem, error)
	// MentorGaps returns, for the union and every union below it, the trades in which
	// apprentices wait (an APPRENTICE whose employer belongs to the subtree, who holds the trade
	// and has no open pairing as apprentice) while no mentor in the subtree has a free slot
	// (a CRAFTSMAN or MODEL_WORKER holding the trade, accepting mentees, with fewer open
	// pairings than capacity). Ordered by waiting apprentices (most first), then code. It
	// returns ErrNotFound for an unknown union.
	MentorGaps(ctx context.Context, unionID string) ([]MentorGap, error)

	// CreateAccount stores a new account. Its ScopeID must name an existing entity of the kind
	// its role needs (ErrInvalid); a taken Username is ErrConflict. Deleting an entity an
	// account is scoped to is ErrConflict.
	CreateAccount(ctx context.Context, a Account) error
	// GetAccount returns an account by ID.
	GetAccount(ctx context.Context, id string) (Account, error)
	// GetAccountByUsername returns the account with this (normalized) username, ErrNotFound if none.
	GetAccountByUsername(ctx context.Context, username string) (Account, error)
	// ListAccounts returns a page of accounts in ID order.
	ListAccounts(ctx context.Context, f AccountFilter, p Page) (Conn[Account], error)
	// UpdateAccount applies fn to an account (checks as in CreateAccount; a changed username
	// that is taken is ErrConflict).
	UpdateAccount(ctx context.Context, id string, fn func(*Account) error) (Account, error)
	// DeleteAccount removes an account.
	DeleteAccount(ctx context.Context, id string) error

	// AppendAudit stores an audit entry. Entries reference nothing (the entity may be deleted
	// later) and are never changed; a taken ID is ErrConflict.
	AppendAudit(ctx context.Context, e AuditEntry) error
	// ListAudit returns a page of audit entries, newest first (descending ID); Page.After is the
	// EndCursor of the previous, newer page.
	ListAudit(ctx context.Context, f AuditFilter, p Page) (Conn[AuditEntry], error)

	// Import writes every entity of b in one all-or-nothing operation, validated and checked as
	// by the Create* methods (references may point into b itself). It returns the first error
	// found, and then nothing of b is stored.
	Import(ctx context.Context, b Batch) error

	// Ping returns nil when the store can serve requests (readiness).
	Ping(ctx context.Context) error
	// Close releases the store's resources. It returns the first error met while closing.
	Close() error
}

// Direction says which way Lineage walks.
type Direction string

// Lineage directions.
const (
	Down Direction = "DOWN" // towards apprentices
	Up   Direction = "UP"   // towards masters
)

// LineageEdge is one master–apprentice link met by Lineage, Generation generations away from
// the starting worker (1 for the worker's own mentees or masters).
type LineageEdge struct {
	PairingID    string
	MentorID     string
	ApprenticeID string
	Generation   int
}

// SimilarProblem is a solved problem that shares skills with another, with its solvers.
type SimilarProblem struct {
	Problem      Problem
	SharedSkills []string // codes, sorted
	SameIndustry bool
}

// MentorGap is a trade where apprentices wait without a mentor with a free slot.
type MentorGap struct {
	SkillCode          string
	WaitingApprentices int
	Mentors            int // mentors holding the trade in the subtree, all at capacity or closed
}

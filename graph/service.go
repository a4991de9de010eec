package graph

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Service is the domain's write path: it turns inputs into entities (making IDs and UTC
// timestamps), applies patches and guarded state transitions, and hands the results to the
// Store, which validates them and checks references atomically. Reads go to the Store directly.
type Service struct {
	store Store
	ids   *IDGen
	now   func() time.Time
}

// NewService returns a Service over store. A nil ids uses a fresh IDGen; a nil now uses time.Now.
func NewService(store Store, ids *IDGen, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	if ids == nil {
		ids = NewIDGen(now, nil)
	}
	return &Service{store: store, ids: ids, now: now}
}

// Store returns the underlying store.
func (s *Service) Store() Store { return s.store }

// NewID returns a fresh ID of kind k.
func (s *Service) NewID(k Kind) string { return s.ids.New(k) }

// Now returns the current time in UTC.
func (s *Service) Now() time.Time { return s.now().UTC() }

func setStr(dst *string, src *string) {
	if src != nil {
		*dst = strings.TrimSpace(*src)
	}
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// CreateRegion stores a new region. It returns ErrInvalid for bad input or an unknown parent.
func (s *Service) CreateRegion(ctx context.Context, in RegionInput) (Region, error) {
	r := Region{ID: s.ids.New(KindRegion), Name: strings.TrimSpace(in.Name), Kind: in.Kind,
		ParentID: in.ParentID, Code: strings.TrimSpace(in.Code)}
	return r, s.store.CreateRegion(ctx, r)
}

// UpdateRegion applies p to region id.
func (s *Service) UpdateRegion(ctx context.Context, id string, p RegionPatch) (Region, error) {
	return s.store.UpdateRegion(ctx, id, func(r *Region) error {
		setStr(&r.Name, p.Name)
		setStr(&r.Code, p.Code)
		return nil
	})
}

// CreateUnion stores a new union.
func (s *Service) CreateUnion(ctx context.Context, in UnionInput) (Union, error) {
	now := s.Now()
	u := Union{ID: s.ids.New(KindUnion), Name: strings.TrimSpace(in.Name), Tier: in.Tier,
		ParentID: in.ParentID, RegionID: in.RegionID, EnterpriseID: in.EnterpriseID,
		CreatedAt: now, UpdatedAt: now}
	return u, s.store.CreateUnion(ctx, u)
}

// UpdateUnion applies p to union id.
func (s *Service) UpdateUnion(ctx context.Context, id string, p UnionPatch) (Union, error) {
	now := s.Now()
	return s.store.UpdateUnion(ctx, id, func(u *Union) error {
		setStr(&u.Name, p.Name)
		set(&u.ParentID, p.ParentID)
		set(&u.RegionID, p.RegionID)
		u.UpdatedAt = now
		return nil
	})
}

// CreateEnterprise stores a new enterprise.
func (s *Service) CreateEnterprise(ctx context.Context, in EnterpriseInput) (Enterprise, error) {
	now := s.Now()
	e := Enterprise{ID: s.ids.New(KindEnterprise), Name: strings.TrimSpace(in.Name),
		CreditCode: strings.ToUpper(strings.TrimSpace(in.CreditCode)), Industry: strings.TrimSpace(in.Industry),
		Ownership: in.Ownership, RegionID: in.RegionID, UnionID: in.UnionID, CreatedAt: now, UpdatedAt: now}
	return e, s.store.CreateEnterprise(ctx, e)
}

// UpdateEnterprise applies p to enterprise id.
func (s *Service) UpdateEnterprise(ctx context.Context, id string, p EnterprisePatch) (Enterprise, error) {
	now := s.Now()
	return s.store.UpdateEnterprise(ctx, id, func(e *Enterprise) error {
		setStr(&e.Name, p.Name)
		if p.CreditCode != nil {
			e.CreditCode = strings.ToUpper(strings.TrimSpace(*p.CreditCode))
		}
		setStr(&e.Industry, p.Industry)
		set(&e.Ownership, p.Ownership)
		set(&e.RegionID, p.RegionID)
		set(&e.UnionID, p.UnionID)
		e.UpdatedAt = now
		return nil
	})
}

// CreateWorker stores a new worker with its skills and honours.
func (s *Service) CreateWorker(ctx context.Context, in WorkerInput) (Worker, error) {
	now := s.Now()
	w := Worker{ID: s.ids.New(KindWorker), Name: strings.TrimSpace(in.Name), Gender: in.Gender,
		BirthYear: in.BirthYear, RegionID: in.RegionID, EnterpriseID: in.EnterpriseID,
		EmployeeNo: strings.TrimSpace(in.EmployeeNo), Roles: slices.Clone(in.Roles),
		Skills: slices.Clone(in.Skills), MentorCapacity: in.MentorCapacity,
		AcceptingMentees: in.AcceptingMentees, Bio: in.Bio, CreatedAt: now, UpdatedAt: now}
	if w.Gender == "" {
		w.Gender = GenderUnspecified
	}
	for _, h := range in.Honours {
		w.Honours = append(w.Honours, s.newHonour(h))
	}
	return w, s.store.CreateWorker(ctx, w)
}

func (s *Service) newHonour(in HonourInput) Honour {
	return Honour{ID: s.ids.New(KindHonour), Title: strings.TrimSpace(in.Title), Tier: in.Tier,
		Year: in.Year, Issuer: strings.TrimSpace(in.Issuer)}
}

// UpdateWorker applies p to worker id.
func (s *Service) UpdateWorker(ctx context.Context, id string, p WorkerPatch) (Worker, error) {
	now := s.Now()
	return s.store.UpdateWorker(ctx, id, func(w *Worker) error {
		setStr(&w.Name, p.Name)
		set(&w.Gender, p.Gender)
		set(&w.BirthYear, p.BirthYear)
		set(&w.RegionID, p.RegionID)
		set(&w.EnterpriseID, p.EnterpriseID)
		setStr(&w.EmployeeNo, p.EmployeeNo)
		if p.Roles != nil {
			w.Roles = slices.Clone(p.Roles)
		}
		set(&w.MentorCapacity, p.MentorCapacity)
		set(&w.AcceptingMentees, p.AcceptingMentees)
		set(&w.Bio, p.Bio)
		w.UpdatedAt = now
		return nil
	})
}

// SetWorkerSkill adds the trade to worker id or replaces the worker's standing in it. Marking
// it primary clears the flag on the worker's other trades.
func (s *Service) SetWorkerSkill(ctx context.Context, id string, ws WorkerSkill) (Worker, error) {
	now := s.Now()
	return s.store.UpdateWorker(ctx, id, func(w *Worker) error {
		i := slices.IndexFunc(w.Skills, func(x WorkerSkill) bool { return x.Code == ws.Code })
		if ws.Primary {
			for j := range w.Skills {
				w.Skills[j].Primary = false
			}
		}
		if i < 0 {
			w.Skills = append(w.Skills, ws)
		} else {
			w.Skills[i] = ws
		}
		w.UpdatedAt = now
		return nil
	})
}

// RemoveWorkerSkill removes the trade code from worker id. It returns ErrNotFound when the
// worker does not hold it.
func (s *Service) RemoveWorkerSkill(ctx context.Context, id, code string) (Worker, error) {
	now := s.Now()
	return s.store.UpdateWorker(ctx, id, func(w *Worker) error {
		n := len(w.Skills)
		w.Skills = slices.DeleteFunc(w.Skills, func(x WorkerSkill) bool { return x.Code == code })
		if len(w.Skills) == n {
			return NotFound(KindSkill, code)
		}
		w.UpdatedAt = now
		return nil
	})
}

// AddHonour gives worker id a new honour.
func (s *Service) AddHonour(ctx context.Context, id string, in HonourInput) (Worker, error) {
	now := s.Now()
	h := s.newHonour(in)
	return s.store.UpdateWorker(ctx, id, func(w *Worker) error {
		w.Honours = append(w.Honours, h)
		w.UpdatedAt = now
		return nil
	})
}

// RemoveHonour removes honour honourID from worker id; ErrNotFound if the worker lacks it.
func (s *Service) RemoveHonour(ctx context.Context, id, honourID string) (Worker, error) {
	now := s.Now()
	return s.store.UpdateWorker(ctx, id, func(w *Worker) error {
		n := len(w.Honours)
		w.Honours = slices.DeleteFunc(w.Honours, func(h Honour) bool { return h.ID == honourID })
		if len(w.Honours) == n {
			return NotFound(KindHonour, honourID)
		}
		w.UpdatedAt = now
		return nil
	})
}

// CreateProblem posts a new, OPEN problem.
func (s *Service) CreateProblem(ctx context.Context, in ProblemInput) (Problem, error) {
	now := s.Now()
	p := Problem{ID: s.ids.New(KindProblem), Title: strings.TrimSpace(in.Title), Description: in.Description,
		EnterpriseID: in.EnterpriseID, Industry: strings.TrimSpace(in.Industry), Skills: slices.Clone(in.Skills),
		Urgency: in.Urgency, Status: ProblemOpen, Contact: strings.TrimSpace(in.Contact),
		Confidential: in.Confidential, CreatedAt: now, UpdatedAt: now}
	if p.Urgency == "" {
		p.Urgency = UrgencyNormal
	}
	return p, s.store.CreateProblem(ctx, p)
}

// UpdateProblem applies patch to problem id.
func (s *Service) UpdateProblem(ctx context.Context, id string, patch ProblemPatch) (Problem, error) {
	now := s.Now()
	return s.store.UpdateProblem(ctx, id, func(p *Problem) error {
		setStr(&p.Title, patch.Title)
		set(&p.Description, patch.Description)
		setStr(&p.Industry, patch.Industry)
		if patch.Skills != nil {
			p.Skills = slices.Clone(patch.Skills)
		}
		set(&p.Urgency, patch.Urgency)
		set(&p.Outcome, patch.Outcome)
		setStr(&p.Contact, patch.Contact)
		set(&p.Confidential, patch.Confidential)
		p.UpdatedAt = now
		return nil
	})
}

var problemMoves = map[ProblemStatus][]ProblemStatus{
	ProblemOpen:           {ProblemMatched, ProblemVisitScheduled, ProblemSolved, ProblemClosed},
	ProblemMatched:        {ProblemOpen, ProblemVisitScheduled, ProblemSolved, ProblemClosed},
	ProblemVisitScheduled: {ProblemOpen, ProblemMatched, ProblemSolved, ProblemClosed},
	ProblemSolved:         {},
	ProblemClosed:         {ProblemOpen},
}

// CanMove reports whether a problem may move from s to next.
func (s ProblemStatus) CanMove(next ProblemStatus) bool {
	return slices.Contains(problemMoves[s], next)
}

// SetProblemStatus moves problem id to status, crediting solverIDs when it is SOLVED. An
// illegal move is ErrConflict.
func (s *Service) SetProblemStatus(ctx context.Context, id string, status ProblemStatus, solverIDs []string, outcome *string) (Problem, error) {
	now := s.Now()
	return s.store.UpdateProblem(ctx, id, func(p *Problem) error {
		if !p.Status.CanMove(status) {
			return Conflict("problem %s cannot move from %s to %s", id, p.Status, status)
		}
		p.Status = status
		if status == ProblemSolved {
			p.SolvedOn = DateOf(now)
			for _, w := range solverIDs {
				if !slices.Contains(p.SolverIDs, w) {
					p.SolverIDs = append(p.SolverIDs, w)
				}
			}
		}
		set(&p.Outcome, outcome)
		p.UpdatedAt = now
		return nil
	})
}

// CreateVisit schedules a visit.
func (s *Service) CreateVisit(ctx context.Context, in VisitInput) (Visit, error) {
	now := s.Now()
	v := Visit{ID: s.ids.New(KindVisit), EnterpriseID: in.EnterpriseID, ProblemIDs: slices.Clone(in.ProblemIDs),
		ExpertIDs: slices.Clone(in.ExpertIDs), Date: in.Date, Status: VisitScheduled, CreatedAt: now, UpdatedAt: now}
	return v, s.store.CreateVisit(ctx, v)
}

// UpdateVisit applies patch to visit id.
func (s *Service) UpdateVisit(ctx context.Context, id string, patch VisitPatch) (Visit, error) {
	now := s.Now()
	return s.store.UpdateVisit(ctx, id, func(v *Visit) error {
		if patch.ProblemIDs != nil {
			v.ProblemIDs = slices.Clone(patch.ProblemIDs)
		}
		if patch.ExpertIDs != nil {
			v.ExpertIDs = slices.Clone(patch.ExpertIDs)
		}
		set(&v.Date, patch.Date)
		set(&v.Status, patch.Status)
		if patch.Outcomes != nil {
			v.Outcomes = slices.Clone(patch.Outcomes)
		}
		set(&v.Rating, patch.Rating)
		set(&v.RatingComment, patch.RatingComment)
		v.UpdatedAt = now
		return nil
	})
}

// CreatePairing proposes a pairing.
func (s *Service) CreatePairing(ctx context.Context, in PairingInput) (Pairing, error) {
	now := s.Now()
	p := Pairing{ID: s.ids.New(KindPairing), MentorID: in.MentorID, ApprenticeID: in.ApprenticeID,
		UnionID: in.UnionID, Campaign: strings.TrimSpace(in.Campaign), Agreement: in.Agreement,
		Status: PairingProposed, Origin: in.Origin, Score: in.Score, CreatedAt: now, UpdatedAt: now}
	if p.Origin == "" {
		p.Origin = OriginUnion
	}
	return p, s.store.CreatePairing(ctx, p)
}

// UpdatePairing applies patch to pairing id.
func (s *Service) UpdatePairing(ctx context.Context, id string, patch PairingPatch) (Pairing, error) {
	now := s.Now()
	return s.store.UpdatePairing(ctx, id, func(p *Pairing) error {
		set(&p.Agreement, patch.Agreement)
		setStr(&p.Campaign, patch.Campaign)
		setStr(&p.Award, patch.Award)
		p.UpdatedAt = now
		return nil
	})
}

var pairingMoves = map[PairingStatus][]PairingStatus{
	PairingProposed:   {PairingAccepted, PairingDeclined},
	PairingAccepted:   {PairingActive, PairingTerminated},
	PairingDeclined:   {},
	PairingActive:     {PairingCompleted, PairingTerminated},
	PairingCompleted:  {},
	PairingTerminated: {},
}

// CanMove reports whether a pairing may move from s to next.
func (s PairingStatus) CanMove(next PairingStatus) bool {
	return slices.Contains(pairingMoves[s], next)
}

// TransitionPairing moves pairing id to status; reason is kept for TERMINATED. An illegal move
// is ErrConflict.
func (s *Service) TransitionPairing(ctx context.Context, id string, status PairingStatus, reason string) (Pairing, error) {
	if status == PairingCompleted {
		return s.CompletePairing(ctx, id)
	}
	now := s.Now()
	return s.store.UpdatePairing(ctx, id, func(p *Pairing) error {
		if !p.Status.CanMove(status) {
			return Conflict("pairing %s cannot move from %s to %s", id, p.Status, status)
		}
		p.Status = status
		if status == PairingTerminated {
			p.TerminationReason = strings.TrimSpace(reason)
		}
		if status == PairingActive && p.Agreement.SignedOn == "" {
			p.Agreement.SignedOn = DateOf(now)
		}
		p.UpdatedAt = now
		return nil
	})
}

// AddReview logs a review on pairing id.
func (s *Service) AddReview(ctx context.Context, id string, in ReviewInput) (Pairing, error) {
	now := s.Now()
	r := Review{ID: s.ids.New(KindReview), Date: in.Date, Note: in.Note, LevelReached: in.LevelReached,
		AuthorID: in.AuthorID, CreatedAt: now}
	if r.Date == "" {
		r.Date = DateOf(now)
	}
	return s.store.UpdatePairing(ctx, id, func(p *Pairing) error {
		if p.Status != PairingActive && p.Status != PairingAccepted {
			return Conflict("pairing %s is %s; reviews need an accepted or active pairing", id, p.Status)
		}
		p.Reviews = append(p.Reviews, r)
		p.UpdatedAt = now
		return nil
	})
}

// CreateStudio registers a studio.
func (s *Service) CreateStudio(ctx context.Context, in StudioInput) (Studio, error) {
	now := s.Now()
	st := Studio{ID: s.ids.New(KindStudio), Name: strings.TrimSpace(in.Name), Kind: in.Kind, Tier: in.Tier,
		LeaderID: in.LeaderID, HostEnterpriseID: in.HostEnterpriseID, MemberIDs: slices.Clone(in.MemberIDs),
		SpecialtyCodes: slices.Clone(in.SpecialtyCodes), Achievements: slices.Clone(in.Achievements),
		EstablishedYear: in.EstablishedYear, Description: in.Description, CreatedAt: now, UpdatedAt: now}
	return st, s.store.CreateStudio(ctx, st)
}

// UpdateStudio applies p to studio id.
func (s *Service) UpdateStudio(ctx context.Context, id string, p StudioPatch) (Studio, error) {
	now := s.Now()
	return s.store.UpdateStudio(ctx, id, func(st *Studio) error {
		setStr(&st.Name, p.Name)
		set(&st.Tier, p.Tier)
		set(&st.LeaderID, p.LeaderID)
		set(&st.HostEnterpriseID, p.HostEnterpriseID)
		if p.MemberIDs != nil {
			st.MemberIDs = slices.Clone(p.MemberIDs)
		}
		if p.SpecialtyCodes != nil {
			st.SpecialtyCodes = slices.Clone(p.SpecialtyCodes)
		}
		set(&st.EstablishedYear, p.EstablishedYear)
		set(&st.Description, p.Description)
		st.UpdatedAt = now
		return nil
	})
}

// SetStudioMember adds (member true) or removes worker workerID to or from studio id. Adding a
// member twice or removing a non-member is ErrConflict.
func (s *Service) SetStudioMember(ctx context.Context, id, workerID string, member bool) (Studio, error) {
	now := s.Now()
	return s.store.UpdateStudio(ctx, id, func(st *Studio) error {
		has := slices.Contains(st.MemberIDs, workerID)
		switch {
		case member && has:
			return Conflict("worker %s is already a member of studio %s", workerID, id)
		case !member && !has:
			return Conflict("worker %s is not a member of studio %s", workerID, id)
		case member:
			st.MemberIDs = append(st.MemberIDs, workerID)
		default:
			st.MemberIDs = slices.DeleteFunc(st.MemberIDs, func(m string) bool { return m == workerID })
		}
		st.UpdatedAt = now
		return nil
	})
}

// AddAchievement records an achievement of studio id.
func (s *Service) AddAchievement(ctx context.Context, id string, a Achievement) (Studio, error) {
	now := s.Now()
	return s.store.UpdateStudio(ctx, id, func(st *Studio) error {
		st.Achievements = append(st.Achievements, a)
		st.UpdatedAt = now
		return nil
	})
}

// CreateTarget sets a union target.
func (s *Service) CreateTarget(ctx context.Context, in TargetInput) (Target, error) {
	now := s.Now()
	t := Target{ID: s.ids.New(KindTarget), UnionID: in.UnionID, Kind: in.Kind, Period: strings.TrimSpace(in.Period),
		Campaign: strings.TrimSpace(in.Campaign), Number: in.Number, StartDate: in.StartDate, EndDate: in.EndDate,
		CreatedAt: now, UpdatedAt: now}
	return t, s.store.CreateTarget(ctx, t)
}

// UpdateTarget applies p to target id.
func (s *Service) UpdateTarget(ctx context.Context, id string, p TargetPatch) (Target, error) {
	now := s.Now()
	return s.store.UpdateTarget(ctx, id, func(t *Target) error {
		set(&t.Number, p.Number)
		set(&t.StartDate, p.StartDate)
		set(&t.EndDate, p.EndDate)
		t.UpdatedAt = now
		return nil
	})
}

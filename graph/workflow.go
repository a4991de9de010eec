package graph

import (
	"context"
	"slices"
	"strings"
)

// The three programmes' workflows (师徒结对, 专家进企业, 创新工作室) as guarded steps on the
// Service. Every step checks the current state inside the store's atomic update, so an illegal
// or lost-race step is ErrConflict and changes nothing.

// RequestMentor records apprentice apprenticeID asking mentorID to take them on (a PROPOSED
// pairing of origin REQUEST). It returns ErrInvalid when mentorID is not a craftsman or model
// worker, ErrConflict when the mentor is not accepting mentees, already has every slot
// committed, or the two already have an open pairing.
func (s *Service) RequestMentor(ctx context.Context, apprenticeID, mentorID string, a Agreement) (Pairing, error) {
	if apprenticeID == mentorID {
		return Pairing{}, Invalid("mentorId", "a worker cannot mentor themselves")
	}
	if _, err := s.store.GetWorker(ctx, apprenticeID); err != nil {
		return Pairing{}, err
	}
	m, err := s.store.GetWorker(ctx, mentorID)
	if err != nil {
		return Pairing{}, err
	}
	if !m.HasRole(RoleCraftsman) && !m.HasRole(RoleModelWorker) {
		return Pairing{}, Invalid("mentorId", "%s is not a craftsman or model worker", m.Name)
	}
	if !m.AcceptingMentees {
		return Pairing{}, Conflict("%s is not accepting mentees", m.Name)
	}
	mine, err := s.store.ListPairings(ctx, PairingFilter{MentorID: mentorID}, Page{First: MaxPageSize})
	if err != nil {
		return Pairing{}, err
	}
	committed := 0
	for _, p := range mine.Items {
		if p.ApprenticeID == apprenticeID && p.Status.Open() {
			return Pairing{}, Conflict("an open pairing %s already links these two", p.ID)
		}
		if p.Status.Committed() {
			committed++
		}
	}
	if committed >= m.MentorCapacity {
		return Pairing{}, Conflict("%s has no free mentoring slot (%d of %d taken)", m.Name, committed, m.MentorCapacity)
	}
	return s.CreatePairing(ctx, PairingInput{MentorID: mentorID, ApprenticeID: apprenticeID, Agreement: a, Origin: OriginRequest})
}

// RespondPairing is the mentor's answer to a PROPOSED pairing: accept moves it to ACCEPTED
// (ErrConflict when the mentor's slots are all committed, checked atomically by the store),
// decline to DECLINED with the reason, so the request no longer counts against the mentor in
// recommendations.
func (s *Service) RespondPairing(ctx context.Context, id string, accept bool, reason string) (Pairing, error) {
	if accept {
		return s.TransitionPairing(ctx, id, PairingAccepted, "")
	}
	now := s.Now()
	return s.store.UpdatePairing(ctx, id, func(p *Pairing) error {
		if !p.Status.CanMove(PairingDeclined) {
			return Conflict("pairing %s cannot move from %s to %s", id, p.Status, PairingDeclined)
		}
		p.Status = PairingDeclined
		p.TerminationReason = strings.TrimSpace(reason)
		p.UpdatedAt = now
		return nil
	})
}

// SignAgreement signs the goal of an ACCEPTED pairing and makes it ACTIVE. The agreement needs a
// trade, a target level and a deadline; SignedOn defaults to today.
func (s *Service) SignAgreement(ctx context.Context, id string, a Agreement) (Pairing, error) {
	switch {
	case a.SkillCode == "":
		return Pairing{}, Invalid("agreement.skillCode", "the goal needs a trade")
	case a.TargetLevel == LevelNone:
		return Pairing{}, Invalid("agreement.targetLevel", "the goal needs a target level")
	case a.Deadline == "":
		return Pairing{}, Invalid("agreement.deadline", "the goal needs a deadline")
	}
	if _, err := s.store.GetSkill(ctx, a.SkillCode); err != nil {
		return Pairing{}, Invalid("agreement.skillCode", "%s is not a known trade", a.SkillCode)
	}
	now := s.Now()
	if a.SignedOn == "" {
		a.SignedOn = DateOf(now)
	}
	a.Goal = strings.TrimSpace(a.Goal)
	return s.store.UpdatePairing(ctx, id, func(p *Pairing) error {
		if p.Status != PairingAccepted {
			return Conflict("pairing %s is %s; only an accepted pairing can be signed", id, p.Status)
		}
		p.Agreement = a
		p.Status = PairingActive
		p.UpdatedAt = now
		return nil
	})
}

// CompletePairing closes an ACTIVE pairing whose goal was reached: in the same atomic step the
// apprentice's level in the agreement's trade is raised to the target level (the trade is
// added when missing) and the pairing records the promotion in PromotedTo. An apprentice
// already at or above the target is not raised (PromotedTo stays LevelNone).
func (s *Service) CompletePairing(ctx context.Context, id string) (Pairing, error) {
	now := s.Now()
	p, _, err := s.store.UpdatePairingAndApprentice(ctx, id, func(p *Pairing, w *Worker) error {
		if !p.Status.CanMove(PairingCompleted) {
			return Conflict("pairing %s cannot move from %s to %s", id, p.Status, PairingCompleted)
		}
		p.Status = PairingCompleted
		p.CompletedOn = DateOf(now)
		p.PromotedTo = LevelNone
		p.UpdatedAt = now
		a := p.Agreement
		if a.SkillCode == "" || a.TargetLevel == LevelNone {
			return nil
		}
		i := slices.IndexFunc(w.Skills, func(ws WorkerSkill) bool { return ws.Code == a.SkillCode })
		if i >= 0 && w.Skills[i].Level != LevelNone && w.Skills[i].Level.AtLeast(a.TargetLevel) {
			return nil
		}
		if i < 0 {
			w.Skills = append(w.Skills, WorkerSkill{Code: a.SkillCode, Primary: len(w.Skills) == 0})
			i = len(w.Skills) - 1
		}
		w.Skills[i].Level = a.TargetLevel
		w.Skills[i].Certified = now.Year()
		w.UpdatedAt = now
		p.PromotedTo = a.TargetLevel
		return nil
	})
	return p, err
}

// TerminatePairing ends an ACCEPTED or ACTIVE pairing early; the reason is required.
func (s *Service) TerminatePairing(ctx context.Context, id, reason string) (Pairing, error) {
	if strings.TrimSpace(reason) == "" {
		return Pairing{}, Invalid("reason", "say why the pairing ends")
	}
	return s.TransitionPairing(ctx, id, PairingTerminated, reason)
}

// AwardPairing gives an ACTIVE or COMPLETED pairing a union award (e.g. 高师带徒优秀师徒).
func (s *Service) AwardPairing(ctx context.Context, id, award string) (Pairing, error) {
	award = strings.TrimSpace(award)
	if award == "" {
		return Pairing{}, Invalid("award", "must not be empty")
	}
	now := s.Now()
	return s.store.UpdatePairing(ctx, id, func(p *Pairing) error {
		if p.Status != PairingActive && p.Status != PairingCompleted {
			return Conflict("pairing %s is %s; only active or completed pairings are awarded", id, p.Status)
		}
		p.Award = award
		p.UpdatedAt = now
		return nil
	})
}

// ProposeVisit builds a PLANNED visit of an expert team to the enterprise that posted the
// problems, inviting each expert. Every problem must belong to the enterprise and be OPEN or
// MATCHED (ErrConflict otherwise).
func (s *Service) ProposeVisit(ctx context.Context, in VisitInput) (Visit, error) {
	if len(in.ProblemIDs) == 0 {
		return Visit{}, Invalid("problemIds", "a visit needs at least one problem")
	}
	if len(in.ExpertIDs) == 0 {
		return Visit{}, Invalid("expertIds", "a visit needs at least one expert")
	}
	probs, err := s.store.GetManyProblems(ctx, in.ProblemIDs)
	if err != nil {
		return Visit{}, err
	}
	if len(probs) != len(in.ProblemIDs) {
		return Visit{}, Invalid("problemIds", "names an unknown problem")
	}
	for _, p := range probs {
		if p.EnterpriseID != in.EnterpriseID {
			return Visit{}, Invalid("problemIds", "problem %s belongs to another enterprise", p.ID)
		}
		if p.Status != ProblemOpen && p.Status != ProblemMatched {
			return Visit{}, Conflict("problem %s is %s; only open problems get a visit", p.ID, p.Status)
		}
	}
	now := s.Now()
	v := Visit{ID: s.ids.New(KindVisit), EnterpriseID: in.EnterpriseID, ProblemIDs: slices.Clone(in.ProblemIDs),
		Date: in.Date, Status: VisitPlanned, CreatedAt: now, UpdatedAt: now}
	if v.Date == "" {
		v.Date = DateOf(now.AddDate(0, 0, 14))
	}
	for _, e := range in.ExpertIDs {
		v.Invitations = append(v.Invitations, Invitation{ExpertID: e, Status: InvitationPending})
	}
	return v, s.store.CreateVisit(ctx, v)
}

// RespondInvitation records expert expertID's answer to their invitation to visit id. Answering
// twice, answering an invitation one never had, or answering once the visit is over is
// ErrConflict. An accepting expert joins the visit's ExpertIDs.
func (s *Service) RespondInvitation(ctx context.Context, id, expertID string, accept bool) (Visit, error) {
	now := s.Now()
	return s.store.UpdateVisit(ctx, id, func(v *Visit) error {
		if v.Status != VisitPlanned && v.Status != VisitScheduled {
			return Conflict("visit %s is %s; invitations are closed", id, v.Status)
		}
		i := slices.IndexFunc(v.Invitations, func(in Invitation) bool { return in.ExpertID == expertID })
		if i < 0 {
			return Conflict("worker %s is not invited to visit %s", expertID, id)
		}
		if v.Invitations[i].Status != InvitationPending {
			return Conflict("the invitation was already answered (%s)", v.Invitations[i].Status)
		}
		v.Invitations[i].RespondedAt = now
		v.Invitations[i].Status = InvitationDeclined
		if accept {
			v.Invitations[i].Status = InvitationAccepted
			v.ExpertIDs = append(v.ExpertIDs, expertID)
		}
		v.UpdatedAt = now
		return nil
	})
}

// ScheduleVisit fixes the date of a PLANNED visit once at least one expert accepted; its
// problems move to VISIT_SCHEDULED in the same atomic step.
func (s *Service) ScheduleVisit(ctx context.Context, id string, date Date) (Visit, error) {
	now := s.Now()
	v, _, err := s.store.UpdateVisitAndProblems(ctx, id, func(v *Visit, ps []Problem) error {
		if v.Status != VisitPlanned {
			return Conflict("visit %s is %s; only a planned visit can be scheduled", id, v.Status)
		}
		if len(v.ExpertIDs) == 0 {
			return Conflict("no invited expert has accepted yet")
		}
		for i := range ps {
			if ps[i].Status == ProblemVisitScheduled {
				continue
			}
			if !ps[i].Status.CanMove(ProblemVisitScheduled) {
				return Conflict("problem %s is %s", ps[i].ID, ps[i].Status)
			}
			ps[i].Status = ProblemVisitScheduled
			ps[i].UpdatedAt = now
		}
		if date != "" {
			v.Date = date
		}
		v.Status = VisitScheduled
		v.UpdatedAt = now
		return nil
	})
	return v, err
}

// RecordOutcomes closes a SCHEDULED visit with one outcome per problem. In the same atomic step
// a SOLVED problem becomes SOLVED with the visit's experts credited (their track record), and a
// partly or not solved one goes back to OPEN with the notes kept.
func (s *Service) RecordOutcomes(ctx context.Context, id string, outcomes []ProblemOutcome) (Visit, error) {
	now := s.Now()
	v, _, err := s.store.UpdateVisitAndProblems(ctx, id, func(v *Visit, ps []Problem) error {
		if v.Status != VisitScheduled {
			return Conflict("visit %s is %s; outcomes close a scheduled visit", id, v.Status)
		}
		if v.Date > DateOf(now) {
			return Conflict("visit %s takes place on %s; record its outcomes after it", id, v.Date)
		}
		byID := make(map[string]ProblemOutcome, len(outcomes))
		for _, o := range outcomes {
			if !slices.Contains(v.ProblemIDs, o.ProblemID) {
				return Invalid("outcomes.problemId", "%q is not one of the visit's problems", o.ProblemID)
			}
			if _, dup := byID[o.ProblemID]; dup {
				return Invalid("outcomes.problemId", "%q has two outcomes", o.ProblemID)
			}
			byID[o.ProblemID] = o
		}
		if len(byID) != len(v.ProblemIDs) {
			return Invalid("outcomes", "give one outcome for each of the visit's %d problems", len(v.ProblemIDs))
		}
		for i := range ps {
			o := byID[ps[i].ID]
			if ps[i].Status == ProblemSolved || ps[i].Status == ProblemClosed {
				continue
			}
			if notes := strings.TrimSpace(o.Notes); notes != "" {
				ps[i].Outcome = notes
			}
			if o.Result == OutcomeSolved {
				ps[i].Status = ProblemSolved
				ps[i].SolvedOn = v.Date
				for _, e := range v.ExpertIDs {
					if !slices.Contains(ps[i].SolverIDs, e) {
						ps[i].SolverIDs = append(ps[i].SolverIDs, e)
					}
				}
			} else {
				ps[i].Status = ProblemOpen
			}
			ps[i].UpdatedAt = now
		}
		v.Outcomes = slices.Clone(outcomes)
		v.Status = VisitDone
		v.UpdatedAt = now
		return nil
	})
	return v, err
}

// RateVisit is the enterprise's rating (1–5) of a DONE visit; a visit is rated once.
func (s *Service) RateVisit(ctx context.Context, id string, rating int, comment string) (Visit, error) {
	if rating < 1 || rating > 5 {
		return Visit{}, Invalid("rating", "%d is outside 1–5", rating)
	}
	now := s.Now()
	return s.store.UpdateVisit(ctx, id, func(v *Visit) error {
		if v.Status != VisitDone {
			return Conflict("visit %s is %s; only a finished visit is rated", id, v.Status)
		}
		if v.Rating != 0 {
			return Conflict("visit %s is already rated", id)
		}
		v.Rating = rating
		v.RatingComment = strings.TrimSpace(comment)
		v.UpdatedAt = now
		return nil
	})
}

// CancelVisit cancels a PLANNED or SCHEDULED visit; its scheduled problems go back to OPEN.
func (s *Service) CancelVisit(ctx context.Context, id string) (Visit, error) {
	now := s.Now()
	v, _, err := s.store.UpdateVisitAndProblems(ctx, id, func(v *Visit, ps []Problem) error {
		if v.Status != VisitPlanned && v.Status != VisitScheduled {
			return Conflict("visit %s is %s and cannot be cancelled", id, v.Status)
		}
		for i := range ps {
			if ps[i].Status == ProblemVisitScheduled {
				ps[i].Status = ProblemOpen
				ps[i].UpdatedAt = now
			}
		}
		v.Status = VisitCancelled
		v.UpdatedAt = now
		return nil
	})
	return v, err
}

// RouteProblem sends problem id to studio studioID (创新工作室攻关). Routing a problem twice to
// the same studio, or routing a solved or closed problem, is ErrConflict.
func (s *Service) RouteProblem(ctx context.Context, id, studioID string) (Problem, error) {
	if err := CheckID("studioId", KindStudio, studioID); err != nil {
		return Problem{}, err
	}
	now := s.Now()
	return s.store.UpdateProblem(ctx, id, func(p *Problem) error {
		if p.Status == ProblemSolved || p.Status == ProblemClosed {
			return Conflict("problem %s is %s", id, p.Status)
		}
		if slices.Contains(p.StudioIDs, studioID) {
			return Conflict("problem %s is already routed to studio %s", id, studioID)
		}
		p.StudioIDs = append(p.StudioIDs, studioID)
		p.UpdatedAt = now
		return nil
	})
}

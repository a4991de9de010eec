package graphtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"jiangxin/graph"
)

// errStop is the error the suite's update functions return to abort a write.
var errStop = errors.New("graphtest: stop")

// mentorFixture is a mentor of the seeded city with fresh apprentices and a PROPOSED pairing
// with each.
type mentorFixture struct {
	Mentor   graph.Worker
	Pairings []graph.Pairing // PROPOSED, one per apprentice
}

// newMentor stores a craftsman of capacity cap, n apprentices and one PROPOSED pairing with
// each.
func newMentor(t *testing.T, ctx context.Context, s graph.Store, c *City, name string, capacity, n int) mentorFixture {
	t.Helper()
	m := c.Maker
	mentor := m.Worker(name, c.Longshan.ID, func(w *graph.Worker) {
		w.EnterpriseID = c.Heavy.ID
		w.Roles = []graph.Role{graph.RoleCraftsman}
		w.Skills = []graph.WorkerSkill{{Code: SkillWelder, Level: graph.LevelTechnician, Primary: true}}
		w.MentorCapacity, w.AcceptingMentees = capacity, true
	})
	must(t, s.CreateWorker(ctx, mentor))
	f := mentorFixture{Mentor: mentor}
	for i := range n {
		a := m.Worker(fmt.Sprintf("%s的徒弟%d", name, i+1), c.Longshan.ID, func(w *graph.Worker) {
			w.EnterpriseID = c.Heavy.ID
			w.Roles = []graph.Role{graph.RoleApprentice}
			w.Skills = []graph.WorkerSkill{{Code: SkillWelder, Level: graph.LevelJunior}}
		})
		must(t, s.CreateWorker(ctx, a))
		p := m.Pairing(mentor.ID, a.ID, graph.PairingProposed, func(p *graph.Pairing) {
			p.Origin = graph.OriginRequest
			p.Agreement = graph.Agreement{SkillCode: SkillWelder, TargetLevel: graph.LevelIntermediate}
		})
		must(t, s.CreatePairing(ctx, p))
		f.Pairings = append(f.Pairings, p)
	}
	return f
}

// setStatus returns an update function moving a pairing to st.
func setStatus(st graph.PairingStatus) func(*graph.Pairing) error {
	return func(p *graph.Pairing) error { p.Status = st; return nil }
}

// committed counts the mentor's ACCEPTED and ACTIVE pairings through ListPairings.
func committed(t *testing.T, ctx context.Context, s graph.Store, mentorID string) int {
	t.Helper()
	n := 0
	for _, st := range []graph.PairingStatus{graph.PairingAccepted, graph.PairingActive} {
		n += ok(s.ListPairings(ctx, graph.PairingFilter{MentorID: mentorID, Status: st}, graph.Page{}))(t).Total
	}
	return n
}

func testCapacity(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s, c := seeded(t, newStore)
	m := c.Maker

	t.Run("Sequential", func(t *testing.T) {
		f := newMentor(t, ctx, s, c, "两徒师傅", 2, 4)
		p := f.Pairings
		ok(s.UpdatePairing(ctx, p[0].ID, setStatus(graph.PairingAccepted)))(t)
		ok(s.UpdatePairing(ctx, p[1].ID, setStatus(graph.PairingActive)))(t)
		// Full: a third commitment is refused and writes nothing.
		before := ok(s.GetPairing(ctx, p[2].ID))(t)
		for _, st := range []graph.PairingStatus{graph.PairingAccepted, graph.PairingActive} {
			_, err := s.UpdatePairing(ctx, p[2].ID, setStatus(st))
			wantErr(t, err, graph.ErrConflict)
		}
		RequireEqual(t, before, ok(s.GetPairing(ctx, p[2].ID))(t))
		// Moves that do not newly commit pass at capacity: ACCEPTED → ACTIVE, edits of a
		// committed pairing, proposals, declines.
		ok(s.UpdatePairing(ctx, p[0].ID, setStatus(graph.PairingActive)))(t)
		ok(s.UpdatePairing(ctx, p[1].ID, func(p *graph.Pairing) error { p.Award = "优秀师徒"; return nil }))(t)
		ok(s.UpdatePairing(ctx, p[2].ID, func(p *graph.Pairing) error { p.Campaign = "等待名额"; return nil }))(t)
		ok(s.UpdatePairing(ctx, p[3].ID, setStatus(graph.PairingDeclined)))(t)
		if n := committed(t, ctx, s, f.Mentor.ID); n != 2 {
			t.Fatalf("mentor holds %d committed pairings, want 2", n)
		}
		// A freed slot can be taken.
		ok(s.UpdatePairing(ctx, p[0].ID, setStatus(graph.PairingTerminated)))(t)
		ok(s.UpdatePairing(ctx, p[2].ID, setStatus(graph.PairingAccepted)))(t)
		_, err := s.UpdatePairing(ctx, p[3].ID, setStatus(graph.PairingAccepted))
		wantErr(t, err, graph.ErrConflict)
		// A lowered capacity does not undo commitments but blocks new ones.
		ok(s.UpdateWorker(ctx, f.Mentor.ID, func(w *graph.Worker) error { w.MentorCapacity = 1; return nil }))(t)
		ok(s.UpdatePairing(ctx, p[2].ID, setStatus(graph.PairingActive)))(t)
	})
	t.Run("ZeroCapacity", func(t *testing.T) {
		f := newMentor(t, ctx, s, c, "无名额师傅", 0, 1)
		_, err := s.UpdatePairing(ctx, f.Pairings[0].ID, setStatus(graph.PairingAccepted))
		wantErr(t, err, graph.ErrConflict)
		RequireEqual(t, f.Pairings[0], ok(s.GetPairing(ctx, f.Pairings[0].ID))(t))
	})
	t.Run("CreateNotChecked", func(t *testing.T) {
		// Creates and imports record history as it is; only updates are held to the rule.
		f := newMentor(t, ctx, s, c, "历史师傅", 0, 0)
		a := m.Worker("历史徒弟", c.Longshan.ID)
		must(t, s.CreateWorker(ctx, a))
		p := m.Pairing(f.Mentor.ID, a.ID, graph.PairingActive)
		must(t, s.CreatePairing(ctx, p))
		q := m.Pairing(f.Mentor.ID, c.App3.ID, graph.PairingAccepted)
		must(t, s.Import(ctx, graph.Batch{Pairings: []graph.Pairing{q}}))
		if n := committed(t, ctx, s, f.Mentor.ID); n != 2 {
			t.Fatalf("mentor holds %d committed pairings, want 2", n)
		}
		ok(s.UpdatePairing(ctx, q.ID, setStatus(graph.PairingActive)))(t)
	})
	t.Run("MentorChange", func(t *testing.T) {
		full := newMentor(t, ctx, s, c, "满员师傅", 1, 1)
		ok(s.UpdatePairing(ctx, full.Pairings[0].ID, setStatus(graph.PairingActive)))(t)
		free := newMentor(t, ctx, s, c, "空闲师傅", 1, 0)
		other := newMentor(t, ctx, s, c, "另一师傅", 3, 2)
		moving := other.Pairings[0]
		ok(s.UpdatePairing(ctx, moving.ID, setStatus(graph.PairingActive)))(t)
		before := ok(s.GetPairing(ctx, moving.ID))(t)
		// A committed pairing handed to a full mentor is refused …
		_, err := s.UpdatePairing(ctx, moving.ID, func(p *graph.Pairing) error { p.MentorID = full.Mentor.ID; return nil })
		wantErr(t, err, graph.ErrConflict)
		RequireEqual(t, before, ok(s.GetPairing(ctx, moving.ID))(t))
		// … a PROPOSED one is not committed and may move …
		ok(s.UpdatePairing(ctx, other.Pairings[1].ID, func(p *graph.Pairing) error { p.MentorID = full.Mentor.ID; return nil }))(t)
		// … and one handed to a mentor with a free slot takes it.
		got := ok(s.UpdatePairing(ctx, moving.ID, func(p *graph.Pairing) error { p.MentorID = free.Mentor.ID; return nil }))(t)
		if got.MentorID != free.Mentor.ID {
			t.Fatalf("mentor = %s, want %s", got.MentorID, free.Mentor.ID)
		}
		if n := committed(t, ctx, s, free.Mentor.ID); n != 1 {
			t.Fatalf("new mentor holds %d committed pairings, want 1", n)
		}
		if n := committed(t, ctx, s, other.Mentor.ID); n != 0 {
			t.Fatalf("old mentor holds %d committed pairings, want 0", n)
		}
		// Now the free mentor is full too.
		_, err = s.UpdatePairing(ctx, full.Pairings[0].ID, func(p *graph.Pairing) error { p.MentorID = free.Mentor.ID; return nil })
		wantErr(t, err, graph.ErrConflict)
	})
	t.Run("PairingAndApprentice", func(t *testing.T) {
		f := newMentor(t, ctx, s, c, "单徒师傅", 1, 2)
		ok(s.UpdatePairing(ctx, f.Pairings[0].ID, setStatus(graph.PairingAccepted)))(t)
		p, a := f.Pairings[1], ok(s.GetWorker(ctx, f.Pairings[1].ApprenticeID))(t)
		_, _, err := s.UpdatePairingAndApprentice(ctx, p.ID, func(p *graph.Pairing, w *graph.Worker) error {
			p.Status = graph.PairingAccepted
			w.Bio = "不应写入"
			return nil
		})
		wantErr(t, err, graph.ErrConflict)
		RequireEqual(t, p, ok(s.GetPairing(ctx, p.ID))(t))
		RequireEqual(t, a, ok(s.GetWorker(ctx, a.ID))(t))
	})
	t.Run("Race", func(t *testing.T) {
		const racers = 8
		f := newMentor(t, ctx, s, c, "抢手师傅", 1, racers)
		var wg sync.WaitGroup
		errs := make([]error, racers)
		start := make(chan struct{})
		for i, p := range f.Pairings {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				if i%2 == 0 {
					_, errs[i] = s.UpdatePairing(ctx, p.ID, setStatus(graph.PairingAccepted))
					return
				}
				_, _, errs[i] = s.UpdatePairingAndApprentice(ctx, p.ID, func(p *graph.Pairing, w *graph.Worker) error {
					p.Status = graph.PairingAccepted
					return nil
				})
			}()
		}
		close(start)
		wg.Wait()
		wins := 0
		for i, err := range errs {
			switch {
			case err == nil:
				wins++
			case !errors.Is(err, graph.ErrConflict):
				t.Fatalf("racer %d: error = %v, want nil or ErrConflict", i, err)
			}
		}
		if wins != 1 {
			t.Fatalf("%d of %d racing accepts succeeded, want exactly 1", wins, racers)
		}
		if n := committed(t, ctx, s, f.Mentor.ID); n != 1 {
			t.Fatalf("mentor holds %d committed pairings after the race, want 1", n)
		}
	})
}

func testPairingAndApprentice(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s, c := seeded(t, newStore)
	m := c.Maker
	// unchanged checks that P1 and App1 are as stored before a failed write.
	unchanged := func(t *testing.T, p graph.Pairing, w graph.Worker) {
		t.Helper()
		RequireEqual(t, p, ok(s.GetPairing(ctx, p.ID))(t))
		RequireEqual(t, w, ok(s.GetWorker(ctx, w.ID))(t))
	}
	t.Run("Rejected", func(t *testing.T) {
		p, w := c.P1, c.App1
		complete := func(p *graph.Pairing, w *graph.Worker) {
			p.Status, p.CompletedOn, p.PromotedTo = graph.PairingCompleted, "2026-11-01", graph.LevelSenior
			w.Skills[0].Level = graph.LevelSenior
		}
		cases := []struct {
			name string
			want error
			fn   func(p *graph.Pairing, w *graph.Worker) error
		}{
			{"FnError", errStop, func(p *graph.Pairing, w *graph.Worker) error { complete(p, w); return errStop }},
			{"InvalidWorker", graph.ErrInvalid, func(p *graph.Pairing, w *graph.Worker) error {
				complete(p, w)
				w.Skills[0].Level = graph.Level(9)
				return nil
			}},
			{"InvalidPairing", graph.ErrInvalid, func(p *graph.Pairing, w *graph.Worker) error {
				complete(p, w)
				p.Origin = "MAGIC"
				return nil
			}},
			{"WorkerUnknownEnterprise", graph.ErrInvalid, func(p *graph.Pairing, w *graph.Worker) error {
				complete(p, w)
				w.EnterpriseID = unknownID(m, graph.KindEnterprise)
				return nil
			}},
			{"PairingUnknownUnion", graph.ErrInvalid, func(p *graph.Pairing, w *graph.Worker) error {
				complete(p, w)
				p.UnionID = unknownID(m, graph.KindUnion)
				return nil
			}},
			{"ChangedApprentice", graph.ErrInvalid, func(p *graph.Pairing, w *graph.Worker) error {
				p.ApprenticeID = c.App2.ID
				return nil
			}},
			{"ChangedWorkerID", graph.ErrInvalid, func(p *graph.Pairing, w *graph.Worker) error {
				w.ID = c.App2.ID
				return nil
			}},
			{"ChangedPairingID", graph.ErrInvalid, func(p *graph.Pairing, w *graph.Worker) error {
				p.ID = unknownID(m, graph.KindPairing)
				return nil
			}},
			{"ChangedWorkerCreatedAt", graph.ErrInvalid, func(p *graph.Pairing, w *graph.Worker) error {
				w.CreatedAt = w.CreatedAt.Add(-1)
				return nil
			}},
			{"WorkerEmployeeNoTaken", graph.ErrConflict, func(p *graph.Pairing, w *graph.Worker) error {
				complete(p, w)
				w.EmployeeNo = c.Master.EmployeeNo
				return nil
			}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				_, _, err := s.UpdatePairingAndApprentice(ctx, p.ID, tc.fn)
				wantErr(t, err, tc.want)
				unchanged(t, p, w)
			})
		}
		_, _, err := s.UpdatePairingAndApprentice(ctx, unknownID(m, graph.KindPairing), func(*graph.Pairing, *graph.Worker) error { return nil })
		wantErr(t, err, graph.ErrNotFound)
		_, _, err = s.UpdatePairingAndApprentice(ctx, c.App1.ID, func(*graph.Pairing, *graph.Worker) error { return nil })
		wantErr(t, err, graph.ErrInvalid)
		// The lists still see the old state.
		got := ok(s.ListWorkers(ctx, graph.WorkerFilter{SkillCode: SkillWelder, MinLevel: graph.LevelSenior}, graph.Page{}))(t)
		if slices.Contains(ids(got.Items, workerID), c.App1.ID) {
			t.Fatal("a rolled-back promotion is visible through ListWorkers")
		}
	})
	t.Run("RoundTrip", func(t *testing.T) {
		var seen [2]string
		now := m.Now()
		gotP, gotW := ok2v(s.UpdatePairingAndApprentice(ctx, c.P1.ID, func(p *graph.Pairing, w *graph.Worker) error {
			seen = [2]string{p.ID, w.ID}
			p.Status, p.CompletedOn, p.PromotedTo, p.UpdatedAt = graph.PairingCompleted, "2026-11-01", graph.LevelSenior, now
			w.Skills[0].Level, w.Skills[0].Certified, w.UpdatedAt = graph.LevelSenior, 2026, now
			return nil
		}))(t)
		if seen != [2]string{c.P1.ID, c.App1.ID} {
			t.Fatalf("fn saw pairing %s and worker %s, want %s and %s", seen[0], seen[1], c.P1.ID, c.App1.ID)
		}
		wantP, wantW := c.P1, c.App1
		wantP.Status, wantP.CompletedOn, wantP.PromotedTo, wantP.UpdatedAt = graph.PairingCompleted, "2026-11-01", graph.LevelSenior, now
		wantW.Skills = slices.Clone(wantW.Skills)
		wantW.Skills[0].Level, wantW.Skills[0].Certified, wantW.UpdatedAt = graph.LevelSenior, 2026, now
		RequireEqual(t, wantP, gotP)
		RequireEqual(t, wantW, gotW)
		unchanged(t, wantP, wantW)
		// Indexes follow both entities.
		workers := ok(s.ListWorkers(ctx, graph.WorkerFilter{SkillCode: SkillWelder, MinLevel: graph.LevelSenior}, graph.Page{}))(t)
		if !slices.Contains(ids(workers.Items, workerID), c.App1.ID) {
			t.Fatal("the promoted apprentice is missing from ListWorkers(welder ≥ senior)")
		}
		done := ok(s.ListPairings(ctx, graph.PairingFilter{MentorID: c.Master.ID, Status: graph.PairingCompleted}, graph.Page{}))(t)
		RequireEqual(t, []string{c.P1.ID, c.P3.ID}, sorted(ids(done.Items, pairingID)))
		open := ok(s.OpenMentees(ctx, []string{c.Master.ID}))(t)
		if open[c.Master.ID] != 0 {
			t.Fatalf("OpenMentees(Master) = %d after completing P1, want 0", open[c.Master.ID])
		}
	})
}

func testVisitAndProblems(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s, c := seeded(t, newStore)
	m := c.Maker
	extra := m.Problem("阀体铸件砂眼", c.Valve.ID, func(p *graph.Problem) {
		p.Skills = []graph.RequiredSkill{{Code: SkillWelder}}
	})
	must(t, s.CreateProblem(ctx, extra))
	visit := m.Visit(c.Valve.ID, "2026-05-06", func(v *graph.Visit) {
		v.Status = graph.VisitPlanned
		v.ProblemIDs = []string{extra.ID, c.Precision.ID} // not in ID order
		v.Invitations = []graph.Invitation{
			{ExpertID: c.CNC.ID, Status: graph.InvitationAccepted, RespondedAt: m.Now()},
			{ExpertID: c.Shangha.ID, Status: graph.InvitationPending},
		}
		v.ExpertIDs = []string{c.CNC.ID}
	})
	must(t, s.CreateVisit(ctx, visit))
	probs := []graph.Problem{extra, c.Precision}
	unchanged := func(t *testing.T) {
		t.Helper()
		RequireEqual(t, visit, ok(s.GetVisit(ctx, visit.ID))(t))
		RequireEqual(t, probs, ok(s.GetManyProblems(ctx, visit.ProblemIDs))(t))
	}
	schedule := func(v *graph.Visit, ps []graph.Problem) {
		v.Status = graph.VisitScheduled
		for i := range ps {
			ps[i].Status = graph.ProblemVisitScheduled
		}
	}
	t.Run("Rejected", func(t *testing.T) {
		cases := []struct {
			name string
			want error
			fn   func(v *graph.Visit, ps []graph.Problem) error
		}{
			{"FnError", errStop, func(v *graph.Visit, ps []graph.Problem) error { schedule(v, ps); return errStop }},
			{"InvalidProblem", graph.ErrInvalid, func(v *graph.Visit, ps []graph.Problem) error {
				schedule(v, ps)
				ps[1].Urgency = "SOMEDAY"
				return nil
			}},
			{"InvalidVisit", graph.ErrInvalid, func(v *graph.Visit, ps []graph.Problem) error {
				schedule(v, ps)
				v.Rating = 9
				return nil
			}},
			{"ProblemUnknownSolver", graph.ErrInvalid, func(v *graph.Visit, ps []graph.Problem) error {
				schedule(v, ps)
				ps[0].SolverIDs = []string{unknownID(m, graph.KindWorker)}
				return nil
			}},
			{"ProblemUnknownStudio", graph.ErrInvalid, func(v *graph.Visit, ps []graph.Problem) error {
				schedule(v, ps)
				ps[1].StudioIDs = []string{unknownID(m, graph.KindStudio)}
				return nil
			}},
			{"VisitUnknownExpert", graph.ErrInvalid, func(v *graph.Visit, ps []graph.Problem) error {
				schedule(v, ps)
				v.ExpertIDs = append(v.ExpertIDs, unknownID(m, graph.KindWorker))
				return nil
			}},
			{"DroppedProblem", graph.ErrInvalid, func(v *graph.Visit, ps []graph.Problem) error {
				schedule(v, ps)
				v.ProblemIDs = v.ProblemIDs[:1]
				return nil
			}},
			{"ReorderedProblems", graph.ErrInvalid, func(v *graph.Visit, ps []graph.Problem) error {
				v.ProblemIDs = []string{v.ProblemIDs[1], v.ProblemIDs[0]}
				return nil
			}},
			{"AddedProblem", graph.ErrInvalid, func(v *graph.Visit, ps []graph.Problem) error {
				v.ProblemIDs = append(v.ProblemIDs, c.Fault.ID)
				return nil
			}},
			{"ChangedProblemID", graph.ErrInvalid, func(v *graph.Visit, ps []graph.Problem) error {
				schedule(v, ps)
				ps[0].ID = c.Leak.ID
				return nil
			}},
			{"ChangedVisitID", graph.ErrInvalid, func(v *graph.Visit, ps []graph.Problem) error {
				v.ID = c.LeakVisit.ID
				return nil
			}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				_, _, err := s.UpdateVisitAndProblems(ctx, visit.ID, tc.fn)
				wantErr(t, err, tc.want)
				unchanged(t)
			})
		}
		_, _, err := s.UpdateVisitAndProblems(ctx, unknownID(m, graph.KindVisit), func(*graph.Visit, []graph.Problem) error { return nil })
		wantErr(t, err, graph.ErrNotFound)
		_, _, err = s.UpdateVisitAndProblems(ctx, c.Leak.ID, func(*graph.Visit, []graph.Problem) error { return nil })
		wantErr(t, err, graph.ErrInvalid)
		got := ok(s.ListProblems(ctx, graph.ProblemFilter{Status: graph.ProblemVisitScheduled}, graph.Page{}))(t)
		RequireEqual(t, []string{c.Fault.ID}, ids(got.Items, problemID))
	})
	t.Run("RoundTrip", func(t *testing.T) {
		now := m.Now()
		var seen []string
		gotV, gotPs := ok2v(s.UpdateVisitAndProblems(ctx, visit.ID, func(v *graph.Visit, ps []graph.Problem) error {
			seen = ids(ps, problemID)
			schedule(v, ps)
			v.Date, v.UpdatedAt = "2026-05-08", now
			for i := range ps {
				ps[i].UpdatedAt = now
			}
			ps[0].StudioIDs = []string{c.CNCStudio.ID}
			return nil
		}))(t)
		RequireEqual(t, visit.ProblemIDs, seen)
		visit.Status, visit.Date, visit.UpdatedAt = graph.VisitScheduled, "2026-05-08", now
		for i := range probs {
			probs[i].Status, probs[i].UpdatedAt = graph.ProblemVisitScheduled, now
		}
		probs[0].StudioIDs = []string{c.CNCStudio.ID}
		RequireEqual(t, visit, gotV)
		RequireEqual(t, probs, gotPs)
		unchanged(t)
		got := ok(s.ListProblems(ctx, graph.ProblemFilter{Status: graph.ProblemVisitScheduled}, graph.Page{}))(t)
		RequireEqual(t, sorted([]string{c.Fault.ID, c.Precision.ID, extra.ID}), ids(got.Items, problemID))
		open := ok(s.ListProblems(ctx, graph.ProblemFilter{Status: graph.ProblemOpen}, graph.Page{}))(t)
		if open.Total != 0 {
			t.Fatalf("problems still OPEN: %v", ids(open.Items, problemID))
		}
		vs := ok(s.ListVisits(ctx, graph.VisitFilter{Status: graph.VisitScheduled, EnterpriseID: c.Valve.ID}, graph.Page{}))(t)
		RequireEqual(t, []string{visit.ID}, ids(vs.Items, visitID))
		// The routed studio is now referenced.
		wantErr(t, s.DeleteStudio(ctx, c.CNCStudio.ID), graph.ErrConflict)
	})
}

func testNewFields(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s, c := seeded(t, newStore)
	m := c.Maker
	t.Run("ProblemRoundTrip", func(t *testing.T) {
		p := m.Problem("密封面泄漏", c.Heavy.ID, func(p *graph.Problem) {
			p.Status, p.SolvedOn, p.SolverIDs = graph.ProblemSolved, "2026-06-01", []string{c.Master.ID}
			p.StudioIDs = []string{c.WeldStudio.ID, c.CNCStudio.ID}
			p.Contact, p.Confidential = "李工 13800000000", "焊接电流 180A，保护气 Ar 99.99%"
		})
		must(t, s.CreateProblem(ctx, p))
		RequireEqual(t, p, ok(s.GetProblem(ctx, p.ID))(t))
		p = ok(s.UpdateProblem(ctx, p.ID, func(p *graph.Problem) error {
			p.StudioIDs, p.Contact, p.Confidential = p.StudioIDs[1:], "", "已公开"
			return nil
		}))(t)
		RequireEqual(t, p, ok(s.GetProblem(ctx, p.ID))(t))
		must(t, s.DeleteProblem(ctx, p.ID))
	})
	t.Run("ProblemUnknownStudio", func(t *testing.T) {
		p := m.Problem("无处可去", c.Heavy.ID, func(p *graph.Problem) {
			p.StudioIDs = []string{c.WeldStudio.ID, unknownID(m, graph.KindStudio)}
		})
		err := s.CreateProblem(ctx, p)
		wantErr(t, err, graph.ErrInvalid)
		wantField(t, err, "studioIds")
		must(t, absent(ok2(s.GetProblem(ctx, p.ID))))
		_, err = s.UpdateProblem(ctx, c.Precision.ID, func(p *graph.Problem) error {
			p.StudioIDs = []string{unknownID(m, graph.KindStudio)}
			return nil
		})
		wantField(t, err, "studioIds")
		RequireEqual(t, c.Precision, ok(s.GetProblem(ctx, c.Precision.ID))(t))
	})
	t.Run("DeleteRoutedStudio", func(t *testing.T) {
		st := m.Studio("攻关工作室", c.Master.ID, c.Heavy.ID)
		must(t, s.CreateStudio(ctx, st))
		routed := ok(s.UpdateProblem(ctx, c.Precision.ID, func(p *graph.Problem) error {
			p.StudioIDs = []string{st.ID}
			return nil
		}))(t)
		wantErr(t, s.DeleteStudio(ctx, st.ID), graph.ErrConflict)
		must(t, ok2(s.GetStudio(ctx, st.ID)))
		RequireEqual(t, routed, ok(s.GetProblem(ctx, c.Precision.ID))(t))
		ok(s.UpdateProblem(ctx, c.Precision.ID, func(p *graph.Problem) error { p.StudioIDs = nil; return nil }))(t)
		must(t, s.DeleteStudio(ctx, st.ID))
	})
	t.Run("VisitInvitations", func(t *testing.T) {
		guest := m.Worker("受邀专家", c.Pudong.ID)
		must(t, s.CreateWorker(ctx, guest))
		v := m.Visit(c.Valve.ID, "2026-07-01", func(v *graph.Visit) {
			v.Status, v.ProblemIDs = graph.VisitPlanned, []string{c.Precision.ID}
			v.Invitations = []graph.Invitation{
				{ExpertID: c.CNC.ID, Status: graph.InvitationAccepted, RespondedAt: m.Now()},
				{ExpertID: c.Shangha.ID, Status: graph.InvitationDeclined, RespondedAt: m.Now()},
				{ExpertID: guest.ID, Status: graph.InvitationPending},
			}
			v.ExpertIDs = []string{c.CNC.ID}
		})
		must(t, s.CreateVisit(ctx, v))
		RequireEqual(t, v, ok(s.GetVisit(ctx, v.ID))(t))
		// Listed by invitee whatever the answer, by expert only for those who went.
		for _, w := range []string{c.CNC.ID, c.Shangha.ID, guest.ID} {
			got := ok(s.ListVisits(ctx, graph.VisitFilter{InviteeID: w}, graph.Page{}))(t)
			if got.Total != 1 || got.Items[0].ID != v.ID {
				t.Fatalf("visits inviting %s: %d", w, got.Total)
			}
		}
		if got := ok(s.ListVisits(ctx, graph.VisitFilter{ExpertID: guest.ID}, graph.Page{}))(t); got.Total != 0 {
			t.Fatalf("an invited expert who has not accepted is listed as expert")
		}
		// The invitation references the worker.
		wantErr(t, s.DeleteWorker(ctx, guest.ID), graph.ErrConflict)
		must(t, ok2(s.GetWorker(ctx, guest.ID)))
		v = ok(s.UpdateVisit(ctx, v.ID, func(v *graph.Visit) error { v.Invitations = v.Invitations[:2]; return nil }))(t)
		RequireEqual(t, v, ok(s.GetVisit(ctx, v.ID))(t))
		must(t, s.DeleteWorker(ctx, guest.ID))
		// An unknown invited expert is ErrInvalid, on create and on update.
		bad := m.Visit(c.Valve.ID, "2026-07-02", func(b *graph.Visit) {
			b.Status, b.ProblemIDs = graph.VisitPlanned, []string{c.Precision.ID}
			b.Invitations = []graph.Invitation{{ExpertID: unknownID(m, graph.KindWorker), Status: graph.InvitationPending}}
		})
		err := s.CreateVisit(ctx, bad)
		wantErr(t, err, graph.ErrInvalid)
		wantField(t, err, "invitations.expertId")
		must(t, absent(ok2(s.GetVisit(ctx, bad.ID))))
		_, err = s.UpdateVisit(ctx, v.ID, func(v *graph.Visit) error {
			v.Invitations = append(v.Invitations, graph.Invitation{ExpertID: guest.ID, Status: graph.InvitationPending})
			return nil
		})
		wantField(t, err, "invitations.expertId")
		RequireEqual(t, v, ok(s.GetVisit(ctx, v.ID))(t))
	})
	t.Run("ImportReferences", func(t *testing.T) {
		// References into the batch itself resolve; one to nowhere fails the whole batch.
		ex := m.Worker("批量专家", c.Longshan.ID)
		st := m.Studio("批量工作室", ex.ID, c.Heavy.ID)
		p := m.Problem("批量难题", c.Heavy.ID, func(p *graph.Problem) { p.StudioIDs = []string{st.ID} })
		v := m.Visit(c.Heavy.ID, "2026-08-01", func(v *graph.Visit) {
			v.Status, v.ProblemIDs = graph.VisitPlanned, []string{p.ID}
			v.Invitations = []graph.Invitation{{ExpertID: ex.ID, Status: graph.InvitationPending}}
		})
		bad := m.Problem("坏难题", c.Heavy.ID, func(p *graph.Problem) { p.StudioIDs = []string{unknownID(m, graph.KindStudio)} })
		err := s.Import(ctx, graph.Batch{Workers: []graph.Worker{ex}, Studios: []graph.Studio{st},
			Problems: []graph.Problem{p, bad}, Visits: []graph.Visit{v}})
		wantErr(t, err, graph.ErrInvalid)
		must(t, absent(ok2(s.GetWorker(ctx, ex.ID))))
		must(t, absent(ok2(s.GetProblem(ctx, p.ID))))
		must(t, s.Import(ctx, graph.Batch{Workers: []graph.Worker{ex}, Studios: []graph.Studio{st},
			Problems: []graph.Problem{p}, Visits: []graph.Visit{v}}))
		RequireEqual(t, p, ok(s.GetProblem(ctx, p.ID))(t))
		RequireEqual(t, v, ok(s.GetVisit(ctx, v.ID))(t))
		wantErr(t, s.DeleteStudio(ctx, st.ID), graph.ErrConflict)
		must(t, s.DeleteVisit(ctx, v.ID))
	})
	t.Run("PairingRoundTrip", func(t *testing.T) {
		p := m.Pairing(c.Shangha.ID, c.App3.ID, graph.PairingCompleted, func(p *graph.Pairing) {
			p.Origin, p.CompletedOn, p.PromotedTo = graph.OriginCampaign, "2026-09-30", graph.LevelIntermediate
		})
		must(t, s.CreatePairing(ctx, p))
		RequireEqual(t, p, ok(s.GetPairing(ctx, p.ID))(t))
		p = ok(s.UpdatePairing(ctx, p.ID, func(p *graph.Pairing) error { p.Origin = graph.OriginUnion; return nil }))(t)
		RequireEqual(t, p, ok(s.GetPairing(ctx, p.ID))(t))
	})
}

// testWorkflow drives the Service's guarded workflow steps over the store: they rely on the
// atomic updates and the capacity rule.
func testWorkflow(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s, c := seeded(t, newStore)
	svc := graph.NewService(s, nil, nil)
	t.Run("Pairing", func(t *testing.T) {
		// Shangha (CNC L1, capacity 2) takes App3 on; App3 holds no CNC trade yet.
		p := ok(svc.RequestMentor(ctx, c.App3.ID, c.Shangha.ID, graph.Agreement{}))(t)
		if p.Status != graph.PairingProposed || p.Origin != graph.OriginRequest {
			t.Fatalf("requested pairing is %s/%s, want PROPOSED/REQUEST", p.Status, p.Origin)
		}
		_, err := svc.RequestMentor(ctx, c.App3.ID, c.Shangha.ID, graph.Agreement{})
		wantErr(t, err, graph.ErrConflict)
		ok(svc.RespondPairing(ctx, p.ID, true, ""))(t)
		_, err = svc.RespondPairing(ctx, p.ID, true, "")
		wantErr(t, err, graph.ErrConflict)
		p = ok(svc.SignAgreement(ctx, p.ID, graph.Agreement{SkillCode: SkillCNC, TargetLevel: graph.LevelIntermediate,
			Deadline: "2099-12-31", Goal: "取得数控中级工证书"}))(t)
		if p.Status != graph.PairingActive {
			t.Fatalf("signed pairing is %s, want ACTIVE", p.Status)
		}
		p = ok(svc.CompletePairing(ctx, p.ID))(t)
		if p.Status != graph.PairingCompleted || p.PromotedTo != graph.LevelIntermediate || p.CompletedOn == "" {
			t.Fatalf("completed pairing: status %s, promotedTo %v, completedOn %q", p.Status, p.PromotedTo, p.CompletedOn)
		}
		RequireEqual(t, p, ok(s.GetPairing(ctx, p.ID))(t))
		w := ok(s.GetWorker(ctx, c.App3.ID))(t)
		if sk, has := w.Skill(SkillCNC); !has || sk.Level != graph.LevelIntermediate {
			t.Fatalf("apprentice's CNC standing = %+v (held: %v), want INTERMEDIATE", sk, has)
		}
		_, err = svc.CompletePairing(ctx, p.ID)
		wantErr(t, err, graph.ErrConflict)
	})
	t.Run("PairingCapacity", func(t *testing.T) {
		// Elec has capacity 1; open him up and let two apprentices race for the slot.
		ok(s.UpdateWorker(ctx, c.Elec.ID, func(w *graph.Worker) error { w.AcceptingMentees = true; return nil }))(t)
		p1 := ok(svc.RequestMentor(ctx, c.App3.ID, c.Elec.ID, graph.Agreement{}))(t)
		p2 := ok(svc.RequestMentor(ctx, c.App2.ID, c.Elec.ID, graph.Agreement{}))(t)
		ok(svc.RespondPairing(ctx, p1.ID, true, ""))(t)
		_, err := svc.RespondPairing(ctx, p2.ID, true, "")
		wantErr(t, err, graph.ErrConflict)
		got := ok(svc.RespondPairing(ctx, p2.ID, false, "名额已满"))(t)
		if got.Status != graph.PairingDeclined {
			t.Fatalf("declined pairing is %s", got.Status)
		}
		_, err = svc.RequestMentor(ctx, c.App1.ID, c.Elec.ID, graph.Agreement{})
		wantErr(t, err, graph.ErrConflict)
	})
	t.Run("Visit", func(t *testing.T) {
		v := ok(svc.ProposeVisit(ctx, graph.VisitInput{EnterpriseID: c.Valve.ID, ProblemIDs: []string{c.Precision.ID},
			ExpertIDs: []string{c.CNC.ID, c.Shangha.ID}}))(t)
		if v.Status != graph.VisitPlanned || len(v.Invitations) != 2 {
			t.Fatalf("proposed visit: %s with %d invitations", v.Status, len(v.Invitations))
		}
		RequireEqual(t, v, ok(s.GetVisit(ctx, v.ID))(t))
		_, err := svc.ScheduleVisit(ctx, v.ID, "")
		wantErr(t, err, graph.ErrConflict) // nobody accepted yet
		ok(svc.RespondInvitation(ctx, v.ID, c.CNC.ID, true))(t)
		ok(svc.RespondInvitation(ctx, v.ID, c.Shangha.ID, false))(t)
		v = ok(svc.ScheduleVisit(ctx, v.ID, "2026-01-15"))(t)
		if pr := ok(s.GetProblem(ctx, c.Precision.ID))(t); pr.Status != graph.ProblemVisitScheduled {
			t.Fatalf("problem is %s after scheduling, want VISIT_SCHEDULED", pr.Status)
		}
		ok(svc.RecordOutcomes(ctx, v.ID, []graph.ProblemOutcome{{ProblemID: c.Precision.ID, Result: graph.OutcomeSolved, Notes: "更换主轴轴承"}}))(t)
		pr := ok(s.GetProblem(ctx, c.Precision.ID))(t)
		if pr.Status != graph.ProblemSolved || pr.SolvedOn != "2026-01-15" || !slices.Equal(pr.SolverIDs, []string{c.CNC.ID}) {
			t.Fatalf("problem after the visit: %s, solved on %q by %v", pr.Status, pr.SolvedOn, pr.SolverIDs)
		}
		solved := ok(s.ListProblems(ctx, graph.ProblemFilter{SolverID: c.CNC.ID}, graph.Page{}))(t)
		RequireEqual(t, []string{c.Precision.ID}, ids(solved.Items, problemID))
	})
}

// ok2v takes a (value, value, error) triple and returns a function that fails t on the error
// and otherwise returns both values.
func ok2v[A, B any](a A, b B, err error) func(t testing.TB) (A, B) {
	return func(t testing.TB) (A, B) {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return a, b
	}
}

// sorted returns a sorted copy of ss.
func sorted(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return out
}

package demo

import (
	"slices"
	"strings"
	"testing"
	"time"

	"jiangxin/graph"
)

// TestWellKnownIDs pins the default city's headline IDs: the README, the API latency bench and
// other packages' tests quote them literally.
func TestWellKnownIDs(t *testing.T) {
	_, sum := build(t, Options{})
	tests := []struct{ name, got, want string }{
		{"city region", sum.CityRegionID, "reg_01KJKB3Q02WXWCV8RYP4PEJWY0"},
		{"city union", sum.CityUnionID, "uni_01KJKB3Q04BZV02CYQP22D2995"},
		{"model worker", sum.ModelWorkerID, "wkr_01KJKEHJMDSF5JAYM7NRF44VX5"},
		{"model enterprise", sum.ModelEnterpriseID, "ent_01KJKEHJM1DYSB9X96SERPRGQS"},
		{"patent studio", sum.PatentStudioID, "stu_01KJKEHJXDYFHSAQJ2PE18KPBB"},
		{"apprentice 张鹏", sum.LineageIDs[3], "wkr_01KJKEHJMMTYDFE20G32EP79E3"},
		{"active pairing", sum.ActivePairingID, "pai_01KJKEHJSZ2A34FV1158YDQZFX"},
		{"proposed pairing", sum.ProposedPairingID, "pai_01KJKEHJT9614AX3P325P4WFMY"},
		{"welding problem", sum.WeldingProblemID, "prb_01KJKEHJXE9TM1PJ4SJ75FH4TD"},
		{"open welding problem", sum.OpenWeldingProblemID, "prb_01KJKEHJXHYCV4MM0MWRQQ4Q86"},
		{"CNC problem", sum.CNCProblemID, "prb_01KJKEHJXJNS87X1YGJ88DE7ME"},
		{"done visit", sum.DoneVisitID, "vis_01KJKEHJXGJJZ7C1TSK6QM6AEJ"},
		{"scheduled visit", sum.ScheduledVisitID, "vis_01KJKEHJXKHM7NST2585ZWBY36"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Fatalf("%s = %s, want %s", tt.name, tt.got, tt.want)
			}
		})
	}
}

// TestWorkflowFields checks the fields the workflow steps maintain: pairing origins,
// completions and promotions, stalled reviews, solving dates, private problem details, studio
// routing and visit invitations.
func TestWorkflowFields(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
	}{{"default", Options{}}, {"seed 7", Options{Seed: 7, Workers: 900}}} {
		t.Run(tc.name, func(t *testing.T) { checkWorkflowFields(t, tc.opts) })
	}
}

// checkWorkflowFields runs the checks of TestWorkflowFields on the city of opts.
func checkWorkflowFields(t *testing.T, opts Options) {
	b, sum := build(t, opts)
	w := newWorld(b)
	base := date(sum.Base)
	t.Run("pairing origins", func(t *testing.T) {
		seen := map[graph.PairingOrigin]int{}
		for _, p := range b.Pairings {
			seen[p.Origin]++
			if (p.Origin == graph.OriginCampaign) != (p.Score > 0) {
				t.Errorf("pairing %s: origin %s with score %v", p.ID, p.Origin, p.Score)
			}
		}
		if seen[""] != 0 || seen[graph.OriginRequest] == 0 || seen[graph.OriginRequest] >= seen[graph.OriginUnion]+seen[graph.OriginCampaign] {
			t.Errorf("origins %v: want every pairing set, mostly UNION/CAMPAIGN, some REQUEST", seen)
		}
	})
	t.Run("completions and promotions", func(t *testing.T) {
		promoted := 0
		for _, p := range b.Pairings {
			if p.Status != graph.PairingCompleted {
				if p.CompletedOn != "" || p.PromotedTo != graph.LevelNone {
					t.Errorf("%s pairing %s completed on %q, promoted to %v", p.Status, p.ID, p.CompletedOn, p.PromotedTo)
				}
				continue
			}
			if last := p.Reviews[len(p.Reviews)-1]; p.CompletedOn != last.Date || p.CompletedOn > base {
				t.Errorf("pairing %s completed on %q, last review %s", p.ID, p.CompletedOn, last.Date)
			}
			if p.PromotedTo == graph.LevelNone {
				continue
			}
			promoted++
			ws, ok := w.workers[p.ApprenticeID].Skill(p.Agreement.SkillCode)
			if p.PromotedTo != p.Agreement.TargetLevel || !ok || !ws.Level.AtLeast(p.PromotedTo) {
				t.Errorf("pairing %s promoted to %v; target %v, apprentice now %v", p.ID, p.PromotedTo, p.Agreement.TargetLevel, ws.Level)
			}
		}
		if promoted == 0 {
			t.Error("no promotion")
		}
		if p := w.pairings[sum.CompletedPairingID]; p.PromotedTo != graph.LevelSenior || p.CompletedOn != "2012-06-30" {
			t.Errorf("story completion %s %v", p.CompletedOn, p.PromotedTo)
		}
	})
	t.Run("a few active pairings are stalled", func(t *testing.T) {
		active, stalled := 0, 0
		for _, p := range b.Pairings {
			if p.Status != graph.PairingActive {
				continue
			}
			active++
			if p.Agreement.ReviewCadenceDays <= 0 {
				t.Errorf("active pairing %s has no review cadence", p.ID)
			}
			last := p.Agreement.SignedOn
			for _, r := range p.Reviews {
				last = max(last, r.Date)
			}
			if last.Time().AddDate(0, 0, p.Agreement.ReviewCadenceDays).Before(sum.Base) {
				stalled++
				if p.ID == sum.ActivePairingID {
					t.Error("the story's active pairing is stalled")
				}
			}
		}
		if stalled < len(districts) || stalled*5 > active {
			t.Errorf("%d of %d active pairings stalled, want one per district and a minority", stalled, active)
		}
	})
	t.Run("solved problems carry their date", func(t *testing.T) {
		byVisit := map[string]graph.Date{}
		for _, v := range b.Visits {
			for _, o := range v.Outcomes {
				if o.Result == graph.OutcomeSolved {
					byVisit[o.ProblemID] = v.Date
				}
			}
		}
		for _, p := range b.Problems {
			switch {
			case p.Status != graph.ProblemSolved && p.SolvedOn != "":
				t.Errorf("%s problem %s solved on %s", p.Status, p.ID, p.SolvedOn)
			case p.Status == graph.ProblemSolved && (p.SolvedOn == "" || p.SolvedOn > base):
				t.Errorf("solved problem %s solved on %q", p.ID, p.SolvedOn)
			case byVisit[p.ID] != "" && p.SolvedOn != byVisit[p.ID]:
				t.Errorf("problem %s solved on %s, its visit was on %s", p.ID, p.SolvedOn, byVisit[p.ID])
			}
		}
		if got, want := w.problems[sum.WeldingProblemID].SolvedOn, w.visits[sum.DoneVisitID].Date; got != want {
			t.Errorf("the welding leak was solved on %s, its visit was on %s", got, want)
		}
	})
	t.Run("private details and routing", func(t *testing.T) {
		private, routed := 0, 0
		for _, p := range b.Problems {
			if (p.Contact == "") != (p.Confidential == "") {
				t.Errorf("problem %s: contact %q, confidential %q", p.ID, p.Contact, p.Confidential)
			}
			if p.Contact != "" {
				private++
				if !strings.HasPrefix(p.Contact, "联系人：") || !strings.Contains(p.Contact, "电话 0731-8") {
					t.Errorf("contact %q", p.Contact)
				}
			}
			for _, id := range p.StudioIDs {
				routed++
				s, ok := w.studios[id]
				if !ok || !slices.Contains(s.SpecialtyCodes, p.Skills[0].Code) || p.Status == graph.ProblemSolved || p.Status == graph.ProblemClosed {
					t.Errorf("problem %s (%s) routed to unknown or unfit studio %s", p.ID, p.Status, id)
				}
			}
		}
		if private == 0 || private*2 > len(b.Problems) {
			t.Errorf("%d of %d problems have private details", private, len(b.Problems))
		}
		if routed < 1 || routed > 2 {
			t.Errorf("%d problems routed to studios, want one or two", routed)
		}
		if p := w.problems[sum.RoutedProblemID]; !slices.Equal(p.StudioIDs, []string{sum.ModelWorkerStudioID}) || p.Contact == "" {
			t.Errorf("routed problem %+v", p)
		}
		if p := w.problems[sum.WeldingProblemID]; p.Contact == "" || p.Confidential == "" {
			t.Error("the story's welding leak has no private details")
		}
	})
	t.Run("invitations", func(t *testing.T) {
		declined := 0
		for _, v := range b.Visits {
			var accepted []string
			for _, in := range v.Invitations {
				if e, ok := w.workers[in.ExpertID]; !ok || !e.HasRole(graph.RoleCraftsman) {
					t.Errorf("visit %s invites %s, no known craftsman", v.ID, in.ExpertID)
				}
				switch in.Status {
				case graph.InvitationAccepted:
					accepted = append(accepted, in.ExpertID)
				case graph.InvitationDeclined:
					declined++
					if slices.Contains(v.ExpertIDs, in.ExpertID) {
						t.Errorf("visit %s: %s declined yet went", v.ID, in.ExpertID)
					}
				}
				if (in.Status == graph.InvitationPending) != in.RespondedAt.IsZero() || in.RespondedAt.After(sum.Base) ||
					!in.RespondedAt.IsZero() && in.RespondedAt.Location() != time.UTC {
					t.Errorf("visit %s: invitation %+v", v.ID, in)
				}
			}
			if !slices.Equal(accepted, v.ExpertIDs) {
				t.Errorf("visit %s: accepted %v, experts %v", v.ID, accepted, v.ExpertIDs)
			}
		}
		if declined == 0 {
			t.Error("no declined invitation")
		}
		done := w.visits[sum.DoneVisitID]
		if !slices.ContainsFunc(done.Invitations, func(in graph.Invitation) bool {
			return in.ExpertID == sum.LineageIDs[0] && in.Status == graph.InvitationDeclined
		}) {
			t.Errorf("the story visit lacks 刘长庚's declined invitation: %+v", done.Invitations)
		}
	})
	t.Run("planned visit", func(t *testing.T) {
		v, ok := w.visits[sum.PlannedVisitID]
		if !ok || v.Status != graph.VisitPlanned || len(v.ExpertIDs) != 0 || v.Date <= base ||
			!slices.Equal(v.ProblemIDs, []string{sum.OpenWeldingProblemID}) || len(v.Invitations) != 2 {
			t.Fatalf("planned visit %+v", v)
		}
		for _, in := range v.Invitations {
			if in.Status != graph.InvitationPending {
				t.Errorf("invitation %+v answered", in)
			}
		}
		if p := w.problems[sum.OpenWeldingProblemID]; p.Status != graph.ProblemOpen {
			t.Errorf("planned visit's problem is %s", p.Status)
		}
		planned := 0
		for _, v := range b.Visits {
			if v.Status == graph.VisitPlanned {
				planned++
			}
		}
		if planned != 1 {
			t.Errorf("%d planned visits, want 1", planned)
		}
	})
}

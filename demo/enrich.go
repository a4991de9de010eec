package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"jiangxin/graph"
)

// enrich fills in the workflow fields of a finished district chunk: pairing origins,
// completion dates and promotions, a few stalled pairings, problem solving dates, private
// contacts and confidential notes, studio routing, visit invitations and (in the story
// district) a PLANNED visit awaiting answers.
//
// It draws from its own random stream and creates IDs only after every other entity of the
// chunk, so that the entities and IDs generated before it stay exactly as they were.
func (dg *dgen) enrich(st *story) {
	x := &gen{r: rand.New(rand.NewPCG(uint64(dg.o.Seed), (uint64(dg.d)+1)^0xd1b54a32d192ed03)), base: dg.base}
	idx := make(map[string]int, len(dg.b.Workers))
	for i := range dg.b.Workers {
		idx[dg.b.Workers[i].ID] = i
	}
	dg.enrichPairings(x, idx)
	dg.stallPairings(x, idx)
	solvedOn := dg.enrichVisits(x, idx, st)
	dg.enrichProblems(x, solvedOn, st)
	if st != nil {
		dg.plannedVisit(st)
	}
}

// enrichPairings sets every pairing's origin (proposals with a match score come from a campaign
// run, the others mostly from a union officer, some from the apprentice's request) and, for
// COMPLETED ones, the completion date (the final review) and the level the apprentice was raised
// to (the target, which the apprentice holds by now).
func (dg *dgen) enrichPairings(x *gen, idx map[string]int) {
	for i := range dg.b.Pairings {
		p := &dg.b.Pairings[i]
		switch {
		case p.Score > 0:
			p.Origin = graph.OriginCampaign
		case x.chance(0.2):
			p.Origin = graph.OriginRequest
		default:
			p.Origin = graph.OriginUnion
		}
		if p.Status != graph.PairingCompleted {
			continue
		}
		p.CompletedOn = p.Agreement.Deadline
		if n := len(p.Reviews); n > 0 {
			p.CompletedOn = p.Reviews[n-1].Date
		}
		if ws, ok := dg.b.Workers[idx[p.ApprenticeID]].Skill(p.Agreement.SkillCode); ok && ws.Level.Valid() &&
			ws.Level.AtLeast(p.Agreement.TargetLevel) {
			p.PromotedTo = p.Agreement.TargetLevel
		}
	}
}

// stallPairings lets the reviews of a few ACTIVE pairings (never the story's) lapse: their
// latest reviews are dropped so that the last activity lies well beyond the review cadence
// before the base date. Every district gets at least one stalled pairing when it has a
// candidate.
func (dg *dgen) stallPairings(x *gen, idx map[string]int) {
	var cands []int
	for i, p := range dg.b.Pairings {
		if p.Status != graph.PairingActive || p.Agreement.ReviewCadenceDays == 0 ||
			dg.wks[idx[p.MentorID]].story || dg.wks[idx[p.ApprenticeID]].story {
			continue
		}
		// Signed long enough ago that even without any review it is overdue.
		if p.Agreement.SignedOn.Time().AddDate(0, 0, p.Agreement.ReviewCadenceDays+30).Before(dg.base) {
			cands = append(cands, i)
		}
	}
	stalled := 0
	for k, i := range cands {
		if !x.chance(0.07) && !(stalled == 0 && k == len(cands)-1) {
			continue
		}
		p := &dg.b.Pairings[i]
		cut := date(dg.base.AddDate(0, 0, -p.Agreement.ReviewCadenceDays-x.between(10, 120)))
		p.Reviews = slices.DeleteFunc(p.Reviews, func(r graph.Review) bool { return r.Date > cut })
		if len(p.Reviews) == 0 {
			p.Reviews = nil
		}
		stalled++
	}
}

// enrichVisits gives every visit its invitations: each expert who went accepted some days
// before the visit, and about a third of the visits (always the story's solved one) also
// record an expert who declined. It returns the date each problem was solved on by a visit.
func (dg *dgen) enrichVisits(x *gen, idx map[string]int, st *story) map[string]graph.Date {
	code := make(map[string]string, len(dg.b.Problems))
	for _, p := range dg.b.Problems {
		if len(p.Skills) > 0 {
			code[p.ID] = p.Skills[0].Code
		}
	}
	solvedOn := map[string]graph.Date{}
	for i := range dg.b.Visits {
		v := &dg.b.Visits[i]
		for _, o := range v.Outcomes {
			if o.Result == graph.OutcomeSolved {
				solvedOn[o.ProblemID] = v.Date
			}
		}
		if len(v.ExpertIDs) == 0 {
			continue
		}
		answered := func() time.Time {
			t := v.Date.Time().AddDate(0, 0, -x.between(3, 20))
			if limit := dg.base.AddDate(0, 0, -x.between(1, 5)); t.After(limit) {
				t = limit
			}
			return t.Add(time.Duration(x.between(8*60, 18*60)) * time.Minute)
		}
		for _, e := range v.ExpertIDs {
			v.Invitations = append(v.Invitations, graph.Invitation{ExpertID: e, Status: graph.InvitationAccepted, RespondedAt: answered()})
		}
		decliner := -1
		switch {
		case st != nil && v.ID == dg.sum.DoneVisitID:
			decliner = st.liu // the retired master leaves the visit to his pupils
		case x.chance(0.3) && len(v.ProblemIDs) > 0:
			pool := dg.all[code[v.ProblemIDs[0]]]
			for try := 0; try < 6 && len(pool) > 0; try++ {
				m := one(x, pool)
				if !slices.Contains(v.ExpertIDs, dg.b.Workers[m].ID) && dg.b.Workers[m].EnterpriseID != v.EnterpriseID {
					decliner = m
					break
				}
			}
		}
		if decliner >= 0 {
			v.Invitations = append(v.Invitations, graph.Invitation{ExpertID: dg.b.Workers[decliner].ID,
				Status: graph.InvitationDeclined, RespondedAt: answered()})
		}
	}
	return solvedOn
}

// Contacts and confidential notes of problems.
var (
	contactRoles = []string{"设备部", "技术部", "生产部", "质量部", "工艺科", "人力资源部"}
	secretNotes  = []string{
		"内部资料：现行%s工艺参数（电流、电压、速度）及近三个月不合格品明细，图号 %s-%04d，仅向受邀专家及承接工作室开放。",
		"保密：%s关键工序作业指导书与产品图纸（图号 %s-%04d），含客户技术协议条款，请勿外传。",
		"涉密数据：%s试制批次检测报告与工艺卡（编号 %s-%04d），企业要求专家签署保密承诺后查阅。",
	}
)

// enrichProblems dates SOLVED problems (the solving visit's date, else a past date), gives
// about a quarter of the problems (and every story problem) a private contact and confidential
// notes, and routes the story's warping problem, and one more open problem of the story
// district, to a studio.
func (dg *dgen) enrichProblems(x *gen, solvedOn map[string]graph.Date, st *story) {
	for i := range dg.b.Problems {
		p := &dg.b.Problems[i]
		if p.Status == graph.ProblemSolved {
			p.SolvedOn = solvedOn[p.ID]
			if p.SolvedOn == "" {
				p.SolvedOn = date(dg.base.AddDate(0, 0, -x.between(10, 400)))
			}
		}
		story := st != nil && (p.EnterpriseID == dg.b.Enterprises[st.enviro].ID || p.EnterpriseID == dg.b.Enterprises[st.auto].ID)
		if !story && !x.chance(0.25) {
			continue
		}
		surname := pick(x, surnames)
		p.Contact = fmt.Sprintf("联系人：%s工（%s） 电话 0731-8%07d", surname, one(x, contactRoles), x.between(0, 9_999_999))
		name := dg.cat.name(p.Skills[0].Code)
		p.Confidential = fmt.Sprintf(one(x, secretNotes), name, string([]rune("HYQDKZ")[x.r.IntN(6)])+"J", x.between(1, 9999))
	}
	if st == nil {
		return
	}
	// The story's warping problem goes to 王建湘劳模创新工作室.
	for i := range dg.b.Problems {
		p := &dg.b.Problems[i]
		if p.EnterpriseID == dg.b.Enterprises[st.enviro].ID && p.Status == graph.ProblemMatched {
			p.StudioIDs = []string{dg.sum.ModelWorkerStudioID}
			dg.sum.RoutedProblemID = p.ID
			break
		}
	}
	// And one random open problem of the district to a studio of its trade.
	for _, i := range x.r.Perm(len(dg.b.Problems)) {
		p := &dg.b.Problems[i]
		if (p.Status != graph.ProblemOpen && p.Status != graph.ProblemMatched) || len(p.StudioIDs) > 0 || p.ID == dg.sum.OpenWeldingProblemID {
			continue
		}
		k := slices.IndexFunc(dg.b.Studios, func(s graph.Studio) bool {
			return slices.Contains(s.SpecialtyCodes, p.Skills[0].Code) && s.ID != dg.sum.ModelWorkerStudioID
		})
		if k >= 0 {
			p.StudioIDs = []string{dg.b.Studios[k].ID}
			break
		}
	}
}

// plannedVisit adds a PLANNED visit to the story's open welding problem, three weeks after the
// base date, with the invitations of 王建湘 and 李志强 still unanswered.
func (dg *dgen) plannedVisit(st *story) {
	id, at := dg.next(graph.KindVisit)
	v := graph.Visit{ID: id, EnterpriseID: dg.b.Enterprises[st.auto].ID, ProblemIDs: []string{dg.sum.OpenWeldingProblemID},
		Date: date(dg.base.AddDate(0, 0, 21)), Status: graph.VisitPlanned, CreatedAt: at, UpdatedAt: at,
		Invitations: []graph.Invitation{
			{ExpertID: dg.b.Workers[st.wang].ID, Status: graph.InvitationPending},
			{ExpertID: dg.b.Workers[st.li].ID, Status: graph.InvitationPending},
		}}
	dg.b.Visits = append(dg.b.Visits, v)
	dg.sum.PlannedVisitID = id
}

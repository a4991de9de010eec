package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jiangxin/auth"
	"jiangxin/demo"
)

// The workflow tests drive each programme (师徒结对, 专家进企业, 创新工作室, the union dashboards)
// through the HTTP API as its real users do: every step signed in as the account that takes it,
// every step followed by a check of the state it left. They add workers and accounts of their
// own, so the shared demo server stays usable for the other tests.

const weldingCode = "6-18-02-04" // 焊工

// wfSeq makes usernames and names unique within the test process (the shared server outlives
// one test, and -count may run a test twice against it).
var wfSeq atomic.Int64

func wfUniq(prefix string) string {
	return fmt.Sprintf("%s%d.%d", prefix, time.Now().UnixNano()%1_000_000, wfSeq.Add(1))
}

// wf is one workflow test's view of the shared server of one backend.
type wf struct {
	t     *testing.T
	s     *server
	sum   demo.Summary
	admin *server
}

func newWF(t *testing.T, backend string, sum demo.Summary) *wf {
	t.Helper()
	s := startServer(t, backend)
	w := &wf{t: t, s: s, sum: sum}
	w.admin = w.as("admin")
	return w
}

// as returns a client signed in as username whose failures are reported on w's test.
func (w *wf) as(username string) *server {
	w.t.Helper()
	c := *w.s
	c.t = w.t
	return c.as(username)
}

// on returns a copy of w reporting on t (for subtests).
func (w *wf) on(t *testing.T) *wf {
	c := *w
	c.t = t
	c.admin = c.as("admin")
	return &c
}

// must runs a query that must succeed and returns its data.
func (w *wf) must(c *server, query string, vars map[string]any) map[string]any {
	w.t.Helper()
	c2 := *c
	c2.t = w.t
	return c2.post(query, vars).mustData(w.t)
}

// fails runs a query that must fail with exactly the error code want.
func (w *wf) fails(c *server, want, query string, vars map[string]any) {
	w.t.Helper()
	c2 := *c
	c2.t = w.t
	r := c2.post(query, vars)
	if codes := r.codes(); len(codes) == 0 || codes[0] != want {
		w.t.Fatalf("want %s, got %v: %s", want, codes, r.Raw)
	}
}

// worker creates a worker at the demo's model enterprise (长沙恒岳重工) and returns its ID.
func (w *wf) worker(name string, roles []string, capacity int, level string) string {
	w.t.Helper()
	d := w.must(w.admin, `mutation($in: WorkerInput!) { createWorker(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"name": name, "regionId": w.sum.CityRegionID, "enterpriseId": w.sum.ModelEnterpriseID, "roles": roles,
		"mentorCapacity": capacity, "acceptingMentees": capacity > 0,
		"skills": []map[string]any{{"code": weldingCode, "level": level, "primary": true}},
	}})
	return dig(d, "createWorker.id").(string)
}

// account creates an account as admin and returns a client signed in as it, and its ID.
func (w *wf) account(role, scopeID string) (*server, string) {
	w.t.Helper()
	username := wfUniq("wf." + map[string]string{"CRAFTSMAN": "c", "APPRENTICE": "a", "ENTERPRISE": "e",
		"UNION_OFFICER": "o", "ADMIN": "x"}[role])
	in := map[string]any{"username": username, "password": DemoPassword, "role": role}
	if scopeID != "" {
		in["scopeId"] = scopeID
	}
	d := w.must(w.admin, `mutation($in: AccountInput!) { createAccount(input: $in) { id username role } }`, map[string]any{"in": in})
	if dig(d, "createAccount.username") != username || dig(d, "createAccount.role") != role {
		w.t.Fatalf("createAccount: %v", d)
	}
	return w.as(username), dig(d, "createAccount.id").(string)
}

// pairing reads a pairing's workflow state.
func (w *wf) pairing(id string) map[string]any {
	w.t.Helper()
	return dig(w.must(w.s.as(""), `query($id: ID!) { pairing(id: $id) {
		status origin award terminationReason completedOn promotedTo
		agreement { signedOn skill { code } targetLevel deadline goal reviewCadenceDays }
		reviews { note levelReached }
		mentor { id openMentees } apprentice { id skills { skill { code } level } } } }`,
		map[string]any{"id": id}), "pairing").(map[string]any)
}

func (w *wf) openMentees(workerID string) int {
	w.t.Helper()
	d := w.must(w.s.as(""), `query($id: ID!) { worker(id: $id) { openMentees } }`, map[string]any{"id": workerID})
	return int(dig(d, "worker.openMentees").(float64))
}

// level returns a worker's level in the welding trade ("" when missing or uncertified).
func (w *wf) level(workerID string) string {
	w.t.Helper()
	d := w.must(w.s.as(""), `query($id: ID!) { worker(id: $id) { skills { skill { code } level } } }`, map[string]any{"id": workerID})
	for _, s := range dig(d, "worker.skills").([]any) {
		if dig(s, "skill.code") == weldingCode {
			l, _ := dig(s, "level").(string)
			return l
		}
	}
	return ""
}

func wantEq(t *testing.T, what string, got, want any) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

const (
	qRequest   = `mutation($m: ID!, $a: AgreementInput) { requestMentor(mentorId: $m, agreement: $a) { id status origin mentor { id } apprentice { id } } }`
	qRespond   = `mutation($id: ID!, $ok: Boolean!, $r: String) { respondPairing(id: $id, accept: $ok, reason: $r) { id status terminationReason } }`
	qSign      = `mutation($id: ID!, $a: AgreementInput!) { signAgreement(id: $id, agreement: $a) { status agreement { signedOn targetLevel } } }`
	qReview    = `mutation($id: ID!, $in: ReviewInput!) { addReview(pairingId: $id, input: $in) { status reviews { note } } }`
	qComplete  = `mutation($id: ID!) { completePairing(id: $id) { status completedOn promotedTo } }`
	qTerminate = `mutation($id: ID!, $r: String!) { terminatePairing(id: $id, reason: $r) { status terminationReason } }`
	qAward     = `mutation($id: ID!, $a: String!) { awardPairing(id: $id, award: $a) { status award } }`
)

// goal is a signed agreement in the welding trade up to INTERMEDIATE.
var goal = map[string]any{"skillCode": weldingCode, "targetLevel": "INTERMEDIATE", "deadline": "2027-06-30",
	"reviewCadenceDays": 30, "goal": "一年内达到焊工中级工"}

// TestWorkflowPairing walks a master–apprentice pairing from the apprentice's request to the
// union's award, with the decline and termination paths and the illegal moves on the way.
func TestWorkflowPairing(t *testing.T) {
	_, sum, err := demo.Build(demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, backend := range backends(t) {
		t.Run(backend, func(t *testing.T) {
			w := newWF(t, backend, sum)
			t.Run("request to award", func(t *testing.T) { testPairingHappyPath(w.on(t)) })
			t.Run("decline and terminate", func(t *testing.T) { testPairingDecline(w.on(t)) })
		})
	}
}

func testPairingHappyPath(w *wf) {
	t := w.t
	mentor := w.worker(wfUniq("师傅"), []string{"CRAFTSMAN"}, 2, "TECHNICIAN")
	appr := w.worker(wfUniq("徒弟"), []string{"APPRENTICE"}, 0, "JUNIOR")
	mc, _ := w.account("CRAFTSMAN", mentor)
	ac, _ := w.account("APPRENTICE", appr)
	officer := w.as("cs.union")

	d := w.must(ac, qRequest, map[string]any{"m": mentor, "a": map[string]any{"goal": "想学不锈钢TIG焊"}})
	id := dig(d, "requestMentor.id").(string)
	wantEq(t, "requested status", dig(d, "requestMentor.status"), "PROPOSED")
	wantEq(t, "origin", dig(d, "requestMentor.origin"), "REQUEST")
	wantEq(t, "apprentice", dig(d, "requestMentor.apprentice.id"), appr)
	wantEq(t, "mentor's open mentees", w.openMentees(mentor), 1)

	// Steps out of turn or by the wrong party are refused and change nothing.
	illegal := []struct {
		name, code, query string
		c                 *server
		vars              map[string]any
	}{
		{"second request while one is open", "CONFLICT", qRequest, ac, map[string]any{"m": mentor}},
		{"sign before accepting", "CONFLICT", qSign, mc, map[string]any{"id": id, "a": goal}},
		{"complete a proposal", "CONFLICT", qComplete, mc, map[string]any{"id": id}},
		{"award a proposal", "CONFLICT", qAward, officer, map[string]any{"id": id, "a": "优秀师徒"}},
		{"apprentice answers for the mentor", "FORBIDDEN", qRespond, ac, map[string]any{"id": id, "ok": true}},
		{"another craftsman answers", "FORBIDDEN", qRespond, w.as("lizhiqiang"), map[string]any{"id": id, "ok": true}},
		{"enterprise answers", "FORBIDDEN", qRespond, w.as("hengyue"), map[string]any{"id": id, "ok": true}},
		{"craftsman asks for a master", "FORBIDDEN", qRequest, mc, map[string]any{"m": w.sum.ModelWorkerID}},
	}
	for _, c := range illegal {
		t.Run(c.name, func(t *testing.T) {
			w := w.on(t)
			w.fails(c.c, c.code, c.query, c.vars)
			wantEq(t, "status", w.pairing(id)["status"], "PROPOSED")
		})
	}

	d = w.must(mc, qRespond, map[string]any{"id": id, "ok": true})
	wantEq(t, "accepted status", dig(d, "respondPairing.status"), "ACCEPTED")
	w.fails(mc, "CONFLICT", qRespond, map[string]any{"id": id, "ok": false, "r": "改主意了"})
	wantEq(t, "status after second answer", w.pairing(id)["status"], "ACCEPTED")

	// The goal needs a trade, a target level and a deadline.
	w.fails(mc, "INVALID_INPUT", qSign, map[string]any{"id": id, "a": map[string]any{"skillCode": weldingCode, "targetLevel": "INTERMEDIATE"}})
	w.fails(mc, "INVALID_INPUT", qSign, map[string]any{"id": id, "a": map[string]any{"skillCode": "9-99-99-99", "targetLevel": "INTERMEDIATE", "deadline": "2027-06-30"}})
	wantEq(t, "status after bad goals", w.pairing(id)["status"], "ACCEPTED")

	d = w.must(mc, qSign, map[string]any{"id": id, "a": goal})
	wantEq(t, "signed status", dig(d, "signAgreement.status"), "ACTIVE")
	p := w.pairing(id)
	today := time.Now().UTC().Format(time.DateOnly)
	wantEq(t, "agreement skill", dig(p, "agreement.skill.code"), weldingCode)
	wantEq(t, "agreement target", dig(p, "agreement.targetLevel"), "INTERMEDIATE")
	wantEq(t, "agreement deadline", dig(p, "agreement.deadline"), "2027-06-30")
	wantEq(t, "agreement cadence", dig(p, "agreement.reviewCadenceDays"), 30)
	wantEq(t, "agreement signed on", dig(p, "agreement.signedOn"), today)
	w.fails(mc, "CONFLICT", qSign, map[string]any{"id": id, "a": goal})

	w.fails(ac, "FORBIDDEN", qReview, map[string]any{"id": id, "in": map[string]any{"note": "自己写的"}})
	d = w.must(mc, qReview, map[string]any{"id": id, "in": map[string]any{"date": today, "note": "平焊对接合格", "levelReached": "INTERMEDIATE"}})
	wantEq(t, "reviews", len(dig(d, "addReview.reviews").([]any)), 1)
	wantEq(t, "review note", dig(d, "addReview.reviews.0.note"), "平焊对接合格")

	wantEq(t, "level before completion", w.level(appr), "JUNIOR")
	d = w.must(mc, qComplete, map[string]any{"id": id})
	wantEq(t, "completed status", dig(d, "completePairing.status"), "COMPLETED")
	wantEq(t, "completed on", dig(d, "completePairing.completedOn"), today)
	wantEq(t, "promoted to", dig(d, "completePairing.promotedTo"), "INTERMEDIATE")
	wantEq(t, "level after completion", w.level(appr), "INTERMEDIATE")
	wantEq(t, "mentor's open mentees after completion", w.openMentees(mentor), 0)
	w.fails(mc, "CONFLICT", qComplete, map[string]any{"id": id})
	w.fails(ac, "CONFLICT", qTerminate, map[string]any{"id": id, "r": "太晚了"})

	w.fails(mc, "FORBIDDEN", qAward, map[string]any{"id": id, "a": "高师带徒优秀师徒"})
	w.fails(w.as("hengyue"), "FORBIDDEN", qAward, map[string]any{"id": id, "a": "高师带徒优秀师徒"})
	d = w.must(officer, qAward, map[string]any{"id": id, "a": "高师带徒优秀师徒"})
	wantEq(t, "award", dig(d, "awardPairing.award"), "高师带徒优秀师徒")
	wantEq(t, "awarded status", dig(d, "awardPairing.status"), "COMPLETED")

	// The officer's audit trail shows the successful steps, newest first, with who took them;
	// the refused attempts left no entry.
	d = w.must(officer, `query($id: ID!) { auditTrail(entityId: $id, first: 20) { totalCount nodes { action actorName actorRole entityId } } }`,
		map[string]any{"id": id})
	var got []string
	for _, n := range dig(d, "auditTrail.nodes").([]any) {
		wantEq(t, "audit entity", dig(n, "entityId"), id)
		got = append(got, fmt.Sprintf("%s by %s (%s)", dig(n, "action"), dig(n, "actorName"), dig(n, "actorRole")))
	}
	mentorName, apprName := mc.user, ac.user
	want := []string{
		"awardPairing by cs.union (UNION_OFFICER)",
		"completePairing by " + mentorName + " (CRAFTSMAN)",
		"addReview by " + mentorName + " (CRAFTSMAN)",
		"signAgreement by " + mentorName + " (CRAFTSMAN)",
		"respondPairing by " + mentorName + " (CRAFTSMAN)",
		"requestMentor by " + apprName + " (APPRENTICE)",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("audit trail:\n got %q\nwant %q", got, want)
	}
}

func testPairingDecline(w *wf) {
	t := w.t
	mentor := w.worker(wfUniq("师傅"), []string{"CRAFTSMAN"}, 1, "TECHNICIAN")
	a1 := w.worker(wfUniq("徒弟甲"), []string{"APPRENTICE"}, 0, "JUNIOR")
	a2 := w.worker(wfUniq("徒弟乙"), []string{"APPRENTICE"}, 0, "JUNIOR")
	mc, _ := w.account("CRAFTSMAN", mentor)
	c1, _ := w.account("APPRENTICE", a1)
	c2, _ := w.account("APPRENTICE", a2)

	p1 := dig(w.must(c1, qRequest, map[string]any{"m": mentor}), "requestMentor.id").(string)
	wantEq(t, "open mentees", w.openMentees(mentor), 1)
	d := w.must(mc, qRespond, map[string]any{"id": p1, "ok": false, "r": "本期名额已满，请明年再来"})
	wantEq(t, "declined status", dig(d, "respondPairing.status"), "DECLINED")
	wantEq(t, "decline reason", dig(d, "respondPairing.terminationReason"), "本期名额已满，请明年再来")
	wantEq(t, "open mentees after decline", w.openMentees(mentor), 0)
	for _, q := range []struct{ name, query string }{{"accept", qRespond}, {"sign", qSign}, {"terminate", qTerminate}} {
		w.fails(mc, "CONFLICT", q.query, map[string]any{"id": p1, "ok": true, "a": goal, "r": "x"})
		wantEq(t, "status after "+q.name, w.pairing(p1)["status"], "DECLINED")
	}

	// The slot is free: both apprentices ask; once the second is accepted, the mentor cannot
	// accept the first while the only slot is taken.
	p2 := dig(w.must(c2, qRequest, map[string]any{"m": mentor}), "requestMentor.id").(string)
	p3 := dig(w.must(c1, qRequest, map[string]any{"m": mentor}), "requestMentor.id").(string)
	w.must(mc, qRespond, map[string]any{"id": p2, "ok": true})
	wantEq(t, "open mentees with one accepted, one proposed", w.openMentees(mentor), 2)
	w.fails(mc, "CONFLICT", qRespond, map[string]any{"id": p3, "ok": true})
	wantEq(t, "status of the request beyond capacity", w.pairing(p3)["status"], "PROPOSED")
	// With every slot committed, a further request is refused outright.
	a3 := w.worker(wfUniq("徒弟丙"), []string{"APPRENTICE"}, 0, "JUNIOR")
	c3, _ := w.account("APPRENTICE", a3)
	w.fails(c3, "CONFLICT", qRequest, map[string]any{"m": mentor})

	// The apprentice ends the accepted pairing with a reason; the slot frees up.
	w.fails(c2, "INVALID_INPUT", qTerminate, map[string]any{"id": p2, "r": "  "})
	w.fails(c1, "FORBIDDEN", qTerminate, map[string]any{"id": p2, "r": "不是我的"})
	d = w.must(c2, qTerminate, map[string]any{"id": p2, "r": "调岗到装配车间"})
	wantEq(t, "terminated status", dig(d, "terminatePairing.status"), "TERMINATED")
	wantEq(t, "termination reason", dig(d, "terminatePairing.terminationReason"), "调岗到装配车间")
	w.fails(c2, "CONFLICT", qTerminate, map[string]any{"id": p2, "r": "again"})
	w.fails(w.as("cs.union"), "CONFLICT", qAward, map[string]any{"id": p2, "a": "优秀师徒"})
	d = w.must(mc, qRespond, map[string]any{"id": p3, "ok": true})
	wantEq(t, "accepted after the slot freed", dig(d, "respondPairing.status"), "ACCEPTED")
	wantEq(t, "open mentees at the end", w.openMentees(mentor), 1)
}

// postAsync sends a GraphQL request without touching a *testing.T (for goroutines).
func postAsync(c *server, query string, vars map[string]any) (*gqlResponse, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, c.url+"/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json, application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	out := &gqlResponse{Status: resp.StatusCode, Raw: string(raw)}
	if err := json.Unmarshal(raw, out); err != nil {
		return nil, fmt.Errorf("decode %q: %w", raw, err)
	}
	return out, nil
}

// TestWorkflowCapacityRace accepts two requests at once for a mentor with one slot, over
// HTTP: exactly one acceptance wins, the other is CONFLICT and leaves its pairing PROPOSED.
func TestWorkflowCapacityRace(t *testing.T) {
	_, sum, err := demo.Build(demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const rounds = 4
	for _, backend := range backends(t) {
		t.Run(backend, func(t *testing.T) {
			w := newWF(t, backend, sum)
			for round := range rounds {
				t.Run("round "+strconv.Itoa(round+1), func(t *testing.T) {
					w := w.on(t)
					mentor := w.worker(wfUniq("师傅"), []string{"CRAFTSMAN"}, 1, "TECHNICIAN")
					mc, _ := w.account("CRAFTSMAN", mentor)
					var ids []string
					for _, name := range []string{"徒弟甲", "徒弟乙"} {
						a := w.worker(wfUniq(name), []string{"APPRENTICE"}, 0, "JUNIOR")
						ac, _ := w.account("APPRENTICE", a)
						ids = append(ids, dig(w.must(ac, qRequest, map[string]any{"m": mentor}), "requestMentor.id").(string))
					}
					start := make(chan struct{})
					var wg sync.WaitGroup
					res := make([]*gqlResponse, len(ids))
					errs := make([]error, len(ids))
					for i, id := range ids {
						wg.Add(1)
						go func() {
							defer wg.Done()
							<-start
							res[i], errs[i] = postAsync(mc, qRespond, map[string]any{"id": id, "ok": true})
						}()
					}
					close(start)
					wg.Wait()
					won, conflicts := 0, 0
					for i := range ids {
						if errs[i] != nil {
							t.Fatal(errs[i])
						}
						switch codes := res[i].codes(); {
						case len(codes) == 0 && dig(res[i].Data, "respondPairing.status") == "ACCEPTED":
							won++
							wantEq(t, "winner's stored status", w.pairing(ids[i])["status"], "ACCEPTED")
						case slices.Equal(codes, []string{"CONFLICT"}):
							conflicts++
							wantEq(t, "loser's stored status", w.pairing(ids[i])["status"], "PROPOSED")
						default:
							t.Fatalf("unexpected answer: %s", res[i].Raw)
						}
					}
					if won != 1 || conflicts != 1 {
						t.Fatalf("%d accepted, %d conflicts; want 1 and 1", won, conflicts)
					}
					d := w.must(w.s.as(""), `query($id: ID!) { worker(id: $id) { mentorships(status: ACCEPTED) { totalCount } } }`,
						map[string]any{"id": mentor})
					wantEq(t, "accepted mentorships", dig(d, "worker.mentorships.totalCount"), 1)
				})
			}
		})
	}
}

const (
	qProblemPrivate = `query($id: ID!) { problem(id: $id) { status contact confidential solvedOn outcome solvers { id } studios { id name } } }`
	qVisit          = `query($id: ID!) { visit(id: $id) { status date rating ratingComment experts { id }
		invitations { expert { id } status respondedAt } outcomes { result } problems { id status } } }`
	qRespondInv = `mutation($v: ID!, $ok: Boolean!) { respondInvitation(visitId: $v, accept: $ok) { status experts { id } invitations { expert { id } status } } }`
	qRate       = `mutation($v: ID!, $r: Int!, $c: String) { rateVisit(id: $v, rating: $r, comment: $c) { rating ratingComment } }`
)

// postProblem creates an OPEN welding problem of the demo's model enterprise with private details.
func (w *wf) postProblem(title string) string {
	w.t.Helper()
	d := w.must(w.as("hengyue"), `mutation($in: ProblemInput!) { createProblem(input: $in) { id status contact confidential } }`,
		map[string]any{"in": map[string]any{"enterpriseId": w.sum.ModelEnterpriseID, "title": title,
			"description": "厚板对接焊缝射线探伤发现夹渣，返修率高。", "industry": "装备制造",
			"skills": []map[string]any{{"code": weldingCode, "minLevel": "TECHNICIAN"}}, "urgency": "HIGH",
			"contact": "设备部 刘工 138-0000-0000", "confidential": "焊接电流 180–220 A，坡口角度 60°"}})
	wantEq(w.t, "new problem status", dig(d, "createProblem.status"), "OPEN")
	wantEq(w.t, "owner sees the contact", dig(d, "createProblem.contact"), "设备部 刘工 138-0000-0000")
	return dig(d, "createProblem.id").(string)
}

// TestWorkflowVisit takes an enterprise's problem through an expert visit: team, proposal,
// invitations answered, scheduling, outcomes, rating, and who may read the private details.
func TestWorkflowVisit(t *testing.T) {
	_, sum, err := demo.Build(demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, backend := range backends(t) {
		t.Run(backend, func(t *testing.T) {
			w := newWF(t, backend, sum)
			testVisit(w)
		})
	}
}

func testVisit(w *wf) {
	t := w.t
	ent := w.as("hengyue")
	prob := w.postProblem(wfUniq("厚板焊缝夹渣"))
	// The visit is held today: neither in the past when proposed nor in the future when its
	// outcomes are recorded.
	today := time.Now().UTC().Format(time.DateOnly)

	d := w.must(w.s.as(""), `query($p: ID!) { expertTeamFor(problemId: $p, maxSize: 3) { members { worker { id roles } } uncovered { code } } }`,
		map[string]any{"p": prob})
	members := dig(d, "expertTeamFor.members").([]any)
	if len(members) == 0 || len(dig(d, "expertTeamFor.uncovered").([]any)) != 0 {
		t.Fatalf("expert team: %v", d)
	}
	lead := dig(members[0], "worker.id").(string)
	// The team's first expert accepts; a second expert, one of our own, declines.
	leadC, _ := w.account("CRAFTSMAN", lead)
	other := w.worker(wfUniq("焊接专家"), []string{"CRAFTSMAN"}, 0, "SENIOR_TECHNICIAN")
	otherC, _ := w.account("CRAFTSMAN", other)

	// Another enterprise, an officer of a union that does not cover the enterprise.
	d = w.must(w.s.as(""), `query($w: ID!) { worker(id: $w) { enterprise { id } } }`, map[string]any{"w": w.sum.PatentLeaderID})
	strangerEnt, _ := w.account("ENTERPRISE", dig(d, "worker.enterprise.id").(string))
	d = w.must(ent, `query($e: ID!) { enterprise(id: $e) { union { id parent { id parent { id parent { id } } } } } }`,
		map[string]any{"e": w.sum.ModelEnterpriseID})
	var farDistrict string
	for _, di := range w.sum.Districts {
		covering := false
		for _, path := range []string{"enterprise.union.id", "enterprise.union.parent.id", "enterprise.union.parent.parent.id", "enterprise.union.parent.parent.parent.id"} {
			covering = covering || dig(d, path) == di.UnionID
		}
		if !covering {
			farDistrict = di.UnionID
			break
		}
	}
	farOfficer, _ := w.account("UNION_OFFICER", farDistrict)

	private := func(w *wf, name string, c *server, visible bool) {
		t := w.t
		t.Helper()
		d := w.must(c, qProblemPrivate, map[string]any{"id": prob})
		if visible {
			wantEq(t, name+" sees contact", dig(d, "problem.contact"), "设备部 刘工 138-0000-0000")
			wantEq(t, name+" sees confidential", dig(d, "problem.confidential"), "焊接电流 180–220 A，坡口角度 60°")
		} else if dig(d, "problem.contact") != nil || dig(d, "problem.confidential") != nil {
			t.Fatalf("%s sees private fields: %v", name, d)
		}
	}
	t.Run("private before the visit", func(t *testing.T) {
		for _, c := range []struct {
			name    string
			c       *server
			visible bool
		}{
			{"anonymous", w.s.as(""), false},
			{"another enterprise", strangerEnt, false},
			{"an expert not yet invited", leadC, false},
			{"an officer elsewhere", farOfficer, false},
			{"the owner", ent, true},
			{"the city union", w.as("cs.union"), true},
			{"admin", w.admin, true},
		} {
			t.Run(c.name, func(t *testing.T) { private(w.on(t), c.name, c.c, c.visible) })
		}
	})

	w.fails(strangerEnt, "FORBIDDEN", `mutation($in: VisitProposal!) { proposeVisit(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"enterpriseId": w.sum.ModelEnterpriseID, "problemIds": []string{prob}, "expertIds": []string{lead}}})
	d = w.must(ent, `mutation($in: VisitProposal!) { proposeVisit(input: $in) { id status experts { id } invitations { expert { id } status } } }`,
		map[string]any{"in": map[string]any{"enterpriseId": w.sum.ModelEnterpriseID, "problemIds": []string{prob},
			"expertIds": []string{lead, other}, "date": today}})
	visit := dig(d, "proposeVisit.id").(string)
	wantEq(t, "proposed visit status", dig(d, "proposeVisit.status"), "PLANNED")
	wantEq(t, "experts before answers", len(dig(d, "proposeVisit.experts").([]any)), 0)
	wantEq(t, "invitations", len(dig(d, "proposeVisit.invitations").([]any)), 2)
	for _, in := range dig(d, "proposeVisit.invitations").([]any) {
		wantEq(t, "invitation status", dig(in, "status"), "INVITED")
	}
	private(w, "the invited expert", leadC, true)
	w.fails(ent, "CONFLICT", `mutation($v: ID!) { scheduleVisit(id: $v) { status } }`, map[string]any{"v": visit})

	d = w.must(leadC, qRespondInv, map[string]any{"v": visit, "ok": true})
	wantEq(t, "experts after acceptance", dig(d, "respondInvitation.experts"), []any{map[string]any{"id": lead}})
	w.must(otherC, qRespondInv, map[string]any{"v": visit, "ok": false})
	w.fails(otherC, "CONFLICT", qRespondInv, map[string]any{"v": visit, "ok": true})
	w.fails(w.as("lizhiqiang"), "FORBIDDEN", qRespondInv, map[string]any{"v": visit, "ok": true})
	v := dig(w.must(ent, qVisit, map[string]any{"id": visit}), "visit")
	for _, in := range dig(v, "invitations").([]any) {
		want := map[string]string{lead: "ACCEPTED", other: "DECLINED"}[dig(in, "expert.id").(string)]
		wantEq(t, "invitation of "+dig(in, "expert.id").(string), dig(in, "status"), want)
		if dig(in, "respondedAt") == nil {
			t.Fatalf("answered invitation without respondedAt: %v", in)
		}
	}
	wantEq(t, "visit status after answers", dig(v, "status"), "PLANNED")
	w.fails(ent, "CONFLICT", qRate, map[string]any{"v": visit, "r": 5})

	d = w.must(ent, `mutation($v: ID!, $d: Date) { scheduleVisit(id: $v, date: $d) { status date } }`, map[string]any{"v": visit, "d": today})
	wantEq(t, "scheduled status", dig(d, "scheduleVisit.status"), "SCHEDULED")
	wantEq(t, "scheduled date", dig(d, "scheduleVisit.date"), today)
	wantEq(t, "problem status once scheduled", dig(w.must(ent, qProblemPrivate, map[string]any{"id": prob}), "problem.status"), "VISIT_SCHEDULED")
	w.fails(ent, "CONFLICT", `mutation($v: ID!) { scheduleVisit(id: $v) { status } }`, map[string]any{"v": visit})

	qOutcomes := `mutation($v: ID!, $o: [ProblemOutcomeInput!]!) { recordVisitOutcomes(id: $v, outcomes: $o) { status outcomes { result } } }`
	w.fails(ent, "INVALID_INPUT", qOutcomes, map[string]any{"v": visit, "o": []map[string]any{{"problemId": w.sum.WeldingProblemID, "result": "SOLVED"}}})
	w.fails(strangerEnt, "FORBIDDEN", qOutcomes, map[string]any{"v": visit, "o": []map[string]any{{"problemId": prob, "result": "SOLVED"}}})
	d = w.must(ent, qOutcomes, map[string]any{"v": visit, "o": []map[string]any{{"problemId": prob, "result": "SOLVED", "notes": "改用多层多道焊，层间清渣"}}})
	wantEq(t, "visit status after outcomes", dig(d, "recordVisitOutcomes.status"), "DONE")
	p := dig(w.must(ent, qProblemPrivate, map[string]any{"id": prob}), "problem")
	wantEq(t, "problem status after the visit", dig(p, "status"), "SOLVED")
	wantEq(t, "solvers", dig(p, "solvers"), []any{map[string]any{"id": lead}})
	wantEq(t, "solved on", dig(p, "solvedOn"), today)
	wantEq(t, "outcome", dig(p, "outcome"), "改用多层多道焊，层间清渣")
	w.fails(ent, "CONFLICT", qOutcomes, map[string]any{"v": visit, "o": []map[string]any{{"problemId": prob, "result": "NOT_SOLVED"}}})

	w.fails(leadC, "FORBIDDEN", qRate, map[string]any{"v": visit, "r": 5})
	w.fails(ent, "INVALID_INPUT", qRate, map[string]any{"v": visit, "r": 6})
	d = w.must(ent, qRate, map[string]any{"v": visit, "r": 5, "c": "专家现场指导，问题当天解决"})
	wantEq(t, "rating", dig(d, "rateVisit.rating"), 5)
	w.fails(ent, "CONFLICT", qRate, map[string]any{"v": visit, "r": 1})
	v = dig(w.must(ent, qVisit, map[string]any{"id": visit}), "visit")
	wantEq(t, "stored rating", dig(v, "rating"), 5)
	wantEq(t, "stored comment", dig(v, "ratingComment"), "专家现场指导，问题当天解决")
	private(w, "the accepted expert after the visit", leadC, true)
	private(w, "another enterprise after the visit", strangerEnt, false)
}

// TestWorkflowStudio registers an innovation studio as an officer, lets its leader run it, and
// routes an enterprise's problem to it.
func TestWorkflowStudio(t *testing.T) {
	_, sum, err := demo.Build(demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, backend := range backends(t) {
		t.Run(backend, func(t *testing.T) {
			w := newWF(t, backend, sum)
			testStudio(w)
		})
	}
}

func testStudio(w *wf) {
	t := w.t
	leader := w.worker(wfUniq("工作室带头人"), []string{"CRAFTSMAN", "MODEL_WORKER"}, 0, "SENIOR_TECHNICIAN")
	member := w.worker(wfUniq("工作室成员"), []string{"CRAFTSMAN"}, 0, "TECHNICIAN")
	leaderC, _ := w.account("CRAFTSMAN", leader)
	name := wfUniq("焊接工艺创新工作室")
	in := map[string]any{"name": name, "kind": "CRAFTSMAN", "tier": "CITY", "leaderId": leader,
		"hostEnterpriseId": w.sum.ModelEnterpriseID, "specialtyCodes": []string{weldingCode}, "establishedYear": 2026,
		"description": "厚板焊接与焊缝缺陷攻关"}
	qCreate := `mutation($in: StudioInput!) { createStudio(input: $in) { id name leader { id } hostEnterprise { id } members { id } specialties { code } } }`
	w.fails(w.as("hengyue"), "FORBIDDEN", qCreate, map[string]any{"in": in})
	w.fails(leaderC, "FORBIDDEN", qCreate, map[string]any{"in": in})
	d := w.must(w.as("cs.union"), qCreate, map[string]any{"in": in})
	studio := dig(d, "createStudio.id").(string)
	wantEq(t, "leader", dig(d, "createStudio.leader.id"), leader)
	wantEq(t, "host", dig(d, "createStudio.hostEnterprise.id"), w.sum.ModelEnterpriseID)
	wantEq(t, "specialty", dig(d, "createStudio.specialties.0.code"), weldingCode)

	qMember := `mutation($s: ID!, $w: ID!) { addStudioMember(studioId: $s, workerId: $w) { members { id } } }`
	w.fails(w.as("lizhiqiang"), "FORBIDDEN", qMember, map[string]any{"s": studio, "w": member})
	d = w.must(leaderC, qMember, map[string]any{"s": studio, "w": member})
	var ids []string
	for _, m := range dig(d, "addStudioMember.members").([]any) {
		ids = append(ids, dig(m, "id").(string))
	}
	if !slices.Contains(ids, member) {
		t.Fatalf("members %v lack %s", ids, member)
	}
	d = w.must(w.s.as(""), `query($w: ID!) { worker(id: $w) { studios { nodes { id } } } }`, map[string]any{"w": member})
	wantEq(t, "member's studios", dig(d, "worker.studios.nodes"), []any{map[string]any{"id": studio}})

	qAch := `mutation($s: ID!, $in: AchievementInput!) { addAchievement(studioId: $s, input: $in) { achievements { kind title year count } } }`
	ach := map[string]any{"kind": "UTILITY_MODEL", "title": "一种厚板焊接防变形夹具", "year": 2026, "count": 2}
	w.fails(w.as("hengyue"), "FORBIDDEN", qAch, map[string]any{"s": studio, "in": ach})
	d = w.must(leaderC, qAch, map[string]any{"s": studio, "in": ach})
	wantEq(t, "achievements", dig(d, "addAchievement.achievements"), []any{map[string]any{
		"kind": "UTILITY_MODEL", "title": "一种厚板焊接防变形夹具", "year": 2026.0, "count": 2.0}})

	prob := w.postProblem(wfUniq("厚板焊接变形"))
	qRoute := `mutation($p: ID!, $s: ID!) { routeProblem(problemId: $p, studioId: $s) { status studios { id name } } }`
	w.fails(leaderC, "FORBIDDEN", qRoute, map[string]any{"p": prob, "s": studio})
	d = w.must(w.as("hengyue"), qRoute, map[string]any{"p": prob, "s": studio})
	wantEq(t, "routed studios", dig(d, "routeProblem.studios"), []any{map[string]any{"id": studio, "name": name}})
	wantEq(t, "status after routing", dig(d, "routeProblem.status"), "OPEN")
	w.fails(w.as("hengyue"), "CONFLICT", qRoute, map[string]any{"p": prob, "s": studio})
	d = w.must(w.s.as(""), qProblemPrivate, map[string]any{"id": prob})
	wantEq(t, "problem.studios", dig(d, "problem.studios"), []any{map[string]any{"id": studio, "name": name}})
}

const qDashboard = `query($u: ID!, $p: String) { dashboard(unionId: $u, period: $p) {
	union { id } period
	total { pairsSigned pairsCompleted problemsSolved studios promotions targets { achieved ratio target { kind number } } }
	children { union { id } pairsSigned pairsCompleted promotions targets { achieved target { kind } } }
	trend(months: 12) { month signed completed solved }
	promotionsByLevel { level count }
	topMentors(first: 5) { mentor { id } active completed promotions }
	openProblemsByTrade(first: 5) { skill { code } count }
	stalledPairings(first: 5) { pairing { status } daysOverdue }
} }`

// completedPairing runs a fresh pairing from request to completion, raising its apprentice
// from JUNIOR to INTERMEDIATE, and returns the mentor's ID.
func (w *wf) completedPairing() string {
	w.t.Helper()
	mentor := w.worker(wfUniq("师傅"), []string{"CRAFTSMAN"}, 1, "TECHNICIAN")
	appr := w.worker(wfUniq("徒弟"), []string{"APPRENTICE"}, 0, "JUNIOR")
	mc, _ := w.account("CRAFTSMAN", mentor)
	ac, _ := w.account("APPRENTICE", appr)
	id := dig(w.must(ac, qRequest, map[string]any{"m": mentor}), "requestMentor.id").(string)
	w.must(mc, qRespond, map[string]any{"id": id, "ok": true})
	w.must(mc, qSign, map[string]any{"id": id, "a": goal})
	d := w.must(mc, qComplete, map[string]any{"id": id})
	wantEq(w.t, "promoted to", dig(d, "completePairing.promotedTo"), "INTERMEDIATE")
	return mentor
}

// child returns the row of union id among a dashboard's children, or nil.
func child(dashboard any, id string) any {
	for _, c := range dig(dashboard, "children").([]any) {
		if dig(c, "union.id") == id {
			return c
		}
	}
	return nil
}

// TestWorkflowDashboard reads the city union's dashboard, completes a pairing and sees the
// counts move, and checks who may read dashboards at all.
func TestWorkflowDashboard(t *testing.T) {
	_, sum, err := demo.Build(demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	period := strconv.Itoa(now.Year())
	for _, backend := range backends(t) {
		t.Run(backend, func(t *testing.T) {
			w := newWF(t, backend, sum)
			officer := w.as("cs.union")
			vars := map[string]any{"u": sum.CityUnionID, "p": period}
			before := dig(w.must(officer, qDashboard, vars), "dashboard")

			t.Run("shape", func(t *testing.T) {
				wantEq(t, "union", dig(before, "union.id"), sum.CityUnionID)
				wantEq(t, "period", dig(before, "period"), period)
				if len(dig(before, "total.targets").([]any)) == 0 {
					t.Fatalf("the city union has no targets: %v", dig(before, "total"))
				}
				// Each district is a child with its targets (other tests may add unions of their own).
				for _, di := range sum.Districts {
					c := child(before, di.UnionID)
					if c == nil {
						t.Fatalf("district %s is not a child: %v", di.Name, dig(before, "children"))
					}
					if len(dig(c, "targets").([]any)) == 0 {
						t.Errorf("district %s has no targets", di.Name)
					}
				}
				trend := dig(before, "trend").([]any)
				wantEq(t, "trend months", len(trend), 12)
				for i := 1; i < len(trend); i++ {
					if dig(trend[i-1], "month").(string) >= dig(trend[i], "month").(string) {
						t.Fatalf("trend out of order: %v", trend)
					}
				}
				var levels []string
				for _, l := range dig(before, "promotionsByLevel").([]any) {
					levels = append(levels, dig(l, "level").(string))
				}
				wantEq(t, "levels", levels, []string{"JUNIOR", "INTERMEDIATE", "SENIOR", "TECHNICIAN", "SENIOR_TECHNICIAN"})
				if len(dig(before, "topMentors").([]any)) == 0 {
					t.Error("no top mentors")
				}
				trades := dig(before, "openProblemsByTrade").([]any)
				if len(trades) == 0 {
					t.Fatal("no open problems by trade")
				}
				for i := 1; i < len(trades); i++ {
					if dig(trades[i-1], "count").(float64) < dig(trades[i], "count").(float64) {
						t.Fatalf("trades not by count: %v", trades)
					}
				}
				stalled := dig(before, "stalledPairings").([]any)
				if len(stalled) == 0 {
					t.Fatal("the demo's lapsed pairings are not stalled")
				}
				for _, s := range stalled {
					if dig(s, "pairing.status") != "ACTIVE" || dig(s, "daysOverdue").(float64) <= 0 {
						t.Errorf("stalled: %v", s)
					}
				}
			})

			t.Run("counts move", func(t *testing.T) {
				w := w.on(t)
				d := w.must(w.s.as(""), `query($e: ID!) { enterprise(id: $e) { union { id parent { id parent { id } } } } }`,
					map[string]any{"e": sum.ModelEnterpriseID})
				district := ""
				for _, di := range sum.Districts {
					for _, p := range []string{"enterprise.union.id", "enterprise.union.parent.id", "enterprise.union.parent.parent.id"} {
						if dig(d, p) == di.UnionID {
							district = di.UnionID
						}
					}
				}
				if district == "" {
					t.Fatalf("no district union above the model enterprise: %v", d)
				}
				w.completedPairing()
				after := dig(w.must(officer, qDashboard, vars), "dashboard")
				num := func(v any, path string) int { return int(dig(v, path).(float64)) }
				for _, path := range []string{"total.pairsSigned", "total.pairsCompleted", "total.promotions",
					"promotionsByLevel.1.count", // INTERMEDIATE
					"trend.11.completed",        // this month
				} {
					wantEq(t, path, num(after, path)-num(before, path), 1)
				}
				for _, path := range []string{"pairsSigned", "pairsCompleted", "promotions"} {
					wantEq(t, "district "+path, num(child(after, district), path)-num(child(before, district), path), 1)
				}
				wantEq(t, "total.problemsSolved", num(after, "total.problemsSolved"), num(before, "total.problemsSolved"))
				wantEq(t, "last trend month", dig(after, "trend.11.month"), now.Format("2006-01"))

				tp := w.must(officer, `query($u: ID!, $p: String) { targetProgress(unionId: $u, period: $p) {
					union { id } pairsSigned pairsCompleted promotions targets { achieved target { kind } } } }`, vars)
				rows := map[string]any{"children": dig(tp, "targetProgress")}
				wantEq(t, "targetProgress rows", len(dig(tp, "targetProgress").([]any)), len(dig(after, "children").([]any)))
				wantEq(t, "targetProgress of the district", child(rows, district), child(after, district))
			})

			t.Run("who may read it", func(t *testing.T) {
				w := w.on(t)
				for _, c := range []struct {
					name, user, union, code string
				}{
					{"enterprise", "hengyue", sum.CityUnionID, "FORBIDDEN"},
					{"craftsman", "wangjianxiang", sum.CityUnionID, "FORBIDDEN"},
					{"apprentice", "zhangpeng", sum.CityUnionID, "FORBIDDEN"},
					{"district officer above their union", "district.union", sum.CityUnionID, "FORBIDDEN"},
					{"district officer elsewhere", "district.union", sum.Districts[1].UnionID, "FORBIDDEN"},
					{"anonymous", "", sum.CityUnionID, "UNAUTHENTICATED"},
				} {
					t.Run(c.name, func(t *testing.T) {
						w.on(t).fails(w.as(c.user), c.code, qDashboard, map[string]any{"u": c.union, "p": period})
					})
				}
				d := w.must(w.as("district.union"), qDashboard, map[string]any{"u": sum.Districts[0].UnionID, "p": period})
				wantEq(t, "district's own dashboard", dig(d, "dashboard.union.id"), sum.Districts[0].UnionID)
				d = w.must(w.admin, qDashboard, vars)
				wantEq(t, "admin's dashboard", dig(d, "dashboard.union.id"), sum.CityUnionID)
			})
		})
	}
}

// TestWorkflowSessions checks that only live tokens of enabled accounts are accepted: forged,
// expired, foreign-key, logged-out and disabled-account tokens are UNAUTHENTICATED.
func TestWorkflowSessions(t *testing.T) {
	_, sum, err := demo.Build(demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, backend := range backends(t) {
		t.Run(backend, func(t *testing.T) {
			w := newWF(t, backend, sum)
			acc, accID := w.account("ENTERPRISE", sum.ModelEnterpriseID)
			username := acc.user
			login := func(w *wf) string {
				w.t.Helper()
				d := w.must(w.s.as(""), `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token account { id } } }`,
					map[string]any{"u": username, "p": DemoPassword})
				wantEq(w.t, "login account", dig(d, "login.account.id"), accID)
				return dig(d, "login.token").(string)
			}
			with := func(tok string) *server { c := *w.s; c.t = w.t; c.token = tok; return &c }
			const qMe = `{ me { id } }`
			key, err := w.s.main.tokenKey()
			if err != nil {
				t.Fatal(err)
			}
			issue := func(t *testing.T, key []byte, at time.Time) string {
				signer, err := auth.NewSigner(key, func() time.Time { return at })
				if err != nil {
					t.Fatal(err)
				}
				tok, _, err := signer.Issue(auth.Principal{AccountID: accID, Role: auth.RoleEnterprise, ScopeID: sum.ModelEnterpriseID}, time.Hour)
				if err != nil {
					t.Fatal(err)
				}
				return tok
			}
			tok := login(w)
			wantEq(t, "me", dig(w.must(with(tok), qMe, nil), "me.id"), accID)

			t.Run("rejected tokens", func(t *testing.T) {
				w := w.on(t)
				tampered := []byte(tok)
				i := len(tampered) - 6
				tampered[i] = map[bool]byte{true: 'B', false: 'A'}[tampered[i] == 'A']
				other := bytes.Repeat([]byte{7}, 32)
				for _, c := range []struct{ name, tok string }{
					{"tampered signature", string(tampered)},
					{"tampered claims", "x" + tok[1:]},
					{"garbage", "not-a-token"},
					{"expired", issue(t, key, time.Now().Add(-48*time.Hour))},
					{"issued in the future", issue(t, key, time.Now().Add(48*time.Hour))},
					{"signed with another key", issue(t, other, time.Now())},
				} {
					t.Run(c.name, func(t *testing.T) {
						w := w.on(t)
						w.fails(with(c.tok), "UNAUTHENTICATED", qMe, nil)
						// A public read with a bad token is refused too: the token is not ignored.
						w.fails(with(c.tok), "UNAUTHENTICATED", `{ skill(code: "6-18-02-04") { name } }`, nil)
					})
				}
				// The same signer with the right key and clock is accepted: the refusals above are
				// about the token, not the test's signer.
				wantEq(t, "self-issued token", dig(w.must(with(issue(t, key, time.Now())), qMe, nil), "me.id"), accID)
			})

			t.Run("logout", func(t *testing.T) {
				w := w.on(t)
				tok1, tok2 := login(w), login(w)
				wantEq(t, "logout", dig(w.must(with(tok1), `mutation { logout }`, nil), "logout"), true)
				w.fails(with(tok1), "UNAUTHENTICATED", qMe, nil)
				w.fails(with(tok1), "UNAUTHENTICATED", `mutation { logout }`, nil)
				wantEq(t, "other session", dig(w.must(with(tok2), qMe, nil), "me.id"), accID)
			})

			t.Run("disabled account", func(t *testing.T) {
				w := w.on(t)
				tok := login(w)
				qDisable := `mutation($id: ID!, $d: Boolean!) { setAccountDisabled(id: $id, disabled: $d) { disabled } }`
				w.fails(with(tok), "FORBIDDEN", qDisable, map[string]any{"id": accID, "d": true})
				d := w.must(w.admin, qDisable, map[string]any{"id": accID, "d": true})
				wantEq(t, "disabled", dig(d, "setAccountDisabled.disabled"), true)
				w.fails(with(tok), "UNAUTHENTICATED", qMe, nil)
				w.fails(w.s.as(""), "UNAUTHENTICATED", `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`,
					map[string]any{"u": username, "p": DemoPassword})
				w.must(w.admin, qDisable, map[string]any{"id": accID, "d": false})
				wantEq(t, "me after re-enabling", dig(w.must(with(login(w)), qMe, nil), "me.id"), accID)
			})
		})
	}
}

package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"jiangxin/demo"
)

// The authorization matrix: every mutation and every scoped query, tried by every role on a
// record of its own side (side A: the officer's union, the enterprise, the craftsman, the
// apprentice) and on the other side's matching record (side B). The expected outcome is data:
// the roles allowed on their own record and on the other's. A denied call must answer FORBIDDEN
// (UNAUTHENTICATED when anonymous) and change nothing; an allowed call must not be refused
// (it may still fail later, e.g. CONFLICT). A mutation of the schema without a row fails the test.

// matrixRoles are the callers, in the order tried; "anon" sends no token.
var matrixRoles = []string{"anon", "apprentice", "craftsman", "enterprise", "officer", "admin"}

type matrixRow struct {
	field string // "createProblem", or "Query.dashboard" for a scoped query
	doc   string // the operation; $x names the side's record (see fixture.vars)
	own   string // roles allowed on their own side's record, space separated; "*" all signed in
	other string // roles allowed on the other side's record
	// private, for a scoped read: the operation succeeds for everyone and the roles not
	// allowed see null at this path instead of an error.
	private string
	stage   int // 1: changes state for good (cancel, decline, terminate), 2: deletes; run in stage order
}

var matrix = []matrixRow{
	{field: "ping", doc: `mutation { ping }`, own: "anon *", other: "anon *"},
	{field: "login", doc: `mutation($u: String!) { login(username: $u, password: "jiangxin-2026") { token } }`, own: "anon *", other: "anon *"},
	{field: "logout", doc: `mutation { logout }`, own: "*", other: "*"},
	{field: "changePassword", doc: `mutation { changePassword(oldPassword: "jiangxin-2026", newPassword: "jiangxin-2026") }`, own: "*", other: "*"},
	{field: "createAccount", doc: `mutation($ent: ID!, $n: String!) { createAccount(input: {username: $n, password: "jiangxin-2026", role: ENTERPRISE, scopeId: $ent}) { id } }`, own: "officer admin", other: "admin"},
	{field: "setAccountDisabled", doc: `mutation($acc: ID!) { setAccountDisabled(id: $acc, disabled: false) { id } }`, own: "officer admin", other: "admin"},

	{field: "createRegion", doc: `mutation($region: ID!) { createRegion(input: {name: "矩阵街道", kind: TOWN, parentId: $region}) { id } }`, own: "admin", other: "admin"},
	{field: "updateRegion", doc: `mutation($region: ID!) { updateRegion(id: $region, patch: {code: ""}) { id } }`, own: "admin", other: "admin"},
	{field: "deleteRegion", doc: `mutation($region: ID!) { deleteRegion(id: $region) }`, own: "admin", other: "admin"},

	{field: "createUnion", doc: `mutation($union: ID!) { createUnion(input: {name: "矩阵工会", tier: TOWN, parentId: $union}) { id } }`, own: "officer admin", other: "admin"},
	{field: "updateUnion", doc: `mutation($union: ID!) { updateUnion(id: $union, patch: {}) { id } }`, own: "officer admin", other: "admin"},
	{field: "deleteUnion", doc: `mutation($union: ID!) { deleteUnion(id: $union) }`, own: "officer admin", other: "admin"},

	{field: "createEnterprise", doc: `mutation($union: ID!, $region: ID!) { createEnterprise(input: {name: "矩阵企业", ownership: PRIVATE, regionId: $region, unionId: $union}) { id } }`, own: "officer admin", other: "admin"},
	{field: "updateEnterprise", doc: `mutation($ent: ID!) { updateEnterprise(id: $ent, patch: {industry: "装备制造"}) { id } }`, own: "enterprise officer admin", other: "admin"},
	{field: "deleteEnterprise", doc: `mutation($ent: ID!) { deleteEnterprise(id: $ent) }`, own: "officer admin", other: "admin"},

	{field: "createWorker", doc: `mutation($ent: ID!, $region: ID!) { createWorker(input: {name: "矩阵工人", regionId: $region, enterpriseId: $ent}) { id } }`, own: "enterprise officer admin", other: "admin"},
	{field: "updateWorker", doc: `mutation($craftsman: ID!) { updateWorker(id: $craftsman, patch: {bio: "矩阵"}) { id } }`, own: "craftsman enterprise officer admin", other: "admin"},
	{field: "deleteWorker", doc: `mutation($craftsman: ID!) { deleteWorker(id: $craftsman) }`, own: "officer admin", other: "admin"},
	{field: "setWorkerSkill", doc: `mutation($craftsman: ID!) { setWorkerSkill(workerId: $craftsman, input: {code: "6-18-02-04", level: TECHNICIAN}) { id } }`, own: "enterprise officer admin", other: "admin"},
	{field: "removeWorkerSkill", doc: `mutation($craftsman: ID!) { removeWorkerSkill(workerId: $craftsman, code: "6-18-02-05") { id } }`, own: "enterprise officer admin", other: "admin"},
	{field: "addHonour", doc: `mutation($craftsman: ID!) { addHonour(workerId: $craftsman, input: {title: "矩阵工匠", tier: DISTRICT, year: 2026}) { id } }`, own: "officer admin", other: "admin"},
	{field: "removeHonour", doc: `mutation($craftsman: ID!) { removeHonour(workerId: $craftsman, honourId: "hon_01JD0000000000000000000000") { id } }`, own: "officer admin", other: "admin"},

	{field: "createProblem", doc: `mutation($ent: ID!) { createProblem(input: {title: "矩阵难题", enterpriseId: $ent}) { id } }`, own: "enterprise officer admin", other: "admin"},
	{field: "updateProblem", doc: `mutation($problem: ID!) { updateProblem(id: $problem, patch: {urgency: HIGH}) { id } }`, own: "enterprise officer admin", other: "admin"},
	{field: "setProblemStatus", doc: `mutation($problem: ID!) { setProblemStatus(id: $problem, status: MATCHED) { id } }`, own: "enterprise officer admin", other: "admin"},
	{field: "deleteProblem", doc: `mutation($problem: ID!) { deleteProblem(id: $problem) }`, own: "enterprise officer admin", other: "admin", stage: 2},
	{field: "routeProblem", doc: `mutation($problem: ID!, $studio: ID!) { routeProblem(problemId: $problem, studioId: $studio) { id } }`, own: "enterprise officer admin", other: "admin"},

	{field: "createVisit", doc: `mutation($ent: ID!, $problem: ID!, $craftsman: ID!) { createVisit(input: {enterpriseId: $ent, problemIds: [$problem], expertIds: [$craftsman], date: "2026-12-01"}) { id } }`, own: "officer admin", other: "admin"},
	{field: "updateVisit", doc: `mutation($visit: ID!) { updateVisit(id: $visit, patch: {ratingComment: ""}) { id } }`, own: "officer admin", other: "admin"},
	{field: "deleteVisit", doc: `mutation($visit: ID!) { deleteVisit(id: $visit) }`, own: "officer admin", other: "admin", stage: 2},
	{field: "proposeVisit", doc: `mutation($ent: ID!, $problem: ID!, $craftsman: ID!) { proposeVisit(input: {enterpriseId: $ent, problemIds: [$problem], expertIds: [$craftsman]}) { id } }`, own: "enterprise officer admin", other: "admin"},
	{field: "respondInvitation", doc: `mutation($visit: ID!) { respondInvitation(visitId: $visit, accept: true) { id } }`, own: "craftsman", other: ""},
	{field: "scheduleVisit", doc: `mutation($visit: ID!) { scheduleVisit(id: $visit) { id } }`, own: "enterprise officer admin", other: "admin"},
	{field: "recordVisitOutcomes", doc: `mutation($visit: ID!, $problem: ID!) { recordVisitOutcomes(id: $visit, outcomes: [{problemId: $problem, result: PARTLY}]) { id } }`, own: "enterprise officer admin", other: "admin"},
	{field: "rateVisit", doc: `mutation($visit: ID!) { rateVisit(id: $visit, rating: 5) { id } }`, own: "enterprise admin", other: "admin"},
	{field: "cancelVisit", doc: `mutation($visit: ID!) { cancelVisit(id: $visit) { id } }`, own: "enterprise officer admin", other: "admin", stage: 1},

	{field: "createPairing", doc: `mutation($craftsman: ID!, $apprentice: ID!, $union: ID!) { createPairing(input: {mentorId: $craftsman, apprenticeId: $apprentice, unionId: $union}) { id } }`, own: "officer admin", other: "admin"},
	{field: "updatePairing", doc: `mutation($pairing: ID!) { updatePairing(id: $pairing, patch: {campaign: "矩阵"}) { id } }`, own: "officer admin", other: "admin"},
	{field: "transitionPairing", doc: `mutation($pairing: ID!) { transitionPairing(id: $pairing, status: ACTIVE) { id } }`, own: "officer admin", other: "admin"},
	{field: "addReview", doc: `mutation($pairing: ID!) { addReview(pairingId: $pairing, input: {note: "矩阵"}) { id } }`, own: "craftsman officer admin", other: "admin"},
	{field: "requestMentor", doc: `mutation($craftsman: ID!) { requestMentor(mentorId: $craftsman) { id } }`, own: "apprentice", other: "apprentice"},
	{field: "respondPairing", doc: `mutation($pairing: ID!) { respondPairing(id: $pairing, accept: false, reason: "矩阵") { id } }`, own: "craftsman admin", other: "admin", stage: 1},
	{field: "signAgreement", doc: `mutation($pairing: ID!) { signAgreement(id: $pairing, agreement: {skillCode: "6-18-02-04", targetLevel: SENIOR, deadline: "2027-06-30"}) { id } }`, own: "craftsman officer admin", other: "admin"},
	{field: "completePairing", doc: `mutation($pairing: ID!) { completePairing(id: $pairing) { id } }`, own: "craftsman officer admin", other: "admin"},
	{field: "terminatePairing", doc: `mutation($pairing: ID!) { terminatePairing(id: $pairing, reason: "矩阵") { id } }`, own: "apprentice craftsman officer admin", other: "admin", stage: 1},
	{field: "awardPairing", doc: `mutation($pairing: ID!) { awardPairing(id: $pairing, award: "矩阵") { id } }`, own: "officer admin", other: "admin"},
	{field: "deletePairing", doc: `mutation($pairing: ID!) { deletePairing(id: $pairing) }`, own: "officer admin", other: "admin", stage: 2},
	{field: "proposeCampaign", doc: `mutation($union: ID!) { proposeCampaign(unionId: $union, campaign: "矩阵", cap: 1) { pairCount } }`, own: "officer admin", other: "admin"},

	{field: "createStudio", doc: `mutation($ent: ID!, $craftsman: ID!) { createStudio(input: {name: "矩阵工作室", kind: CRAFTSMAN, tier: DISTRICT, leaderId: $craftsman, hostEnterpriseId: $ent}) { id } }`, own: "officer admin", other: "admin"},
	{field: "updateStudio", doc: `mutation($studio: ID!) { updateStudio(id: $studio, patch: {description: "矩阵"}) { id } }`, own: "craftsman officer admin", other: "admin"},
	{field: "addStudioMember", doc: `mutation($studio: ID!, $apprentice: ID!) { addStudioMember(studioId: $studio, workerId: $apprentice) { id } }`, own: "craftsman officer admin", other: "admin"},
	{field: "removeStudioMember", doc: `mutation($studio: ID!, $apprentice: ID!) { removeStudioMember(studioId: $studio, workerId: $apprentice) { id } }`, own: "craftsman officer admin", other: "admin"},
	{field: "addAchievement", doc: `mutation($studio: ID!) { addAchievement(studioId: $studio, input: {kind: INNOVATION, title: "矩阵", year: 2026, count: 1}) { id } }`, own: "craftsman officer admin", other: "admin"},
	{field: "deleteStudio", doc: `mutation($studio: ID!) { deleteStudio(id: $studio) }`, own: "officer admin", other: "admin", stage: 2},

	{field: "createTarget", doc: `mutation($union: ID!) { createTarget(input: {unionId: $union, kind: STUDIOS, period: "2027", number: 3}) { id } }`, own: "officer admin", other: "admin"},
	{field: "updateTarget", doc: `mutation($target: ID!) { updateTarget(id: $target, patch: {number: 5}) { id } }`, own: "officer admin", other: "admin"},
	{field: "deleteTarget", doc: `mutation($target: ID!) { deleteTarget(id: $target) }`, own: "officer admin", other: "admin", stage: 2},
	{field: "importSheet", own: "officer admin", other: "officer admin"},

	{field: "Query.accounts", doc: `query($ent: ID!) { accounts(scopeId: $ent) { totalCount } }`, own: "officer admin", other: "admin"},
	{field: "Query.auditTrail", doc: `query($union: ID!) { auditTrail(unionId: $union) { totalCount } }`, own: "officer admin", other: "admin"},
	{field: "Query.dashboard", doc: `query($union: ID!) { dashboard(unionId: $union) { total { pairsSigned } } }`, own: "officer admin", other: "admin"},
	{field: "Query.targetProgress", doc: `query($union: ID!) { targetProgress(unionId: $union) { pairsSigned } }`, own: "officer admin", other: "admin"},
	{field: "Query.stalledPairings", doc: `query($union: ID!) { stalledPairings(unionId: $union) { daysOverdue } }`, own: "officer admin", other: "admin"},
	{field: "Problem.contact", doc: `query($problem: ID!) { problem(id: $problem) { contact confidential } }`, private: "problem.contact", own: "craftsman enterprise officer admin", other: "admin"},
	{field: "Worker.employeeNo", doc: `query($craftsman: ID!) { worker(id: $craftsman) { employeeNo } }`, private: "worker.employeeNo", own: "craftsman enterprise officer admin", other: "admin"},
}

// side is one half of the fixture: a union with an enterprise, a craftsman and an apprentice
// employed there, and their problem, visit, pairing, studio, target and accounts.
type side struct {
	vars  map[string]any    // GraphQL variables naming the side's records
	users map[string]string // role → username
}

// buildSide creates side name under the city union, as admin.
func buildSide(t *testing.T, admin *server, sum demo.Summary, name string) side {
	t.Helper()
	must := func(q string, vars map[string]any, path string) string {
		t.Helper()
		r := admin.post(q, vars)
		id, _ := dig(r.mustData(t), path).(string)
		if id == "" {
			t.Fatalf("fixture %s: %s", path, r.Raw)
		}
		return id
	}
	v := map[string]any{"region": sum.CityRegionID}
	v["union"] = must(`mutation($p: ID!, $n: String!) { createUnion(input: {name: $n, tier: DISTRICT, parentId: $p}) { id } }`,
		map[string]any{"p": sum.CityUnionID, "n": "矩阵区总工会" + name}, "createUnion.id")
	v["ent"] = must(`mutation($u: ID!, $r: ID!, $n: String!) { createEnterprise(input: {name: $n, ownership: PRIVATE, regionId: $r, unionId: $u}) { id } }`,
		map[string]any{"u": v["union"], "r": sum.CityRegionID, "n": "矩阵企业" + name}, "createEnterprise.id")
	worker := func(n, role string) string {
		return must(`mutation($e: ID!, $r: ID!, $n: String!, $role: Role!) { createWorker(input: {name: $n, regionId: $r, enterpriseId: $e, employeeNo: $n, roles: [$role], mentorCapacity: 5, acceptingMentees: true, skills: [{code: "6-18-02-04", level: TECHNICIAN, primary: true}]}) { id } }`,
			map[string]any{"e": v["ent"], "r": sum.CityRegionID, "n": n, "role": role}, "createWorker.id")
	}
	v["craftsman"] = worker("矩阵师傅"+name, "CRAFTSMAN")
	v["apprentice"] = worker("矩阵徒弟"+name, "APPRENTICE")
	v["problem"] = must(`mutation($e: ID!) { createProblem(input: {title: "矩阵难题", enterpriseId: $e, contact: "联系人 王工", confidential: "工艺参数", skills: [{code: "6-18-02-04"}]}) { id } }`,
		map[string]any{"e": v["ent"]}, "createProblem.id")
	v["visit"] = must(`mutation($e: ID!, $p: ID!, $c: ID!) { proposeVisit(input: {enterpriseId: $e, problemIds: [$p], expertIds: [$c]}) { id } }`,
		map[string]any{"e": v["ent"], "p": v["problem"], "c": v["craftsman"]}, "proposeVisit.id")
	v["pairing"] = must(`mutation($c: ID!, $a: ID!, $u: ID!) { createPairing(input: {mentorId: $c, apprenticeId: $a, unionId: $u}) { id } }`,
		map[string]any{"c": v["craftsman"], "a": v["apprentice"], "u": v["union"]}, "createPairing.id")
	v["studio"] = must(`mutation($e: ID!, $c: ID!, $n: String!) { createStudio(input: {name: $n, kind: CRAFTSMAN, tier: DISTRICT, leaderId: $c, hostEnterpriseId: $e}) { id } }`,
		map[string]any{"e": v["ent"], "c": v["craftsman"], "n": "矩阵工作室" + name}, "createStudio.id")
	v["target"] = must(`mutation($u: ID!) { createTarget(input: {unionId: $u, kind: PAIRS_SIGNED, period: "2026", number: 10}) { id } }`,
		map[string]any{"u": v["union"]}, "createTarget.id")
	users := map[string]string{"admin": "admin"}
	for role, scope := range map[string]string{"officer": "union", "enterprise": "ent", "craftsman": "craftsman", "apprentice": "apprentice"} {
		gqlRole := map[string]string{"officer": "UNION_OFFICER", "enterprise": "ENTERPRISE", "craftsman": "CRAFTSMAN", "apprentice": "APPRENTICE"}[role]
		u := strings.ToLower("matrix." + role + "." + name)
		id := must(`mutation($u: String!, $r: AccountRole!, $s: ID!) { createAccount(input: {username: $u, password: "jiangxin-2026", role: $r, scopeId: $s}) { id } }`,
			map[string]any{"u": u, "r": gqlRole, "s": v[scope]}, "createAccount.id")
		users[role] = u
		if role == "enterprise" {
			v["acc"] = id
		}
	}
	return side{vars: v, users: users}
}

// allowed reports whether role is listed in spec ("*" stands for every signed-in role).
func allowed(spec, role string) bool {
	f := strings.Fields(spec)
	return slices.Contains(f, role) || (role != "anon" && slices.Contains(f, "*"))
}

func TestAuthorizationMatrix(t *testing.T) {
	_, sum, err := demo.Build(demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	base := startServer(t, "bbolt")
	admin := base.as("admin")

	t.Run("every mutation has a row", func(t *testing.T) {
		r := base.post(`{ __schema { mutationType { fields { name } } } }`, nil)
		var missing []string
		for _, f := range dig(r.mustData(t), "__schema.mutationType.fields").([]any) {
			name := dig(f, "name").(string)
			if !slices.ContainsFunc(matrix, func(m matrixRow) bool { return m.field == name }) {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			t.Fatalf("mutations without authorization rows: %v", missing)
		}
	})

	a := buildSide(t, admin, sum, "A")
	b := buildSide(t, admin, sum, "B")
	counts := func(t *testing.T) string {
		t.Helper()
		r := admin.post(`{ regions{totalCount} unions{totalCount} enterprises{totalCount} workers{totalCount} problems{totalCount}
			visits{totalCount} pairings{totalCount} studios{totalCount} targets{totalCount} }`, nil)
		return fmt.Sprint(r.mustData(t))
	}
	rows := slices.Clone(matrix)
	slices.SortStableFunc(rows, func(x, y matrixRow) int { return x.stage - y.stage })
	unexpected := 0
	for _, row := range rows {
		t.Run(row.field, func(t *testing.T) {
			for _, target := range []struct {
				name  string
				side  side
				allow string
			}{{"own", a, row.own}, {"other", b, row.other}} {
				// Denied roles first: they must change nothing; then the allowed ones.
				roles := slices.Clone(matrixRoles)
				slices.SortStableFunc(roles, func(x, y string) int {
					ax, ay := allowed(target.allow, x), allowed(target.allow, y)
					switch {
					case ax == ay:
						return 0
					case ax:
						return 1
					}
					return -1
				})
				for _, role := range roles {
					want := allowed(target.allow, role)
					t.Run(target.name+"/"+role, func(t *testing.T) {
						c := base.as("")
						if role != "anon" {
							c = base.as(a.users[role])
							if row.field == "logout" {
								c = freshLogin(t, base, a.users[role])
							}
						}
						vars := map[string]any{}
						for k, v := range target.side.vars {
							vars[k] = v
						}
						vars["u"] = a.users["enterprise"]
						vars["n"] = strings.ToLower(fmt.Sprintf("matrix.new.%s.%s", target.name, role))
						var before string
						if !want && row.private == "" {
							before = counts(t)
						}
						var r *gqlResponse
						if row.field == "importSheet" {
							r = c.upload(t, `mutation($file: Upload!) { importSheet(file: $file, dryRun: true) { rows } }`,
								"workers.csv", []byte("姓名,工号\n"))
						} else {
							r = c.post(row.doc, vars)
						}
						codes := r.codes()
						refused := slices.Contains(codes, "FORBIDDEN") || slices.Contains(codes, "UNAUTHENTICATED")
						switch {
						case row.private != "":
							hidden := dig(r.Data, row.private) == nil
							if hidden == want || len(r.Errors) > 0 {
								unexpected++
								t.Errorf("%s on %s record: visible=%v, want %v: %s", role, target.name, !hidden, want, r.Raw)
							}
						case want && refused:
							unexpected++
							t.Errorf("%s refused on %s record: %s", role, target.name, r.Raw)
						case !want:
							wantCode := "FORBIDDEN"
							if role == "anon" {
								wantCode = "UNAUTHENTICATED"
							}
							if !slices.Contains(codes, wantCode) || r.Data != nil && dig(r.Data, strings.TrimPrefix(row.field, "Query.")) != nil {
								unexpected++
								t.Errorf("%s on %s record: codes %v, want %s: %s", role, target.name, codes, wantCode, r.Raw)
							}
							if after := counts(t); after != before {
								t.Errorf("a refused call changed the store:\nbefore %s\nafter  %s", before, after)
							}
						}
					})
				}
			}
		})
	}
	t.Logf("%d rows × %d roles × own/other; %d unexpected outcomes", len(matrix), len(matrixRoles), unexpected)
}

// freshLogin signs in anew (for logout, which revokes the token it is sent with).
func freshLogin(t *testing.T, s *server, user string) *server {
	t.Helper()
	r := s.as("").post(`mutation($u: String!) { login(username: $u, password: "jiangxin-2026") { token } }`, map[string]any{"u": user})
	c := s.as("")
	c.token, _ = dig(r.mustData(t), "login.token").(string)
	return c
}

package gql

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"jiangxin/auth"
	"jiangxin/graph"
	"jiangxin/graph/gql/model"
)

// Authorization lives here and only here: one rule per mutation and per scoped query, written
// as data (who may, over which record), checked by one field middleware before any resolver
// runs. A mutation without a rule is refused (FORBIDDEN for everyone but admins) and the
// authorization matrix test fails, so a new mutation cannot ship unguarded.

// grant is a set of relations that allow a non-admin caller to act on a record.
type grant uint16

const (
	gPublic        grant = 1 << iota // anyone, signed in or not
	gSignedIn                        // any signed-in account, acting for itself
	gOfficer                         // UNION_OFFICER whose union tree holds every union of the record
	gEnterprise                      // ENTERPRISE that owns the record
	gSelf                            // CRAFTSMAN or APPRENTICE who is the worker record itself
	gMentor                          // CRAFTSMAN who is the pairing's mentor
	gApprentice                      // APPRENTICE who is the pairing's apprentice
	gLeader                          // CRAFTSMAN who leads the studio
	gInvited                         // CRAFTSMAN invited to the visit
	gAnyApprentice                   // any APPRENTICE, acting for themselves
)

// parties are the accounts' relations to one record.
type parties struct {
	unions     []string // officers must cover every one of these (empty: no officer may act)
	enterprise string
	worker     string
	mentor     string
	apprentice string
	leader     string
	experts    []string
}

// anchor finds the record a field acts on, from its arguments, and its parties.
type anchor func(ctx context.Context, a *authz, args map[string]any) (parties, error)

// rule is who may call one field.
type rule struct {
	grants grant
	anchor anchor
	// limit, when set, further restricts what a non-admin caller granted by relation g may
	// change (e.g. a worker editing their own profile may not change their roles).
	limit func(g grant, args map[string]any) error
}

// authz evaluates rules for one request; it caches union subtrees.
type authz struct {
	store graph.Store
	mu    sync.Mutex
	trees map[string]map[string]bool
}

func newAuthz(store graph.Store) *authz {
	return &authz{store: store, trees: map[string]map[string]bool{}}
}

// covers reports whether union scope's tree holds union id.
func (a *authz) covers(ctx context.Context, scope, id string) (bool, error) {
	a.mu.Lock()
	tree, ok := a.trees[scope]
	a.mu.Unlock()
	if !ok {
		ids, err := a.store.UnionSubtree(ctx, scope)
		if err != nil {
			return false, fmt.Errorf("officer's union: %w", err)
		}
		tree = make(map[string]bool, len(ids))
		for _, u := range ids {
			tree[u] = true
		}
		a.mu.Lock()
		a.trees[scope] = tree
		a.mu.Unlock()
	}
	return tree[id], nil
}

func (a *authz) coversAll(ctx context.Context, scope string, unions []string) (bool, error) {
	if len(unions) == 0 {
		return false, nil
	}
	for _, u := range unions {
		ok, err := a.covers(ctx, scope, u)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// relation returns the first relation of g that p holds to pt, or 0.
func (a *authz) relation(ctx context.Context, p auth.Principal, g grant, pt parties) (grant, error) {
	worker := p.Role == auth.RoleCraftsman || p.Role == auth.RoleApprentice
	checks := []struct {
		g  grant
		ok func() (bool, error)
	}{
		{gPublic, func() (bool, error) { return true, nil }},
		{gSignedIn, func() (bool, error) { return true, nil }},
		{gOfficer, func() (bool, error) {
			if p.Role != auth.RoleUnionOfficer {
				return false, nil
			}
			return a.coversAll(ctx, p.ScopeID, pt.unions)
		}},
		{gEnterprise, func() (bool, error) { return p.Role == auth.RoleEnterprise && pt.enterprise == p.ScopeID, nil }},
		{gSelf, func() (bool, error) { return worker && pt.worker != "" && pt.worker == p.ScopeID, nil }},
		{gMentor, func() (bool, error) { return p.Role == auth.RoleCraftsman && pt.mentor == p.ScopeID, nil }},
		{gApprentice, func() (bool, error) { return p.Role == auth.RoleApprentice && pt.apprentice == p.ScopeID, nil }},
		{gLeader, func() (bool, error) { return p.Role == auth.RoleCraftsman && pt.leader == p.ScopeID, nil }},
		{gInvited, func() (bool, error) {
			return p.Role == auth.RoleCraftsman && slices.Contains(pt.experts, p.ScopeID), nil
		}},
		{gAnyApprentice, func() (bool, error) { return p.Role == auth.RoleApprentice, nil }},
	}
	for _, c := range checks {
		if g&c.g == 0 {
			continue
		}
		ok, err := c.ok()
		if err != nil {
			return 0, err
		}
		if ok {
			return c.g, nil
		}
	}
	return 0, nil
}

// decide applies rule r for field to the caller in ctx. It returns the record's parties (for
// the audit entry) or an error wrapping ErrUnauthenticated, ErrForbidden, or the anchor's
// error (an unknown record is NOT_FOUND, a malformed ID INVALID_INPUT).
func (a *authz) decide(ctx context.Context, field string, r rule, args map[string]any) (parties, error) {
	p, signedIn := auth.PrincipalFrom(ctx)
	if r.grants&gPublic != 0 {
		return parties{}, nil
	}
	if !signedIn {
		return parties{}, fmt.Errorf("%s needs a signed-in account: %w", field, graph.ErrUnauthenticated)
	}
	var pt parties
	if r.anchor != nil {
		var err error
		if pt, err = r.anchor(ctx, a, args); err != nil {
			return parties{}, err
		}
	}
	if p.Role == auth.RoleAdmin {
		return pt, nil
	}
	g, err := a.relation(ctx, p, r.grants, pt)
	if err != nil {
		return parties{}, err
	}
	if g == 0 {
		return parties{}, fmt.Errorf("%s may not %s here: %w", p.Role, field, graph.ErrForbidden)
	}
	if r.limit != nil {
		if err := r.limit(g, args); err != nil {
			return parties{}, err
		}
	}
	return pt, nil
}

// ---- anchors ----

func argString(args map[string]any, name string) string {
	switch v := args[name].(type) {
	case string:
		return v
	case *string:
		if v != nil {
			return *v
		}
	}
	return ""
}

func argOf[T any](args map[string]any, name string) T {
	var zero T
	switch v := args[name].(type) {
	case T:
		return v
	case *T:
		if v != nil {
			return *v
		}
	}
	return zero
}

func (a *authz) enterpriseParties(ctx context.Context, id string) (parties, error) {
	e, err := a.store.GetEnterprise(ctx, id)
	if err != nil {
		return parties{}, err
	}
	return parties{unions: nonEmpty(e.UnionID), enterprise: e.ID}, nil
}

func (a *authz) workerParties(ctx context.Context, id string) (parties, error) {
	w, err := a.store.GetWorker(ctx, id)
	if err != nil {
		return parties{}, err
	}
	pt := parties{worker: w.ID, enterprise: w.EnterpriseID}
	if w.EnterpriseID != "" {
		ep, err := a.enterpriseParties(ctx, w.EnterpriseID)
		if err != nil {
			return parties{}, err
		}
		pt.unions = ep.unions
	}
	return pt, nil
}

func (a *authz) unionParties(_ context.Context, id string) (parties, error) {
	return parties{unions: nonEmpty(id)}, nil
}

func (a *authz) problemParties(ctx context.Context, id string) (parties, error) {
	p, err := a.store.GetProblem(ctx, id)
	if err != nil {
		return parties{}, err
	}
	return a.enterpriseParties(ctx, p.EnterpriseID)
}

func (a *authz) visitParties(ctx context.Context, id string) (parties, error) {
	v, err := a.store.GetVisit(ctx, id)
	if err != nil {
		return parties{}, err
	}
	pt, err := a.enterpriseParties(ctx, v.EnterpriseID)
	if err != nil {
		return parties{}, err
	}
	pt.experts = slices.Clone(v.ExpertIDs)
	for _, in := range v.Invitations {
		if !slices.Contains(pt.experts, in.ExpertID) {
			pt.experts = append(pt.experts, in.ExpertID)
		}
	}
	return pt, nil
}

// pairingUnion is the union a pairing is attributed to: its sponsor, else the apprentice's
// employer's union.
func (a *authz) pairingUnion(ctx context.Context, unionID, apprenticeID string) ([]string, error) {
	if unionID != "" {
		return []string{unionID}, nil
	}
	wp, err := a.workerParties(ctx, apprenticeID)
	if err != nil {
		return nil, err
	}
	return wp.unions, nil
}

func (a *authz) pairingParties(ctx context.Context, id string) (parties, error) {
	p, err := a.store.GetPairing(ctx, id)
	if err != nil {
		return parties{}, err
	}
	unions, err := a.pairingUnion(ctx, p.UnionID, p.ApprenticeID)
	if err != nil {
		return parties{}, err
	}
	return parties{unions: unions, mentor: p.MentorID, apprentice: p.ApprenticeID}, nil
}

func (a *authz) studioParties(ctx context.Context, id string) (parties, error) {
	s, err := a.store.GetStudio(ctx, id)
	if err != nil {
		return parties{}, err
	}
	pt := parties{leader: s.LeaderID}
	if s.HostEnterpriseID != "" {
		ep, err := a.enterpriseParties(ctx, s.HostEnterpriseID)
		if err != nil {
			return parties{}, err
		}
		pt.unions, pt.enterprise = ep.unions, ep.enterprise
	}
	return pt, nil
}

func (a *authz) targetParties(ctx context.Context, id string) (parties, error) {
	t, err := a.store.GetTarget(ctx, id)
	if err != nil {
		return parties{}, err
	}
	return parties{unions: nonEmpty(t.UnionID)}, nil
}

func (a *authz) accountParties(ctx context.Context, id string) (parties, error) {
	acc, err := a.store.GetAccount(ctx, id)
	if err != nil {
		return parties{}, err
	}
	return a.scopeParties(ctx, acc.Role, acc.ScopeID)
}

// scopeParties are the parties of an account's scope: officers above it may manage it.
func (a *authz) scopeParties(ctx context.Context, role graph.AccountRole, scope string) (parties, error) {
	switch role.ScopeKind() {
	case graph.KindUnion:
		return a.unionParties(ctx, scope)
	case graph.KindEnterprise:
		return a.enterpriseParties(ctx, scope)
	case graph.KindWorker:
		return a.workerParties(ctx, scope)
	}
	return parties{}, nil // admins: only admins manage them
}

// byID anchors a field on the record named by argument arg, checked to be of kind k.
func byID(arg string, k graph.Kind, load func(*authz, context.Context, string) (parties, error)) anchor {
	return func(ctx context.Context, a *authz, args map[string]any) (parties, error) {
		id := argString(args, arg)
		if err := graph.CheckID(arg, k, id); err != nil {
			return parties{}, err
		}
		return load(a, ctx, id)
	}
}

// fromInput anchors a create on the record its input points at.
func fromInput[T any](ref func(T) (string, graph.Kind, func(*authz, context.Context, string) (parties, error))) anchor {
	return func(ctx context.Context, a *authz, args map[string]any) (parties, error) {
		id, k, load := ref(argOf[T](args, "input"))
		if id == "" {
			return parties{}, nil // nothing to anchor on: only admins (and public rules) pass
		}
		if err := graph.CheckID("input", k, id); err != nil {
			return parties{}, err
		}
		pt, err := load(a, ctx, id)
		if errors.Is(err, graph.ErrNotFound) {
			// An input naming an unknown record is bad input, as the store would say.
			return parties{}, graph.Invalid("input", "no %s %s", k, id)
		}
		return pt, err
	}
}

func nonEmpty(ids ...string) []string {
	var out []string
	for _, id := range ids {
		if id != "" {
			out = append(out, id)
		}
	}
	return out
}

var (
	loadUnion      = (*authz).unionParties
	loadEnterprise = (*authz).enterpriseParties
	loadWorker     = (*authz).workerParties
	loadProblem    = (*authz).problemParties
	loadVisit      = (*authz).visitParties
	loadPairing    = (*authz).pairingParties
	loadStudio     = (*authz).studioParties
	loadTarget     = (*authz).targetParties
	loadAccount    = (*authz).accountParties
)

// selfEditable are the WorkerPatch fields a worker may change on their own profile.
func selfWorkerPatch(g grant, args map[string]any) error {
	if g != gSelf {
		return nil
	}
	p := argOf[graph.WorkerPatch](args, "patch")
	if p.Roles != nil || p.EnterpriseID != nil || p.EmployeeNo != nil || p.RegionID != nil {
		return fmt.Errorf("a worker may not change their own roles, employer, employee number or region: %w", graph.ErrForbidden)
	}
	return nil
}

// createPairingAnchor: the officer must cover the sponsoring union (or, without one, the
// apprentice's employer's union).
func createPairingAnchor(ctx context.Context, a *authz, args map[string]any) (parties, error) {
	in := argOf[graph.PairingInput](args, "input")
	if err := graph.CheckID("input.apprenticeId", graph.KindWorker, in.ApprenticeID); err != nil {
		return parties{}, err
	}
	unions, err := a.pairingUnion(ctx, in.UnionID, in.ApprenticeID)
	if errors.Is(err, graph.ErrNotFound) {
		return parties{}, graph.Invalid("apprenticeId", "no worker %s", in.ApprenticeID)
	}
	if err != nil {
		return parties{}, err
	}
	return parties{unions: unions}, nil
}

// accountInputAnchor: an officer creates accounts only for scopes inside their union tree.
func accountInputAnchor(ctx context.Context, a *authz, args map[string]any) (parties, error) {
	in := argOf[model.AccountInput](args, "input")
	scope := deref(in.ScopeID)
	if k := in.Role.ScopeKind(); k != "" {
		if err := graph.CheckID("scopeId", k, scope); err != nil {
			return parties{}, err
		}
	}
	return a.scopeParties(ctx, in.Role, scope)
}

// unionArg anchors on a union named by argument arg; for an officer with no argument, their own.
func unionArg(arg string) anchor {
	return func(ctx context.Context, a *authz, args map[string]any) (parties, error) {
		id := argString(args, arg)
		if id == "" {
			if p, ok := auth.PrincipalFrom(ctx); ok && p.Role == auth.RoleUnionOfficer {
				return parties{unions: []string{p.ScopeID}}, nil
			}
			return parties{}, nil
		}
		if err := graph.CheckID(arg, graph.KindUnion, id); err != nil {
			return parties{}, err
		}
		if _, err := a.store.GetUnion(ctx, id); err != nil {
			return parties{}, err
		}
		return parties{unions: []string{id}}, nil
	}
}

// scopeArg anchors the accounts query on the scope it lists.
func scopeArg(ctx context.Context, a *authz, args map[string]any) (parties, error) {
	id := argString(args, "scopeId")
	if id == "" {
		return parties{}, nil
	}
	k := graph.KindOf(id)
	role := map[graph.Kind]graph.AccountRole{graph.KindUnion: graph.AccountUnionOfficer,
		graph.KindEnterprise: graph.AccountEnterprise, graph.KindWorker: graph.AccountCraftsman}[k]
	if role == "" {
		return parties{}, graph.Invalid("scopeId", "%q is not a union, enterprise or worker ID", id)
	}
	return a.scopeParties(ctx, role, id)
}

// rules holds the rule of every mutation and every scoped query, keyed "Object.field". Fields
// of Query not listed here are public reads; private fields are guarded by @private.
var rules = map[string]rule{
	"Mutation.ping":               {grants: gPublic},
	"Mutation.login":              {grants: gPublic},
	"Mutation.logout":             {grants: gSignedIn},
	"Mutation.changePassword":     {grants: gSignedIn},
	"Mutation.createAccount":      {grants: gOfficer, anchor: accountInputAnchor},
	"Mutation.setAccountDisabled": {grants: gOfficer, anchor: byID("id", graph.KindAccount, loadAccount)},

	"Mutation.createRegion": {},
	"Mutation.updateRegion": {},
	"Mutation.deleteRegion": {},

	"Mutation.createUnion": {grants: gOfficer, anchor: fromInput(func(in graph.UnionInput) (string, graph.Kind, func(*authz, context.Context, string) (parties, error)) {
		return in.ParentID, graph.KindUnion, loadUnion
	})},
	"Mutation.updateUnion": {grants: gOfficer, anchor: byID("id", graph.KindUnion, loadUnion)},
	"Mutation.deleteUnion": {grants: gOfficer, anchor: byID("id", graph.KindUnion, loadUnion)},

	"Mutation.createEnterprise": {grants: gOfficer, anchor: fromInput(func(in graph.EnterpriseInput) (string, graph.Kind, func(*authz, context.Context, string) (parties, error)) {
		return in.UnionID, graph.KindUnion, loadUnion
	})},
	"Mutation.updateEnterprise": {grants: gOfficer | gEnterprise, anchor: byID("id", graph.KindEnterprise, loadEnterprise)},
	"Mutation.deleteEnterprise": {grants: gOfficer, anchor: byID("id", graph.KindEnterprise, loadEnterprise)},

	"Mutation.createWorker": {grants: gOfficer | gEnterprise, anchor: fromInput(func(in graph.WorkerInput) (string, graph.Kind, func(*authz, context.Context, string) (parties, error)) {
		return in.EnterpriseID, graph.KindEnterprise, loadEnterprise
	})},
	"Mutation.updateWorker":      {grants: gOfficer | gEnterprise | gSelf, anchor: byID("id", graph.KindWorker, loadWorker), limit: selfWorkerPatch},
	"Mutation.deleteWorker":      {grants: gOfficer, anchor: byID("id", graph.KindWorker, loadWorker)},
	"Mutation.setWorkerSkill":    {grants: gOfficer | gEnterprise, anchor: byID("workerId", graph.KindWorker, loadWorker)},
	"Mutation.removeWorkerSkill": {grants: gOfficer | gEnterprise, anchor: byID("workerId", graph.KindWorker, loadWorker)},
	"Mutation.addHonour":         {grants: gOfficer, anchor: byID("workerId", graph.KindWorker, loadWorker)},
	"Mutation.removeHonour":      {grants: gOfficer, anchor: byID("workerId", graph.KindWorker, loadWorker)},

	"Mutation.createProblem": {grants: gOfficer | gEnterprise, anchor: fromInput(func(in graph.ProblemInput) (string, graph.Kind, func(*authz, context.Context, string) (parties, error)) {
		return in.EnterpriseID, graph.KindEnterprise, loadEnterprise
	})},
	"Mutation.updateProblem":    {grants: gOfficer | gEnterprise, anchor: byID("id", graph.KindProblem, loadProblem)},
	"Mutation.setProblemStatus": {grants: gOfficer | gEnterprise, anchor: byID("id", graph.KindProblem, loadProblem)},
	"Mutation.deleteProblem":    {grants: gOfficer | gEnterprise, anchor: byID("id", graph.KindProblem, loadProblem)},
	"Mutation.routeProblem":     {grants: gOfficer | gEnterprise, anchor: byID("problemId", graph.KindProblem, loadProblem)},

	"Mutation.createVisit": {grants: gOfficer, anchor: fromInput(func(in graph.VisitInput) (string, graph.Kind, func(*authz, context.Context, string) (parties, error)) {
		return in.EnterpriseID, graph.KindEnterprise, loadEnterprise
	})},
	"Mutation.updateVisit": {grants: gOfficer, anchor: byID("id", graph.KindVisit, loadVisit)},
	"Mutation.deleteVisit": {grants: gOfficer, anchor: byID("id", graph.KindVisit, loadVisit)},
	"Mutation.proposeVisit": {grants: gOfficer | gEnterprise, anchor: fromInput(func(in graph.VisitInput) (string, graph.Kind, func(*authz, context.Context, string) (parties, error)) {
		return in.EnterpriseID, graph.KindEnterprise, loadEnterprise
	})},
	"Mutation.respondInvitation":   {grants: gInvited, anchor: byID("visitId", graph.KindVisit, loadVisit)},
	"Mutation.scheduleVisit":       {grants: gOfficer | gEnterprise, anchor: byID("id", graph.KindVisit, loadVisit)},
	"Mutation.recordVisitOutcomes": {grants: gOfficer | gEnterprise, anchor: byID("id", graph.KindVisit, loadVisit)},
	"Mutation.rateVisit":           {grants: gEnterprise, anchor: byID("id", graph.KindVisit, loadVisit)},
	"Mutation.cancelVisit":         {grants: gOfficer | gEnterprise, anchor: byID("id", graph.KindVisit, loadVisit)},

	"Mutation.createPairing":     {grants: gOfficer, anchor: createPairingAnchor},
	"Mutation.updatePairing":     {grants: gOfficer, anchor: byID("id", graph.KindPairing, loadPairing)},
	"Mutation.transitionPairing": {grants: gOfficer, anchor: byID("id", graph.KindPairing, loadPairing)},
	"Mutation.deletePairing":     {grants: gOfficer, anchor: byID("id", graph.KindPairing, loadPairing)},
	"Mutation.addReview":         {grants: gOfficer | gMentor, anchor: byID("pairingId", graph.KindPairing, loadPairing)},
	"Mutation.requestMentor":     {grants: gAnyApprentice, anchor: byID("mentorId", graph.KindWorker, loadWorker)},
	"Mutation.respondPairing":    {grants: gMentor, anchor: byID("id", graph.KindPairing, loadPairing)},
	"Mutation.signAgreement":     {grants: gOfficer | gMentor, anchor: byID("id", graph.KindPairing, loadPairing)},
	"Mutation.completePairing":   {grants: gOfficer | gMentor, anchor: byID("id", graph.KindPairing, loadPairing)},
	"Mutation.terminatePairing":  {grants: gOfficer | gMentor | gApprentice, anchor: byID("id", graph.KindPairing, loadPairing)},
	"Mutation.awardPairing":      {grants: gOfficer, anchor: byID("id", graph.KindPairing, loadPairing)},
	"Mutation.proposeCampaign":   {grants: gOfficer, anchor: unionArg("unionId")},

	"Mutation.createStudio": {grants: gOfficer, anchor: fromInput(func(in graph.StudioInput) (string, graph.Kind, func(*authz, context.Context, string) (parties, error)) {
		return in.HostEnterpriseID, graph.KindEnterprise, loadEnterprise
	})},
	"Mutation.updateStudio":       {grants: gOfficer | gLeader, anchor: byID("id", graph.KindStudio, loadStudio)},
	"Mutation.addStudioMember":    {grants: gOfficer | gLeader, anchor: byID("studioId", graph.KindStudio, loadStudio)},
	"Mutation.removeStudioMember": {grants: gOfficer | gLeader, anchor: byID("studioId", graph.KindStudio, loadStudio)},
	"Mutation.addAchievement":     {grants: gOfficer | gLeader, anchor: byID("studioId", graph.KindStudio, loadStudio)},
	"Mutation.deleteStudio":       {grants: gOfficer, anchor: byID("id", graph.KindStudio, loadStudio)},

	"Mutation.createTarget": {grants: gOfficer, anchor: fromInput(func(in graph.TargetInput) (string, graph.Kind, func(*authz, context.Context, string) (parties, error)) {
		return in.UnionID, graph.KindUnion, loadUnion
	})},
	"Mutation.updateTarget": {grants: gOfficer, anchor: byID("id", graph.KindTarget, loadTarget)},
	"Mutation.deleteTarget": {grants: gOfficer, anchor: byID("id", graph.KindTarget, loadTarget)},

	// Spreadsheet import writes many records at once: officers and admins only; the import
	// itself checks an officer's rows against their union tree (see importScope).
	"Mutation.importSheet": {grants: gOfficer, anchor: unionArg("")},

	"Query.accounts":        {grants: gOfficer, anchor: scopeArg},
	"Query.auditTrail":      {grants: gOfficer, anchor: unionArg("unionId")},
	"Query.dashboard":       {grants: gOfficer, anchor: unionArg("unionId")},
	"Query.targetProgress":  {grants: gOfficer, anchor: unionArg("unionId")},
	"Query.stalledPairings": {grants: gOfficer, anchor: unionArg("unionId")},
}

// ruleFor returns the rule of a root field and whether the field is guarded at all (Query
// fields without a rule are public reads; Mutation fields without one are admin-only).
func ruleFor(object, field string) (rule, bool) {
	switch object {
	case "Mutation":
		r, ok := rules["Mutation."+field]
		if !ok {
			return rule{}, true
		}
		return r, true
	case "Query":
		r, ok := rules["Query."+field]
		return r, ok
	}
	return rule{}, false
}

type authzKey struct{}

func withAuthz(ctx context.Context, a *authz) context.Context {
	return context.WithValue(ctx, authzKey{}, a)
}

func authzFrom(ctx context.Context, store graph.Store) *authz {
	if a, ok := ctx.Value(authzKey{}).(*authz); ok {
		return a
	}
	return newAuthz(store)
}

// authenticate refuses a request whose token was rejected, or whose account is gone or
// disabled, before anything runs.
func (r *Resolver) authenticate(ctx context.Context) (context.Context, error) {
	if err := auth.TokenError(ctx); err != nil {
		return ctx, err
	}
	p, ok := auth.PrincipalFrom(ctx)
	if !ok {
		return ctx, nil
	}
	acc, err := r.Store.GetAccount(ctx, p.AccountID)
	switch {
	case errors.Is(err, graph.ErrNotFound):
		return ctx, fmt.Errorf("the account no longer exists: %w", graph.ErrUnauthenticated)
	case err != nil:
		return ctx, fmt.Errorf("load account: %w", err)
	case acc.Disabled:
		return ctx, fmt.Errorf("the account is disabled: %w", graph.ErrUnauthenticated)
	case acc.Role != p.Role || acc.ScopeID != p.ScopeID:
		return ctx, fmt.Errorf("the account's role changed; sign in again: %w", graph.ErrUnauthenticated)
	}
	return context.WithValue(ctx, accountKey{}, acc), nil
}

type accountKey struct{}

// signedInAccount returns the account authenticate loaded for this request.
func signedInAccount(ctx context.Context) (graph.Account, bool) {
	acc, ok := ctx.Value(accountKey{}).(graph.Account)
	return acc, ok
}

// guardFields is the field middleware: it applies the rule of every root field, and records
// an audit entry for every mutation that succeeded.
func (r *Resolver) guardFields(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !fc.IsResolver || fc.Parent == nil || fc.Parent.Parent != nil {
		return next(ctx)
	}
	rl, guarded := ruleFor(fc.Object, fc.Field.Name)
	if !guarded {
		return next(ctx)
	}
	az := authzFrom(ctx, r.Store)
	pt, err := az.decide(ctx, fc.Field.Name, rl, fc.Args)
	if err != nil {
		return nil, err
	}
	res, err := next(ctx)
	if err != nil || fc.Object != "Mutation" || !mutates(fc.Field.Name) {
		return res, err
	}
	r.audit(ctx, fc.Field.Name, fc.Args, pt, res)
	return res, nil
}

// mutates reports whether a mutation changes state (and so is audited).
func mutates(field string) bool {
	return field != "ping" && field != "login"
}

// canSeePrivate reports whether the caller may read the private fields of a record with these
// parties: admins, covering officers, the owning enterprise, the worker, invited experts.
func (r *Resolver) canSeePrivate(ctx context.Context, pt func() (parties, error)) (bool, error) {
	p, ok := auth.PrincipalFrom(ctx)
	if !ok {
		return false, nil
	}
	if p.Role == auth.RoleAdmin {
		return true, nil
	}
	parts, err := pt()
	if errors.Is(err, graph.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	g, err := authzFrom(ctx, r.Store).relation(ctx, p, gOfficer|gEnterprise|gSelf|gInvited, parts)
	return g != 0, err
}

// privateProblem returns s when the caller may see problem pr's private fields, else nil.
func (r *Resolver) privateProblem(ctx context.Context, pr *graph.Problem, s string) (*string, error) {
	ok, err := r.canSeePrivate(ctx, func() (parties, error) {
		az := authzFrom(ctx, r.Store)
		pt, err := az.enterpriseParties(ctx, pr.EnterpriseID)
		if err != nil {
			return pt, err
		}
		visits, err := r.Store.ListVisits(ctx, graph.VisitFilter{ProblemID: pr.ID}, graph.Page{First: graph.MaxPageSize})
		if err != nil {
			return pt, err
		}
		for _, v := range visits.Items {
			pt.experts = append(pt.experts, v.ExpertIDs...)
			for _, in := range v.Invitations {
				if in.Status != graph.InvitationDeclined {
					pt.experts = append(pt.experts, in.ExpertID)
				}
			}
		}
		return pt, nil
	})
	if err != nil || !ok {
		return nil, err
	}
	return &s, nil
}

// privateWorker returns s when the caller may see worker w's private fields, else nil.
func (r *Resolver) privateWorker(ctx context.Context, w *graph.Worker, s string) (*string, error) {
	ok, err := r.canSeePrivate(ctx, func() (parties, error) {
		pt := parties{worker: w.ID, enterprise: w.EnterpriseID}
		if w.EnterpriseID != "" {
			ep, err := authzFrom(ctx, r.Store).enterpriseParties(ctx, w.EnterpriseID)
			if err != nil {
				return pt, err
			}
			pt.unions = ep.unions
		}
		return pt, nil
	})
	if err != nil || !ok {
		return nil, err
	}
	return &s, nil
}

// principalUnionScope returns the union IDs an officer's audit or dashboard query is limited
// to: the subtree of unionID (default: the officer's own union).
func (r *Resolver) unionOrOwn(ctx context.Context, unionID *string) (string, error) {
	if id := deref(unionID); id != "" {
		return id, nil
	}
	if p, ok := auth.PrincipalFrom(ctx); ok && p.Role == auth.RoleUnionOfficer {
		return p.ScopeID, nil
	}
	return "", nil
}

// summarize renders the arguments of a mutation for its audit entry: IDs, statuses and short
// strings, never passwords.
func summarize(field string, args map[string]any) string {
	var parts []string
	keys := make([]string, 0, len(args))
	for k := range args {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if strings.Contains(strings.ToLower(k), "password") {
			continue
		}
		switch v := args[k].(type) {
		case string, bool, int, graph.PairingStatus, graph.ProblemStatus:
			s := fmt.Sprint(v)
			if len([]rune(s)) > 80 {
				s = string([]rune(s)[:80]) + "…"
			}
			parts = append(parts, k+"="+s)
		case *string:
			if v != nil {
				parts = append(parts, k+"="+*v)
			}
		default:
			parts = append(parts, inputIDs(k, v)...)
		}
	}
	if len(parts) == 0 {
		return field
	}
	return field + " " + strings.Join(parts, " ")
}

// clientIPFrom returns the client address NewHandler put in ctx.
func clientIPFrom(ctx context.Context) string {
	s, _ := ctx.Value(clientIPKey{}).(string)
	return s
}

// hasher returns the configured password hasher (nil: the default parameters).
func (r *Resolver) hasher() *auth.Hasher {
	if r.Auth == nil {
		return nil
	}
	return r.Auth.Hasher
}

// nodeByID resolves any public entity ID, as the node query does.
func (r *Resolver) nodeByID(ctx context.Context, id string) (model.Node, error) {
	return r.Query().Node(ctx, id)
}

// inputIDs lists the non-empty ID fields of an input object argument (e.g. input.enterpriseId)
// for an audit summary.
func inputIDs(arg string, v any) []string {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for i := 0; i < rv.NumField(); i++ {
		f, name := rv.Field(i), rv.Type().Field(i).Name
		if f.Kind() == reflect.String && strings.HasSuffix(name, "ID") && f.String() != "" {
			out = append(out, arg+"."+name+"="+f.String())
		}
	}
	return out
}

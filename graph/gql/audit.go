package gql

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"

	"jiangxin/auth"
	"jiangxin/graph"
)

// audit records that the caller ran mutation field successfully: who, when, on which record
// (the result's ID, else an ID argument), and the unions whose officers may read the entry. A
// failure to record is logged, not returned: the change itself is already committed.
func (r *Resolver) audit(ctx context.Context, field string, args map[string]any, pt parties, res any) {
	e := graph.AuditEntry{ID: r.Service.NewID(graph.KindAudit), At: r.Service.Now(), ActorName: "anonymous",
		Action: field, UnionIDs: slices2set(pt.unions), Summary: summarize(field, args)}
	if p, ok := auth.PrincipalFrom(ctx); ok {
		e.ActorID, e.ActorRole = p.AccountID, p.Role
		e.ActorName = p.AccountID
		if acc, ok := signedInAccount(ctx); ok {
			e.ActorName = acc.Username
		}
		if len(e.UnionIDs) == 0 && p.Role == auth.RoleUnionOfficer {
			e.UnionIDs = []string{p.ScopeID}
		}
	}
	if c, ok := auth.ClaimsFrom(ctx); ok && field == "logout" {
		// The revocation list is rebuilt from these entries at start (RevokedTokens).
		e.Summary = logoutPrefix + c.TokenID + " until " + c.ExpiresAt.UTC().Format(time.RFC3339)
		e.EntityID = c.AccountID
	}
	if e.EntityID == "" {
		e.EntityID = resultID(res)
	}
	if e.EntityID == "" {
		for _, k := range []string{"id", "pairingId", "visitId", "problemId", "studioId", "workerId"} {
			if id := argString(args, k); graph.KindOf(id) != "" {
				e.EntityID = id
				break
			}
		}
	}
	// The changed record's own unions too: a request is filed where its pairing belongs.
	e.UnionIDs = slices2set(append(e.UnionIDs, r.unionsOfEntity(ctx, e.EntityID)...))
	if err := r.Store.AppendAudit(context.WithoutCancel(ctx), e); err != nil && r.Log != nil {
		r.Log.ErrorContext(ctx, "audit entry not recorded", "action", field, "entity", e.EntityID, "err", err)
	}
}

const logoutPrefix = "revoked token "

// ReplayLogouts re-revokes in r the tokens signed out within the last ttl, read from the audit
// trail, so that a restart does not bring logged-out tokens back. It returns how many it found.
func ReplayLogouts(ctx context.Context, store graph.Store, r *auth.MemoryRevoker, now time.Time, ttl time.Duration) (int, error) {
	n, after := 0, ""
	for {
		c, err := store.ListAudit(ctx, graph.AuditFilter{}, graph.Page{First: graph.MaxPageSize, After: after})
		if err != nil {
			return n, fmt.Errorf("replay logouts: %w", err)
		}
		for _, e := range c.Items {
			if e.At.Before(now.Add(-ttl - auth.Leeway)) {
				return n, nil
			}
			rest, ok := strings.CutPrefix(e.Summary, logoutPrefix)
			if e.Action != "logout" || !ok {
				continue
			}
			id, until, ok := strings.Cut(rest, " until ")
			exp, err := time.Parse(time.RFC3339, until)
			if !ok || err != nil {
				continue
			}
			r.Revoke(id, exp)
			n++
		}
		if !c.HasNext {
			return n, nil
		}
		after = c.EndCursor
	}
}

// unionsOfEntity finds the unions of a record created without an anchor (e.g. by an admin).
func (r *Resolver) unionsOfEntity(ctx context.Context, id string) []string {
	az := authzFrom(ctx, r.Store)
	loaders := map[graph.Kind]func(*authz, context.Context, string) (parties, error){
		graph.KindUnion: loadUnion, graph.KindEnterprise: loadEnterprise, graph.KindWorker: loadWorker,
		graph.KindProblem: loadProblem, graph.KindVisit: loadVisit, graph.KindPairing: loadPairing,
		graph.KindStudio: loadStudio, graph.KindTarget: loadTarget, graph.KindAccount: loadAccount,
	}
	load, ok := loaders[graph.KindOf(id)]
	if !ok {
		return nil
	}
	pt, err := load(az, ctx, id)
	if err != nil {
		return nil
	}
	return slices2set(pt.unions)
}

// resultID returns the ID of a mutation's result: an entity's ID field or a returned ID string.
func resultID(res any) string {
	if s, ok := res.(string); ok && graph.KindOf(s) != "" {
		return s
	}
	v := reflect.ValueOf(res)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return ""
	}
	f := v.FieldByName("ID")
	if f.IsValid() && f.Kind() == reflect.String && strings.Contains(f.String(), "_") {
		return f.String()
	}
	return ""
}

func slices2set(ids []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

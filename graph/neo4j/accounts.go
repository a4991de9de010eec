package neo4j

import (
	"context"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"jiangxin/graph"
)

// scopeRel is the SCOPED_TO reference of an account to an entity of label; encode fills the one
// whose kind the account's role needs.
func scopeRel(field, label string, kind graph.Kind) relSpec {
	return relSpec{field: field, typ: "SCOPED_TO", out: true, label: label, key: "id", errField: "scopeId", kind: kind}
}

// scopeFields maps a scope kind to the row field of its relationship.
var scopeFields = map[graph.Kind]string{
	graph.KindUnion: "scopeUnion", graph.KindEnterprise: "scopeEnterprise", graph.KindWorker: "scopeWorker",
}

// scopeLabels maps a scope kind to its label.
var scopeLabels = map[graph.Kind]string{
	graph.KindUnion: lblUnion, graph.KindEnterprise: lblEnterprise, graph.KindWorker: lblWorker,
}

var accountSpec = (&spec[graph.Account]{
	kind:  graph.KindAccount,
	label: lblAccount,
	rels: []relSpec{
		scopeRel("scopeUnion", lblUnion, graph.KindUnion),
		scopeRel("scopeEnterprise", lblEnterprise, graph.KindEnterprise),
		scopeRel("scopeWorker", lblWorker, graph.KindWorker),
	},
	refBy:     "false",
	id:        func(a *graph.Account) string { return a.ID },
	createdAt: func(a *graph.Account) time.Time { return a.CreatedAt },
	validate:  func(a *graph.Account) error { return a.Validate() },
	encode: func(a *graph.Account) (map[string]any, map[string]any, error) {
		props := map[string]any{"id": a.ID, "username": a.Username, "displayName": a.DisplayName,
			"role": string(a.Role), "passwordHash": a.PasswordHash, "disabled": a.Disabled,
			"createdAt": nanos(a.CreatedAt), "updatedAt": nanos(a.UpdatedAt)}
		extra := map[string]any{}
		if f, ok := scopeFields[a.Role.ScopeKind()]; ok {
			extra[f] = one(a.ScopeID)
		}
		return props, extra, nil
	},
	decode: func(m rec) (graph.Account, error) {
		a := graph.Account{ID: m.str("id"), Username: m.str("username"), DisplayName: m.str("displayName"),
			Role: graph.AccountRole(m.str("role")), PasswordHash: m.str("passwordHash"), Disabled: m.flag("disabled"),
			CreatedAt: m.time("createdAt"), UpdatedAt: m.time("updatedAt")}
		for _, f := range []string{"scopeUnion", "scopeEnterprise", "scopeWorker"} {
			if k := m.key(f); k != "" {
				a.ScopeID = k
			}
		}
		return a, nil
	},
}).build()

// CreateAccount stores a new account, linked to its scope; a taken username is ErrConflict.
func (s *Store) CreateAccount(ctx context.Context, a graph.Account) error {
	return create(ctx, s, accountSpec, a)
}

// GetAccount returns an account by ID.
func (s *Store) GetAccount(ctx context.Context, id string) (graph.Account, error) {
	return get(ctx, s, accountSpec, id)
}

// GetAccountByUsername returns the account with the normalized username, ErrNotFound if none.
func (s *Store) GetAccountByUsername(ctx context.Context, username string) (graph.Account, error) {
	var out graph.Account
	username = graph.NormalizeUsername(username)
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		recs, err := collect(ctx, tx, "MATCH (n:Account {username: $username}) RETURN "+accountSpec.proj,
			map[string]any{"username": username})
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return graph.NotFound(graph.KindAccount, username)
		}
		out, err = accountSpec.decodeRecord(recs[0])
		if err != nil {
			return errDecode(graph.KindAccount, err)
		}
		return nil
	})
	return out, err
}

// ListAccounts returns a page of accounts in ID order.
func (s *Store) ListAccounts(ctx context.Context, f graph.AccountFilter, p graph.Page) (graph.Conn[graph.Account], error) {
	fl := newFilter()
	fl.eq("role", string(f.Role))
	if f.ScopeID != "" {
		// The ID's kind names the label, so the lookup uses that label's id index.
		label, ok := scopeLabels[graph.KindOf(f.ScopeID)]
		if !ok {
			fl.add("false", "", nil)
		} else {
			fl.linked("scopeId", "(n)-[:SCOPED_TO]->(m:"+label+")", f.ScopeID)
		}
	}
	return list(ctx, s, accountSpec, "id", fl, p)
}

// UpdateAccount applies fn to an account; a changed username that is taken is ErrConflict.
func (s *Store) UpdateAccount(ctx context.Context, id string, fn func(*graph.Account) error) (graph.Account, error) {
	return update(ctx, s, accountSpec, id, fn)
}

// DeleteAccount removes an account.
func (s *Store) DeleteAccount(ctx context.Context, id string) error {
	return remove(ctx, s, accountSpec, id)
}

// AppendAudit stores an audit entry; a taken ID is ErrConflict.
func (s *Store) AppendAudit(ctx context.Context, e graph.AuditEntry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	props := map[string]any{"id": e.ID, "at": nanos(e.At), "actorId": e.ActorID, "actorName": e.ActorName,
		"actorRole": string(e.ActorRole), "action": e.Action, "entityId": e.EntityID,
		"unionIds": strList(e.UnionIDs), "summary": e.Summary}
	return s.write(ctx, func(tx neo4j.ManagedTransaction) error {
		return exec(ctx, tx, "CREATE (n:AuditEntry) SET n = $props", map[string]any{"props": props})
	})
}

func decodeAudit(m rec) (graph.AuditEntry, error) {
	return graph.AuditEntry{ID: m.str("id"), At: m.time("at"), ActorID: m.str("actorId"),
		ActorName: m.str("actorName"), ActorRole: graph.AccountRole(m.str("actorRole")), Action: m.str("action"),
		EntityID: m.str("entityId"), UnionIDs: m.strs("unionIds"), Summary: m.str("summary")}, nil
}

// ListAudit returns a page of audit entries, newest first (descending ID); p.After is the
// EndCursor of the previous, newer page.
func (s *Store) ListAudit(ctx context.Context, f graph.AuditFilter, p graph.Page) (graph.Conn[graph.AuditEntry], error) {
	var out graph.Conn[graph.AuditEntry]
	fl := newFilter()
	if len(f.UnionIDs) > 0 {
		fl.add("any(u IN coalesce(n.unionIds, []) WHERE u IN $unionIds)", "unionIds", f.UnionIDs)
	}
	fl.eq("entityId", f.EntityID)
	fl.eq("actorId", f.ActorID)
	after, err := graph.ParseCursor(p.After)
	if err != nil {
		return out, err
	}
	size := p.Size()
	params := map[string]any{"first": size + 1}
	for k, v := range fl.params {
		params[k] = v
	}
	match, _ := fl.query(lblAudit)
	// A predicate on id lets the planner walk the id index backwards and stop after the page
	// instead of sorting every entry.
	page := "n.id IS NOT NULL"
	if after != "" {
		params["after"] = after
		page = "n.id < $after"
	}
	fl.add(page, "", nil)
	page, _ = fl.query(lblAudit)
	err = s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		out = graph.Conn[graph.AuditEntry]{}
		if !p.SkipTotal {
			recs, err := collect(ctx, tx, match+" RETURN count(n)", params)
			if err != nil {
				return err
			}
			out.Total = int(recs[0].Values[0].(int64))
		}
		recs, err := collect(ctx, tx, page+" WITH n ORDER BY n.id DESC LIMIT $first RETURN n {.*}", params)
		if err != nil {
			return err
		}
		if len(recs) > size {
			out.HasNext = true
			recs = recs[:size]
		}
		for _, r := range recs {
			m, _ := r.Values[0].(map[string]any)
			e, err := decodeAudit(rec(m))
			if err != nil {
				return errDecode(graph.KindAudit, err)
			}
			out.Items = append(out.Items, e)
			out.EndCursor = graph.CursorOf(e.ID)
		}
		return nil
	})
	return out, err
}

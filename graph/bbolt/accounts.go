package bbolt

import (
	"context"
	"encoding/json"
	"errors"
	"sort"

	"jiangxin/graph"
)

// CreateAccount stores a new account whose scope exists; a taken username is ErrConflict.
func (s *Store) CreateAccount(ctx context.Context, a graph.Account) error {
	return create(ctx, s, accountSpec, a)
}

// GetAccount returns an account by ID.
func (s *Store) GetAccount(ctx context.Context, id string) (graph.Account, error) {
	return get(ctx, s, accountSpec, id)
}

// GetAccountByUsername returns the account holding the normalized username; ErrNotFound when
// there is none, including for a username no account could hold.
func (s *Store) GetAccountByUsername(ctx context.Context, username string) (graph.Account, error) {
	var a graph.Account
	if err := ctx.Err(); err != nil {
		return a, wrap("get account by username", err)
	}
	name := graph.NormalizeUsername(username)
	err := s.view(ctx, "get account by username", func(t *txn) error {
		id := t.uniq.Get([]byte(usernameKey(name)))
		if id == nil {
			return graph.NotFound(graph.KindAccount, name)
		}
		var err error
		a, err = load(t, accountSpec, string(id))
		return err
	})
	if err != nil {
		return graph.Account{}, err
	}
	return a, nil
}

// ListAccounts returns a page of accounts in ID order.
func (s *Store) ListAccounts(ctx context.Context, f graph.AccountFilter, p graph.Page) (graph.Conn[graph.Account], error) {
	var conds []cond
	if f.Role != "" {
		conds = append(conds, cond{idxKey(ixAccountRole, string(f.Role), "")})
	}
	if f.ScopeID != "" {
		conds = append(conds, cond{idxKey(ixAccountScope, f.ScopeID, "")})
	}
	return list(ctx, s, accountSpec, conds, nil, p)
}

// UpdateAccount applies fn to an account; a changed username that is taken is ErrConflict.
func (s *Store) UpdateAccount(ctx context.Context, id string, fn func(*graph.Account) error) (graph.Account, error) {
	return update(ctx, s, accountSpec, id, fn)
}

// DeleteAccount removes an account. Audit entries keep naming it.
func (s *Store) DeleteAccount(ctx context.Context, id string) error {
	return del(ctx, s, accountSpec, id)
}

// AppendAudit stores an audit entry; a taken ID is ErrConflict.
func (s *Store) AppendAudit(ctx context.Context, e graph.AuditEntry) error {
	return create(ctx, s, auditSpec, e)
}

// ListAudit returns a page of audit entries, newest first (descending ID). Page.After is the
// EndCursor of the previous, newer page; entries appended since sort before it and so never
// shift the older pages.
func (s *Store) ListAudit(ctx context.Context, f graph.AuditFilter, p graph.Page) (graph.Conn[graph.AuditEntry], error) {
	var conn graph.Conn[graph.AuditEntry]
	if err := ctx.Err(); err != nil {
		return conn, wrap("list audit entries", err)
	}
	before, err := decodeCursor(graph.KindAudit, p.After)
	if err != nil {
		return conn, err
	}
	n := p.Size()
	var conds []cond
	if len(f.UnionIDs) > 0 {
		c := cond{}
		for _, u := range f.UnionIDs {
			if u != "" {
				c = append(c, idxKey(ixAuditUnion, u, ""))
			}
		}
		conds = append(conds, c)
	}
	if f.EntityID != "" {
		conds = append(conds, cond{idxKey(ixAuditEntity, f.EntityID, "")})
	}
	if f.ActorID != "" {
		conds = append(conds, cond{idxKey(ixAuditActor, f.ActorID, "")})
	}
	err = s.view(ctx, "list audit entries", func(t *txn) error {
		if len(conds) == 0 {
			return scanPageDesc(t, before, n, &conn)
		}
		sets := make([][][]byte, len(conds))
		for i, c := range conds {
			sets[i] = t.set(c)
		}
		ids := intersect(sets)
		conn.Total = len(ids)
		end := len(ids) // ids[:end] are older than the cursor
		if before != "" {
			end = sort.Search(len(ids), func(i int) bool { return string(ids[i]) >= before })
		}
		start := max(end-n, 0)
		for j := end - 1; j >= start; j-- {
			e, err := load(t, auditSpec, string(ids[j]))
			if err != nil {
				return err
			}
			conn.Items = append(conn.Items, e)
		}
		conn.HasNext = start > 0
		if len(conn.Items) > 0 {
			conn.EndCursor = encodeCursor(string(ids[start]))
		}
		return nil
	})
	if err != nil {
		return graph.Conn[graph.AuditEntry]{}, err
	}
	return conn, nil
}

// scanPageDesc fills conn with up to n audit entries older than before ("" for the newest),
// walking the bucket backwards.
func scanPageDesc(t *txn, before string, n int, conn *graph.Conn[graph.AuditEntry]) error {
	b := t.bucket(graph.KindAudit)
	conn.Total = b.Stats().KeyN
	c := b.Cursor()
	var k, data []byte
	switch {
	case before == "":
		k, data = c.Last()
	default:
		// Seek finds the first key at or after before; the one ahead of it is the newest older
		// entry, and when there is none at or after before, every key is older.
		if k, _ = c.Seek([]byte(before)); k == nil {
			k, data = c.Last()
		} else {
			k, data = c.Prev()
		}
	}
	for ; k != nil && len(conn.Items) < n; k, data = c.Prev() {
		var e graph.AuditEntry
		if err := json.Unmarshal(data, &e); err != nil {
			return errors.Join(errors.New("decode audit entry "+string(k)), err)
		}
		conn.Items = append(conn.Items, e)
		conn.EndCursor = encodeCursor(string(k))
	}
	conn.HasNext = k != nil
	return nil
}

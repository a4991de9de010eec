package graphtest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"jiangxin/graph"
)

func accountID(a graph.Account) string  { return a.ID }
func auditID(e graph.AuditEntry) string { return e.ID }

// wantField fails t unless err is an ErrInvalid *graph.FieldError naming field.
func wantField(t testing.TB, err error, field string) {
	t.Helper()
	var fe *graph.FieldError
	if !errors.As(err, &fe) || fe.Field != field {
		t.Fatalf("error = %v, want an ErrInvalid field error naming %q", err, field)
	}
}

// cityAccounts are one account of each role on the seeded city, in creation (ID) order.
type cityAccounts struct {
	Admin, Officer, Firm, Craftsman, Apprentice graph.Account
}

func (a *cityAccounts) all() []graph.Account {
	return []graph.Account{a.Admin, a.Officer, a.Firm, a.Craftsman, a.Apprentice}
}

func seedAccounts(t *testing.T, ctx context.Context, s graph.Store, c *City) *cityAccounts {
	t.Helper()
	m := c.Maker
	a := &cityAccounts{
		Admin:      m.Account("admin", graph.AccountAdmin, ""),
		Officer:    m.Account("officer.liaoyuan", graph.AccountUnionOfficer, c.CityUnion.ID),
		Firm:       m.Account("heavy@liaoyuan", graph.AccountEnterprise, c.Heavy.ID),
		Craftsman:  m.Account("wang_han", graph.AccountCraftsman, c.Master.ID),
		Apprentice: m.Account("zhang-tu", graph.AccountApprentice, c.App1.ID, func(a *graph.Account) { a.Disabled = true }),
	}
	for _, acc := range a.all() {
		if err := s.CreateAccount(ctx, acc); err != nil {
			t.Fatalf("create account %s: %v", acc.Username, err)
		}
	}
	return a
}

func testAccounts(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s, c := seeded(t, newStore)
	m := c.Maker
	accs := seedAccounts(t, ctx, s, c)

	t.Run("RoundTrip", func(t *testing.T) {
		for _, a := range accs.all() {
			RequireEqual(t, a, ok(s.GetAccount(ctx, a.ID))(t))
		}
	})
	t.Run("GetUnknownAndMalformed", func(t *testing.T) {
		_, err := s.GetAccount(ctx, unknownID(m, graph.KindAccount))
		wantErr(t, err, graph.ErrNotFound)
		_, err = s.GetAccount(ctx, c.Master.ID)
		wantErr(t, err, graph.ErrInvalid)
	})
	t.Run("ByUsername", func(t *testing.T) {
		cases := []struct {
			name, username string
			want           graph.Account
		}{
			{"Exact", "wang_han", accs.Craftsman},
			{"CaseAndSpace", "  Officer.LIAOYUAN\t", accs.Officer},
			{"WithAt", "HEAVY@liaoyuan", accs.Firm},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				RequireEqual(t, tc.want, ok(s.GetAccountByUsername(ctx, tc.username))(t))
			})
		}
		for _, name := range []string{"nobody", "wang", ""} {
			_, err := s.GetAccountByUsername(ctx, name)
			wantErr(t, err, graph.ErrNotFound)
		}
	})
	t.Run("UsernameTaken", func(t *testing.T) {
		dup := m.Account("wang_han", graph.AccountApprentice, c.App2.ID)
		wantErr(t, s.CreateAccount(ctx, dup), graph.ErrConflict)
		must(t, absent(ok2(s.GetAccount(ctx, dup.ID))))
		RequireEqual(t, accs.Craftsman, ok(s.GetAccountByUsername(ctx, "wang_han"))(t))
	})
	t.Run("IDTaken", func(t *testing.T) {
		dup := m.Account("someone.else", graph.AccountAdmin, "", func(a *graph.Account) { a.ID = accs.Admin.ID })
		wantErr(t, s.CreateAccount(ctx, dup), graph.ErrConflict)
		RequireEqual(t, accs.Admin, ok(s.GetAccount(ctx, accs.Admin.ID))(t))
		_, err := s.GetAccountByUsername(ctx, "someone.else")
		wantErr(t, err, graph.ErrNotFound)
	})
	t.Run("Invalid", func(t *testing.T) {
		cases := []struct {
			name, field string
			mk          func() graph.Account
		}{
			{"UnknownUnion", "scopeId", func() graph.Account {
				return m.Account("ghost.officer", graph.AccountUnionOfficer, unknownID(m, graph.KindUnion))
			}},
			{"UnknownEnterprise", "scopeId", func() graph.Account {
				return m.Account("ghost.firm", graph.AccountEnterprise, unknownID(m, graph.KindEnterprise))
			}},
			{"UnknownWorker", "scopeId", func() graph.Account {
				return m.Account("ghost.worker", graph.AccountCraftsman, unknownID(m, graph.KindWorker))
			}},
			{"ScopeOfWrongKind", "scopeId", func() graph.Account {
				return m.Account("wrong.kind", graph.AccountEnterprise, c.Master.ID)
			}},
			{"AdminWithScope", "scopeId", func() graph.Account {
				return m.Account("scoped.admin", graph.AccountAdmin, c.CityUnion.ID)
			}},
			{"UpperCaseUsername", "username", func() graph.Account {
				return m.Account("Upper", graph.AccountAdmin, "")
			}},
			{"NoPassword", "password", func() graph.Account {
				return m.Account("no.password", graph.AccountAdmin, "", func(a *graph.Account) { a.PasswordHash = "" })
			}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				a := tc.mk()
				err := s.CreateAccount(ctx, a)
				wantErr(t, err, graph.ErrInvalid)
				wantField(t, err, tc.field)
				must(t, absent(ok2(s.GetAccount(ctx, a.ID))))
			})
		}
	})
	t.Run("Update", func(t *testing.T) {
		before := accs.Craftsman
		got := ok(s.UpdateAccount(ctx, before.ID, func(a *graph.Account) error {
			a.Username, a.DisplayName, a.Disabled = "wang.han.2026", "王焊 (新)", true
			a.UpdatedAt = m.Now()
			return nil
		}))(t)
		RequireEqual(t, got, ok(s.GetAccount(ctx, before.ID))(t))
		if got.Username != "wang.han.2026" || !got.Disabled {
			t.Fatalf("update not applied: %+v", got)
		}
		RequireEqual(t, got, ok(s.GetAccountByUsername(ctx, "wang.han.2026"))(t))
		_, err := s.GetAccountByUsername(ctx, "wang_han")
		wantErr(t, err, graph.ErrNotFound)
		// The old name is free again.
		reuse := m.Account("wang_han", graph.AccountApprentice, c.App2.ID)
		must(t, s.CreateAccount(ctx, reuse))
		RequireEqual(t, reuse, ok(s.GetAccountByUsername(ctx, "wang_han"))(t))
		must(t, s.DeleteAccount(ctx, reuse.ID))
		accs.Craftsman = got
	})
	t.Run("UpdateRejected", func(t *testing.T) {
		cases := []struct {
			name string
			want error
			fn   func(a *graph.Account)
		}{
			{"UsernameTaken", graph.ErrConflict, func(a *graph.Account) { a.Username = "admin" }},
			{"UnknownScope", graph.ErrInvalid, func(a *graph.Account) { a.ScopeID = unknownID(m, graph.KindWorker) }},
			{"ScopeOfWrongKind", graph.ErrInvalid, func(a *graph.Account) { a.Role = graph.AccountUnionOfficer }},
			{"ChangedID", graph.ErrInvalid, func(a *graph.Account) { a.ID = unknownID(m, graph.KindAccount) }},
			{"ChangedCreatedAt", graph.ErrInvalid, func(a *graph.Account) { a.CreatedAt = a.CreatedAt.Add(1) }},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := ok(s.GetAccount(ctx, accs.Craftsman.ID))(t)
				_, err := s.UpdateAccount(ctx, before.ID, func(a *graph.Account) error { tc.fn(a); return nil })
				wantErr(t, err, tc.want)
				RequireEqual(t, before, ok(s.GetAccount(ctx, before.ID))(t))
				RequireEqual(t, accs.Admin, ok(s.GetAccountByUsername(ctx, "admin"))(t))
			})
		}
		_, err := s.UpdateAccount(ctx, unknownID(m, graph.KindAccount), func(*graph.Account) error { return nil })
		wantErr(t, err, graph.ErrNotFound)
		sentinel := errors.New("stop")
		_, err = s.UpdateAccount(ctx, accs.Admin.ID, func(a *graph.Account) error { a.Disabled = true; return sentinel })
		wantErr(t, err, sentinel)
		RequireEqual(t, accs.Admin, ok(s.GetAccount(ctx, accs.Admin.ID))(t))
	})
	t.Run("List", func(t *testing.T) {
		cases := []struct {
			name string
			f    graph.AccountFilter
			want []graph.Account
		}{
			{"All", graph.AccountFilter{}, accs.all()},
			{"Role", graph.AccountFilter{Role: graph.AccountUnionOfficer}, []graph.Account{accs.Officer}},
			{"Scope", graph.AccountFilter{ScopeID: c.App1.ID}, []graph.Account{accs.Apprentice}},
			{"RoleAndScope", graph.AccountFilter{Role: graph.AccountCraftsman, ScopeID: c.Master.ID}, []graph.Account{accs.Craftsman}},
			{"RoleAndOtherScope", graph.AccountFilter{Role: graph.AccountCraftsman, ScopeID: c.App1.ID}, nil},
			{"NoMatch", graph.AccountFilter{ScopeID: c.Textile.ID}, nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				got := ok(s.ListAccounts(ctx, tc.f, graph.Page{First: graph.MaxPageSize}))(t)
				RequireEqual(t, tc.want, got.Items)
				if got.Total != len(tc.want) || got.HasNext {
					t.Fatalf("Total = %d, HasNext = %v; want %d, false", got.Total, got.HasNext, len(tc.want))
				}
			})
		}
		var seen []string
		after := ""
		for range 10 {
			p := ok(s.ListAccounts(ctx, graph.AccountFilter{}, graph.Page{First: 2, After: after}))(t)
			if p.Total != 5 {
				t.Fatalf("Total = %d on a page, want 5", p.Total)
			}
			seen = append(seen, ids(p.Items, accountID)...)
			if !p.HasNext {
				break
			}
			after = p.EndCursor
		}
		RequireEqual(t, ids(accs.all(), accountID), seen)
		_, err := s.ListAccounts(ctx, graph.AccountFilter{}, graph.Page{After: "not a cursor"})
		wantErr(t, err, graph.ErrInvalid)
	})
	t.Run("DeleteScopedEntity", func(t *testing.T) {
		u := m.Union("孤立工会", graph.TierTown, "")
		e := m.Enterprise("孤立企业", c.Longshan.ID)
		w := m.Worker("孤立工人", c.Longshan.ID)
		must(t, s.CreateUnion(ctx, u))
		must(t, s.CreateEnterprise(ctx, e))
		must(t, s.CreateWorker(ctx, w))
		cases := []struct {
			name    string
			account graph.Account
			del     func() error
			get     func() error
		}{
			{"Union", m.Account("lonely.officer", graph.AccountUnionOfficer, u.ID),
				func() error { return s.DeleteUnion(ctx, u.ID) }, func() error { return ok2(s.GetUnion(ctx, u.ID)) }},
			{"Enterprise", m.Account("lonely.firm", graph.AccountEnterprise, e.ID),
				func() error { return s.DeleteEnterprise(ctx, e.ID) }, func() error { return ok2(s.GetEnterprise(ctx, e.ID)) }},
			{"Worker", m.Account("lonely.worker", graph.AccountApprentice, w.ID),
				func() error { return s.DeleteWorker(ctx, w.ID) }, func() error { return ok2(s.GetWorker(ctx, w.ID)) }},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				must(t, s.CreateAccount(ctx, tc.account))
				wantErr(t, tc.del(), graph.ErrConflict)
				must(t, tc.get())
				must(t, s.DeleteAccount(ctx, tc.account.ID))
				must(t, tc.del())
				must(t, absent(tc.get()))
			})
		}
	})
	t.Run("Delete", func(t *testing.T) {
		wantErr(t, s.DeleteAccount(ctx, unknownID(m, graph.KindAccount)), graph.ErrNotFound)
		wantErr(t, s.DeleteAccount(ctx, "acc_nope"), graph.ErrInvalid)
		must(t, s.DeleteAccount(ctx, accs.Firm.ID))
		must(t, absent(ok2(s.GetAccount(ctx, accs.Firm.ID))))
		_, err := s.GetAccountByUsername(ctx, accs.Firm.Username)
		wantErr(t, err, graph.ErrNotFound)
		wantErr(t, s.DeleteAccount(ctx, accs.Firm.ID), graph.ErrNotFound)
		got := ok(s.ListAccounts(ctx, graph.AccountFilter{Role: graph.AccountEnterprise}, graph.Page{}))(t)
		if got.Total != 0 || len(got.Items) != 0 {
			t.Fatalf("a deleted account is still listed: %v", ids(got.Items, accountID))
		}
		// Its username and its scope are free again.
		again := m.Account(accs.Firm.Username, graph.AccountEnterprise, c.Heavy.ID)
		must(t, s.CreateAccount(ctx, again))
		RequireEqual(t, again, ok(s.GetAccountByUsername(ctx, accs.Firm.Username))(t))
	})
}

// ok2 drops the value of a (value, error) pair.
func ok2[T any](_ T, err error) error { return err }

func testAudit(t *testing.T, newStore func(t *testing.T) graph.Store) {
	ctx, s, c := seeded(t, newStore)
	m := c.Maker
	actor := m.Account("officer.audit", graph.AccountUnionOfficer, c.CityUnion.ID)
	must(t, s.CreateAccount(ctx, actor))
	byActor := func(e *graph.AuditEntry) {
		e.ActorID, e.ActorName, e.ActorRole = actor.ID, actor.Username, actor.Role
	}
	// Oldest first; the store lists them newest first.
	written := []graph.AuditEntry{
		m.Audit("createWorker", c.App1.ID, []string{c.CityUnion.ID, c.LongshanUnion.ID}),
		m.Audit("respondPairing", c.P1.ID, []string{c.CityUnion.ID, c.LongshanUnion.ID}, byActor),
		m.Audit("importSheet", "", nil, func(e *graph.AuditEntry) { e.Summary = "导入 42 名工人" }),
		m.Audit("scheduleVisit", c.FaultVisit.ID, []string{c.CityUnion.ID, c.XianUnion.ID}, byActor),
		m.Audit("updateWorker", c.App1.ID, []string{c.CityUnion.ID, c.LongshanUnion.ID}, byActor),
		// References nothing: a deleted entity, an unknown actor, an unknown union.
		m.Audit("deleteWorker", unknownID(m, graph.KindWorker), []string{unknownID(m, graph.KindUnion)}, func(e *graph.AuditEntry) {
			e.ActorID, e.ActorName, e.ActorRole = unknownID(m, graph.KindAccount), "gone", graph.AccountAdmin
		}),
	}
	for _, e := range written {
		must(t, s.AppendAudit(ctx, e))
	}
	newest := func(es ...graph.AuditEntry) []graph.AuditEntry {
		out := slices.Clone(es)
		slices.Reverse(out)
		return out
	}
	w := written

	t.Run("NewestFirst", func(t *testing.T) {
		got := ok(s.ListAudit(ctx, graph.AuditFilter{}, graph.Page{First: graph.MaxPageSize}))(t)
		RequireEqual(t, newest(w...), got.Items)
		if got.Total != len(w) || got.HasNext {
			t.Fatalf("Total = %d, HasNext = %v; want %d, false", got.Total, got.HasNext, len(w))
		}
	})
	t.Run("Rejected", func(t *testing.T) {
		dup := m.Audit("again", "", nil, func(e *graph.AuditEntry) { e.ID = w[0].ID })
		wantErr(t, s.AppendAudit(ctx, dup), graph.ErrConflict)
		for _, bad := range []graph.AuditEntry{
			m.Audit("", "", nil),
			m.Audit("badEntity", "not-an-id", nil),
			m.Audit("badUnion", "", []string{c.Heavy.ID}),
			m.Audit("badActor", "", nil, func(e *graph.AuditEntry) { e.ActorID = c.Master.ID }),
			m.Audit("localTime", "", nil, func(e *graph.AuditEntry) { e.At = e.At.In(time.FixedZone("CST", 8*60*60)) }),
		} {
			wantErr(t, s.AppendAudit(ctx, bad), graph.ErrInvalid)
		}
		got := ok(s.ListAudit(ctx, graph.AuditFilter{}, graph.Page{First: graph.MaxPageSize}))(t)
		RequireEqual(t, newest(w...), got.Items)
	})
	t.Run("Filters", func(t *testing.T) {
		cases := []struct {
			name string
			f    graph.AuditFilter
			want []graph.AuditEntry
		}{
			{"Union", graph.AuditFilter{UnionIDs: []string{c.LongshanUnion.ID}}, newest(w[0], w[1], w[4])},
			{"UnionsAnyOf", graph.AuditFilter{UnionIDs: []string{c.XianUnion.ID, c.LongshanUnion.ID}}, newest(w[0], w[1], w[3], w[4])},
			{"UnionRoot", graph.AuditFilter{UnionIDs: []string{c.CityUnion.ID}}, newest(w[0], w[1], w[3], w[4])},
			{"UnionNone", graph.AuditFilter{UnionIDs: []string{c.TownUnion.ID}}, nil},
			{"Entity", graph.AuditFilter{EntityID: c.App1.ID}, newest(w[0], w[4])},
			{"Actor", graph.AuditFilter{ActorID: actor.ID}, newest(w[1], w[3], w[4])},
			{"ActorAndEntity", graph.AuditFilter{ActorID: actor.ID, EntityID: c.App1.ID}, newest(w[4])},
			{"ActorAndUnion", graph.AuditFilter{ActorID: actor.ID, UnionIDs: []string{c.XianUnion.ID}}, newest(w[3])},
			{"AllThree", graph.AuditFilter{ActorID: actor.ID, EntityID: c.P1.ID, UnionIDs: []string{c.LongshanUnion.ID}}, newest(w[1])},
			{"Disjoint", graph.AuditFilter{EntityID: c.P1.ID, UnionIDs: []string{c.XianUnion.ID}}, nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				got := ok(s.ListAudit(ctx, tc.f, graph.Page{First: graph.MaxPageSize}))(t)
				RequireEqual(t, tc.want, got.Items)
				if got.Total != len(tc.want) || got.HasNext {
					t.Fatalf("Total = %d, HasNext = %v; want %d, false", got.Total, got.HasNext, len(tc.want))
				}
			})
		}
	})
	t.Run("PagesStableUnderAppends", func(t *testing.T) {
		for _, f := range []graph.AuditFilter{{}, {UnionIDs: []string{c.CityUnion.ID, unknownID(m, graph.KindUnion)}}} {
			want := ok(s.ListAudit(ctx, f, graph.Page{First: graph.MaxPageSize}))(t).Items
			var got []graph.AuditEntry
			var appended []graph.AuditEntry
			after := ""
			for i := range len(want) + 1 {
				p := ok(s.ListAudit(ctx, f, graph.Page{First: 2, After: after}))(t)
				if len(p.Items) > 2 {
					t.Fatalf("page of %d items, asked for 2", len(p.Items))
				}
				got = append(got, p.Items...)
				// A newer entry between pages must not shift the older pages.
				e := m.Audit("between", c.App2.ID, f.UnionIDs)
				must(t, s.AppendAudit(ctx, e))
				appended = append(appended, e)
				if !p.HasNext {
					break
				}
				if i == len(want) {
					t.Fatal("HasNext never turned false")
				}
				after = p.EndCursor
			}
			RequireEqual(t, want, got)
			first := ok(s.ListAudit(ctx, f, graph.Page{First: len(appended)}))(t)
			RequireEqual(t, newest(appended...), first.Items)
			if first.Total != len(want)+len(appended) {
				t.Fatalf("Total = %d, want %d", first.Total, len(want)+len(appended))
			}
		}
		_, err := s.ListAudit(ctx, graph.AuditFilter{}, graph.Page{After: "not a cursor"})
		wantErr(t, err, graph.ErrInvalid)
	})
	t.Run("CursorOfEveryItem", func(t *testing.T) {
		all := ok(s.ListAudit(ctx, graph.AuditFilter{}, graph.Page{First: graph.MaxPageSize}))(t).Items
		for i := range all[:len(all)-1] {
			p := ok(s.ListAudit(ctx, graph.AuditFilter{}, graph.Page{First: 1, After: graph.CursorOf(all[i].ID)}))(t)
			RequireEqual(t, all[i+1:i+2], p.Items)
		}
		last := ok(s.ListAudit(ctx, graph.AuditFilter{}, graph.Page{First: 1, After: graph.CursorOf(all[len(all)-1].ID)}))(t)
		if len(last.Items) != 0 || last.HasNext || last.EndCursor != "" {
			t.Fatalf("page after the oldest entry = %v, HasNext %v, EndCursor %q", ids(last.Items, auditID), last.HasNext, last.EndCursor)
		}
	})
}

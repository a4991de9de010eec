package gql

import (
	"context"
	"jiangxin/graph"
	"jiangxin/graph/gql/model"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
)

// page turns Relay arguments into a graph.Page. Negative sizes are INVALID_INPUT.
func page(first *int, after *string) (graph.Page, error) {
	var p graph.Page
	if first != nil {
		if *first < 0 {
			return p, graph.Invalid("first", "must not be negative")
		}
		if *first > graph.MaxPageSize {
			return p, graph.Invalid("first", "at most %d items per page", graph.MaxPageSize)
		}
		p.First = *first
	}
	if after != nil {
		if _, err := graph.ParseCursor(*after); err != nil {
			return p, err
		}
		p.After = *after
	}
	return p, nil
}

// edges builds the parts every connection shares from one store page.
func edges[T any, E any](c graph.Conn[T], id func(*T) string, edge func(string, *T) E) ([]E, []T, *model.PageInfo) {
	es := make([]E, len(c.Items))
	for i := range c.Items {
		es[i] = edge(graph.CursorOf(id(&c.Items[i])), &c.Items[i])
	}
	pi := &model.PageInfo{HasNextPage: c.HasNext}
	if c.EndCursor != "" {
		end := c.EndCursor
		pi.EndCursor = &end
	}
	items := c.Items
	if items == nil {
		items = []T{}
	}
	return es, items, pi
}

func skillConn(c graph.Conn[graph.Skill]) *model.SkillConnection {
	es, ns, pi := edges(c, func(s *graph.Skill) string { return s.Code },
		func(cur string, n *graph.Skill) model.SkillEdge { return model.SkillEdge{Cursor: cur, Node: n} })
	return &model.SkillConnection{Edges: es, Nodes: ns, PageInfo: pi, TotalCount: c.Total}
}

func regionConn(c graph.Conn[graph.Region]) *model.RegionConnection {
	es, ns, pi := edges(c, func(r *graph.Region) string { return r.ID },
		func(cur string, n *graph.Region) model.RegionEdge { return model.RegionEdge{Cursor: cur, Node: n} })
	return &model.RegionConnection{Edges: es, Nodes: ns, PageInfo: pi, TotalCount: c.Total}
}

func unionConn(c graph.Conn[graph.Union]) *model.UnionConnection {
	es, ns, pi := edges(c, func(u *graph.Union) string { return u.ID },
		func(cur string, n *graph.Union) model.UnionEdge { return model.UnionEdge{Cursor: cur, Node: n} })
	return &model.UnionConnection{Edges: es, Nodes: ns, PageInfo: pi, TotalCount: c.Total}
}

func enterpriseConn(c graph.Conn[graph.Enterprise]) *model.EnterpriseConnection {
	es, ns, pi := edges(c, func(e *graph.Enterprise) string { return e.ID },
		func(cur string, n *graph.Enterprise) model.EnterpriseEdge {
			return model.EnterpriseEdge{Cursor: cur, Node: n}
		})
	return &model.EnterpriseConnection{Edges: es, Nodes: ns, PageInfo: pi, TotalCount: c.Total}
}

func workerConn(c graph.Conn[graph.Worker]) *model.WorkerConnection {
	es, ns, pi := edges(c, func(w *graph.Worker) string { return w.ID },
		func(cur string, n *graph.Worker) model.WorkerEdge { return model.WorkerEdge{Cursor: cur, Node: n} })
	return &model.WorkerConnection{Edges: es, Nodes: ns, PageInfo: pi, TotalCount: c.Total}
}

func problemConn(c graph.Conn[graph.Problem]) *model.ProblemConnection {
	es, ns, pi := edges(c, func(p *graph.Problem) string { return p.ID },
		func(cur string, n *graph.Problem) model.ProblemEdge { return model.ProblemEdge{Cursor: cur, Node: n} })
	return &model.ProblemConnection{Edges: es, Nodes: ns, PageInfo: pi, TotalCount: c.Total}
}

func visitConn(c graph.Conn[graph.Visit]) *model.VisitConnection {
	es, ns, pi := edges(c, func(v *graph.Visit) string { return v.ID },
		func(cur string, n *graph.Visit) model.VisitEdge { return model.VisitEdge{Cursor: cur, Node: n} })
	return &model.VisitConnection{Edges: es, Nodes: ns, PageInfo: pi, TotalCount: c.Total}
}

func pairingConn(c graph.Conn[graph.Pairing]) *model.PairingConnection {
	es, ns, pi := edges(c, func(p *graph.Pairing) string { return p.ID },
		func(cur string, n *graph.Pairing) model.PairingEdge { return model.PairingEdge{Cursor: cur, Node: n} })
	return &model.PairingConnection{Edges: es, Nodes: ns, PageInfo: pi, TotalCount: c.Total}
}

func studioConn(c graph.Conn[graph.Studio]) *model.StudioConnection {
	es, ns, pi := edges(c, func(s *graph.Studio) string { return s.ID },
		func(cur string, n *graph.Studio) model.StudioEdge { return model.StudioEdge{Cursor: cur, Node: n} })
	return &model.StudioConnection{Edges: es, Nodes: ns, PageInfo: pi, TotalCount: c.Total}
}

func targetConn(c graph.Conn[graph.Target]) *model.TargetConnection {
	es, ns, pi := edges(c, func(t *graph.Target) string { return t.ID },
		func(cur string, n *graph.Target) model.TargetEdge { return model.TargetEdge{Cursor: cur, Node: n} })
	return &model.TargetConnection{Edges: es, Nodes: ns, PageInfo: pi, TotalCount: c.Total}
}

// list runs a store List call with Relay arguments and converts the page. When the request does
// not select totalCount, the store is told it may skip counting (Neo4j then runs one statement
// instead of two).
func list[F any, T any, C any](ctx context.Context, f F, first *int, after *string, call func(F, graph.Page) (graph.Conn[T], error), conv func(graph.Conn[T]) C) (C, error) {
	var zero C
	p, err := page(first, after)
	if err != nil {
		return zero, err
	}
	p.SkipTotal = !selectsField(ctx, "totalCount")
	c, err := call(f, p)
	if err != nil {
		return zero, err
	}
	return conv(c), nil
}

// deref returns *p or the zero value.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// levelPtr returns nil for LevelNone so the API shows null.
func levelPtr(l graph.Level) *graph.Level {
	if l == graph.LevelNone {
		return nil
	}
	return &l
}

func accountConn(c graph.Conn[graph.Account]) *model.AccountConnection {
	e, n, pi := edges(c, func(a *graph.Account) string { return a.ID },
		func(cur string, a *graph.Account) model.AccountEdge { return model.AccountEdge{Cursor: cur, Node: a} })
	return &model.AccountConnection{Edges: e, Nodes: n, PageInfo: pi, TotalCount: c.Total}
}

func auditConn(c graph.Conn[graph.AuditEntry]) *model.AuditEntryConnection {
	e, n, pi := edges(c, func(a *graph.AuditEntry) string { return a.ID },
		func(cur string, a *graph.AuditEntry) model.AuditEntryEdge {
			return model.AuditEntryEdge{Cursor: cur, Node: a}
		})
	return &model.AuditEntryConnection{Edges: e, Nodes: n, PageInfo: pi, TotalCount: c.Total}
}

// workerStudios pages the studios a worker leads or belongs to (a leader is not listed among
// the members), merged in ID order.
func (r *Resolver) workerStudios(ctx context.Context, worker string, p graph.Page) (graph.Conn[graph.Studio], error) {
	led, err := r.Store.ListStudios(ctx, graph.StudioFilter{LeaderID: worker}, p)
	if err != nil {
		return graph.Conn[graph.Studio]{}, err
	}
	member, err := r.Store.ListStudios(ctx, graph.StudioFilter{MemberID: worker}, p)
	if err != nil {
		return graph.Conn[graph.Studio]{}, err
	}
	all := append(led.Items, member.Items...)
	slices.SortFunc(all, func(a, b graph.Studio) int { return strings.Compare(a.ID, b.ID) })
	all = slices.CompactFunc(all, func(a, b graph.Studio) bool { return a.ID == b.ID })
	out := graph.Conn[graph.Studio]{Total: led.Total + member.Total - (len(led.Items) + len(member.Items) - len(all)),
		HasNext: led.HasNext || member.HasNext}
	if n := p.Size(); len(all) > n {
		all, out.HasNext = all[:n], true
	}
	out.Items = all
	if len(all) > 0 {
		out.EndCursor = graph.CursorOf(all[len(all)-1].ID)
	}
	return out, nil
}

// selectsField reports whether the current field's selection asks for the named sub-field; true
// when it cannot tell (no GraphQL operation in ctx), so callers stay on the safe side.
func selectsField(ctx context.Context, name string) bool {
	if graphql.GetFieldContext(ctx) == nil || !graphql.HasOperationContext(ctx) {
		return true
	}
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}

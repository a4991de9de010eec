package gql

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"jiangxin/auth"
	"jiangxin/graph"
	"jiangxin/graph/gql/model"
	"jiangxin/sheet"
)

// importSheet validates (dryRun) or imports an uploaded roster through the Service, so the
// writes reach the search index.
func (r *Resolver) importSheet(ctx context.Context, file graphql.Upload, dryRun, validOnly bool) (*model.SheetImportResult, error) {
	o := sheet.Options{Name: file.Filename, ValidOnly: validOnly}
	if p, ok := auth.PrincipalFrom(ctx); ok && p.Role == auth.RoleUnionOfficer {
		sc, err := newImportScope(ctx, r.Store, p.ScopeID)
		if err != nil {
			return nil, err
		}
		o.AuthorizeBatch, o.Authorize = sc.batch, sc.authorize
	}
	var res sheet.Result
	var err error
	if dryRun {
		res.Report, err = sheet.Validate(ctx, r.Store, file.File, o)
		res.Rejected, res.Unchanged = res.Report.Rejected, res.Report.Unchanged
	} else {
		res, err = sheet.Import(ctx, r.Service, file.File, o)
	}
	if err != nil && !errors.Is(err, sheet.ErrRejected) {
		return nil, err
	}
	rep := res.Report
	out := &model.SheetImportResult{Written: res.Written, Rows: rep.Rows, Created: res.Created, Updated: res.Updated,
		Unchanged: res.Unchanged, Rejected: res.Rejected, IssueCount: rep.IssueCount,
		Issues: rep.Issues, Warnings: rep.Warnings, Summary: res.String()}
	if dryRun {
		out.Created, out.Updated = rep.Create, rep.Update
		out.Summary = "dry run: " + rep.Summary()
	}
	if out.Issues == nil {
		out.Issues = []sheet.Issue{}
	}
	if out.Warnings == nil {
		out.Warnings = []sheet.Issue{}
	}
	return out, nil
}

// SheetHandler serves spreadsheet downloads: GET /templates/{kind} (an empty roster with
// drop-downs, public) and GET /exports/{kind} (rosters, pairings, target progress, visits;
// admins, and union officers for their own tree), as .xlsx or, with ?format=csv, CSV; exports
// take ?union= (an officer's own union by default) and ?campaign=. The bearer token is checked
// with a (nil a: exports refused).
func SheetHandler(store graph.Store, a *Auth) http.Handler {
	mux := http.NewServeMux()
	format := func(req *http.Request) sheet.Format {
		if strings.EqualFold(req.URL.Query().Get("format"), "csv") {
			return sheet.CSV
		}
		return sheet.XLSX
	}
	send := func(w http.ResponseWriter, kind sheet.Kind, f sheet.Format, write func(*bytes.Buffer) error) {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			code := http.StatusInternalServerError
			switch {
			case errors.Is(err, graph.ErrInvalid):
				code = http.StatusBadRequest
			case errors.Is(err, graph.ErrUnavailable):
				code = http.StatusServiceUnavailable
				w.Header().Set("Retry-After", "1")
				err = errors.New(unavailableMessage)
			}
			http.Error(w, err.Error(), code)
			return
		}
		w.Header().Set("Content-Type", sheet.ContentType(f))
		w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(sheet.FileName(kind, f)))
		_, _ = b.WriteTo(w)
	}
	mux.HandleFunc("GET /templates/{kind}", func(w http.ResponseWriter, req *http.Request) {
		kind, ok := sheet.ParseKind(req.PathValue("kind"))
		if !ok {
			http.Error(w, "unknown roster kind", http.StatusNotFound)
			return
		}
		f := format(req)
		send(w, kind, f, func(b *bytes.Buffer) error { return sheet.Template(kind, b, f) })
	})
	mux.HandleFunc("GET /exports/{kind}", func(w http.ResponseWriter, req *http.Request) {
		kind, ok := sheet.ParseKind(req.PathValue("kind"))
		if !ok {
			http.Error(w, "unknown export kind", http.StatusNotFound)
			return
		}
		f := format(req)
		o := sheet.ExportOptions{UnionID: req.URL.Query().Get("union"), Campaign: req.URL.Query().Get("campaign")}
		if status, err := exportAllowed(req.Context(), store, &o); err != nil {
			http.Error(w, err.Error(), status)
			return
		}
		send(w, kind, f, func(b *bytes.Buffer) error { return sheet.Export(req.Context(), store, kind, b, f, o) })
	})
	if a == nil || a.Signer == nil {
		return mux
	}
	return auth.Middleware(a.Signer, a.Revoker, mux)
}

// exportAllowed lets admins export anything and officers their own union's tree (narrowing an
// export without ?union= to it); everyone else is refused.
func exportAllowed(ctx context.Context, store graph.Store, o *sheet.ExportOptions) (int, error) {
	if err := auth.TokenError(ctx); err != nil {
		return http.StatusUnauthorized, err
	}
	p, ok := auth.PrincipalFrom(ctx)
	switch {
	case !ok:
		return http.StatusUnauthorized, fmt.Errorf("exports need a signed-in account: %w", graph.ErrUnauthenticated)
	case p.Role == auth.RoleAdmin:
		return 0, nil
	case p.Role != auth.RoleUnionOfficer:
		return http.StatusForbidden, fmt.Errorf("exports are for union officers: %w", graph.ErrForbidden)
	}
	if o.UnionID == "" {
		o.UnionID = p.ScopeID
		return 0, nil
	}
	ok, err := newAuthz(store).covers(ctx, p.ScopeID, o.UnionID)
	if errors.Is(err, graph.ErrUnavailable) {
		return http.StatusServiceUnavailable, errors.New(unavailableMessage)
	}
	if err != nil {
		return http.StatusInternalServerError, err
	}
	if !ok {
		return http.StatusForbidden, fmt.Errorf("union %s is outside your tree: %w", o.UnionID, graph.ErrForbidden)
	}
	return 0, nil
}

// importScope keeps an officer's spreadsheet import inside their union tree: every union,
// enterprise, worker, studio and target the file creates or changes must sit under the
// officer's union (records created by the same file count once their own place is checked).
type importScope struct {
	store   graph.Store
	unions  map[string]bool   // the officer's subtree and the unions the file creates
	entUnit map[string]string // enterprise → union, for enterprises the file creates
}

func newImportScope(ctx context.Context, store graph.Store, union string) (*importScope, error) {
	ids, err := store.UnionSubtree(ctx, union)
	if err != nil {
		return nil, fmt.Errorf("officer's union: %w", err)
	}
	sc := &importScope{store: store, unions: map[string]bool{}, entUnit: map[string]string{}}
	for _, id := range ids {
		sc.unions[id] = true
	}
	return sc, nil
}

func (sc *importScope) batch(_ context.Context, b graph.Batch) error {
	for _, u := range b.Unions {
		sc.unions[u.ID] = true
	}
	for _, e := range b.Enterprises {
		sc.entUnit[e.ID] = e.UnionID
	}
	return nil
}

func (sc *importScope) inUnion(id, what string) error {
	if id == "" || !sc.unions[id] {
		return fmt.Errorf("%s is outside your union's tree: %w", what, graph.ErrForbidden)
	}
	return nil
}

func (sc *importScope) inEnterprise(ctx context.Context, id, what string) error {
	u, ok := sc.entUnit[id]
	if !ok && id != "" {
		e, err := sc.store.GetEnterprise(ctx, id)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		u = e.UnionID
		sc.entUnit[id] = u
	}
	return sc.inUnion(u, what)
}

// authorize checks one planned record (before is nil for a create).
func (sc *importScope) authorize(ctx context.Context, before, after any) error {
	check := func(rec any) error {
		switch x := rec.(type) {
		case *graph.Region:
			return fmt.Errorf("regions are managed by administrators: %w", graph.ErrForbidden)
		case *graph.Union:
			if sc.unions[x.ID] && x.ParentID == "" {
				return nil
			}
			return sc.inUnion(x.ParentID, "union "+x.Name)
		case *graph.Enterprise:
			return sc.inUnion(x.UnionID, "enterprise "+x.Name)
		case *graph.Worker:
			return sc.inEnterprise(ctx, x.EnterpriseID, "worker "+x.Name)
		case *graph.Studio:
			return sc.inEnterprise(ctx, x.HostEnterpriseID, "studio "+x.Name)
		case *graph.Target:
			return sc.inUnion(x.UnionID, "target")
		}
		return nil
	}
	if before != nil {
		if err := check(before); err != nil {
			return err
		}
	}
	return check(after)
}

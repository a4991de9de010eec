package gql

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"jiangxin/graph"
	"jiangxin/graph/gql/model"
	"jiangxin/sheet"
)

// importSheet validates (dryRun) or imports an uploaded roster through the Service, so the
// writes reach the search index.
func (r *Resolver) importSheet(ctx context.Context, file graphql.Upload, dryRun, validOnly bool) (*model.SheetImportResult, error) {
	o := sheet.Options{Name: file.Filename, ValidOnly: validOnly}
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
		out.Summary = "dry run: " + out.Summary
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
// drop-downs) and GET /exports/{kind} (rosters, pairings, target progress, visits), as .xlsx or,
// with ?format=csv, CSV; exports take ?union= and ?campaign=.
func SheetHandler(store graph.Store) http.Handler {
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
			if errors.Is(err, graph.ErrInvalid) {
				code = http.StatusBadRequest
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
		send(w, kind, f, func(b *bytes.Buffer) error { return sheet.Export(req.Context(), store, kind, b, f, o) })
	})
	return mux
}

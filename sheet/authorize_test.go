package sheet_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiangxin/graph"
	"jiangxin/sheet"
)

// authFixture is a demo store with two known enterprises in different unions.
type authFixture struct {
	*fixture
	model    graph.Enterprise // the demo's model enterprise
	other    graph.Enterprise // an enterprise of another union
	existing graph.Worker     // a worker of the model enterprise
}

func newAuthFixture(t *testing.T) *authFixture {
	t.Helper()
	ctx := context.Background()
	fx := newFixture(t)
	c, err := fx.st.ListEnterprises(ctx, graph.EnterpriseFilter{}, graph.Page{First: graph.MaxPageSize})
	if err != nil {
		t.Fatal(err)
	}
	af := &authFixture{fixture: fx}
	for _, e := range c.Items {
		if e.Name == fx.entName {
			af.model = e
		}
	}
	for _, e := range c.Items {
		if e.ID != af.model.ID && e.UnionID != "" && e.UnionID != af.model.UnionID {
			af.other = e
			break
		}
	}
	if af.model.ID == "" || af.other.ID == "" {
		t.Fatalf("demo store lacks two enterprises in different unions")
	}
	ws, err := fx.st.ListWorkers(ctx, graph.WorkerFilter{EnterpriseID: af.model.ID}, graph.Page{First: 1})
	if err != nil || len(ws.Items) == 0 {
		t.Fatalf("workers of %s: %v", af.model.Name, err)
	}
	af.existing = ws.Items[0]
	return af
}

// newCap is a mentor capacity different from the existing worker's.
func (af *authFixture) newCap() int {
	return (af.existing.MentorCapacity + 1) % (graph.MaxMentorCapacity + 1)
}

// files returns the workbooks the tests import, by name.
func (af *authFixture) files(t *testing.T) map[string][]byte {
	header := []any{"姓名", "工作单位", "工号", "带徒名额"}
	return map[string][]byte{
		// new workers at both enterprises
		"creates": makeXLSX(t, [][]any{header,
			{"甲一", af.other.ID, "AZ1", 1},
			{"甲二", af.model.ID, "AZ2", 1},
			{"甲三", af.other.ID, "AZ3", 1},
		}, nil),
		// the same with a rejected row (no name), for ValidOnly
		"creates and a bad row": makeXLSX(t, [][]any{header,
			{"甲一", af.other.ID, "AZ1", 1},
			{"", af.other.ID, "AZ5", 1},
			{"甲二", af.model.ID, "AZ2", 1},
		}, nil),
		// a change to a worker of the model enterprise
		"update": makeXLSX(t, [][]any{header,
			{af.existing.Name, af.model.ID, af.existing.EmployeeNo, af.newCap()},
		}, nil),
		// a new worker at the other enterprise and the change above
		"mixed": makeXLSX(t, [][]any{header,
			{"乙一", af.other.ID, "AZ4", 2},
			{af.existing.Name, af.model.ID, af.existing.EmployeeNo, af.newCap()},
		}, nil),
		// a new enterprise in the other enterprise's union, with its workers
		"new enterprise": newEnterpriseBook(t, af.other, false),
		// the same, plus a new worker of the model enterprise
		"new enterprise and model worker": newEnterpriseBook(t, af.other, true),
	}
}

// newEnterpriseBook writes a workbook creating 测试新材料有限公司 in like's region and union,
// with two workers (and, when model is set, a worker of the demo's model enterprise).
func newEnterpriseBook(t *testing.T, like graph.Enterprise, model bool) []byte {
	workers := [][]any{{"姓名", "工作单位", "工号"}, {"丙一", "测试新材料有限公司", "N1"}, {"丙二", "测试新材料有限公司", "N2"}}
	return makeXLSX(t, [][]any{
		{"企业名称", "所有制", "所在地区", "所属工会"},
		{"测试新材料有限公司", "民营", like.RegionID, like.UnionID},
	}, func(f *excelize.File) {
		if err := f.SetSheetName("Sheet1", "企业"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.NewSheet("工匠名册"); err != nil {
			t.Fatal(err)
		}
		if model {
			workers = append(workers, []any{"丙三", "长沙恒岳重工有限公司", "N3"})
		}
		for i, r := range workers {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow("工匠名册", cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// snapshot returns the number of importable records in st and an export of all of them.
func snapshot(t *testing.T, st graph.Store) (int, string) {
	t.Helper()
	var n int
	var all strings.Builder
	for _, k := range sheet.ImportKinds() {
		all.Write(export(t, st, k, sheet.CSV))
	}
	ctx, first := context.Background(), graph.Page{First: 1}
	totals := []func() (int, error){
		func() (int, error) { c, err := st.ListRegions(ctx, graph.RegionFilter{}, first); return c.Total, err },
		func() (int, error) { c, err := st.ListUnions(ctx, graph.UnionFilter{}, first); return c.Total, err },
		func() (int, error) {
			c, err := st.ListEnterprises(ctx, graph.EnterpriseFilter{}, first)
			return c.Total, err
		},
		func() (int, error) { c, err := st.ListWorkers(ctx, graph.WorkerFilter{}, first); return c.Total, err },
		func() (int, error) { c, err := st.ListStudios(ctx, graph.StudioFilter{}, first); return c.Total, err },
		func() (int, error) { c, err := st.ListTargets(ctx, graph.TargetFilter{}, first); return c.Total, err },
	}
	for _, total := range totals {
		c, err := total()
		if err != nil {
			t.Fatal(err)
		}
		n += c
	}
	return n, all.String()
}

// scope is an authorizer for an officer of one union: it allows only enterprises of that
// union and their workers, finding enterprises in the store or among the batch's creates.
type scope struct {
	st    graph.Store
	union string
	local map[string]graph.Enterprise // learnt from AuthorizeBatch
}

func (s *scope) batch(_ context.Context, b graph.Batch) error {
	s.local = map[string]graph.Enterprise{}
	for _, e := range b.Enterprises {
		s.local[e.ID] = e
	}
	return nil
}

func (s *scope) authorize(ctx context.Context, _, after any) error {
	var entID string
	switch x := after.(type) {
	case *graph.Enterprise:
		if x.UnionID != s.union {
			return fmt.Errorf("enterprise %s: %w", x.Name, graph.ErrForbidden)
		}
		return nil
	case *graph.Worker:
		entID = x.EnterpriseID
	default:
		return fmt.Errorf("%T: %w", after, graph.ErrForbidden)
	}
	e, ok := s.local[entID]
	if !ok {
		var err error
		if e, err = s.st.GetEnterprise(ctx, entID); err != nil {
			return fmt.Errorf("enterprise %s: %w", entID, err)
		}
	}
	if e.UnionID != s.union {
		return fmt.Errorf("worker of %s: %w", e.Name, graph.ErrForbidden)
	}
	return nil
}

func (s *scope) options() sheet.Options {
	return sheet.Options{Name: "f.xlsx", Authorize: s.authorize, AuthorizeBatch: s.batch}
}

func TestAuthorizeRefuses(t *testing.T) {
	ctx := context.Background()
	af := newAuthFixture(t)
	files := af.files(t)
	denyModel := func(_ context.Context, _, after any) error {
		if w, ok := after.(*graph.Worker); ok && w.EnterpriseID == af.model.ID {
			return fmt.Errorf("worker %s: %w", w.Name, graph.ErrForbidden)
		}
		return nil
	}
	forbidBatch := func(_ context.Context, b graph.Batch) error {
		if len(b.Enterprises) > 0 {
			return fmt.Errorf("new enterprises: %w", graph.ErrForbidden)
		}
		return nil
	}
	tests := []struct {
		name string
		file string
		opts func() sheet.Options
	}{
		{"new workers of one enterprise", "creates", func() sheet.Options { return sheet.Options{Name: "f.xlsx", Authorize: denyModel} }},
		{"change to a worker of that enterprise", "update", func() sheet.Options { return sheet.Options{Name: "f.xlsx", Authorize: denyModel} }},
		{"valid only with a rejected row", "creates and a bad row", func() sheet.Options {
			return sheet.Options{Name: "f.xlsx", Authorize: denyModel, ValidOnly: true}
		}},
		{"batch callback refuses", "new enterprise", func() sheet.Options {
			return sheet.Options{Name: "f.xlsx", AuthorizeBatch: forbidBatch}
		}},
		{"union scope: model worker beside a new enterprise", "new enterprise and model worker", func() sheet.Options {
			s := &scope{st: af.st, union: af.other.UnionID}
			return s.options()
		}},
		{"union scope: new enterprise outside the union", "new enterprise", func() sheet.Options {
			s := &scope{st: af.st, union: af.model.UnionID}
			return s.options()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := files[tt.file]
			n0, dump0 := snapshot(t, af.st)
			rep, err := sheet.Validate(ctx, af.st, bytes.NewReader(file), tt.opts())
			if !errors.Is(err, graph.ErrForbidden) {
				t.Fatalf("validate: %v (%s); want ErrForbidden", err, rep.Summary())
			}
			res, err := sheet.Import(ctx, af.svc, bytes.NewReader(file), tt.opts())
			if !errors.Is(err, graph.ErrForbidden) {
				t.Fatalf("import: %v (%v); want ErrForbidden", err, res)
			}
			t.Logf("import: %v", err)
			if res.Written || res.Created != 0 || res.Updated != 0 {
				t.Errorf("result %v, written %v; want nothing written", res, res.Written)
			}
			n1, dump1 := snapshot(t, af.st)
			if n1 != n0 {
				t.Errorf("records: %d before, %d after", n0, n1)
			}
			if dump1 != dump0 {
				t.Errorf("store changed:\n%s", firstDiff(dump0, dump1))
			}
		})
	}
}

func TestAuthorizeAllows(t *testing.T) {
	ctx := context.Background()
	names := []string{"creates", "update", "mixed", "new enterprise"}
	allowAll := func(af *authFixture) sheet.Options {
		return sheet.Options{Name: "f.xlsx",
			Authorize:      func(context.Context, any, any) error { return nil },
			AuthorizeBatch: func(context.Context, graph.Batch) error { return nil }}
	}
	inScope := func(af *authFixture) sheet.Options {
		s := &scope{st: af.st, union: af.other.UnionID}
		return s.options()
	}
	tests := []struct {
		name  string
		files []string
		opts  func(af *authFixture) sheet.Options
	}{
		{"allow all", names, allowAll},
		// new enterprise: its workers are allowed only through the batch's enterprise
		{"union scope", []string{"new enterprise"}, inScope},
	}
	for _, tt := range tests {
		for _, name := range tt.files {
			t.Run(tt.name+"/"+name, func(t *testing.T) {
				plain, checked := newAuthFixture(t), newAuthFixture(t)
				want, err := sheet.Import(ctx, plain.svc, bytes.NewReader(plain.files(t)[name]), sheet.Options{Name: "f.xlsx"})
				if err != nil {
					t.Fatalf("import without Authorize: %v", err)
				}
				file := checked.files(t)[name]
				rep, err := sheet.Validate(ctx, checked.st, bytes.NewReader(file), tt.opts(checked))
				if err != nil {
					t.Fatalf("validate: %v", err)
				}
				if rep.Summary() != want.Report.Summary() {
					t.Errorf("validate: %s; want %s", rep.Summary(), want.Report.Summary())
				}
				got, err := sheet.Import(ctx, checked.svc, bytes.NewReader(file), tt.opts(checked))
				if err != nil {
					t.Fatalf("import: %v", err)
				}
				if got.Created != want.Created || got.Updated != want.Updated || got.Unchanged != want.Unchanged ||
					got.Rejected != want.Rejected || got.Written != want.Written {
					t.Errorf("result %v; want %v", got, want)
				}
				if got.Created+got.Updated == 0 {
					t.Errorf("result %v: the file should change the store", got)
				}
				n0, dump0 := snapshot(t, plain.st)
				n1, dump1 := snapshot(t, checked.st)
				if n0 != n1 || dump0 != dump1 {
					t.Errorf("stores differ (%d and %d records):\n%s", n0, n1, firstDiff(dump0, dump1))
				}
			})
		}
	}
}

// call is one Authorize call.
type call struct{ before, after any }

func TestAuthorizeSees(t *testing.T) {
	ctx := context.Background()
	af := newAuthFixture(t)
	file := af.files(t)["mixed"]
	var calls []call
	var batch graph.Batch
	opts := sheet.Options{Name: "f.xlsx",
		AuthorizeBatch: func(_ context.Context, b graph.Batch) error {
			if len(calls) != 0 {
				t.Errorf("AuthorizeBatch after %d Authorize calls", len(calls))
			}
			batch = b
			return nil
		},
		Authorize: func(_ context.Context, before, after any) error {
			calls = append(calls, call{before, after})
			return nil
		}}
	check := func(t *testing.T) {
		t.Helper()
		if len(batch.Workers) != 1 || batch.Len() != 1 || batch.Workers[0].EmployeeNo != "AZ4" {
			t.Errorf("batch %+v; want the one new worker", batch)
		}
		if len(calls) != 2 {
			t.Fatalf("%d calls; want 2", len(calls))
		}
		tests := []struct {
			name string
			c    call
			test func(t *testing.T, before, after *graph.Worker)
		}{
			{"create", calls[0], func(t *testing.T, before, after *graph.Worker) {
				if before != nil {
					t.Errorf("before = %+v; want nil", before)
				}
				if after.ID == "" || after.ID != batch.Workers[0].ID || after.Name != "乙一" || after.EnterpriseID != af.other.ID ||
					after.MentorCapacity != 2 || after.CreatedAt.IsZero() {
					t.Errorf("after = %+v", after)
				}
			}},
			{"update", calls[1], func(t *testing.T, before, after *graph.Worker) {
				if before == nil {
					t.Fatal("before is nil")
				}
				if before.ID != af.existing.ID || before.MentorCapacity != af.existing.MentorCapacity || !before.UpdatedAt.Equal(af.existing.UpdatedAt) {
					t.Errorf("before = %+v; want the stored %+v", before, af.existing)
				}
				if after.ID != before.ID || after.MentorCapacity != af.newCap() || after.Name != before.Name ||
					after.EnterpriseID != before.EnterpriseID || !after.CreatedAt.Equal(before.CreatedAt) {
					t.Errorf("after = %+v; want capacity %d", after, af.newCap())
				}
				if after.UpdatedAt.Before(before.UpdatedAt) || after.UpdatedAt.Equal(before.UpdatedAt) {
					t.Errorf("after.UpdatedAt %v; want later than %v", after.UpdatedAt, before.UpdatedAt)
				}
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				after, ok := tt.c.after.(*graph.Worker)
				if !ok {
					t.Fatalf("after is %T; want *graph.Worker", tt.c.after)
				}
				var before *graph.Worker
				if tt.c.before != nil {
					if before, ok = tt.c.before.(*graph.Worker); !ok {
						t.Fatalf("before is %T; want *graph.Worker", tt.c.before)
					}
				}
				tt.test(t, before, after)
			})
		}
	}
	t.Run("validate", func(t *testing.T) {
		if _, err := sheet.Validate(ctx, af.st, bytes.NewReader(file), opts); err != nil {
			t.Fatal(err)
		}
		check(t)
	})
	calls, batch = nil, graph.Batch{}
	t.Run("import", func(t *testing.T) {
		res, err := sheet.Import(ctx, af.svc, bytes.NewReader(file), opts)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 1 || res.Updated != 1 {
			t.Fatalf("result %v; want 1 created, 1 updated", res)
		}
		check(t)
		w, err := af.st.GetWorker(ctx, af.existing.ID)
		if err != nil {
			t.Fatal(err)
		}
		if w.MentorCapacity != af.newCap() {
			t.Errorf("stored capacity %d; want %d", w.MentorCapacity, af.newCap())
		}
	})
}

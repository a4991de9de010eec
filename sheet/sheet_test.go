package sheet_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"jiangxin/demo"
	"jiangxin/graph"
	"jiangxin/graph/bbolt"
	"jiangxin/graph/taxonomy"
	"jiangxin/sheet"
)

// newStore opens an empty embedded store holding the skill catalogue.
func newStore(t testing.TB) *bbolt.Store {
	t.Helper()
	ctx := context.Background()
	s, err := bbolt.Open(ctx, t.TempDir(), bbolt.WithLockTimeout(2*time.Second))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	skills, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.UpsertSkills(ctx, skills); err != nil {
		t.Fatal(err)
	}
	return s
}

// demoStore returns a store holding a small demo city.
func demoStore(t testing.TB, workers int) (*bbolt.Store, graph.Batch, demo.Summary) {
	t.Helper()
	s := newStore(t)
	b, sum, err := demo.Build(demo.Options{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Import(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return s, b, sum
}

func export(t testing.TB, s graph.Store, k sheet.Kind, f sheet.Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := sheet.Export(context.Background(), s, k, &buf, f, sheet.ExportOptions{}); err != nil {
		t.Fatalf("export %s %s: %v", k, f, err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	src, b, _ := demoStore(t, 300)
	book := export(t, src, sheet.KindAll, sheet.XLSX)

	dst := newStore(t)
	svc := graph.NewService(dst, nil, nil)
	res, err := sheet.Import(ctx, svc, bytes.NewReader(book), sheet.Options{Name: "all.xlsx"})
	if err != nil {
		var buf bytes.Buffer
		_ = res.Report.WriteText(&buf)
		t.Fatalf("import: %v\n%s", err, buf.String())
	}
	want := len(b.Regions) + len(b.Unions) + len(b.Enterprises) + len(b.Workers) + len(b.Studios) + len(b.Targets)
	if res.Created != want || res.Updated != 0 || res.Rejected != 0 {
		t.Fatalf("result %v; want %d created", res, want)
	}
	t.Logf("imported: %v", res)
	t.Run("same data", func(t *testing.T) {
		for _, k := range sheet.ImportKinds() {
			a, b := export(t, src, k, sheet.CSV), export(t, dst, k, sheet.CSV)
			if !bytes.Equal(a, b) {
				t.Errorf("%s differ after the round trip:\n%s", k, firstDiff(string(a), string(b)))
			}
		}
	})
	t.Run("re-import changes nothing", func(t *testing.T) {
		res, err := sheet.Import(ctx, svc, bytes.NewReader(book), sheet.Options{Name: "all.xlsx"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || res.Updated != 0 || res.Unchanged != want || res.Written {
			t.Fatalf("re-import: %v, written %v; want %d unchanged", res, res.Written, want)
		}
	})
	t.Run("csv round trip of workers", func(t *testing.T) {
		for _, gbk := range []bool{false, true} {
			var buf bytes.Buffer
			if err := sheet.Export(ctx, dst, sheet.KindWorkers, &buf, sheet.CSV, sheet.ExportOptions{GBK: gbk}); err != nil {
				t.Fatal(err)
			}
			rep, err := sheet.Validate(ctx, dst, &buf, sheet.Options{Name: "workers.csv"})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Unchanged != len(b.Workers) || !rep.OK() {
				t.Fatalf("gbk=%v: %s, %d issues", gbk, rep.Summary(), rep.IssueCount)
			}
		}
	})
}

// TestSeparateFiles imports one file per kind into an empty store, in the order a user would,
// including the unions file twice: enterprise unions and their enterprises name each other.
func TestSeparateFiles(t *testing.T) {
	ctx := context.Background()
	src, _, _ := demoStore(t, 200)
	dst := newStore(t)
	svc := graph.NewService(dst, nil, nil)
	steps := []struct {
		kind            sheet.Kind
		format          sheet.Format
		created, update bool
		warnings        bool
	}{
		{sheet.KindRegions, sheet.CSV, true, false, false},
		{sheet.KindUnions, sheet.XLSX, true, false, true},
		{sheet.KindEnterprises, sheet.CSV, true, false, false},
		{sheet.KindUnions, sheet.XLSX, false, true, false},
		{sheet.KindWorkers, sheet.XLSX, true, false, false},
		{sheet.KindStudios, sheet.CSV, true, false, false},
		{sheet.KindTargets, sheet.XLSX, true, false, false},
	}
	for i, st := range steps {
		file := export(t, src, st.kind, st.format)
		res, err := sheet.Import(ctx, svc, bytes.NewReader(file), sheet.Options{Name: "f." + string(st.format)})
		if err != nil {
			var b bytes.Buffer
			_ = res.Report.WriteText(&b)
			t.Fatalf("step %d (%s): %v\n%s", i, st.kind, err, b.String())
		}
		if (res.Created > 0) != st.created || (res.Updated > 0) != st.update || (len(res.Report.Warnings) > 0) != st.warnings {
			t.Fatalf("step %d (%s): %v, %d warnings", i, st.kind, res, len(res.Report.Warnings))
		}
	}
	for _, k := range sheet.ImportKinds() {
		if a, b := export(t, src, k, sheet.CSV), export(t, dst, k, sheet.CSV); !bytes.Equal(a, b) {
			t.Errorf("%s differ:\n%s", k, firstDiff(string(a), string(b)))
		}
	}
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return "line " + strconv.Itoa(i+1) + ":\n- " + la[i] + "\n+ " + lb[i]
		}
	}
	return "lengths " + strconv.Itoa(len(la)) + " and " + strconv.Itoa(len(lb))
}

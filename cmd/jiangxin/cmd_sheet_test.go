package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jiangxin/sheet"
)

func noEnv(string) string { return "" }

// runCmd runs the binary's dispatcher and returns stdout, stderr and the error.
func runCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, noEnv, &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestTemplateCommand(t *testing.T) {
	t.Run("xlsx", func(t *testing.T) {
		out, _, err := runCmd(t, "template", "workers")
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("工匠名册")
		if err != nil || len(rows) != 1 || rows[0][0] != "*姓名" || !strings.Contains(strings.Join(rows[0], ","), "*工号") {
			t.Fatalf("template rows = %v, %v", rows, err)
		}
		if help, _ := f.GetRows("填写说明"); len(help) < 10 {
			t.Fatalf("填写说明 has %d rows", len(help))
		}
	})
	t.Run("csv", func(t *testing.T) {
		out, _, err := runCmd(t, "template", "--format", "csv", "企业")
		if err != nil || !strings.HasPrefix(out, "\ufeff*企业名称,统一社会信用代码") {
			t.Fatalf("template = %q, %v", out, err)
		}
	})
	t.Run("unknown kind", func(t *testing.T) {
		if _, _, err := runCmd(t, "template", "pairings"); err == nil {
			t.Fatal("template for pairings accepted")
		}
	})
}

func TestDemoImportExportCommands(t *testing.T) {
	dir := t.TempDir()
	books := filepath.Join(dir, "rosters")
	out, _, err := runCmd(t, "demo", "--scale", "200", "--xlsx", books)
	if err != nil {
		t.Fatal(err)
	}
	all := filepath.Join(books, "00-全部名册.xlsx")
	if !strings.Contains(out, all) {
		t.Fatalf("demo --xlsx output lacks %s:\n%s", all, out)
	}
	data := filepath.Join(dir, "data")
	t.Run("import the demo rosters", func(t *testing.T) {
		out, _, err := runCmd(t, "import", "--data", data, all)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "imported: ") || !strings.Contains(out, "工匠名册 (workers): 200 rows: 200 to create") {
			t.Fatalf("import output:\n%s", out)
		}
		out, _, err = runCmd(t, "import", all, "--data", data, "--quiet")
		if err != nil || !strings.Contains(out, "imported: 0 created, 0 updated,") {
			t.Fatalf("re-import: %v\n%s", err, out)
		}
		// The import wrote through the indexing store: the search index holds the workers.
		m := NewMain(io.Discard, io.Discard)
		m.Config.DataDir = data
		if err := m.Open(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		st, err := m.Index.Stats(context.Background())
		if err != nil || st.Documents < 200 {
			t.Fatalf("search index: %+v, %v; want the 200 workers indexed", st, err)
		}
	})
	t.Run("export", func(t *testing.T) {
		csvPath := filepath.Join(dir, "workers.csv")
		if _, _, err := runCmd(t, "export", "--data", data, "workers", csvPath); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(csvPath)
		if err != nil || strings.Count(string(b), "\n") != 201 {
			t.Fatalf("workers.csv: %d lines, %v", strings.Count(string(b), "\n"), err)
		}
		out, _, err := runCmd(t, "export", "--data", data, "--format", "csv", "progress")
		if err != nil || !strings.Contains(out, "长沙市总工会,结对签约") {
			t.Fatalf("progress: %v\n%s", err, out)
		}
	})
	t.Run("bad rows", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.csv")
		body := "姓名,工作单位,工号,主要工种,技能等级\n张三,长沙恒岳重工有限公司,X1,焊工,高级工\n李四,长沙恒岳重工有限公司,X2,焊工,九级\n"
		if err := os.WriteFile(bad, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		report := filepath.Join(dir, "report.xlsx")
		out, _, err := runCmd(t, "import", "--data", data, "--report", report, bad)
		if !errors.Is(err, sheet.ErrRejected) || !strings.Contains(out, "row 3, E3 技能等级 “九级”") || !strings.Contains(out, "nothing imported") {
			t.Fatalf("import bad rows: %v\n%s", err, out)
		}
		if _, err := os.Stat(report); err != nil {
			t.Fatalf("report: %v", err)
		}
		out, _, err = runCmd(t, "import", "--data", data, "--valid-only", "--quiet", bad)
		if err != nil || !strings.Contains(out, "imported: 1 created, 0 updated, 0 unchanged, 1 rejected") {
			t.Fatalf("valid-only: %v\n%s", err, out)
		}
	})
	t.Run("demo into a store", func(t *testing.T) {
		d2 := filepath.Join(dir, "d2")
		out, _, err := runCmd(t, "demo", "--scale", "200", "--data", d2)
		if err != nil || !strings.Contains(out, "demo city written") {
			t.Fatalf("demo: %v\n%s", err, out)
		}
		if _, _, err := runCmd(t, "demo", "--data", d2); err == nil {
			t.Fatal("demo into a store with data accepted")
		}
	})
}

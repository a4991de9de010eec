package sheet_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"jiangxin/graph"
	"jiangxin/sheet"
)

// makeXLSX writes rows (the first being the header) to a one-sheet workbook; tweak may
// change the workbook before it is saved.
func makeXLSX(t testing.TB, rows [][]any, tweak func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if tweak != nil {
		tweak(f)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fixture is a demo store with one known employer.
type fixture struct {
	st      graph.Store
	svc     *graph.Service
	entName string
	entCode string
	workers int
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st, b, sum := demoStore(t, 200)
	e, err := st.GetEnterprise(context.Background(), sum.ModelEnterpriseID)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{st: st, svc: graph.NewService(st, nil, nil), entName: e.Name, entCode: e.CreditCode, workers: len(b.Workers)}
}

func (fx *fixture) countWorkers(t *testing.T) int {
	t.Helper()
	c, err := fx.st.ListWorkers(context.Background(), graph.WorkerFilter{}, graph.Page{First: 1})
	if err != nil {
		t.Fatal(err)
	}
	return c.Total
}

var workerHeader = []any{"姓名", "性别", "出生年份", "工作单位", "工号", "主要工种", "技能等级", "荣誉称号", "带徒名额"}

func (fx *fixture) row(name, no string, extra ...any) []any {
	r := []any{name, "女", 1990, fx.entName, no, "焊工", "高级工", "", 2}
	for i, v := range extra {
		r[5+i] = v
	}
	return r
}

func TestMalformedFiles(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	cases := []struct {
		name    string
		file    func(t *testing.T) []byte
		fname   string
		opts    sheet.Options
		badFile bool     // the file as a whole is refused (ErrBadFile)
		reasons []string // else: issues whose reasons contain these
	}{
		{name: "wrong headers", fname: "x.xlsx", badFile: true, file: func(t *testing.T) []byte {
			return makeXLSX(t, [][]any{{"foo", "bar", "baz"}, {"1", "2", "3"}}, nil)
		}},
		{name: "required column missing", fname: "x.xlsx", reasons: []string{"required columns missing: 工号", "unrecognised columns: 员工号码"},
			file: func(t *testing.T) []byte {
				return makeXLSX(t, [][]any{{"姓名", "工作单位", "员工号码"}, {"张三", fx.entName, "X1"}}, nil)
			}},
		{name: "merged cells", fname: "x.xlsx", reasons: []string{"merged cells A3:A4"}, file: func(t *testing.T) []byte {
			return makeXLSX(t, [][]any{workerHeader, fx.row("甲", "M1"), fx.row("乙", "M2"), fx.row("丙", "M3")}, func(f *excelize.File) {
				if err := f.MergeCell("Sheet1", "A3", "A4"); err != nil {
					t.Fatal(err)
				}
			})
		}},
		{name: "formula without value", fname: "x.xlsx", reasons: []string{"formula without a saved value"}, file: func(t *testing.T) []byte {
			r := fx.row("甲", "F1")
			r[2] = nil
			return makeXLSX(t, [][]any{workerHeader, r}, func(f *excelize.File) {
				if err := f.SetCellFormula("Sheet1", "C2", "=1989+1"); err != nil {
					t.Fatal(err)
				}
			})
		}},
		{name: "not a workbook renamed xlsx", fname: "名册.xlsx", badFile: true, file: func(*testing.T) []byte {
			return []byte("姓名,工号\n张三,1\n")
		}},
		{name: "legacy xls", fname: "名册.xls", badFile: true, file: func(*testing.T) []byte {
			return append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
		}},
		{name: "truncated workbook", fname: "x.xlsx", badFile: true, file: func(t *testing.T) []byte {
			b := makeXLSX(t, [][]any{workerHeader, fx.row("甲", "T1")}, nil)
			return b[:len(b)/2]
		}},
		{name: "zip bomb", fname: "bomb.xlsx", badFile: true, opts: sheet.Options{UnzipSizeLimit: 32 << 20, UnzipXMLSizeLimit: 8 << 20},
			file: func(t *testing.T) []byte {
				return zipBomb(t, makeXLSX(t, [][]any{workerHeader, fx.row("甲", "Z1")}, nil), 64<<20)
			}},
		{name: "bad values", fname: "x.xlsx", reasons: []string{
			`unknown trade "量子焊工"`, `"九级" is not a level on the ladder`, "duplicate employee number", `enterprise "不存在的公司" not found`,
			"姓名 must not be empty", `"两个" is not a whole number`},
			file: func(t *testing.T) []byte {
				bad := fx.row("丁", "B4")
				bad[3] = "不存在的公司"
				noName := fx.row("", "B5")
				cap := fx.row("戊", "B6")
				cap[8] = "两个"
				return makeXLSX(t, [][]any{workerHeader, fx.row("甲", "B1", "量子焊工"), fx.row("乙", "B2", "焊工", "九级"),
					fx.row("丙", "B1"), bad, noName, cap}, nil)
			}},
		{name: "csv bad quotes", fname: "x.csv", badFile: true, file: func(*testing.T) []byte {
			return []byte("姓名,工作单位,工号\n\"张三,x,1\n")
		}},
		{name: "binary renamed csv", fname: "x.csv", badFile: true, file: func(*testing.T) []byte {
			return []byte("姓名,工号\x00\x01\x02")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := fx.countWorkers(t)
			o := tc.opts
			o.Name = tc.fname
			res, err := sheet.Import(ctx, fx.svc, bytes.NewReader(tc.file(t)), o)
			if after := fx.countWorkers(t); after != before || res.Written || res.Created != 0 {
				t.Fatalf("wrote something: %d → %d workers, %v", before, after, res)
			}
			if tc.badFile {
				if !errors.Is(err, sheet.ErrBadFile) || !errors.Is(err, graph.ErrInvalid) {
					t.Fatalf("err = %v; want ErrBadFile", err)
				}
				t.Logf("%v", err)
				return
			}
			if !errors.Is(err, sheet.ErrRejected) {
				t.Fatalf("err = %v; want ErrRejected", err)
			}
			var text bytes.Buffer
			if err := res.Report.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			for _, want := range tc.reasons {
				if !strings.Contains(text.String(), want) {
					t.Errorf("report lacks %q:\n%s", want, text.String())
				}
			}
		})
	}
}

// zipBomb adds a highly compressible part of size bytes to a workbook.
func zipBomb(t *testing.T, book []byte, size int) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, r); err != nil {
			t.Fatal(err)
		}
		r.Close()
	}
	w, err := zw.Create("xl/media/bomb.bin")
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for i := 0; i < size>>20; i++ {
		if _, err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestValidRowsAndReport(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	book := makeXLSX(t, [][]any{
		{"长沙市某区工匠名册"}, // a title row above the header
		append([]any{"序号"}, workerHeader...),
		append([]any{1}, fx.row("甲", "V1", "焊工", "技师", "全国劳动模范:国家级:2015:国务院；长沙工匠:市级:2020")...),
		{},
		append([]any{2}, fx.row("乙", "V2", "九级")...),
		append([]any{3}, fx.row("丙", "V3", "电工", "三级")...),
	}, nil)
	before := fx.countWorkers(t)

	rep, err := sheet.Validate(ctx, fx.st, bytes.NewReader(book), sheet.Options{Name: "名册.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 3 || rep.Create != 2 || rep.Rejected != 1 || rep.IssueCount != 1 {
		t.Fatalf("report %s, %d issues; want 3 rows, 2 to create, 1 rejected", rep.Summary(), rep.IssueCount)
	}
	is := rep.Issues[0]
	if is.Row != 5 || is.Column != "主要工种" || is.Cell != "G5" || is.Value != "九级" {
		t.Fatalf("issue = %+v; want row 5, G5 主要工种 九级", is)
	}
	t.Run("xlsx report marks the bad cell", func(t *testing.T) {
		var buf bytes.Buffer
		if err := rep.WriteXLSX(&buf); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		list, err := f.GetRows("错误清单")
		if err != nil || len(list) != 2 || list[1][1] != "5" || list[1][2] != "G5" {
			t.Fatalf("错误清单 = %v, %v", list, err)
		}
		sheets := f.GetSheetList()
		if len(sheets) != 2 {
			t.Fatalf("sheets = %v", sheets)
		}
		// Column A holds the original row number, so the file's column G is H here.
		v, _ := f.GetCellValue(sheets[1], "H2")
		style, _ := f.GetCellStyle(sheets[1], "H2")
		plain, _ := f.GetCellStyle(sheets[1], "B2")
		if v != "九级" || style == 0 || style == plain {
			t.Fatalf("bad cell H2 = %q style %d (plain %d)", v, style, plain)
		}
	})
	t.Run("nothing written without ValidOnly", func(t *testing.T) {
		res, err := sheet.Import(ctx, fx.svc, bytes.NewReader(book), sheet.Options{Name: "名册.xlsx"})
		if !errors.Is(err, sheet.ErrRejected) || res.Written || fx.countWorkers(t) != before {
			t.Fatalf("import = %v, %v", res, err)
		}
	})
	t.Run("ValidOnly writes the valid rows", func(t *testing.T) {
		res, err := sheet.Import(ctx, fx.svc, bytes.NewReader(book), sheet.Options{Name: "名册.xlsx", ValidOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 2 || res.Rejected != 1 || res.Updated != 0 || fx.countWorkers(t) != before+2 {
			t.Fatalf("result %v; want 2 created, 1 rejected", res)
		}
		c, _ := fx.st.ListWorkers(ctx, graph.WorkerFilter{}, graph.Page{First: graph.MaxPageSize})
		var got *graph.Worker
		for i := range c.Items {
			if c.Items[i].EmployeeNo == "V1" {
				got = &c.Items[i]
			}
		}
		if got == nil || got.Name != "甲" || got.Gender != graph.GenderFemale || got.BirthYear != 1990 ||
			len(got.Skills) != 1 || got.Skills[0].Level != graph.LevelTechnician || !got.Skills[0].Primary ||
			len(got.Honours) != 2 || got.Honours[0].Tier != graph.TierNational || got.Honours[1].Year != 2020 || got.MentorCapacity != 2 {
			t.Fatalf("worker V1 = %+v", got)
		}
	})
	t.Run("changed row updates, same row is unchanged", func(t *testing.T) {
		changed := makeXLSX(t, [][]any{workerHeader, fx.row("甲", "V1", "焊工", "高级技师", "全国劳动模范:国家级:2015:国务院；长沙工匠:市级:2020"),
			fx.row("丙", "V3", "电工", "三级")}, nil)
		res, err := sheet.Import(ctx, fx.svc, bytes.NewReader(changed), sheet.Options{Name: "名册.xlsx"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 0 || res.Updated != 1 || res.Unchanged != 1 {
			t.Fatalf("result %v; want 1 updated, 1 unchanged", res)
		}
	})
}

func TestDatesAndEmptyRows(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	book := makeXLSX(t, [][]any{workerHeader,
		fx.row("甲", "D1"), {}, {}, fx.row("乙", "D2"), fx.row("丙", "D3"), fx.row("丁", "D4")}, func(f *excelize.File) {
		_ = f.SetCellValue("Sheet1", "C5", 31118)        // 1985-03-12 as an Excel serial number
		_ = f.SetCellValue("Sheet1", "C6", "1987-07-01") // a date as text
		_ = f.SetCellValue("Sheet1", "C7", "1979年")
	})
	res, err := sheet.Import(ctx, fx.svc, bytes.NewReader(book), sheet.Options{Name: "d.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 4 || res.Report.Rows != 4 {
		t.Fatalf("result %v, %d rows", res, res.Report.Rows)
	}
	c, _ := fx.st.ListWorkers(ctx, graph.WorkerFilter{}, graph.Page{First: graph.MaxPageSize})
	years := map[string]int{}
	for _, w := range c.Items {
		years[w.EmployeeNo] = w.BirthYear
	}
	want := map[string]int{"D1": 1990, "D2": 1985, "D3": 1987, "D4": 1979}
	for no, y := range want {
		if years[no] != y {
			t.Errorf("%s born %d; want %d", no, years[no], y)
		}
	}
}

func TestCSVEncodings(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	text := fmt.Sprintf("姓名,工作单位,工号,主要工种,技能等级\n张三,%s,C1,钳工,中级工\n李四,%s,C2,车工,四级\n", fx.entName, fx.entName)
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data string
	}{
		{"utf-8", text},
		{"utf-8 with BOM", "\ufeff" + text},
		{"gbk", gbk},
		{"tab separated", strings.ReplaceAll(text, ",", "\t")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := sheet.Validate(ctx, fx.st, strings.NewReader(tc.data), sheet.Options{Name: "w.csv"})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Create != 2 || !rep.OK() {
				var b bytes.Buffer
				_ = rep.WriteText(&b)
				t.Fatalf("%s\n%s", rep.Summary(), b.String())
			}
		})
	}
}

func TestManyRows(t *testing.T) {
	ctx := context.Background()
	fx := newFixture(t)
	const n = 20000
	var b strings.Builder
	b.WriteString("姓名,单位信用代码,工号,主要工种,技能等级,出生年份\n")
	for i := range n {
		fmt.Fprintf(&b, "工人%d,%s,N%06d,焊工,中级工,%d\n", i, fx.entCode, i, 1970+i%30)
		if i%1000 == 0 {
			b.WriteString(",,,,,\n") // empty rows are skipped
		}
	}
	rep, err := sheet.Validate(ctx, fx.st, strings.NewReader(b.String()), sheet.Options{Name: "many.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != n || rep.Create != n || !rep.OK() {
		t.Fatalf("%s, %d issues", rep.Summary(), rep.IssueCount)
	}
}

func TestMissingColumnCountsRows(t *testing.T) {
	fx := newFixture(t)
	book := makeXLSX(t, [][]any{{"姓名", "工作单位"}, {"甲", fx.entName}, {}, {"乙", fx.entName}}, nil)
	res, err := sheet.Import(context.Background(), fx.svc, bytes.NewReader(book), sheet.Options{Name: "x.xlsx", ValidOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rejected != 2 || res.Created != 0 || res.Report.IssueCount != 1 {
		t.Fatalf("result %v, %d issues; want 2 rejected", res, res.Report.IssueCount)
	}
}

package sheet_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"jiangxin/graph"
	"jiangxin/sheet"
)

// checkReport fails on a report whose counts do not add up.
func checkReport(t *testing.T, rep sheet.Report, err error) {
	t.Helper()
	if err != nil {
		if !errors.Is(err, sheet.ErrBadFile) || !errors.Is(err, graph.ErrInvalid) {
			t.Fatalf("error %v is not ErrBadFile", err)
		}
		return
	}
	if rep.Rows != rep.Create+rep.Update+rep.Unchanged+rep.Rejected {
		t.Fatalf("counts do not add up: %s", rep.Summary())
	}
	if rep.Rejected > 0 && rep.IssueCount == 0 {
		t.Fatalf("%d rows rejected without an issue", rep.Rejected)
	}
	for _, is := range rep.Issues {
		if is.Reason == "" {
			t.Fatalf("issue without a reason: %+v", is)
		}
	}
	var buf bytes.Buffer
	if err := rep.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
}

// FuzzCSV feeds arbitrary bytes to the CSV reader, header mapping and row validation.
//
//	go test ./sheet -run '^$' -fuzz FuzzCSV -fuzztime 60s
func FuzzCSV(f *testing.F) {
	st, _, sum := demoStore(f, 200)
	e, err := st.GetEnterprise(context.Background(), sum.ModelEnterpriseID)
	if err != nil {
		f.Fatal(err)
	}
	seeds := []string{
		"姓名,工作单位,工号,主要工种,技能等级\n张三," + e.Name + ",1,焊工,高级工\n",
		"name,employer_code,employee_no,trade,level,honours\n李四," + e.CreditCode + ",2,6-18-02-04,3,全国劳动模范:国家级:2015\n",
		"\ufeff姓名\t单位\t工号\t出生年份\n王五\t" + e.Name + "\t3\t31118\n",
		"企业名称,统一社会信用代码,所有制,所在地区\n某公司,91430100MA4L000000,民营,雨花区\n",
		"工会,指标,期间,目标数,开始日期\n长沙市总工会,结对签约,2027,100,46388\n",
		"标题行\n\n姓名;工作单位;工号\n\"引号,逗号\";" + e.Name + ";4\n",
		"\xd0\xd5\xc3\xfb,\xb9\xa4\xba\xc5\n\xd5\xc5\xc8\xfd,1\n", // GBK 姓名,工号
		"", "\n\n\n", ",,,,\n", "\"", "a\x00b",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := sheet.Validate(context.Background(), st, bytes.NewReader(data), sheet.Options{Name: "fuzz.csv", Format: sheet.CSV, MaxIssues: 50})
		checkReport(t, rep, err)
	})
}

// FuzzXLSX feeds arbitrary bytes, seeded with real workbooks, to the workbook reader.
//
//	go test ./sheet -run '^$' -fuzz FuzzXLSX -fuzztime 60s
func FuzzXLSX(f *testing.F) {
	st, _, sum := demoStore(f, 200)
	e, err := st.GetEnterprise(context.Background(), sum.ModelEnterpriseID)
	if err != nil {
		f.Fatal(err)
	}
	good := makeXLSX(f, [][]any{{"姓名", "工作单位", "工号", "主要工种", "技能等级", "出生年份"},
		{"张三", e.Name, "1", "焊工", "技师", 31118}, {"李四", e.Name, "2", "钳工", "九级", "1980年"}}, nil)
	f.Add(good)
	f.Add(good[:len(good)/3])
	f.Add(append([]byte(nil), good[:30]...))
	f.Add([]byte("PK\x03\x04garbage"))
	var all bytes.Buffer
	if err := sheet.Export(context.Background(), st, sheet.KindAll, &all, sheet.XLSX, sheet.ExportOptions{}); err != nil {
		f.Fatal(err)
	}
	f.Add(all.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := sheet.Validate(context.Background(), st, bytes.NewReader(data), sheet.Options{Name: "fuzz.xlsx",
			MaxIssues: 50, MaxBytes: 4 << 20, UnzipSizeLimit: 16 << 20, UnzipXMLSizeLimit: 4 << 20})
		checkReport(t, rep, err)
	})
}

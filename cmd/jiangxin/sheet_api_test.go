package main

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// upload sends a GraphQL multipart request (the multipart request spec) with one file.
func (s *server) upload(t *testing.T, query, filename string, content []byte) *gqlResponse {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	ops, _ := json.Marshal(map[string]any{"query": query, "variables": map[string]any{"file": nil}})
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", `{"0": ["variables.file"]}`)
	fw, err := mw.CreateFormFile("0", filename)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(content)
	_ = mw.Close()
	return s.do(http.MethodPost, "/graphql", mw.FormDataContentType(), &body)
}

// TestSheetsOverHTTP downloads a template and an export, and uploads rosters through the
// importSheet mutation: a dry run writes nothing, a bad row rejects the file, and re-importing
// an export changes nothing.
func TestSheetsOverHTTP(t *testing.T) {
	s := startServer(t, "bbolt").as("admin")
	get := func(t *testing.T, path string) []byte {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, s.url+path, nil)
		req.Header.Set("Authorization", "Bearer "+s.token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
		}
		return b
	}
	const mutation = `mutation($file: Upload!, $dry: Boolean) { importSheet(file: $file, dryRun: $dry) {
		written rows created updated unchanged rejected issueCount issues { row cell column reason } summary } }`
	t.Run("template", func(t *testing.T) {
		if b := get(t, "/templates/workers"); !bytes.HasPrefix(b, []byte("PK")) {
			t.Fatal("template is not an .xlsx file")
		}
	})
	t.Run("re-import of an export changes nothing", func(t *testing.T) {
		csv := get(t, "/exports/enterprises?format=csv")
		if !strings.Contains(string(csv), "统一社会信用代码") {
			t.Fatalf("export lacks Chinese headers: %.200s", csv)
		}
		r := s.upload(t, strings.Replace(mutation, "$dry: Boolean", "$dry: Boolean = false", 1), "企业.csv", csv)
		d := r.mustData(t)
		if dig(d, "importSheet.created").(float64) != 0 || dig(d, "importSheet.updated").(float64) != 0 ||
			dig(d, "importSheet.unchanged").(float64) == 0 {
			t.Fatalf("re-import changed data: %s", r.Raw)
		}
	})
	t.Run("bad row rejects the file", func(t *testing.T) {
		before := s.counts(t)
		bad := "企业名称,所有制,所在地区\n新建机械厂,民营,长沙市\n,国有,长沙市\n"
		r := s.upload(t, mutation, "企业.csv", []byte(bad))
		d := r.mustData(t)
		if dig(d, "importSheet.written") != false || dig(d, "importSheet.rejected").(float64) != 1 ||
			dig(d, "importSheet.issues.0.row").(float64) != 3 {
			t.Fatalf("result %s", r.Raw)
		}
		if after := s.counts(t); after != before {
			t.Fatalf("a rejected file wrote data:\n%s\n%s", before, after)
		}
	})
	t.Run("dry run writes nothing", func(t *testing.T) {
		before := s.counts(t)
		ok := "企业名称,所有制,所在地区\n新建机械厂,民营,长沙市\n"
		r := s.upload(t, strings.Replace(mutation, "$dry: Boolean", "$dry: Boolean = true", 1), "企业.csv", []byte(ok))
		if d := r.mustData(t); dig(d, "importSheet.created").(float64) != 1 || dig(d, "importSheet.written") != false ||
			dig(d, "importSheet.summary") != "dry run: 1 rows: 1 to create, 0 to update, 0 unchanged, 0 rejected" {
			t.Fatalf("result %s", r.Raw)
		}
		if after := s.counts(t); after != before {
			t.Fatal("a dry run wrote data")
		}
	})
	t.Run("not a spreadsheet", func(t *testing.T) {
		r := s.upload(t, mutation, "名册.xlsx", []byte("this is not a zip file"))
		if len(r.Errors) == 0 || r.codes()[0] != "INVALID_INPUT" {
			t.Fatalf("result %s", r.Raw)
		}
	})
}

// TestSheetAuthorization checks who may export and import: exports need an admin or an
// officer (whose exports are narrowed to their tree), and an officer's import may not touch
// records outside their union's tree.
func TestSheetAuthorization(t *testing.T) {
	base := startServer(t, "bbolt")
	status := func(c *server, path string) int {
		req, _ := http.NewRequest(http.MethodGet, c.url+path, nil)
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tc := range []struct {
		user, path string
		want       int
	}{
		{"", "/exports/workers", http.StatusUnauthorized},
		{"hengyue", "/exports/workers", http.StatusForbidden},
		{"zhangpeng", "/exports/pairings", http.StatusForbidden},
		{"district.union", "/exports/workers", http.StatusOK},
		{"district.union", "/exports/workers?union=uni_01KJKB3Q04BZV02CYQP22D2995", http.StatusForbidden},
		{"cs.union", "/exports/workers?union=uni_01KJKB3Q04BZV02CYQP22D2995", http.StatusOK},
		{"admin", "/exports/targets", http.StatusOK},
		{"", "/templates/workers", http.StatusOK},
	} {
		t.Run(tc.user+tc.path, func(t *testing.T) {
			if got := status(base.as(tc.user), tc.path); got != tc.want {
				t.Fatalf("status %d, want %d", got, tc.want)
			}
		})
	}
	t.Run("officer import outside the tree is refused", func(t *testing.T) {
		admin := base.as("admin")
		before := admin.counts(t)
		// 长沙恒岳重工 belongs to the city's tree but not necessarily to the first district's;
		// an enterprise under the city union itself is outside any district's tree.
		csv := "企业名称,所有制,所在地区,所属工会\n越权机械厂,民营,长沙市,长沙市总工会\n"
		r := base.as("district.union").upload(t, `mutation($file: Upload!) { importSheet(file: $file) { written summary } }`, "企业.csv", []byte(csv))
		if !slices.Contains(r.codes(), "FORBIDDEN") {
			t.Fatalf("codes %v: %s", r.codes(), r.Raw)
		}
		if after := admin.counts(t); after != before {
			t.Fatalf("a refused import changed the store: %v → %v", before, after)
		}
		r = base.as("cs.union").upload(t, `mutation($file: Upload!) { importSheet(file: $file, dryRun: true) { rows summary } }`, "企业.csv", []byte(csv))
		r.mustData(t)
	})
}

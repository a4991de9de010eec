package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func landingFS() fstest.MapFS {
	return fstest.MapFS{"index.html": {Data: []byte("<h1>landing</h1>")}}
}

func builtFS() fstest.MapFS {
	return fstest.MapFS{
		".gitkeep":              {Data: nil},
		"index.html":            {Data: []byte("<!doctype html><div id=app>spa</div>")},
		"graphiql.html":         {Data: []byte("<!doctype html><div id=graphiql>gq</div>")},
		"assets/main-abc12.js":  {Data: []byte("console.log('main')")},
		"assets/main-abc12.css": {Data: []byte("body{}")},
		"favicon.ico":           {Data: []byte("ico")},
	}
}

func get(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

func TestHandlerBuilt(t *testing.T) {
	h := NewHandler(builtFS(), landingFS())
	tests := []struct {
		name        string
		method      string
		target      string
		status      int
		bodyHas     string
		cache       string
		contentType string
	}{
		{"root serves the app", "GET", "/", 200, "spa", cacheNoCache, "text/html"},
		{"index.html directly", "GET", "/index.html", 200, "spa", cacheNoCache, "text/html"},
		{"client route falls back to the app", "GET", "/workers/w-123", 200, "spa", cacheNoCache, "text/html"},
		{"nested client route with query", "GET", "/officer/dashboard?tab=2", 200, "spa", cacheNoCache, "text/html"},
		{"graphiql entry", "GET", "/graphiql", 200, "gq", cacheNoCache, "text/html"},
		{"graphiql with trailing slash", "GET", "/graphiql/", 200, "gq", cacheNoCache, "text/html"},
		{"hashed asset is immutable", "GET", "/assets/main-abc12.js", 200, "main", cacheImmutable, "javascript"},
		{"css asset", "GET", "/assets/main-abc12.css", 200, "body", cacheImmutable, "text/css"},
		{"other top-level file", "GET", "/favicon.ico", 200, "ico", cacheNoCache, ""},
		{"head request", "HEAD", "/search", 200, "", cacheNoCache, "text/html"},
		{"missing asset is 404 not the app", "GET", "/assets/gone-123.js", 404, "", "", ""},
		{"missing file with extension is 404", "GET", "/robots.txt", 404, "", "", ""},
		{"graphql is not the app", "GET", "/graphql", 404, "", "", ""},
		{"healthz is not the app", "GET", "/healthz", 404, "", "", ""},
		{"readyz is not the app", "GET", "/readyz", 404, "", "", ""},
		{"templates are not the app", "GET", "/templates/workers", 404, "", "", ""},
		{"exports are not the app", "GET", "/exports/x", 404, "", "", ""},
		{"graphql-like client route still falls back", "GET", "/graphqlfoo", 200, "spa", cacheNoCache, "text/html"},
		{"assets folder itself falls back", "GET", "/assets", 200, "spa", cacheNoCache, "text/html"},
		{"dot-dot is cleaned", "GET", "/x/../assets/main-abc12.js", 200, "main", cacheImmutable, "javascript"},
		{"post is refused", "POST", "/", 405, "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(t, h, tc.method, tc.target)
			if rec.Code != tc.status {
				t.Fatalf("%s %s: status %d, want %d (body %q)", tc.method, tc.target, rec.Code, tc.status, rec.Body.String())
			}
			if tc.bodyHas != "" && !strings.Contains(rec.Body.String(), tc.bodyHas) {
				t.Errorf("body %q does not contain %q", rec.Body.String(), tc.bodyHas)
			}
			if got := rec.Header().Get("Cache-Control"); got != tc.cache {
				t.Errorf("Cache-Control %q, want %q", got, tc.cache)
			}
			if tc.contentType != "" && !strings.Contains(rec.Header().Get("Content-Type"), tc.contentType) {
				t.Errorf("Content-Type %q, want it to contain %q", rec.Header().Get("Content-Type"), tc.contentType)
			}
		})
	}
}

func TestHandlerUnbuilt(t *testing.T) {
	tests := []struct {
		name  string
		built fstest.MapFS
	}{
		{"empty dist", fstest.MapFS{}},
		{"only the placeholder", fstest.MapFS{".gitkeep": {Data: nil}}},
		{"assets without index.html", fstest.MapFS{"assets/a.js": {Data: []byte("x")}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := NewHandler(tc.built, landingFS())
			rec := get(t, h, "GET", "/")
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "landing") {
				t.Fatalf("GET /: status %d body %q, want the landing page", rec.Code, rec.Body.String())
			}
			if rec := get(t, h, "GET", "/workers/w-1"); rec.Code != http.StatusNotFound {
				t.Errorf("GET /workers/w-1: status %d, want 404 without a built app", rec.Code)
			}
		})
	}
}

func TestHandlerEmbedded(t *testing.T) {
	// Whatever the state of web/dist, the embedded handler answers / with a page.
	rec := get(t, Handler(), "GET", "/")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /: status %d", rec.Code)
	}
	if !strings.Contains(rec.Body.String(), "Jiangxin") {
		t.Errorf("GET /: body does not name the product: %q", rec.Body.String())
	}
}

func TestHandlerGzip(t *testing.T) {
	big := strings.Repeat("console.log('匠心 Jiangxin');\n", 200)
	built := builtFS()
	built["assets/big-1.js"] = &fstest.MapFile{Data: []byte(big)}
	built["assets/logo-1.png"] = &fstest.MapFile{Data: []byte(strings.Repeat("x", 4096))}
	h := NewHandler(built, landingFS())
	tests := []struct {
		name     string
		target   string
		encoding string
		wantGzip bool
	}{
		{"gzip accepted", "/assets/big-1.js", "gzip, deflate, br", true},
		{"gzip with quality", "/assets/big-1.js", "br;q=1.0, gzip;q=0.8", true},
		{"gzip refused", "/assets/big-1.js", "gzip;q=0", false},
		{"no accept-encoding", "/assets/big-1.js", "", false},
		{"images are not compressed", "/assets/logo-1.png", "gzip", false},
		{"small files are not compressed", "/assets/main-abc12.js", "gzip", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", tc.target, nil)
			if tc.encoding != "" {
				req.Header.Set("Accept-Encoding", tc.encoding)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			gotGzip := rec.Header().Get("Content-Encoding") == "gzip"
			if gotGzip != tc.wantGzip {
				t.Fatalf("Content-Encoding %q, want gzip=%v", rec.Header().Get("Content-Encoding"), tc.wantGzip)
			}
			body := rec.Body.Bytes()
			if gotGzip {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatalf("gzip reader: %v", err)
				}
				plain, err := io.ReadAll(zr)
				if err != nil {
					t.Fatalf("gunzip: %v", err)
				}
				if string(plain) != big {
					t.Fatalf("gunzipped body differs from the file")
				}
				if len(body) >= len(big) {
					t.Errorf("compressed %d bytes, not smaller than %d", len(body), len(big))
				}
				if !strings.Contains(rec.Header().Get("Content-Type"), "javascript") {
					t.Errorf("Content-Type %q", rec.Header().Get("Content-Type"))
				}
			}
		})
	}
}

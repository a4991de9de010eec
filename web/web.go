// Package web serves Jiangxin's browser front end. The Vue app under web/app is built into
// web/dist (scripts/ui.sh, run by `make build`) and embedded here: Handler serves it as a
// single-page app at / and the offline GraphiQL at /graphiql. When the UI has not been built
// (a fresh clone compiled with plain `go build`), Handler serves a static landing page (in
// Chinese first, English second) that links to the GraphQL API and the health checks.
package web

import (
	"bytes"
	"compress/gzip"
	"embed"
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed all:dist
var dist embed.FS

//go:embed static
var static embed.FS

// Cache-Control values: hashed asset files never change; HTML must be revalidated every time so a
// new build is picked up at once.
const (
	cacheImmutable = "public, max-age=31536000, immutable"
	cacheNoCache   = "no-cache"
)

// reserved lists paths the SPA fallback never answers with index.html; the server's mux routes
// them elsewhere, so reaching this handler with one of them means it does not exist.
var reserved = []string{"/graphql", "/healthz", "/readyz", "/templates/", "/exports/"}

// Handler returns an http.Handler serving the embedded front end at /: the built app when
// web/dist holds one, the static landing page otherwise.
func Handler() http.Handler {
	built, err := fs.Sub(dist, "dist")
	if err != nil {
		// The embedded tree is fixed at build time; a missing folder is a build defect.
		panic("web: embedded dist folder missing: " + err.Error())
	}
	landing, err := fs.Sub(static, "static")
	if err != nil {
		panic("web: embedded static folder missing: " + err.Error())
	}
	return NewHandler(built, landing)
}

// NewHandler returns a handler serving the built app in built when built holds index.html, and
// the files of landing otherwise. Tests pass fstest.MapFS trees.
func NewHandler(built, landing fs.FS) http.Handler {
	if _, err := fs.Stat(built, "index.html"); err != nil {
		return http.FileServer(http.FS(landing))
	}
	return &spa{files: built}
}

// spa serves a Vite build: files as they are, /graphiql as graphiql.html, and index.html for
// any other extension-less path so the client-side router can take over. Text files are sent
// gzip-compressed to clients that accept it, compressed once and kept in memory.
type spa struct {
	files   fs.FS
	gzipped sync.Map // file name → []byte, its gzip encoding
}

// compressible lists the extensions worth compressing (the rest, fonts and images, mostly are).
var compressible = map[string]bool{".js": true, ".css": true, ".html": true, ".svg": true, ".json": true, ".map": true, ".ttf": true, ".txt": true}

// minGzipSize is the smallest file worth compressing.
const minGzipSize = 1024

// ServeHTTP implements http.Handler.
func (s *spa) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := path.Clean("/" + r.URL.Path)
	switch p {
	case "/", "/index.html":
		s.serve(w, r, "index.html")
		return
	case "/graphiql", "/graphiql.html":
		s.serve(w, r, "graphiql.html")
		return
	}
	name := strings.TrimPrefix(p, "/")
	if st, err := fs.Stat(s.files, name); err == nil && !st.IsDir() {
		s.serve(w, r, name)
		return
	}
	if path.Ext(p) != "" || isReserved(p) {
		http.NotFound(w, r)
		return
	}
	s.serve(w, r, "index.html")
}

// isReserved reports whether p belongs to a route served by another handler.
func isReserved(p string) bool {
	for _, prefix := range reserved {
		if p == strings.TrimSuffix(prefix, "/") || strings.HasPrefix(p, strings.TrimSuffix(prefix, "/")+"/") {
			return true
		}
	}
	return false
}

// serve writes one file with its cache policy; http.ServeContent sets the content type and
// answers range and conditional requests.
func (s *spa) serve(w http.ResponseWriter, r *http.Request, name string) {
	data, err := fs.ReadFile(s.files, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			http.NotFound(w, r)
			return
		}
		http.Error(w, "read file", http.StatusInternalServerError)
		return
	}
	if strings.HasPrefix(name, "assets/") {
		w.Header().Set("Cache-Control", cacheImmutable)
	} else {
		w.Header().Set("Cache-Control", cacheNoCache)
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if len(data) >= minGzipSize && compressible[path.Ext(name)] {
		w.Header().Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			if gz, err := s.gzip(name, data); err == nil {
				w.Header().Set("Content-Encoding", "gzip")
				data = gz
			}
		}
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// gzip returns the gzip encoding of a file, compressing it on first use.
func (s *spa) gzip(name string, data []byte) ([]byte, error) {
	if v, ok := s.gzipped.Load(name); ok {
		return v.([]byte), nil
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	v, _ := s.gzipped.LoadOrStore(name, buf.Bytes())
	return v.([]byte), nil
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") {
			return !strings.Contains(strings.ReplaceAll(q, " ", ""), "q=0") || strings.Contains(q, "q=0.")
		}
	}
	return false
}

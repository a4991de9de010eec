// Package web serves Jiangxin's browser front end. The Vue app under web/app is built into
// web/dist (scripts/ui.sh, run by `make build`) and embedded here: Handler serves it as a
// single-page app at / and the offline GraphiQL at /graphiql. When the UI has not been built
// (a fresh clone compiled with plain `go build`), Handler serves a static landing page (in
// Chinese first, English second) that links to the GraphQL API and the health checks.
package web

import (
	"bytes"
	"embed"
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"
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
// any other extension-less path so the client-side router can take over.
type spa struct {
	files fs.FS
}

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
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// Package web serves Jiangxin's browser front end. Until the web UI lands, it serves a landing
// page (in Chinese first, English second) that links to the GraphQL API and the health checks.
package web

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed static
var static embed.FS

// Handler returns an http.Handler serving the embedded front end at /.
func Handler() http.Handler {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		// The embedded tree is fixed at build time; a missing folder is a build defect.
		panic("web: embedded static folder missing: " + err.Error())
	}
	return http.FileServer(http.FS(sub))
}

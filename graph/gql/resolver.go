// Package gql is Jiangxin's GraphQL API: the schema (schema/*.graphqls), thin resolvers that
// check input and call the domain Service or Store, dataloaders that batch store reads per
// request, and the HTTP handler with its limits and error presentation. The executable code
// that gqlgen generates lives in graph/gql/generated and is never edited.
package gql

//go:generate go run jiangxin/internal/gqlgen

import (
	"log/slog"
	"time"

	"jiangxin/auth"
	"jiangxin/graph"
	"jiangxin/recommend"
	"jiangxin/report"
	"jiangxin/search"
)

// Resolver is the root resolver: the dependencies every field resolver may use.
type Resolver struct {
	Store   graph.Store
	Service *graph.Service
	// Index answers search and type-ahead; nil disables them (they return INTERNAL).
	Index search.Index
	// Recommend answers the matching questions; nil disables them.
	Recommend *recommend.Service
	// Report answers the dashboards and target progress; nil disables them.
	Report *report.Service
	// Auth signs in accounts and checks tokens; nil leaves every guarded field refused.
	Auth *Auth
	Log  *slog.Logger
	// Observer is told about every operation and root field (metrics); nil tells no one.
	Observer Observer
}

// Auth holds what signing in needs: the token signer, the revocation list, the login rate
// limiter, the password hasher and the token lifetime.
type Auth struct {
	Signer  *auth.Signer
	Revoker *auth.MemoryRevoker
	Limiter *auth.Limiter
	Hasher  *auth.Hasher
	TTL     time.Duration // default 12 h
}

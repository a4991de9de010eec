package auth

import (
	"context"
	"fmt"

	"jiangxin/graph"
)

// Role is the kind of account, which decides what its scope ID names. It is the domain's
// graph.AccountRole, so accounts in the store and principals share one definition.
type Role = graph.AccountRole

// The account roles.
const (
	RoleAdmin        = graph.AccountAdmin        // system administrator; no scope
	RoleUnionOfficer = graph.AccountUnionOfficer // 工会干部; scope is a union and every union below it
	RoleEnterprise   = graph.AccountEnterprise   // 企业; scope is the enterprise
	RoleCraftsman    = graph.AccountCraftsman    // 工匠 / 劳模; scope is the worker
	RoleApprentice   = graph.AccountApprentice   // 徒弟; scope is the worker
)

// MaxAccountIDLen bounds Principal.AccountID in bytes.
const MaxAccountIDLen = 128

// Principal is an authenticated caller: who they are, in which role, over which scope, and the ID
// of the token that proved it (used to revoke that token on logout).
type Principal struct {
	AccountID string
	Role      Role
	ScopeID   string // union, enterprise or worker ID per Role; "" for RoleAdmin
	TokenID   string
}

// Validate returns an ErrInvalid *graph.FieldError when p's account ID is empty or too long, its
// role unknown, or its scope ID not an ID of the kind its role requires (empty for an admin).
// It does not look at TokenID.
func (p Principal) Validate() error {
	if p.AccountID == "" || len(p.AccountID) > MaxAccountIDLen {
		return graph.Invalid("accountID", "must be 1 to %d bytes", MaxAccountIDLen)
	}
	if !p.Role.Valid() {
		return graph.Invalid("role", "%q is not a role", p.Role)
	}
	kind := p.Role.ScopeKind()
	if kind == "" {
		if p.ScopeID != "" {
			return graph.Invalid("scopeID", "must be empty for %s", p.Role)
		}
		return nil
	}
	if err := graph.CheckID("scopeID", kind, p.ScopeID); err != nil {
		return fmt.Errorf("%s principal: %w", p.Role, err)
	}
	return nil
}

type ctxKey int

const (
	principalKey ctxKey = iota
	claimsKey
	tokenErrKey
)

// WithPrincipal returns a copy of ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey, p)
}

// PrincipalFrom returns the principal carried by ctx and whether there is one; an anonymous
// request has none.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey).(Principal)
	return p, ok
}

// ClaimsFrom returns the verified token claims Middleware stored in ctx, and whether there are
// any. Logout uses Claims.ExpiresAt to know how long a revocation must be kept.
func ClaimsFrom(ctx context.Context) (Claims, bool) {
	c, ok := ctx.Value(claimsKey).(Claims)
	return c, ok
}

// TokenError returns why the request's bearer token was rejected, or nil when the request carried
// a valid token or none at all. The error wraps graph.ErrUnauthenticated unless checking
// revocation itself failed (a store outage), which callers should report as an internal error.
func TokenError(ctx context.Context) error {
	err, _ := ctx.Value(tokenErrKey).(error)
	return err
}

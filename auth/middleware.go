package auth

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"jiangxin/graph"
)

// Middleware authenticates requests by their "Authorization: Bearer <token>" header and calls
// next. Without the header the request proceeds anonymously (no principal). With a valid,
// unrevoked token the context carries its Principal and Claims. With any other header (a bad,
// expired, tampered or revoked token, another scheme, several headers) the request still proceeds,
// without a principal and with the reason in TokenError, so that the GraphQL layer answers
// UNAUTHENTICATED in its own format. revoker may be nil to skip revocation checks. Middleware
// panics when signer or next is nil, at construction, never while serving.
func Middleware(signer *Signer, revoker Revoker, next http.Handler) http.Handler {
	if signer == nil || next == nil {
		panic("auth.Middleware: nil signer or handler")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		values := r.Header.Values("Authorization")
		if len(values) == 0 {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		token, err := bearerToken(values)
		if err == nil {
			var p Principal
			var c Claims
			if p, c, err = signer.VerifyContext(ctx, token, revoker); err == nil {
				ctx = context.WithValue(WithPrincipal(ctx, p), claimsKey, c)
			}
		}
		if err != nil {
			ctx = context.WithValue(ctx, tokenErrKey, err)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// bearerToken extracts the token of a single "Bearer" Authorization header (scheme
// case-insensitive, RFC 7235).
func bearerToken(values []string) (string, error) {
	if len(values) != 1 {
		return "", fmt.Errorf("%d authorization headers: %w", len(values), tokenErr(ErrTokenMalformed))
	}
	scheme, token, _ := strings.Cut(strings.TrimSpace(values[0]), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", fmt.Errorf("authorization header is not a bearer token: %w", tokenErr(ErrTokenMalformed))
	}
	return token, nil
}

// Authenticated returns the request's principal, or an error: the TokenError when a token was
// presented and rejected, else one wrapping graph.ErrUnauthenticated for an anonymous request.
// Resolvers that require a login call it first.
func Authenticated(ctx context.Context) (Principal, error) {
	if err := TokenError(ctx); err != nil {
		return Principal{}, err
	}
	p, ok := PrincipalFrom(ctx)
	if !ok {
		return Principal{}, fmt.Errorf("no credentials: %w", graph.ErrUnauthenticated)
	}
	return p, nil
}

package auth

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"jiangxin/graph"
)

// seen is what the wrapped handler observed.
type seen struct {
	principal    Principal
	hasPrincipal bool
	claims       Claims
	hasClaims    bool
	tokenErr     error
	authErr      error
}

func TestMiddleware(t *testing.T) {
	c := newClock()
	s := testSigner(t, key(1), c)
	rev := NewMemoryRevoker(c.Now)
	p := principals()["enterprise"]
	good, claims, err := s.Issue(p, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	revoked, revClaims, err := s.Issue(p, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	rev.Revoke(revClaims.TokenID, revClaims.ExpiresAt)
	expiring, _, err := s.Issue(p, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	otherKey, _, err := testSigner(t, key(7), c).Issue(p, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	c.Advance(time.Minute + Leeway)
	tampered := []byte(good)
	tampered[5] ^= 1

	want := p
	want.TokenID = claims.TokenID
	tests := []struct {
		name    string
		headers []string
		revoker Revoker
		reason  error // nil: authenticated (or anonymous when headers is empty)
	}{
		{"anonymous", nil, rev, nil},
		{"valid", []string{"Bearer " + good}, rev, nil},
		{"lower-case scheme", []string{"bearer " + good}, rev, nil},
		{"extra spaces", []string{"  Bearer   " + good + " "}, rev, nil},
		{"nil revoker", []string{"Bearer " + good}, nil, nil},
		{"revoked", []string{"Bearer " + revoked}, rev, ErrTokenRevoked},
		{"expired", []string{"Bearer " + expiring}, rev, ErrTokenExpired},
		{"tampered", []string{"Bearer " + string(tampered)}, rev, graph.ErrUnauthenticated},
		{"other key", []string{"Bearer " + otherKey}, rev, ErrTokenSignature},
		{"garbage", []string{"Bearer not-a-token"}, rev, ErrTokenMalformed},
		{"basic scheme", []string{"Basic dXNlcjpwYXNz"}, rev, ErrTokenMalformed},
		{"bare token", []string{good}, rev, ErrTokenMalformed},
		{"empty bearer", []string{"Bearer "}, rev, ErrTokenMalformed},
		{"empty header", []string{""}, rev, ErrTokenMalformed},
		{"two headers", []string{"Bearer " + good, "Bearer " + good}, rev, ErrTokenMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got seen
			h := Middleware(s, tt.revoker, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ctx := r.Context()
				got.principal, got.hasPrincipal = PrincipalFrom(ctx)
				got.claims, got.hasClaims = ClaimsFrom(ctx)
				got.tokenErr = TokenError(ctx)
				_, got.authErr = Authenticated(ctx)
				w.WriteHeader(http.StatusTeapot)
			}))
			req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
			for _, v := range tt.headers {
				req.Header.Add("Authorization", v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusTeapot {
				t.Fatalf("status = %d; the request must reach the handler", rec.Code)
			}
			switch {
			case tt.headers == nil:
				if got.hasPrincipal || got.hasClaims || got.tokenErr != nil {
					t.Fatalf("anonymous request saw %+v", got)
				}
				if !errors.Is(got.authErr, graph.ErrUnauthenticated) {
					t.Fatalf("Authenticated = %v", got.authErr)
				}
			case tt.reason == nil:
				if !got.hasPrincipal || got.principal != want || got.tokenErr != nil || got.authErr != nil {
					t.Fatalf("saw %+v, want principal %+v", got, want)
				}
				if !got.hasClaims || got.claims.TokenID != claims.TokenID {
					t.Fatalf("claims = %+v", got.claims)
				}
			default:
				if got.hasPrincipal || got.hasClaims {
					t.Fatalf("rejected token still gave principal %+v", got.principal)
				}
				if !errors.Is(got.tokenErr, graph.ErrUnauthenticated) || !errors.Is(got.tokenErr, tt.reason) {
					t.Fatalf("TokenError = %v, want %v", got.tokenErr, tt.reason)
				}
				if !errors.Is(got.authErr, tt.reason) {
					t.Fatalf("Authenticated = %v, want %v", got.authErr, tt.reason)
				}
			}
		})
	}
	t.Run("revoker failure", func(t *testing.T) {
		down := errors.New("store down")
		var tokenErr error
		h := Middleware(s, failingRevoker{down}, http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			tokenErr = TokenError(r.Context())
		}))
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("Authorization", "Bearer "+good)
		h.ServeHTTP(httptest.NewRecorder(), req)
		if !errors.Is(tokenErr, down) || errors.Is(tokenErr, graph.ErrUnauthenticated) {
			t.Fatalf("TokenError = %v, want the store error, not unauthenticated", tokenErr)
		}
	})
	t.Run("nil signer panics at construction", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Fatal("no panic")
			}
		}()
		Middleware(nil, nil, http.NotFoundHandler())
	})
}

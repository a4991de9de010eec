package auth_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"jiangxin/auth"
	"jiangxin/graph"
)

// Example shows the login flow issue #6 builds: rate limit, check the password (or spend the same
// time for an unknown user), issue a token, then authenticate a request with it and log out.
func Example() {
	hasher, _ := auth.NewHasher(auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	stored, _ := hasher.Hash("师傅带徒弟2026") // kept in the account record
	accounts := map[string]string{"chen.li": stored}

	signer, _ := auth.NewSigner([]byte("0123456789abcdef0123456789abcdef"), nil)
	revoker := auth.NewMemoryRevoker(nil)
	limiter := auth.NewLimiter(auth.LimiterConfig{})

	login := func(user, pw, ip string) (string, error) {
		k := auth.LimitKey{Username: user, IP: ip}
		if ok, wait := limiter.Allow(k); !ok {
			return "", fmt.Errorf("retry in %v: %w", wait, graph.ErrUnauthenticated)
		}
		enc, known := accounts[user]
		var err error
		if known {
			err = hasher.Check(enc, pw)
		} else {
			err = hasher.FakeCheck(pw)
		}
		if err != nil {
			limiter.Fail(k)
			return "", err
		}
		limiter.Succeed(k)
		p := auth.Principal{AccountID: "acc-1", Role: auth.RoleAdmin}
		tok, _, err := signer.Issue(p, 12*time.Hour)
		return tok, err
	}

	_, err := login("chen.li", "wrong password", "192.0.2.1")
	fmt.Println("wrong password:", errors.Is(err, graph.ErrUnauthenticated))
	tok, err := login("chen.li", "师傅带徒弟2026", "192.0.2.1")
	fmt.Println("login:", err)

	api := auth.Middleware(signer, revoker, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := auth.Authenticated(r.Context())
		if err != nil {
			fmt.Println("request: unauthenticated:", errors.Is(err, graph.ErrUnauthenticated))
			return
		}
		fmt.Println("request as", p.AccountID, p.Role)
		if r.URL.Path == "/logout" {
			c, _ := auth.ClaimsFrom(r.Context())
			revoker.Revoke(c.TokenID, c.ExpiresAt)
		}
	}))
	for _, path := range []string{"/graphql", "/logout", "/graphql"} {
		req := httptest.NewRequest(http.MethodPost, path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		api.ServeHTTP(httptest.NewRecorder(), req)
	}
	// Output:
	// wrong password: true
	// login: <nil>
	// request as acc-1 ADMIN
	// request as acc-1 ADMIN
	// request: unauthenticated: true
}

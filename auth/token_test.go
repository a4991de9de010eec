package auth

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"jiangxin/graph"
)

func TestTokenRoundTrip(t *testing.T) {
	c := newClock()
	s := testSigner(t, key(1), c)
	seen := map[string]bool{}
	for name, p := range principals() {
		t.Run(name, func(t *testing.T) {
			tok, claims, err := s.Issue(p, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if strings.ContainsAny(tok, "+/= ") {
				t.Errorf("token %q is not URL-safe", tok)
			}
			if seen[claims.TokenID] {
				t.Errorf("token ID %q reused", claims.TokenID)
			}
			seen[claims.TokenID] = true
			got, gotClaims, err := s.Verify(tok)
			if err != nil {
				t.Fatalf("Verify = %v", err)
			}
			want := p
			want.TokenID = claims.TokenID
			if got != want {
				t.Errorf("principal = %+v, want %+v", got, want)
			}
			if !gotClaims.IssuedAt.Equal(c.Now()) || !gotClaims.ExpiresAt.Equal(c.Now().Add(time.Hour)) {
				t.Errorf("claims times = %v..%v", gotClaims.IssuedAt, gotClaims.ExpiresAt)
			}
			if gotClaims.Principal() != want || gotClaims.TokenID != claims.TokenID {
				t.Errorf("claims = %+v, want %+v", gotClaims, claims)
			}
		})
	}
}

func TestIssueRejects(t *testing.T) {
	s := testSigner(t, key(1), newClock())
	good := principals()["craftsman"]
	tests := []struct {
		name string
		p    Principal
		ttl  time.Duration
	}{
		{"no account", Principal{Role: RoleAdmin}, time.Hour},
		{"bad role", Principal{AccountID: "a", Role: "ROOT"}, time.Hour},
		{"wrong scope kind", Principal{AccountID: "a", Role: RoleEnterprise, ScopeID: good.ScopeID}, time.Hour},
		{"zero ttl", good, 0},
		{"negative ttl", good, -time.Minute},
		{"ttl too long", good, MaxTTL + time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := s.Issue(tt.p, tt.ttl); !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("Issue = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestNewSignerRejectsShortKeys(t *testing.T) {
	for _, tt := range []struct {
		name     string
		key      []byte
		previous [][]byte
	}{
		{"nil", nil, nil},
		{"31 bytes", key(1)[:31], nil},
		{"short previous", key(1), [][]byte{key(2)[:16]}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := NewSigner(tt.key, nil, tt.previous...); !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("NewSigner = %v, want ErrInvalid", err)
			}
		})
	}
}

// TestTamperEveryByte changes each byte of a token to every other base64url character and a few
// separators, and also truncates and extends it: every variant must be rejected.
func TestTamperEveryByte(t *testing.T) {
	s := testSigner(t, key(1), newClock())
	tok, _, err := s.Issue(principals()["officer"], time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	alphabet := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \r\n\x00\xff"
	variants := 0
	for i := range len(tok) {
		for _, r := range []byte(alphabet) {
			if tok[i] == r {
				continue
			}
			bad := tok[:i] + string(r) + tok[i+1:]
			variants++
			if _, _, err := s.Verify(bad); !errors.Is(err, graph.ErrUnauthenticated) {
				t.Fatalf("byte %d -> %q: Verify = %v, want ErrUnauthenticated", i, r, err)
			}
		}
	}
	t.Run("truncated", func(t *testing.T) {
		for n := range len(tok) {
			if _, _, err := s.Verify(tok[:n]); !errors.Is(err, graph.ErrUnauthenticated) {
				t.Fatalf("prefix of %d bytes: Verify = %v", n, err)
			}
		}
	})
	t.Run("inserted", func(t *testing.T) {
		for i := range len(tok) + 1 {
			for _, r := range []string{"\n", "\r", "A", "=", " "} {
				if _, _, err := s.Verify(tok[:i] + r + tok[i:]); !errors.Is(err, graph.ErrUnauthenticated) {
					t.Fatalf("%q inserted at %d: Verify = %v", r, i, err)
				}
			}
		}
	})
	t.Run("extended", func(t *testing.T) {
		for _, suffix := range []string{"A", "=", ".", ".AAAA", "\n"} {
			if _, _, err := s.Verify(tok + suffix); !errors.Is(err, graph.ErrUnauthenticated) {
				t.Fatalf("suffix %q: Verify = %v", suffix, err)
			}
		}
	})
	t.Logf("%d single-byte variants of a %d-byte token rejected", variants, len(tok))
}

// signed returns a token with a valid MAC over arbitrary claim bytes, as a key holder could make.
func signed(k []byte, body string) string {
	payload := b64.EncodeToString([]byte(body))
	return payload + "." + b64.EncodeToString(mac(k, payload))
}

func TestVerifyRejects(t *testing.T) {
	c := newClock()
	s := testSigner(t, key(1), c)
	now := c.Now().Unix()
	worker := principals()["craftsman"].ScopeID
	claims := func(mod func(m map[string]any)) string {
		m := map[string]any{"sub": "acc", "role": "CRAFTSMAN", "scope": worker, "jti": "id1",
			"iat": now, "exp": now + 3600}
		mod(m)
		b, _ := json.Marshal(m)
		return string(b)
	}
	other := testSigner(t, key(9), c)
	otherTok, _, err := other.Issue(principals()["admin"], time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		token  string
		reason error
	}{
		{"empty", "", ErrTokenMalformed},
		{"no dot", "abcdef", ErrTokenMalformed},
		{"only dot", ".", ErrTokenMalformed},
		{"short mac", "abc.def", ErrTokenMalformed},
		{"too long", strings.Repeat("a", 5000) + "." + strings.Repeat("b", 43), ErrTokenMalformed},
		{"wrong key", otherTok, ErrTokenSignature},
		{"good claims", signed(key(1), claims(func(map[string]any) {})), nil},
		{"not json", signed(key(1), "hello"), ErrTokenMalformed},
		{"trailing json", signed(key(1), claims(func(map[string]any) {})+"{}"), ErrTokenMalformed},
		{"unknown field", signed(key(1), claims(func(m map[string]any) { m["admin"] = true })), ErrTokenMalformed},
		{"no jti", signed(key(1), claims(func(m map[string]any) { delete(m, "jti") })), ErrTokenMalformed},
		{"no sub", signed(key(1), claims(func(m map[string]any) { delete(m, "sub") })), ErrTokenMalformed},
		{"bad role", signed(key(1), claims(func(m map[string]any) { m["role"] = "ROOT" })), ErrTokenMalformed},
		{"scope of wrong kind", signed(key(1), claims(func(m map[string]any) { m["role"] = "UNION_OFFICER" })), ErrTokenMalformed},
		{"exp before iat", signed(key(1), claims(func(m map[string]any) { m["exp"] = now - 1 })), ErrTokenMalformed},
		{"string times", signed(key(1), claims(func(m map[string]any) { m["exp"] = "soon" })), ErrTokenMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := s.Verify(tt.token)
			if tt.reason == nil {
				if err != nil {
					t.Fatalf("Verify = %v, want success", err)
				}
				return
			}
			if !errors.Is(err, graph.ErrUnauthenticated) || !errors.Is(err, tt.reason) {
				t.Fatalf("Verify = %v, want %v and ErrUnauthenticated", err, tt.reason)
			}
		})
	}
}

func TestTokenTimes(t *testing.T) {
	const ttl = time.Hour
	tests := []struct {
		name   string
		shift  time.Duration // verifier clock minus issuer clock
		reason error
	}{
		{"fresh", 0, nil},
		{"just before expiry", ttl - time.Second, nil},
		{"expired within leeway", ttl + Leeway - time.Second, nil},
		{"expired at leeway", ttl + Leeway, ErrTokenExpired},
		{"expired long ago", 48 * time.Hour, ErrTokenExpired},
		{"issuer clock ahead within leeway", -Leeway, nil},
		{"issuer clock ahead beyond leeway", -Leeway - time.Second, ErrTokenNotYetValid},
		{"issued in the future", -10 * time.Minute, ErrTokenNotYetValid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			issuerClock, verifierClock := newClock(), newClock()
			verifierClock.Advance(tt.shift)
			issuer := testSigner(t, key(1), issuerClock)
			verifier := testSigner(t, key(1), verifierClock)
			tok, _, err := issuer.Issue(principals()["enterprise"], ttl)
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = verifier.Verify(tok)
			if tt.reason == nil {
				if err != nil {
					t.Fatalf("Verify = %v, want success", err)
				}
				return
			}
			if !errors.Is(err, graph.ErrUnauthenticated) || !errors.Is(err, tt.reason) {
				t.Fatalf("Verify = %v, want %v and ErrUnauthenticated", err, tt.reason)
			}
		})
	}
}

type failingRevoker struct{ err error }

func (f failingRevoker) Revoked(context.Context, string) (bool, error) { return false, f.err }

func TestRevocation(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := testSigner(t, key(1), c)
	rev := NewMemoryRevoker(c.Now)
	tok, claims, err := s.Issue(principals()["apprentice"], time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := s.Issue(principals()["apprentice"], time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("before revoke", func(t *testing.T) {
		if _, _, err := s.VerifyContext(ctx, tok, rev); err != nil {
			t.Fatal(err)
		}
	})
	rev.Revoke(claims.TokenID, claims.ExpiresAt)
	t.Run("revoked", func(t *testing.T) {
		_, _, err := s.VerifyContext(ctx, tok, rev)
		if !errors.Is(err, ErrTokenRevoked) || !errors.Is(err, graph.ErrUnauthenticated) {
			t.Fatalf("VerifyContext = %v, want ErrTokenRevoked", err)
		}
	})
	t.Run("other token of same account unaffected", func(t *testing.T) {
		if _, _, err := s.VerifyContext(ctx, other, rev); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("nil revoker skips the check", func(t *testing.T) {
		if _, _, err := s.VerifyContext(ctx, tok, nil); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("bad token not sent to revoker", func(t *testing.T) {
		_, _, err := s.VerifyContext(ctx, "x.y", failingRevoker{errors.New("down")})
		if !errors.Is(err, ErrTokenMalformed) {
			t.Fatalf("VerifyContext = %v, want ErrTokenMalformed", err)
		}
	})
	t.Run("revoker failure is not unauthenticated", func(t *testing.T) {
		down := errors.New("store down")
		_, _, err := s.VerifyContext(ctx, other, failingRevoker{down})
		if !errors.Is(err, down) || errors.Is(err, graph.ErrUnauthenticated) {
			t.Fatalf("VerifyContext = %v, want the store error only", err)
		}
	})
	t.Run("lapsed revocations are pruned", func(t *testing.T) {
		c.Advance(2 * time.Hour)
		rev.Revoke("another", c.Now().Add(time.Hour))
		if n := rev.Len(); n != 1 {
			t.Fatalf("Len = %d, want 1", n)
		}
		if r, _ := rev.Revoked(ctx, claims.TokenID); r {
			t.Error("lapsed revocation still reported")
		}
	})
}

func TestKeyRotation(t *testing.T) {
	c := newClock()
	oldKey, newKey := key(1), key(100)
	old := testSigner(t, oldKey, c)
	rotated := testSigner(t, newKey, c, oldKey)
	fresh := testSigner(t, newKey, c)
	p := principals()["officer"]
	oldTok, _, err := old.Issue(p, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	newTok, _, err := rotated.Issue(p, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		s       *Signer
		tok     string
		wantErr bool
	}{
		{"rotated accepts old-key token", rotated, oldTok, false},
		{"rotated accepts own token", rotated, newTok, false},
		{"new key alone rejects old token", fresh, oldTok, true},
		{"new key alone accepts rotated token", fresh, newTok, false},
		{"old signer rejects new-key token", old, newTok, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := tt.s.Verify(tt.tok)
			if tt.wantErr != (err != nil) {
				t.Fatalf("Verify = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrTokenSignature) {
				t.Fatalf("Verify = %v, want ErrTokenSignature", err)
			}
		})
	}
	t.Run("keys are copied", func(t *testing.T) {
		k := key(50)
		s := testSigner(t, k, c)
		tok, _, err := s.Issue(p, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		k[0] ^= 0xff
		if _, _, err := s.Verify(tok); err != nil {
			t.Fatalf("Verify after caller changed its key slice = %v", err)
		}
	})
}

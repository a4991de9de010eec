package auth_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"jiangxin/auth"
	"jiangxin/graph"
)

// FuzzVerify checks that Verify accepts only tokens in their canonical encoding (no malleable
// spelling of payload or signature) with valid claims, and that every refusal is
// ErrUnauthenticated.
func FuzzVerify(f *testing.F) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	s, err := auth.NewSigner(bytes.Repeat([]byte{7}, 32), func() time.Time { return now })
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range []auth.Principal{
		{AccountID: "acc_01KJKEHJMMTYDFE20G32EP79E3", Role: auth.RoleAdmin},
		{AccountID: "acc_01KJKEHJMDSF5JAYM7NRF44VX5", Role: auth.RoleUnionOfficer, ScopeID: "uni_01KJKB3Q04BZV02CYQP22D2995"},
	} {
		tok, _, err := s.Issue(p, time.Hour)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(tok)
		f.Add(tok[:len(tok)-1] + "A")
		f.Add(tok + "=")
		f.Add("x" + tok)
	}
	for _, seed := range []string{"", ".", "a.b", "eyJ9.AAAA", "\xff.\xfe", "a\nb.c"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		p, c, err := s.Verify(tok)
		if err != nil {
			if !errors.Is(err, graph.ErrUnauthenticated) {
				t.Fatalf("Verify(%q) = %v, not ErrUnauthenticated", tok, err)
			}
			return
		}
		// Only the signer's own tokens pass the MAC, and only in their one canonical spelling.
		payload, sig, _ := strings.Cut(tok, ".")
		for _, part := range []string{payload, sig} {
			b, err := base64.RawURLEncoding.DecodeString(part)
			if err != nil || base64.RawURLEncoding.EncodeToString(b) != part {
				t.Fatalf("Verify accepted a non-canonical encoding: %q", tok)
			}
		}
		if err := p.Validate(); err != nil || !c.ExpiresAt.After(c.IssuedAt) || c.TokenID == "" || p != c.Principal() {
			t.Fatalf("Verify(%q) = %+v, %+v", tok, p, c)
		}
	})
}

// FuzzParseHash checks that ParseHash refuses with ErrMalformedHash or returns parameters that
// describe the salt and key it returns.
func FuzzParseHash(f *testing.F) {
	h, err := auth.HashPassword("jiangxin-2026")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{h, "", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5", "$argon2i$v=19$m=1,t=1,p=1$AA$AA",
		"$argon2id$v=19$m=019456,t=2,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=4294967295,t=4294967295,p=255$AA$AA", "$$$$$", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, salt, key, err := auth.ParseHash(s)
		if err != nil {
			if !errors.Is(err, auth.ErrMalformedHash) || salt != nil || key != nil {
				t.Fatalf("ParseHash(%q) = %v", s, err)
			}
			return
		}
		if int(p.SaltLen) != len(salt) || int(p.KeyLen) != len(key) || p.Memory == 0 || p.Time == 0 || p.Threads == 0 {
			t.Fatalf("ParseHash(%q) = %+v with %d-byte salt, %d-byte key", s, p, len(salt), len(key))
		}
	})
}

package auth

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"jiangxin/graph"
)

// MinKeyLen is the minimum signing key length in bytes (256 bits, the strength of HMAC-SHA256).
const MinKeyLen = 32

// Leeway is the clock skew allowed between servers when checking a token's issue and expiry
// times.
const Leeway = 30 * time.Second

// MaxTTL bounds a token's lifetime; longer sessions must log in again.
const MaxTTL = 30 * 24 * time.Hour

// maxTokenLen bounds the accepted token size before any decoding.
const maxTokenLen = 2048

const macPrefix = "jx1."

// Reasons a token is rejected. Each error returned by Verify wraps one of them and also
// graph.ErrUnauthenticated.
var (
	ErrTokenMalformed   = errors.New("malformed token")
	ErrTokenSignature   = errors.New("bad token signature")
	ErrTokenExpired     = errors.New("token expired")
	ErrTokenNotYetValid = errors.New("token not yet valid")
	ErrTokenRevoked     = errors.New("token revoked")
)

func tokenErr(reason error) error {
	return fmt.Errorf("%w: %w", reason, graph.ErrUnauthenticated)
}

var b64 = base64.RawURLEncoding.Strict()

// Claims are the verified contents of a token.
type Claims struct {
	AccountID string
	Role      Role
	ScopeID   string
	TokenID   string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// Principal returns the principal the claims authenticate.
func (c Claims) Principal() Principal {
	return Principal{AccountID: c.AccountID, Role: c.Role, ScopeID: c.ScopeID, TokenID: c.TokenID}
}

// wireClaims is the JSON form; times are Unix seconds.
type wireClaims struct {
	Sub   string `json:"sub"`
	Role  Role   `json:"role"`
	Scope string `json:"scope,omitempty"`
	JTI   string `json:"jti"`
	IAT   int64  `json:"iat"`
	EXP   int64  `json:"exp"`
}

// Signer issues and verifies tokens. It is safe for concurrent use.
type Signer struct {
	key      []byte
	previous [][]byte
	now      func() time.Time
}

// NewSigner returns a Signer that signs with key and reads time from now (time.Now when nil).
// Tokens signed with any of the previous keys are still accepted, so a key can be rotated without
// logging everyone out: deploy with the new key and the old one as previous, and drop the old key
// after MaxTTL. It returns an error wrapping graph.ErrInvalid when any key is shorter than
// MinKeyLen bytes. The keys are copied.
func NewSigner(key []byte, now func() time.Time, previous ...[]byte) (*Signer, error) {
	if len(key) < MinKeyLen {
		return nil, fmt.Errorf("signing key: %w", graph.Invalid("key", "must be at least %d bytes", MinKeyLen))
	}
	s := &Signer{key: bytes.Clone(key), now: now}
	if s.now == nil {
		s.now = time.Now
	}
	for i, k := range previous {
		if len(k) < MinKeyLen {
			return nil, fmt.Errorf("previous signing key %d: %w", i,
				graph.Invalid("key", "must be at least %d bytes", MinKeyLen))
		}
		s.previous = append(s.previous, bytes.Clone(k))
	}
	return s, nil
}

func mac(key []byte, payload string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(macPrefix))
	m.Write([]byte(payload))
	return m.Sum(nil)
}

// Issue returns a token for p valid for ttl from now, with a fresh random token ID, and its
// claims. p.TokenID is ignored. It returns an ErrInvalid error when p fails Principal.Validate or
// ttl is not in (0, MaxTTL], and an error when the system's randomness fails.
func (s *Signer) Issue(p Principal, ttl time.Duration) (string, Claims, error) {
	if err := p.Validate(); err != nil {
		return "", Claims{}, fmt.Errorf("issue token: %w", err)
	}
	if ttl <= 0 || ttl > MaxTTL {
		return "", Claims{}, fmt.Errorf("issue token: %w", graph.Invalid("ttl", "must be in (0, %s]", MaxTTL))
	}
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return "", Claims{}, fmt.Errorf("issue token: %w", err)
	}
	now := s.now().Truncate(time.Second)
	c := Claims{
		AccountID: p.AccountID, Role: p.Role, ScopeID: p.ScopeID,
		TokenID:  b64.EncodeToString(id[:]),
		IssuedAt: now, ExpiresAt: now.Add(ttl).Truncate(time.Second),
	}
	if !c.ExpiresAt.After(c.IssuedAt) {
		c.ExpiresAt = c.IssuedAt.Add(time.Second)
	}
	body, err := json.Marshal(wireClaims{
		Sub: c.AccountID, Role: c.Role, Scope: c.ScopeID, JTI: c.TokenID,
		IAT: c.IssuedAt.Unix(), EXP: c.ExpiresAt.Unix(),
	})
	if err != nil {
		return "", Claims{}, fmt.Errorf("issue token: %w", err)
	}
	payload := b64.EncodeToString(body)
	return payload + "." + b64.EncodeToString(mac(s.key, payload)), c, nil
}

// Verify checks token's signature against the current and previous keys and its times against
// now, and returns its principal and claims. Every failure wraps graph.ErrUnauthenticated and one
// of ErrTokenMalformed, ErrTokenSignature, ErrTokenExpired or ErrTokenNotYetValid. Verify does not
// check revocation; use VerifyContext for that.
func (s *Signer) Verify(token string) (Principal, Claims, error) {
	if len(token) == 0 || len(token) > maxTokenLen {
		return Principal{}, Claims{}, tokenErr(ErrTokenMalformed)
	}
	// The decoder skips CR and LF; admit only the alphabet so no byte escapes the MAC.
	for i := range len(token) {
		if c := token[i]; !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.') {
			return Principal{}, Claims{}, tokenErr(ErrTokenMalformed)
		}
	}
	payload, sig, ok := strings.Cut(token, ".")
	if !ok || payload == "" {
		return Principal{}, Claims{}, tokenErr(ErrTokenMalformed)
	}
	got, err := b64.DecodeString(sig)
	if err != nil || len(got) != sha256.Size {
		return Principal{}, Claims{}, tokenErr(ErrTokenMalformed)
	}
	valid := hmac.Equal(got, mac(s.key, payload))
	for _, k := range s.previous {
		// Check every key, so timing does not reveal which one matched.
		valid = hmac.Equal(got, mac(k, payload)) || valid
	}
	if !valid {
		return Principal{}, Claims{}, tokenErr(ErrTokenSignature)
	}
	body, err := b64.DecodeString(payload)
	if err != nil {
		return Principal{}, Claims{}, tokenErr(ErrTokenMalformed)
	}
	var w wireClaims
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil || dec.More() {
		return Principal{}, Claims{}, tokenErr(ErrTokenMalformed)
	}
	c := Claims{
		AccountID: w.Sub, Role: w.Role, ScopeID: w.Scope, TokenID: w.JTI,
		IssuedAt: time.Unix(w.IAT, 0), ExpiresAt: time.Unix(w.EXP, 0),
	}
	if err := c.Principal().Validate(); err != nil || c.TokenID == "" || w.EXP <= w.IAT {
		return Principal{}, Claims{}, tokenErr(fmt.Errorf("%w: invalid claims", ErrTokenMalformed))
	}
	now := s.now()
	if !now.Before(c.ExpiresAt.Add(Leeway)) {
		return Principal{}, Claims{}, tokenErr(ErrTokenExpired)
	}
	if c.IssuedAt.After(now.Add(Leeway)) {
		return Principal{}, Claims{}, tokenErr(ErrTokenNotYetValid)
	}
	return c.Principal(), c, nil
}

// Revoker tells whether a token has been revoked (by logout, a password change or an admin).
// Callers implement it over their store.
type Revoker interface {
	// Revoked reports whether the token with this ID is revoked. It returns an error when the
	// store cannot answer; the token must then not be trusted.
	Revoked(ctx context.Context, tokenID string) (bool, error)
}

// VerifyContext is Verify followed by a revocation check with r (skipped when r is nil). A revoked
// token gives an error wrapping ErrTokenRevoked and graph.ErrUnauthenticated; a failure of r gives
// an error wrapping r's error but not graph.ErrUnauthenticated, since the token may be fine and the
// caller should answer with an internal error rather than log the user out.
func (s *Signer) VerifyContext(ctx context.Context, token string, r Revoker) (Principal, Claims, error) {
	p, c, err := s.Verify(token)
	if err != nil || r == nil {
		return p, c, err
	}
	revoked, err := r.Revoked(ctx, c.TokenID)
	if err != nil {
		return Principal{}, Claims{}, fmt.Errorf("check token revocation: %w", err)
	}
	if revoked {
		return Principal{}, Claims{}, tokenErr(ErrTokenRevoked)
	}
	return p, c, nil
}

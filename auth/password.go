package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"

	"jiangxin/graph"
)

// Password length limits, in characters after NFKC normalization.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 256
)

// ErrMalformedHash means a stored password hash cannot be parsed or has out-of-range parameters.
// It is a server-side data error, not a wrong password, so it does not wrap
// graph.ErrUnauthenticated; the login must still be refused.
var ErrMalformedHash = errors.New("malformed password hash")

// Params are argon2id cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over memory
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams returns the production parameters: 19 MiB, 2 passes, 1 lane, 16-byte salt,
// 32-byte key. This is OWASP's minimum recommendation for argon2id. It is deliberately modest: the
// server has 2 cores shared with matching and search, and each login holds its memory for the
// whole hash, so 19 MiB keeps a burst of 50 concurrent logins under 1 GiB while still costing an
// offline attacker about 19 MiB × 2 passes per guess. Raise it later: NeedsRehash tells the login
// path to re-hash old hashes with the new parameters.
func DefaultParams() Params {
	return Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
}

// Upper bounds accepted when parsing a stored hash, so that a corrupted or planted hash cannot
// make a login allocate gigabytes or spin for minutes.
const (
	maxMemory  = 1 << 20 // 1 GiB in KiB
	maxTime    = 64
	maxThreads = 64
	maxSaltLen = 64
	maxKeyLen  = 64
)

func (p Params) check() error {
	switch {
	case p.Time < 1 || p.Time > maxTime:
		return fmt.Errorf("time %d out of range", p.Time)
	case p.Threads < 1 || p.Threads > maxThreads:
		return fmt.Errorf("threads %d out of range", p.Threads)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		return fmt.Errorf("memory %d KiB out of range", p.Memory)
	case p.SaltLen < 16 || p.SaltLen > maxSaltLen:
		return fmt.Errorf("salt length %d out of range", p.SaltLen)
	case p.KeyLen < 16 || p.KeyLen > maxKeyLen:
		return fmt.Errorf("key length %d out of range", p.KeyLen)
	}
	return nil
}

// Hasher hashes and checks passwords with fixed argon2id parameters. It is safe for concurrent use.
type Hasher struct {
	params Params
}

// NewHasher returns a Hasher using p, or an error wrapping graph.ErrInvalid when p is out of range
// (at least 1 pass, 1 lane, 8 KiB per lane, 16-byte salt and key). Tests use it with tiny
// parameters; production uses DefaultParams.
func NewHasher(p Params) (*Hasher, error) {
	if err := p.check(); err != nil {
		return nil, fmt.Errorf("argon2id params: %w: %w", err, graph.ErrInvalid)
	}
	return &Hasher{params: p}, nil
}

// Params returns h's parameters.
func (h *Hasher) Params() Params { return h.params }

// normalizePassword applies NFKC, so that a password typed with a Chinese input method in
// full-width mode ("ｐａｓｓ１２３") matches the same password typed in half-width mode, and
// returns an ErrInvalid field error when the result is not valid UTF-8 or its length is out of
// range.
func normalizePassword(pw string) (string, error) {
	if !utf8.ValidString(pw) {
		return "", graph.Invalid("password", "must be valid UTF-8")
	}
	if len(pw) > 4*MaxPasswordLen {
		return "", graph.Invalid("password", "must be at most %d characters", MaxPasswordLen)
	}
	pw = norm.NFKC.String(pw)
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordLen:
		return "", graph.Invalid("password", "must be at least %d characters", MinPasswordLen)
	case n > MaxPasswordLen:
		return "", graph.Invalid("password", "must be at most %d characters", MaxPasswordLen)
	}
	return pw, nil
}

// Hash returns pw hashed with a fresh random salt, PHC-encoded as
// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>" (unpadded standard base64). It returns an
// ErrInvalid *graph.FieldError for "password" when pw is shorter than MinPasswordLen or longer
// than MaxPasswordLen characters, or an error when the system's randomness fails.
func (h *Hasher) Hash(pw string) (string, error) {
	pw, err := normalizePassword(pw)
	if err != nil {
		return "", err
	}
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	p := h.params
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return encodeHash(p, salt, key), nil
}

func encodeHash(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time,
		p.Threads, base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// ParseHash returns the parameters, salt and key of a PHC-encoded argon2id hash, or an error
// wrapping ErrMalformedHash when it is not one this package can check.
func ParseHash(encoded string) (Params, []byte, []byte, error) {
	fail := func(why string) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, fmt.Errorf("%s: %w", why, ErrMalformedHash)
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return fail("not an argon2id PHC string")
	}
	var version int
	if n, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || n != 1 ||
		parts[2] != fmt.Sprintf("v=%d", version) || version != argon2.Version {
		return fail("unsupported version")
	}
	var p Params
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil ||
		n != 3 || parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", p.Memory, p.Time, p.Threads) {
		return fail("bad parameters")
	}
	salt, err := base64.RawStdEncoding.Strict().DecodeString(parts[4])
	if err != nil {
		return fail("bad salt")
	}
	key, err := base64.RawStdEncoding.Strict().DecodeString(parts[5])
	if err != nil {
		return fail("bad key")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	if err := p.check(); err != nil {
		return fail(err.Error())
	}
	return p, salt, key, nil
}

// Check returns nil when pw matches encoded, comparing the derived keys in constant time. It
// returns an error wrapping graph.ErrUnauthenticated when pw does not match (including a pw that
// could never have been set: too short or too long), and an error wrapping ErrMalformedHash when
// encoded cannot be parsed. The cost is that of the parameters stored in encoded, not h's.
func (h *Hasher) Check(encoded, pw string) error {
	p, salt, key, err := ParseHash(encoded)
	if err != nil {
		return err
	}
	pw, err = normalizePassword(pw)
	if err != nil {
		// Such a password can never have been hashed. Still spend the hashing time, so that the
		// response time does not tell length-policy failures from wrong passwords.
		pw = ""
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	if subtle.ConstantTimeCompare(got, key) != 1 || err != nil {
		return fmt.Errorf("password: %w", graph.ErrUnauthenticated)
	}
	return nil
}

// FakeCheck spends the time of checking pw against a hash with h's parameters and always returns
// an error wrapping graph.ErrUnauthenticated. A login calls it when the username is unknown, so
// that unknown and known usernames take the same time and cannot be told apart.
func (h *Hasher) FakeCheck(pw string) error {
	p := h.params
	dummy := encodeHash(p, make([]byte, p.SaltLen), make([]byte, p.KeyLen))
	if err := h.Check(dummy, pw); err != nil {
		return err
	}
	// Unreachable in practice (an all-zero key); refuse regardless.
	return fmt.Errorf("password: %w", graph.ErrUnauthenticated)
}

// NeedsRehash reports whether encoded was made with parameters other than h's (or cannot be
// parsed), so that after a successful Check the login path should store h.Hash(pw) instead.
func (h *Hasher) NeedsRehash(encoded string) bool {
	p, _, _, err := ParseHash(encoded)
	return err != nil || p != h.params
}

func defaultHasher() *Hasher { return &Hasher{params: DefaultParams()} }

// HashPassword hashes pw with DefaultParams; see Hasher.Hash.
func HashPassword(pw string) (string, error) { return defaultHasher().Hash(pw) }

// CheckPassword checks pw against encoded; see Hasher.Check. It returns an error wrapping
// graph.ErrUnauthenticated on mismatch and one wrapping ErrMalformedHash for a bad hash.
func CheckPassword(encoded, pw string) error { return defaultHasher().Check(encoded, pw) }

// FakeCheckPassword spends the time of a CheckPassword and returns an error wrapping
// graph.ErrUnauthenticated; see Hasher.FakeCheck.
func FakeCheckPassword(pw string) error { return defaultHasher().FakeCheck(pw) }

// NeedsRehash reports whether encoded was made with parameters other than DefaultParams; see
// Hasher.NeedsRehash.
func NeedsRehash(encoded string) bool { return defaultHasher().NeedsRehash(encoded) }

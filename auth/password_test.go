package auth

import (
	"errors"
	"strings"
	"testing"
	"time"

	"jiangxin/graph"
)

func TestHashRoundTrip(t *testing.T) {
	h := testHasher(t)
	tests := []struct {
		name, set, try string
	}{
		{"ascii", "correct horse battery", "correct horse battery"},
		{"chinese", "匠心独运传承技艺", "匠心独运传承技艺"},
		{"min length", "12345678", "12345678"},
		{"max length", strings.Repeat("焊", MaxPasswordLen), strings.Repeat("焊", MaxPasswordLen)},
		{"full-width typed later", "pass1234word", "ｐａｓｓ１２３４ｗｏｒｄ"},
		{"full-width set, half-width typed", "ｐａｓｓ１２３４ｗｏｒｄ", "pass1234word"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc, err := h.Hash(tt.set)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(enc, "$argon2id$v=19$m=64,t=1,p=1$") {
				t.Errorf("encoded = %q, want the test parameters in PHC form", enc)
			}
			if err := h.Check(enc, tt.try); err != nil {
				t.Fatalf("Check = %v", err)
			}
			if h.NeedsRehash(enc) {
				t.Error("NeedsRehash on a fresh hash")
			}
		})
	}
	t.Run("fresh salt each time", func(t *testing.T) {
		a, _ := h.Hash("same password")
		b, _ := h.Hash("same password")
		if a == b {
			t.Fatal("two hashes of one password are equal")
		}
	})
}

func TestCheckWrongPassword(t *testing.T) {
	h := testHasher(t)
	enc, err := h.Hash("Welder2026!")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, pw string }{
		{"different", "Welder2027!"},
		{"case", "welder2026!"},
		{"prefix", "Welder2026"},
		{"suffix added", "Welder2026!!"},
		{"empty", ""},
		{"too short", "Weld"},
		{"too long", strings.Repeat("x", 5000)},
		{"invalid utf-8", "Welder2026\xff"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := h.Check(enc, tt.pw); !errors.Is(err, graph.ErrUnauthenticated) {
				t.Fatalf("Check = %v, want ErrUnauthenticated", err)
			}
		})
	}
	t.Run("fake check", func(t *testing.T) {
		if err := h.FakeCheck("Welder2026!"); !errors.Is(err, graph.ErrUnauthenticated) {
			t.Fatalf("FakeCheck = %v, want ErrUnauthenticated", err)
		}
	})
}

func TestHashRejectsBadPasswords(t *testing.T) {
	h := testHasher(t)
	for _, tt := range []struct{ name, pw string }{
		{"empty", ""},
		{"seven", "1234567"},
		{"seven chinese", "匠心独运传承技"},
		{"257", strings.Repeat("a", MaxPasswordLen+1)},
		{"huge", strings.Repeat("a", 1<<20)},
		{"invalid utf-8", "abcdefgh\xff"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.Hash(tt.pw)
			var fe *graph.FieldError
			if !errors.Is(err, graph.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "password" {
				t.Fatalf("Hash = %v, want ErrInvalid on field password", err)
			}
		})
	}
}

func TestParseHash(t *testing.T) {
	h := testHasher(t)
	good, err := h.Hash("parse me please")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("good", func(t *testing.T) {
		p, salt, k, err := ParseHash(good)
		if err != nil {
			t.Fatal(err)
		}
		if p != testParams || len(salt) != 16 || len(k) != 32 {
			t.Fatalf("ParseHash = %+v, %d-byte salt, %d-byte key", p, len(salt), len(k))
		}
	})
	t.Run("defaults encoded", func(t *testing.T) {
		enc := encodeHash(DefaultParams(), make([]byte, 16), make([]byte, 32))
		p, _, _, err := ParseHash(enc)
		if err != nil || p != DefaultParams() {
			t.Fatalf("ParseHash(%q) = %+v, %v", enc, p, err)
		}
	})
	parts := strings.Split(good, "$")
	salt, sum := parts[4], parts[5]
	bad := map[string]string{
		"empty":           "",
		"bcrypt":          "$2a$10$abcdefghijklmnopqrstuu",
		"argon2i":         "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + sum,
		"old version":     "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + sum,
		"version spacing": "$argon2id$v= 19$m=64,t=1,p=1$" + salt + "$" + sum,
		"param order":     "$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + sum,
		"leading zero":    "$argon2id$v=19$m=064,t=1,p=1$" + salt + "$" + sum,
		"extra param":     "$argon2id$v=19$m=64,t=1,p=1,k=2$" + salt + "$" + sum,
		"zero time":       "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + sum,
		"huge memory":     "$argon2id$v=19$m=4194304,t=1,p=1$" + salt + "$" + sum,
		"tiny memory":     "$argon2id$v=19$m=4,t=1,p=1$" + salt + "$" + sum,
		"short salt":      "$argon2id$v=19$m=64,t=1,p=1$AAAA$" + sum,
		"padded salt":     "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + sum,
		"bad key base64":  "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + sum[:len(sum)-1] + "!",
		"missing key":     "$argon2id$v=19$m=64,t=1,p=1$" + salt,
		"trailing part":   good + "$x",
	}
	for name, enc := range bad {
		t.Run("bad/"+name, func(t *testing.T) {
			if _, _, _, err := ParseHash(enc); !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("ParseHash = %v, want ErrMalformedHash", err)
			}
			err := h.Check(enc, "parse me please")
			if !errors.Is(err, ErrMalformedHash) || errors.Is(err, graph.ErrUnauthenticated) {
				t.Fatalf("Check = %v, want ErrMalformedHash only", err)
			}
			if !h.NeedsRehash(enc) {
				t.Error("NeedsRehash on a malformed hash is false")
			}
		})
	}
}

func TestNeedsRehash(t *testing.T) {
	h := testHasher(t)
	enc, err := h.Hash("rehash candidate")
	if err != nil {
		t.Fatal(err)
	}
	stronger := testParams
	stronger.Memory *= 2
	longer := testParams
	longer.Time++
	wider := testParams
	wider.KeyLen = 64
	for _, tt := range []struct {
		name string
		p    Params
		want bool
	}{
		{"same", testParams, false},
		{"more memory", stronger, true},
		{"more passes", longer, true},
		{"longer key", wider, true},
		{"defaults", DefaultParams(), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h2, err := NewHasher(tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if got := h2.NeedsRehash(enc); got != tt.want {
				t.Fatalf("NeedsRehash = %v, want %v", got, tt.want)
			}
			// The old hash keeps working under the new policy: Check uses the stored parameters.
			if err := h2.Check(enc, "rehash candidate"); err != nil {
				t.Fatalf("Check with new policy = %v", err)
			}
		})
	}
}

func TestNewHasherRejectsBadParams(t *testing.T) {
	for _, tt := range []struct {
		name string
		mod  func(*Params)
	}{
		{"zero time", func(p *Params) { p.Time = 0 }},
		{"zero threads", func(p *Params) { p.Threads = 0 }},
		{"memory below 8 KiB per lane", func(p *Params) { p.Memory, p.Threads = 15, 2 }},
		{"short salt", func(p *Params) { p.SaltLen = 8 }},
		{"short key", func(p *Params) { p.KeyLen = 8 }},
		{"huge memory", func(p *Params) { p.Memory = 1<<20 + 1 }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := testParams
			tt.mod(&p)
			if _, err := NewHasher(p); !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("NewHasher = %v, want ErrInvalid", err)
			}
		})
	}
}

// TestDefaultParams runs the production parameters once, through the package-level functions.
func TestDefaultParams(t *testing.T) {
	start := time.Now()
	enc, err := HashPassword("师傅带徒弟 2026")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("argon2id hash with default parameters took %v", time.Since(start))
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("encoded = %q", enc)
	}
	if err := CheckPassword(enc, "师傅带徒弟 2026"); err != nil {
		t.Fatalf("CheckPassword = %v", err)
	}
	if err := CheckPassword(enc, "师傅带徒弟 2027"); !errors.Is(err, graph.ErrUnauthenticated) {
		t.Fatalf("CheckPassword(wrong) = %v, want ErrUnauthenticated", err)
	}
	start = time.Now()
	if err := FakeCheckPassword("师傅带徒弟 2026"); !errors.Is(err, graph.ErrUnauthenticated) {
		t.Fatalf("FakeCheckPassword = %v, want ErrUnauthenticated", err)
	}
	t.Logf("FakeCheckPassword took %v", time.Since(start))
	if NeedsRehash(enc) {
		t.Error("NeedsRehash on a default hash")
	}
	if _, err := HashPassword("short"); !errors.Is(err, graph.ErrInvalid) {
		t.Errorf("HashPassword(short) = %v, want ErrInvalid", err)
	}
	weak, _ := testHasher(t).Hash("师傅带徒弟 2026")
	if !NeedsRehash(weak) {
		t.Error("NeedsRehash on a test-parameter hash is false")
	}
}

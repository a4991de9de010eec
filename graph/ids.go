package graph

import (
	"crypto/rand"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// Kind names an entity type. It is also the prefix of that entity's IDs.
type Kind string

// The entity kinds. Skills are keyed by their occupation code, not by a generated ID.
const (
	KindRegion     Kind = "reg"
	KindUnion      Kind = "uni"
	KindEnterprise Kind = "ent"
	KindWorker     Kind = "wkr"
	KindHonour     Kind = "hon"
	KindProblem    Kind = "prb"
	KindVisit      Kind = "vis"
	KindPairing    Kind = "pai"
	KindReview     Kind = "rev"
	KindStudio     Kind = "stu"
	KindTarget     Kind = "tgt"
	KindAccount    Kind = "acc"
	KindAudit      Kind = "aud"
	KindSkill      Kind = "skill"
)

// String returns the kind's name as used in messages.
func (k Kind) String() string {
	switch k {
	case KindRegion:
		return "region"
	case KindUnion:
		return "union"
	case KindEnterprise:
		return "enterprise"
	case KindWorker:
		return "worker"
	case KindHonour:
		return "honour"
	case KindProblem:
		return "problem"
	case KindVisit:
		return "visit"
	case KindPairing:
		return "pairing"
	case KindReview:
		return "review"
	case KindStudio:
		return "studio"
	case KindTarget:
		return "target"
	case KindSkill:
		return "skill"
	case KindAccount:
		return "account"
	case KindAudit:
		return "audit entry"
	}
	return string(k)
}

// IDGen makes entity IDs: the kind's prefix, an underscore and a ULID, e.g.
// "wkr_01JD3V7Q6Y9K8Z2M4N5P6R7S8T". IDs sort by creation time, which gives cursor pagination a
// stable order. IDGen is safe for concurrent use.
type IDGen struct {
	mu      sync.Mutex
	entropy io.Reader
	now     func() time.Time
}

// NewIDGen returns an IDGen reading time from now and randomness from entropy. A nil entropy uses
// crypto/rand; a nil now uses time.Now. Tests pass a seeded reader and a fixed clock to get
// deterministic IDs.
func NewIDGen(now func() time.Time, entropy io.Reader) *IDGen {
	if entropy == nil {
		entropy = rand.Reader
	}
	if now == nil {
		now = time.Now
	}
	return &IDGen{entropy: ulid.Monotonic(entropy, 0), now: now}
}

// New returns a fresh ID of kind k.
func (g *IDGen) New(k Kind) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	id, err := ulid.New(ulid.Timestamp(g.now()), g.entropy)
	if err != nil {
		// Monotonic entropy overflows only after 2^80 IDs within one millisecond; fall back to
		// fresh randomness rather than failing the write.
		id = ulid.Make()
	}
	return string(k) + "_" + id.String()
}

// CheckID reports an ErrInvalid *FieldError naming field when id is not a well-formed ID of kind
// k. It never touches a store.
func CheckID(field string, k Kind, id string) error {
	if k == KindSkill {
		return CheckSkillCode(field, id)
	}
	prefix, rest, ok := strings.Cut(id, "_")
	if !ok || Kind(prefix) != k {
		return Invalid(field, "%q is not a %s ID", id, k)
	}
	if _, err := ulid.ParseStrict(rest); err != nil {
		return Invalid(field, "%q is not a %s ID", id, k)
	}
	return nil
}

// KindOf returns the kind encoded in id's prefix, or "" when id has no known prefix.
func KindOf(id string) Kind {
	prefix, _, ok := strings.Cut(id, "_")
	if !ok {
		if CheckSkillCode("", id) == nil {
			return KindSkill
		}
		return ""
	}
	switch k := Kind(prefix); k {
	case KindRegion, KindUnion, KindEnterprise, KindWorker, KindHonour, KindProblem, KindVisit,
		KindPairing, KindReview, KindStudio, KindTarget, KindAccount, KindAudit:
		return k
	}
	return ""
}

// CheckSkillCode reports an ErrInvalid *FieldError when code is not shaped like an occupation
// code of the national classification ("6-18-02-04": digit, then three two-digit groups).
func CheckSkillCode(field, code string) error {
	if len(code) != 10 || code[1] != '-' || code[4] != '-' || code[7] != '-' {
		return Invalid(field, "%q is not an occupation code such as 6-18-02-04", code)
	}
	for i, c := range code {
		if i == 1 || i == 4 || i == 7 {
			continue
		}
		if c < '0' || c > '9' {
			return Invalid(field, "%q is not an occupation code such as 6-18-02-04", code)
		}
	}
	return nil
}

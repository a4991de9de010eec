package auth

import (
	"sync"
	"testing"
	"time"

	"jiangxin/graph"
)

// fakeClock is a settable clock safe for concurrent use.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testParams are tiny argon2id parameters that keep tests fast.
var testParams = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func testHasher(t *testing.T) *Hasher {
	t.Helper()
	h, err := NewHasher(testParams)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

var ids = graph.NewIDGen(nil, nil)

func principals() map[string]Principal {
	return map[string]Principal{
		"admin":      {AccountID: "acc-admin", Role: RoleAdmin},
		"officer":    {AccountID: "acc-officer", Role: RoleUnionOfficer, ScopeID: ids.New(graph.KindUnion)},
		"enterprise": {AccountID: "acc-ent", Role: RoleEnterprise, ScopeID: ids.New(graph.KindEnterprise)},
		"craftsman":  {AccountID: "acc-craft", Role: RoleCraftsman, ScopeID: ids.New(graph.KindWorker)},
		"apprentice": {AccountID: "acc-app", Role: RoleApprentice, ScopeID: ids.New(graph.KindWorker)},
	}
}

func key(b byte) []byte {
	k := make([]byte, MinKeyLen)
	for i := range k {
		k[i] = b + byte(i)
	}
	return k
}

func testSigner(t *testing.T, k []byte, c *fakeClock, previous ...[]byte) *Signer {
	t.Helper()
	s, err := NewSigner(k, c.Now, previous...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

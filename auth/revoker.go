package auth

import (
	"context"
	"sync"
	"time"
)

// MemoryRevoker is an in-memory Revoker for tests and single-process tools. Revocations are kept
// until the token would have expired anyway. It is safe for concurrent use.
type MemoryRevoker struct {
	mu    sync.Mutex
	now   func() time.Time
	until map[string]time.Time
}

// NewMemoryRevoker returns an empty MemoryRevoker reading time from now (time.Now when nil).
func NewMemoryRevoker(now func() time.Time) *MemoryRevoker {
	if now == nil {
		now = time.Now
	}
	return &MemoryRevoker{now: now, until: make(map[string]time.Time)}
}

// Revoke revokes the token with this ID until expiresAt (its Claims.ExpiresAt) plus Leeway, and
// forgets revocations that have lapsed.
func (m *MemoryRevoker) Revoke(tokenID string, expiresAt time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	for id, t := range m.until {
		if now.After(t) {
			delete(m.until, id)
		}
	}
	m.until[tokenID] = expiresAt.Add(Leeway)
}

// Revoked reports whether the token with this ID is revoked. It never returns an error.
func (m *MemoryRevoker) Revoked(_ context.Context, tokenID string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.until[tokenID]
	return ok && !m.now().After(t), nil
}

// Len returns the number of revocations held.
func (m *MemoryRevoker) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.until)
}

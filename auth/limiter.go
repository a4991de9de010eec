package auth

import (
	"net/netip"
	"sync"
	"time"
)

// LimitKey identifies a login attempt for rate limiting: the username tried and the client IP.
// Callers pass the username in the canonical form their accounts use (for instance lower-cased),
// and the IP the server trusts (the socket address, or a proxy header only behind a known proxy).
type LimitKey struct {
	Username string
	IP       string
}

// LimiterConfig tunes a Limiter. Zero fields take the defaults shown.
type LimiterConfig struct {
	MaxFailures   int              // failures per username+IP per Window before a lockout; 5
	MaxIPFailures int              // failures per IP (IPv6: per /64) per Window; 50
	Window        time.Duration    // counting window, also the first lockout; 15 minutes
	MaxLockout    time.Duration    // cap of the doubling lockouts; 4 hours
	MaxKeys       int              // entries kept per table (username+IP, IP); 100 000
	Now           func() time.Time // clock; time.Now
}

func (c LimiterConfig) withDefaults() LimiterConfig {
	if c.MaxFailures <= 0 {
		c.MaxFailures = 5
	}
	if c.MaxIPFailures <= 0 {
		c.MaxIPFailures = 50
	}
	if c.Window <= 0 {
		c.Window = 15 * time.Minute
	}
	if c.MaxLockout <= 0 {
		c.MaxLockout = 4 * time.Hour
	}
	if c.MaxLockout < c.Window {
		c.MaxLockout = c.Window
	}
	if c.MaxKeys <= 0 {
		c.MaxKeys = 100_000
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// inflightTTL is how long an attempt admitted by Allow counts against the limit when the caller
// never reports Fail or Succeed for it.
const inflightTTL = time.Minute

// evictSample is how many entries are examined to pick one to evict from a full table.
const evictSample = 16

// bucket counts failures of one key.
type bucket struct {
	failures    int       // in the current window
	windowStart time.Time // start of the current window
	lockedUntil time.Time
	level       int // lockouts so far; the next one lasts Window << level
	inflight    int // attempts admitted by Allow and not yet reported
	inflightAt  time.Time
	lastSeen    time.Time
}

// Limiter limits failed logins per username+IP and per IP. Once a key reaches its limit within
// the window it is locked out: first for one window, then for twice as long after each further
// lockout, up to MaxLockout; the lockout level is forgotten after a quiet window. An attempt
// admitted by Allow counts against the limit until reported, so a burst of parallel guesses cannot
// slip past it. Memory is bounded by MaxKeys entries per table. A Limiter is safe for concurrent
// use.
type Limiter struct {
	cfg       LimiterConfig
	mu        sync.Mutex
	pairs     map[string]*bucket
	ips       map[string]*bucket
	lastSweep time.Time
}

// NewLimiter returns a Limiter with cfg, zero fields defaulted.
func NewLimiter(cfg LimiterConfig) *Limiter {
	cfg = cfg.withDefaults()
	return &Limiter{cfg: cfg, pairs: make(map[string]*bucket), ips: make(map[string]*bucket),
		lastSweep: cfg.Now()}
}

// ipKey groups IPv6 addresses by /64, the block one subscriber usually gets, so that rotating
// addresses within it does not reset the count. Unparsable IPs are used as given.
func ipKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap().WithZone("")
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

func (k LimitKey) keys() (pair, ip string) {
	ip = ipKey(k.IP)
	return k.Username + "\x00" + ip, ip
}

// refresh drops an expired window, stale in-flight attempts and a lockout level that has decayed.
func (l *Limiter) refresh(b *bucket, now time.Time) {
	if !now.Before(b.windowStart.Add(l.cfg.Window)) {
		b.failures, b.windowStart = 0, now
	}
	if b.inflight > 0 && !now.Before(b.inflightAt.Add(inflightTTL)) {
		b.inflight = 0
	}
	if b.level > 0 && !now.Before(b.lockedUntil.Add(l.cfg.Window)) &&
		!now.Before(b.lastSeen.Add(l.cfg.Window)) {
		b.level = 0 // a quiet window after the last lockout ended
	}
}

// idle reports whether b holds nothing worth remembering.
func (l *Limiter) idle(b *bucket, now time.Time) bool {
	l.refresh(b, now)
	return b.failures == 0 && b.inflight == 0 && b.level == 0 && !now.Before(b.lockedUntil)
}

func (l *Limiter) sweep(m map[string]*bucket, now time.Time) {
	for k, b := range m {
		if l.idle(b, now) {
			delete(m, k)
		}
	}
}

// get returns m's bucket for k, creating it (and making room) when create is set; nil otherwise.
func (l *Limiter) get(m map[string]*bucket, k string, now time.Time, create bool) *bucket {
	if b, ok := m[k]; ok {
		l.refresh(b, now)
		return b
	}
	if !create {
		return nil
	}
	if len(m) >= l.cfg.MaxKeys {
		l.sweep(m, now)
	}
	for len(m) >= l.cfg.MaxKeys {
		// Still full: evict the entry, among a random sample, whose lock and last activity ended
		// longest ago, so live lockouts are the last to go.
		var victim string
		var oldest time.Time
		n := 0
		for k, b := range m {
			t := b.lastSeen
			if b.lockedUntil.After(t) {
				t = b.lockedUntil
			}
			if n == 0 || t.Before(oldest) {
				victim, oldest = k, t
			}
			if n++; n == evictSample {
				break
			}
		}
		delete(m, victim)
	}
	b := &bucket{windowStart: now, lastSeen: now}
	m[k] = b
	return b
}

func (l *Limiter) maybeSweep(now time.Time) {
	if now.Sub(l.lastSweep) >= l.cfg.Window {
		l.sweep(l.pairs, now)
		l.sweep(l.ips, now)
		l.lastSweep = now
	}
}

// check returns how long b must wait before another attempt (0 when it may go ahead).
func (l *Limiter) check(b *bucket, limit int, now time.Time) time.Duration {
	if now.Before(b.lockedUntil) {
		return b.lockedUntil.Sub(now)
	}
	if b.failures+b.inflight >= limit {
		// Only unreported attempts fill the budget; they resolve within seconds.
		return time.Second
	}
	return 0
}

// Allow reports whether a login attempt for key may go ahead and, when not, how long to wait.
// An allowed attempt must be followed by Fail or Succeed for the same key.
func (l *Limiter) Allow(key LimitKey) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.cfg.Now()
	l.maybeSweep(now)
	pk, ik := key.keys()
	pb := l.get(l.pairs, pk, now, true)
	ib := l.get(l.ips, ik, now, true)
	wait := max(l.check(pb, l.cfg.MaxFailures, now), l.check(ib, l.cfg.MaxIPFailures, now))
	if wait > 0 {
		return false, wait
	}
	for _, b := range []*bucket{pb, ib} {
		b.inflight++
		b.inflightAt, b.lastSeen = now, now
	}
	return true, 0
}

// Fail records a failed login for key, locking it out when it reaches its limit.
func (l *Limiter) Fail(key LimitKey) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.cfg.Now()
	pk, ik := key.keys()
	l.fail(l.get(l.pairs, pk, now, true), l.cfg.MaxFailures, now)
	l.fail(l.get(l.ips, ik, now, true), l.cfg.MaxIPFailures, now)
}

func (l *Limiter) fail(b *bucket, limit int, now time.Time) {
	if b.inflight > 0 {
		b.inflight--
	}
	b.failures++
	b.lastSeen = now
	if b.failures >= limit {
		lock := l.cfg.MaxLockout
		if b.level < 30 && l.cfg.Window<<b.level < lock {
			lock = l.cfg.Window << b.level
		}
		b.level++
		b.lockedUntil = now.Add(lock)
		b.failures, b.windowStart = 0, now
	}
}

// Succeed records a successful login for key: the username+IP record is cleared, and the attempt
// no longer counts against the IP; the IP's failures stay, so one good account does not unlock
// guessing at others.
func (l *Limiter) Succeed(key LimitKey) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.cfg.Now()
	pk, ik := key.keys()
	delete(l.pairs, pk)
	if b := l.get(l.ips, ik, now, false); b != nil && b.inflight > 0 {
		b.inflight--
	}
}

// Len returns the number of entries held, across both tables.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.pairs) + len(l.ips)
}

package auth

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// attempt runs one failed login through l when allowed and reports whether it was allowed.
func attempt(l *Limiter, k LimitKey) bool {
	ok, _ := l.Allow(k)
	if ok {
		l.Fail(k)
	}
	return ok
}

func TestLimiterLockoutAndRecovery(t *testing.T) {
	c := newClock()
	l := NewLimiter(LimiterConfig{Now: c.Now})
	k := LimitKey{Username: "zhang.wei", IP: "203.0.113.7"}
	// Each round: five failures lock the key for 15m, 30m, 1h, 2h, then the 4h cap.
	for round, lock := range []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour,
		2 * time.Hour, 4 * time.Hour, 4 * time.Hour} {
		t.Run(fmt.Sprintf("round %d", round+1), func(t *testing.T) {
			for i := range 5 {
				if !attempt(l, k) {
					t.Fatalf("attempt %d refused", i+1)
				}
			}
			ok, retry := l.Allow(k)
			if ok || retry != lock {
				t.Fatalf("after 5 failures Allow = %v, %v; want false, %v", ok, retry, lock)
			}
			c.Advance(lock - time.Second)
			if ok, retry := l.Allow(k); ok || retry != time.Second {
				t.Fatalf("just before the end Allow = %v, %v", ok, retry)
			}
			c.Advance(time.Second)
		})
	}
	t.Run("other user on the same IP unaffected", func(t *testing.T) {
		if ok, _ := l.Allow(LimitKey{Username: "li.na", IP: k.IP}); !ok {
			t.Fatal("refused")
		}
		l.Succeed(LimitKey{Username: "li.na", IP: k.IP})
	})
	t.Run("level decays after a quiet window", func(t *testing.T) {
		c.Advance(15 * time.Minute)
		for range 5 {
			attempt(l, k)
		}
		if ok, retry := l.Allow(k); ok || retry != 15*time.Minute {
			t.Fatalf("Allow = %v, %v; want the first lockout again", ok, retry)
		}
	})
	t.Run("failures spread over windows do not lock", func(t *testing.T) {
		k := LimitKey{Username: "slow", IP: "198.51.100.1"}
		for i := range 20 {
			if !attempt(l, k) {
				t.Fatalf("attempt %d refused", i+1)
			}
			if i%4 == 3 {
				c.Advance(15 * time.Minute)
			}
		}
	})
}

func TestLimiterSucceedResets(t *testing.T) {
	c := newClock()
	l := NewLimiter(LimiterConfig{Now: c.Now})
	k := LimitKey{Username: "wang.fang", IP: "192.0.2.10"}
	for range 4 {
		attempt(l, k)
	}
	if ok, _ := l.Allow(k); !ok {
		t.Fatal("fifth attempt refused")
	}
	l.Succeed(k)
	for i := range 4 {
		if !attempt(l, k) {
			t.Fatalf("attempt %d after success refused", i+1)
		}
	}
}

func TestLimiterPerIP(t *testing.T) {
	tests := []struct {
		name      string
		attacker  string
		other     string
		sameBlock bool
	}{
		{"ipv4", "192.0.2.1", "192.0.2.2", false},
		{"ipv6 same /64", "2001:db8:1:2::1", "2001:db8:1:2:ffff::9", true},
		{"ipv6 other /64", "2001:db8:1:2::1", "2001:db8:1:3::1", false},
		{"ipv4-mapped ipv6", "192.0.2.1", "::ffff:192.0.2.1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClock()
			l := NewLimiter(LimiterConfig{Now: c.Now})
			for i := range 50 {
				// Four guesses per username stay under the per-user limit.
				if !attempt(l, LimitKey{Username: fmt.Sprintf("user%d", i/4), IP: tt.attacker}) {
					t.Fatalf("attempt %d refused", i+1)
				}
			}
			if ok, retry := l.Allow(LimitKey{Username: "fresh", IP: tt.attacker}); ok || retry != 15*time.Minute {
				t.Fatalf("attacker IP after 50 failures: Allow = %v, %v", ok, retry)
			}
			ok, _ := l.Allow(LimitKey{Username: "fresh", IP: tt.other})
			if ok == tt.sameBlock {
				t.Fatalf("other address %s: Allow = %v", tt.other, ok)
			}
		})
	}
}

func TestLimiterInflightBurst(t *testing.T) {
	c := newClock()
	l := NewLimiter(LimiterConfig{Now: c.Now})
	k := LimitKey{Username: "burst", IP: "192.0.2.50"}
	var allowed atomic.Int32
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			if ok, _ := l.Allow(k); ok {
				allowed.Add(1)
			}
		})
	}
	wg.Wait()
	if n := allowed.Load(); n != 5 {
		t.Fatalf("%d of 40 parallel unreported attempts allowed, want 5", n)
	}
	t.Run("waiting attempts retry soon", func(t *testing.T) {
		if ok, retry := l.Allow(k); ok || retry != time.Second {
			t.Fatalf("Allow = %v, %v", ok, retry)
		}
	})
	t.Run("unreported attempts expire", func(t *testing.T) {
		c.Advance(inflightTTL)
		if ok, _ := l.Allow(k); !ok {
			t.Fatal("refused after in-flight attempts expired")
		}
	})
}

func TestLimiterConcurrent(t *testing.T) {
	c := newClock()
	l := NewLimiter(LimiterConfig{Now: c.Now, MaxKeys: 64})
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for i := range 500 {
				k := LimitKey{Username: fmt.Sprintf("u%d", i%37), IP: fmt.Sprintf("10.0.%d.%d", g, i%11)}
				if ok, _ := l.Allow(k); ok {
					if i%3 == 0 {
						l.Succeed(k)
					} else {
						l.Fail(k)
					}
				}
				if i%100 == 0 {
					c.Advance(time.Minute)
				}
				_ = l.Len()
			}
		})
	}
	wg.Wait()
	if n := l.Len(); n > 128 {
		t.Fatalf("Len = %d, want at most 2×64", n)
	}
}

func TestLimiterMemoryBound(t *testing.T) {
	c := newClock()
	const maxKeys = 100
	l := NewLimiter(LimiterConfig{Now: c.Now, MaxKeys: maxKeys})
	victim := LimitKey{Username: "locked", IP: "192.0.2.99"}
	for range 5 {
		attempt(l, victim)
	}
	for i := range 10_000 {
		attempt(l, LimitKey{Username: fmt.Sprintf("spray%d", i), IP: fmt.Sprintf("10.%d.%d.%d", i>>16, i>>8&255, i&255)})
		if n := l.Len(); n > 2*maxKeys {
			t.Fatalf("after %d keys Len = %d, want at most %d", i+1, n, 2*maxKeys)
		}
	}
	t.Run("live lockout survives the flood", func(t *testing.T) {
		if ok, _ := l.Allow(victim); ok {
			t.Fatal("locked key was evicted by a flood of new keys")
		}
	})
	t.Run("idle entries swept after a window", func(t *testing.T) {
		c.Advance(5 * time.Hour)
		l.Allow(LimitKey{Username: "late", IP: "192.0.2.200"})
		if n := l.Len(); n != 2 {
			t.Fatalf("Len = %d, want only the new attempt's 2 entries", n)
		}
	})
}

func TestLimiterDefaults(t *testing.T) {
	cfg := LimiterConfig{MaxLockout: time.Minute}.withDefaults()
	if cfg.MaxFailures != 5 || cfg.MaxIPFailures != 50 || cfg.Window != 15*time.Minute ||
		cfg.MaxLockout != 15*time.Minute || cfg.MaxKeys != 100_000 || cfg.Now == nil {
		t.Fatalf("defaults = %+v", cfg)
	}
}

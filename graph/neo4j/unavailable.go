package neo4j

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"jiangxin/graph"
)

// Availability: a circuit breaker in front of every store call.
//
// The driver retries connectivity failures inside ExecuteRead and ExecuteWrite until
// MaxTransactionRetryTime, so with Neo4j down a request used to wait for its own timeout. The
// Store instead keeps a breaker: a prober goroutine (started by Open, stopped by Close) runs
// RETURN 1 on a driver of its own with a single connection, so that a busy pool cannot delay
// it, every probeUpInterval while the server answers and every probeDownInterval while it does
// not. The first probe that fails with a connectivity error (confirmed by one immediate
// retry, so a stale pooled connection is not mistaken for an outage), or probeTimeouts probes
// in a row that time out, open the breaker: calls in flight are cancelled and every call fails
// at once with an error wrapping graph.ErrUnavailable, without touching the driver. The first
// probe that succeeds closes it again. A call that fails with a connectivity error of its own
// returns ErrUnavailable too and wakes the prober at once.

const (
	probeUpInterval   = 500 * time.Millisecond
	probeDownInterval = 250 * time.Millisecond
	probeTimeout      = 2 * time.Second
	probeTimeouts     = 2 // consecutive probe timeouts that count as an outage
)

// errStoreDown is the cancellation cause of calls in flight when the breaker opens.
var errStoreDown = errors.New("neo4j store marked down")

// breaker records whether the server is reachable and cancels the calls in flight when it
// stops being so.
type breaker struct {
	kick chan struct{} // wakes the prober; buffered, one pending wake-up

	mu       sync.Mutex
	down     bool
	cause    error     // the failure that opened the breaker
	since    time.Time // when the breaker last changed state
	next     uint64
	inflight map[uint64]context.CancelCauseFunc
}

func newBreaker() *breaker {
	return &breaker{kick: make(chan struct{}, 1), since: time.Now(), inflight: map[uint64]context.CancelCauseFunc{}}
}

// check returns an error wrapping graph.ErrUnavailable while the breaker is open, else nil.
func (b *breaker) check() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.down {
		return nil
	}
	return unavailable(b.cause)
}

// available reports whether the breaker is closed (the server answered the last probe).
func (b *breaker) available() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return !b.down
}

// bind returns ctx cancelled (with cause errStoreDown) when the breaker opens, and the function
// releasing it.
func (b *breaker) bind(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	b.mu.Lock()
	id := b.next
	b.next++
	b.inflight[id] = cancel
	b.mu.Unlock()
	return ctx, func() {
		b.mu.Lock()
		delete(b.inflight, id)
		b.mu.Unlock()
		cancel(nil)
	}
}

// wake asks the prober to probe now.
func (b *breaker) wake() {
	select {
	case b.kick <- struct{}{}:
	default:
	}
}

// open marks the server down because of cause and cancels the calls in flight. It reports
// whether the state changed.
func (b *breaker) open(cause error) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.down {
		return false
	}
	b.down, b.cause, b.since = true, cause, time.Now()
	for id, cancel := range b.inflight {
		cancel(errStoreDown)
		delete(b.inflight, id)
	}
	return true
}

// close marks the server reachable again. It returns how long it was down, or 0 when it was
// not.
func (b *breaker) close() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.down {
		return 0
	}
	took := time.Since(b.since)
	b.down, b.cause, b.since = false, nil, time.Now()
	return max(took, time.Nanosecond)
}

// unavailable wraps cause into an error that Is graph.ErrUnavailable.
func unavailable(cause error) error {
	if cause == nil {
		return fmt.Errorf("neo4j: %w", graph.ErrUnavailable)
	}
	return fmt.Errorf("neo4j: %w: %v", graph.ErrUnavailable, cause)
}

// isUnavailable reports whether err says the server cannot be reached or cannot serve the
// database right now: the driver's ConnectivityError (lost connections, dial failures, pool
// acquisition timeouts, routing failures), a retry limit reached on such errors, a dial error,
// or a server answering that the database is unavailable. Context errors are not: they belong
// to the caller.
func isUnavailable(err error) bool {
	if err == nil || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return false
	}
	var ce *neo4j.ConnectivityError
	if errors.As(err, &ce) {
		return contextError(err) == nil
	}
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		for _, e := range limit.Errors {
			if isUnavailable(e) {
				return true
			}
		}
		return false
	}
	var ne *neo4j.Neo4jError
	if errors.As(err, &ne) {
		return ne.Code == "Neo.TransientError.General.DatabaseUnavailable" ||
			strings.HasPrefix(ne.Code, "Neo.ClientError.Cluster.")
	}
	var op *net.OpError
	return errors.As(err, &op) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// contextError returns the context error behind err when the driver reports a context that
// ended as a ConnectivityError (it classifies context errors as network errors), else nil.
func contextError(err error) error {
	var ce *neo4j.ConnectivityError
	if errors.As(err, &ce) && (errors.Is(ce.Inner, context.DeadlineExceeded) || errors.Is(ce.Inner, context.Canceled)) {
		return ce.Inner
	}
	return nil
}

// outcome maps the error of a call run under a context from breaker.bind onto the domain
// errors: a call cancelled because the breaker opened and a connectivity failure both wrap
// graph.ErrUnavailable (the latter also wakes the prober); anything else goes through
// translate.
func (s *Store) outcome(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(context.Cause(ctx), errStoreDown) {
		if err := s.br.check(); err != nil {
			return err
		}
		return unavailable(errStoreDown) // the breaker has closed again meanwhile
	}
	if cerr := contextError(err); cerr != nil {
		return fmt.Errorf("neo4j: %w", cerr) // the caller's deadline, not the server's absence
	}
	if isUnavailable(err) {
		s.br.wake()
		return unavailable(err)
	}
	return translate(err)
}

// Available reports whether the server answered the last availability probe. While it is
// false every call fails at once with an error wrapping graph.ErrUnavailable.
func (s *Store) Available() bool { return s.br.available() }

// probe runs RETURN 1 on the prober's own driver within probeTimeout.
func (s *Store) probe(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	sess := s.probeDriver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: s.db})
	defer sess.Close(context.WithoutCancel(ctx))
	res, err := sess.Run(ctx, "RETURN 1", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return err
}

// watch is the prober: it runs until ctx is cancelled and keeps the breaker in step with the
// server.
func (s *Store) watch(ctx context.Context) {
	timeouts := 0
	timer := time.NewTimer(probeUpInterval)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-s.br.kick:
		}
		err := s.probe(ctx)
		if isUnavailable(err) {
			// The driver drops a dead connection and dials afresh on the next try: one retry
			// tells a stale connection from a server that is gone.
			err = s.probe(ctx)
		}
		switch {
		case ctx.Err() != nil:
			return
		case err == nil:
			timeouts = 0
			if took := s.br.close(); took > 0 {
				s.log.Info("neo4j available again", "down_for", took.Round(time.Millisecond))
			}
		case isUnavailable(err):
			timeouts = 0
			if s.br.open(err) {
				s.log.Warn("neo4j unavailable: failing store calls fast until it answers again", "err", err)
			}
		case errors.Is(err, context.DeadlineExceeded):
			timeouts++
			if timeouts >= probeTimeouts && s.br.open(fmt.Errorf("no answer to %d probes in a row: %w", timeouts, err)) {
				s.log.Warn("neo4j unavailable: probes time out", "err", err)
			}
		default:
			// Any other answer (an authentication error, say) means the server is up.
			timeouts = 0
			s.br.close()
		}
		interval := probeUpInterval
		if !s.br.available() {
			interval = probeDownInterval
		}
		timer.Reset(interval) // since Go 1.23 no stale tick survives Reset
	}
}

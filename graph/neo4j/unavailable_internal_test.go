package neo4j

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"jiangxin/graph"
)

func TestIsUnavailable(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"connectivity", &neo4j.ConnectivityError{Inner: io.EOF}, true},
		{"wrapped connectivity", fmt.Errorf("list workers: %w", &neo4j.ConnectivityError{Inner: dial}), true},
		{"retry limit on connectivity", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{&neo4j.ConnectivityError{Inner: dial}}}, true},
		{"retry limit on deadlocks", &neo4j.TransactionExecutionLimit{Cause: "timeout", Errors: []error{&neo4j.Neo4jError{Code: "Neo.TransientError.Transaction.DeadlockDetected"}}}, false},
		{"dial error", dial, true},
		{"connection refused", fmt.Errorf("x: %w", syscall.ECONNREFUSED), true},
		{"database unavailable", &neo4j.Neo4jError{Code: "Neo.TransientError.General.DatabaseUnavailable"}, true},
		{"not a leader", &neo4j.Neo4jError{Code: "Neo.ClientError.Cluster.NotALeader"}, true},
		{"syntax error", &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError"}, false},
		{"deadline", context.DeadlineExceeded, false},
		{"deadline as connectivity", &neo4j.ConnectivityError{Inner: context.DeadlineExceeded}, false},
		{"canceled", fmt.Errorf("x: %w", context.Canceled), false},
		{"domain error", graph.ErrNotFound, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isUnavailable(tt.err); got != tt.want {
				t.Errorf("isUnavailable(%v) = %v, want %v", tt.err, got, tt.want)
			}
			if tt.want && !errors.Is(translate(tt.err), graph.ErrUnavailable) {
				t.Errorf("translate(%v) does not wrap ErrUnavailable", tt.err)
			}
			if tt.name == "deadline as connectivity" && !errors.Is(translate(tt.err), context.DeadlineExceeded) {
				t.Errorf("translate(%v) = %v, want a deadline", tt.err, translate(tt.err))
			}
		})
	}
}

func TestBreaker(t *testing.T) {
	b := newBreaker()
	if err := b.check(); err != nil || !b.available() {
		t.Fatalf("new breaker: %v, available %v", err, b.available())
	}
	ctx, release := b.bind(context.Background())
	defer release()
	if !b.open(errors.New("connection refused")) {
		t.Fatal("open did not change the state")
	}
	if b.open(errors.New("again")) {
		t.Error("a second open changed the state")
	}
	select {
	case <-ctx.Done():
		if !errors.Is(context.Cause(ctx), errStoreDown) {
			t.Errorf("cause = %v, want errStoreDown", context.Cause(ctx))
		}
	case <-time.After(time.Second):
		t.Fatal("a call in flight was not cancelled when the breaker opened")
	}
	if err := b.check(); !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("check while open = %v, want ErrUnavailable", err)
	}
	if took := b.close(); took <= 0 {
		t.Errorf("close returned %v, want the time spent down", took)
	}
	if err := b.check(); err != nil || !b.available() {
		t.Errorf("after close: %v, available %v", err, b.available())
	}
	if took := b.close(); took != 0 {
		t.Errorf("second close returned %v, want 0", took)
	}
}

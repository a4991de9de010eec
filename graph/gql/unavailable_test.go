package gql

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"jiangxin/graph"
	"jiangxin/search"
)

// TestUnavailableCode: an unreachable backend is UNAVAILABLE with a safe message, logged as a
// warning rather than an internal error.
func TestUnavailableCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"graph", fmt.Errorf("list workers: %w", fmt.Errorf("neo4j: %w: dial tcp: connection refused", graph.ErrUnavailable)), CodeUnavailable},
		{"search", fmt.Errorf("search: %w", search.ErrUnavailable), CodeUnavailable},
		{"internal", fmt.Errorf("boom"), CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			if got := Code(tt.err); got != tt.want {
				t.Fatalf("Code = %s, want %s", got, tt.want)
			}
			gerr := presentError(log)(context.Background(), tt.err)
			if gerr.Extensions["code"] != tt.want {
				t.Errorf("presented code %v", gerr.Extensions["code"])
			}
			if tt.want != CodeUnavailable {
				return
			}
			if gerr.Message != unavailableMessage {
				t.Errorf("message %q, want %q", gerr.Message, unavailableMessage)
			}
			if !strings.Contains(logs.String(), "level=WARN") || strings.Contains(logs.String(), "level=ERROR") {
				t.Errorf("logged %q, want a warning", logs.String())
			}
		})
	}
}

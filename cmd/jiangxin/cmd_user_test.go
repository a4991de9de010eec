package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"jiangxin/demo"
	"jiangxin/graph"
)

// TestUserCommand creates the first union officer from the command line, as a new deployment
// does, and checks the refusals.
func TestUserCommand(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := runCmd(t, "demo", "--data", dir); err != nil {
		t.Fatalf("demo: %v", err)
	}
	_, sum, err := demo.Build(demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	user := func(stdin string, args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := runUser(context.Background(), append(args, "--data", dir), noEnv, strings.NewReader(stdin), &out, &errOut)
		return out.String(), err
	}
	out, err := user("长沙工会2026\n", "add", "--role", "union_officer", "--scope", sum.CityUnionID, "--username", "CS.Officer", "--name", "长沙市总工会")
	if err != nil || !strings.Contains(out, "created cs.officer (UNION_OFFICER)") {
		t.Fatalf("add: %q, %v", out, err)
	}
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  error
	}{
		{"taken username", "another-password", []string{"add", "--role", "ADMIN", "--username", "cs.officer"}, graph.ErrConflict},
		{"unknown role", "another-password", []string{"add", "--role", "BOSS", "--username", "x.boss"}, graph.ErrInvalid},
		{"scope of the wrong kind", "another-password", []string{"add", "--role", "ENTERPRISE", "--scope", sum.CityUnionID, "--username", "x.ent"}, graph.ErrInvalid},
		{"unknown scope", "another-password", []string{"add", "--role", "UNION_OFFICER", "--scope", "uni_01JD0000000000000000000000", "--username", "x.off"}, graph.ErrInvalid},
		{"short password", "short", []string{"add", "--role", "ADMIN", "--username", "x.admin"}, graph.ErrInvalid},
		{"bad username", "another-password", []string{"add", "--role", "ADMIN", "--username", "张三"}, graph.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := user(tc.stdin, tc.args...); !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
		})
	}
	out, err = user("", "list")
	if err != nil || !strings.Contains(out, "cs.officer") || strings.Contains(out, "x.") {
		t.Fatalf("list: %q, %v", out, err)
	}
}

package auth

import (
	"context"
	"errors"
	"testing"

	"jiangxin/graph"
)

func TestRole(t *testing.T) {
	tests := []struct {
		role  Role
		valid bool
		kind  graph.Kind
	}{
		{RoleAdmin, true, ""},
		{RoleUnionOfficer, true, graph.KindUnion},
		{RoleEnterprise, true, graph.KindEnterprise},
		{RoleCraftsman, true, graph.KindWorker},
		{RoleApprentice, true, graph.KindWorker},
		{"ROOT", false, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.role), func(t *testing.T) {
			if got := tt.role.Valid(); got != tt.valid {
				t.Errorf("Valid() = %v, want %v", got, tt.valid)
			}
			if got := tt.role.ScopeKind(); got != tt.kind {
				t.Errorf("ScopeKind() = %q, want %q", got, tt.kind)
			}
		})
	}
}

func TestPrincipalValidate(t *testing.T) {
	for name, p := range principals() {
		t.Run("valid/"+name, func(t *testing.T) {
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
	long := make([]byte, MaxAccountIDLen+1)
	for i := range long {
		long[i] = 'a'
	}
	tests := []struct {
		name  string
		p     Principal
		field string
	}{
		{"no account", Principal{Role: RoleAdmin}, "accountID"},
		{"long account", Principal{AccountID: string(long), Role: RoleAdmin}, "accountID"},
		{"unknown role", Principal{AccountID: "a", Role: "ROOT"}, "role"},
		{"admin with scope", Principal{AccountID: "a", Role: RoleAdmin, ScopeID: ids.New(graph.KindUnion)}, "scopeID"},
		{"officer without scope", Principal{AccountID: "a", Role: RoleUnionOfficer}, "scopeID"},
		{"officer scoped to worker", Principal{AccountID: "a", Role: RoleUnionOfficer, ScopeID: ids.New(graph.KindWorker)}, "scopeID"},
		{"enterprise scoped to union", Principal{AccountID: "a", Role: RoleEnterprise, ScopeID: ids.New(graph.KindUnion)}, "scopeID"},
		{"craftsman scoped to enterprise", Principal{AccountID: "a", Role: RoleCraftsman, ScopeID: ids.New(graph.KindEnterprise)}, "scopeID"},
		{"apprentice garbage scope", Principal{AccountID: "a", Role: RoleApprentice, ScopeID: "wkr_nope"}, "scopeID"},
	}
	for _, tt := range tests {
		t.Run("invalid/"+tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			if !errors.Is(err, graph.ErrInvalid) {
				t.Fatalf("Validate() = %v, want ErrInvalid", err)
			}
			var fe *graph.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("Validate() = %v, want field %q", err, tt.field)
			}
		})
	}
}

func TestContextHelpers(t *testing.T) {
	t.Run("empty", func(t *testing.T) {
		ctx := context.Background()
		if _, ok := PrincipalFrom(ctx); ok {
			t.Error("PrincipalFrom on empty context reports a principal")
		}
		if _, ok := ClaimsFrom(ctx); ok {
			t.Error("ClaimsFrom on empty context reports claims")
		}
		if err := TokenError(ctx); err != nil {
			t.Errorf("TokenError = %v, want nil", err)
		}
		if _, err := Authenticated(ctx); !errors.Is(err, graph.ErrUnauthenticated) {
			t.Errorf("Authenticated = %v, want ErrUnauthenticated", err)
		}
	})
	t.Run("with principal", func(t *testing.T) {
		want := principals()["officer"]
		ctx := WithPrincipal(context.Background(), want)
		got, ok := PrincipalFrom(ctx)
		if !ok || got != want {
			t.Fatalf("PrincipalFrom = %+v, %v; want %+v", got, ok, want)
		}
		if got, err := Authenticated(ctx); err != nil || got != want {
			t.Fatalf("Authenticated = %+v, %v", got, err)
		}
	})
}

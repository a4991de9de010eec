package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const generatedExec = `package generated

func (e *executableSchema) Exec(ctx context.Context) graphql.ResponseHandler {
	opCtx := graphql.GetOperationContext(ctx)
	ec := newExecutionContext(opCtx, e, make(chan graphql.DeferredResult))
	inputUnmarshalMap := graphql.BuildUnmarshalerMap(
		ec.unmarshalInputAccountInput,
		ec.unmarshalInputWorkerSkillInput,
	)
	first := true
	_ = first
	return nil
}
`

func TestRewrite(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		wantErr bool
	}{
		{name: "the generated call", src: generatedExec},
		{name: "no call", src: "package generated\n", wantErr: true},
		{name: "two calls", src: generatedExec + strings.Replace(generatedExec, "package generated\n", "", 1), wantErr: true},
		{name: "a use of the map", src: generatedExec + "\nvar _ = graphql.UnmarshalInputFromContext\n", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := rewrite([]byte(tc.src))
			if tc.wantErr {
				if err == nil {
					t.Fatalf("rewrite succeeded:\n%s", out)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := string(out)
			if !strings.Contains(got, "inputUnmarshalMap := graphql.BuildUnmarshalerMap()\n") ||
				strings.Contains(got, "unmarshalInputAccountInput") || !strings.Contains(got, "first := true") {
				t.Fatalf("not rewritten as expected:\n%s", got)
			}
		})
	}
}

// TestNoInputUnmarshalerFromContext guards the rewrite's premise: no Go file of the module
// calls graphql.UnmarshalInputFromContext, which would need the map the rewrite removes.
func TestNoInputUnmarshalerFromContext(t *testing.T) {
	root := filepath.Join("..", "..")
	self, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "node_modules" || name == ".git" || name == "web" {
				return filepath.SkipDir
			}
			if abs, _ := filepath.Abs(path); abs == self {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), "UnmarshalInputFromContext") {
			t.Errorf("%s calls graphql.UnmarshalInputFromContext: internal/gqlgen must keep the unmarshaler map", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

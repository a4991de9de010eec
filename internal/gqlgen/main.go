// Command gqlgen generates the GraphQL code (graph/gql/generated, models and resolver stubs)
// exactly as `gqlgen generate` does, then removes one per-request cost from the generated
// executor.
//
// gqlgen's generated Exec builds, on every operation, a map from each input type to its
// unmarshaler (graphql.BuildUnmarshalerMap over every input of the schema) and puts it in the
// context for graphql.UnmarshalInputFromContext. Nothing in Jiangxin calls that function (the
// generated code does not either; a test in graph/gql checks it), yet building the map was the
// largest single cost of a trivial request: 26–29 % of the handler's CPU for { __typename }
// (bench/report_notes.md). The map's values are bound to the request's execution context, so it
// cannot be built once; this command makes the call build an empty map instead. gqlgen offers no
// template or plugin hook after the core code is written, hence the rewrite here.
package main

import (
	"bytes"
	"fmt"
	"go/format"
	"io"
	"log"
	"os"
	"regexp"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen/config"
)

// unmarshalerMap matches the generated call with its argument list.
var unmarshalerMap = regexp.MustCompile(`(?s)inputUnmarshalMap := graphql\.BuildUnmarshalerMap\((.*?)\n\t\)`)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gqlgen:", err)
		os.Exit(1)
	}
}

func run() error {
	// As gqlgen's own command does without --verbose: its autobind notes are not news.
	log.SetOutput(io.Discard)
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		return fmt.Errorf("load config: %w", err)
	}
	if err := api.Generate(cfg); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	path := cfg.Exec.Filename
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read generated code: %w", err)
	}
	out, err := rewrite(src)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		return fmt.Errorf("write generated code: %w", err)
	}
	return nil
}

// rewrite replaces the per-operation unmarshaler map with an empty one and formats the result.
func rewrite(src []byte) ([]byte, error) {
	if n := len(unmarshalerMap.FindAllIndex(src, -1)); n != 1 {
		return nil, fmt.Errorf("expected one graphql.BuildUnmarshalerMap call in Exec, found %d (gqlgen changed: review internal/gqlgen)", n)
	}
	src = unmarshalerMap.ReplaceAll(src, []byte("// Jiangxin: no input unmarshaler map per operation (see internal/gqlgen).\n\tinputUnmarshalMap := graphql.BuildUnmarshalerMap()"))
	out, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("format: %w", err)
	}
	if bytes.Contains(out, []byte("UnmarshalInputFromContext")) {
		return nil, fmt.Errorf("the generated code calls graphql.UnmarshalInputFromContext, which needs the map")
	}
	return out, nil
}

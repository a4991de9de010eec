// Command jiangxin runs the Jiangxin (匠心) service: the GraphQL API over the skilled-worker
// graph, with the embedded store by default or Neo4j.
//
//	jiangxin serve [--addr 127.0.0.1:8080] [--data ./data] [--demo] [--graph bbolt|neo4j]
//
// Every flag can also be set through the environment (see Config).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "jiangxin:", err)
		}
		os.Exit(1)
	}
}

const usage = `usage: jiangxin <command> [flags]

commands:
  serve    serve the GraphQL API, health checks and the web front end
  import   import rosters from .xlsx or CSV (validated first; see import -h)
  export   export rosters, pairings, target progress or visits to .xlsx or CSV
  template write an empty roster template, e.g. jiangxin template workers > 工匠名册模板.xlsx
  user     add or list sign-in accounts (user add --role UNION_OFFICER --scope uni_… --username NAME < password)
  demo     write the demo city into an empty store, or its rosters as .xlsx (--xlsx DIR)
  help     show this help

Run "jiangxin serve -h" for the flags of serve.
`

// run dispatches a subcommand; it returns when the command is done or ctx is cancelled.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	switch args[0] {
	case "serve":
		m := NewMain(stdout, stderr)
		if err := m.ParseFlags(args[1:], getenv); err != nil {
			return err
		}
		applyGC(m.Config.GC.Settings(getenv))
		if err := m.Run(ctx); err != nil {
			_ = m.Close()
			return err
		}
		<-ctx.Done()
		m.Log.Info("shutting down")
		return m.Close()
	case "import":
		return runImport(ctx, args[1:], getenv, stdout, stderr)
	case "export":
		return runExport(ctx, args[1:], getenv, stdout, stderr)
	case "template":
		return runTemplate(ctx, args[1:], stdout, stderr)
	case "demo":
		return runDemo(ctx, args[1:], getenv, stdout, stderr)
	case "reindex":
		return runReindex(ctx, args[1:], getenv, stdout, stderr)
	case "user":
		return runUser(ctx, args[1:], getenv, os.Stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}

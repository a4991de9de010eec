package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"jiangxin/graph"
	"jiangxin/graph/taxonomy"
	"jiangxin/sheet"
)

// storeFlags registers the flags that choose and reach the graph store (--data, --graph and
// the Neo4j connection), with defaults from the environment as for serve.
func storeFlags(fs *flag.FlagSet, c *Config, getenv func(string) string) {
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&c.DataDir, "data", env("JIANGXIN_DATA", c.DataDir), "data directory of the embedded store (JIANGXIN_DATA)")
	fs.StringVar(&c.Graph, "graph", env("JIANGXIN_GRAPH", c.Graph), "graph store: bbolt or neo4j (JIANGXIN_GRAPH)")
	fs.StringVar(&c.LogLevel, "log-level", env("JIANGXIN_LOG_LEVEL", "warn"), "debug, info, warn or error (JIANGXIN_LOG_LEVEL)")
	fs.StringVar(&c.Neo4j.URI, "neo4j-uri", env("NEO4J_URI", c.Neo4j.URI), "Neo4j Bolt URI (NEO4J_URI)")
	fs.StringVar(&c.Neo4j.User, "neo4j-user", env("NEO4J_USER", c.Neo4j.User), "Neo4j user (NEO4J_USER)")
	fs.StringVar(&c.Neo4j.Password, "neo4j-password", env("NEO4J_PASSWORD", c.Neo4j.Password), "Neo4j password (NEO4J_PASSWORD)")
	fs.StringVar(&c.Neo4j.Database, "neo4j-database", env("NEO4J_DATABASE", c.Neo4j.Database), "Neo4j database (NEO4J_DATABASE)")
}

// parseArgs parses flags placed before, between or after the positional arguments, which it
// returns.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// openCLIStore opens the configured store for a one-shot command and makes sure it holds the
// skill catalogue, which imports resolve trades against.
func (m *Main) openCLIStore(ctx context.Context) error {
	switch m.Config.Graph {
	case "bbolt", "neo4j":
	default:
		return fmt.Errorf("--graph must be bbolt or neo4j, not %q", m.Config.Graph)
	}
	m.Log = newLogger(m.stderr, m.Config.LogLevel)
	s, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	m.Store = s
	m.Service = graph.NewService(s, nil, nil)
	if c, err := s.ListSkills(ctx, graph.SkillFilter{Depth: 4}, graph.Page{First: 1}); err == nil && c.Total > 0 {
		return nil
	}
	skills, err := taxonomy.Load()
	if err != nil {
		return fmt.Errorf("load skill catalogue: %w", err)
	}
	if err := s.UpsertSkills(ctx, skills); err != nil {
		return fmt.Errorf("store skill catalogue: %w", err)
	}
	return nil
}

// progressPrinter prints a progress line on w at most every 200 ms.
func progressPrinter(w io.Writer) func(sheet.Progress) {
	var last time.Time
	return func(p sheet.Progress) {
		if time.Since(last) < 200*time.Millisecond && !(p.Phase == "write" && p.Done == p.Total) {
			return
		}
		last = time.Now()
		if p.Phase == "write" {
			fmt.Fprintf(w, "\rwriting %d/%d records   ", p.Done, p.Total)
			if p.Done == p.Total {
				fmt.Fprintln(w)
			}
			return
		}
		fmt.Fprintf(w, "\rreading %s: %d rows   ", p.Sheet, p.Done)
	}
}

// runImport is `jiangxin import [flags] FILE`.
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	m := NewMain(stdout, stderr)
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	storeFlags(fs, &m.Config, getenv)
	searchFlags(fs, &m.Config, getenv)
	kind := fs.String("kind", "", "only sheets of this kind: regions, unions, enterprises, workers, studios, targets (default: every sheet, by name or header)")
	format := fs.String("format", "", "xlsx or csv (default: from the file)")
	validOnly := fs.Bool("valid-only", false, "import the valid rows even when some rows are rejected")
	dryRun := fs.Bool("dry-run", false, "validate only: report what would happen, write nothing")
	reportPath := fs.String("report", "", "also write the validation report as .xlsx (bad cells marked) to this file")
	quiet := fs.Bool("quiet", false, "no progress output")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: jiangxin import [flags] FILE.xlsx|FILE.csv")
		fs.PrintDefaults()
	}
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errors.New("import needs exactly one file")
	}
	opts := sheet.Options{Name: pos[0], ValidOnly: *validOnly}
	if *kind != "" {
		k, ok := sheet.ParseKind(*kind)
		if !ok {
			return fmt.Errorf("--kind %q is not one of regions, unions, enterprises, workers, studios, targets", *kind)
		}
		opts.Kind = k
	}
	if *format != "" {
		f, ok := sheet.ParseFormat(*format)
		if !ok {
			return fmt.Errorf("--format must be xlsx or csv, not %q", *format)
		}
		opts.Format = f
	}
	if !*quiet {
		opts.Progress = progressPrinter(stderr)
	}
	file, err := os.Open(pos[0])
	if err != nil {
		return err
	}
	defer file.Close()
	// Open wraps the store so that every write also reaches the search index.
	if err := m.Open(ctx); err != nil {
		_ = m.Close()
		return err
	}
	defer m.Close()
	start := time.Now()
	var rep sheet.Report
	var res sheet.Result
	var ierr error
	if *dryRun {
		rep, ierr = sheet.Validate(ctx, m.Store, file, opts)
	} else {
		res, ierr = sheet.Import(ctx, m.Service, file, opts)
		rep = res.Report
	}
	if opts.Progress != nil {
		fmt.Fprintln(stderr)
	}
	if res.Written {
		if err := m.Indexer.Drain(ctx); err != nil {
			return fmt.Errorf("update search index: %w", err)
		}
	}
	if ierr != nil && !errors.Is(ierr, sheet.ErrRejected) {
		return ierr
	}
	if err := rep.WriteText(stdout); err != nil {
		return err
	}
	if *reportPath != "" && len(rep.Sheets) > 0 {
		if err := writeFile(*reportPath, rep.WriteXLSX); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		fmt.Fprintf(stdout, "report written to %s\n", *reportPath)
	}
	took := time.Since(start).Round(time.Millisecond)
	switch {
	case *dryRun:
		fmt.Fprintf(stdout, "dry run, nothing written: %s (%v)\n", rep.Summary(), took)
		if !rep.OK() {
			return fmt.Errorf("%d issues found", rep.IssueCount)
		}
		return nil
	case errors.Is(ierr, sheet.ErrRejected):
		fmt.Fprintf(stdout, "nothing imported: %d rows rejected (use --valid-only to import the %d valid rows anyway)\n",
			rep.Rejected, rep.Create+rep.Update+rep.Unchanged)
		return ierr
	}
	fmt.Fprintf(stdout, "imported: %s (%v)\n", res, took)
	return nil
}

// writeFile writes a file through fn, removing it when fn fails.
func writeFile(path string, fn func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		_ = f.Close()
		_ = os.Remove(path)
		return err
	}
	return f.Close()
}

// runExport is `jiangxin export [flags] KIND [FILE]`.
func runExport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	m := NewMain(stdout, stderr)
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	storeFlags(fs, &m.Config, getenv)
	format := fs.String("format", "", "xlsx or csv (default: from FILE's extension, else xlsx)")
	union := fs.String("union", "", "pairings: of this union ID; progress: targets of this union ID and below")
	campaign := fs.String("campaign", "", "pairings: of this campaign")
	gbk := fs.Bool("gbk", false, "write CSV in GBK instead of UTF-8")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: jiangxin export [flags] KIND [FILE]")
		fmt.Fprintln(stderr, "KIND: workers, enterprises, unions, regions, studios, targets, pairings, progress, visits, all")
		fs.PrintDefaults()
	}
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 1 || len(pos) > 2 {
		fs.Usage()
		return errors.New("export needs a kind and at most one file")
	}
	kind, ok := sheet.ParseKind(pos[0])
	if !ok {
		fs.Usage()
		return fmt.Errorf("unknown export %q", pos[0])
	}
	out := ""
	if len(pos) == 2 {
		out = pos[1]
	}
	f := sheet.XLSX
	if *format != "" {
		if f, ok = sheet.ParseFormat(*format); !ok {
			return fmt.Errorf("--format must be xlsx or csv, not %q", *format)
		}
	} else if pf, ok := sheet.ParseFormat(filepath.Ext(out)); ok && out != "" {
		f = pf
	}
	if err := m.openCLIStore(ctx); err != nil {
		return err
	}
	defer m.Close()
	opts := sheet.ExportOptions{UnionID: *union, Campaign: *campaign, GBK: *gbk}
	write := func(w io.Writer) error { return sheet.Export(ctx, m.Store, kind, w, f, opts) }
	if out == "" || out == "-" {
		return write(stdout)
	}
	return writeFile(out, write)
}

// runTemplate is `jiangxin template [--format csv] KIND`: an empty roster to fill in, on stdout.
func runTemplate(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("template", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "xlsx", "xlsx or csv")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: jiangxin template [--format xlsx|csv] KIND > FILE")
		fmt.Fprintln(stderr, "KIND: workers, enterprises, unions, regions, studios, targets")
		fs.PrintDefaults()
	}
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return errors.New("template needs one kind")
	}
	kind, ok := sheet.ParseKind(pos[0])
	if !ok || sheet.Columns(kind) == nil {
		return fmt.Errorf("no template for %q; kinds: regions, unions, enterprises, workers, studios, targets", pos[0])
	}
	f, ok := sheet.ParseFormat(*format)
	if !ok {
		return fmt.Errorf("--format must be xlsx or csv, not %q", *format)
	}
	if f == sheet.XLSX {
		if file, ok := stdout.(*os.File); ok {
			if fi, err := file.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
				return errors.New("refusing to write a workbook to a terminal; redirect it: jiangxin template " + pos[0] + " > " + strings.TrimSpace(sheet.SheetName(kind)) + "模板.xlsx")
			}
		}
	}
	return sheet.Template(kind, stdout, f)
}

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"jiangxin/demo"
	"jiangxin/graph"
	graphbbolt "jiangxin/graph/bbolt"
	"jiangxin/graph/taxonomy"
	"jiangxin/sheet"
)

// runDemo is `jiangxin demo [--scale S] [--seed N] [--data DIR | --graph neo4j] [--xlsx DIR]`:
// it writes the deterministic demo city into an empty store chunk by chunk, or with --xlsx
// writes its rosters as workbooks that `jiangxin import` reads back.
func runDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	m := NewMain(stdout, stderr)
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	storeFlags(fs, &m.Config, getenv)
	searchFlags(fs, &m.Config, getenv)
	scale := fs.String("scale", "small", "small, district, city or a number of workers")
	seed := fs.Int64("seed", 0, "random seed; the same seed and scale give the same city")
	xlsxDir := fs.String("xlsx", "", "write the demo rosters as .xlsx workbooks into this directory instead of a store")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: jiangxin demo [--scale small|district|city|N] [--seed N] [--data DIR | --graph neo4j] [--xlsx DIR]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	workers, err := demo.WorkersForScale(*scale)
	if err != nil {
		return err
	}
	skills, err := taxonomy.Load()
	if err != nil {
		return fmt.Errorf("load skill catalogue: %w", err)
	}
	opts := demo.Options{Seed: *seed, Workers: workers, Skills: skills}
	if *xlsxDir != "" {
		return demoWorkbooks(ctx, opts, *xlsxDir, stdout, stderr)
	}
	if err := m.Open(ctx); err != nil {
		_ = m.Close()
		return err
	}
	defer m.Close()
	existing, err := m.Store.ListRegions(ctx, graph.RegionFilter{}, graph.Page{First: 1})
	if err != nil {
		return fmt.Errorf("check for existing data: %w", err)
	}
	if existing.Total > 0 {
		return fmt.Errorf("the store already holds data (%d regions); the demo city needs an empty store", existing.Total)
	}
	start := time.Now()
	n, err := streamDemo(ctx, m.Store, opts, stderr)
	if err != nil {
		return err
	}
	if err := m.Indexer.Drain(ctx); err != nil {
		return fmt.Errorf("update search index: %w", err)
	}
	fmt.Fprintf(stdout, "demo city written: %d entities, %d workers (%v)\n", n, workers, time.Since(start).Round(time.Millisecond))
	return nil
}

// demoTxEntities bounds the entities of one import transaction.
const demoTxEntities = 20000

// streamDemo imports the demo city chunk by chunk (each chunk split into all-or-nothing
// Store.Import calls of at most demoTxEntities entities) and returns the number written.
func streamDemo(ctx context.Context, st graph.Store, opts demo.Options, progress io.Writer) (int, error) {
	n := 0
	_, err := demo.Stream(opts, func(b graph.Batch) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		// A district of the city holds ~200k workers: too much for one Neo4j transaction.
		for _, part := range b.Split(demoTxEntities) {
			if err := st.Import(ctx, part); err != nil {
				return fmt.Errorf("import demo chunk: %w", err)
			}
			n += part.Len()
			fmt.Fprintf(progress, "\rwritten %d entities   ", n)
		}
		return nil
	})
	fmt.Fprintln(progress)
	return n, err
}

// demoWorkbooks builds the city in a temporary embedded store and exports every roster.
func demoWorkbooks(ctx context.Context, opts demo.Options, dir string, stdout, stderr io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "jiangxin-demo-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	st, err := graphbbolt.Open(ctx, tmp)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.UpsertSkills(ctx, opts.Skills); err != nil {
		return err
	}
	if _, err := streamDemo(ctx, st, opts, stderr); err != nil {
		return err
	}
	files := []struct {
		name string
		kind sheet.Kind
	}{
		{"00-全部名册.xlsx", sheet.KindAll},
		{"01-地区.xlsx", sheet.KindRegions}, {"02-工会.xlsx", sheet.KindUnions}, {"03-企业.xlsx", sheet.KindEnterprises},
		{"04-工匠名册.xlsx", sheet.KindWorkers}, {"05-创新工作室.xlsx", sheet.KindStudios}, {"06-目标任务.xlsx", sheet.KindTargets},
		{"07-师徒结对名册.xlsx", sheet.KindPairings}, {"08-目标进度.xlsx", sheet.KindProgress}, {"09-专家进企业.xlsx", sheet.KindVisits},
	}
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := writeFile(path, func(w io.Writer) error {
			return sheet.Export(ctx, st, f.kind, w, sheet.XLSX, sheet.ExportOptions{})
		}); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		fmt.Fprintln(stdout, path)
	}
	fmt.Fprintf(stdout, "import them with: jiangxin import %s\n", filepath.Join(dir, files[0].name))
	return nil
}

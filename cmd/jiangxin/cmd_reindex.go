package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"
)

// searchFlags registers the flags that choose and reach the search index.
func searchFlags(fs *flag.FlagSet, c *Config, getenv func(string) string) {
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&c.Search, "search", env("JIANGXIN_SEARCH", c.Search), "search index: bleve or meilisearch (JIANGXIN_SEARCH)")
	fs.StringVar(&c.Meili.URL, "meili-url", env("MEILI_URL", c.Meili.URL), "Meilisearch URL (MEILI_URL)")
	fs.StringVar(&c.Meili.APIKey, "meili-key", env("MEILI_KEY", c.Meili.APIKey), "Meilisearch API key (MEILI_KEY)")
	fs.StringVar(&c.Meili.IndexName, "meili-index", env("MEILI_INDEX", c.Meili.IndexName), "Meilisearch index name (MEILI_INDEX)")
}

// runReindex is `jiangxin reindex`: it rebuilds the search index from the graph store, showing
// progress per kind.
func runReindex(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	m := NewMain(stdout, stderr)
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	fs.SetOutput(stderr)
	storeFlags(fs, &m.Config, getenv)
	searchFlags(fs, &m.Config, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if err := m.Open(ctx); err != nil {
		_ = m.Close()
		return err
	}
	defer m.Close()
	start := time.Now()
	last := time.Time{}
	err := m.Reindex(ctx, func(kind string, done, total int) {
		if done == total || time.Since(last) > 200*time.Millisecond {
			fmt.Fprintf(stderr, "\r%-12s %d/%d", kind, done, total)
			last = time.Now()
			if done == total {
				fmt.Fprintln(stderr)
			}
		}
	})
	if err != nil {
		return err
	}
	if err := m.Indexer.Drain(ctx); err != nil {
		return err
	}
	st, err := m.Index.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "search index rebuilt: %d documents (%v)\n", st.Documents, time.Since(start).Round(time.Millisecond))
	return nil
}

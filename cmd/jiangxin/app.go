package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"jiangxin/auth"
	"jiangxin/demo"
	"jiangxin/graph"
	graphbbolt "jiangxin/graph/bbolt"
	"jiangxin/graph/gql"
	graphneo4j "jiangxin/graph/neo4j"
	"jiangxin/graph/taxonomy"
	"jiangxin/matching"
	"jiangxin/metrics"
	"jiangxin/recommend"
	"jiangxin/report"
	"jiangxin/search"
	searchbleve "jiangxin/search/bleve"
	"jiangxin/search/indexer"
	searchmeili "jiangxin/search/meilisearch"
	"jiangxin/search/synonyms"
	"jiangxin/web"
)

// Config is the service's configuration. Each field has a flag and an environment variable;
// a flag given on the command line wins over the environment.
type Config struct {
	Addr     string // --addr, JIANGXIN_ADDR
	DataDir  string // --data, JIANGXIN_DATA
	Demo     bool   // --demo, JIANGXIN_DEMO
	Graph    string // --graph, JIANGXIN_GRAPH: bbolt or neo4j
	LogLevel string // --log-level, JIANGXIN_LOG_LEVEL
	Neo4j    graphneo4j.Config
	Search   string // --search, JIANGXIN_SEARCH: bleve or meilisearch
	Meili    searchmeili.Config
	Limits   gql.Limits
	TokenKey string        // --token-key, JIANGXIN_TOKEN_KEY: hex HMAC key; default: token.key in the data directory
	TokenTTL time.Duration // --token-ttl, JIANGXIN_TOKEN_TTL: sign-in lifetime; default 12h
	// MaxInFlight bounds the /graphql requests served at once (--max-inflight,
	// JIANGXIN_MAX_INFLIGHT); 0 disables the bound.
	MaxInFlight int
	// QueueWait is how long a /graphql request beyond MaxInFlight waits for a slot before it is
	// refused with 503 OVERLOADED (--queue-wait, JIANGXIN_QUEUE_WAIT).
	QueueWait time.Duration
	// ShutdownTimeout bounds the graceful drain of in-flight requests.
	ShutdownTimeout time.Duration
	// GC is how `serve` tunes the Go garbage collector (see gc.go).
	GC GCConfig
}

// Main is the running program: its configuration and the parts it wired together.
type Main struct {
	Config    Config
	Log       *slog.Logger
	Store     graph.Store // the graph store, wrapped so that writes reach the search index
	Service   *graph.Service
	Index     search.Index
	Indexer   *indexer.Indexer
	Recommend *recommend.Service
	Report    *report.Service
	Auth      *gql.Auth
	Server    *http.Server
	Metrics   *metrics.Metrics // the /metrics registry; made by Open when nil

	stdout, stderr io.Writer
	listener       net.Listener
	serveErr       chan error
	rawStore       graph.Store
	skills         []graph.Skill
	journal        *indexer.Journal
	stopBackground context.CancelFunc
	background     sync.WaitGroup
}

// NewMain returns a Main with the default configuration, logging to stderr.
func NewMain(stdout, stderr io.Writer) *Main {
	return &Main{
		Config: Config{
			Addr: "127.0.0.1:8080", DataDir: "./data", Graph: "bbolt", LogLevel: "info",
			Neo4j:           graphneo4j.Config{URI: "bolt://127.0.0.1:7687", Database: "neo4j"},
			Search:          "bleve",
			Meili:           searchmeili.Config{IndexName: "jiangxin"},
			Limits:          gql.DefaultLimits,
			TokenTTL:        12 * time.Hour,
			MaxInFlight:     defaultMaxInFlight,
			QueueWait:       defaultQueueWait,
			ShutdownTimeout: 15 * time.Second,
			GC:              defaultGC,
		},
		stdout: stdout, stderr: stderr,
	}
}

// ParseFlags reads the serve flags from args, with defaults taken from the environment through
// getenv. It returns flag.ErrHelp after printing help for -h.
func (m *Main) ParseFlags(args []string, getenv func(string) string) error {
	c := &m.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(m.stderr)
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	fs.StringVar(&c.Addr, "addr", env("JIANGXIN_ADDR", c.Addr), "listen address (JIANGXIN_ADDR)")
	fs.StringVar(&c.DataDir, "data", env("JIANGXIN_DATA", c.DataDir), "data directory of the embedded store (JIANGXIN_DATA)")
	demoDefault, _ := strconv.ParseBool(env("JIANGXIN_DEMO", "false"))
	fs.BoolVar(&c.Demo, "demo", demoDefault, "fill an empty store with the demo city (JIANGXIN_DEMO)")
	fs.StringVar(&c.Graph, "graph", env("JIANGXIN_GRAPH", c.Graph), "graph store: bbolt or neo4j (JIANGXIN_GRAPH)")
	fs.StringVar(&c.LogLevel, "log-level", env("JIANGXIN_LOG_LEVEL", c.LogLevel), "debug, info, warn or error (JIANGXIN_LOG_LEVEL)")
	fs.StringVar(&c.Neo4j.URI, "neo4j-uri", env("NEO4J_URI", c.Neo4j.URI), "Neo4j Bolt URI (NEO4J_URI)")
	fs.StringVar(&c.Neo4j.User, "neo4j-user", env("NEO4J_USER", c.Neo4j.User), "Neo4j user; empty for no auth (NEO4J_USER)")
	fs.StringVar(&c.Neo4j.Password, "neo4j-password", env("NEO4J_PASSWORD", c.Neo4j.Password), "Neo4j password (NEO4J_PASSWORD)")
	fs.StringVar(&c.Neo4j.Database, "neo4j-database", env("NEO4J_DATABASE", c.Neo4j.Database), "Neo4j database (NEO4J_DATABASE)")
	searchFlags(fs, c, getenv)
	fs.IntVar(&c.Limits.Complexity, "max-complexity", envInt(getenv, "JIANGXIN_MAX_COMPLEXITY", c.Limits.Complexity), "GraphQL complexity limit (JIANGXIN_MAX_COMPLEXITY)")
	fs.IntVar(&c.Limits.Depth, "max-depth", envInt(getenv, "JIANGXIN_MAX_DEPTH", c.Limits.Depth), "GraphQL depth limit (JIANGXIN_MAX_DEPTH)")
	fs.Int64Var(&c.Limits.BodyBytes, "max-body", int64(envInt(getenv, "JIANGXIN_MAX_BODY", int(c.Limits.BodyBytes))), "request body limit in bytes (JIANGXIN_MAX_BODY)")
	fs.StringVar(&c.TokenKey, "token-key", env("JIANGXIN_TOKEN_KEY", c.TokenKey), "hex key signing sign-in tokens, at least 32 bytes; default: token.key in the data directory (JIANGXIN_TOKEN_KEY)")
	fs.DurationVar(&c.TokenTTL, "token-ttl", envDuration(getenv, "JIANGXIN_TOKEN_TTL", c.TokenTTL), "sign-in token lifetime (JIANGXIN_TOKEN_TTL)")
	fs.DurationVar(&c.Limits.Timeout, "request-timeout", envDuration(getenv, "JIANGXIN_REQUEST_TIMEOUT", c.Limits.Timeout), "per-request timeout (JIANGXIN_REQUEST_TIMEOUT)")
	fs.IntVar(&c.MaxInFlight, "max-inflight", envInt(getenv, "JIANGXIN_MAX_INFLIGHT", c.MaxInFlight), "GraphQL requests served at once; beyond it 503 OVERLOADED; 0: no bound (JIANGXIN_MAX_INFLIGHT)")
	fs.DurationVar(&c.QueueWait, "queue-wait", envDuration(getenv, "JIANGXIN_QUEUE_WAIT", c.QueueWait), "how long a GraphQL request beyond --max-inflight waits for a slot (JIANGXIN_QUEUE_WAIT)")
	gcFlags(fs, &c.GC, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.MaxInFlight < 0 || c.QueueWait < 0 {
		return errors.New("--max-inflight and --queue-wait must not be negative")
	}
	if c.GC.Percent < 0 || c.GC.MemoryLimitMiB < 0 {
		return errors.New("--gc-percent and --memory-limit-mib must not be negative")
	}
	switch c.Graph {
	case "bbolt", "neo4j":
	default:
		return fmt.Errorf("--graph must be bbolt or neo4j, not %q", c.Graph)
	}
	switch c.Search {
	case "bleve":
	case "meilisearch":
		if c.Meili.URL == "" {
			return errors.New("--search meilisearch needs --meili-url (MEILI_URL)")
		}
	default:
		return fmt.Errorf("--search must be bleve or meilisearch, not %q", c.Search)
	}
	return nil
}

func envInt(getenv func(string) string, name string, def int) int {
	if n, err := strconv.Atoi(getenv(name)); err == nil {
		return n
	}
	return def
}

func envDuration(getenv func(string) string, name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(getenv(name)); err == nil {
		return d
	}
	return def
}

// Run opens the store, loads the skill catalogue (and the demo city when asked), and starts
// serving HTTP in the background. It returns once the server is listening; see Addr.
func (m *Main) Run(ctx context.Context) error {
	if err := m.Open(ctx); err != nil {
		return err
	}
	if m.Config.Demo {
		if err := m.loadDemo(ctx); err != nil {
			return err
		}
	}
	if err := m.syncIndex(ctx); err != nil {
		return err
	}
	bg, stop := context.WithCancel(context.WithoutCancel(ctx))
	m.stopBackground = stop
	m.background.Add(1)
	go func() {
		defer m.background.Done()
		m.Indexer.Run(bg, 30*time.Second)
	}()

	if m.Auth == nil {
		a, err := m.authConfig()
		if err != nil {
			return err
		}
		n, err := gql.ReplayLogouts(ctx, m.Store, a.Revoker, time.Now(), m.Config.TokenTTL)
		if err != nil {
			return err
		}
		m.Log.Info("sign-in ready", "revoked_tokens", n, "token_ttl", m.Config.TokenTTL)
		m.Auth = a
	}
	resolver := &gql.Resolver{Store: m.Store, Service: m.Service, Index: m.Index, Recommend: m.Recommend,
		Report: m.Report, Auth: m.Auth, Log: m.Log, Observer: m.Metrics}
	mux := http.NewServeMux()
	rejected := m.Metrics.Rejected("overloaded")
	mux.Handle("/graphql", admit(gql.NewHandler(resolver, m.Config.Limits), m.Config.MaxInFlight, m.Config.QueueWait, rejected.Inc))
	mux.Handle("GET /metrics", m.Metrics.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", m.readyz)
	sheets := gql.SheetHandler(m.Store, m.Auth)
	mux.Handle("GET /templates/", sheets)
	mux.Handle("GET /exports/", sheets)
	mux.Handle("/", web.Handler())

	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	m.listener = ln
	m.Server = &http.Server{
		Handler:           metrics.RequestID(m.Metrics.HTTP(logRequests(m.Log, mux))),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	m.serveErr = make(chan error, 1)
	go func() { m.serveErr <- m.Server.Serve(ln) }()
	m.Log.Info("serving", "addr", "http://"+ln.Addr().String(), "graphql", "http://"+ln.Addr().String()+"/graphql", "graph", m.Config.Graph)
	return nil
}

// readyz answers 200 "ready" when the graph store answers a trivial query and the search index
// its stats, each within readyTimeout, and 503 naming the backend that does not otherwise
// ("store unavailable", "search unavailable", or both).
func (m *Main) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	var down []string
	if err := m.Store.Ping(ctx); err != nil {
		m.Log.Warn("not ready: graph store", "err", err)
		down = append(down, "store unavailable")
	}
	if _, err := m.Index.Stats(ctx); err != nil {
		m.Log.Warn("not ready: search index", "err", err)
		down = append(down, "search unavailable")
	}
	if len(down) > 0 {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, strings.Join(down, "\n")+"\n")
		return
	}
	_, _ = io.WriteString(w, "ready\n")
}

// readyTimeout bounds each backend check of /readyz.
const readyTimeout = 2 * time.Second

// Addr returns the address the server listens on ("" before Run).
func (m *Main) Addr() string {
	if m.listener == nil {
		return ""
	}
	return m.listener.Addr().String()
}

// Open opens the graph store and the search index, keeps the skill catalogue current, and wires
// the indexer so that every write through m.Store also reaches the index. Run calls it; the
// command-line tools call it alone.
func (m *Main) Open(ctx context.Context) error {
	if m.Log == nil {
		m.Log = newLogger(m.stderr, m.Config.LogLevel)
	}
	skills, err := taxonomy.Load()
	if err != nil {
		return fmt.Errorf("load skill catalogue: %w", err)
	}
	m.skills = skills
	raw, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	if m.Metrics == nil {
		m.Metrics = metrics.New()
	}
	if a, ok := raw.(interface{ Available() bool }); ok {
		_ = m.Metrics.StoreAvailable(a.Available) // registered once per Metrics
	}
	raw = m.Metrics.Store(raw)
	m.rawStore = raw
	if m.Index, err = m.openIndex(ctx); err != nil {
		return err
	}
	if m.journal, err = indexer.OpenJournal(filepath.Join(m.dataDir(), "search-journal.db")); err != nil {
		return err
	}
	m.wire()
	_ = m.Metrics.Backlog(func() (int, error) { return m.backlog() }) // registered once per Metrics

	start := time.Now()
	if err := raw.UpsertSkills(ctx, skills); err != nil {
		return fmt.Errorf("store skill catalogue: %w", err)
	}
	m.Log.Info("skill catalogue ready", "skills", len(skills), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// wire builds the indexer, the recommender and the domain service around the raw store and the
// index: writes through m.Store reach the index and mark the recommender's snapshot stale.
func (m *Main) wire() {
	m.Indexer = indexer.New(m.rawStore, m.Index, m.journal, m.Log)
	var rec *recommend.Service
	var rep *report.Service
	m.Store = graph.Observe(m.rawStore, m.Indexer.Hooks(), graph.WriteHooks{
		After: func(ctx context.Context, ids []string, err error) {
			rec.Hooks().After(ctx, ids, err)
			rep.Hooks().After(ctx, ids, err)
		},
	})
	m.Service = graph.NewService(m.Store, nil, nil)
	rec = recommend.New(m.Store, m.Service, m.Index, matching.DefaultWeights())
	rep = report.New(m.Store, m.Service.Now)
	m.Recommend, m.Report = rec, rep
}

// dataDir returns the data directory, creating it.
func (m *Main) dataDir() string {
	_ = os.MkdirAll(m.Config.DataDir, 0o755)
	return filepath.Clean(m.Config.DataDir)
}

func (m *Main) openIndex(ctx context.Context) (search.Index, error) {
	syn := search.NewSynonyms(synonyms.All(m.skills))
	if m.Config.Search == "meilisearch" {
		cfg := m.Config.Meili
		cfg.Synonyms = syn
		ix, err := searchmeili.New(ctx, cfg)
		if err != nil {
			return nil, fmt.Errorf("open meilisearch index at %s: %w", cfg.URL, err)
		}
		return m.Metrics.Index(ix), nil
	}
	ix, err := searchbleve.Open(filepath.Join(m.dataDir(), "search"), searchbleve.Options{Synonyms: syn, Logger: m.Log})
	if err != nil {
		return nil, fmt.Errorf("open embedded search index: %w", err)
	}
	return m.Metrics.Index(ix), nil
}

// syncIndex heals the index at startup: it drains the journal of writes a crash left half
// done, then rebuilds the index when it is empty, of another schema version, or out of step
// with the store (an embedded index holding documents the store no longer has is rebuilt from
// empty).
func (m *Main) syncIndex(ctx context.Context) error {
	if err := m.Indexer.Drain(ctx); err != nil {
		return fmt.Errorf("drain search journal: %w", err)
	}
	ok, why, err := m.Indexer.Fresh(ctx)
	if err != nil {
		return fmt.Errorf("check search index: %w", err)
	}
	if ok {
		return nil
	}
	m.Log.Info("rebuilding search index", "reason", why)
	return m.Reindex(ctx, func(kind string, done, total int) {
		if done == total || done%10000 == 0 {
			m.Log.Info("reindex", "kind", kind, "done", done, "total", total)
		}
	})
}

// Reindex rebuilds the search index from the store; the embedded index is first emptied.
func (m *Main) Reindex(ctx context.Context, progress indexer.Progress) error {
	if m.Config.Search == "bleve" {
		if err := m.Index.Close(); err != nil {
			return fmt.Errorf("close search index: %w", err)
		}
		if err := os.RemoveAll(filepath.Join(m.dataDir(), "search")); err != nil {
			return fmt.Errorf("empty search index: %w", err)
		}
		ix, err := m.openIndex(ctx)
		if err != nil {
			return err
		}
		m.Index = ix
		m.wire()
	}
	start := time.Now()
	if err := m.Indexer.Reindex(ctx, progress); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	m.Log.Info("search index rebuilt", "took", time.Since(start).Round(time.Millisecond))
	return nil
}

func (m *Main) openStore(ctx context.Context) (graph.Store, error) {
	switch m.Config.Graph {
	case "neo4j":
		cfg := m.Config.Neo4j
		if cfg.Log == nil {
			cfg.Log = m.Log
		}
		s, err := graphneo4j.Open(ctx, cfg)
		if err != nil {
			return nil, fmt.Errorf("open neo4j store at %s: %w", m.Config.Neo4j.URI, err)
		}
		return s, nil
	default:
		if err := os.MkdirAll(m.Config.DataDir, 0o755); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
		s, err := graphbbolt.Open(ctx, filepath.Clean(m.Config.DataDir))
		if err != nil {
			return nil, fmt.Errorf("open embedded store in %s: %w", m.Config.DataDir, err)
		}
		return s, nil
	}
}

// loadDemo fills an empty store with the demo city; a store that already holds regions is left
// alone so restarts keep what users changed.
func (m *Main) loadDemo(ctx context.Context) error {
	existing, err := m.Store.ListRegions(ctx, graph.RegionFilter{}, graph.Page{First: 1})
	if err != nil {
		return fmt.Errorf("check for existing data: %w", err)
	}
	if existing.Total > 0 {
		m.Log.Info("demo city not loaded: the store already has data", "regions", existing.Total)
		return nil
	}
	start := time.Now()
	batch, summary, err := demo.Build(demo.Options{})
	if err != nil {
		return fmt.Errorf("generate demo city: %w", err)
	}
	if err := m.Store.Import(ctx, batch); err != nil {
		return fmt.Errorf("load demo city: %w", err)
	}
	if err := createDemoAccounts(ctx, auth.NewAccounts(m.Service, nil), summary); err != nil {
		return err
	}
	m.recordSystem(ctx, "loadDemo", summary.CityUnionID, fmt.Sprintf("demo city loaded: %d records, %d sign-ins", batch.Len(), len(DemoAccounts)))
	m.Log.Info("demo city loaded", "entities", batch.Len(), "workers", len(batch.Workers),
		"city_union", summary.CityUnionID, "accounts", len(DemoAccounts), "password", DemoPassword,
		"took", time.Since(start).Round(time.Millisecond))
	return nil
}

// Close shuts the server down gracefully (draining in-flight requests) and closes the store.
func (m *Main) Close() error {
	var errs []error
	if m.Server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownTimeout)
		defer cancel()
		if err := m.Server.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("shut down http: %w", err))
		}
		if err := <-m.serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, fmt.Errorf("serve: %w", err))
		}
		m.Server = nil
	}
	if m.stopBackground != nil {
		m.stopBackground()
		m.background.Wait()
		m.stopBackground = nil
	}
	if m.Index != nil {
		if err := m.Index.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close search index: %w", err))
		}
		m.Index = nil
	}
	if m.journal != nil {
		if err := m.journal.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close search journal: %w", err))
		}
		m.journal = nil
	}
	store := m.rawStore
	if store == nil {
		store = m.Store // opened without the search index (one-shot commands)
	}
	if store != nil {
		if err := store.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close store: %w", err))
		}
		m.rawStore, m.Store = nil, nil
	}
	return errors.Join(errs...)
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(metrics.NewLogHandler(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l})))
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// logRequests logs one line per request at debug level (warn for 5xx).
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		level := slog.LevelDebug
		if sw.status >= 500 {
			level = slog.LevelWarn
		}
		if !log.Enabled(r.Context(), level) {
			return // before the attributes are built: most requests are not logged
		}
		log.LogAttrs(r.Context(), level, "http", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", sw.status), slog.Duration("took", time.Since(start).Round(time.Microsecond)))
	})
}

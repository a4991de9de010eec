// Package metrics is Jiangxin's operability layer: Prometheus metrics on a registry of its own
// (HTTP requests, GraphQL operations, store and search calls, the search outbox backlog, campaign
// runs and sign-ins), decorators that time a graph.Store and a search.Index, and request IDs that
// reach every log record of a request.
//
// Nothing here is global: each Metrics owns its registry, so several servers (tests) can run in
// one process.
package metrics

//go:generate go run ./internal/genstore -in ../graph/store.go -out store_gen.go

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"jiangxin/graph"
	"jiangxin/search"
)

// Namespace prefixes every metric name.
const Namespace = "jiangxin"

// MaxOperationNames bounds the distinct GraphQL operation names kept as label values; later
// names are counted under "other", so clients cannot grow the series without bound.
const MaxOperationNames = 200

// latencyBuckets spans 0.5 ms to 20 s.
var latencyBuckets = []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 20}

// Metrics holds the service's collectors and the registry they are exposed from.
type Metrics struct {
	// Registry holds every collector of this Metrics (and the Go and process collectors).
	Registry *prometheus.Registry

	httpRequests *prometheus.CounterVec
	httpDuration *prometheus.HistogramVec
	httpInFlight prometheus.Gauge
	gqlOps       *prometheus.CounterVec
	gqlDuration  *prometheus.HistogramVec
	fieldTime    *prometheus.HistogramVec
	storeTime    *prometheus.HistogramVec
	searchTime   *prometheus.HistogramVec
	campaignTime *prometheus.HistogramVec
	logins       *prometheus.CounterVec

	mu      sync.Mutex
	opNames map[string]bool
}

// New returns Metrics with a fresh registry holding every collector, plus the Go runtime and
// process collectors.
func New() *Metrics {
	m := &Metrics{Registry: prometheus.NewRegistry(), opNames: map[string]bool{}}
	m.httpRequests = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "http_requests_total",
		Help: "HTTP requests by route pattern, method and status code."}, []string{"route", "method", "status"})
	m.httpDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "http_request_duration_seconds",
		Help: "HTTP request latency by route pattern and method.", Buckets: latencyBuckets}, []string{"route", "method"})
	m.httpInFlight = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: Namespace, Name: "http_requests_in_flight",
		Help: "HTTP requests being served."})
	m.gqlOps = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "graphql_operations_total",
		Help: `GraphQL operations by operation name ("anonymous" when unnamed), kind and outcome ("ok" or the first error's code).`},
		[]string{"operation", "kind", "outcome"})
	m.gqlDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "graphql_operation_duration_seconds",
		Help:    "GraphQL operation latency, from the request's start to the response, by operation name, kind and outcome.",
		Buckets: latencyBuckets}, []string{"operation", "kind", "outcome"})
	m.fieldTime = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "graphql_root_field_duration_seconds",
		Help: "GraphQL root field (query or mutation) latency by field and outcome.", Buckets: latencyBuckets},
		[]string{"field", "outcome"})
	m.storeTime = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "store_call_duration_seconds",
		Help: "Graph store call latency by method and outcome.", Buckets: latencyBuckets}, []string{"method", "outcome"})
	m.searchTime = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "search_call_duration_seconds",
		Help: "Search index call latency by method and outcome.", Buckets: latencyBuckets}, []string{"method", "outcome"})
	m.campaignTime = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Name: "campaign_run_duration_seconds",
		Help:    "Duration of campaign proposals (the proposeCampaign mutation) by outcome.",
		Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}}, []string{"outcome"})
	m.logins = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "login_attempts_total",
		Help: `Sign-in attempts by outcome ("ok" or the error code, e.g. UNAUTHENTICATED for a wrong password or a rate limit).`},
		[]string{"outcome"})
	m.Registry.MustRegister(m.httpRequests, m.httpDuration, m.httpInFlight, m.gqlOps, m.gqlDuration, m.fieldTime,
		m.storeTime, m.searchTime, m.campaignTime, m.logins,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

// Backlog registers a gauge jiangxin_search_outbox_backlog whose value is read from count at
// each scrape: the entity IDs journalled for the search index and not yet indexed. A scrape
// where count fails (a closed journal) omits the gauge. It returns an error when a backlog gauge
// is registered already.
func (m *Metrics) Backlog(count func() (int, error)) error {
	return m.Registry.Register(&funcGauge{
		desc: prometheus.NewDesc(Namespace+"_search_outbox_backlog",
			"Entity IDs journalled for the search index and not yet indexed.", nil, nil),
		value: count,
	})
}

type funcGauge struct {
	desc  *prometheus.Desc
	value func() (int, error)
}

func (g *funcGauge) Describe(ch chan<- *prometheus.Desc) { ch <- g.desc }

func (g *funcGauge) Collect(ch chan<- prometheus.Metric) {
	n, err := g.value()
	if err != nil {
		return
	}
	ch <- prometheus.MustNewConstMetric(g.desc, prometheus.GaugeValue, float64(n))
}

// statusWriter remembers the status written (200 when the handler writes none).
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer (flush, deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// HTTP counts and times the requests next serves, labelled by the route pattern the
// http.ServeMux inside next matched (r.Pattern; "unmatched" when none did), so label values stay
// bounded whatever paths clients send.
func (m *Metrics) HTTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		m.httpInFlight.Inc()
		defer m.httpInFlight.Dec()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		method := r.Method
		switch method {
		case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
			http.MethodDelete, http.MethodOptions:
		default:
			method = "other"
		}
		m.httpRequests.WithLabelValues(route, method, statusText(status)).Inc()
		m.httpDuration.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
	})
}

func statusText(code int) string {
	const digits = "0123456789"
	if code < 100 || code > 999 {
		return "other"
	}
	return string([]byte{digits[code/100], digits[code/10%10], digits[code%10]})
}

var opNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// operationLabel bounds a client-chosen operation name to a label value.
func (m *Metrics) operationLabel(name string) string {
	if name == "" {
		return "anonymous"
	}
	if !opNameRE.MatchString(name) {
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.opNames[name] {
		if len(m.opNames) >= MaxOperationNames {
			return "other"
		}
		m.opNames[name] = true
	}
	return name
}

var codeRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,47}$`)

// outcomeLabel bounds an outcome ("ok" or an error code) to a label value.
func outcomeLabel(outcome string) string {
	if outcome == "ok" || codeRE.MatchString(outcome) {
		return outcome
	}
	return "other"
}

// Operation records a finished GraphQL operation; it implements gql.Observer.
func (m *Metrics) Operation(_ context.Context, name, kind, outcome string, took time.Duration) {
	switch kind {
	case "query", "mutation", "subscription":
	default:
		kind = "unknown"
	}
	op, out := m.operationLabel(name), outcomeLabel(outcome)
	m.gqlOps.WithLabelValues(op, kind, out).Inc()
	m.gqlDuration.WithLabelValues(op, kind, out).Observe(took.Seconds())
}

// RootField records a finished root field; it implements gql.Observer. Sign-ins (login) and
// campaign proposals (proposeCampaign) also feed their own metrics.
func (m *Metrics) RootField(_ context.Context, field, outcome string, took time.Duration) {
	if !opNameRE.MatchString(field) {
		field = "other"
	}
	out := outcomeLabel(outcome)
	m.fieldTime.WithLabelValues(field, out).Observe(took.Seconds())
	switch field {
	case "login":
		m.logins.WithLabelValues(out).Inc()
	case "proposeCampaign":
		m.campaignTime.WithLabelValues(out).Observe(took.Seconds())
	}
}

// errorClass names err for the outcome label of store and search calls.
func errorClass(err error) string {
	var fe *graph.FieldError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &fe), errors.Is(err, graph.ErrInvalid):
		return "invalid"
	case errors.Is(err, graph.ErrNotFound):
		return "not_found"
	case errors.Is(err, graph.ErrConflict):
		return "conflict"
	case errors.Is(err, graph.ErrForbidden):
		return "forbidden"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, search.ErrUnavailable), errors.Is(err, graph.ErrUnavailable):
		return "unavailable"
	case errors.Is(err, search.ErrClosed):
		return "closed"
	}
	return "error"
}

// Store returns s with every call timed into jiangxin_store_call_duration_seconds.
func (m *Metrics) Store(s graph.Store) graph.Store {
	return &timedStore{next: s, hist: m.storeTime}
}

type timedStore struct {
	next graph.Store
	hist *prometheus.HistogramVec
}

func (s *timedStore) observe(_ context.Context, method string, start time.Time, err error) {
	s.hist.WithLabelValues(method, errorClass(err)).Observe(time.Since(start).Seconds())
}

// Index returns ix with every call timed into jiangxin_search_call_duration_seconds.
func (m *Metrics) Index(ix search.Index) search.Index {
	return &timedIndex{next: ix, hist: m.searchTime}
}

type timedIndex struct {
	next search.Index
	hist *prometheus.HistogramVec
}

var _ search.Index = (*timedIndex)(nil)

func (x *timedIndex) observe(method string, start time.Time, err error) {
	x.hist.WithLabelValues(method, errorClass(err)).Observe(time.Since(start).Seconds())
}

func (x *timedIndex) Index(ctx context.Context, docs ...search.Document) error {
	start := time.Now()
	err := x.next.Index(ctx, docs...)
	x.observe("Index", start, err)
	return err
}

func (x *timedIndex) Delete(ctx context.Context, ids ...string) error {
	start := time.Now()
	err := x.next.Delete(ctx, ids...)
	x.observe("Delete", start, err)
	return err
}

func (x *timedIndex) Search(ctx context.Context, q search.Query) (*search.Result, error) {
	start := time.Now()
	r, err := x.next.Search(ctx, q)
	x.observe("Search", start, err)
	return r, err
}

func (x *timedIndex) SuggestSkills(ctx context.Context, prefix string, limit int) ([]search.Suggestion, error) {
	start := time.Now()
	r, err := x.next.SuggestSkills(ctx, prefix, limit)
	x.observe("SuggestSkills", start, err)
	return r, err
}

func (x *timedIndex) Stats(ctx context.Context) (search.Stats, error) {
	start := time.Now()
	r, err := x.next.Stats(ctx)
	x.observe("Stats", start, err)
	return r, err
}

func (x *timedIndex) Meta(ctx context.Context, key string) (string, error) {
	start := time.Now()
	r, err := x.next.Meta(ctx, key)
	x.observe("Meta", start, err)
	return r, err
}

func (x *timedIndex) SetMeta(ctx context.Context, key, value string) error {
	start := time.Now()
	err := x.next.SetMeta(ctx, key, value)
	x.observe("SetMeta", start, err)
	return err
}

func (x *timedIndex) Close() error {
	start := time.Now()
	err := x.next.Close()
	x.observe("Close", start, err)
	return err
}

// Unwrap returns the decorated index.
func (x *timedIndex) Unwrap() search.Index { return x.next }

// trimmed is s cut to at most n bytes at a rune boundary.
func trimmed(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

package gql_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"jiangxin/demo"
	"jiangxin/graph"
	graphbbolt "jiangxin/graph/bbolt"
	"jiangxin/graph/gql"
	"jiangxin/graph/taxonomy"
)

// countingStore counts the store calls a request makes.
type countingStore struct {
	graph.Store
	calls atomic.Int64
	mu    sync.Mutex
	by    map[string]int
}

func (c *countingStore) count(name string) {
	c.calls.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by == nil {
		c.by = map[string]int{}
	}
	c.by[name]++
}

func (c *countingStore) GetManySkills(ctx context.Context, ids []string) ([]graph.Skill, error) {
	c.count("GetManySkills")
	return c.Store.GetManySkills(ctx, ids)
}

func (c *countingStore) GetManyEnterprises(ctx context.Context, ids []string) ([]graph.Enterprise, error) {
	c.count("GetManyEnterprises")
	return c.Store.GetManyEnterprises(ctx, ids)
}

func (c *countingStore) GetManyRegions(ctx context.Context, ids []string) ([]graph.Region, error) {
	c.count("GetManyRegions")
	return c.Store.GetManyRegions(ctx, ids)
}

func (c *countingStore) GetSkill(ctx context.Context, code string) (graph.Skill, error) {
	c.count("GetSkill")
	return c.Store.GetSkill(ctx, code)
}

func (c *countingStore) GetEnterprise(ctx context.Context, id string) (graph.Enterprise, error) {
	c.count("GetEnterprise")
	return c.Store.GetEnterprise(ctx, id)
}

func (c *countingStore) ListWorkers(ctx context.Context, f graph.WorkerFilter, p graph.Page) (graph.Conn[graph.Worker], error) {
	c.count("ListWorkers")
	return c.Store.ListWorkers(ctx, f, p)
}

func (c *countingStore) OpenMentees(ctx context.Context, ids []string) (map[string]int, error) {
	c.count("OpenMentees")
	return c.Store.OpenMentees(ctx, ids)
}

func newDemoStore(t *testing.T) graph.Store {
	t.Helper()
	ctx := context.Background()
	s, err := graphbbolt.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	skills, err := taxonomy.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.UpsertSkills(ctx, skills); err != nil {
		t.Fatal(err)
	}
	b, _, err := demo.Build(demo.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Import(ctx, b); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestDataloadersBatch checks that a page of workers with their skills, employers, regions and
// open-mentee counts costs a constant number of store calls, whatever the page size.
func TestDataloadersBatch(t *testing.T) {
	store := &countingStore{Store: newDemoStore(t)}
	h := gql.NewHandler(&gql.Resolver{Store: store, Service: graph.NewService(store, nil, nil)}, gql.Limits{LoaderWait: 20 * time.Millisecond})
	for _, n := range []int{10, 100} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			store.calls.Store(0)
			store.by = nil
			q := fmt.Sprintf(`{ workers(first: %d) { nodes { name openMentees region { name }
				enterprise { name region { name } } skills { level skill { name parent { name } } } } } }`, n)
			body, _ := json.Marshal(map[string]any{"query": q})
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var resp struct {
				Data struct {
					Workers struct{ Nodes []any } `json:"workers"`
				} `json:"data"`
				Errors []any `json:"errors"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Errors) > 0 {
				t.Fatalf("response %s: %v", rec.Body.String(), err)
			}
			if len(resp.Data.Workers.Nodes) != n {
				t.Fatalf("got %d workers, want %d", len(resp.Data.Workers.Nodes), n)
			}
			// One list, then per level of nesting one batched call per loader (7 in all). The
			// loaders wait 20 ms for keys so a busy machine does not split batches; the bound
			// leaves room for a split or two and is far below one call per worker.
			if calls := store.calls.Load(); calls > 12 {
				t.Fatalf("%d workers cost %d store calls %v; want a constant ≤ 12", n, calls, store.by)
			}
		})
	}
}

// TestErrorCodes checks how domain errors are presented.
func TestErrorCodes(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"field error", graph.Invalid("name", "must not be empty"), gql.CodeInvalidInput},
		{"wrapped invalid", fmt.Errorf("store: %w", graph.ErrInvalid), gql.CodeInvalidInput},
		{"not found", graph.NotFound(graph.KindWorker, "wkr_x"), gql.CodeNotFound},
		{"conflict", graph.Conflict("taken"), gql.CodeConflict},
		{"forbidden", fmt.Errorf("x: %w", graph.ErrForbidden), gql.CodeForbidden},
		{"unauthenticated", graph.ErrUnauthenticated, gql.CodeUnauthenticated},
		{"deadline", context.DeadlineExceeded, gql.CodeTimeout},
		{"other", fmt.Errorf("disk on fire"), gql.CodeInternal},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := gql.Code(tc.err); got != tc.want {
				t.Fatalf("Code(%v) = %s, want %s", tc.err, got, tc.want)
			}
		})
	}
}

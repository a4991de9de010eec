package hammer

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"
)

func TestRecorderSummary(t *testing.T) {
	r := &Recorder{}
	for i := 1; i <= 100; i++ {
		r.Add(time.Duration(i)*time.Millisecond, nil)
	}
	r.Add(time.Second, errors.New("boom"))
	s := r.Summary()
	if s.Count != 100 || s.Errors != 1 || s.LastError != "boom" {
		t.Fatalf("summary %+v", s)
	}
	if s.P50ms != 50 || s.P99ms != 99 || s.MaxMs != 100 {
		t.Fatalf("percentiles %+v", s)
	}
	n := 0
	r.Each(func(time.Duration) { n++ })
	if n != 100 {
		t.Fatalf("Each saw %d", n)
	}
}

func TestDig(t *testing.T) {
	v := map[string]any{"a": []any{map[string]any{"b": "x"}}}
	tests := []struct {
		path string
		want any
	}{
		{"a.0.b", "x"},
		{"a.1.b", nil},
		{"a.-1", nil},
		{"a.z", nil},
		{"c", nil},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			if got := Dig(v, tc.path); got != tc.want {
				t.Fatalf("Dig(%q) = %v", tc.path, got)
			}
		})
	}
}

func TestPostAndClosed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer bad" {
			fmt.Fprint(w, `{"errors":[{"message":"no"}]}`)
			return
		}
		fmt.Fprint(w, `{"data":{"login":{"token":"t"}}}`)
	}))
	defer srv.Close()
	c := NewClient(srv.URL, 4)
	ctx := context.Background()
	if tok, err := c.Login(ctx, "u", "p"); err != nil || tok != "t" {
		t.Fatalf("login %q %v", tok, err)
	}
	if _, err := c.PostRaw(ctx, Body("{ x }", nil), "bad"); !errors.Is(err, ErrGraphQL) {
		t.Fatalf("error response: %v", err)
	}
	rec := &Recorder{}
	n := Closed(ctx, 3, 200*time.Millisecond, rec, func(ctx context.Context, _ int) error {
		_, err := c.PostRaw(ctx, Body("{ x }", nil), "")
		return err
	})
	if s := rec.Summary(); n == 0 || s.Errors != 0 || int64(s.Count) != n {
		t.Fatalf("closed loop: %d calls, %+v", n, s)
	}
}

func TestRSS(t *testing.T) {
	b, err := RSS(os.Getpid())
	if err != nil || b <= 0 {
		t.Fatalf("RSS = %d, %v", b, err)
	}
	if _, err := RSS(-1); err == nil {
		t.Fatal("RSS of no process succeeded")
	}
}

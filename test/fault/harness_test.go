package fault

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"jiangxin/internal/neo4jtest"
)

var longRun = flag.Bool("fault.long", os.Getenv("FAULT_LONG") == "1", "run the fault tests for minutes (FAULT_LONG=1)")

// binary is the jiangxin binary under test, built once by TestMain.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	code := func() int {
		if bin := os.Getenv("JIANGXIN_FAULT_BIN"); bin != "" {
			binary = bin
			return neo4jtest.Main(m)
		}
		dir, err := os.MkdirTemp("", "jiangxin-fault-bin-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		binary = filepath.Join(dir, "jiangxin")
		build := exec.Command("go", "build", "-o", binary, "./cmd/jiangxin")
		build.Dir = "../.."
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "build jiangxin:", err)
			return 1
		}
		return neo4jtest.Main(m)
	}()
	os.Exit(code)
}

// loadDuration is how long the load runs: short by default, minutes with -fault.long, or
// FAULT_DURATION.
func loadDuration(short time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv("FAULT_DURATION")); err == nil && d > 0 {
		return d
	}
	if *longRun {
		return 5 * time.Minute
	}
	return short
}

// freePort returns a loopback port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// proc is one `jiangxin serve` child process, restartable on the same address and data.
type proc struct {
	t    *testing.T
	args []string
	env  []string
	addr string
	log  *os.File

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
}

// newProc prepares a server on a free port; extra are further serve flags.
func newProc(t *testing.T, dataDir string, env []string, extra ...string) *proc {
	t.Helper()
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	logf, err := os.Create(filepath.Join(t.TempDir(), "server.log"))
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{t: t, addr: addr, log: logf, env: env,
		args: append([]string{"serve", "--demo", "--addr", addr, "--data", dataDir, "--log-level", "warn"}, extra...)}
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			p.dumpLog()
		}
		logf.Close()
	})
	return p
}

func (p *proc) url() string { return "http://" + p.addr }

// start starts the process (it must not be running).
func (p *proc) start() {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	cmd := exec.Command(binary, p.args...)
	cmd.Env = append(os.Environ(), p.env...)
	cmd.Stdout, cmd.Stderr = p.log, p.log
	if err := cmd.Start(); err != nil {
		p.t.Fatalf("start jiangxin: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	p.cmd, p.exited = cmd, exited
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *proc) kill() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil {
		return
	}
	_ = p.cmd.Process.Kill()
	<-p.exited
	p.cmd = nil
}

// waitReady polls /readyz until it answers 200 and returns how long that took.
func (p *proc) waitReady(timeout time.Duration) time.Duration {
	p.t.Helper()
	start := time.Now()
	c := &http.Client{Timeout: 2 * time.Second}
	for {
		resp, err := c.Get(p.url() + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start)
			}
		}
		p.mu.Lock()
		exited := p.exited
		p.mu.Unlock()
		select {
		case <-exited:
			p.t.Fatalf("jiangxin exited before it was ready")
		default:
		}
		if time.Since(start) > timeout {
			p.t.Fatalf("jiangxin not ready after %v", timeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// logLines returns up to n lines of the server log that contain substr.
func (p *proc) logLines(substr string, n int) []string {
	raw, err := os.ReadFile(p.log.Name())
	if err != nil {
		return nil
	}
	var out []string
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.Contains(line, substr) && len(out) < n {
			out = append(out, truncate(line, 400))
		}
	}
	return out
}

func (p *proc) dumpLog() {
	raw, err := os.ReadFile(p.log.Name())
	if err != nil {
		return
	}
	if len(raw) > 8000 {
		raw = raw[len(raw)-8000:]
	}
	p.t.Logf("server log (tail):\n%s", raw)
}

// client talks GraphQL to the server as one signed-in account ("" token: anonymous).
type client struct {
	url   string
	token string
	http  *http.Client
}

// gqlError is one error of a response.
type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// response is a decoded GraphQL response.
type response struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
	Status int             `json:"-"`
}

// code returns the first error's extensions.code ("" when there is no error).
func (r *response) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	if c == "" {
		c = "NO_CODE"
	}
	return c
}

// errTransport marks a request that got no GraphQL answer (connection refused or reset,
// timeout, or a body that is not a GraphQL response).
var errTransport = errors.New("no answer")

// do posts a query. It returns errTransport (wrapped) when no GraphQL response came back, and an
// error naming the code when the response has errors; out receives data on success.
func (c *client) do(ctx context.Context, query string, vars map[string]any, out any) (*response, error) {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errTransport, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%w: read body: %v", errTransport, err)
	}
	r := &response{Status: resp.StatusCode}
	if err := json.Unmarshal(raw, r); err != nil {
		return nil, fmt.Errorf("%w: status %d, body %q", errTransport, resp.StatusCode, truncate(string(raw), 200))
	}
	if len(r.Errors) > 0 {
		return r, fmt.Errorf("graphql error %s: %s", r.code(), r.Errors[0].Message)
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			return r, fmt.Errorf("decode data: %w", err)
		}
	}
	return r, nil
}

// must runs a query and fails the test on any error.
func (c *client) must(t *testing.T, query string, vars map[string]any, out any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := c.do(ctx, query, vars, out); err != nil {
		t.Fatalf("%s: %v", firstLine(query), err)
	}
}

// login signs in a demo account and returns a client for it and its scope's ID.
func login(t *testing.T, baseURL, username string) (*client, string) {
	t.Helper()
	anon := &client{url: baseURL, http: &http.Client{Timeout: 30 * time.Second}}
	var out struct {
		Login struct {
			Token   string
			Account struct{ Scope *struct{ ID string } }
		}
	}
	// A loaded machine can miss a short request timeout; sign-in is set-up, not the test.
	for attempt := 1; ; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		_, err := anon.do(ctx, `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token account { scope { id } } } }`,
			map[string]any{"u": username, "p": "jiangxin-2026"}, &out)
		cancel()
		if err == nil {
			break
		}
		if attempt == 5 {
			t.Fatalf("login %s: %v", username, err)
		}
		time.Sleep(time.Second)
	}
	scope := ""
	if out.Login.Account.Scope != nil {
		scope = out.Login.Account.Scope.ID
	}
	return &client{url: baseURL, token: out.Login.Token, http: &http.Client{Timeout: 30 * time.Second}}, scope
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return truncate(s, 80)
}

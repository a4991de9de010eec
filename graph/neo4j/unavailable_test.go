package neo4j_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	"jiangxin/graph"
	graphneo4j "jiangxin/graph/neo4j"
)

// outageProxy forwards TCP connections from a loopback port to the test server; down closes the
// listener and every connection (the server looks stopped), up listens again on the same port.
type outageProxy struct {
	t      *testing.T
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]bool
}

func newOutageProxy(t *testing.T, target string) *outageProxy {
	p := &outageProxy{t: t, target: target, conns: map[net.Conn]bool{}}
	p.up()
	t.Cleanup(p.down)
	return p
}

func (p *outageProxy) up() {
	p.t.Helper()
	addr := p.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	var ln net.Listener
	var err error
	for range 50 { // the port was ours a moment ago; retry while the kernel frees it
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatalf("proxy listen: %v", err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.forward(c)
		}
	}()
}

func (p *outageProxy) forward(c net.Conn) {
	s, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	if p.ln == nil { // went down meanwhile
		p.mu.Unlock()
		c.Close()
		s.Close()
		return
	}
	p.conns[c], p.conns[s] = true, true
	p.mu.Unlock()
	go func() { _, _ = io.Copy(s, c); s.Close(); c.Close() }()
	_, _ = io.Copy(c, s)
	s.Close()
	c.Close()
}

func (p *outageProxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

// TestStoreOutage cuts the store off from the server under a running query loop: calls must
// fail with ErrUnavailable within a couple of seconds (not the driver's retry time), Ping and
// Available must say so, and once the server is reachable again the same Store serves again.
func TestStoreOutage(t *testing.T) {
	openTest(t) // skips without a server; empties the database
	u, err := url.Parse(testURI())
	if err != nil {
		t.Fatal(err)
	}
	proxy := newOutageProxy(t, u.Host)
	ctx := context.Background()
	s, err := graphneo4j.Open(ctx, graphneo4j.Config{URI: "bolt://" + proxy.addr, User: os.Getenv("NEO4J_USER"),
		Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	if err := s.Ping(ctx); err != nil || !s.Available() {
		t.Fatalf("ping before the outage: %v, available %v", err, s.Available())
	}
	if _, _, err := s.Counts(ctx); err != nil {
		t.Fatalf("counts before the outage: %v", err)
	}

	proxy.down()
	cut := time.Now()
	// The first call after the cut may hit a dead pooled connection, the driver retries; it
	// must come back with ErrUnavailable long before its 10 s deadline.
	callCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	_, _, err = s.Counts(callCtx)
	cancel()
	first := time.Since(cut)
	if !errors.Is(err, graph.ErrUnavailable) {
		t.Fatalf("counts during the outage: %v, want ErrUnavailable", err)
	}
	if first > 3*time.Second {
		t.Errorf("first call during the outage failed after %v, want ≤ 3 s", first)
	}
	// The prober marks the store down; from then on calls fail at once.
	deadline := time.Now().Add(5 * time.Second)
	for s.Available() && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if s.Available() {
		t.Fatal("store still available 5 s into the outage")
	}
	t.Logf("first call failed after %v; store marked down after %v", first.Round(time.Millisecond), time.Since(cut).Round(time.Millisecond))
	for _, name := range []string{"read", "write", "ping"} {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			var err error
			switch name {
			case "read":
				_, err = s.GetSkill(ctx, "6-18-02-04")
			case "write":
				err = s.Reset(ctx)
			case "ping":
				err = s.Ping(ctx)
			}
			if !errors.Is(err, graph.ErrUnavailable) {
				t.Fatalf("err = %v, want ErrUnavailable", err)
			}
			if took := time.Since(start); took > 100*time.Millisecond {
				t.Errorf("took %v with the store marked down, want immediate", took)
			}
		})
	}

	proxy.up()
	back := time.Now()
	for !s.Available() {
		if time.Since(back) > 10*time.Second {
			t.Fatal("store not available 10 s after the server came back")
		}
		time.Sleep(20 * time.Millisecond)
	}
	marked := time.Since(back)
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("ping after the outage: %v", err)
	}
	if err := s.Reset(ctx); err != nil {
		t.Fatalf("write after the outage: %v", err)
	}
	if _, _, err := s.Counts(ctx); err != nil {
		t.Fatalf("read after the outage: %v", err)
	}
	t.Logf("store available again %v after the server came back", marked.Round(time.Millisecond))
}

package database_test

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"sync"
	"testing"

	"github.com/lib/pq"

	"haven/apptest"
	"haven/database"
)

// outageProxy stands between Haven and PostgreSQL; stopping it is a database outage as the
// application sees one (connections cut, new ones refused), restarting it a recovery.
type outageProxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func newOutageProxy(t *testing.T, target string) *outageProxy {
	p := &outageProxy{t: t, addr: "127.0.0.1:0", target: target}
	p.start()
	t.Cleanup(p.stop)
	return p
}

func (p *outageProxy) start() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("proxy: %v", err)
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
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
}

func (p *outageProxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestDatabaseOutageIsUnavailable: while the database is down a request is answered with the
// retryable UNAVAILABLE code, HTTP 503 and Retry-After, not INTERNAL with 200; when it is back,
// reads succeed at once although every pooled connection broke (a read is retried once on a
// fresh connection).
func TestDatabaseOutageIsUnavailable(t *testing.T) {
	if !apptest.Postgres() {
		t.Skip("PostgreSQL only: the embedded SQLite database cannot be unreachable")
	}
	_, dsn := apptest.FreshDatabase(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newOutageProxy(t, u.Host)
	u.Host = proxy.addr
	h := apptest.New(t, apptest.Options{Driver: "postgres", DSN: u.String()})
	h.Content("Still here").Age(1).Create()
	const feed = `{ contents(first: 1) { edges { node { title } } } }`
	reader := h.Token("reader", "creator")
	h.Query(reader, feed, nil, nil)
	// Fill the pool with connections, all of which the outage will break.
	parallelReads(t, h, 10)

	proxy.stop()
	for name, token := range map[string]string{"anonymous": "", "known account": reader, "new account": h.Token("newcomer", "creator")} {
		res := h.Do(token, feed, nil)
		if res.Status != 503 || res.Code() != "UNAVAILABLE" {
			t.Errorf("%s during the outage: HTTP %d %s", name, res.Status, res.Raw)
		}
	}
	req := h.Do(reader, `mutation { createCreatorProfile(input: {handle: "outage", displayName: "O"}) { id } }`, nil)
	if req.Status != 503 || req.Code() != "UNAVAILABLE" {
		t.Errorf("a write during the outage: HTTP %d %s", req.Status, req.Raw)
	}

	proxy.start()
	for name, token := range map[string]string{"anonymous": "", "signed in": reader} {
		res := h.Do(token, feed, nil)
		if res.Status != 200 || len(res.Errors) > 0 {
			t.Errorf("%s right after the outage: HTTP %d %s", name, res.Status, res.Raw)
		}
	}
	parallelReads(t, h, 10)

	// A restart of PostgreSQL ends every session with "terminating connection due to
	// administrator command"; the pool learns it only when it next uses each connection.
	parallelReads(t, h, 10)
	if _, err := h.DB.SQL.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	parallelReads(t, h, 10)
}

func parallelReads(t *testing.T, h *apptest.Hub, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan string, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := h.Do("", `{ contents(first: 5) { edges { node { title } } } }`, nil)
			if res.Status != 200 || len(res.Errors) > 0 {
				errs <- fmt.Sprintf("HTTP %d %s", res.Status, res.Raw)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("parallel read: %s", e)
	}
}

func TestIsUnavailable(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&net.OpError{Op: "dial", Err: errors.New("connection refused")}, true},
		{fmt.Errorf("cannot decode cursor: %w", io.ErrUnexpectedEOF), false},
		{io.EOF, false},
		{&pq.Error{Code: "57P01"}, true},
		{&pq.Error{Code: "08006"}, true},
		{&pq.Error{Code: "53300"}, true},
		{&pq.Error{Code: "23505"}, false},
		{&pq.Error{Code: "40P01"}, false},
		{errors.New("some bug"), false},
		{nil, false},
	} {
		if got := database.IsUnavailable(tc.err); got != tc.want {
			t.Errorf("IsUnavailable(%v) = %v", tc.err, got)
		}
	}
}

package apptest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"regexp"
	"sync"
	"testing"
	"time"

	"haven/app"
	"haven/auth"
	"haven/config"
)

// Config returns the settings of a test Haven on a fresh database (see FreshDatabase): in
// development, with introspection, signing in with tokens of Secret whose roles are in "roles",
// listening on a free local port. A test changes what matters to it before Start.
func Config(t testing.TB) config.Config {
	t.Helper()
	return settings(FreshDatabase(t))
}

func settings(driver, dsn string) config.Config {
	return config.Config{
		Driver: driver, DSN: dsn, ListenAddr: "127.0.0.1:0", Env: config.Development, Introspection: true,
		JWT: auth.Config{Secret: Secret, RolesClaim: "roles", Leeway: 30 * time.Second},
	}
}

// Start builds the Haven of cfg with o (logging nowhere unless o names a logger) and closes it
// when the test ends. Its jobs do not run: that is the App's Start.
func Start(t testing.TB, cfg config.Config, o app.Options) *app.App {
	t.Helper()
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	a, err := app.New(context.Background(), cfg, o)
	if err != nil {
		t.Fatalf("apptest: app.New: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	return a
}

// Buffer is a bytes.Buffer that a server's goroutines may write while the test reads it.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Process is a server's main function running under a test, as `go run ./server` runs it.
type Process struct {
	Stdout, Stderr Buffer

	t      testing.TB
	cancel context.CancelFunc
	done   chan error
	err    error
	ended  bool
}

// Run runs main in the background until Stop or the end of the test, with a context that Stop
// cancels (as SIGTERM would) and its output in Stdout and Stderr.
func Run(t testing.TB, main func(ctx context.Context, stdout, stderr io.Writer) error) *Process {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p := &Process{t: t, cancel: cancel, done: make(chan error, 1)}
	go func() { p.done <- main(ctx, &p.Stdout, &p.Stderr) }()
	t.Cleanup(func() {
		if err := p.Stop(); err != nil {
			t.Logf("apptest: the server stopped with %v", err)
		}
	})
	return p
}

// WaitFor waits until what the process logged (Stderr) matches re and returns the match and its
// groups, as FindStringSubmatch does.
func (p *Process) WaitFor(re *regexp.Regexp) []string {
	p.t.Helper()
	var m []string
	p.WaitUntil(re.String(), func() bool {
		m = re.FindStringSubmatch(p.Stderr.String())
		return m != nil
	})
	return m
}

// WaitUntil waits until ok holds. It fails the test, saying what it waited for, when the process
// ends first or ok does not hold within a minute.
func (p *Process) WaitUntil(what string, ok func() bool) {
	p.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !ok() {
		select {
		case err := <-p.done:
			p.ended, p.err = true, err
			p.t.Fatalf("apptest: the server stopped (%v) before %s:\n%s", err, what, p.Stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("apptest: no %s within a minute:\n%s", what, p.Stderr.String())
		}
	}
}

// Stop cancels the process's context, waits for it to end and returns what it returned; a
// process that does not end within 20 seconds fails the test.
func (p *Process) Stop() error {
	p.t.Helper()
	p.cancel()
	if !p.ended {
		select {
		case p.err = <-p.done:
			p.ended = true
		case <-time.After(20 * time.Second):
			p.t.Error("apptest: the server did not stop")
			return errors.New("apptest: the server did not stop")
		}
	}
	return p.err
}

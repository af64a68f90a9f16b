package app_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"haven/app"
	"haven/auth"
	"haven/config"
)

// heldRefresh is the HTTP transport of an identity provider's key set: it refuses the fetch at
// start, then holds the first periodic refresh open until the request's context is cancelled,
// which only stopping the verifier does.
type heldRefresh struct {
	fetches   atomic.Int64
	started   chan struct{} // a periodic refresh is in flight
	cancelled chan struct{} // its context was cancelled
	once      sync.Once
}

func (h *heldRefresh) RoundTrip(req *http.Request) (*http.Response, error) {
	if h.fetches.Add(1) == 1 {
		return &http.Response{StatusCode: http.StatusServiceUnavailable, Body: io.NopCloser(strings.NewReader("down")), Request: req}, nil
	}
	h.once.Do(func() { close(h.started) })
	<-req.Context().Done()
	select {
	case <-h.cancelled:
	default:
		close(h.cancelled)
	}
	return nil, req.Context().Err()
}

// TestNewReleasesWhatItStartedWhenItFails: app.New builds the verifier, whose key refresh runs in
// the background, before it opens the database. When the database then fails (here a server that
// accepts connections and hangs up once the refresh is in flight, so the failure comes after the
// refresh surely started), New returns the error and has stopped the refresh: the refresh
// request's context is cancelled.
func TestNewReleasesWhatItStartedWhenItFails(t *testing.T) {
	keys := &heldRefresh{started: make(chan struct{}), cancelled: make(chan struct{})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				<-keys.started
				c.Close()
			}()
		}
	}()

	cfg := config.Config{
		Driver: "postgres", DSN: "postgres://haven@" + ln.Addr().String() + "/haven?sslmode=disable",
		ListenAddr: "127.0.0.1:0", Env: config.Production,
		JWT: auth.Config{
			JWKSURL: "http://idp.test/jwks.json", HTTPClient: &http.Client{Transport: keys},
			JWKSRefresh: time.Millisecond, RolesClaim: "roles", Leeway: 30 * time.Second,
		},
	}
	a, err := app.New(context.Background(), cfg, app.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err == nil {
		a.Close()
		t.Fatal("app.New succeeded on a database that hangs up")
	}
	select {
	case <-keys.cancelled:
	case <-time.After(10 * time.Second):
		t.Fatalf("app.New failed (%v) but left the key refresh running", err)
	}
}

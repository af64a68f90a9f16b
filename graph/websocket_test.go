package graph_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	coderws "github.com/coder/websocket"

	"haven/apptest"
	"haven/auth"
	"haven/graph"
)

// socketServer serves the hub's GraphQL handler with the given socket limits, behind the same
// authentication middleware as the app.
func socketServer(t *testing.T, h *apptest.Hub, limits graph.WebsocketLimits) string {
	t.Helper()
	a := h.App
	resolver := graph.NewResolver(graph.Services{
		Client: a.DB.Client, Clock: a.Clock, Logger: a.Logger, Audit: a.Audit,
		Workflow: a.Workflow, Hub: a.Hub, Credentials: a.Credentials, Profiles: a.Profiles,
		Search: a.Search, CrisisResources: a.CrisisResources, Notify: a.Queue,
	})
	gql := graph.NewHandler(resolver, graph.Options{
		Limits: graph.DefaultLimits, Websocket: limits,
		Authenticate: func(ctx context.Context, token string) (context.Context, error) {
			v, err := h.Verifier.Verify(token)
			if err != nil {
				return ctx, err
			}
			if err := h.ResolveAccount(ctx, v); err != nil {
				return ctx, err
			}
			return auth.NewContext(ctx, v), nil
		},
	})
	srv := httptest.NewServer(auth.Middleware(h.Verifier, h.ResolveAccount, gql))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/graphql"
}

// rawDial opens a graphql-transport-ws socket with the standard coder/websocket client.
func rawDial(t *testing.T, url string) (*coderws.Conn, *http.Response, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, res, err := coderws.Dial(ctx, url, &coderws.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err == nil {
		t.Cleanup(func() { c.CloseNow() })
	}
	return c, res, err
}

func sendRaw(t *testing.T, c *coderws.Conn, msg string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Write(ctx, coderws.MessageText, []byte(msg)); err != nil {
		t.Fatalf("write: %v", err)
	}
}

// closeOf reads until the socket closes (skipping messages, never answering pings) and returns
// the close code and reason, failing when it stays open past within.
func closeOf(t *testing.T, c *coderws.Conn, within time.Duration) (coderws.StatusCode, string, []string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	var seen []string
	for {
		_, b, err := c.Read(ctx)
		if err == nil {
			seen = append(seen, string(b))
			continue
		}
		if ctx.Err() != nil {
			t.Fatalf("the socket stayed open for %s (messages %v)", within, seen)
		}
		var ce coderws.CloseError
		if errors.As(err, &ce) {
			return ce.Code, ce.Reason, seen
		}
		return -1, err.Error(), seen
	}
}

func initMsg(token string) string {
	if token == "" {
		return `{"type":"connection_init","payload":{}}`
	}
	return `{"type":"connection_init","payload":{"Authorization":"Bearer ` + token + `"}}`
}

// TestWebsocketCloseCodes: graphql-transport-ws by the protocol, checked with a real client:
// a bad, expired or missing token at connection_init closes with 4403 and a reason; no
// connection_init in time closes with 4408; a token expiring mid-socket closes it with 4403.
func TestWebsocketCloseCodes(t *testing.T) {
	h := apptest.New(t)
	url := socketServer(t, h, graph.WebsocketLimits{InitTimeout: 500 * time.Millisecond})
	expired, err := auth.Sign(apptest.Secret, auth.Claims{Subject: "mod", Roles: []string{"moderator"}, TTL: -time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for name, token := range map[string]string{
		"bad token":     "not-a-token",
		"expired token": expired,
		"anonymous":     "",
	} {
		c, _, err := rawDial(t, url)
		if err != nil {
			t.Fatal(err)
		}
		sendRaw(t, c, initMsg(token))
		code, reason, seen := closeOf(t, c, 5*time.Second)
		if code != 4403 || !strings.HasPrefix(reason, "Forbidden") {
			t.Errorf("%s: closed %d %q (after %v), want 4403 Forbidden", name, code, reason, seen)
		}
		for _, m := range seen {
			if strings.Contains(m, "connection_ack") {
				t.Errorf("%s: acknowledged", name)
			}
		}
	}

	t.Run("connection_init too late", func(t *testing.T) {
		c, _, err := rawDial(t, url)
		if err != nil {
			t.Fatal(err)
		}
		if code, reason, _ := closeOf(t, c, 5*time.Second); code != 4408 {
			t.Errorf("closed %d %q, want 4408", code, reason)
		}
	})

	t.Run("token expiring mid-socket", func(t *testing.T) {
		short, err := auth.Sign(apptest.Secret, auth.Claims{Subject: "mod", Roles: []string{"moderator"}, TTL: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		c, _, err := rawDial(t, url)
		if err != nil {
			t.Fatal(err)
		}
		sendRaw(t, c, initMsg(short))
		sendRaw(t, c, `{"id":"1","type":"subscribe","payload":{"query":"{ viewer { subject } }"}}`)
		code, reason, seen := closeOf(t, c, 10*time.Second)
		if code != 4403 || !strings.Contains(reason, "expired") {
			t.Errorf("at expiry: closed %d %q, want 4403 token expired", code, reason)
		}
		if len(seen) == 0 || !strings.Contains(seen[0], "connection_ack") {
			t.Errorf("before expiry the socket worked: %v", seen)
		}
	})
}

// TestIdleSocketsAreClosed: a socket that never answers the server's pings is closed.
func TestIdleSocketsAreClosed(t *testing.T) {
	h := apptest.New(t)
	url := socketServer(t, h, graph.WebsocketLimits{PingInterval: 200 * time.Millisecond})
	c, _, err := rawDial(t, url)
	if err != nil {
		t.Fatal(err)
	}
	sendRaw(t, c, initMsg(h.Token("mod", "moderator")))
	start := time.Now()
	closeOf(t, c, 5*time.Second)
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("closed after %s, before a ping went unanswered", d)
	}
}

// TestSocketCaps: sockets beyond the per-client or the total cap are refused before the upgrade
// with 429; closing one makes room again.
func TestSocketCaps(t *testing.T) {
	h := apptest.New(t)
	for name, limits := range map[string]graph.WebsocketLimits{
		"per client": {MaxPerClient: 2, MaxConnections: 100},
		"in total":   {MaxPerClient: 100, MaxConnections: 2},
	} {
		url := socketServer(t, h, limits)
		var open []*coderws.Conn
		for range 2 {
			c, _, err := rawDial(t, url)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			sendRaw(t, c, initMsg(h.Token("mod", "moderator")))
			open = append(open, c)
		}
		_, res, err := rawDial(t, url)
		if err == nil || res == nil || res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
			t.Fatalf("%s: a third socket: %v %+v", name, err, res)
		}
		open[0].Close(coderws.StatusNormalClosure, "")
		deadline := time.Now().Add(5 * time.Second)
		for {
			c, _, err := rawDial(t, url)
			if err == nil {
				c.CloseNow()
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: no room after a socket closed: %v", name, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

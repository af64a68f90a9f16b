package apptest

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	coderws "github.com/coder/websocket"
)

// WSMessage is one graphql-transport-ws message.
type WSMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// WSClient is a graphql-transport-ws client of a test Haven, for subscription tests.
type WSClient struct {
	t        testing.TB
	conn     *coderws.Conn
	messages chan WSMessage
	closed   chan error
}

// DialWS opens a graphql-transport-ws connection to h's GraphQL endpoint, closed when the test
// ends.
func (h *Hub) DialWS(t testing.TB) *WSClient {
	t.Helper()
	srv := httptest.NewServer(h.Handler())
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, _, err := coderws.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/graphql",
		&coderws.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { conn.CloseNow() })
	c := &WSClient{t: t, conn: conn, messages: make(chan WSMessage, 64), closed: make(chan error, 1)}
	// One reader for the connection's life: coder/websocket closes a connection whose Read is
	// cancelled, so timeouts are taken on this channel instead.
	go func() {
		for {
			_, b, err := conn.Read(context.Background())
			if err != nil {
				c.closed <- err
				return
			}
			var m WSMessage
			if json.Unmarshal(b, &m) == nil && m.Type != "ping" && m.Type != "pong" && m.Type != "ka" {
				c.messages <- m
			}
		}
	}()
	return c
}

// Send writes m, failing the test if it cannot.
func (c *WSClient) Send(m WSMessage) {
	c.t.Helper()
	b, _ := json.Marshal(m)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.conn.Write(ctx, coderws.MessageText, b); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// Read returns the next message other than a ping, or an error when the connection closes or
// nothing arrives within timeout.
func (c *WSClient) Read(timeout time.Duration) (WSMessage, error) {
	select {
	case m := <-c.messages:
		return m, nil
	case err := <-c.closed:
		return WSMessage{}, err
	case <-time.After(timeout):
		return WSMessage{}, context.DeadlineExceeded
	}
}

// Init sends connection_init with token (none when empty) and returns the answer, or a message
// whose type says the connection closed.
func (c *WSClient) Init(token string) WSMessage {
	c.t.Helper()
	payload := map[string]any{}
	if token != "" {
		payload["Authorization"] = "Bearer " + token
	}
	raw, _ := json.Marshal(payload)
	c.Send(WSMessage{Type: "connection_init", Payload: raw})
	m, err := c.Read(5 * time.Second)
	if err != nil {
		return WSMessage{Type: "closed: " + err.Error()}
	}
	return m
}

// Subscribe starts subscription "1" with query.
func (c *WSClient) Subscribe(query string) {
	raw, _ := json.Marshal(map[string]any{"query": query})
	c.Send(WSMessage{ID: "1", Type: "subscribe", Payload: raw})
}

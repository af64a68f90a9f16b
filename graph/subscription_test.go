package graph_test

import (
	"strings"
	"testing"
	"time"

	"haven/apptest"
	"haven/auth"
)

type (
	wsMessage = apptest.WSMessage
	wsClient  = apptest.WSClient
)

func dialWS(t *testing.T, h *apptest.Hub) *wsClient { return h.DialWS(t) }

const queueSubscription = `subscription { moderationQueueChanged { submissionID action status at } }`

// submitUntilHeard submits fresh submissions until the subscriber hears one: the subscription is
// registered asynchronously after the subscribe message, so the first change may come too early.
func submitUntilHeard(t *testing.T, actor *apptest.Hub, c *wsClient) wsMessage {
	t.Helper()
	creator := actor.Token("ws-creator", "creator")
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var created struct{ CreateSubmission struct{ ID string } }
		actor.Query(creator, `mutation { createSubmission(input: {kind: ARTICLE, title: "Sleep and mood", summary: "Why sleep matters.", body: "Text."}) { id } }`, nil, &created)
		actor.Query(creator, `mutation($id: ID!) { submitSubmission(id: $id, expectedVersion: 1) { id } }`,
			map[string]any{"id": created.CreateSubmission.ID}, nil)
		if m, err := c.Read(300 * time.Millisecond); err == nil {
			return m
		}
	}
	t.Fatal("the subscriber heard no queue change")
	return wsMessage{}
}

// TestModerationQueueSubscription: a moderator connected over graphql-transport-ws hears a
// submission entering the queue.
func TestModerationQueueSubscription(t *testing.T) {
	h := apptest.New(t)
	h.Creator("ws.creator").Owner("ws-creator").Create()
	c := dialWS(t, h)
	if m := c.Init(h.Token("mod", "moderator")); m.Type != "connection_ack" {
		t.Fatalf("init answered %+v", m)
	}
	c.Subscribe(queueSubscription)
	m := submitUntilHeard(t, h, c)
	if m.Type != "next" || !strings.Contains(string(m.Payload), `"action":"submit"`) || !strings.Contains(string(m.Payload), `"status":"SUBMITTED"`) {
		t.Fatalf("heard %s %s", m.Type, m.Payload)
	}
}

// TestModerationQueueSubscriptionRefusals: a bad token, or none (no subscription is open to
// anonymous viewers), closes the connection with 4403; a non-moderator subscription is refused
// with its code.
func TestModerationQueueSubscriptionRefusals(t *testing.T) {
	h := apptest.New(t)
	for _, token := range []string{"not-a-token", ""} {
		bad := dialWS(t, h)
		if m := bad.Init(token); !strings.Contains(m.Type, "4403") {
			t.Fatalf("token %q: init answered %+v, want the socket closed with 4403", token, m)
		}
	}
	for _, tc := range []struct{ token, code string }{
		{h.Token("pub", "publisher"), "FORBIDDEN"},
	} {
		c := dialWS(t, h)
		if m := c.Init(tc.token); m.Type != "connection_ack" {
			t.Fatalf("init answered %+v", m)
		}
		c.Subscribe(queueSubscription)
		m, err := c.Read(5 * time.Second)
		if err != nil || m.Type != "error" && m.Type != "next" || !strings.Contains(string(m.Payload), tc.code) {
			t.Fatalf("token %q: got %+v, %v; want an error with %s", tc.token, m, err, tc.code)
		}
	}
}

// TestModerationQueueSubscriptionAcrossReplicas: on PostgreSQL, a change made through one
// replica reaches a subscriber of another (LISTEN/NOTIFY, delivered on commit).
func TestModerationQueueSubscriptionAcrossReplicas(t *testing.T) {
	if !apptest.Postgres() {
		t.Skip("replicas share a database only on PostgreSQL; set TEST_DATABASE_URL")
	}
	a := apptest.New(t)
	a.Creator("ws.creator").Owner("ws-creator").Create()
	b := apptest.New(t, apptest.Options{Driver: a.Config.Driver, DSN: a.Config.DSN})
	c := dialWS(t, b)
	if m := c.Init(b.Token("mod", "moderator")); m.Type != "connection_ack" {
		t.Fatalf("init answered %+v", m)
	}
	c.Subscribe(queueSubscription)
	if m := submitUntilHeard(t, a, c); m.Type != "next" {
		t.Fatalf("heard %+v", m)
	}
}

// TestSubscriptionEndsWhenTheTokenExpires: a long-lived connection does not outlive the token
// that opened it: at the token's expiry the subscription completes or the socket closes with
// 4403 (whichever the client hears first; both happen).
func TestSubscriptionEndsWhenTheTokenExpires(t *testing.T) {
	h := apptest.New(t)
	short, err := auth.Sign(apptest.Secret, auth.Claims{Subject: "mod", Roles: []string{"moderator"}, TTL: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c := dialWS(t, h)
	if m := c.Init(short); m.Type != "connection_ack" {
		t.Fatalf("init answered %+v", m)
	}
	c.Subscribe(queueSubscription)
	m, err := c.Read(10 * time.Second)
	if err == nil && m.Type == "complete" {
		m, err = c.Read(5 * time.Second)
	}
	if err == nil || !strings.Contains(err.Error(), "4403") {
		t.Fatalf("at expiry: %+v, %v; want the socket closed with 4403", m, err)
	}
}

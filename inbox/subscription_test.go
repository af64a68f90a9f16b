package inbox_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"haven/apptest"
)

type ws = apptest.WSClient

const addedSubscription = `subscription { notificationAdded { id kind entityType entityID title actor read } }`

// subscribe connects to h as token's viewer and subscribes to notificationAdded.
func subscribe(t *testing.T, h *apptest.Hub, token string) *ws {
	t.Helper()
	c := h.DialWS(t)
	if m := c.Init(token); m.Type != "connection_ack" {
		t.Fatalf("init: %+v", m)
	}
	c.Subscribe(addedSubscription)
	return c
}

type added struct {
	NotificationAdded note `json:"notificationAdded"`
}

// submitUntilHeard has ctx's viewer submit fresh submissions on actor until c hears one (the
// subscription registers asynchronously after the subscribe message) and returns what c heard
// first and the titles submitted.
func submitUntilHeard(t *testing.T, w *world, ctx context.Context, c *ws) (note, map[string]bool) {
	t.Helper()
	titles := map[string]bool{}
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		s := w.draft(ctx, nil)
		w.ok(w.h.Workflow.Submit(ctx, s.ID, s.Version))
		titles[s.Title] = true
		if m, err := c.Read(300 * time.Millisecond); err == nil {
			if m.Type != "next" {
				t.Fatalf("heard %s %s", m.Type, m.Payload)
			}
			var p struct{ Data added }
			if err := json.Unmarshal(m.Payload, &p); err != nil {
				t.Fatal(err)
			}
			return p.Data.NotificationAdded, titles
		}
	}
	t.Fatal("the subscriber heard nothing")
	return note{}, nil
}

// hearsOwnOnly checks that two subscribers each hear their own submissions first and never the
// other's, with decisions made through actor (the same replica as the subscribers, or another).
func hearsOwnOnly(t *testing.T, w *world, actor *world, subscriberHub *apptest.Hub) *ws {
	jeff := subscribe(t, subscriberHub, w.jeffT)
	olga := subscribe(t, subscriberHub, w.olgaT)
	heard, titles := submitUntilHeard(t, actor, actor.jeff, jeff)
	if heard.Kind != "SUBMITTED" || !titles[deref(heard.Title)] || heard.Read || heard.Actor != "jeff" {
		t.Fatalf("jeff heard %+v", heard)
	}
	heard, titles = submitUntilHeard(t, actor, actor.olga, olga)
	if !titles[deref(heard.Title)] {
		t.Fatalf("olga first heard %+v, which is not hers", heard)
	}
	return jeff
}

// TestNotificationAddedSubscription: a signed-in viewer subscribed over graphql-transport-ws
// hears each notification written for them, and only theirs.
func TestNotificationAddedSubscription(t *testing.T) {
	w := newWorld(t)
	hearsOwnOnly(t, w, w, w.h)
}

// TestNotificationAddedAcrossReplicas: on PostgreSQL, a decision made through one replica reaches
// a subscriber of another (LISTEN/NOTIFY, delivered on commit), and only the right subscriber:
// the author's own submissions and then a moderator's approval.
func TestNotificationAddedAcrossReplicas(t *testing.T) {
	if !apptest.Postgres() {
		t.Skip("replicas share a database only on PostgreSQL; set TEST_DATABASE_URL")
	}
	a := newWorld(t)
	b := apptest.New(t, apptest.Options{Driver: a.h.Config.Driver, DSN: a.h.Config.DSN})
	jeff := hearsOwnOnly(t, a, a, b)

	// A moderator's decision through replica a reaches jeff's subscription on replica b.
	s := a.draft(a.jeff, nil)
	s = a.ok(a.h.Workflow.Submit(a.jeff, s.ID, s.Version))
	a.ok(a.h.Workflow.Approve(a.mod, s.ID, s.Version, "", nil))
	for {
		m, err := jeff.Read(10 * time.Second)
		if err != nil {
			t.Fatalf("jeff did not hear the approval: %v", err)
		}
		var p struct{ Data added }
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			t.Fatal(err)
		}
		if n := p.Data.NotificationAdded; n.Kind == "APPROVED" {
			if deref(n.Title) != s.Title || n.Actor != "staff" {
				t.Fatalf("jeff heard %+v", n)
			}
			return
		}
	}
}

package webhook_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"haven/apptest"
	"haven/ent"
	"haven/ent/webhookdelivery"
	"haven/webhook"
)

// TestPruneDeletesFinishedDeliveriesPastRetention: a delivered delivery and a finally failed one
// stay while younger than the retention and go once the clock passes it; a delivery still being
// retried is never deleted, however old its event.
func TestPruneDeletesFinishedDeliveriesPastRetention(t *testing.T) {
	h := newHub(t)
	h.Webhooks.Retention = 7 * 24 * time.Hour
	rc := newReceiver(t, h.Clock.Now)
	failing := map[string]bool{}
	rc.setAnswer(func(id string, _ int) int {
		if failing[id] {
			return http.StatusServiceUnavailable
		}
		return http.StatusNoContent
	})
	ep := register(t, h, rc.srv.URL, webhook.ReportOpened)
	rc.setSecret(ep.Secret)

	// One delivered now.
	openReports(t, h, 1)
	runOnce(t, h.Webhooks)
	delivered := deliveries(t, h)[0]
	if delivered.Status != webhookdelivery.StatusDELIVERED {
		t.Fatalf("first delivery %s, want DELIVERED", delivered.Status)
	}
	// One that fails until it gives up a day later.
	openReports(t, h, 1)
	failed := deliveries(t, h)[1]
	failing[failed.MessageID] = true
	for i := 0; i < 100 && deliveryStatus(t, h, failed.ID) == webhookdelivery.StatusPENDING; i++ {
		runOnce(t, h.Webhooks)
		h.Clock.Set(nextAttempt(t, h, failed.ID))
	}
	if st := deliveryStatus(t, h, failed.ID); st != webhookdelivery.StatusFAILED {
		t.Fatalf("second delivery %s, want FAILED", st)
	}
	// One that keeps failing and is retried for ever: an admin retries it whenever it fails, and
	// enables the endpoint that a day of failures disabled.
	enable(t, h, ep.Endpoint.ID)
	openReports(t, h, 1)
	retrying := deliveries(t, h)[2]
	failing[retrying.MessageID] = true
	runOnce(t, h.Webhooks)

	pruned := func() webhook.Pruned {
		t.Helper()
		p, err := h.Webhooks.Prune(context.Background())
		if err != nil {
			t.Fatalf("prune: %v", err)
		}
		return p
	}
	if p := pruned(); p.Deliveries != 0 {
		t.Fatalf("pruned %d young deliveries", p.Deliveries)
	}
	// Six days on the failed one's last attempt is younger than the retention, the delivered
	// one (a day older) is past it.
	h.Clock.Advance(6 * 24 * time.Hour)
	keepRetrying(t, h, ep.Endpoint.ID, retrying.ID)
	if p := pruned(); p.Deliveries != 1 || exists(t, h, delivered.ID) || !exists(t, h, failed.ID) {
		t.Fatalf("after 7 days: pruned %d; delivered kept %v, failed kept %v", p.Deliveries, exists(t, h, delivered.ID), exists(t, h, failed.ID))
	}
	h.Clock.Advance(24*time.Hour + time.Minute)
	keepRetrying(t, h, ep.Endpoint.ID, retrying.ID)
	if p := pruned(); p.Deliveries != 1 || exists(t, h, failed.ID) {
		t.Fatalf("after 8 days: pruned %d; failed kept %v", p.Deliveries, exists(t, h, failed.ID))
	}
	h.Clock.Advance(365 * 24 * time.Hour)
	keepRetrying(t, h, ep.Endpoint.ID, retrying.ID)
	if p := pruned(); p.Deliveries != 0 {
		t.Fatalf("pruned %d deliveries still being retried", p.Deliveries)
	}
	d := deliveries(t, h)
	if len(d) != 1 || d[0].ID != retrying.ID || d[0].Status != webhookdelivery.StatusPENDING {
		t.Fatalf("left %d deliveries, want only the retried one, PENDING", len(d))
	}
}

// keepRetrying lets the delivery fail once more and, if it was marked failed, retries it as an
// admin: it stays PENDING with an old event and an old first attempt.
func keepRetrying(t *testing.T, h *apptest.Hub, endpointID, id int) {
	t.Helper()
	enable(t, h, endpointID)
	if n := runOnce(t, h.Webhooks); n != 1 {
		t.Fatalf("took %d deliveries, want the retried one", n)
	}
	if deliveryStatus(t, h, id) == webhookdelivery.StatusFAILED {
		if _, err := h.Webhooks.Retry(h.Ctx("admin-1", "admin"), id); err != nil {
			t.Fatal(err)
		}
	}
	if st := deliveryStatus(t, h, id); st != webhookdelivery.StatusPENDING {
		t.Fatalf("retried delivery %s, want PENDING", st)
	}
}

func enable(t *testing.T, h *apptest.Hub, endpointID int) {
	t.Helper()
	if _, err := h.Webhooks.SetEnabled(h.Ctx("admin-1", "admin"), endpointID, true); err != nil {
		t.Fatal(err)
	}
}

func deliveryStatus(t *testing.T, h *apptest.Hub, id int) webhookdelivery.Status {
	t.Helper()
	d, err := h.Client().WebhookDelivery.Get(admin(context.Background()), id)
	if err != nil {
		t.Fatal(err)
	}
	return d.Status
}

func nextAttempt(t *testing.T, h *apptest.Hub, id int) time.Time {
	t.Helper()
	d, err := h.Client().WebhookDelivery.Get(admin(context.Background()), id)
	if err != nil {
		t.Fatal(err)
	}
	return d.NextAttemptAt
}

func exists(t *testing.T, h *apptest.Hub, id int) bool {
	t.Helper()
	ok, err := h.Client().WebhookDelivery.Query().Where(webhookdelivery.ID(id)).Exist(admin(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// TestPruneInBatches: old finished deliveries are deleted PruneBatch at a time, each batch its
// own statement, until none is left; pending ones and young finished ones stay.
func TestPruneInBatches(t *testing.T) {
	h := newHub(t)
	h.Webhooks.PruneBatch = 3
	ep := register(t, h, "http://127.0.0.1:1/hook", webhook.ReportOpened)
	now := h.Clock.Now()
	old := now.Add(-webhook.DefaultRetention - time.Hour)
	young := now.Add(-webhook.DefaultRetention + time.Hour)
	ctx := admin(context.Background())
	seq := 0
	add := func(status webhookdelivery.Status, at time.Time) int {
		t.Helper()
		seq++
		c := h.Client().WebhookDelivery.Create().SetEndpointID(ep.Endpoint.ID).SetMessageID("msg_fixture").
			SetEventType(webhook.ReportOpened).SetAuditEventID(seq).SetPayload("{}").SetStatus(status).
			SetAttempts(1).SetNextAttemptAt(at.Add(40 * time.Second)).SetLastAttemptAt(at).
			SetGiveUpAt(at.Add(webhook.RetryFor)).SetCreatedAt(at)
		if status == webhookdelivery.StatusDELIVERED {
			c.SetDeliveredAt(at.Add(time.Second))
		}
		if status == webhookdelivery.StatusPENDING {
			c.SetNextAttemptAt(at) // long overdue: its endpoint was disabled meanwhile
		}
		d, err := c.Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	var keep []int
	for i := 0; i < 5; i++ {
		add(webhookdelivery.StatusDELIVERED, old)
		add(webhookdelivery.StatusFAILED, old)
	}
	keep = append(keep, add(webhookdelivery.StatusPENDING, old), add(webhookdelivery.StatusDELIVERED, young),
		add(webhookdelivery.StatusFAILED, young))

	p, err := h.Webhooks.Prune(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// 10 rows, 3 a batch: 3+3+3+1, the short batch ends it.
	if p.Deliveries != 10 || p.Batches != 4 {
		t.Fatalf("pruned %d in %d batches, want 10 in 4", p.Deliveries, p.Batches)
	}
	left, err := h.Client().WebhookDelivery.Query().Order(ent.Asc(webhookdelivery.FieldID)).IDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != len(keep) || left[0] != keep[0] || left[1] != keep[1] || left[2] != keep[2] {
		t.Fatalf("left %v, want %v", left, keep)
	}
	if p, err := h.Webhooks.Prune(context.Background()); err != nil || p.Deliveries != 0 || p.Batches != 1 {
		t.Fatalf("second prune: %+v, %v", p, err)
	}
}

// TestRunPrunesAtStart: the delivery worker prunes when it starts, without waiting an interval.
func TestRunPrunesAtStart(t *testing.T) {
	h := newHub(t)
	h.Webhooks.Retention = time.Hour
	rc := newReceiver(t, h.Clock.Now)
	rc.setSecret(register(t, h, rc.srv.URL, webhook.ReportOpened).Secret)
	openReports(t, h, 2)
	runOnce(t, h.Webhooks)
	h.Clock.Advance(2 * time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.Webhooks.Run(ctx, time.Hour, func(err error) { t.Errorf("worker: %v", err) })
	}()
	deadline := time.Now().Add(10 * time.Second)
	for len(deliveries(t, h)) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	if n := len(deliveries(t, h)); n != 0 {
		t.Fatalf("%d delivered deliveries past the retention left after the worker started", n)
	}
}

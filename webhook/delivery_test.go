package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"haven/apptest"
	"haven/database"
	"haven/ent"
	"haven/ent/notification"
	"haven/ent/webhookdelivery"
	"haven/ent/webhookendpoint"
	"haven/webhook"
)

// TestDeliveredSignedOnce: each recorded event reaches the receiver once, signed so that the
// receiver's check (Standard Webhooks) passes, and a second pass sends nothing.
func TestDeliveredSignedOnce(t *testing.T) {
	h := newHub(t)
	rc := newReceiver(t, h.Clock.Now)
	ep := register(t, h, rc.srv.URL, webhook.ReportOpened)
	rc.setSecret(ep.Secret)
	if !strings.HasPrefix(ep.Secret, "whsec_") {
		t.Fatalf("secret %q lacks the whsec_ prefix", ep.Secret)
	}
	openReports(t, h, 3)
	if n := runOnce(t, h.Webhooks); n != 3 {
		t.Fatalf("took %d deliveries, want 3", n)
	}
	got := rc.received()
	if len(got) != 3 {
		t.Fatalf("receiver got %d requests, want 3", len(got))
	}
	for _, g := range got {
		if g.Verified != nil {
			t.Errorf("signature of %s: %v", g.ID, g.Verified)
		}
		if g.Type != webhook.ReportOpened {
			t.Errorf("type %q, want %q", g.Type, webhook.ReportOpened)
		}
	}
	if n := runOnce(t, h.Webhooks); n != 0 || len(rc.received()) != 3 {
		t.Fatalf("second pass took %d, receiver has %d; want nothing more", n, len(rc.received()))
	}
	for _, d := range deliveries(t, h) {
		if d.Status != webhookdelivery.StatusDELIVERED || d.Attempts != 1 || d.LastStatusCode == nil || *d.LastStatusCode != 204 {
			t.Errorf("delivery %d: %s after %d attempts, status code %v", d.ID, d.Status, d.Attempts, d.LastStatusCode)
		}
	}
	// A tampered body or another secret fails the receiver's check.
	g := got[0]
	hdr := http.Header{}
	sig, _ := webhook.Sign(ep.Secret, g.ID, h.Clock.Now(), g.Body)
	hdr.Set("webhook-id", g.ID)
	hdr.Set("webhook-timestamp", fmt.Sprint(h.Clock.Now().Unix()))
	hdr.Set("webhook-signature", sig)
	if err := webhook.Verify(ep.Secret, hdr, append([]byte(nil), append(g.Body, ' ')...), h.Clock.Now(), time.Minute); err == nil {
		t.Error("a tampered body verified")
	}
	if err := webhook.Verify(webhook.NewSecret(), hdr, g.Body, h.Clock.Now(), time.Minute); err == nil {
		t.Error("another secret verified")
	}
}

// retryDelays drives one failing delivery through its attempts, advancing the manual clock to
// each next attempt (and checking that nothing is sent a second early), and returns the delays.
func retryDelays(t *testing.T, h *apptest.Hub, s *webhook.Service, failures int) []time.Duration {
	t.Helper()
	var delays []time.Duration
	for i := 0; i < failures; i++ {
		if n := runOnce(t, s); n != 1 {
			t.Fatalf("attempt %d: took %d deliveries, want 1", i+1, n)
		}
		d := deliveries(t, h)[0]
		if d.Status != webhookdelivery.StatusPENDING || d.Attempts != i+1 {
			t.Fatalf("after failure %d: %s, %d attempts", i+1, d.Status, d.Attempts)
		}
		delay := d.NextAttemptAt.Sub(*d.LastAttemptAt)
		delays = append(delays, delay)
		h.Clock.Advance(delay - time.Second)
		if n := runOnce(t, s); n != 0 {
			t.Fatalf("retry %d sent before its time", i+1)
		}
		h.Clock.Advance(time.Second)
	}
	for i := 1; i < len(delays); i++ {
		if delays[i] <= delays[i-1] {
			t.Fatalf("delays do not grow: %v", delays)
		}
	}
	return delays
}

// TestRetriesAfterServerErrors: 500s are retried with growing delays until the receiver takes it.
func TestRetriesAfterServerErrors(t *testing.T) {
	h := newHub(t)
	rc := newReceiver(t, h.Clock.Now)
	rc.setAnswer(func(_ string, attempt int) int {
		if attempt <= 4 {
			return http.StatusInternalServerError
		}
		return http.StatusOK
	})
	rc.setSecret(register(t, h, rc.srv.URL, webhook.ReportOpened).Secret)
	openReports(t, h, 1)
	delays := retryDelays(t, h, h.Webhooks, 4)
	if delays[0] < 20*time.Second || delays[0] > 40*time.Second {
		t.Errorf("first delay %v, want about %v", delays[0], webhook.FirstRetry)
	}
	if d := deliveries(t, h)[0]; d.LastError == nil || *d.LastError != "HTTP_500" {
		t.Errorf("last error %v, want HTTP_500", d.LastError)
	}
	if n := runOnce(t, h.Webhooks); n != 1 {
		t.Fatalf("fifth attempt took %d", n)
	}
	d := deliveries(t, h)[0]
	if d.Status != webhookdelivery.StatusDELIVERED || d.Attempts != 5 {
		t.Fatalf("after the fifth attempt: %s, %d attempts", d.Status, d.Attempts)
	}
	got := rc.received()
	if len(got) != 5 {
		t.Fatalf("receiver saw %d attempts, want 5", len(got))
	}
	for _, g := range got {
		if g.ID != got[0].ID || string(g.Body) != string(got[0].Body) || g.Verified != nil {
			t.Fatalf("a retry differs or does not verify: id %s (first %s), verify %v", g.ID, got[0].ID, g.Verified)
		}
	}
	if ep, _ := h.Client().WebhookEndpoint.Query().Only(admin(context.Background())); ep.FailingSince != nil {
		t.Errorf("a delivered endpoint is still failing since %v", ep.FailingSince)
	}
}

// TestRetriesAfterTimeouts: a receiver that does not answer within the timeout is retried with
// growing delays.
func TestRetriesAfterTimeouts(t *testing.T) {
	h := apptest.New(t)
	allowLoopback(h.Webhooks, 200*time.Millisecond)
	rc := newReceiver(t, h.Clock.Now)
	rc.setAnswer(func(_ string, attempt int) int {
		if attempt <= 3 {
			return 0 // hang until the client gives up
		}
		return http.StatusOK
	})
	rc.setSecret(register(t, h, rc.srv.URL, webhook.ReportOpened).Secret)
	openReports(t, h, 1)
	retryDelays(t, h, h.Webhooks, 3)
	if d := deliveries(t, h)[0]; d.LastError == nil || *d.LastError != "TIMEOUT" {
		t.Errorf("last error %v, want TIMEOUT", d.LastError)
	}
	runOnce(t, h.Webhooks)
	if d := deliveries(t, h)[0]; d.Status != webhookdelivery.StatusDELIVERED || d.Attempts != 4 {
		t.Fatalf("after the fourth attempt: %s, %d attempts", d.Status, d.Attempts)
	}
}

// TestEachEventOnceAfterRestart: a worker that stops half way, and a new Haven on the same
// database that takes over, send every event exactly once between them; a delivery whose worker
// died mid-attempt is sent again once its lease ends, not lost.
func TestEachEventOnceAfterRestart(t *testing.T) {
	h := newHub(t)
	rc := newReceiver(t, h.Clock.Now)
	rc.setSecret(register(t, h, rc.srv.URL, webhook.ReportOpened).Secret)
	openReports(t, h, webhook.Batch+5)
	if n := runOnce(t, h.Webhooks); n != webhook.Batch {
		t.Fatalf("first worker took %d, want %d", n, webhook.Batch)
	}
	// The restart: a second Haven (a new process) on the same database.
	h2 := apptest.New(t, apptest.Options{DSN: h.Config.DSN, Driver: h.Config.Driver})
	allowLoopback(h2.Webhooks, time.Second)
	h2.Clock.Set(h.Clock.Now())
	if n := runOnce(t, h2.Webhooks); n != 5 {
		t.Fatalf("the restarted worker took %d, want 5", n)
	}
	runOnce(t, h2.Webhooks)
	got := rc.delivered()
	if len(got) != webhook.Batch+5 {
		t.Fatalf("receiver has %d events, want %d", len(got), webhook.Batch+5)
	}
	for id, n := range got {
		if n != 1 {
			t.Errorf("event %s received %d times", id, n)
		}
	}

	// A worker killed mid-attempt: its request never finishes and its outcome is never written.
	stuck := make(chan struct{})
	rc.setAnswer(func(string, int) int { close(stuck); return 0 })
	openReports(t, h, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _, _ = h.Webhooks.RunOnce(ctx) }()
	<-stuck
	cancel()
	<-done
	rc.setAnswer(func(string, int) int { return http.StatusOK })
	if n := runOnce(t, h2.Webhooks); n != 0 {
		t.Fatal("another worker took a delivery under a live lease")
	}
	h2.Clock.Advance(2 * time.Minute) // past the dead worker's lease
	if n := runOnce(t, h2.Webhooks); n != 1 {
		t.Fatalf("after the lease the delivery was taken %d times, want 1", n)
	}
	if got := rc.delivered(); len(got) != webhook.Batch+6 {
		t.Fatalf("receiver has %d events, want %d", len(got), webhook.Batch+6)
	}
}

// TestTwoWorkersNeverSendTheSameDeliveryAtOnce: two replicas' workers drain one outbox together;
// every delivery is sent exactly once and never by both at the same time. On PostgreSQL the
// second worker is a second Haven with its own connection pool (SKIP LOCKED claims); on SQLite,
// which one process serves, it is a second worker on the same database.
func TestTwoWorkersNeverSendTheSameDeliveryAtOnce(t *testing.T) {
	h := newHub(t)
	rc := newReceiver(t, h.Clock.Now)
	rc.setSecret(register(t, h, rc.srv.URL, webhook.ReportOpened).Secret)
	const events = 60
	openReports(t, h, events)

	second := webhook.New(h.Client(), h.Clock, h.Audit, h.DB.Dialect, webhook.ClientOptions{AllowLoopback: true, Timeout: time.Second, Resolver: fakeResolver{}})
	if apptest.Postgres() {
		h2 := apptest.New(t, apptest.Options{DSN: h.Config.DSN, Driver: h.Config.Driver})
		h2.Clock = h.Clock
		second = webhook.New(h2.Client(), h.Clock, h2.Audit, h2.DB.Dialect, webhook.ClientOptions{AllowLoopback: true, Timeout: time.Second, Resolver: fakeResolver{}})
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	taken := make([]int, 2)
	for i, s := range []*webhook.Service{h.Webhooks, second} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n, err := s.RunOnce(context.Background())
				if err != nil {
					errs <- err
					return
				}
				taken[i] += n
				if n == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if taken[0]+taken[1] != events {
		t.Fatalf("workers took %d and %d deliveries, want %d in all", taken[0], taken[1], events)
	}
	got := rc.delivered()
	if len(got) != events {
		t.Fatalf("receiver has %d events, want %d", len(got), events)
	}
	for id, n := range got {
		if n != 1 {
			t.Errorf("event %s received %d times", id, n)
		}
	}
	if len(rc.overlap) > 0 {
		t.Errorf("sent concurrently twice: %v", rc.overlap)
	}
	t.Logf("first worker took %d, second %d", taken[0], taken[1])
}

// TestRolledBackChangeEnqueuesNothing: the outbox row is written in the change's transaction, so
// a change that rolls back leaves none.
func TestRolledBackChangeEnqueuesNothing(t *testing.T) {
	h := newHub(t)
	register(t, h, "https://hooks.example.com/haven", webhook.SubmissionDecided, webhook.ReportOpened)
	h.Creator("roll.back").Owner("creator-1").Create()
	cctx := h.Ctx("creator-1", "creator")
	s := createSubmitted(t, h, cctx, "Grounding")

	mctx := h.Ctx("mod-1", "moderator")
	rollback := errors.New("roll back")
	var inside int
	err := database.WithTx(mctx, h.Client(), func(ctx context.Context, tx *ent.Tx) error {
		if _, err := h.Workflow.Approve(ctx, s.ID, s.Version, "", nil); err != nil {
			return err
		}
		n, err := tx.WebhookDelivery.Query().Count(admin(ctx))
		if err != nil {
			return err
		}
		inside = n
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatalf("transaction: %v", err)
	}
	if inside != 1 {
		t.Fatalf("inside the decision's transaction %d deliveries, want 1 (the observer did not write)", inside)
	}
	if ds := deliveries(t, h); len(ds) != 0 {
		t.Fatalf("%d deliveries after the rollback, want none", len(ds))
	}
	// The same decision committed enqueues one.
	if _, err := h.Workflow.Approve(mctx, s.ID, s.Version, "", nil); err != nil {
		t.Fatal(err)
	}
	ds := deliveries(t, h)
	if len(ds) != 1 || ds[0].EventType != webhook.SubmissionDecided {
		t.Fatalf("after the commit: %d deliveries %v", len(ds), ds)
	}
}

// alerter records the endpoints disabled, and checks the disabling is visible in its transaction.
type alerter struct {
	calls []string
	err   error
}

func (a *alerter) EndpointDisabled(ctx context.Context, tx *ent.Tx, id int, url string) error {
	ep, err := tx.WebhookEndpoint.Get(admin(ctx), id)
	if err != nil {
		return err
	}
	if ep.Enabled {
		a.err = errors.New("alerted while the endpoint is still enabled")
	}
	a.calls = append(a.calls, fmt.Sprintf("%d %s", id, url))
	return nil
}

// TestEndpointDisabledAfterADayOfFailures: an endpoint that fails for a day is disabled, the
// admins are alerted once, and its delivery is marked failed; an admin can enable it and retry.
func TestEndpointDisabledAfterADayOfFailures(t *testing.T) {
	h := newHub(t)
	al := &alerter{}
	h.Webhooks.Alerter = al
	rc := newReceiver(t, h.Clock.Now)
	var failing atomic.Bool
	failing.Store(true)
	rc.setAnswer(func(string, int) int {
		if failing.Load() {
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	})
	ep := register(t, h, rc.srv.URL, webhook.ReportOpened)
	rc.setSecret(ep.Secret)
	openReports(t, h, 1)
	start := h.Clock.Now()
	for i := 0; i < 100; i++ {
		runOnce(t, h.Webhooks)
		d := deliveries(t, h)[0]
		if d.Status != webhookdelivery.StatusPENDING {
			break
		}
		h.Clock.Set(d.NextAttemptAt)
	}
	d := deliveries(t, h)[0]
	if d.Status != webhookdelivery.StatusFAILED {
		t.Fatalf("delivery %s after %d attempts, want FAILED", d.Status, d.Attempts)
	}
	if elapsed := d.LastAttemptAt.Sub(start); elapsed < webhook.RetryFor {
		t.Fatalf("gave up after %v, want a day", elapsed)
	}
	got, err := h.Client().WebhookEndpoint.Get(admin(context.Background()), ep.Endpoint.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Enabled || got.DisabledReason == nil {
		t.Fatalf("endpoint enabled=%v reason=%v after a day of failures", got.Enabled, got.DisabledReason)
	}
	if want := fmt.Sprintf("%d %s", ep.Endpoint.ID, rc.srv.URL); len(al.calls) != 1 || al.calls[0] != want || al.err != nil {
		t.Fatalf("alerts %v (err %v), want [%s]", al.calls, al.err, want)
	}
	t.Logf("%d attempts over %v", d.Attempts, d.LastAttemptAt.Sub(start))

	// A new event for a disabled endpoint is not enqueued; an admin enables it and retries.
	openReports(t, h, 1)
	if n := len(deliveries(t, h)); n != 1 {
		t.Fatalf("%d deliveries, want none new for a disabled endpoint", n)
	}
	actx := h.Ctx("admin-1", "admin")
	if _, err := h.Webhooks.SetEnabled(actx, ep.Endpoint.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Webhooks.Retry(actx, d.ID); err != nil {
		t.Fatal(err)
	}
	failing.Store(false)
	runOnce(t, h.Webhooks)
	if d := deliveries(t, h)[0]; d.Status != webhookdelivery.StatusDELIVERED {
		t.Fatalf("retried delivery %s", d.Status)
	}
	if n, _ := h.Client().WebhookEndpoint.Query().Where(webhookendpoint.Enabled(true)).Count(admin(context.Background())); n != 1 {
		t.Fatal("endpoint not enabled")
	}
}

// TestDisabledEndpointNotifiesAdmins: as wired in Haven, the alert is an in-app notification to
// the admins, written in the transaction that disables the endpoint.
func TestDisabledEndpointNotifiesAdmins(t *testing.T) {
	h := newHub(t)
	if h.Webhooks.Alerter == nil {
		t.Fatal("Haven wires no Alerter")
	}
	rc := newReceiver(t, h.Clock.Now)
	rc.setAnswer(func(string, int) int { return http.StatusInternalServerError })
	ep := register(t, h, rc.srv.URL, webhook.ReportOpened)
	openReports(t, h, 1)
	for i := 0; i < 100 && deliveries(t, h)[0].Status == webhookdelivery.StatusPENDING; i++ {
		runOnce(t, h.Webhooks)
		h.Clock.Set(deliveries(t, h)[0].NextAttemptAt)
	}
	ns, err := h.Client().Notification.Query().Where(notification.KindEQ(notification.KindWEBHOOK_ENDPOINT_DISABLED)).All(admin(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 1 || ns[0].EntityID != ep.Endpoint.ID {
		t.Fatalf("endpoint-disabled notifications: %v", ns)
	}
}

package workflow_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"haven/apptest"
	"haven/ent/auditevent"
	"haven/ent/submission"
)

const cancelScheduleOp = `mutation($id: ID!, $v: Int!) { cancelScheduledPublish(id: $id, expectedVersion: $v) { id status version } }`

// approved takes a fresh submission to APPROVED.
func (c *cast) approved(title string) sub {
	c.h.T.Helper()
	s := c.do(c.creator, submitOp, "submitSubmission", vars(c.draft(c.creator, map[string]any{"title": title})))
	return c.do(c.moderator, approveOp, "approveSubmission", vars(s))
}

// TestSchedulePublish: a publisher schedules a piece; it is not live until its time; the
// scheduler then publishes it once, as the actor "system".
func TestSchedulePublish(t *testing.T) {
	c := newCast(t)
	s := c.approved("Back-to-school stress")
	now := c.h.Clock.Now()
	c.h.Fail("BAD_USER_INPUT", c.publisher, publishOp, vars(s, "at", now.Add(-time.Minute).Format(time.RFC3339)))
	c.h.Fail("BAD_USER_INPUT", c.publisher, publishOp, vars(s, "at", now.Add(400*24*time.Hour).Format(time.RFC3339)))
	s = c.do(c.publisher, publishOp, "publishSubmission", vars(s, "at", now.Add(time.Minute).Format(time.RFC3339)))
	if s.Status != "SCHEDULED" || s.Content != nil {
		t.Fatalf("after scheduling: %+v", s)
	}
	s = c.do(c.publisher, cancelScheduleOp, "cancelScheduledPublish", vars(s))
	if s.Status != "APPROVED" {
		t.Fatalf("after cancelling: %s", s.Status)
	}
	c.h.Fail("INVALID_TRANSITION", c.publisher, cancelScheduleOp, vars(s))
	s = c.do(c.publisher, publishOp, "publishSubmission", vars(s, "at", now.Add(time.Minute).Format(time.RFC3339)))

	w := c.h.Workflow
	if n, err := w.PublishDue(context.Background()); err != nil || n != 0 {
		t.Fatalf("before its time PublishDue = %d, %v", n, err)
	}
	if len(c.feedTitles()) != 0 {
		t.Fatal("scheduled content is live before its time")
	}
	c.h.Clock.Advance(61 * time.Second)
	if n, err := w.PublishDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("at its time PublishDue = %d, %v", n, err)
	}
	if n, err := w.PublishDue(context.Background()); err != nil || n != 0 {
		t.Fatalf("second run PublishDue = %d, %v", n, err)
	}
	if _, ok := c.feedTitles()["Back-to-school stress"]; !ok {
		t.Fatal("scheduled content did not go live")
	}
	ev, err := c.h.Client().AuditEvent.Query().Where(auditevent.Action("submission.publish_due")).Only(c.h.System())
	if err != nil || ev.Actor != "system" {
		t.Fatalf("publish_due audit event = %+v, %v", ev, err)
	}
}

// TestScheduledAcrossReplicas: three replicas against one database each run the scheduler at
// once; every due item is published exactly once.
func TestScheduledAcrossReplicas(t *testing.T) {
	c := newCast(t)
	const items = 12
	at := c.h.Clock.Now().Add(time.Minute)
	for i := 0; i < items; i++ {
		s := c.approved("Scheduled piece " + string(rune('A'+i)))
		c.do(c.publisher, publishOp, "publishSubmission", vars(s, "at", at.Format(time.RFC3339)))
	}
	replicas := []*apptest.Hub{c.h}
	for i := 0; i < 2; i++ {
		r := apptest.New(t, apptest.Options{Driver: c.h.Config.Driver, DSN: c.h.Config.DSN})
		replicas = append(replicas, r)
	}
	for _, r := range replicas {
		r.Clock.Set(at.Add(time.Second))
	}
	var wg sync.WaitGroup
	counts := make([]int, len(replicas))
	errs := make([]error, len(replicas))
	for i, r := range replicas {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[i], errs[i] = r.Workflow.PublishDue(context.Background())
		}()
	}
	wg.Wait()
	total := 0
	for i := range replicas {
		if errs[i] != nil {
			t.Fatalf("replica %d: %v", i, errs[i])
		}
		total += counts[i]
	}
	if total != items {
		t.Fatalf("replicas published %v = %d items, want %d", counts, total, items)
	}
	ctx := c.h.System()
	published, err := c.h.Client().Submission.Query().Where(submission.StatusEQ(submission.StatusPUBLISHED)).Count(ctx)
	if err != nil || published != items {
		t.Fatalf("published submissions = %d, %v", published, err)
	}
	events, err := c.h.Client().AuditEvent.Query().Where(auditevent.Action("submission.publish_due")).Count(ctx)
	if err != nil || events != items {
		t.Fatalf("publish_due events = %d, %v; want %d", events, err, items)
	}
	if len(c.feedTitles()) != items {
		t.Fatalf("live items = %d, want %d", len(c.feedTitles()), items)
	}
}

// TestScheduledDuringDowntime: an item that fell due while no replica ran is published when
// one starts.
func TestScheduledDuringDowntime(t *testing.T) {
	c := newCast(t)
	s := c.approved("Published after a restart")
	c.do(c.publisher, publishOp, "publishSubmission", vars(s, "at", c.h.Clock.Now().Add(time.Hour).Format(time.RFC3339)))

	// A replica starts two hours later, after the item fell due.
	r := apptest.New(t, apptest.Options{Driver: c.h.Config.Driver, DSN: c.h.Config.DSN})
	r.Clock.Set(c.h.Clock.Now().Add(2 * time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := r.Client().Submission.Query().Where(submission.Title("Published after a restart")).Only(r.System())
		if err != nil {
			t.Fatal(err)
		}
		if st.Status == submission.StatusPUBLISHED {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after start the item is still %s", st.Status)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
}

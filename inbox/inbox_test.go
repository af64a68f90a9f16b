package inbox_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"haven/apptest"
	"haven/database"
	"haven/ent"
	"haven/ent/report"
	"haven/ent/schema/enum"
	"haven/inbox"
	"haven/workflow"
)

// TestEveryDecisionNotifiesTheAuthorSide walks a creator's submission through every decision
// that notifies, and an organization's through submission, publication, a take-down and a
// decided appeal: each notifies the author (creator owner) or every member of the organization,
// with reason, note and appeal state, names staff as "staff", and nobody else hears of it.
func TestEveryDecisionNotifiesTheAuthorSide(t *testing.T) {
	w := newWorld(t)
	h := w.h
	wf := h.Workflow

	// A creator's submission: every kind an author can get, in order.
	s := w.draft(w.jeff, nil)
	s = w.ok(wf.Submit(w.jeff, s.ID, s.Version))
	s = w.ok(wf.RequestChanges(w.mod, s.ID, s.Version, enum.ReasonQuality, "Add sources."))
	s = w.ok(wf.Submit(w.jeff, s.ID, s.Version))
	s = w.ok(wf.Reject(w.mod, s.ID, s.Version, enum.ReasonOffTopic, "Not about mental health."))
	s = w.ok(wf.Appeal(w.jeff, s.ID, s.Version, "It is about sleep and mood."))
	s = w.ok(wf.Approve(w.mod2, s.ID, s.Version, "Fair point.", nil))
	at := h.Clock.Now().Add(time.Hour)
	s = w.ok(wf.Publish(w.pub, s.ID, s.Version, &at))
	h.Clock.Advance(2 * time.Hour)
	if n, err := wf.PublishDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("publish due: %d, %v", n, err)
	}
	s, _ = h.Client().Submission.Get(h.System(), s.ID)
	if _, err := wf.Unpublish(w.pub, *s.ContentID, "Outdated advice."); err != nil {
		t.Fatal(err)
	}

	notes, unread := inboxOf(h, w.jeffT)
	if got, want := kinds(notes), "SUBMITTED CHANGES_REQUESTED SUBMITTED REJECTED SUBMITTED APPEAL_DECIDED SCHEDULED PUBLISHED UNPUBLISHED"; got != want {
		t.Fatalf("jeff heard %q, want %q", got, want)
	}
	if unread != len(notes) {
		t.Fatalf("unread %d, want %d", unread, len(notes))
	}
	byKind := map[string]note{}
	for i := len(notes) - 1; i >= 0; i-- {
		if _, seen := byKind[notes[i].Kind]; !seen {
			byKind[notes[i].Kind] = notes[i]
		}
	}
	cr := byKind["CHANGES_REQUESTED"]
	if deref(cr.Reason) != "QUALITY" || deref(cr.Note) != "Add sources." || cr.Actor != "staff" || cr.EntityType != "Submission" {
		t.Fatalf("changes requested: %+v", cr)
	}
	rj := byKind["REJECTED"]
	if deref(rj.Reason) != "OFF_TOPIC" || deref(rj.Note) != "Not about mental health." || rj.AppealOpen == nil || !*rj.AppealOpen {
		t.Fatalf("rejected: %+v (want the appeal open)", rj)
	}
	if ad := byKind["APPEAL_DECIDED"]; deref(ad.Outcome) != "APPROVED" || deref(ad.Note) != "Fair point." || ad.Actor != "staff" {
		t.Fatalf("appeal decided: %+v", ad)
	}
	if p := byKind["PUBLISHED"]; p.Actor != "system" {
		t.Fatalf("a scheduled publication is the system's: %+v", p)
	}
	if u := byKind["UNPUBLISHED"]; deref(u.Reason) != "Outdated advice." || u.EntityType != "Content" || u.Actor != "staff" {
		t.Fatalf("unpublished: %+v", u)
	}
	if sub := byKind["SUBMITTED"]; sub.Actor != "jeff" || deref(sub.Title) != s.Title {
		t.Fatalf("submitted: %+v", sub)
	}
	for _, n := range notes {
		for _, f := range []*string{n.Note, n.Reason, n.Outcome, &n.Actor} {
			if f != nil && (strings.Contains(*f, "mod-") || strings.Contains(*f, "pub-")) {
				t.Fatalf("a notification names staff: %+v", n)
			}
		}
	}

	// An organization's submission: every member hears, the creator does not.
	o := w.draft(w.nora, w.nami)
	o = w.ok(wf.Submit(w.nora, o.ID, o.Version))
	o = w.ok(wf.Approve(w.mod, o.ID, o.Version, "", nil))
	o = w.ok(wf.Publish(w.pub, o.ID, o.Version, nil))
	if _, err := wf.TakeDown(w.mod, *o.ContentID, enum.ReasonHarmful, "Unsafe framing."); err != nil {
		t.Fatal(err)
	}
	// A second one, rejected, appealed and rejected again: the appeal is spent.
	r := w.draft(w.ned, w.nami)
	r = w.ok(wf.Submit(w.ned, r.ID, r.Version))
	r = w.ok(wf.Reject(w.mod, r.ID, r.Version, enum.ReasonSpam, "Advertising."))
	r = w.ok(wf.Appeal(w.ned, r.ID, r.Version, "It is not."))
	w.ok(wf.Reject(w.mod2, r.ID, r.Version, enum.ReasonSpam, "Still advertising."))

	for _, tok := range []string{w.noraT, w.nedT} {
		notes, _ := inboxOf(h, tok)
		if got, want := kinds(notes), "SUBMITTED APPROVED PUBLISHED TAKEN_DOWN SUBMITTED REJECTED SUBMITTED APPEAL_DECIDED"; got != want {
			t.Fatalf("member heard %q, want %q", got, want)
		}
		if td := notes[4]; td.Kind != "TAKEN_DOWN" || deref(td.Reason) != "HARMFUL" || deref(td.Note) != "Unsafe framing." || td.Actor != "staff" {
			t.Fatalf("taken down: %+v", td)
		}
		if first := notes[len(notes)-1]; first.Actor != "nora" {
			t.Fatalf("a member sees a teammate's submission by name: %+v", first)
		}
		if ad := notes[0]; deref(ad.Outcome) != "REJECTED" || ad.AppealOpen == nil || *ad.AppealOpen {
			t.Fatalf("appeal rejected: %+v (want the appeal closed)", ad)
		}
	}
	// jeff heard nothing more; olga and the staff heard nothing at all.
	if notes, _ := inboxOf(h, w.jeffT); len(notes) != 9 {
		t.Fatalf("jeff heard of others' submissions: %s", kinds(notes))
	}
	for _, tok := range []string{w.olgaT, w.modT, w.pubT} {
		if notes, unread := inboxOf(h, tok); len(notes) != 0 || unread != 0 {
			t.Fatalf("a bystander heard %s (%d unread)", kinds(notes), unread)
		}
	}
}

// TestReportResolvedNotifiesTheReporter: a signed-in reporter hears the outcome of their report,
// dismissed or actioned, from "staff" and without the moderator's note; the owners of taken-down
// content hear of the take-down; other reporters hear nothing of reports not theirs.
func TestReportResolvedNotifiesTheReporter(t *testing.T) {
	w := newWorld(t)
	h := w.h
	kept := h.Content("Five grounding techniques").By(w.jeffProfile).Create()
	gone := h.Content("A risky post").By(w.jeffProfile).Create()
	rita, ron := h.Ctx("rita", "creator"), h.Ctx("ron")
	must(t, h.Workflow.ReportContent(rita, kept.ID, report.ReasonMISINFORMATION, nil))
	must(t, h.Workflow.ReportContent(ron, gone.ID, report.ReasonHARASSMENT, nil))
	ritaReport, err := h.Client().Report.Query().Where(report.ContentID(kept.ID)).Only(h.System())
	must(t, err)
	ronReport, err := h.Client().Report.Query().Where(report.ContentID(gone.ID)).Only(h.System())
	must(t, err)
	note1 := "Checked with a clinician; moderator mod-1 says fine."
	if _, err := h.Workflow.ResolveReport(w.mod, ritaReport.ID, workflow.Dismiss, &note1); err != nil {
		t.Fatal(err)
	}
	note2 := "Harassing."
	if _, err := h.Workflow.ResolveReport(w.mod, ronReport.ID, workflow.TakeDownReported, &note2); err != nil {
		t.Fatal(err)
	}

	ritaNotes, _ := inboxOf(h, h.Token("rita", "creator"))
	if len(ritaNotes) != 1 {
		t.Fatalf("rita heard %s", kinds(ritaNotes))
	}
	n := ritaNotes[0]
	if n.Kind != "REPORT_RESOLVED" || deref(n.Outcome) != "DISMISSED" || n.Actor != "staff" || n.Note != nil ||
		n.EntityType != "Report" || deref(n.Title) != kept.Title {
		t.Fatalf("rita's notification: %+v", n)
	}
	ronNotes, _ := inboxOf(h, h.Token("ron"))
	if len(ronNotes) != 1 || deref(ronNotes[0].Outcome) != "ACTIONED" || ronNotes[0].Note != nil {
		t.Fatalf("ron heard %+v", ronNotes)
	}
	jeffNotes, _ := inboxOf(h, w.jeffT)
	if kinds(jeffNotes) != "TAKEN_DOWN" {
		t.Fatalf("jeff heard %s, want the take-down only", kinds(jeffNotes))
	}
}

// TestRolledBackDecisionNotifiesNoOne: a decision whose transaction rolls back leaves no
// notification and tells no subscriber; the next committed one is the first a subscriber hears.
func TestRolledBackDecisionNotifiesNoOne(t *testing.T) {
	w := newWorld(t)
	h := w.h
	s := w.draft(w.jeff, nil)
	jeffAccount := h.Account("jeff")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	heard := h.Inbox.Feed.Subscribe(ctx, jeffAccount.ID, nil)

	abort := errors.New("abort")
	err := database.WithTx(w.jeff, h.Client(), func(ctx context.Context, tx *ent.Tx) error {
		if _, err := h.Workflow.Submit(ctx, s.ID, s.Version); err != nil {
			return err
		}
		n, err := tx.Notification.Query().Count(inbox.Allow(ctx))
		if err != nil || n != 1 {
			t.Errorf("inside the transaction: %d notifications, %v; want the one it wrote", n, err)
		}
		return abort
	})
	if !errors.Is(err, abort) {
		t.Fatalf("transaction: %v", err)
	}
	if n, err := h.Client().Notification.Query().Count(inbox.Allow(context.Background())); err != nil || n != 0 {
		t.Fatalf("after the rollback: %d notifications, %v", n, err)
	}
	if notes, unread := inboxOf(h, w.jeffT); len(notes) != 0 || unread != 0 {
		t.Fatalf("jeff sees %s after a rolled-back decision", kinds(notes))
	}

	// The committed decision that follows is the first thing the subscriber hears.
	if _, err := h.Workflow.Submit(w.jeff, s.ID, s.Version); err != nil {
		t.Fatal(err)
	}
	notes, _ := inboxOf(h, w.jeffT)
	if len(notes) != 1 {
		t.Fatalf("jeff sees %s", kinds(notes))
	}
	select {
	case id := <-heard:
		if got := apptest.GID(id); got != notes[0].ID {
			t.Fatalf("the subscriber first heard notification %s, want %s (the committed one)", got, notes[0].ID)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the subscriber heard nothing of the committed decision")
	}
}

// TestEndpointDisabledNotifiesEveryAdmin: a notification to the admin role reaches every admin,
// each with their own read mark, and nobody else.
func TestEndpointDisabledNotifiesEveryAdmin(t *testing.T) {
	w := newWorld(t)
	h := w.h
	err := database.WithTx(h.System(), h.Client(), func(ctx context.Context, tx *ent.Tx) error {
		return h.Inbox.EndpointDisabled(ctx, tx, 42, "https://hooks.example.org/haven")
	})
	must(t, err)
	ann, bob := h.Token("ann", "admin"), h.Token("bob", "admin")
	for _, tok := range []string{ann, bob} {
		notes, unread := inboxOf(h, tok)
		if len(notes) != 1 || unread != 1 || notes[0].Kind != "WEBHOOK_ENDPOINT_DISABLED" || notes[0].EntityID != "42" ||
			deref(notes[0].Title) != "https://hooks.example.org/haven" || notes[0].EntityType != "WebhookEndpoint" {
			t.Fatalf("admin sees %+v (%d unread)", notes, unread)
		}
	}
	for _, tok := range []string{w.jeffT, w.modT, w.pubT} {
		if notes, _ := inboxOf(h, tok); len(notes) != 0 {
			t.Fatalf("a non-admin sees %+v", notes)
		}
	}
	notes, _ := inboxOf(h, ann)
	var left int
	h.Query(ann, `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, map[string]any{"ids": []string{notes[0].ID}}, &struct{ MarkNotificationsRead *int }{&left})
	if left != 0 {
		t.Fatalf("ann has %d unread after marking", left)
	}
	if notes, unread := inboxOf(h, bob); unread != 1 || notes[0].Read {
		t.Fatalf("ann's read mark marked bob's too: %+v", notes)
	}
	if notes, _ := inboxOf(h, ann); !notes[0].Read {
		t.Fatalf("ann's mark did not hold: %+v", notes)
	}
}

// TestPruneRemovesOldNotificationsAndReceipts: notifications older than the retention go with
// their read marks; receipts go once their report was resolved longer ago than that; the rest
// stay.
func TestPruneRemovesOldNotificationsAndReceipts(t *testing.T) {
	w := newWorld(t)
	h := w.h
	old := w.draft(w.jeff, nil)
	w.ok(h.Workflow.Submit(w.jeff, old.ID, old.Version))
	notes, _ := inboxOf(h, w.jeffT)
	h.Query(w.jeffT, `mutation { markNotificationsRead(all: true) }`, nil, nil)
	piece := h.Content("Breathing exercises").By(w.olgaProfile).Create()
	ctx, receipt := inbox.WithReceipt(h.Ctx("rita"))
	must(t, h.Workflow.ReportContent(ctx, piece.ID, report.ReasonSPAM, nil))
	resolvedToken := *receipt.Token
	r, err := h.Client().Report.Query().Where(report.ContentID(piece.ID)).Only(h.System())
	must(t, err)
	if _, err := h.Workflow.ResolveReport(w.mod, r.ID, workflow.Dismiss, nil); err != nil {
		t.Fatal(err)
	}
	other := h.Content("Journaling").By(w.olgaProfile).Create()
	ctx, receipt = inbox.WithReceipt(h.Ctx("rita"))
	must(t, h.Workflow.ReportContent(ctx, other.ID, report.ReasonSPAM, nil))
	openToken := *receipt.Token

	h.Clock.Advance(inbox.DefaultRetention + time.Hour)
	fresh := w.draft(w.jeff, nil)
	w.ok(h.Workflow.Submit(w.jeff, fresh.ID, fresh.Version))

	pruned, err := h.Inbox.Prune(context.Background())
	must(t, err)
	// jeff's old SUBMITTED and rita's REPORT_RESOLVED are past the retention.
	if pruned.Notifications != 2 || pruned.Receipts != 1 {
		t.Fatalf("pruned %+v, want 2 notifications and 1 receipt", pruned)
	}
	after, unread := inboxOf(h, w.jeffT)
	if len(after) != 1 || after[0].ID == notes[0].ID || unread != 1 {
		t.Fatalf("after pruning jeff sees %+v (%d unread)", after, unread)
	}
	if n, err := h.Client().NotificationRead.Query().Count(inbox.Allow(context.Background())); err != nil || n != 0 {
		t.Fatalf("read marks of pruned notifications: %d, %v", n, err)
	}
	h.Fail("NOT_FOUND", "", receiptOp, map[string]any{"t": resolvedToken})
	var st receiptAnswer
	h.Query("", receiptOp, map[string]any{"t": openToken}, &st)
	if st.ReportReceipt.Status != "OPEN" {
		t.Fatalf("open report's receipt: %+v", st)
	}
	// A second run finds nothing more.
	if again, err := h.Inbox.Prune(context.Background()); err != nil || again != (inbox.Pruned{}) {
		t.Fatalf("second prune: %+v, %v", again, err)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

package inbox_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"haven/ent"
	"haven/ent/schema/enum"
	"haven/errcode"
	"haven/workflow"
)

// revise starts a new revision of live content as ctx's viewer, as a DRAFT.
func (w *world) revise(ctx context.Context, contentID int) *ent.Submission {
	w.h.T.Helper()
	seq++
	kind, title, summary, body := enum.KindArticle, fmt.Sprintf("Sleep and mood, revised %d", seq), "Why sleep matters.", "New text."
	s, err := w.h.Workflow.Create(ctx, workflow.CreateInput{ContentID: &contentID,
		Fields: workflow.Fields{Kind: &kind, Title: &title, Summary: &summary, Body: &body}})
	must(w.h.T, err)
	return s
}

// lastOf returns the newest of the notes of kind, failing when there is none.
func lastOf(t *testing.T, notes []note, kind string) note {
	t.Helper()
	for _, n := range notes {
		if n.Kind == kind {
			return n
		}
	}
	t.Fatalf("no %s among %s", kind, kinds(notes))
	return note{}
}

// namesNoStaff fails when a notification carries a staff member's subject.
func namesNoStaff(t *testing.T, notes []note) {
	t.Helper()
	for _, n := range notes {
		for _, f := range []*string{n.Note, n.Reason, n.Outcome, &n.Actor} {
			if f != nil && (strings.Contains(*f, "mod-") || strings.Contains(*f, "pub-")) {
				t.Fatalf("a notification names staff: %+v", n)
			}
		}
	}
}

// TestCancelledScheduleNotifiesTheAuthorSide: a publisher cancels an organization's scheduled
// publication and every member hears SCHEDULE_CANCELLED from "staff"; a creator whose newer
// revision was scheduled hears it from "system", with why, when a publisher unpublishes the
// content it was to update. Nobody else hears of either.
func TestCancelledScheduleNotifiesTheAuthorSide(t *testing.T) {
	w := newWorld(t)
	h, wf := w.h, w.h.Workflow

	o := w.draft(w.nora, w.nami)
	o = w.ok(wf.Submit(w.nora, o.ID, o.Version))
	o = w.ok(wf.Approve(w.mod, o.ID, o.Version, "", nil))
	at := h.Clock.Now().Add(24 * time.Hour)
	o = w.ok(wf.Publish(w.pub, o.ID, o.Version, &at))
	o = w.ok(wf.CancelScheduledPublish(w.pub, o.ID, o.Version))
	for _, tok := range []string{w.noraT, w.nedT} {
		notes, unread := inboxOf(h, tok)
		if got, want := kinds(notes), "SUBMITTED APPROVED SCHEDULED SCHEDULE_CANCELLED"; got != want {
			t.Fatalf("member heard %q, want %q", got, want)
		}
		c := notes[0]
		if c.EntityType != "Submission" || c.EntityID == "" || deref(c.Title) != o.Title || c.Actor != "staff" || c.Note != nil || c.Read || unread != 4 {
			t.Fatalf("schedule cancelled: %+v (%d unread)", c, unread)
		}
		namesNoStaff(t, notes)
	}

	// jeff's live article and a newer revision of it, scheduled; then the article is unpublished.
	s := w.draft(w.jeff, nil)
	s = w.ok(wf.Submit(w.jeff, s.ID, s.Version))
	s = w.ok(wf.Approve(w.mod, s.ID, s.Version, "", nil))
	s = w.ok(wf.Publish(w.pub, s.ID, s.Version, nil))
	r := w.revise(w.jeff, *s.ContentID)
	r = w.ok(wf.Submit(w.jeff, r.ID, r.Version))
	r = w.ok(wf.Approve(w.mod, r.ID, r.Version, "", nil))
	r = w.ok(wf.Publish(w.pub, r.ID, r.Version, &at))
	if _, err := wf.Unpublish(w.pub, *s.ContentID, "Campaign over."); err != nil {
		t.Fatal(err)
	}
	notes, _ := inboxOf(h, w.jeffT)
	if got, want := kinds(notes), "SUBMITTED APPROVED PUBLISHED SUBMITTED APPROVED SCHEDULED SCHEDULE_CANCELLED UNPUBLISHED"; got != want {
		t.Fatalf("jeff heard %q, want %q", got, want)
	}
	c := lastOf(t, notes, "SCHEDULE_CANCELLED")
	if c.Actor != "system" || deref(c.Note) != "content taken offline" || c.EntityID != fmt.Sprint(r.ID) {
		t.Fatalf("schedule cancelled by the unpublication: %+v", c)
	}
	namesNoStaff(t, notes)
	// Nothing more reached the organization; nothing reached a bystander or the staff.
	if notes, _ := inboxOf(h, w.noraT); len(notes) != 4 {
		t.Fatalf("nora heard of jeff's content: %s", kinds(notes))
	}
	for _, tok := range []string{w.olgaT, w.modT, w.pubT} {
		if notes, unread := inboxOf(h, tok); len(notes) != 0 || unread != 0 {
			t.Fatalf("a bystander heard %s", kinds(notes))
		}
	}
}

// TestWithdrawalNotifiesTheAuthorSideAndALapsedClaimer: a member's withdrawal tells every member,
// by the withdrawer's subject; a withdrawal after a reviewer's claim lapsed also tells that
// reviewer, who may still be reading it; a submission under a live claim cannot be withdrawn and
// nobody hears anything; no other reviewer hears of withdrawals.
func TestWithdrawalNotifiesTheAuthorSideAndALapsedClaimer(t *testing.T) {
	w := newWorld(t)
	h, wf := w.h, w.h.Workflow
	mod2T := h.Token("mod-2", "moderator")

	o := w.draft(w.nora, w.nami)
	o = w.ok(wf.Submit(w.nora, o.ID, o.Version))
	w.ok(wf.Withdraw(w.ned, o.ID, o.Version))
	for _, tok := range []string{w.noraT, w.nedT} {
		notes, _ := inboxOf(h, tok)
		if got, want := kinds(notes), "SUBMITTED WITHDRAWN"; got != want {
			t.Fatalf("member heard %q, want %q", got, want)
		}
		if wd := notes[0]; wd.Actor != "ned" || wd.EntityID != fmt.Sprint(o.ID) || deref(wd.Title) != o.Title {
			t.Fatalf("withdrawn: %+v", wd)
		}
	}

	// jeff's submission, claimed by mod-1, whose claim lapses before jeff withdraws it.
	s := w.draft(w.jeff, nil)
	s = w.ok(wf.Submit(w.jeff, s.ID, s.Version))
	s = w.ok(wf.Claim(w.mod, s.ID, s.Version))
	// While the claim holds, the submission cannot be withdrawn and nobody hears anything.
	if _, err := wf.Withdraw(w.jeff, s.ID, s.Version); !errcode.Is(err, errcode.InvalidTransition) {
		t.Fatalf("withdrawal under a live claim: %v, want %s", err, errcode.InvalidTransition)
	}
	h.Clock.Advance(workflow.ClaimLease + time.Minute)
	w.ok(wf.Withdraw(w.jeff, s.ID, s.Version))
	notes, _ := inboxOf(h, w.jeffT)
	if got, want := kinds(notes), "SUBMITTED WITHDRAWN"; got != want {
		t.Fatalf("jeff heard %q, want %q", got, want)
	}
	modNotes, unread := inboxOf(h, w.modT)
	if len(modNotes) != 1 || unread != 1 {
		t.Fatalf("the reviewer whose claim lapsed heard %s, want one WITHDRAWN", kinds(modNotes))
	}
	if m := modNotes[0]; m.Kind != "WITHDRAWN" || m.EntityType != "Submission" || m.EntityID != fmt.Sprint(s.ID) || m.Actor != "jeff" {
		t.Fatalf("reviewer's withdrawal notice: %+v", m)
	}

	// A draft withdrawn: the author hears; a claim on another submission does not make mod-2
	// hear of this one.
	x := w.draft(w.jeff, nil)
	y := w.draft(w.olga, nil)
	y = w.ok(wf.Submit(w.olga, y.ID, y.Version))
	w.ok(wf.Claim(w.mod2, y.ID, y.Version))
	w.ok(wf.Withdraw(w.jeff, x.ID, x.Version))
	if notes, _ := inboxOf(h, w.jeffT); kinds(notes) != "SUBMITTED WITHDRAWN WITHDRAWN" {
		t.Fatalf("jeff heard %q after withdrawing a draft", kinds(notes))
	}
	for tok, want := range map[string]int{mod2T: 0, w.pubT: 0, w.modT: 1, w.olgaT: 1} {
		if notes, _ := inboxOf(h, tok); len(notes) != want {
			t.Fatalf("heard %s, want %d notifications", kinds(notes), want)
		}
	}
}

// TestSupersededRevisionNotifiesItsAuthor: when a newer revision goes live, the author of the one
// it replaced hears SUPERSEDED — from "staff" when a publisher published it, from "system" when
// the scheduler did — unless they wrote the newer one themselves (they hear PUBLISHED of it).
// The rest of the author side hear PUBLISHED of the newer revision and nothing more.
func TestSupersededRevisionNotifiesItsAuthor(t *testing.T) {
	w := newWorld(t)
	h, wf := w.h, w.h.Workflow
	live := func(ctx context.Context, contentID *int, at *time.Time) int {
		t.Helper()
		var s *ent.Submission
		if contentID == nil {
			s = w.draft(ctx, w.nami)
		} else {
			s = w.revise(ctx, *contentID)
		}
		s = w.ok(wf.Submit(ctx, s.ID, s.Version))
		s = w.ok(wf.Approve(w.mod, s.ID, s.Version, "", nil))
		s = w.ok(wf.Publish(w.pub, s.ID, s.Version, at))
		if at != nil {
			h.Clock.Set(*at)
			if n, err := wf.PublishDue(context.Background()); err != nil || n != 1 {
				t.Fatalf("publish due: %d, %v", n, err)
			}
		}
		return s.ID
	}
	first := live(w.nora, nil, nil)
	sub, err := h.Client().Submission.Get(h.System(), first)
	must(t, err)
	contentID := *sub.ContentID
	second := live(w.ned, &contentID, nil) // nora's revision is superseded by ned's
	noraNotes, _ := inboxOf(h, w.noraT)
	if got, want := kinds(noraNotes), "SUBMITTED APPROVED PUBLISHED SUBMITTED APPROVED PUBLISHED SUPERSEDED"; got != want {
		t.Fatalf("nora heard %q, want %q", got, want)
	}
	sp := noraNotes[0]
	if sp.EntityType != "Submission" || sp.EntityID != fmt.Sprint(first) || sp.Actor != "staff" ||
		deref(sp.Note) != fmt.Sprintf("superseded by revision %d", second) {
		t.Fatalf("superseded: %+v", sp)
	}
	if notes, _ := inboxOf(h, w.nedT); strings.Contains(kinds(notes), "SUPERSEDED") {
		t.Fatalf("ned, who wrote the newer revision, heard %s", kinds(notes))
	}

	// nora's next revision goes live at its scheduled time: ned's is superseded by the system.
	at := h.Clock.Now().Add(time.Hour)
	live(w.nora, &contentID, &at)
	nedNotes, _ := inboxOf(h, w.nedT)
	if sp := nedNotes[0]; sp.Kind != "SUPERSEDED" || sp.EntityID != fmt.Sprint(second) || sp.Actor != "system" {
		t.Fatalf("ned's revision superseded at its time: %+v (heard %s)", sp, kinds(nedNotes))
	}
	if notes, _ := inboxOf(h, w.noraT); strings.Count(kinds(notes), "SUPERSEDED") != 1 {
		t.Fatalf("nora heard %s; her own new revision replacing ned's is no news to her", kinds(notes))
	}
	namesNoStaff(t, nedNotes)
	namesNoStaff(t, noraNotes)

	// A creator revising their own content hears PUBLISHED, not SUPERSEDED.
	j := w.draft(w.jeff, nil)
	j = w.ok(wf.Submit(w.jeff, j.ID, j.Version))
	j = w.ok(wf.Approve(w.mod, j.ID, j.Version, "", nil))
	j = w.ok(wf.Publish(w.pub, j.ID, j.Version, nil))
	r := w.revise(w.jeff, *j.ContentID)
	r = w.ok(wf.Submit(w.jeff, r.ID, r.Version))
	r = w.ok(wf.Approve(w.mod, r.ID, r.Version, "", nil))
	w.ok(wf.Publish(w.pub, r.ID, r.Version, nil))
	if notes, _ := inboxOf(h, w.jeffT); kinds(notes) != "SUBMITTED APPROVED PUBLISHED SUBMITTED APPROVED PUBLISHED" {
		t.Fatalf("jeff heard %q", kinds(notes))
	}
	if old, err := h.Client().Submission.Get(h.System(), j.ID); err != nil || old.Status != "SUPERSEDED" {
		t.Fatalf("jeff's first revision: %v, %v; want SUPERSEDED", old.Status, err)
	}
	for _, tok := range []string{w.olgaT, w.modT, w.pubT} {
		if notes, _ := inboxOf(h, tok); len(notes) != 0 {
			t.Fatalf("a bystander heard %s", kinds(notes))
		}
	}
}

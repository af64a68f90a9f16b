package workflow_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"haven/apptest"
	"haven/ent/submission"
)

// TestTakeDownCannotBeUndoneByPublishing: a moderator's take-down cancels the content's scheduled
// revisions, and no revision of taken-down content can be created, published or go live on
// schedule.
func TestTakeDownCannotBeUndoneByPublishing(t *testing.T) {
	c := newCast(t)
	live := c.publishNew(nil)
	rev := c.scheduleInAnHour(c.approvedRevision(live, "Revised"))
	if rev.Status != "SCHEDULED" {
		t.Fatalf("revision is %s", rev.Status)
	}
	c.h.Query(c.moderator, takeDownOp, map[string]any{"id": live.Content.ID, "reason": "HARMFUL", "note": "Unsafe."}, nil)

	var id int
	fmt.Sscan(rev.ID, &id)
	s, err := c.h.Client().Submission.Get(c.h.System(), id)
	if err != nil || s.Status != submission.StatusAPPROVED || s.Version != rev.Version+1 {
		t.Fatalf("after the take-down the scheduled revision is %+v, %v; want APPROVED", s, err)
	}
	c.h.Clock.Advance(2 * time.Hour)
	if n, err := c.h.Workflow.PublishDue(context.Background()); err != nil || n != 0 {
		t.Fatalf("PublishDue = %d, %v", n, err)
	}
	rev.Status, rev.Version = string(s.Status), s.Version
	c.h.Fail("INVALID_TRANSITION", c.publisher, publishOp, vars(rev))
	c.h.Fail("INVALID_TRANSITION", c.creator, createSubmission, map[string]any{"in": map[string]any{
		"kind": "ARTICLE", "title": "Back again", "summary": "s", "body": "b", "contentID": live.Content.ID}})
	if len(c.feedTitles()) != 0 {
		t.Fatalf("taken-down content is live again: %v", c.feedTitles())
	}
}

// TestScheduledRevisionOfLaterTakenDownContent: if content comes down by any path after a
// revision was scheduled, the scheduler returns the revision to APPROVED instead of publishing.
func TestScheduledRevisionOfLaterTakenDownContent(t *testing.T) {
	c := newCast(t)
	live := c.publishNew(nil)
	c.scheduleInAnHour(c.approvedRevision(live, "Later"))
	// The content is removed behind the workflow's back (as a database operator might).
	var cid int
	fmt.Sscan(live.Content.ID, &cid)
	c.h.Client().Content.UpdateOneID(cid).SetStatus("REMOVED").ExecX(c.h.System())
	c.h.Clock.Advance(2 * time.Hour)
	if n, err := c.h.Workflow.PublishDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("PublishDue = %d, %v; want the revision handled once", n, err)
	}
	if len(c.feedTitles()) != 0 {
		t.Fatal("the scheduler published a revision of removed content")
	}
}

// TestRevisionOfSensitiveContentStaysSensitive: dropping the sensitive topic from a revision does
// not take it past clinical review or off its content warning.
func TestRevisionOfSensitiveContentStaysSensitive(t *testing.T) {
	c := newCast(t)
	all := []string{"NO_METHOD_DETAIL", "NO_GRAPHIC_IMAGERY", "HOPE_AND_RECOVERY", "HELP_SEEKING_CTA", "CRISIS_RESOURCES_LINKED", "NO_STIGMATIZING_LANGUAGE"}
	s := c.do(c.creator, submitOp, "submitSubmission", vars(c.draft(c.creator, map[string]any{"title": "Talking about suicide", "topicSlugs": []string{"suicide-prevention"}})))
	s = c.do(c.clinician, approveOp, "approveSubmission", vars(s, "in", map[string]any{"checks": all}))
	s = c.do(c.publisher, publishOp, "publishSubmission", vars(s))

	rev := c.draft(c.creator, map[string]any{"title": "Talking about it", "topicSlugs": []string{"anxiety"}, "contentID": s.Content.ID})
	if !rev.Sensitive {
		t.Fatal("a revision of sensitive content is not sensitive")
	}
	rev = c.do(c.creator, updateSubmission, "updateSubmission", vars(rev, "in", map[string]any{"topicSlugs": []string{}}))
	rev = c.do(c.creator, submitOp, "submitSubmission", vars(rev))
	c.h.Fail("CLINICAL_REVIEW_REQUIRED", c.moderator, approveOp, vars(rev))
	rev = c.do(c.clinician, approveOp, "approveSubmission", vars(rev, "in", map[string]any{"checks": all}))
	rev = c.do(c.publisher, publishOp, "publishSubmission", vars(rev))
	if rev.Content.ContentWarning != "SENSITIVE" || !rev.Content.ClinicallyReviewed {
		t.Fatalf("the revised content went live as %+v", rev.Content)
	}
}

// TestProfileOwnerMayNotDecideOnTheirContent: a colleague's revision of content on my creator
// profile is still mine to stay away from, whatever roles I hold.
func TestProfileOwnerMayNotDecideOnTheirContent(t *testing.T) {
	c := newCast(t)
	profile, _ := c.h.Client().Creator.Get(c.h.System(), c.creatorID)
	org, _ := c.h.Client().Organization.Get(c.h.System(), c.orgID)
	shared := c.h.Content("Shared piece").By(profile).Of(org).Age(5).Create()
	rev := c.draft(c.member, map[string]any{"title": "Shared piece, revised", "contentID": fmt.Sprint(shared.ID), "organizationID": fmt.Sprint(c.orgID)})
	rev = c.do(c.member, submitOp, "submitSubmission", vars(rev))
	owner := c.h.Token("creator-1", "creator", "moderator", "publisher")
	c.h.Fail("FORBIDDEN", owner, approveOp, vars(rev))
	rev = c.do(c.moderator, approveOp, "approveSubmission", vars(rev))
	c.h.Fail("FORBIDDEN", owner, publishOp, vars(rev))
}

// TestUnpublishCancelsSchedules: a revision scheduled before its content was unpublished does
// not bring it back.
func TestUnpublishCancelsSchedules(t *testing.T) {
	c := newCast(t)
	live := c.publishNew(nil)
	c.scheduleInAnHour(c.approvedRevision(live, "Scheduled"))
	c.h.Query(c.publisher, unpublishOp, map[string]any{"id": live.Content.ID, "reason": "outdated"}, nil)
	c.h.Clock.Advance(2 * time.Hour)
	if _, err := c.h.Workflow.PublishDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(c.feedTitles()) != 0 {
		t.Fatal("an unpublished piece came back on an earlier schedule")
	}
}

// TestRevisionReviewedBeforeContentTurnedSensitive: a revision written and approved while its
// content was not sensitive cannot go live over content that has since become sensitive without
// clinical review; one still in review now needs a clinical reviewer.
func TestRevisionReviewedBeforeContentTurnedSensitive(t *testing.T) {
	c := newCast(t)
	all := []string{"NO_METHOD_DETAIL", "NO_GRAPHIC_IMAGERY", "HOPE_AND_RECOVERY", "HELP_SEEKING_CTA", "CRISIS_RESOURCES_LINKED", "NO_STIGMATIZING_LANGUAGE"}
	live := c.publishNew(nil)
	early := c.draft(c.creator, map[string]any{"title": "Early edit", "contentID": live.Content.ID})
	approvedEarly := c.do(c.moderator, approveOp, "approveSubmission", vars(c.do(c.creator, submitOp, "submitSubmission",
		vars(c.draft(c.creator, map[string]any{"title": "Approved early", "contentID": live.Content.ID})))))
	turn := c.do(c.creator, submitOp, "submitSubmission", vars(c.draft(c.creator, map[string]any{"title": "Now about suicide", "contentID": live.Content.ID, "topicSlugs": []string{"suicide-prevention"}})))
	turn = c.do(c.clinician, approveOp, "approveSubmission", vars(turn, "in", map[string]any{"checks": all}))
	c.do(c.publisher, publishOp, "publishSubmission", vars(turn))

	early = c.do(c.creator, updateSubmission, "updateSubmission", vars(early, "in", map[string]any{"body": "New text."}))
	early = c.do(c.creator, submitOp, "submitSubmission", vars(early))
	c.h.Fail("CLINICAL_REVIEW_REQUIRED", c.moderator, approveOp, vars(early))
	// The one approved before the content turned sensitive cannot be published over it.
	c.h.Fail("CLINICAL_REVIEW_REQUIRED", c.publisher, publishOp, vars(approvedEarly))
}

// TestOlderRevisionCannotOverwriteNewer: a revision written before the one now live cannot
// replace it, now or on schedule.
func TestOlderRevisionCannotOverwriteNewer(t *testing.T) {
	c := newCast(t)
	live := c.publishNew(nil)
	older := c.approvedRevision(live, "Older")
	newer := c.approvedRevision(live, "Newer")
	c.scheduleInAnHour(older)
	c.do(c.publisher, publishOp, "publishSubmission", vars(newer))
	c.h.Clock.Advance(2 * time.Hour)
	if _, err := c.h.Workflow.PublishDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if titles := c.feedTitles(); titles["Newer"] == nil || len(titles) != 1 {
		t.Fatalf("live after the older schedule fell due: %v", titles)
	}
}

// TestTakeDownRacesPublish: a take-down and a publication of the same content on two replicas at
// once: each either succeeds or is refused with a code (never an internal error or deadlock),
// and content a take-down removed is never live afterwards.
func TestTakeDownRacesPublish(t *testing.T) {
	c := newCast(t)
	other := apptest.New(t, apptest.Options{Driver: c.h.Config.Driver, DSN: c.h.Config.DSN})
	for round := range 8 {
		live := c.publishNew(map[string]any{"title": fmt.Sprintf("Round %d", round)})
		rev := c.do(c.moderator, approveOp, "approveSubmission", vars(c.do(c.creator, submitOp, "submitSubmission",
			vars(c.draft(c.creator, map[string]any{"title": fmt.Sprintf("Round %d revised", round), "contentID": live.Content.ID})))))
		var wg sync.WaitGroup
		var down, pub *apptest.Response
		wg.Add(2)
		go func() {
			defer wg.Done()
			down = c.h.Do(c.moderator, takeDownOp, map[string]any{"id": live.Content.ID, "reason": "HARMFUL", "note": "Unsafe."})
		}()
		go func() {
			defer wg.Done()
			pub = other.Do(other.Token("pub-9", "publisher"), publishOp, vars(rev))
		}()
		wg.Wait()
		for _, r := range []*apptest.Response{down, pub} {
			if code := r.Code(); code != "" && code != "CONFLICT" && code != "INVALID_TRANSITION" {
				t.Fatalf("round %d: %s", round, r.Raw)
			}
		}
		var cid int
		fmt.Sscan(live.Content.ID, &cid)
		now, err := c.h.Client().Content.Get(c.h.System(), cid)
		if err != nil {
			t.Fatal(err)
		}
		if down.Code() == "" && now.Status != "REMOVED" {
			t.Fatalf("round %d: taken down, yet the content is %s", round, now.Status)
		}
	}
}

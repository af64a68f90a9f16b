package workflow_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"haven/ent/submission"
)

// TestTakeDownCannotBeUndoneByPublishing: a moderator's take-down cancels the content's scheduled
// revisions, and no revision of taken-down content can be created, published or go live on
// schedule.
func TestTakeDownCannotBeUndoneByPublishing(t *testing.T) {
	c := newCast(t)
	live := c.publishNew(nil)
	rev := c.draft(c.creator, map[string]any{"title": "Revised", "contentID": live.Content.ID})
	rev = c.do(c.creator, submitOp, "submitSubmission", vars(rev))
	rev = c.do(c.moderator, approveOp, "approveSubmission", vars(rev))
	rev = c.do(c.publisher, publishOp, "publishSubmission", vars(rev, "at", c.h.Clock.Now().Add(time.Hour).Format(time.RFC3339)))
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
	if n, err := c.h.Resolver.Workflow.PublishDue(context.Background()); err != nil || n != 0 {
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
	rev := c.do(c.creator, submitOp, "submitSubmission", vars(c.draft(c.creator, map[string]any{"title": "Later", "contentID": live.Content.ID})))
	rev = c.do(c.moderator, approveOp, "approveSubmission", vars(rev))
	c.do(c.publisher, publishOp, "publishSubmission", vars(rev, "at", c.h.Clock.Now().Add(time.Hour).Format(time.RFC3339)))
	// The content is removed behind the workflow's back (as a database operator might).
	var cid int
	fmt.Sscan(live.Content.ID, &cid)
	c.h.Client().Content.UpdateOneID(cid).SetStatus("REMOVED").ExecX(c.h.System())
	c.h.Clock.Advance(2 * time.Hour)
	if n, err := c.h.Resolver.Workflow.PublishDue(context.Background()); err != nil || n != 1 {
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
	shared := c.h.Content("Shared piece", profile, org, "", 5)
	rev := c.draft(c.member, map[string]any{"title": "Shared piece, revised", "contentID": fmt.Sprint(shared.ID), "organizationID": fmt.Sprint(c.orgID)})
	rev = c.do(c.member, submitOp, "submitSubmission", vars(rev))
	owner := c.h.Token("creator-1", "creator", "moderator", "publisher")
	c.h.Fail("FORBIDDEN", owner, approveOp, vars(rev))
	rev = c.do(c.moderator, approveOp, "approveSubmission", vars(rev))
	c.h.Fail("FORBIDDEN", owner, publishOp, vars(rev))
}

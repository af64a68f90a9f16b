package workflow_test

import (
	"fmt"
	"testing"
	"time"

	"haven/apptest"
)

// Operations used by the scenarios.
const (
	createSubmission = `mutation($in: CreateSubmissionInput!) { createSubmission(input: $in) { id status version sensitive } }`
	updateSubmission = `mutation($id: ID!, $v: Int!, $in: UpdateSubmissionInput!) { updateSubmission(id: $id, expectedVersion: $v, input: $in) { id status version } }`
	submitOp         = `mutation($id: ID!, $v: Int!) { submitSubmission(id: $id, expectedVersion: $v) { id status version } }`
	withdrawOp       = `mutation($id: ID!, $v: Int!) { withdrawSubmission(id: $id, expectedVersion: $v) { id status version } }`
	claimOp          = `mutation($id: ID!, $v: Int!) { claimSubmission(id: $id, expectedVersion: $v) { id status version claimedBy } }`
	releaseOp        = `mutation($id: ID!, $v: Int!) { releaseSubmission(id: $id, expectedVersion: $v) { id status version } }`
	approveOp        = `mutation($id: ID!, $v: Int!, $in: ApproveInput) { approveSubmission(id: $id, expectedVersion: $v, input: $in) { id status version } }`
	requestChangesOp = `mutation($id: ID!, $v: Int!, $in: DecisionInput!) { requestChanges(id: $id, expectedVersion: $v, input: $in) { id status version decisionReason decisionNote } }`
	rejectOp         = `mutation($id: ID!, $v: Int!, $in: DecisionInput!) { rejectSubmission(id: $id, expectedVersion: $v, input: $in) { id status version decisionReason decisionNote } }`
	appealOp         = `mutation($id: ID!, $v: Int!, $note: String!) { appealSubmission(id: $id, expectedVersion: $v, note: $note) { id status version appealed } }`
	publishOp        = `mutation($id: ID!, $v: Int!, $at: Time) { publishSubmission(id: $id, expectedVersion: $v, publishAt: $at) { id status version content { id status title contentWarning clinicallyReviewed } } }`
	unpublishOp      = `mutation($id: ID!, $reason: String!) { unpublishContent(id: $id, reason: $reason) { id status } }`
	takeDownOp       = `mutation($id: ID!, $reason: DecisionReason!, $note: String!) { takeDownContent(id: $id, reason: $reason, note: $note) { id status } }`
	reportOp         = `mutation($id: ID!, $reason: ReportReason!, $details: String) { reportContent(contentID: $id, reason: $reason, details: $details) }`
	resolveReportOp  = `mutation($id: ID!, $action: ReportAction!, $note: String) { resolveReport(id: $id, action: $action, note: $note) { id status resolvedBy } }`
	nodeOp           = `query($id: ID!) { node(id: $id) { id ... on Content { title status } ... on Submission { submissionStatus: status } } }`
	feedOp           = `{ contents(first: 50) { edges { node { id title contentWarning clinicallyReviewed } } } }`
)

// sub is what the scenarios keep of a submission between steps.
type sub struct {
	ID        string `json:"id"`
	Status    string `json:"status"`
	Version   int    `json:"version"`
	Sensitive bool   `json:"sensitive"`
	Content   *struct {
		ID                 string `json:"id"`
		Status             string `json:"status"`
		Title              string `json:"title"`
		ContentWarning     string `json:"contentWarning"`
		ClinicallyReviewed bool   `json:"clinicallyReviewed"`
	} `json:"content"`
	DecisionReason *string `json:"decisionReason"`
	DecisionNote   *string `json:"decisionNote"`
}

// cast is the people of the scenarios, each with a token.
type cast struct {
	h                                                 *apptest.Hub
	creator, member, moderator, moderator2, clinician string
	publisher, admin, stranger                        string
	orgID, creatorID                                  int
}

func newCast(t *testing.T) *cast {
	h := apptest.New(t)
	h.Topic("anxiety").Create()
	h.Topic("suicide-prevention").Sensitive().Create()
	c := &cast{h: h,
		creator:    h.Token("creator-1", "creator"),
		member:     h.Token("member-1", "org_member"),
		moderator:  h.Token("mod-1", "moderator"),
		moderator2: h.Token("mod-2", "moderator"),
		clinician:  h.Token("clin-1", "clinical_reviewer"),
		publisher:  h.Token("pub-1", "publisher"),
		admin:      h.Token("admin-1", "admin"),
		stranger:   h.Token("creator-2", "creator"),
	}
	c.creatorID = h.Creator("therapyjeff.test").Owner("creator-1").Create().ID
	h.Creator("someone.else").Owner("creator-2").Create()
	c.orgID = h.Organization("nami-test").Members("member-1").Create().ID
	return c
}

// do runs a workflow mutation that must succeed and returns the submission.
func (c *cast) do(token, op, field string, vars map[string]any) sub {
	c.h.T.Helper()
	var out map[string]sub
	c.h.Query(token, op, vars, &out)
	return out[field]
}

func (c *cast) draft(token string, in map[string]any) sub {
	c.h.T.Helper()
	base := map[string]any{"kind": "ARTICLE", "title": "Five grounding techniques", "summary": "Quick ways to calm anxiety.",
		"body": "Breathe in for four counts...", "topicSlugs": []string{"anxiety"}, "hashtags": []string{"#MentalHealthAwareness"}}
	for k, v := range in {
		base[k] = v
	}
	return c.do(token, createSubmission, "createSubmission", map[string]any{"in": base})
}

func vars(s sub, extra ...any) map[string]any {
	m := map[string]any{"id": s.ID, "v": s.Version}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i].(string)] = extra[i+1]
	}
	return m
}

func (c *cast) feedTitles() map[string]map[string]any {
	c.h.T.Helper()
	var out struct {
		Contents struct {
			Edges []struct{ Node map[string]any } `json:"edges"`
		} `json:"contents"`
	}
	c.h.Query("", feedOp, nil, &out)
	titles := map[string]map[string]any{}
	for _, e := range out.Contents.Edges {
		titles[e.Node["title"].(string)] = e.Node
	}
	return titles
}

// TestStoryCreatorToPublic: a creator drafts and submits, a moderator requests changes, the
// creator edits and resubmits, a moderator approves, a publisher publishes, an anonymous
// visitor sees it.
func TestStoryCreatorToPublic(t *testing.T) {
	c := newCast(t)
	s := c.draft(c.creator, nil)
	if s.Status != "DRAFT" || s.Version != 1 || s.Sensitive {
		t.Fatalf("new submission = %+v, want DRAFT v1 not sensitive", s)
	}
	if _, ok := c.feedTitles()["Five grounding techniques"]; ok {
		t.Fatal("a draft is visible in the public feed")
	}
	c.h.Fail("NOT_FOUND", c.moderator, claimOp, vars(s)) // moderators do not see drafts
	s = c.do(c.creator, submitOp, "submitSubmission", vars(s))
	if s.Status != "SUBMITTED" {
		t.Fatalf("after submit: %s", s.Status)
	}
	c.h.Fail("INVALID_TRANSITION", c.creator, updateSubmission, vars(s, "in", map[string]any{"title": "x"}))
	s = c.do(c.moderator, requestChangesOp, "requestChanges", vars(s, "in", map[string]any{"reason": "QUALITY", "note": "Please cite a source."}))
	if s.Status != "CHANGES_REQUESTED" {
		t.Fatalf("after request changes: %s", s.Status)
	}
	// The author reads the reason and the note.
	var mine struct {
		Node sub `json:"node"`
	}
	c.h.Query(c.creator, `query($id: ID!) { node(id: $id) { ... on Submission { id status version decisionReason decisionNote } } }`, map[string]any{"id": s.ID}, &mine)
	if mine.Node.DecisionReason == nil || *mine.Node.DecisionReason != "QUALITY" || *mine.Node.DecisionNote != "Please cite a source." {
		t.Fatalf("author sees decision %+v", mine.Node)
	}
	s = c.do(c.creator, updateSubmission, "updateSubmission", vars(s, "in", map[string]any{"body": "Breathe in for four counts. Source: a CBT workbook."}))
	s = c.do(c.creator, submitOp, "submitSubmission", vars(s))
	s = c.do(c.moderator, claimOp, "claimSubmission", vars(s))
	if s.Status != "IN_REVIEW" {
		t.Fatalf("after claim: %s", s.Status)
	}
	s = c.do(c.moderator, approveOp, "approveSubmission", vars(s, "in", map[string]any{"note": "Thanks!"}))
	if s.Status != "APPROVED" {
		t.Fatalf("after approve: %s", s.Status)
	}
	if _, ok := c.feedTitles()["Five grounding techniques"]; ok {
		t.Fatal("approved but unpublished content is visible")
	}
	s = c.do(c.publisher, publishOp, "publishSubmission", vars(s))
	if s.Status != "PUBLISHED" || s.Content == nil || s.Content.Status != "LIVE" || s.Content.ContentWarning != "NONE" {
		t.Fatalf("after publish: %+v", s)
	}
	node, ok := c.feedTitles()["Five grounding techniques"]
	if !ok {
		t.Fatal("published content is not in the public feed")
	}
	if node["id"] != s.Content.ID {
		t.Fatalf("feed id %v, want %v", node["id"], s.Content.ID)
	}
	// The history tells the whole story, in order.
	var hist struct {
		Node struct {
			History []struct{ Action, Actor string } `json:"history"`
		} `json:"node"`
	}
	c.h.Query(c.creator, `query($id: ID!) { node(id: $id) { ... on Submission { history { action actor } } } }`, map[string]any{"id": s.ID}, &hist)
	want := []string{"submission.create", "submission.submit", "submission.request_changes", "submission.edit",
		"submission.submit", "submission.claim", "submission.approve", "submission.publish"}
	if len(hist.Node.History) != len(want) {
		t.Fatalf("history = %+v, want actions %v", hist.Node.History, want)
	}
	for i, e := range hist.Node.History {
		if e.Action != want[i] {
			t.Fatalf("history[%d] = %s, want %s", i, e.Action, want[i])
		}
	}
	// The author sees their own steps by name and staff by role only; staff see every name.
	if a := hist.Node.History[0].Actor; a != "creator-1" {
		t.Fatalf("author sees their own step as %q", a)
	}
	if a := hist.Node.History[7].Actor; a != "staff" {
		t.Fatalf("author sees the publisher as %q, want staff", a)
	}
	c.h.Query(c.moderator, `query($id: ID!) { node(id: $id) { ... on Submission { history { action actor } } } }`, map[string]any{"id": s.ID}, &hist)
	if a := hist.Node.History[7].Actor; a != "pub-1" {
		t.Fatalf("a moderator sees the publisher as %q", a)
	}
}

// TestStorySensitiveOrganization: a sensitive piece from an organization needs a clinical
// reviewer and the whole safe-messaging checklist, and goes live with a content warning.
func TestStorySensitiveOrganization(t *testing.T) {
	c := newCast(t)
	s := c.draft(c.member, map[string]any{"title": "Talking about suicide safely", "topicSlugs": []string{"suicide-prevention"}, "organizationID": fmt.Sprint(c.orgID)})
	if !s.Sensitive {
		t.Fatal("a submission on a sensitive topic is not sensitive")
	}
	s = c.do(c.member, submitOp, "submitSubmission", vars(s))
	c.h.Fail("CLINICAL_REVIEW_REQUIRED", c.moderator, approveOp, vars(s))
	c.h.Fail("CHECKLIST_INCOMPLETE", c.clinician, approveOp, vars(s, "in", map[string]any{"checks": []string{"NO_METHOD_DETAIL"}}))
	c.h.Fail("BAD_USER_INPUT", c.clinician, approveOp, vars(s, "in", map[string]any{"checks": []string{"NOT_A_CHECK"}}))
	all := []string{"NO_METHOD_DETAIL", "NO_GRAPHIC_IMAGERY", "HOPE_AND_RECOVERY", "HELP_SEEKING_CTA", "CRISIS_RESOURCES_LINKED", "NO_STIGMATIZING_LANGUAGE"}
	s = c.do(c.clinician, approveOp, "approveSubmission", vars(s, "in", map[string]any{"checks": all}))
	if s.Status != "APPROVED" {
		t.Fatalf("after clinical approval: %s", s.Status)
	}
	s = c.do(c.publisher, publishOp, "publishSubmission", vars(s))
	if s.Content.ContentWarning != "SENSITIVE" || !s.Content.ClinicallyReviewed {
		t.Fatalf("sensitive content went live as %+v", s.Content)
	}
	node := c.feedTitles()["Talking about suicide safely"]
	if node == nil || node["contentWarning"] != "SENSITIVE" {
		t.Fatalf("feed shows %v", node)
	}
}

// TestStoryRejectAppeal: a rejection is appealed once and decided by another moderator.
func TestStoryRejectAppeal(t *testing.T) {
	c := newCast(t)
	s := c.do(c.creator, submitOp, "submitSubmission", vars(c.draft(c.creator, nil)))
	c.h.Fail("BAD_USER_INPUT", c.moderator, rejectOp, vars(s, "in", map[string]any{"reason": "SPAM", "note": "   "}))
	s = c.do(c.moderator, rejectOp, "rejectSubmission", vars(s, "in", map[string]any{"reason": "OFF_TOPIC", "note": "Not about mental health."}))
	if s.Status != "REJECTED" {
		t.Fatalf("after reject: %s", s.Status)
	}
	c.h.Fail("NOT_FOUND", c.stranger, appealOp, vars(s, "note", "please")) // others cannot see it
	c.h.Fail("BAD_USER_INPUT", c.creator, appealOp, vars(s, "note", ""))
	s = c.do(c.creator, appealOp, "appealSubmission", vars(s, "note", "It is about anxiety, see the second paragraph."))
	if s.Status != "SUBMITTED" {
		t.Fatalf("after appeal: %s", s.Status)
	}
	c.h.Fail("FORBIDDEN", c.moderator, approveOp, vars(s))
	c.h.Fail("FORBIDDEN", c.moderator, claimOp, vars(s))
	s = c.do(c.moderator2, rejectOp, "rejectSubmission", vars(s, "in", map[string]any{"reason": "OFF_TOPIC", "note": "Agree with the first decision."}))
	c.h.Fail("INVALID_TRANSITION", c.creator, appealOp, vars(s, "note", "again"))
}

// TestStoryWithdraw: an author withdraws a submitted piece; it leaves the queue for good.
func TestStoryWithdraw(t *testing.T) {
	c := newCast(t)
	s := c.do(c.creator, submitOp, "submitSubmission", vars(c.draft(c.creator, nil)))
	c.h.Fail("NOT_FOUND", c.stranger, withdrawOp, vars(s)) // others cannot see it
	s = c.do(c.creator, withdrawOp, "withdrawSubmission", vars(s))
	if s.Status != "WITHDRAWN" {
		t.Fatalf("after withdraw: %s", s.Status)
	}
	c.h.Fail("INVALID_TRANSITION", c.creator, submitOp, vars(s))
	c.h.Fail("INVALID_TRANSITION", c.moderator, approveOp, vars(s))
}

// publishNew takes a fresh submission from the creator all the way live.
func (c *cast) publishNew(in map[string]any) sub {
	c.h.T.Helper()
	s := c.do(c.creator, submitOp, "submitSubmission", vars(c.draft(c.creator, in)))
	s = c.do(c.moderator, approveOp, "approveSubmission", vars(s))
	return c.do(c.publisher, publishOp, "publishSubmission", vars(s))
}

// approvedRevision drafts a revision of live content titled title, submits it and approves it.
func (c *cast) approvedRevision(live sub, title string) sub {
	c.h.T.Helper()
	s := c.do(c.creator, submitOp, "submitSubmission", vars(c.draft(c.creator, map[string]any{"title": title, "contentID": live.Content.ID})))
	return c.do(c.moderator, approveOp, "approveSubmission", vars(s))
}

// scheduleInAnHour has the publisher schedule the approved s an hour from now.
func (c *cast) scheduleInAnHour(s sub) sub {
	c.h.T.Helper()
	return c.do(c.publisher, publishOp, "publishSubmission", vars(s, "at", c.h.Clock.Now().Add(time.Hour).Format(time.RFC3339)))
}

// TestStoryRevision: a new revision of live content leaves the live version up until it is
// published; then the older revision is superseded.
func TestStoryRevision(t *testing.T) {
	c := newCast(t)
	first := c.publishNew(nil)
	rev := c.draft(c.creator, map[string]any{"title": "Six grounding techniques", "contentID": first.Content.ID})
	c.h.Fail("NOT_FOUND", c.stranger, createSubmission, map[string]any{"in": map[string]any{"kind": "ARTICLE", "title": "hijack", "summary": "s", "body": "b", "contentID": first.Content.ID}})
	rev = c.do(c.creator, submitOp, "submitSubmission", vars(rev))
	rev = c.do(c.moderator, approveOp, "approveSubmission", vars(rev))
	titles := c.feedTitles()
	if _, ok := titles["Five grounding techniques"]; !ok {
		t.Fatal("the live version went down while its revision was in review")
	}
	rev = c.do(c.publisher, publishOp, "publishSubmission", vars(rev))
	titles = c.feedTitles()
	if _, ok := titles["Six grounding techniques"]; !ok || len(titles) != 1 {
		t.Fatalf("after publishing the revision the feed is %v", titles)
	}
	if rev.Content.ID != first.Content.ID {
		t.Fatalf("revision made new content %s, want %s", rev.Content.ID, first.Content.ID)
	}
	var old struct{ Node sub }
	c.h.Query(c.creator, `query($id: ID!) { node(id: $id) { ... on Submission { id status version } } }`, map[string]any{"id": first.ID}, &old)
	if old.Node.Status != "SUPERSEDED" {
		t.Fatalf("older revision is %s, want SUPERSEDED", old.Node.Status)
	}
}

// TestStoryReportTakeDown: a report lands in the moderators' queue and ends in a take-down.
func TestStoryReportTakeDown(t *testing.T) {
	c := newCast(t)
	live := c.publishNew(nil)
	if !reported(c, "", live.Content.ID, "SELF_HARM_RISK") {
		t.Fatal("anonymous report refused")
	}
	reported(c, c.stranger, live.Content.ID, "MISINFORMATION")
	c.h.Fail("UNAUTHENTICATED", "", `{ reports { edges { node { id } } } }`, nil)
	c.h.Fail("FORBIDDEN", c.publisher, `{ reports { edges { node { id } } } }`, nil)
	var q struct {
		Reports struct {
			Edges []struct {
				Node struct{ ID, Reason, Status string }
			}
		}
	}
	c.h.Query(c.moderator, `{ reports(status: OPEN) { edges { node { id reason status } } } }`, nil, &q)
	if len(q.Reports.Edges) != 2 || q.Reports.Edges[0].Node.Reason != "SELF_HARM_RISK" {
		t.Fatalf("report queue = %+v, want self-harm risk first of two", q.Reports.Edges)
	}
	c.h.Fail("BAD_USER_INPUT", c.moderator, resolveReportOp, map[string]any{"id": q.Reports.Edges[0].Node.ID, "action": "TAKE_DOWN"})
	var res struct{ ResolveReport struct{ ID, Status string } }
	c.h.Query(c.moderator, resolveReportOp, map[string]any{"id": q.Reports.Edges[0].Node.ID, "action": "TAKE_DOWN", "note": "Unsafe detail."}, &res)
	if res.ResolveReport.Status != "ACTIONED" {
		t.Fatalf("resolved report is %s", res.ResolveReport.Status)
	}
	if _, ok := c.feedTitles()["Five grounding techniques"]; ok {
		t.Fatal("taken-down content is still in the feed")
	}
	var n struct{ Node map[string]any }
	c.h.Query("", nodeOp, map[string]any{"id": live.Content.ID}, &n)
	if n.Node != nil {
		t.Fatalf("anonymous node() still finds removed content: %v", n.Node)
	}
	c.h.Query(c.moderator, `{ reports(status: OPEN) { edges { node { id reason status } } } }`, nil, &q)
	if len(q.Reports.Edges) != 0 {
		t.Fatalf("open reports after take-down: %+v", q.Reports.Edges)
	}
	c.h.Fail("NOT_FOUND", "", reportOp, map[string]any{"id": live.Content.ID, "reason": "SPAM"})
}

func reported(c *cast, token, contentID, reason string) bool {
	c.h.T.Helper()
	var out struct{ ReportContent bool }
	c.h.Query(token, reportOp, map[string]any{"id": contentID, "reason": reason}, &out)
	return out.ReportContent
}

// TestStoryUnpublish: a publisher takes content off the hub.
func TestStoryUnpublish(t *testing.T) {
	c := newCast(t)
	live := c.publishNew(nil)
	c.h.Fail("FORBIDDEN", c.moderator, unpublishOp, map[string]any{"id": live.Content.ID, "reason": "outdated"})
	c.h.Fail("BAD_USER_INPUT", c.publisher, unpublishOp, map[string]any{"id": live.Content.ID, "reason": " "})
	var out struct{ UnpublishContent struct{ ID, Status string } }
	c.h.Query(c.publisher, unpublishOp, map[string]any{"id": live.Content.ID, "reason": "outdated statistics"}, &out)
	if out.UnpublishContent.Status != "UNPUBLISHED" {
		t.Fatalf("after unpublish: %s", out.UnpublishContent.Status)
	}
	if len(c.feedTitles()) != 0 {
		t.Fatal("unpublished content is still in the feed")
	}
	c.h.Fail("INVALID_TRANSITION", c.publisher, unpublishOp, map[string]any{"id": live.Content.ID, "reason": "again"})
}

// TestClaimLease: a claim keeps other reviewers off until its lease runs out.
func TestClaimLease(t *testing.T) {
	c := newCast(t)
	s := c.do(c.creator, submitOp, "submitSubmission", vars(c.draft(c.creator, nil)))
	s = c.do(c.moderator, claimOp, "claimSubmission", vars(s))
	var held struct{ Node struct{ ClaimedBy string } }
	byID := `query($id: ID!) { node(id: $id) { ... on Submission { claimedBy } } }`
	if c.h.Query(c.creator, byID, map[string]any{"id": s.ID}, &held); held.Node.ClaimedBy != "staff" {
		t.Fatalf("the author sees the claim held by %q, want staff", held.Node.ClaimedBy)
	}
	if c.h.Query(c.moderator2, byID, map[string]any{"id": s.ID}, &held); held.Node.ClaimedBy != "mod-1" {
		t.Fatalf("another moderator sees the claim held by %q", held.Node.ClaimedBy)
	}
	c.h.Fail("CONFLICT", c.moderator2, approveOp, vars(s))
	c.h.Fail("CONFLICT", c.moderator2, releaseOp, vars(s))
	c.h.Clock.Advance(31 * time.Minute)
	s = c.do(c.moderator2, claimOp, "claimSubmission", vars(s))
	c.h.Fail("CONFLICT", c.moderator, approveOp, vars(s))
	s = c.do(c.moderator2, releaseOp, "releaseSubmission", vars(s))
	if s.Status != "SUBMITTED" {
		t.Fatalf("after release: %s", s.Status)
	}
	c.h.Fail("CONFLICT", c.moderator, approveOp, map[string]any{"id": s.ID, "v": s.Version - 1})
}

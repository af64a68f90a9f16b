package workflow_test

import (
	"fmt"
	"strings"
	"testing"

	"haven/apptest"
	"haven/workflow"
)

// TestSeparationOfDuties: whatever roles a subject holds — creator, moderator, clinical reviewer,
// publisher and admin at once — nobody decides on their own submission or on one of an
// organization they belong to, the moderator who rejected does not decide the appeal, and nobody
// publishes a revision they approved. Admin is no superuser for these rules. Each refusal is
// FORBIDDEN, changes nothing, and someone else can then take the same step.
func TestSeparationOfDuties(t *testing.T) {
	for _, roles := range [][]string{
		{"creator", "moderator", "clinical_reviewer", "publisher", "admin"},
		{"admin", "clinical_reviewer", "creator", "moderator", "org_member", "publisher"},
	} {
		t.Run(strings.Join(roles, "+"), func(t *testing.T) { testSeparationOfDuties(t, roles) })
	}
}

func testSeparationOfDuties(t *testing.T, roles []string) {
	h := apptest.New(t)
	h.Topic("suicide-prevention").Sensitive().Create() // sensitive: the omni subject could approve it but for the rules
	omni := h.Token("omni", roles...)
	author, colleague := h.Token("author", "creator"), h.Token("colleague", "org_member")
	other := h.Token("mod-2", "moderator", "clinical_reviewer")
	publisher := h.Token("pub-2", "publisher")
	h.Creator("omni.creator").Owner("omni").Create()
	h.Creator("someone.else").Owner("author").Create()
	org := h.Organization("omni-org").Members("omni", "colleague").Create()

	do := func(token string, a workflow.Action, s sub) sub {
		t.Helper()
		m := actionMutations[a]
		return mustDo(t, h, token, m.op, m.field, argsOf(m, s, h.Clock.Now()))
	}
	refused := func(what string, token string, a workflow.Action, s sub) {
		t.Helper()
		m := actionMutations[a]
		res := call(t, h, token, m.op, argsOf(m, s, h.Clock.Now()))
		if res.Code() != "FORBIDDEN" {
			t.Fatalf("%s: %s from %s: code %q, want FORBIDDEN: %s", what, a, s.Status, res.Code(), res.Raw)
		}
		var n int
		fmt.Sscan(s.ID, &n)
		if now, err := h.Client().Submission.Get(h.System(), n); err != nil || now.Version != s.Version {
			t.Fatalf("%s: a refused %s changed the submission (%v)", what, a, err)
		}
	}
	submitted := func(token string, in map[string]any) sub {
		t.Helper()
		base := map[string]any{"kind": "ARTICLE", "title": "Talking about suicide safely", "summary": "How to start the conversation.",
			"body": "Ask directly...", "topicSlugs": []string{"suicide-prevention"}}
		for k, v := range in {
			base[k] = v
		}
		return do(token, workflow.Submit, mustDo(t, h, token, createSubmission, "createSubmission", map[string]any{"in": base}))
	}
	orgIn := map[string]any{"organizationID": apptest.GID(org.ID)}

	// The decisions, from the transition table: every reviewer action from every status it
	// starts from; an IN_REVIEW submission is claimed by another reviewer.
	decide := func(what string, fresh func() sub) {
		t.Helper()
		for _, tr := range workflow.Transitions {
			if tr.By != workflow.Reviewer {
				continue
			}
			for _, from := range tr.From {
				s := fresh()
				if from == workflow.InReview {
					s = do(other, workflow.Claim, s)
				}
				refused(what, omni, tr.Action, s)
			}
		}
		if s := do(other, workflow.Approve, fresh()); s.Status != "APPROVED" {
			t.Fatalf("%s: another reviewer could not approve: %s", what, s.Status)
		}
	}
	decide("their own submission", func() sub { return submitted(omni, nil) })
	decide("a submission of their organization", func() sub { return submitted(colleague, orgIn) })
	decide("the appeal of a submission they rejected", func() sub {
		s := do(omni, workflow.Reject, submitted(author, nil))
		return do(author, workflow.Appeal, s)
	})

	// Publishing, scheduling and cancelling a schedule.
	publish := func(what string, fresh func() sub) {
		t.Helper()
		s := fresh()
		refused(what, omni, workflow.Publish, s)
		refused(what, omni, workflow.Schedule, s)
		s = do(publisher, workflow.Schedule, s)
		refused(what, omni, workflow.CancelSchedule, s)
		s = do(publisher, workflow.CancelSchedule, s)
		if s = do(publisher, workflow.Publish, s); s.Status != "PUBLISHED" {
			t.Fatalf("%s: another publisher could not publish: %s", what, s.Status)
		}
	}
	publish("a revision they approved", func() sub { return do(omni, workflow.Approve, submitted(author, nil)) })
	publish("their own submission", func() sub { return do(other, workflow.Approve, submitted(omni, nil)) })
	publish("a submission of their organization", func() sub { return do(other, workflow.Approve, submitted(colleague, orgIn)) })
}

// TestClaimedBySomeoneElse: while another reviewer's claim lasts, every reviewer action — claim
// included — is CONFLICT (API.md: "claimed by someone else"), whichever status the action could
// otherwise start from.
func TestClaimedBySomeoneElse(t *testing.T) {
	h := apptest.New(t)
	h.Topic("anxiety").Create()
	w := newWorld(t, h, ownerships[0], strangers[3], false)
	second := h.Token("second-reviewer", "moderator", "clinical_reviewer")
	for _, tr := range workflow.Transitions {
		if tr.By != workflow.Reviewer {
			continue
		}
		s := w.submission(t, workflow.InReview) // claimed by the world's moderator
		m := actionMutations[tr.Action]
		if res := call(t, h, second, m.op, w.args(m, s)); res.Code() != "CONFLICT" {
			t.Errorf("%s of a submission claimed by someone else: code %q, want CONFLICT: %s", tr.Action, res.Code(), res.Raw)
		}
	}
}

// TestReportOnOwnContent: a moderator may not resolve a report on content of their own creator
// profile or of an organization they belong to — that would be deciding their own case.
func TestReportOnOwnContent(t *testing.T) {
	h := apptest.New(t)
	mine := h.Creator("mod.creator").Owner("mod-creator").Create()
	org := h.Organization("mods-org").Members("mod-member").Create()
	other := h.Token("mod-3", "moderator")
	for _, tc := range []struct {
		name, subject string
		content       func() string
	}{
		{"own profile", "mod-creator", func() string { return apptest.GID(h.Content("Mine").By(mine).Create().ID) }},
		{"own organization", "mod-member", func() string { return apptest.GID(h.Content("Ours").Of(org).Create().ID) }},
	} {
		id := tc.content()
		h.Query("", reportOp, map[string]any{"id": id, "reason": "SPAM"}, nil)
		var q struct {
			Reports struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		h.Query(other, `query { reports(status: OPEN) { edges { node { id } } } }`, nil, &q)
		rid := q.Reports.Edges[0].Node.ID
		mod := h.Token(tc.subject, "moderator")
		h.Fail("FORBIDDEN", mod, resolveReportOp, map[string]any{"id": rid, "action": "DISMISS"})
		h.Fail("FORBIDDEN", mod, resolveReportOp, map[string]any{"id": rid, "action": "TAKE_DOWN", "note": "x"})
		var res struct{ ResolveReport struct{ Status string } }
		h.Query(other, resolveReportOp, map[string]any{"id": rid, "action": "DISMISS"}, &res)
		if res.ResolveReport.Status != "DISMISSED" {
			t.Fatalf("%s: another moderator's dismissal left %s", tc.name, res.ResolveReport.Status)
		}
	}
}

// TestMemberWithoutRole: a member of an organization acts for it only with the org_member role;
// without it they do not even see its submissions, yet membership still bars
// them from deciding on them.
func TestMemberWithoutRole(t *testing.T) {
	c := newCast(t)
	s := c.draft(c.member, map[string]any{"organizationID": fmt.Sprint(c.orgID)})
	c.h.Client().Organization.UpdateOneID(c.orgID).AddMembers(c.h.Account("plain-member")).ExecX(c.h.System())
	plain := c.h.Token("plain-member", "creator")
	c.h.Fail("NOT_FOUND", plain, submitOp, vars(s)) // not visible: only org_members see their organizations' drafts
	s = c.do(c.member, submitOp, "submitSubmission", vars(s))
	c.h.Fail("NOT_FOUND", plain, withdrawOp, vars(s))
	memberModerator := c.h.Token("plain-member", "moderator")
	c.h.Fail("FORBIDDEN", memberModerator, approveOp, vars(s))
}

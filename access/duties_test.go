package access_test

import (
	"testing"

	"haven/access"
	"haven/apptest"
)

// dutyWorld holds the cast of the separation-of-duties walk.
type dutyWorld struct {
	h *apptest.Hub
	t *testing.T
}

func (d dutyWorld) do(token, op string, vars map[string]any) map[string]map[string]any {
	d.t.Helper()
	var out map[string]map[string]any
	d.h.Query(token, op, vars, &out)
	return out
}

const (
	createOp  = `mutation($in: CreateSubmissionInput!) { createSubmission(input: $in) { id version } }`
	submitOp  = `mutation($id: ID!, $v: Int!) { submitSubmission(id: $id, expectedVersion: $v) { id version } }`
	claimOp   = `mutation($id: ID!, $v: Int!) { claimSubmission(id: $id, expectedVersion: $v) { id version } }`
	approveOp = `mutation($id: ID!, $v: Int!) { approveSubmission(id: $id, expectedVersion: $v) { id version } }`
	rejectOp  = `mutation($id: ID!, $v: Int!) { rejectSubmission(id: $id, expectedVersion: $v, input: {reason: QUALITY, note: "Cite a source."}) { id version } }`
	appealOp  = `mutation($id: ID!, $v: Int!) { appealSubmission(id: $id, expectedVersion: $v, note: "Please look again.") { id version } }`
	publishOp = `mutation($id: ID!, $v: Int!) { publishSubmission(id: $id, expectedVersion: $v) { id version } }`
)

// step runs a submission mutation that must succeed and returns the variables of the next one.
func (d dutyWorld) step(token, op, field string, vars map[string]any) map[string]any {
	d.t.Helper()
	s := d.do(token, op, vars)[field]
	return map[string]any{"id": s["id"], "v": s["version"]}
}

// submitted creates and submits a submission of author's creator profile.
func (d dutyWorld) submitted(author string) map[string]any {
	d.t.Helper()
	vars := d.step(author, createOp, "createSubmission", map[string]any{"in": map[string]any{
		"kind": "ARTICLE", "title": "Grounding", "summary": "Calm in five steps.", "body": "Breathe."}})
	return d.step(author, submitOp, "submitSubmission", vars)
}

// dutyScenarios sets each duty's scene and returns the refused step: token, operation,
// variables. Someone else may take the same step (the scenario checks it after the refusal).
var dutyScenarios = map[access.Duty]func(d dutyWorld) (token, op string, vars map[string]any, other string){
	access.NoReviewOfOwn: func(d dutyWorld) (string, string, map[string]any, string) {
		omni := d.h.Token("own-reviewer", "creator", "moderator", "admin")
		d.h.Creator("own.reviewer").Owner("own-reviewer").Create()
		return omni, claimOp, d.submitted(omni), d.h.Token("other-mod-1", "moderator")
	},
	access.NoAppealByRejecter: func(d dutyWorld) (string, string, map[string]any, string) {
		author, mod := d.h.Token("appellant", "creator"), d.h.Token("rejecter", "moderator")
		d.h.Creator("appellant").Owner("appellant").Create()
		s := d.step(mod, rejectOp, "rejectSubmission", d.submitted(author))
		return mod, claimOp, d.step(author, appealOp, "appealSubmission", s), d.h.Token("other-mod-2", "moderator")
	},
	access.NoPublishOfOwn: func(d dutyWorld) (string, string, map[string]any, string) {
		author := d.h.Token("own-publisher", "creator", "publisher")
		d.h.Creator("own.publisher").Owner("own-publisher").Create()
		s := d.step(d.h.Token("mod-3", "moderator"), approveOp, "approveSubmission", d.submitted(author))
		return author, publishOp, s, d.h.Token("other-pub-3", "publisher")
	},
	access.NoPublishOfApproved: func(d dutyWorld) (string, string, map[string]any, string) {
		author, both := d.h.Token("author-4", "creator"), d.h.Token("approver-publisher", "moderator", "publisher")
		d.h.Creator("author.four").Owner("author-4").Create()
		return both, publishOp, d.step(both, approveOp, "approveSubmission", d.submitted(author)), d.h.Token("other-pub-4", "publisher")
	},
	access.NoResolveOnOwn: func(d dutyWorld) (string, string, map[string]any, string) {
		owner := d.h.Token("own-resolver", "creator", "moderator")
		c := d.h.Content("Mine").By(d.h.Creator("own.resolver").Owner("own-resolver").Create()).Create()
		d.h.Query(d.h.Token("reporter-5"), `mutation($id: ID!) { reportContent(contentID: $id, reason: SPAM) }`, map[string]any{"id": apptest.GID(c.ID)}, nil)
		other := d.h.Token("other-mod-5", "moderator")
		var out struct {
			Reports struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		d.h.Query(other, `{ reports(first: 1, status: OPEN) { edges { node { id } } } }`, nil, &out)
		return owner, `mutation($id: ID!) { resolveReport(id: $id, action: DISMISS) { id } }`,
			map[string]any{"id": out.Reports.Edges[0].Node.ID}, other
	},
	access.NoSelfApprovedGrant: func(d dutyWorld) (string, string, map[string]any, string) {
		admin := d.h.Token("proposer-6", "admin")
		org := d.h.Organization("grantee-6").Create()
		var camp struct{ CreateCampaign struct{ ID string } }
		d.h.Query(d.h.Token("pub-6", "publisher"), `mutation { createCampaign(input: {slug: "duty", name: "Duty", hashtag: "#Duty", startsAt: "2026-01-01T00:00:00Z", endsAt: "2099-01-01T00:00:00Z"}) { id } }`, nil, &camp)
		d.do(admin, `mutation($c: ID!) { setAdCreditBudget(campaignID: $c, amountCents: 1000) { id } }`, map[string]any{"c": camp.CreateCampaign.ID})
		g := d.do(admin, `mutation($c: ID!, $o: ID!) { proposeAdCreditGrant(input: {campaignID: $c, organizationID: $o, amountCents: 100}) { id } }`,
			map[string]any{"c": camp.CreateCampaign.ID, "o": apptest.GID(org.ID)})["proposeAdCreditGrant"]
		return admin, `mutation($id: ID!) { approveAdCreditGrant(id: $id) { id } }`, map[string]any{"id": g["id"]}, d.h.Token("admin-6b", "admin")
	},
	access.NoSelfVerifiedLicense: func(d dutyWorld) (string, string, map[string]any, string) {
		both := d.h.Token("licensed-admin", "creator", "admin")
		d.h.Creator("licensed.admin").Owner("licensed-admin").Create()
		c := d.do(both, `mutation { submitCredential(input: {kind: LPC, jurisdiction: "Oregon", licenseNumber: "C-1234", expiresAt: "2030-01-01T00:00:00Z"}) { id } }`, nil)["submitCredential"]
		return both, `mutation($id: ID!) { verifyCredential(id: $id, approve: true) { id } }`, map[string]any{"id": c["id"]}, d.h.Token("admin-7b", "admin")
	},
}

// TestDutiesThroughHandler walks every separation-of-duties rule through the handler: the
// viewer whose roles would allow the step is refused with FORBIDDEN and the duty's own words,
// and someone else then takes the same step.
func TestDutiesThroughHandler(t *testing.T) {
	h := apptest.New(t)
	d := dutyWorld{h: h, t: t}
	for _, duty := range access.Duties {
		scene, ok := dutyScenarios[duty.Duty]
		if !ok {
			t.Errorf("no scenario for the duty %s", duty.Duty)
			continue
		}
		token, op, vars, other := scene(d)
		res := h.Fail("FORBIDDEN", token, op, vars)
		if res.Errors[0].Message != duty.Text {
			t.Errorf("%s: refused with %q, want the duty's words %q", duty.Duty, res.Errors[0].Message, duty.Text)
		}
		h.Query(other, op, vars, nil)
	}
}

package console_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestConsoleOwnOrganizationNoApprove: a moderator who is a member of an organization sees no
// decision buttons on that organization's submission, and the page says why; the API refuses
// the decision too; a moderator outside the organization may approve it.
func TestConsoleOwnOrganizationNoApprove(t *testing.T) {
	s := newSite(t)
	admin := s.Token("demo-admin", "admin")
	var org struct{ Organization struct{ ID string } }
	s.Query(admin, `{ organization(slug: "nami") { id } }`, nil, &org)
	s.Query(admin, `mutation($o: ID!) { addOrganizationMember(organizationID: $o, subject: "demo-moderator") { id } }`,
		map[string]any{"o": org.Organization.ID}, nil)

	member := s.Token("demo-org-member", "org_member")
	var created struct {
		CreateSubmission struct {
			ID      string
			Version int
		}
	}
	s.Query(member, createM, map[string]any{"in": map[string]any{
		"kind": "ARTICLE", "title": "NAMI: five grounding exercises for a stressful week",
		"summary": "Small things that help when the week piles up.", "body": "Breathe in for four, out for six.",
		"topicSlugs": []string{"stress"}, "organizationID": org.Organization.ID,
	}}, &created)
	id := created.CreateSubmission.ID
	s.Query(member, submitM, map[string]any{"id": id, "v": created.CreateSubmission.Version}, nil)

	b := newBrowser(t)
	mod := b.newTab("member-moderator", s.URL+"/console/#/review/"+id)
	mod.signIn("demo-moderator")
	mod.waitText(`#why-approve`, "your organization's")
	if eval[bool](mod, `!!document.querySelector("#approve, #changes, #reject, #claim")`) {
		t.Fatal("a moderator sees decision buttons on their own organization's work")
	}
	mod.shot("review-own-organization")
	{
		got := s.state(t, id).Node.Version
		res := s.Do(s.Token("demo-moderator", "moderator"), `mutation($id: ID!, $v: Int!) { approveSubmission(id: $id, expectedVersion: $v) { id } }`,
			map[string]any{"id": id, "v": got})
		if res.Code() != "FORBIDDEN" {
			t.Fatalf("the API let a moderator approve their organization's work: %s", res.Raw)
		}
	}

	// A moderator outside NAMI has the Approve button, enabled.
	other := b.newTab("other-moderator", s.URL+"/console/#/review/"+id)
	other.signIn("demo-clinical-reviewer")
	other.do(chromedp.WaitVisible(chromedp.CSS(`#approve`)))
	if eval[bool](other, `document.getElementById("approve").disabled`) {
		t.Fatalf("another moderator's Approve is disabled: %s", other.text(`#approve-form`))
	}
	if strings.Contains(other.text(`#main`), "your organization's") {
		t.Fatal("the other moderator is told it is their organization's work")
	}
}

package console_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestConsoleOrganizations: an admin onboards an organization, adds a member and sees them
// listed, sees a seeded organization's members, and removes a member after confirming.
func TestConsoleOrganizations(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t)
	adm := b.newTab("admin", s.URL+"/console/#/organizations")
	adm.signIn("demo-admin")
	adm.do(chromedp.WaitVisible(chromedp.CSS(`#org-table tr[data-slug="nami"]`)))
	adm.waitText(`#org-table tr[data-slug="nami"] .members-list`, "demo-org-member")
	adm.do(
		chromedp.SendKeys(chromedp.CSS(`#org-slug`), "riverside-peer-line"),
		chromedp.SendKeys(chromedp.CSS(`#org-name`), "Riverside Peer Line"),
		chromedp.SetValue(chromedp.CSS(`#org-kind`), "NONPROFIT"),
		chromedp.Click(chromedp.CSS(`#create-org button[type=submit]`)))
	adm.waitText(`#main`, "Organization “Riverside Peer Line” created.")
	row := `#org-table tr[data-slug="riverside-peer-line"]`
	adm.waitText(row+` .members`, "No members yet.")
	for _, subject := range []string{"demo-publisher", "demo-creator"} {
		adm.do(chromedp.WaitVisible(chromedp.CSS(row+` .add-member input`)),
			chromedp.SendKeys(chromedp.CSS(row+` .add-member input`), subject),
			chromedp.Click(chromedp.CSS(row+` .add-member button[type=submit]`)))
		adm.waitText(`#main`, subject+" is now a member of Riverside Peer Line.")
		adm.waitText(row+` .members-list`, subject)
	}
	if got := adm.text(row + ` li[data-subject="demo-creator"]`); !strings.Contains(got, "@") {
		t.Errorf("demo-creator's row does not show their creator profile: %q", got)
	}
	adm.shot("organizations")

	memberOf := func() []string {
		var who struct {
			Viewer struct {
				Account struct{ Organizations []struct{ Name string } }
			}
		}
		s.Query(s.Token("demo-publisher", "publisher"), `{ viewer { account { organizations { name } } } }`, nil, &who)
		var out []string
		for _, o := range who.Viewer.Account.Organizations {
			out = append(out, o.Name)
		}
		return out
	}
	if !slices.Contains(memberOf(), "Riverside Peer Line") {
		t.Fatalf("demo-publisher's organizations: %v", memberOf())
	}

	// Removing asks first; cancelling keeps the member, confirming removes them.
	remove := row + ` li[data-subject="demo-publisher"] button.remove-member`
	adm.click(remove)
	adm.waitFor(`document.getElementById("confirm-dialog").open`)
	adm.click(`#confirm-dialog button[value=cancel]`)
	adm.waitFor(`!document.getElementById("confirm-dialog").open`)
	if !slices.Contains(memberOf(), "Riverside Peer Line") {
		t.Fatal("cancelling the removal removed the member")
	}
	adm.click(remove)
	adm.waitFor(`document.getElementById("confirm-dialog").open`)
	adm.click(`#confirm-ok`)
	adm.waitText(`#main`, "demo-publisher is no longer a member of Riverside Peer Line.")
	adm.waitFor(`!document.querySelector(` + "`" + row + ` li[data-subject="demo-publisher"]` + "`" + `)`)
	if slices.Contains(memberOf(), "Riverside Peer Line") {
		t.Fatalf("demo-publisher is still a member: %v", memberOf())
	}

	// Bad input is refused with the API's reason, and nothing typed is lost.
	adm.do(chromedp.SendKeys(chromedp.CSS(`#org-slug`), "Not A Slug"), chromedp.SendKeys(chromedp.CSS(`#org-name`), "X"),
		chromedp.Click(chromedp.CSS(`#create-org button[type=submit]`)))
	adm.waitText(`#main .alert`, "Please check the form")
	if v := eval[string](adm, `document.getElementById("org-slug").value`); v != "Not A Slug" {
		t.Fatalf("after a refused create the slug field holds %q", v)
	}
}

// TestConsoleCredentials: an admin verifies a creator's credential; the creator becomes a
// verified professional.
func TestConsoleCredentials(t *testing.T) {
	s := newSite(t)
	var cred struct{ SubmitCredential struct{ ID string } }
	s.Query(s.Token("demo-creator", "creator"), `mutation { submitCredential(input: {kind: LPC, jurisdiction: "Oregon", licenseNumber: "C-4821", expiresAt: "2029-01-01T00:00:00Z"}) { id } }`, nil, &cred)

	b := newBrowser(t)
	adm := b.newTab("admin", s.URL+"/console/#/credentials")
	adm.signIn("demo-admin")
	row := `#credential-table tr[data-id="` + cred.SubmitCredential.ID + `"]`
	adm.do(chromedp.WaitVisible(chromedp.CSS(row)))
	if got := adm.text(row); !strings.Contains(got, "C-4821") || !strings.Contains(got, "Pending") {
		t.Fatalf("credential row = %q", got)
	}
	if first := eval[string](adm, `document.querySelector("#credential-table tbody tr").dataset.id`); first != cred.SubmitCredential.ID {
		t.Errorf("the waiting credential is not first (first is %s)", first)
	}
	adm.shot("credentials")
	adm.do(chromedp.SendKeys(chromedp.CSS(row+` textarea`), "Checked with the Oregon board."), chromedp.Click(chromedp.CSS(row+` button.verify`)))
	adm.waitText(`#main`, "Credential of @demo.creator verified.")
	adm.waitText(row, "Verified")

	var c struct {
		Node struct {
			Status     string
			ReviewNote string
		}
	}
	s.Query(s.Token("demo-admin", "admin"), `query($id: ID!) { node(id: $id) { ... on Credential { status reviewNote } } }`, map[string]any{"id": cred.SubmitCredential.ID}, &c)
	if c.Node.Status != "VERIFIED" || c.Node.ReviewNote != "Checked with the Oregon board." {
		t.Fatalf("credential after verify: %+v", c.Node)
	}
}

// TestConsoleGrantFourEyes: an admin proposes a grant and is told they may not approve it; a
// second admin sees who proposed it and approves it.
func TestConsoleGrantFourEyes(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t)
	first := b.newTab("admin", s.URL+"/console/#/grants/mental-health-awareness")
	first.signIn("demo-admin")
	first.waitFor(`(() => { const b = document.querySelector("[data-campaign]"); return !!b && b.dataset.campaign === "mental-health-awareness"; })()`)
	var org struct{ Organization struct{ ID string } }
	s.Query("", `{ organization(slug: "nami") { id } }`, nil, &org)
	first.do(chromedp.SetValue(chromedp.CSS(`#grant-org`), org.Organization.ID),
		chromedp.SendKeys(chromedp.CSS(`#grant-amount`), "250"),
		chromedp.SendKeys(chromedp.CSS(`#grant-note`), "Console test grant"),
		chromedp.Click(chromedp.CSS(`#propose-grant button[type=submit]`)))
	first.waitText(`#main`, "Grant of $250.00 proposed")
	var grants struct {
		AdCreditGrants []struct {
			ID, Status, ProposedBy, Note string
			ApprovedBy                   *string
		}
	}
	grantsQ := `query($o: ID!) { adCreditGrants(organizationID: $o) { id status proposedBy approvedBy note } }`
	s.Query(s.Token("test-admin", "admin"), grantsQ, map[string]any{"o": org.Organization.ID}, &grants)
	id := ""
	for _, g := range grants.AdCreditGrants {
		if g.Note == "Console test grant" {
			id = g.ID
		}
	}
	if id == "" {
		t.Fatalf("no proposed grant: %+v", grants)
	}
	row := `#grant-table tr[data-id="` + id + `"]`
	first.do(chromedp.WaitVisible(chromedp.CSS(row)))
	if !eval[bool](first, `document.querySelector(`+"`"+row+` button.approve-grant`+"`"+`).disabled`) ||
		!strings.Contains(first.text(row), "You proposed this grant, so you may not approve it") {
		t.Fatalf("the proposer's row: %q", first.text(row))
	}
	first.shot("grants")

	second := b.newTab("admin-2", s.URL+"/console/#/grants/mental-health-awareness")
	second.signIn("demo-admin-2")
	second.do(chromedp.WaitVisible(chromedp.CSS(row)))
	if got := second.text(row + ` .eyes`); !strings.Contains(got, "Proposed by demo-admin") {
		t.Fatalf("four-eyes cell = %q", got)
	}
	if got := second.text(row); !strings.Contains(got, "any admin other than demo-admin may approve it") {
		t.Fatalf("second admin's row = %q", got)
	}
	second.click(row + ` button.approve-grant`)
	second.waitText(row+` .grant-status`, "Approved")
	second.waitText(row+` .eyes`, "Approved by demo-admin-2")
	s.Query(s.Token("test-admin", "admin"), grantsQ, map[string]any{"o": org.Organization.ID}, &grants)
	for _, g := range grants.AdCreditGrants {
		if g.ID == id && (g.Status != "APPROVED" || g.ApprovedBy == nil || *g.ApprovedBy != "demo-admin-2") {
			t.Fatalf("grant after approval: %+v", g)
		}
	}
}

// TestConsoleAppeals: a moderator sees an appeal beside the rejection it contests, and who
// rejected it, and upholds the rejection with a note the author reads.
func TestConsoleAppeals(t *testing.T) {
	s := newSite(t)
	creator := s.Token("demo-creator", "creator")
	var created struct {
		CreateSubmission struct {
			ID      string
			Version int
		}
	}
	s.Query(creator, createM, map[string]any{"in": map[string]any{
		"kind": "ARTICLE", "title": "Ten habits for calmer mornings", "summary": "Small routines.",
		"body": "Wake, water, window.", "topicSlugs": []string{"stress"},
	}}, &created)
	id := created.CreateSubmission.ID
	s.Query(creator, submitM, map[string]any{"id": id, "v": created.CreateSubmission.Version}, nil)
	other := s.Token("test-moderator", "moderator")
	v := s.state(t, id).Node.Version
	s.Query(other, `mutation($id: ID!, $v: Int!) { rejectSubmission(id: $id, expectedVersion: $v, input: {reason: QUALITY, note: "Too thin."}) { id } }`,
		map[string]any{"id": id, "v": v}, nil)
	v = s.state(t, id).Node.Version
	s.Query(creator, `mutation($id: ID!, $v: Int!) { appealSubmission(id: $id, expectedVersion: $v, note: "I added sources; please look again.") { id } }`,
		map[string]any{"id": id, "v": v}, nil)

	b := newBrowser(t)
	mod := b.newTab("moderator", s.URL+"/console/#/appeals")
	mod.signIn("demo-moderator")
	row := `#appeals-table tr[data-id="` + id + `"]`
	mod.do(chromedp.WaitVisible(chromedp.CSS(row)))
	if got := mod.text(row + ` .appeal-note`); got != "I added sources; please look again." {
		t.Fatalf("appeal note = %q", got)
	}
	if got := mod.text(row + ` .rejected-by`); got != "Rejected by test-moderator" {
		t.Fatalf("rejected by = %q", got)
	}
	mod.shot("appeals")
	mod.do(chromedp.SendKeys(chromedp.CSS(row+` textarea`), "Still too thin: it needs a source for each habit."),
		chromedp.Click(chromedp.CSS(row+` button[type=submit]`)))
	mod.waitText(`#main`, "Rejection of “Ten habits for calmer mornings” upheld")
	if st := s.state(t, id).Node; st.Status != "REJECTED" || st.DecisionNote != "Still too thin: it needs a source for each habit." {
		t.Fatalf("after upholding: %+v", st)
	}
}

// TestConsoleEvents: a publisher creates an event with a capacity; the seats taken and left follow
// registrations; the publisher raises the capacity of the full event, and a capacity below the
// seats taken is refused with the API's reason, keeping what was typed.
func TestConsoleEvents(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t)
	pub := b.newTab("publisher", s.URL+"/console/#/events")
	pub.signIn("demo-publisher")
	pub.do(chromedp.WaitVisible(chromedp.CSS(`#create-event`)))
	// The test clock is behind the browser's: start the event a day after the server's now.
	start := s.Clock.Now().Add(24 * 3600e9).Format("2006-01-02T15:04")
	pub.do(
		chromedp.SendKeys(chromedp.CSS(`#event-title`), "Console test: peer-support training"),
		chromedp.SetValue(chromedp.CSS(`#event-starts`), start),
		chromedp.SendKeys(chromedp.CSS(`#event-capacity`), "2"),
		chromedp.Click(chromedp.CSS(`#create-event button[type=submit]`)))
	pub.waitText(`#main`, "Event “Console test: peer-support training” created.")
	var evs struct {
		Events struct {
			Edges []struct {
				Node struct {
					ID, Title string
					Capacity  *int
				}
			}
		}
	}
	s.Query("", `{ events(first: 100) { edges { node { id title capacity } } } }`, nil, &evs)
	id := ""
	for _, e := range evs.Events.Edges {
		if e.Node.Title == "Console test: peer-support training" && e.Node.Capacity != nil && *e.Node.Capacity == 2 {
			id = e.Node.ID
		}
	}
	if id == "" {
		t.Fatalf("the event was not created with capacity 2: %+v", evs)
	}
	seats := `#events-table tr[data-id="` + id + `"] .seats`
	s.Query(s.Token("reader-1"), `mutation($e: ID!) { registerForEvent(eventID: $e) { id } }`, map[string]any{"e": id}, nil)
	pub.click(`#nav a[data-section="publish"]`)
	pub.click(`#nav a[data-section="events"]`)
	pub.waitText(seats, "1 of 2 taken")
	pub.waitText(seats, "1 left")

	s.Query(s.Token("reader-2"), `mutation($e: ID!) { registerForEvent(eventID: $e) { id } }`, map[string]any{"e": id}, nil)
	pub.click(`#nav a[data-section="publish"]`)
	pub.click(`#nav a[data-section="events"]`)
	pub.waitText(seats, "Full")

	// Below the seats taken: the API refuses and the form keeps the typed value.
	pub.click(`#events-table tr[data-id="` + id + `"] button.edit-event`)
	pub.waitText(`#edit-event`, "2 taken, so the capacity cannot go below 2")
	pub.do(chromedp.SetValue(chromedp.CSS(`#edit-capacity`), "1"), chromedp.Click(chromedp.CSS(`#edit-event button[type=submit]`)))
	pub.waitText(`#main .alert`, "2 seats are already taken")
	if v := eval[string](pub, `document.getElementById("edit-capacity").value`); v != "1" {
		t.Fatalf("after a refused change the capacity field holds %q", v)
	}
	pub.do(chromedp.SetValue(chromedp.CSS(`#edit-capacity`), "25"))
	pub.shot("events")
	pub.click(`#edit-event button[type=submit]`)
	pub.waitText(`#main`, "Event “Console test: peer-support training” changed: capacity 25.")
	pub.waitText(seats, "2 of 25 taken")
	pub.waitText(seats, "23 left")
	pub.waitFor(`!document.getElementById("edit-event")`)

	var ev struct {
		Node struct {
			Capacity  int
			SeatsLeft int
		}
	}
	s.Query("", `query($id: ID!) { node(id: $id) { ... on Event { capacity seatsLeft } } }`, map[string]any{"id": id}, &ev)
	if ev.Node.Capacity != 25 || ev.Node.SeatsLeft != 23 {
		t.Fatalf("after the change: %+v", ev.Node)
	}
	s.Query(s.Token("reader-3"), `mutation($e: ID!) { registerForEvent(eventID: $e) { id } }`, map[string]any{"e": id}, nil)
}

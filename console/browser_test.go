package console_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const (
	createM = `mutation($in: CreateSubmissionInput!) { createSubmission(input: $in) { id version } }`
	submitM = `mutation($id: ID!, $v: Int!) { submitSubmission(id: $id, expectedVersion: $v) { id version status } }`
	updateM = `mutation($id: ID!, $v: Int!, $in: UpdateSubmissionInput!) { updateSubmission(id: $id, expectedVersion: $v, input: $in) { id version } }`
	stateQ  = `query($id: ID!) { node(id: $id) { ... on Submission { status version decisionNote publishAt } } }`
)

type subState struct {
	Node struct {
		Status       string
		Version      int
		DecisionNote string
		PublishAt    *time.Time
	}
}

// submitAsCreator creates and submits a sensitive article as demo-creator through the API and
// returns its ID and version.
func submitAsCreator(t *testing.T, s *site, title string) (string, int) {
	t.Helper()
	creator := s.Token("demo-creator", "creator")
	var created struct {
		CreateSubmission struct {
			ID      string
			Version int
		}
	}
	s.Query(creator, createM, map[string]any{"in": map[string]any{
		"kind": "ARTICLE", "title": title,
		"summary":      "What to say when a friend's post worries you, and where to find help.",
		"body":         "Ask directly. Listen. Call or text 988 together.",
		"thumbnailURL": s.URL + thumbPath,
		"topicSlugs":   []string{"suicide-prevention"},
	}}, &created)
	var sub struct {
		SubmitSubmission struct {
			Version int
			Status  string
		}
	}
	s.Query(creator, submitM, map[string]any{"id": created.CreateSubmission.ID, "v": created.CreateSubmission.Version}, &sub)
	return created.CreateSubmission.ID, sub.SubmitSubmission.Version
}

func (s *site) state(t *testing.T, id string) subState {
	t.Helper()
	var st subState
	s.Query(s.Token("test-observer", "moderator"), stateQ, map[string]any{"id": id}, &st)
	return st
}

// TestConsoleWorkflow walks a sensitive article from submission to the public feed, each
// decision made in the console in a real browser.
func TestConsoleWorkflow(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t)
	const title = "Console walk: when a friend's post worries you"

	// A moderator keeps the queue open; the creator's submission appears in it without a reload.
	mod := b.newTab("moderator", s.URL+"/console/")
	mod.shot("sign-in")
	mod.signIn("demo-moderator")
	mod.waitText("#live-state", "Live")
	if stored := eval[string](mod, `JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie`); strings.Contains(stored, "eyJ") {
		t.Fatalf("the token reached browser storage: %s", stored)
	}
	eval[string](mod, `window.__marker = "no reload"`)
	id, _ := submitAsCreator(t, s, title)
	mod.waitText("#queue-table", title)
	if eval[string](mod, `window.__marker || ""`) != "no reload" {
		t.Fatal("the queue was reloaded to show the new item; want it pushed over graphql-ws")
	}
	mod.shot("queue")

	// Review page: the sensitive thumbnail is blurred until revealed; Approve is not the
	// moderator's to press, and the page says why.
	mod.click(`#queue-table tr[data-id="` + id + `"] a.item-link`)
	mod.do(chromedp.WaitVisible(chromedp.CSS(`#approve-form`)))
	const thumbFilter = `getComputedStyle(document.querySelector("[data-field=thumbnailURL] .media img")).filter`
	filter := eval[string](mod, thumbFilter)
	if !strings.Contains(filter, "blur") {
		t.Fatalf("sensitive thumbnail filter = %q, want blurred", filter)
	}
	if !eval[bool](mod, `(() => { const i = document.querySelector("[data-field=thumbnailURL] .media img"); return i.complete && i.naturalWidth > 0; })()`) {
		t.Error("the thumbnail image did not load")
	}
	mod.shot("review-blurred")
	mod.click(`[data-field=thumbnailURL] .reveal`)
	if filter := eval[string](mod, thumbFilter); filter != "none" {
		t.Fatalf("revealed thumbnail filter = %q, want none", filter)
	}
	const approveDisabled = `document.getElementById("approve").disabled`
	if !eval[bool](mod, approveDisabled) || !strings.Contains(mod.text("#why-approve"), "clinical reviewers only") {
		t.Fatal("a moderator's Approve on a sensitive item must be disabled and say why")
	}

	// The moderator requests changes with a note the author will read.
	const note = "Please add the Crisis Text Line next to 988."
	mod.do(
		chromedp.SetValue(chromedp.CSS(`#changes-reason`), "SAFE_MESSAGING"),
		chromedp.SendKeys(chromedp.CSS(`#changes-note`), note),
		chromedp.Click(chromedp.CSS(`#changes`)))
	mod.waitText("#item-status", "Changes requested")
	if st := s.state(t, id); st.Node.Status != "CHANGES_REQUESTED" || st.Node.DecisionNote != note {
		t.Fatalf("after request changes: %+v", st.Node)
	}

	// The creator resubmits through the API.
	creator := s.Token("demo-creator", "creator")
	st := s.state(t, id)
	var upd struct{ UpdateSubmission struct{ Version int } }
	s.Query(creator, updateM, map[string]any{"id": id, "v": st.Node.Version, "in": map[string]any{
		"body": "Ask directly. Listen. Call or text 988, or text HOME to 741741 (Crisis Text Line).",
	}}, &upd)
	s.Query(creator, submitM, map[string]any{"id": id, "v": upd.UpdateSubmission.Version}, nil)

	// A clinical reviewer approves only after ticking every check.
	cr := b.newTab("clinical-reviewer", s.URL+"/console/")
	cr.signIn("demo-clinical-reviewer")
	cr.waitText("#queue-table", title)
	cr.click(`#queue-table tr[data-id="` + id + `"] a.item-link`)
	cr.do(chromedp.WaitVisible(chromedp.CSS(`#approve-form fieldset`)))
	boxes := []string{"NO_METHOD_DETAIL", "NO_GRAPHIC_IMAGERY", "HOPE_AND_RECOVERY", "HELP_SEEKING_CTA", "CRISIS_RESOURCES_LINKED", "NO_STIGMATIZING_LANGUAGE"}
	for i, c := range boxes {
		if !eval[bool](cr, approveDisabled) {
			t.Fatalf("Approve enabled with %d of 6 checks ticked", i)
		}
		cr.click(`input[value="` + c + `"]`)
	}
	if eval[bool](cr, approveDisabled) {
		t.Fatal("Approve still disabled with all six checks ticked")
	}
	cr.shot("review-checklist")
	cr.click(`#approve`)
	cr.waitText("#item-status", "Approved")
	if st := s.state(t, id); st.Node.Status != "APPROVED" {
		t.Fatalf("after approve: %+v", st.Node)
	}

	// A publisher schedules it; when its time comes (the scheduler's run), it is live.
	pub := b.newTab("publisher", s.URL+"/console/")
	pub.signIn("demo-publisher")
	pub.click(`#nav a[data-section="publish"]`)
	row := `#approved-table tr[data-id="` + id + `"]`
	pub.do(chromedp.WaitVisible(chromedp.CSS(row)))
	pub.shot("publishing")
	pub.click(row + ` .schedule`)
	pub.waitText(`#scheduled-table`, title)
	st = s.state(t, id)
	if st.Node.Status != "SCHEDULED" || st.Node.PublishAt == nil {
		t.Fatalf("after schedule: %+v", st.Node)
	}
	s.Clock.Set(st.Node.PublishAt.Add(time.Minute))
	if n, err := s.Workflow.PublishDue(s.System()); err != nil || n != 1 {
		t.Fatalf("PublishDue = %d, %v; want 1 published", n, err)
	}

	// An anonymous reader sees it.
	var feed struct {
		Contents struct {
			Edges []struct{ Node struct{ Title string } }
		}
	}
	s.Query("", `{ contents(first: 5) { edges { node { title } } } }`, nil, &feed)
	found := false
	for _, e := range feed.Contents.Edges {
		found = found || e.Node.Title == title
	}
	if !found {
		t.Fatalf("the anonymous feed does not show %q: %+v", title, feed)
	}
}

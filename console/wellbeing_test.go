package console_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// queueID finds a queued submission's ID by its title.
func queueID(t *testing.T, s *site, title string) (string, int) {
	t.Helper()
	var q struct {
		ModerationQueue struct {
			Edges []struct {
				Node struct {
					ID, Title string
					Version   int
				}
			}
		}
	}
	s.Query(s.Token("test-observer", "moderator"), `{ moderationQueue(first: 50) { edges { node { id title version } } } }`, nil, &q)
	for _, e := range q.ModerationQueue.Edges {
		if e.Node.Title == title {
			return e.Node.ID, e.Node.Version
		}
	}
	t.Fatalf("%q is not in the queue", title)
	return "", 0
}

// TestConsoleConflict: a decision made on a stale page is refused and the page says that
// someone else decided first, with the item's new state; nothing is overwritten.
func TestConsoleConflict(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t)
	id, version := queueID(t, s, "A two-minute breathing break for anxious moments")

	mod := b.newTab("moderator", s.URL+"/console/#/review/"+id)
	mod.signIn("demo-moderator")
	mod.do(chromedp.WaitVisible(chromedp.CSS(`#changes-form`)))

	// Another moderator approves it through the API while the page is open.
	s.Query(s.Token("other-moderator", "moderator"),
		`mutation($id: ID!, $v: Int!) { approveSubmission(id: $id, expectedVersion: $v) { status } }`,
		map[string]any{"id": id, "v": version}, nil)

	mod.do(
		chromedp.SetValue(chromedp.CSS(`#changes-reason`), "QUALITY"),
		chromedp.SendKeys(chromedp.CSS(`#changes-note`), "The audio is too quiet."),
		chromedp.Click(chromedp.CSS(`#changes`)))
	mod.do(chromedp.WaitVisible(chromedp.CSS(`#conflict`)))
	msg := mod.text(`#conflict`)
	if !strings.Contains(msg, "Someone else decided first") || !strings.Contains(msg, "Approved") {
		t.Fatalf("conflict message = %q; want it to say someone else decided first and the new state", msg)
	}
	mod.shot("conflict")
	if got := mod.text(`#item-status`); got != "Approved" {
		t.Fatalf("status shown after the conflict = %q, want Approved", got)
	}
	if st := s.state(t, id); st.Node.Status != "APPROVED" {
		t.Fatalf("the stale decision overwrote the approval: %+v", st.Node)
	}
}

// TestConsoleBreakPrompt: after the settable number of sensitive items, the console suggests a
// break; keyboard shortcuts reach the decision forms.
func TestConsoleBreakPrompt(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t)
	id, _ := queueID(t, s, "If a friend's post worries you")

	mod := b.newTab("moderator", s.URL+"/console/#/settings")
	mod.signIn("demo-moderator")
	mod.do(chromedp.WaitVisible(chromedp.CSS(`#break-after`)),
		chromedp.SetValue(chromedp.CSS(`#break-after`), "1"),
		chromedp.Click(chromedp.CSS(`#main form button[type=submit]`)))
	mod.waitText(`#main`, "after every 1 sensitive items")
	mod.shot("wellbeing")

	eval[string](mod, `location.hash = "#/review/`+id+`"`)
	mod.do(chromedp.WaitVisible(chromedp.CSS(`#changes-form`)))
	if open := eval[bool](mod, `document.getElementById("break-dialog").open`); open {
		t.Fatal("break prompt open before any sensitive item was decided")
	}
	// "e" jumps to the request-changes form.
	mod.do(chromedp.Focus(chromedp.CSS(`#main`)), chromedp.KeyEvent("e"))
	if got := eval[string](mod, `document.activeElement.id`); got != "changes-reason" {
		t.Fatalf("after the e shortcut the focus is on %q, want changes-reason", got)
	}
	mod.do(
		chromedp.SetValue(chromedp.CSS(`#changes-reason`), "SAFE_MESSAGING"),
		chromedp.SendKeys(chromedp.CSS(`#changes-note`), "Please link the Crisis Text Line."),
		chromedp.Click(chromedp.CSS(`#changes`)))
	mod.waitText("#item-status", "Changes requested")
	mod.waitFor(`document.getElementById("break-dialog").open`)
	if got := mod.text(`#break-text`); !strings.Contains(got, "1 sensitive item") {
		t.Fatalf("break prompt says %q", got)
	}
	if got := mod.text(`#sensitive-count`); !strings.HasSuffix(got, ": 1") {
		t.Fatalf("sensitive count = %q, want 1", got)
	}
	mod.shot("break-prompt")
}

package console_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestConsoleReports: self-harm reports come first; a take-down asks to confirm, and cancelling
// leaves the content up; a report is dismissed with the d shortcut.
func TestConsoleReports(t *testing.T) {
	s := newSite(t)
	var feed struct {
		Contents struct {
			Edges []struct{ Node struct{ ID, Title string } }
		}
	}
	s.Query("", `{ contents(first: 2) { edges { node { id title } } } }`, nil, &feed)
	if len(feed.Contents.Edges) < 2 {
		t.Fatalf("the demo hub has %d live items, want 2", len(feed.Contents.Edges))
	}
	spam, risky := feed.Contents.Edges[0].Node, feed.Contents.Edges[1].Node
	reader := s.Token("test-reader")
	report := `mutation($id: ID!, $r: ReportReason!) { reportContent(contentID: $id, reason: $r, details: "seen in the feed") }`
	s.Query(reader, report, map[string]any{"id": spam.ID, "r": "SPAM"}, nil)
	s.Query(reader, report, map[string]any{"id": risky.ID, "r": "SELF_HARM_RISK"}, nil)

	b := newBrowser(t)
	mod := b.newTab("moderator", s.URL+"/console/#/reports")
	mod.signIn("demo-moderator")
	mod.do(chromedp.WaitVisible(chromedp.CSS(`tr[data-report]`)))
	if first := mod.text(`tbody tr:first-child`); !strings.Contains(first, "Self harm risk") || !strings.Contains(first, risky.Title) {
		t.Fatalf("first report row = %q; want the self-harm report first", first)
	}
	mod.shot("reports")

	// Take down, cancel: nothing happens.
	mod.do(chromedp.SendKeys(chromedp.CSS(`tbody tr:first-child textarea`), "Describes a method."))
	mod.click(`tbody tr:first-child .takedown`)
	mod.waitFor(`document.getElementById("confirm-dialog").open`)
	mod.shot("take-down-confirm")
	mod.click(`#confirm-dialog button[value=cancel]`)
	if n := eval[int](mod, `document.querySelectorAll("tr[data-report]").length`); n != 2 {
		t.Fatalf("%d open reports after cancelling, want 2", n)
	}
	if live := liveTitles(t, s); !live[risky.Title] {
		t.Fatal("cancelling the take-down took the content down")
	}

	// Take down, confirm.
	mod.click(`tbody tr:first-child .takedown`)
	mod.waitFor(`document.getElementById("confirm-dialog").open`)
	mod.click(`#confirm-ok`)
	mod.waitText(`#main`, "Content taken down.")
	if n := eval[int](mod, `document.querySelectorAll("tr[data-report]").length`); n != 1 {
		t.Fatalf("%d open reports shown after the take-down, want 1", n)
	}
	if live := liveTitles(t, s); live[risky.Title] {
		t.Fatal("the confirmed take-down left the content live")
	}

	// Dismiss the remaining report from the keyboard.
	mod.do(chromedp.Focus(chromedp.CSS(`tbody tr:first-child .dismiss`)), chromedp.KeyEvent("d"))
	mod.waitText(`#main`, "No open reports.")
	if live := liveTitles(t, s); !live[spam.Title] {
		t.Fatal("dismissing a report took the content down")
	}
}

func liveTitles(t *testing.T, s *site) map[string]bool {
	t.Helper()
	var feed struct {
		Contents struct {
			Edges []struct{ Node struct{ Title string } }
		}
	}
	s.Query("", `{ contents(first: 100) { edges { node { title } } } }`, nil, &feed)
	out := map[string]bool{}
	for _, e := range feed.Contents.Edges {
		out[e.Node.Title] = true
	}
	return out
}

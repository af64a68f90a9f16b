package console_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestConsoleHubReorder: a publisher moves a featured item up with Alt+↑ on its row (one
// moveFeature mutation); the public page (and the console's preview of it) shows the new order.
//
// The campaign is chosen by the address (#/hub/SLUG) and the test waits for that campaign's list.
// It used to set the campaign select as soon as the select was visible, before its options had
// arrived, so the page could stay on another campaign (or draw it after the chosen one) and the
// wait for a second featured row then lasted until the browser's deadline.
func TestConsoleHubReorder(t *testing.T) {
	s := newSite(t)
	b := newBrowser(t)
	pub := b.newTab("publisher", s.URL+"/console/#/hub/mental-health-awareness")
	pub.signIn("demo-publisher")
	pub.waitFor(`(() => { const b = document.querySelector("[data-campaign]"); return !!b && b.dataset.campaign === "mental-health-awareness" && !b.hasAttribute("aria-busy"); })()`)
	if got := eval[string](pub, `document.getElementById("campaign").value`); got != "mental-health-awareness" {
		t.Fatalf("campaign select shows %q", got)
	}
	pub.do(chromedp.WaitVisible(chromedp.CSS(`#list-CONTENT li:nth-child(2)`)))
	first, second := featured(t, s)[0], featured(t, s)[1]
	if got := pub.text(`#list-CONTENT li:nth-child(2) .what`); !strings.HasPrefix(got, second) {
		t.Fatalf("second featured row = %q, want %q", got, second)
	}
	pub.shot("hub")

	pub.do(chromedp.Focus(chromedp.CSS(`#list-CONTENT li:nth-child(2)`)),
		chromedp.KeyEvent(kb.ArrowUp, chromedp.KeyModifiers(chromedp.ModifierAlt)))
	pub.waitText(`#main`, "Moved “"+second+"”")
	pub.waitText(`#list-CONTENT li:nth-child(1)`, second)
	if got := featured(t, s); got[0] != second || got[1] != first {
		t.Fatalf("public order after the move = %q, want %q then %q", got[:2], second, first)
	}
	if got := pub.text(`#preview ol li:first-child`); got != second {
		t.Fatalf("preview's first item = %q, want %q", got, second)
	}
	if focused := eval[string](pub, `document.activeElement.innerText || ""`); !strings.Contains(focused, second) {
		t.Errorf("focus after the move is on %q; want it to stay on the moved row", focused)
	}
}

// featured lists the campaign's featured titles as the public sees them.
func featured(t *testing.T, s *site) []string {
	t.Helper()
	var page struct {
		Campaign struct{ FeaturedContents []struct{ Title string } }
	}
	s.Query("", `{ campaign(slug: "mental-health-awareness") { featuredContents { title } } }`, nil, &page)
	var out []string
	for _, c := range page.Campaign.FeaturedContents {
		out = append(out, c.Title)
	}
	if len(out) < 2 {
		t.Fatalf("featured = %q, want at least 2", out)
	}
	return out
}

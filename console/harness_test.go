package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"haven/apptest"
)

// browserTimeout bounds every browser scenario: the machine is small and shared, and a stuck
// browser must fail the test rather than hang it.
const browserTimeout = 90 * time.Second

// thumbPath is an image the test server serves beside Haven, so that thumbnails really load.
const thumbPath = "/test-media/thumb.svg"

const thumbSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180"><rect width="320" height="180" fill="#2a6f97"/>` +
	`<circle cx="160" cy="90" r="60" fill="#f2a900"/><text x="160" y="100" font-size="28" text-anchor="middle" fill="#111">thumbnail</text></svg>`

// site is a Haven with the demo hub behind a real HTTP server.
type site struct {
	*apptest.Hub
	URL string
}

func newSite(t *testing.T) *site {
	t.Helper()
	return newSiteWith(t, apptest.Options{Seed: true})
}

// newSiteWith is newSite with the hub's options (a test's identity provider, production mode).
func newSiteWith(t *testing.T, o apptest.Options) *site {
	t.Helper()
	h := apptest.New(t, o)
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+thumbPath, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/svg+xml")
		fmt.Fprint(w, thumbSVG)
	})
	mux.Handle("/", h.Handler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &site{Hub: h, URL: srv.URL}
}

// chromiumPath finds the Chromium binary. Without one the browser tests are skipped, except
// under CI (HAVEN_BROWSER_TESTS=required, as .ci/run sets it), where its absence fails them.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("HAVEN_BROWSER_TESTS") == "required" {
		t.Fatal("no Chromium found; install the chromium package")
	}
	t.Skip("no Chromium found (install the chromium package to run the browser tests)")
	return ""
}

// browser is one headless Chromium with a fresh profile.
type browser struct {
	t     *testing.T
	alloc context.Context
	first context.Context // the first tab's context, which owns the browser
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
	timeout, cancelTimeout := context.WithTimeout(context.Background(), browserTimeout)
	alloc, cancelAlloc := chromedp.NewExecAllocator(timeout, opts...)
	t.Cleanup(func() { cancelAlloc(); cancelTimeout() })
	return &browser{t: t, alloc: alloc}
}

// tab is one page of a browser, signed in as nobody yet.
type tab struct {
	t    *testing.T
	ctx  context.Context
	name string
}

// newTab opens url in a new tab (the first tab starts the browser). A failing test saves each
// tab's screenshot to its artifact directory.
func (b *browser) newTab(name, url string) *tab {
	b.t.Helper()
	parent := b.alloc
	if b.first != nil {
		parent = b.first
	}
	ctx, cancel := chromedp.NewContext(parent)
	if b.first == nil {
		b.first = ctx
	}
	tb := &tab{t: b.t, ctx: ctx, name: name}
	b.t.Cleanup(func() {
		if b.t.Failed() {
			tb.saveScreenshot(filepath.Join(b.t.ArtifactDir(), "failed-"+name+".png"))
		}
		cancel()
	})
	tb.do(chromedp.EmulateViewport(1280, 800), chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`#main`)))
	return tb
}

func (tb *tab) saveScreenshot(path string) {
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
	if err == nil {
		err = os.WriteFile(path, buf, 0o644)
	}
	if err != nil {
		tb.t.Logf("screenshot of %s: %v", tb.name, err)
		return
	}
	tb.t.Logf("screenshot of %s: %s", tb.name, path)
}

// fail ends the test with err and the start of the page's text.
func (tb *tab) fail(err error) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 3*time.Second)
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("main").innerText.slice(0, 1500)`))
	cancel()
	tb.t.Fatalf("%s: %v\npage:\n%s", tb.name, err, text)
}

// do runs actions, failing the test (with the page's text) when one fails.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.fail(err)
	}
}

// eval evaluates a JavaScript expression.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.fail(err)
	}
	return v
}

func (tb *tab) click(css string) {
	tb.t.Helper()
	tb.do(chromedp.WaitVisible(chromedp.CSS(css)), chromedp.Click(chromedp.CSS(css)))
}

// signIn chooses a demo account on the sign-in screen.
func (tb *tab) signIn(subject string) {
	tb.t.Helper()
	tb.click(`button[data-subject="` + subject + `"]`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(`#viewer`)))
	if who := eval[string](tb, `document.getElementById("viewer").textContent`); !strings.HasPrefix(who, subject+" ") {
		tb.t.Fatalf("%s: signed in as %q, want %s", tb.name, who, subject)
	}
}

// text returns the visible text of the element css.
func (tb *tab) text(css string) string {
	tb.t.Helper()
	tb.do(chromedp.WaitVisible(chromedp.CSS(css)))
	s, err := chromedp.Run(tb.ctx, chromedp.Text(chromedp.CSS(css)))
	if err != nil {
		tb.fail(err)
	}
	return s
}

// waitFor waits until the JavaScript expression is true, for at most 20 s.
func (tb *tab) waitFor(expr string) {
	tb.t.Helper()
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](expr,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		tb.fail(fmt.Errorf("waiting for %s: %w", expr, err))
	}
}

// waitText waits until the element css shows text containing want.
func (tb *tab) waitText(css, want string) {
	tb.t.Helper()
	tb.waitFor(fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.innerText.includes(%q); })()`, css, want))
}

// shot saves a screenshot of the page for the documentation when HAVEN_CONSOLE_SCREENSHOTS names
// a directory; it does nothing otherwise.
func (tb *tab) shot(name string) {
	tb.t.Helper()
	dir := os.Getenv("HAVEN_CONSOLE_SCREENSHOTS")
	if dir == "" {
		return
	}
	tb.do(chromedp.Sleep(300 * time.Millisecond))
	buf, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
	}
	if err != nil {
		tb.t.Fatalf("screenshot %s: %v", name, err)
	}
}

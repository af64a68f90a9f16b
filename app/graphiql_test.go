package app_test

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"haven/app"
	"haven/config"
)

// TestGraphiQLOffline loads the GraphiQL page and every asset it names through the real handler:
// nothing in the page may come from another origin, and each asset must be served from the binary.
func TestGraphiQLOffline(t *testing.T) {
	dev := newApp(t, config.Development, true, app.Options{})
	page := serve(t, dev, httptest.NewRequest(http.MethodGet, "/", nil))
	if page.status != http.StatusOK {
		t.Fatalf("/: HTTP %d", page.status)
	}
	if m := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`).FindString(page.body); m != "" {
		t.Errorf("the page names an outside URL: %s", m)
	}
	if csp := page.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("Content-Security-Policy %q does not keep the page to its own origin", csp)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page.body, -1)
	if len(refs) < 4 {
		t.Fatalf("page names %d assets, want GraphiQL's script and style and React's two scripts:\n%s", len(refs), page.body)
	}
	for _, ref := range refs {
		res := serve(t, dev, httptest.NewRequest(http.MethodGet, ref[1], nil))
		if res.status != http.StatusOK || len(res.body) < 1000 {
			t.Errorf("%s: HTTP %d, %d bytes", ref[1], res.status, len(res.body))
		}
		want := "javascript"
		if strings.HasSuffix(ref[1], ".css") {
			want = "text/css"
		}
		if ct := res.header.Get("Content-Type"); !strings.Contains(ct, want) {
			t.Errorf("%s: Content-Type %q, want %s", ref[1], ct, want)
		}
		if strings.HasSuffix(ref[1], ".css") && regexp.MustCompile(`url\((["']?)https?:`).MatchString(res.body) {
			t.Errorf("%s loads from another origin", ref[1])
		}
	}
	if !strings.Contains(page.body, `"\/graphql"`) && !strings.Contains(page.body, `"/graphql"`) {
		t.Errorf("the page does not point GraphiQL at /graphql")
	}

	prod := newApp(t, config.Production, false, app.Options{})
	if res := serve(t, prod, httptest.NewRequest(http.MethodGet, "/graphiql/graphiql.min.js", nil)); res.status != http.StatusNotFound {
		t.Errorf("production serves GraphiQL's assets: HTTP %d", res.status)
	}
}

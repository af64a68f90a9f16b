package app_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"haven/app"
	"haven/apptest"
	"haven/auth"
	"haven/config"
	"haven/edge"
)

// newOpsApp builds an App in development with the operations settings ops.
func newOpsApp(t testing.TB, ops config.Operations, opts ...app.Options) *app.App {
	t.Helper()
	cfg := apptest.Config(t)
	cfg.Operations = ops
	var o app.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	return apptest.Start(t, cfg, o)
}

func TestCORS(t *testing.T) {
	a := newOpsApp(t, config.Operations{CORSAllowedOrigins: []string{"https://app.example.org"}})
	preflight := func(origin string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodOptions, "/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, req)
		return rec
	}
	rec := preflight("https://app.example.org")
	if rec.Code != http.StatusNoContent && rec.Code != http.StatusOK {
		t.Fatalf("allowed preflight: status %d, want 2xx", rec.Code)
	}
	h := rec.Header()
	if got := h.Get("Access-Control-Allow-Origin"); got != "https://app.example.org" {
		t.Errorf("allowed preflight: Allow-Origin = %q, want the origin itself", got)
	}
	if got := h.Get("Access-Control-Allow-Methods"); !strings.Contains(got, "POST") {
		t.Errorf("allowed preflight: Allow-Methods = %q, want POST", got)
	}
	if got := strings.ToLower(h.Get("Access-Control-Allow-Headers")); !strings.Contains(got, "authorization") || !strings.Contains(got, "content-type") {
		t.Errorf("allowed preflight: Allow-Headers = %q, want authorization and content-type", got)
	}
	if got := h.Get("Access-Control-Allow-Credentials"); got != "" {
		t.Errorf("Allow-Credentials = %q, want none: Haven reads bearer tokens, never cookies", got)
	}

	rec = preflight("https://evil.example.com")
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("refused preflight: Allow-Origin = %q, want none", got)
	}

	// Actual requests: the allowed origin is named in the response, the refused one is not.
	for origin, want := range map[string]string{"https://app.example.org": "https://app.example.org", "https://evil.example.com": ""} {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", origin)
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("POST from %s: status %d: %s", origin, rec.Code, rec.Body)
		}
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != want {
			t.Errorf("POST from %s: Allow-Origin = %q, want %q", origin, got, want)
		}
	}
}

func TestCORSWildcardNeverWithCredentials(t *testing.T) {
	a := newOpsApp(t, config.Operations{CORSAllowedOrigins: []string{"*"}})
	req := httptest.NewRequest(http.MethodOptions, "/graphql", nil)
	req.Header.Set("Origin", "https://any.example.org")
	req.Header.Set("Access-Control-Request-Method", "POST")
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, req)
	if got := rec.Header().Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("Allow-Origin = %q, want *", got)
	}
	if got := rec.Header().Get("Access-Control-Allow-Credentials"); got != "" {
		t.Errorf("Allow-Credentials = %q alongside *", got)
	}
}

func TestCORSDevelopmentDefault(t *testing.T) {
	a := newOpsApp(t, config.Operations{CORSAllowedOrigins: edge.DevelopmentOrigins})
	for origin, allowed := range map[string]bool{
		"http://localhost:3000": true, "http://127.0.0.1:5173": true, "https://example.org": false,
	} {
		req := httptest.NewRequest(http.MethodOptions, "/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, req)
		if got := rec.Header().Get("Access-Control-Allow-Origin") == origin; got != allowed {
			t.Errorf("%s: allowed = %t, want %t", origin, got, allowed)
		}
	}
}

func TestRateLimits(t *testing.T) {
	a := newOpsApp(t, config.Operations{RateLimits: edge.Budgets{
		Anonymous: edge.Budget{Requests: 3, Window: time.Minute},
		SignedIn:  edge.Budget{Requests: 5, Window: time.Minute},
	}})
	token, err := auth.Sign(apptest.Secret, auth.Claims{Subject: "reader", TTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	post := func(addr, token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = addr + ":1234"
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, req)
		return rec
	}
	for i := range 3 {
		if rec := post("192.0.2.1", ""); rec.Code != http.StatusOK {
			t.Fatalf("anonymous request %d: status %d", i+1, rec.Code)
		}
	}
	rec := post("192.0.2.1", "")
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("4th anonymous request: status %d, want 429", rec.Code)
	}
	if s, err := strconv.Atoi(rec.Header().Get("Retry-After")); err != nil || s <= 0 {
		t.Errorf("Retry-After = %q, want seconds", rec.Header().Get("Retry-After"))
	}
	if !strings.Contains(rec.Body.String(), `"RATE_LIMITED"`) {
		t.Errorf("429 body %s, want code RATE_LIMITED", rec.Body)
	}
	// Another address has its own budget.
	if rec := post("192.0.2.2", ""); rec.Code != http.StatusOK {
		t.Errorf("other address: status %d, want 200", rec.Code)
	}
	// A signed-in viewer is counted by subject, whatever its address, with its own budget.
	for i := range 5 {
		if rec := post("192.0.2."+strconv.Itoa(10+i), token); rec.Code != http.StatusOK {
			t.Fatalf("signed-in request %d: status %d: %s", i+1, rec.Code, rec.Body)
		}
	}
	if rec := post("192.0.2.99", token); rec.Code != http.StatusTooManyRequests {
		t.Errorf("6th signed-in request from a new address: status %d, want 429", rec.Code)
	}
}

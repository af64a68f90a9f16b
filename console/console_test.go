package console_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"haven/auth"
	"haven/config"
	"haven/console"
)

var secret = []byte("console-test-secret-0123456789abcdef0123456789")

func get(t *testing.T, h http.Handler, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

func settings(t *testing.T, cfg config.Config) console.Settings {
	t.Helper()
	rec := get(t, console.Handler(cfg), "/console/config.json")
	if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("config.json: %d, Cache-Control %q", rec.Code, rec.Header().Get("Cache-Control"))
	}
	var s console.Settings
	if err := json.Unmarshal(rec.Body.Bytes(), &s); err != nil {
		t.Fatalf("config.json: %v: %s", err, rec.Body)
	}
	return s
}

// In development the console offers the demo accounts with tokens the server accepts.
func TestDevelopmentSettingsMintVerifiableTokens(t *testing.T) {
	cfg := config.Config{Env: config.Development, JWT: auth.Config{Secret: secret, Issuer: "haven-dev", RolesClaim: "roles"}}
	s := settings(t, cfg)
	if s.Mode != "development" {
		t.Fatalf("mode = %q", s.Mode)
	}
	v, err := auth.NewVerifier(auth.Config{Secret: secret, Issuer: "haven-dev", RolesClaim: "roles", Leeway: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, a := range s.Accounts {
		viewer, err := v.Verify(a.Token)
		if err != nil {
			t.Fatalf("%s: token refused: %v", a.Subject, err)
		}
		if viewer.Subject != a.Subject || len(viewer.Roles) != len(a.Roles) {
			t.Fatalf("%s: token says %s %v, want roles %v", a.Subject, viewer.Subject, viewer.Roles, a.Roles)
		}
		subjects = append(subjects, a.Subject)
	}
	for _, want := range []string{"demo-moderator", "demo-clinical-reviewer", "demo-publisher", "demo-admin"} {
		if !slices.Contains(subjects, want) {
			t.Errorf("sign-in offers %v, missing %s", subjects, want)
		}
	}
}

// In production, or without a development secret, no token is ever handed out.
func TestProductionSettingsHoldNoTokens(t *testing.T) {
	for name, cfg := range map[string]config.Config{
		"production":        {Env: config.Production, JWT: auth.Config{Secret: secret}},
		"identity provider": {Env: config.Development, JWT: auth.Config{PublicKeyFile: "idp.pem"}},
	} {
		t.Run(name, func(t *testing.T) {
			rec := get(t, console.Handler(cfg), "/console/config.json")
			if strings.Contains(rec.Body.String(), "token") || strings.Contains(rec.Body.String(), "eyJ") {
				t.Fatalf("config.json hands out a token: %s", rec.Body)
			}
			if s := settings(t, cfg); len(s.Accounts) != 0 || s.Mode != map[string]string{"production": "production", "identity provider": "development"}[name] {
				t.Fatalf("settings = %+v", s)
			}
		})
	}
}

// The assets are served from the binary with the right types and a strict content policy.
func TestAssets(t *testing.T) {
	mux := http.NewServeMux()
	console.Mount(mux, config.Config{Env: config.Development})
	for path, typ := range map[string]string{
		"/console/":            "text/html",
		"/console/console.css": "text/css",
		"/console/js/main.js":  "text/javascript",
		"/console/js/api.js":   "text/javascript",
	} {
		rec := get(t, mux, path)
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), typ) {
			t.Errorf("%s: %d %q, want 200 %s", path, rec.Code, rec.Header().Get("Content-Type"), typ)
		}
		if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
	}
	if rec := get(t, mux, "/console"); rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/console/" {
		t.Errorf("/console: %d to %q, want a redirect to /console/", rec.Code, rec.Header().Get("Location"))
	}
	if rec := get(t, mux, "/console/nope.js"); rec.Code != http.StatusNotFound {
		t.Errorf("/console/nope.js: %d, want 404", rec.Code)
	}
}

// With an identity provider configured, config.json names it (no secret: the console is a public
// client) and the content policy lets the page call the provider's origin, and no other.
func TestOIDCSettings(t *testing.T) {
	cfg := config.Config{Env: config.Production, JWT: auth.Config{JWKSURL: "https://id.example.org/certs"},
		Console: config.ConsoleConfig{OIDCIssuer: "https://id.example.org/realms/haven", OIDCClientID: "haven-console", OIDCScopes: "openid"}}
	s := settings(t, cfg)
	if s.OIDC == nil || *s.OIDC != (console.OIDC{Issuer: "https://id.example.org/realms/haven", ClientID: "haven-console", Scopes: "openid"}) || len(s.Accounts) != 0 {
		t.Fatalf("settings = %+v, oidc %+v", s, s.OIDC)
	}
	csp := get(t, console.Handler(cfg), "/console/").Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "connect-src 'self' https://id.example.org;") {
		t.Fatalf("Content-Security-Policy %q, want connect-src to the provider's origin", csp)
	}
	cfg.Console = config.ConsoleConfig{}
	if s := settings(t, cfg); s.OIDC != nil {
		t.Fatalf("without a provider: oidc = %+v", s.OIDC)
	}
	if csp := get(t, console.Handler(cfg), "/console/").Header().Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self';") {
		t.Fatalf("without a provider: Content-Security-Policy %q", csp)
	}
}

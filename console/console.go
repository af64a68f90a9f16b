// Package console serves Haven's moderator console at /console: static HTML, CSS and JavaScript
// modules embedded in the binary, which talk to the public GraphQL API like any other client.
//
// The only thing the console's routes add to the API is /console/config.json, which tells the page
// how to sign in. In development it lists the demo accounts with freshly minted development
// tokens (exactly what the server's start-up banner prints); in production it lists none, so a
// production deployment never hands out a token. When CONSOLE_OIDC_ISSUER is set it names the
// identity provider the page signs in with (OpenID Connect, authorization code with PKCE).
package console

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"haven/auth"
	"haven/config"
	"haven/seed"
)

//go:embed assets
var assets embed.FS

// TokenTTL is how long a development token handed to the console is valid.
const TokenTTL = 8 * time.Hour

// csp keeps the console to its own scripts and styles; media and thumbnails of submissions may
// come from any https host. With OpenID Connect sign-in the page may also call the provider's
// origin (discovery and token endpoints); it goes to the provider's sign-in page by navigation.
func csp(cfg config.Config) string {
	connect := "'self'"
	if o := issuerOrigin(cfg); o != "" {
		connect += " " + o
	}
	return "default-src 'self'; img-src 'self' https: data:; media-src 'self' https:; " +
		"connect-src " + connect + "; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
}

// issuerOrigin is the scheme and host of the configured OpenID issuer, or "".
func issuerOrigin(cfg config.Config) string {
	if !cfg.Console.OIDC() {
		return ""
	}
	u, err := url.Parse(cfg.Console.OIDCIssuer)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// Account is a demo account offered on the development sign-in screen.
type Account struct {
	Subject string   `json:"subject"`
	Roles   []string `json:"roles"`
	Note    string   `json:"note"`
	Token   string   `json:"token"`
}

// Settings is what /console/config.json tells the page.
type Settings struct {
	// Mode is "development" or "production".
	Mode string `json:"mode"`
	// Accounts are the demo accounts with development tokens; empty in production.
	Accounts []Account `json:"accounts"`
	// OIDC, when set, is the identity provider the console signs in with (authorization code
	// with PKCE). It holds no secret: the console is a public client.
	OIDC *OIDC `json:"oidc,omitempty"`
}

// OIDC tells the page where to sign in.
type OIDC struct {
	Issuer   string `json:"issuer"`
	ClientID string `json:"clientID"`
	Scopes   string `json:"scopes"`
}

// Mount registers the console's routes on mux.
func Mount(mux *http.ServeMux, cfg config.Config) {
	h := Handler(cfg)
	mux.Handle("GET /console", http.RedirectHandler("/console/", http.StatusMovedPermanently))
	mux.Handle("GET /console/", h)
}

// Handler serves the console's assets under /console/ and its sign-in settings.
func Handler(cfg config.Config) http.Handler {
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic(err) // the embedded directory is part of the binary
	}
	files := http.StripPrefix("/console/", http.FileServerFS(sub))
	policy := csp(cfg)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", policy)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		if r.URL.Path == "/console/config.json" {
			writeSettings(w, cfg)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".js") {
			// Some systems map .js to text/plain; module scripts need a JavaScript type.
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		}
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}

// writeSettings answers the sign-in settings: the demo accounts' tokens only in development with
// an HS256 secret (as the banner prints them), never in production.
func writeSettings(w http.ResponseWriter, cfg config.Config) {
	s := Settings{Mode: "development", Accounts: []Account{}}
	if cfg.Production() {
		s.Mode = "production"
	} else if len(cfg.JWT.Secret) > 0 {
		s.Accounts = demoAccounts(cfg)
	}
	if c := cfg.Console; c.OIDC() {
		s.OIDC = &OIDC{Issuer: c.OIDCIssuer, ClientID: c.OIDCClientID, Scopes: c.OIDCScopes}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(s)
}

// demoAccounts mints a development token for each demo account that acts in the demo (the
// spotlighted creators' own accounts are data, as in the banner).
func demoAccounts(cfg config.Config) []Account {
	var out []Account
	for _, acc := range seed.Accounts() {
		if strings.HasPrefix(acc.Subject, "creator:") || strings.HasPrefix(acc.Subject, "org:") {
			continue
		}
		tok, err := auth.Sign(cfg.JWT.Secret, auth.Claims{
			Subject: acc.Subject, Roles: acc.Roles, TTL: TokenTTL,
			Issuer: cfg.JWT.Issuer, Audience: cfg.JWT.Audience, RolesClaim: cfg.JWT.RolesClaim,
		})
		if err != nil {
			continue
		}
		out = append(out, Account{Subject: acc.Subject, Roles: acc.Roles, Note: acc.Note, Token: tok})
	}
	return out
}

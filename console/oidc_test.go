package console_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/golang-jwt/jwt/v5"

	"haven/apptest"
	"haven/config"
)

// testProvider is an OpenID provider in the test's process: discovery, an authorization page,
// a token endpoint that insists on PKCE (S256), and its JWK Set. It signs RS256 tokens.
type testProvider struct {
	t        *testing.T
	srv      *httptest.Server
	key      *rsa.PrivateKey
	clientID string
	audience string
	subject  string
	roles    []string

	mu          sync.Mutex
	redirectURI string           // the console's, set once the site runs
	codes       map[string]grant // issued, unused codes
	log         []string         // what the provider saw, for the test's checks
}

type grant struct{ challenge, nonce, redirectURI string }

const testKID = "test-key-1"

func newTestProvider(t *testing.T, subject string, roles ...string) *testProvider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &testProvider{t: t, key: key, clientID: "haven-console", audience: "haven-api",
		subject: subject, roles: roles, codes: map[string]grant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("GET /consent", p.consent)
	mux.HandleFunc("POST /token", p.token)
	mux.HandleFunc("GET /jwks", p.jwks)
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *testProvider) issuer() string { return p.srv.URL }

func (p *testProvider) saw(what string) {
	p.mu.Lock()
	p.log = append(p.log, what)
	p.mu.Unlock()
}

func (p *testProvider) seen() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.log, "\n")
}

func cors(w http.ResponseWriter) { w.Header().Set("Access-Control-Allow-Origin", "*") }

func (p *testProvider) discovery(w http.ResponseWriter, _ *http.Request) {
	cors(w)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"issuer": p.issuer(), "authorization_endpoint": p.issuer() + "/authorize",
		"token_endpoint": p.issuer() + "/token", "jwks_uri": p.issuer() + "/jwks",
		"response_types_supported": []string{"code"}, "code_challenge_methods_supported": []string{"S256"},
		"id_token_signing_alg_values_supported": []string{"RS256"}, "subject_types_supported": []string{"public"},
	})
}

// authorize checks the request and shows a sign-in page whose button approves it.
func (p *testProvider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p.mu.Lock()
	want := p.redirectURI
	p.mu.Unlock()
	switch {
	case q.Get("response_type") != "code", q.Get("client_id") != p.clientID, q.Get("redirect_uri") != want,
		q.Get("code_challenge_method") != "S256", len(q.Get("code_challenge")) != 43, q.Get("state") == "",
		!strings.Contains(" "+q.Get("scope")+" ", " openid "):
		p.saw("bad authorization request: " + r.URL.RawQuery)
		http.Error(w, "bad authorization request", http.StatusBadRequest)
		return
	}
	p.saw("authorize with S256")
	code := rand.Text()
	p.mu.Lock()
	p.codes[code] = grant{challenge: q.Get("code_challenge"), nonce: q.Get("nonce"), redirectURI: q.Get("redirect_uri")}
	p.mu.Unlock()
	back := q.Get("redirect_uri") + "?" + url.Values{"code": {code}, "state": {q.Get("state")}}.Encode()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><title>Test provider</title><h1>Test provider</h1>
<a id="consent" href="/consent?to=%s">Continue as %s</a>`, html.EscapeString(url.QueryEscape(back)), html.EscapeString(p.subject))
}

func (p *testProvider) consent(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
}

// token exchanges a code for tokens, only with the verifier whose S256 hash was sent before.
func (p *testProvider) token(w http.ResponseWriter, r *http.Request) {
	cors(w)
	fail := func(code, desc string) {
		p.saw("token refused: " + desc)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
	}
	if err := r.ParseForm(); err != nil {
		fail("invalid_request", err.Error())
		return
	}
	p.mu.Lock()
	g, ok := p.codes[r.PostForm.Get("code")]
	delete(p.codes, r.PostForm.Get("code"))
	p.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	switch {
	case r.PostForm.Get("grant_type") != "authorization_code":
		fail("unsupported_grant_type", "want authorization_code")
		return
	case !ok:
		fail("invalid_grant", "unknown or used code")
		return
	case r.PostForm.Get("client_id") != p.clientID || r.PostForm.Get("redirect_uri") != g.redirectURI:
		fail("invalid_grant", "client or redirect URI differs")
		return
	case base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge:
		fail("invalid_grant", "code_verifier does not match the code_challenge")
		return
	}
	p.saw("token for a verified PKCE code")
	now := time.Now()
	access := p.sign(jwt.MapClaims{"iss": p.issuer(), "aud": p.audience, "sub": p.subject, "roles": p.roles,
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()})
	id := p.sign(jwt.MapClaims{"iss": p.issuer(), "aud": p.clientID, "sub": p.subject, "nonce": g.nonce,
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(map[string]any{"access_token": access, "id_token": id, "token_type": "Bearer", "expires_in": 300})
}

func (p *testProvider) sign(c jwt.MapClaims) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
	tok.Header["kid"] = testKID
	s, err := tok.SignedString(p.key)
	if err != nil {
		p.t.Errorf("sign: %v", err)
	}
	return s
}

func (p *testProvider) jwks(w http.ResponseWriter, _ *http.Request) {
	b := func(i *big.Int) string { return base64.RawURLEncoding.EncodeToString(i.Bytes()) }
	w.Header().Set("Content-Type", "application/jwk-set+json")
	json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "kid": testKID, "use": "sig", "alg": "RS256",
		"n": b(p.key.N), "e": b(big.NewInt(int64(p.key.E))),
	}}})
}

// TestConsoleOIDCSignIn: in production the console signs in through the organization's OpenID
// provider (authorization code with PKCE); Haven verifies the provider's token against its JWK
// Set, issuer and audience; the token never reaches the browser's storage.
func TestConsoleOIDCSignIn(t *testing.T) {
	p := newTestProvider(t, "oidc-moderator", "moderator")
	s := newSiteWith(t, apptest.Options{Seed: true, Configure: func(c *config.Config) {
		c.Env = config.Production
		c.JWT.JWKSURL = p.issuer() + "/jwks"
		c.JWT.Issuer = p.issuer()
		c.JWT.Audience = p.audience
		c.Console = config.ConsoleConfig{OIDCIssuer: p.issuer(), OIDCClientID: p.clientID, OIDCScopes: "openid"}
	}})
	p.mu.Lock()
	p.redirectURI = s.URL + "/console/"
	p.mu.Unlock()

	b := newBrowser(t)
	mod := b.newTab("oidc", s.URL+"/console/#/queue")
	if eval[bool](mod, `!!document.querySelector("button[data-subject]")`) {
		t.Fatal("production sign-in offers demo accounts")
	}
	mod.shot("sign-in-oidc")
	mod.click(`#oidc-sign-in`)
	mod.do(chromedp.WaitVisible(chromedp.CSS(`#consent`)))
	if u := eval[string](mod, `location.origin`); u != p.issuer() {
		t.Fatalf("the sign-in went to %s, want the provider %s", u, p.issuer())
	}
	mod.click(`#consent`)
	mod.do(chromedp.WaitVisible(chromedp.CSS(`#viewer`)))
	if who := mod.text(`#viewer`); !strings.HasPrefix(who, "oidc-moderator (moderator") {
		t.Fatalf("signed in as %q, want oidc-moderator with the moderator role\nprovider saw:\n%s", who, p.seen())
	}
	if seen := p.seen(); !strings.Contains(seen, "authorize with S256") || !strings.Contains(seen, "token for a verified PKCE code") {
		t.Fatalf("the provider saw:\n%s", seen)
	}
	// The page the moderator asked for before signing in, with data the API gave the token.
	mod.waitFor(`location.hash === "#/queue" && location.search === ""`)
	mod.do(chromedp.WaitVisible(chromedp.CSS(`#queue-table tbody tr`)))
	mod.waitText("#live-state", "Live")
	if stored := eval[string](mod, `JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie`); strings.Contains(stored, "eyJ") || strings.Contains(stored, "verifier") {
		t.Fatalf("sign-in left a token or verifier in browser storage: %s", stored)
	}
	// The code is spent: replaying the return address signs nobody in.
	if eval[bool](mod, `history.length > 0 && location.href.includes("code=")`) {
		t.Fatal("the code stayed in the address bar")
	}
}

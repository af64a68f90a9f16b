package app_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"

	"haven/app"
	"haven/apptest"
	"haven/auth"
	"haven/config"
)

// provider is a test identity provider's JWK Set endpoint: it serves the public keys it is
// given, can rotate them, and can go down.
type provider struct {
	srv     *httptest.Server
	mu      sync.Mutex
	set     []byte
	down    bool
	fetches atomic.Int64
}

func newProvider(t *testing.T) *provider {
	p := &provider{}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		p.fetches.Add(1)
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.down {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/jwk-set+json")
		w.Write(p.set)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

// serve makes the endpoint list exactly keys (kid -> key).
func (p *provider) serve(t *testing.T, keys map[string]*ecdsa.PrivateKey) {
	t.Helper()
	var set jwkset.JWKSMarshal
	for kid, k := range keys {
		jwk, err := jwkset.NewJWKFromKey(&k.PublicKey, jwkset.JWKOptions{Metadata: jwkset.JWKMetadataOptions{KID: kid, ALG: jwkset.AlgES256, USE: jwkset.UseSig}})
		if err != nil {
			t.Fatal(err)
		}
		set.Keys = append(set.Keys, jwk.Marshal())
	}
	b, err := json.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.set, p.down = b, false
	p.mu.Unlock()
}

func (p *provider) goDown() {
	p.mu.Lock()
	p.down = true
	p.mu.Unlock()
}

func ecKey(t *testing.T) *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func idpToken(t *testing.T, key *ecdsa.PrivateKey, kid string, claims jwt.MapClaims) string {
	t.Helper()
	now := time.Now()
	claims["sub"], claims["iat"], claims["exp"] = "idp-user", now.Unix(), now.Add(time.Hour).Unix()
	tok := jwt.NewWithClaims(jwt.SigningMethodES256, claims)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newIdPApp(t *testing.T, jwt auth.Config, log *slog.Logger) *app.App {
	t.Helper()
	cfg := apptest.Config(t)
	jwt.Leeway = 30 * time.Second
	cfg.Env, cfg.Introspection, cfg.JWT = config.Production, false, jwt
	return apptest.Start(t, cfg, app.Options{Logger: log})
}

// viewer asks for the viewer with token and returns the HTTP status and the viewer's roles.
func viewer(t *testing.T, a *app.App, token string) (int, []string) {
	t.Helper()
	rec := gql(t, a, http.Header{"Authorization": {"Bearer " + token}}, `{"query":"{ viewer { subject roles } }"}`)
	var out struct {
		Data struct{ Viewer struct{ Roles []string } }
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out.Data.Viewer.Roles
}

func TestJWKSURLRotationAndOutage(t *testing.T) {
	p := newProvider(t)
	a1, b1 := ecKey(t), ecKey(t)
	p.serve(t, map[string]*ecdsa.PrivateKey{"a1": a1})
	a := newIdPApp(t, auth.Config{JWKSURL: p.srv.URL, JWKSRefresh: 50 * time.Millisecond}, slog.New(slog.DiscardHandler))

	if status, _ := viewer(t, a, idpToken(t, a1, "a1", jwt.MapClaims{})); status != http.StatusOK {
		t.Fatalf("token by the first key: status %d", status)
	}
	// The provider rotates: a1 is gone, b1 signs. A token by b1 is accepted at once (its unknown
	// kid fetches the set again); one by a1 no longer is.
	p.serve(t, map[string]*ecdsa.PrivateKey{"b1": b1})
	if status, _ := viewer(t, a, idpToken(t, b1, "b1", jwt.MapClaims{})); status != http.StatusOK {
		t.Fatalf("token by the rotated-in key: status %d", status)
	}
	waitFor(t, func() bool { // the periodic refresh drops a1
		status, _ := viewer(t, a, idpToken(t, a1, "a1", jwt.MapClaims{}))
		return status == http.StatusUnauthorized
	})
	// The provider goes down: refreshes fail, and the last good set keeps serving.
	p.goDown()
	before := p.fetches.Load()
	waitFor(t, func() bool { return p.fetches.Load() >= before+3 })
	if status, _ := viewer(t, a, idpToken(t, b1, "b1", jwt.MapClaims{})); status != http.StatusOK {
		t.Errorf("during the outage: status %d, want the last good keys to verify", status)
	}
}

func TestJWKSUnknownKeyIDFetchesAreRateLimited(t *testing.T) {
	p := newProvider(t)
	a1, forged := ecKey(t), ecKey(t)
	p.serve(t, map[string]*ecdsa.PrivateKey{"a1": a1})
	a := newIdPApp(t, auth.Config{JWKSURL: p.srv.URL, JWKSRefresh: time.Hour, JWKSMinRefresh: time.Hour}, slog.New(slog.DiscardHandler))
	start := p.fetches.Load()
	for i := range 20 {
		if status, _ := viewer(t, a, idpToken(t, forged, "forged-"+string(rune('a'+i)), jwt.MapClaims{})); status != http.StatusUnauthorized {
			t.Fatalf("forged kid: status %d, want 401", status)
		}
	}
	if n := p.fetches.Load() - start; n != 1 {
		t.Errorf("20 unknown kids fetched the set %d times, want once per JWKSMinRefresh", n)
	}
	if status, _ := viewer(t, a, idpToken(t, a1, "a1", jwt.MapClaims{})); status != http.StatusOK {
		t.Errorf("known key after the forgeries: status %d", status)
	}
}

func TestRoleClaimsNamespacedAndMerged(t *testing.T) {
	p := newProvider(t)
	k := ecKey(t)
	p.serve(t, map[string]*ecdsa.PrivateKey{"k1": k})
	var logs apptest.Buffer
	a := newIdPApp(t, auth.Config{
		JWKSURL: p.srv.URL,
		// Keycloak realm and client roles, and an Auth0 namespaced claim.
		RolesClaim: "realm_access.roles, /resource_access/haven.web/roles, /https:~1~1example.com~1claims/roles",
	}, slog.New(slog.NewTextHandler(&logs, nil)))
	_, roles := viewer(t, a, idpToken(t, k, "k1", jwt.MapClaims{
		"realm_access":               map[string]any{"roles": []string{"moderator", "offline_access"}},
		"resource_access":            map[string]any{"haven.web": map[string]any{"roles": []string{"publisher"}}},
		"https://example.com/claims": map[string]any{"roles": []string{"admin"}},
	}))
	if strings.Join(roles, ",") != "admin,moderator,publisher" {
		t.Errorf("roles = %v, want admin, moderator and publisher merged from the three paths", roles)
	}
	if strings.Contains(logs.String(), "matched nothing") {
		t.Errorf("warned although every path matched: %s", logs.String())
	}
	// A token where the client-roles path matches nothing: a warning naming the path, once.
	for range 2 {
		_, roles = viewer(t, a, idpToken(t, k, "k1", jwt.MapClaims{"realm_access": map[string]any{"roles": []string{"moderator"}}}))
	}
	if strings.Join(roles, ",") != "moderator" {
		t.Errorf("roles = %v, want moderator", roles)
	}
	out := logs.String()
	if n := strings.Count(out, "matched nothing"); n != 2 { // the client path and the namespaced one
		t.Errorf("want one warning per unmatched path, got %d:\n%s", n, out)
	}
	if !strings.Contains(out, "/resource_access/haven.web/roles") || strings.Contains(out, "moderator") {
		t.Errorf("warning should name the path and never a claim's value:\n%s", out)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 200 {
		if cond() {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatal("condition not met within 5 s")
}

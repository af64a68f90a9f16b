package graph_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"haven/apptest"
	"haven/auth"
	"haven/ent/account"
)

const viewerOp = `{ viewer { subject roles account { id subject } } }`

// signed returns an HS256 token over claims with key.
func signed(t *testing.T, key []byte, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// claimsFor are valid claims for subject, valid for an hour.
func claimsFor(subject string, roles ...string) jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{"sub": subject, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "roles": roles}
}

func with(c jwt.MapClaims, kv ...any) jwt.MapClaims {
	out := jwt.MapClaims{}
	for k, v := range c {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	return out
}

// badTokens are the Authorization headers that must be refused, each named by its flaw.
func badTokens(t *testing.T) map[string]string {
	t.Helper()
	valid := claimsFor("mallory", "admin")
	good := signed(t, apptest.Secret, valid)
	parts := strings.Split(good, ".")
	none, err := jwt.NewWithClaims(jwt.SigningMethodNone, valid).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	forged, _ := json.Marshal(with(valid, "sub", "admin-1"))
	otherSecret, err := auth.Sign([]byte("another-secret-0123456789abcdef0123456789"), auth.Claims{Subject: "mallory", Roles: []string{"admin"}})
	if err != nil {
		t.Fatal(err)
	}
	expired, err := auth.Sign(apptest.Secret, auth.Claims{Subject: "mallory", TTL: -time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	es256, err := jwt.NewWithClaims(jwt.SigningMethodES256, valid).SignedString(ecKey)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	return map[string]string{
		"alg none":                      "Bearer " + none,
		"alg none without the dot":      "Bearer " + strings.TrimSuffix(none, "."),
		"claims changed after signing":  "Bearer " + parts[0] + "." + jwtSegment(forged) + "." + parts[2],
		"garbage signature":             "Bearer " + parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2])),
		"signature removed":             "Bearer " + parts[0] + "." + parts[1] + ".",
		"HS256 with a different secret": "Bearer " + otherSecret,
		"ES256 with an unknown key":     "Bearer " + es256,
		"expired":                       "Bearer " + expired,
		"expired beyond the leeway":     "Bearer " + signed(t, apptest.Secret, with(valid, "exp", now.Add(-time.Minute).Unix())),
		"not yet valid":                 "Bearer " + signed(t, apptest.Secret, with(valid, "nbf", now.Add(time.Hour).Unix())),
		"issued in the future":          "Bearer " + signed(t, apptest.Secret, with(valid, "iat", now.Add(time.Hour).Unix())),
		"no expiry":                     "Bearer " + signed(t, apptest.Secret, with(valid, "exp", nil)),
		"missing sub":                   "Bearer " + signed(t, apptest.Secret, with(valid, "sub", nil)),
		"empty sub":                     "Bearer " + signed(t, apptest.Secret, with(valid, "sub", "")),
		"sub not a string":              "Bearer " + signed(t, apptest.Secret, with(valid, "sub", 42)),
		"oversized (>8KiB)": "Bearer " + signed(t, apptest.Secret,
			with(valid, "pad", strings.Repeat("x", auth.MaxTokenLen))),
		"malformed: not a JWT":     "Bearer not-a-jwt",
		"malformed: bad base64":    "Bearer a$.b$.c$",
		"malformed: four segments": "Bearer " + good + ".x",
		"malformed: bad JSON":      "Bearer " + jwtSegment([]byte(`{"alg":"HS256"`)) + "." + parts[1] + "." + parts[2],
		"malformed: no token":      "Bearer",
		"malformed: two words":     "Bearer " + good + " extra",
		"not a Bearer token":       "Basic " + good,
	}
}

func jwtSegment(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// TestBadTokensAre401: every flawed token, on every route into the API (a POST query, a POST
// mutation an anonymous visitor could make, a GET query), is HTTP 401 with UNAUTHENTICATED and
// no data, never an anonymous request. Two Authorization headers are refused the same way.
func TestBadTokensAre401(t *testing.T) {
	h := apptest.New(t)
	content := h.Content("Five grounding techniques").Create()
	report := `mutation($id: ID!) { reportContent(contentID: $id, reason: SPAM) }`
	requests := map[string]func(header string) *http.Request{
		"POST query": func(header string) *http.Request { return post(viewerOp, nil, header) },
		"POST mutation": func(header string) *http.Request {
			return post(report, map[string]any{"id": apptest.GID(content.ID)}, header)
		},
		"GET query": func(header string) *http.Request {
			req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(viewerOp), nil)
			req.Header.Set("Authorization", header)
			return req
		},
	}
	for flaw, header := range badTokens(t) {
		for route, build := range requests {
			t.Run(flaw+"/"+route, func(t *testing.T) {
				refused(t, h, build(header))
			})
		}
	}
	t.Run("two Authorization headers", func(t *testing.T) {
		req := post(viewerOp, nil, "Bearer "+h.Token("alice", "creator"))
		req.Header.Add("Authorization", "Bearer "+h.Token("mallory", "admin"))
		refused(t, h, req)
	})
	reports, err := h.Client().Report.Query().Count(h.System())
	if err != nil || reports != 0 {
		t.Fatalf("refused requests filed %d reports (%v)", reports, err)
	}
	accounts, err := h.Client().Account.Query().Where(account.SubjectIn("mallory", "admin-1", "")).Count(h.System())
	if err != nil || accounts != 0 {
		t.Fatalf("refused requests created %d accounts (%v)", accounts, err)
	}
}

func post(query string, vars map[string]any, header string) *http.Request {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if header != "" {
		req.Header.Set("Authorization", header)
	}
	return req
}

func refused(t *testing.T, h *apptest.Hub, req *http.Request) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.Handler().ServeHTTP(rec, req)
	var res apptest.Response
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		t.Fatalf("HTTP %d, body is not JSON: %s", rec.Code, rec.Body)
	}
	if rec.Code != http.StatusUnauthorized || res.Code() != "UNAUTHENTICATED" || len(res.Data) != 0 && string(res.Data) != "null" {
		t.Fatalf("HTTP %d, want 401 UNAUTHENTICATED without data: %s", rec.Code, rec.Body)
	}
	if !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
		t.Errorf("no WWW-Authenticate challenge: %v", rec.Header())
	}
}

type viewerData struct {
	Viewer struct {
		Subject *string  `json:"subject"`
		Roles   []string `json:"roles"`
		Account *struct {
			ID      string `json:"id"`
			Subject string `json:"subject"`
		} `json:"account"`
	} `json:"viewer"`
}

// TestValidTokenViewer: a valid token's viewer is its subject with its known roles (unknown ones
// dropped, duplicates merged, sorted) and its account; a token within the leeway of its expiry
// still works; without a header the viewer is anonymous.
func TestValidTokenViewer(t *testing.T) {
	h := apptest.New(t)
	var v viewerData
	token := signed(t, apptest.Secret, claimsFor("alice", "publisher", "Moderator", "superuser", "publisher"))
	h.Query(token, viewerOp, nil, &v)
	if v.Viewer.Subject == nil || *v.Viewer.Subject != "alice" || strings.Join(v.Viewer.Roles, ",") != "moderator,publisher" {
		t.Fatalf("viewer = %+v, want alice with moderator,publisher", v.Viewer)
	}
	if v.Viewer.Account == nil || v.Viewer.Account.Subject != "alice" {
		t.Fatalf("viewer account = %+v, want alice's", v.Viewer.Account)
	}
	withinLeeway := signed(t, apptest.Secret, with(claimsFor("alice"), "exp", time.Now().Add(-10*time.Second).Unix()))
	h.Query(withinLeeway, viewerOp, nil, &v)
	if v.Viewer.Subject == nil || *v.Viewer.Subject != "alice" {
		t.Fatalf("token 10s past expiry (leeway 30s): viewer = %+v", v.Viewer)
	}
	h.Query("", viewerOp, nil, &v)
	if v.Viewer.Subject != nil || len(v.Viewer.Roles) != 0 || v.Viewer.Account != nil {
		t.Fatalf("anonymous viewer = %+v", v.Viewer)
	}
}

// TestAccountOnFirstRequest: a subject's Account is created by its first signed-in request, once,
// even when many first requests arrive at once on two replicas.
func TestAccountOnFirstRequest(t *testing.T) {
	driver, dsn := apptest.FreshDatabase(t)
	hubs := []*apptest.Hub{
		apptest.New(t, apptest.Options{Driver: driver, DSN: dsn}),
		apptest.New(t, apptest.Options{Driver: driver, DSN: dsn}),
	}
	h := hubs[0]
	count := func(subject string) int {
		n, err := h.Client().Account.Query().Where(account.Subject(subject)).Count(h.System())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if count("newcomer") != 0 {
		t.Fatal("account exists before any request")
	}
	var v viewerData
	h.Query(h.Token("newcomer", "creator"), viewerOp, nil, &v)
	if count("newcomer") != 1 || v.Viewer.Account == nil {
		t.Fatalf("after the first request: %d accounts, viewer %+v", count("newcomer"), v.Viewer)
	}

	const n = 20
	token := h.Token("crowd", "creator")
	ids := make([]string, n)
	errs := make([]string, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			rec := httptest.NewRecorder()
			hubs[i%2].Handler().ServeHTTP(rec, post(viewerOp, nil, "Bearer "+token))
			var res struct {
				Data   viewerData
				Errors []any
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || rec.Code != http.StatusOK || len(res.Errors) > 0 || res.Data.Viewer.Account == nil {
				errs[i] = rec.Body.String()
				return
			}
			ids[i] = res.Data.Viewer.Account.ID
		}()
	}
	close(start)
	wg.Wait()
	for i := range n {
		if errs[i] != "" {
			t.Fatalf("request %d: %s", i, errs[i])
		}
		if ids[i] != ids[0] {
			t.Fatalf("requests saw accounts %s and %s", ids[0], ids[i])
		}
	}
	if got := count("crowd"); got != 1 {
		t.Fatalf("%d accounts for one subject, want 1", got)
	}
}

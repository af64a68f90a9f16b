package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"haven/app"
	"haven/apptest"
	"haven/auth"
	"haven/config"
)

// newApp builds an App on a fresh database with the test secret, in env, adjusted by o.
func newApp(t *testing.T, env string, introspection bool, o app.Options) *app.App {
	t.Helper()
	cfg := apptest.Config(t)
	cfg.Env, cfg.Introspection = env, introspection
	return apptest.Start(t, cfg, o)
}

type response struct {
	status int
	header http.Header
	body   string
	errors []struct {
		Message    string
		Extensions struct{ Code string }
	}
}

func serve(t *testing.T, a *app.App, req *http.Request) response {
	t.Helper()
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, req)
	res := response{status: rec.Code, header: rec.Header(), body: rec.Body.String()}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		var out struct {
			Errors []struct {
				Message    string
				Extensions struct{ Code string }
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("response is not JSON: %v: %s", err, res.body)
		}
		res.errors = out.Errors
	}
	return res
}

func (r response) code() string {
	if len(r.errors) == 0 {
		return ""
	}
	return r.errors[0].Extensions.Code
}

func graphQL(query, token string) *http.Request {
	body, _ := json.Marshal(map[string]any{"query": query})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}

func TestHealthAndReadiness(t *testing.T) {
	a := newApp(t, config.Development, true, app.Options{})
	for _, path := range []string{"/healthz", "/readyz"} {
		if res := serve(t, a, httptest.NewRequest(http.MethodGet, path, nil)); res.status != http.StatusOK {
			t.Errorf("%s: HTTP %d %s", path, res.status, res.body)
		}
	}
	// With the database gone the process is alive but not ready.
	a.DB.SQL.Close()
	if res := serve(t, a, httptest.NewRequest(http.MethodGet, "/readyz", nil)); res.status != http.StatusServiceUnavailable {
		t.Errorf("/readyz without a database: HTTP %d %s", res.status, res.body)
	}
	if res := serve(t, a, httptest.NewRequest(http.MethodGet, "/healthz", nil)); res.status != http.StatusOK {
		t.Errorf("/healthz without a database: HTTP %d", res.status)
	}
}

func TestGraphiQLInDevelopmentOnly(t *testing.T) {
	dev := newApp(t, config.Development, true, app.Options{})
	res := serve(t, dev, httptest.NewRequest(http.MethodGet, "/", nil))
	if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") || !strings.Contains(res.body, "/graphql") {
		t.Errorf("development /: HTTP %d %s", res.status, res.header.Get("Content-Type"))
	}
	if res := serve(t, dev, httptest.NewRequest(http.MethodGet, "/nothing-here", nil)); res.status != http.StatusNotFound {
		t.Errorf("development /nothing-here: HTTP %d", res.status)
	}

	prod := newApp(t, config.Production, false, app.Options{})
	if res := serve(t, prod, httptest.NewRequest(http.MethodGet, "/", nil)); res.status != http.StatusNotFound {
		t.Errorf("production /: HTTP %d %s", res.status, res.body)
	}
	if res := serve(t, prod, graphQL(`{ topics { slug } }`, "")); res.status != http.StatusOK || len(res.errors) > 0 {
		t.Errorf("production /graphql: HTTP %d %s", res.status, res.body)
	}
}

func TestIntrospection(t *testing.T) {
	queries := []string{
		`{ __schema { types { name } } }`,
		`{ __type(name: "Content") { fields { name } } }`,
		`query { topics { slug } __schema { queryType { name } } }`,
	}
	prod := newApp(t, config.Production, false, app.Options{})
	for _, q := range queries {
		res := serve(t, prod, graphQL(q, ""))
		if res.code() != "BAD_USER_INPUT" || strings.Contains(res.body, `"Content"`) || strings.Contains(res.body, "queryType") {
			t.Errorf("production %s: HTTP %d %s", q, res.status, res.body)
		}
	}
	if res := serve(t, prod, graphQL(`{ topics { __typename } }`, "")); len(res.errors) > 0 {
		t.Errorf("__typename in production: %s", res.body)
	}

	for name, a := range map[string]*app.App{
		"development":                    newApp(t, config.Development, true, app.Options{}),
		"production, INTROSPECTION=true": newApp(t, config.Production, true, app.Options{}),
	} {
		res := serve(t, a, graphQL(queries[0], ""))
		if res.status != http.StatusOK || len(res.errors) > 0 || !strings.Contains(res.body, `"Content"`) {
			t.Errorf("%s: HTTP %d %.200s", name, res.status, res.body)
		}
	}
}

func TestBadTokensAreRefused(t *testing.T) {
	a := newApp(t, config.Development, true, app.Options{})
	good, _ := auth.Sign(apptest.Secret, auth.Claims{Subject: "someone", Roles: []string{"creator"}})
	expired, _ := auth.Sign(apptest.Secret, auth.Claims{Subject: "someone", TTL: -time.Hour})
	otherKey, _ := auth.Sign([]byte(strings.Repeat("k", 40)), auth.Claims{Subject: "someone"})
	noSubject, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"exp": time.Now().Add(time.Hour).Unix()}).SignedString(apptest.Secret)
	none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"sub": "someone", "exp": time.Now().Add(time.Hour).Unix()}).SignedString(jwt.UnsafeAllowNoneSignatureType)
	tampered := good[:len(good)-4] + "AAAA"

	for name, header := range map[string][]string{
		"garbage":          {"Bearer not-a-token"},
		"expired":          {"Bearer " + expired},
		"another key":      {"Bearer " + otherKey},
		"no subject":       {"Bearer " + noSubject},
		"alg none":         {"Bearer " + none},
		"tampered":         {"Bearer " + tampered},
		"basic":            {"Basic dXNlcjpwYXNz"},
		"bearer, no token": {"Bearer "},
		"two headers":      {"Bearer " + good, "Bearer " + good},
	} {
		t.Run(name, func(t *testing.T) {
			for _, method := range []string{http.MethodPost, http.MethodGet} {
				req := graphQL(`mutation { reportContent(contentID: 1, reason: SPAM) }`, "")
				if method == http.MethodGet {
					req = httptest.NewRequest(http.MethodGet, "/graphql?query=%7B+viewer+%7B+subject+%7D+%7D", nil)
				}
				req.Header["Authorization"] = header
				res := serve(t, a, req)
				if res.status != http.StatusUnauthorized || res.code() != "UNAUTHENTICATED" || strings.Contains(res.body, `"data"`) {
					t.Errorf("%s: HTTP %d %s", method, res.status, res.body)
				}
			}
		})
	}

	t.Run("a good token is a signed-in viewer", func(t *testing.T) {
		res := serve(t, a, graphQL(`{ viewer { subject roles } }`, good))
		if res.status != http.StatusOK || !strings.Contains(res.body, `"subject":"someone"`) || !strings.Contains(res.body, `"creator"`) {
			t.Errorf("HTTP %d %s", res.status, res.body)
		}
	})
}

func TestPanicsBecomeInternalErrors(t *testing.T) {
	var boom atomic.Bool
	var logs bytes.Buffer
	a := newApp(t, config.Development, true, app.Options{
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
		OnStatement: func(context.Context, string) {
			if boom.Load() {
				panic("boom: SELECT secret FROM somewhere")
			}
		},
	})
	boom.Store(true)

	t.Run("in a resolver", func(t *testing.T) {
		res := serve(t, a, graphQL(`{ topics { slug } }`, ""))
		if res.code() != "INTERNAL_SERVER_ERROR" || strings.Contains(res.body, "boom") || strings.Contains(res.body, "SELECT") || strings.Contains(res.body, "goroutine") {
			t.Errorf("HTTP %d %s", res.status, res.body)
		}
	})

	t.Run("before the GraphQL handler", func(t *testing.T) {
		// A first signed-in request creates the account, in the authentication middleware.
		tok, _ := auth.Sign(apptest.Secret, auth.Claims{Subject: "new-subject"})
		res := serve(t, a, graphQL(`{ viewer { subject } }`, tok))
		if res.status != http.StatusInternalServerError || res.code() != "INTERNAL_SERVER_ERROR" || strings.Contains(res.body, "boom") {
			t.Errorf("HTTP %d %s", res.status, res.body)
		}
	})

	if !strings.Contains(logs.String(), "boom") {
		t.Errorf("the panics were not logged: %s", logs.String())
	}
	boom.Store(false)
	if res := serve(t, a, graphQL(`{ topics { slug } }`, "")); res.status != http.StatusOK || len(res.errors) > 0 {
		t.Errorf("after the panics: HTTP %d %s", res.status, res.body)
	}
}

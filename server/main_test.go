package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"haven/apptest"
	"haven/auth"
)

const secret = "server-test-secret-0123456789abcdef0123456789"

// env is a test environment: the variables given, nothing else.
type env map[string]string

func (e env) get(name string) string { return e[name] }

// sqliteEnv is an environment on a fresh embedded database in a temporary directory.
func sqliteEnv(t *testing.T, vars env) env {
	e := env{"DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "haven.db")}
	for k, v := range vars {
		e[k] = v
	}
	return e
}

func verifier(t *testing.T, c auth.Config) *auth.Verifier {
	t.Helper()
	if c.Secret == nil {
		c.Secret = []byte(secret)
	}
	if c.RolesClaim == "" {
		c.RolesClaim = auth.DefaultRolesClaim
	}
	v, err := auth.NewVerifier(c)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestTokenCommand(t *testing.T) {
	e := sqliteEnv(t, env{"JWT_SECRET": secret})
	var stdout, stderr bytes.Buffer
	err := run([]string{"token", "--subject", "s", "--role", "moderator", "--ttl", "2h"}, e.get, &stdout, &stderr)
	if err != nil {
		t.Fatalf("token: %v", err)
	}
	tok := strings.TrimSpace(stdout.String())
	if strings.Count(stdout.String(), "\n") != 1 || tok == "" {
		t.Fatalf("stdout: %q", stdout.String())
	}
	v, err := verifier(t, auth.Config{}).Verify(tok)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	if v.Subject != "s" || !slices.Equal(v.RoleStrings(), []string{"moderator"}) {
		t.Errorf("viewer: %+v", v)
	}
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(tok, claims); err != nil {
		t.Fatal(err)
	}
	exp, _ := claims.GetExpirationTime()
	if d := time.Until(exp.Time); d < 2*time.Hour-time.Minute || d > 2*time.Hour+time.Minute {
		t.Errorf("expires in %s, want 2h", d)
	}
	if _, err := verifier(t, auth.Config{Secret: []byte(strings.Repeat("x", 40))}).Verify(tok); err == nil {
		t.Error("another key accepts the token")
	}

	t.Run("several roles, issuer and audience", func(t *testing.T) {
		e := sqliteEnv(t, env{"JWT_SECRET": secret, "JWT_ISSUER": "https://id.example", "JWT_AUDIENCE": "haven", "JWT_ROLES_CLAIM": "realm_access.roles"})
		var out bytes.Buffer
		if err := run([]string{"token", "--subject", "pat", "--role", "Publisher", "--role", "admin"}, e.get, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		v, err := verifier(t, auth.Config{Issuer: "https://id.example", Audience: "haven", RolesClaim: "realm_access.roles"}).Verify(strings.TrimSpace(out.String()))
		if err != nil {
			t.Fatal(err)
		}
		if v.Subject != "pat" || !v.Has(auth.RolePublisher) || !v.Has(auth.RoleAdmin) {
			t.Errorf("viewer: %+v", v)
		}
	})

	t.Run("bad flags", func(t *testing.T) {
		for name, args := range map[string][]string{
			"no subject":       {"token", "--role", "moderator"},
			"blank subject":    {"token", "--subject", "  "},
			"unknown role":     {"token", "--subject", "s", "--role", "superuser"},
			"bad ttl":          {"token", "--subject", "s", "--ttl", "forever"},
			"negative ttl":     {"token", "--subject", "s", "--ttl", "-1h"},
			"ttl over 30 days": {"token", "--subject", "s", "--ttl", "1000h"},
			"unknown flag":     {"token", "--subject", "s", "--admin"},
			"extra argument":   {"token", "--subject", "s", "extra"},
			"unknown command":  {"tokens"},
		} {
			var out bytes.Buffer
			err := run(args, e.get, &out, io.Discard)
			if err == nil || out.Len() > 0 {
				t.Errorf("%s: err %v, stdout %q", name, err, out.String())
				continue
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("%s: more than one line: %q", name, err)
			}
		}
	})

	t.Run("configuration errors stop the token command too", func(t *testing.T) {
		if err := run([]string{"token", "--subject", "s"}, sqliteEnv(t, env{"JWT_SECRET": "short"}).get, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "JWT_SECRET") {
			t.Errorf("short secret: %v", err)
		}
	})

	t.Run("the development secret is kept beside the embedded database", func(t *testing.T) {
		e := sqliteEnv(t, nil)
		var out bytes.Buffer
		if err := run([]string{"token", "--subject", "s", "--role", "creator"}, e.get, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
		key, err := os.ReadFile(strings.TrimPrefix(e["DATABASE_URL"], "sqlite:") + ".jwt-secret")
		if err != nil {
			t.Fatal(err)
		}
		v, err := verifier(t, auth.Config{Secret: bytes.TrimSpace(key)}).Verify(strings.TrimSpace(out.String()))
		if err != nil || v.Subject != "s" {
			t.Errorf("verify with the development secret: %v %+v", err, v)
		}
	})
}

func TestConfigurationErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		env  env
		want string // the variable the message names
	}{
		{"unknown environment", env{"APP_ENV": "staging"}, "APP_ENV"},
		{"listen address without a port", env{"LISTEN_ADDR": "abc"}, "LISTEN_ADDR"},
		{"listen address with a bad port", env{"LISTEN_ADDR": "localhost:99999"}, "LISTEN_ADDR"},
		{"unsupported database", env{"DATABASE_URL": "mysql://x"}, "DATABASE_URL"},
		{"production without JWT settings", env{"APP_ENV": "production", "DATABASE_URL": "postgres://db.invalid/haven"}, "JWT"},
		{"postgres without JWT settings", env{"DATABASE_URL": "postgres://db.invalid/haven"}, "JWT_SECRET"},
		{"short secret", env{"JWT_SECRET": "short", "DATABASE_URL": "sqlite:" + filepath.Join(dir, "a.db")}, "JWT_SECRET"},
		{"bad seed flag", env{"SEED_DEMO": "maybe", "JWT_SECRET": secret, "DATABASE_URL": "sqlite:" + filepath.Join(dir, "b.db")}, "SEED_DEMO"},
		{"bad introspection flag", env{"INTROSPECTION": "yes please", "JWT_SECRET": secret, "DATABASE_URL": "sqlite:" + filepath.Join(dir, "c.db")}, "INTROSPECTION"},
		{"missing key file", env{"JWT_PUBLIC_KEY_FILE": filepath.Join(dir, "none.pem"), "DATABASE_URL": "sqlite:" + filepath.Join(dir, "d.db")}, "JWT_PUBLIC_KEY_FILE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := runContext(ctx, nil, tc.env.get, &stdout, &stderr)
			if err == nil {
				t.Fatal("started")
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") || !strings.Contains(msg, tc.want) {
				t.Errorf("message %q: want one line naming %s", msg, tc.want)
			}
			if stdout.Len() > 0 {
				t.Errorf("printed %q", stdout.String())
			}
		})
	}

	t.Run("a taken port", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		e := sqliteEnv(t, env{"JWT_SECRET": secret, "LISTEN_ADDR": ln.Addr().String()})
		err = runContext(context.Background(), nil, e.get, io.Discard, io.Discard)
		if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "LISTEN_ADDR") {
			t.Errorf("err %v", err)
		}
	})
}

var listening = regexp.MustCompile(`msg="haven listening" addr=(http://\S+)`)

func TestServerStartsServesAndShutsDown(t *testing.T) {
	e := sqliteEnv(t, env{"LISTEN_ADDR": "127.0.0.1:0", "SEED_DEMO": "true"})
	if apptest.Postgres() {
		_, dsn := apptest.FreshDatabase(t)
		e["DATABASE_URL"], e["JWT_SECRET"] = dsn, secret
	}
	srv := runServer(t, e)
	base := srv.WaitFor(listening)[1]

	for _, path := range []string{"/healthz", "/readyz", "/"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: HTTP %d", path, res.StatusCode)
		}
	}

	// In development the server prints a token per demo account; they work.
	tok := regexp.MustCompile(`"Bearer ([\w-]+\.[\w-]+\.[\w-]+)"`).FindStringSubmatch(srv.Stdout.String())
	if tok == nil {
		t.Fatalf("no development token printed:\n%s", srv.Stdout.String())
	}
	body, _ := json.Marshal(map[string]any{"query": `{ viewer { subject } contents(first: 1) { edges { node { title } } } }`})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok[1])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(out), `"subject":"demo-`) || !strings.Contains(string(out), `"title"`) {
		t.Errorf("signed-in query: HTTP %d %s", res.StatusCode, out)
	}

	if err := srv.Stop(); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if !strings.Contains(srv.Stderr.String(), "shutting down") {
		t.Errorf("log: %s", srv.Stderr.String())
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("still serving after shutdown")
	}
}

// Haven collects garbage at its own target unless the operator set GOGC.
func TestTuneGCKeepsTheOperatorsGOGC(t *testing.T) {
	was := debug.SetGCPercent(100)
	defer debug.SetGCPercent(was)
	tuneGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("without GOGC: %d, want %d", got, gcPercent)
	}
	tuneGC(func(k string) string {
		if k == "GOGC" {
			return "200"
		}
		return ""
	})
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set: the target changed to %d", got)
	}
}

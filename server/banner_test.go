package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"haven/apptest"
)

// startServer runs the server with e until the test ends and returns its base URL and the
// banner it printed.
func startServer(t *testing.T, e env) (base, banner string) {
	t.Helper()
	srv := runServer(t, e)
	base = srv.WaitFor(listening)[1]
	srv.WaitUntil("banner", func() bool { return srv.Stdout.String() != "" })
	return base, srv.Stdout.String()
}

// runServer runs the server with e, as `go run ./server` does, until Stop or the end of the test.
func runServer(t *testing.T, e env) *apptest.Process {
	t.Helper()
	return apptest.Run(t, func(ctx context.Context, stdout, stderr io.Writer) error {
		return runContext(ctx, nil, e.get, stdout, stderr)
	})
}

// query posts a GraphQL query with an optional token and returns the raw answer.
func query(t *testing.T, base, token, q string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return string(out)
}

var bannerToken = regexp.MustCompile(`\n  (\S+) \([^)]*\): [^\n]*\n  \{"Authorization": "Bearer ([\w-]+\.[\w-]+\.[\w-]+)"\}`)

// TestBannerSaysWhatTheDatabaseHolds starts the server on a SQLite file other than the default:
// without SEED_DEMO nothing is seeded, and the banner prints no demo account; with SEED_DEMO=true
// it prints the demo accounts, and each printed token signs in as its account.
func TestBannerSaysWhatTheDatabaseHolds(t *testing.T) {
	t.Run("another SQLite file, not seeded", func(t *testing.T) {
		e := env{"LISTEN_ADDR": "127.0.0.1:0", "DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "other.db")}
		base, banner := startServer(t, e)
		if strings.Contains(banner, "demo-") || strings.Contains(banner, "Bearer") || !strings.Contains(banner, "no demo hub") {
			t.Errorf("banner on an unseeded database:\n%s", banner)
		}
		if !strings.Contains(banner, "GraphiQL at "+base+"/") || !strings.Contains(banner, "go run ./server token") {
			t.Errorf("banner does not say where GraphiQL is and how to get a token:\n%s", banner)
		}
		if got := query(t, base, "", `{ campaigns { slug } }`); got != `{"data":{"campaigns":[]}}` {
			t.Errorf("the database is not empty: %s", got)
		}
	})
	t.Run("another SQLite file, seeded", func(t *testing.T) {
		e := env{"LISTEN_ADDR": "127.0.0.1:0", "SEED_DEMO": "true", "DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "other.db")}
		base, banner := startServer(t, e)
		printed := bannerToken.FindAllStringSubmatch(banner, -1)
		if len(printed) < 7 {
			t.Fatalf("banner prints %d demo accounts:\n%s", len(printed), banner)
		}
		for _, p := range printed {
			if got := query(t, base, p[2], `{ viewer { subject } }`); !strings.Contains(got, `"subject":"`+p[1]+`"`) {
				t.Errorf("the token printed for %s: %s", p[1], got)
			}
		}
		if got := query(t, base, "", `{ campaign(slug: "mental-health-awareness") { hashtag } }`); !strings.Contains(got, "#MentalHealthAwareness") {
			t.Errorf("the demo campaign: %s", got)
		}
	})
	if apptest.Postgres() {
		t.Run("PostgreSQL, not seeded", func(t *testing.T) {
			_, dsn := apptest.FreshDatabase(t)
			_, banner := startServer(t, env{"LISTEN_ADDR": "127.0.0.1:0", "DATABASE_URL": dsn, "JWT_SECRET": secret})
			if strings.Contains(banner, "demo-") || !strings.Contains(banner, "no demo hub") {
				t.Errorf("banner on an unseeded database:\n%s", banner)
			}
		})
	}
}

// TestDemoResetRefuses checks that demo reset erases nothing but a demo database.
func TestDemoResetRefuses(t *testing.T) {
	reset := func(e env) error {
		return runContext(context.Background(), []string{"demo", "reset"}, e.get, io.Discard, io.Discard)
	}
	t.Run("a database with other data", func(t *testing.T) {
		e := env{"LISTEN_ADDR": "127.0.0.1:0", "DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "real.db")}
		base, _ := startServer(t, e)
		tok := bannerlessToken(t, e)
		if got := query(t, base, tok, `{ viewer { subject } }`); !strings.Contains(got, `"someone"`) {
			t.Fatalf("sign-in: %s", got)
		}
		err := reset(e)
		if err == nil || !strings.Contains(err.Error(), "not the demo hub") {
			t.Errorf("reset of a database with an account: %v", err)
		}
		if got := query(t, base, tok, `{ viewer { subject } }`); !strings.Contains(got, `"someone"`) {
			t.Errorf("after the refused reset: %s", got)
		}
	})
	t.Run("production", func(t *testing.T) {
		err := reset(env{"APP_ENV": "production", "JWT_SECRET": secret, "DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "p.db")})
		if err == nil || !strings.Contains(err.Error(), "production") {
			t.Errorf("reset in production: %v", err)
		}
	})
	t.Run("a server still listening", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		err = reset(env{"LISTEN_ADDR": ln.Addr().String(), "DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "d.db")})
		if err == nil || !strings.Contains(err.Error(), "stop the server") {
			t.Errorf("reset while the port is taken: %v", err)
		}
	})
	t.Run("an empty database is seeded", func(t *testing.T) {
		e := env{"LISTEN_ADDR": "127.0.0.1:0", "DATABASE_URL": "sqlite:" + filepath.Join(t.TempDir(), "new.db")}
		if err := reset(e); err != nil {
			t.Fatal(err)
		}
		_, banner := startServer(t, e) // SEED_DEMO is off for this file: the reset seeded it
		if !strings.Contains(banner, "demo-moderator") {
			t.Errorf("banner after a reset:\n%s", banner)
		}
	})
}

// bannerlessToken makes a token for "someone" with `server token`, as the unseeded banner says.
func bannerlessToken(t *testing.T, e env) string {
	t.Helper()
	var out bytes.Buffer
	if err := runContext(context.Background(), []string{"token", "--subject", "someone", "--role", "creator"}, e.get, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(out.String())
}

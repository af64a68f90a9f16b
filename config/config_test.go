package config

import (
	"bytes"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"haven/auth"
	"haven/edge"
)

const testSecret = "0123456789abcdef0123456789abcdef"

// env returns a getenv function over the name, value pairs kv.
func env(kv ...string) func(string) string {
	m := make(map[string]string)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(name string) string { return m[name] }
}

func TestLoadDefaults(t *testing.T) {
	t.Chdir(t.TempDir())
	c, err := Load(env())
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := Config{
		DatabaseURL:   "sqlite:haven.db",
		Driver:        "sqlite",
		DSN:           "file:haven.db?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)",
		SQLitePath:    "haven.db",
		ListenAddr:    "localhost:8080",
		Env:           "development",
		DevSecretFile: "haven.db.jwt-secret",
		SeedDemo:      true,
		Introspection: true,
		Operations: Operations{
			CORSAllowedOrigins: edge.DevelopmentOrigins,
			RateLimits:         edge.Budgets{Anonymous: DefaultAnonymousBudget, SignedIn: DefaultSignedInBudget},
			LogFormat:          LogText,
			Metrics:            true,
		},
		Cache:         DefaultCache,
		Webhook:       DefaultWebhook,
		Notifications: NotificationConfig{Retention: DefaultNotificationRetention},
	}
	got := c
	got.JWT = auth.Config{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Load() =\n%+v\nwant\n%+v", got, want)
	}
	if c.Production() {
		t.Error("Production() = true, want false")
	}
	if c.JWT.RolesClaim != "roles" || c.JWT.Leeway != 30*time.Second {
		t.Errorf("JWT RolesClaim = %q, Leeway = %v; want roles, 30s", c.JWT.RolesClaim, c.JWT.Leeway)
	}
	if c.JWT.PublicKeyFile != "" || c.JWT.JWKSFile != "" || c.JWT.Issuer != "" || c.JWT.Audience != "" {
		t.Errorf("unexpected JWT settings: %+v", c.JWT)
	}
	if _, err := hex.DecodeString(string(c.JWT.Secret)); err != nil || len(c.JWT.Secret) != 64 {
		t.Errorf("dev secret = %d bytes (%v), want 64 hex digits", len(c.JWT.Secret), err)
	}
	fi, err := os.Stat("haven.db.jwt-secret")
	if err != nil {
		t.Fatalf("dev secret file: %v", err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("dev secret file mode = %v, want 0600", perm)
	}

	// The configuration must be usable as is.
	v, err := auth.NewVerifier(c.JWT)
	if err != nil {
		t.Fatalf("NewVerifier(Load().JWT): %v", err)
	}
	token, err := auth.Sign(c.JWT.Secret, auth.Claims{Subject: "dev", Roles: []string{"admin"}})
	if err != nil {
		t.Fatal(err)
	}
	if vw, err := v.Verify(token); err != nil || vw.Subject != "dev" || !vw.Has(auth.RoleAdmin) {
		t.Errorf("Verify dev token = %+v, %v", vw, err)
	}
}

func TestLoadDevSecret(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "data.db")
	getenv := env("DATABASE_URL", "sqlite:"+db)

	first, err := Load(getenv)
	if err != nil {
		t.Fatalf("first Load: %v", err)
	}
	if first.DevSecretFile != db+".jwt-secret" {
		t.Errorf("DevSecretFile = %q, want %q", first.DevSecretFile, db+".jwt-secret")
	}
	data, err := os.ReadFile(db + ".jwt-secret")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(data)); got != string(first.JWT.Secret) {
		t.Errorf("file holds %q, config has %q", got, first.JWT.Secret)
	}

	second, err := Load(getenv)
	if err != nil {
		t.Fatalf("second Load: %v", err)
	}
	if !bytes.Equal(first.JWT.Secret, second.JWT.Secret) {
		t.Errorf("secret changed between starts: %q then %q", first.JWT.Secret, second.JWT.Secret)
	}

	other, err := Load(env("DATABASE_URL", "sqlite:"+filepath.Join(dir, "other.db")))
	if err != nil {
		t.Fatalf("Load other: %v", err)
	}
	if bytes.Equal(first.JWT.Secret, other.JWT.Secret) {
		t.Error("two databases share a generated secret")
	}

	// An explicit secret wins and writes no file.
	explicit := filepath.Join(dir, "explicit.db")
	c, err := Load(env("DATABASE_URL", "sqlite:"+explicit, "JWT_SECRET", testSecret))
	if err != nil {
		t.Fatalf("Load with JWT_SECRET: %v", err)
	}
	if string(c.JWT.Secret) != testSecret || c.DevSecretFile != "" {
		t.Errorf("Secret = %q, DevSecretFile = %q; want JWT_SECRET, none", c.JWT.Secret, c.DevSecretFile)
	}
	if _, err := os.Stat(explicit + ".jwt-secret"); !os.IsNotExist(err) {
		t.Errorf("secret file written despite JWT_SECRET (stat error %v)", err)
	}

	// A damaged secret file is reported, not silently replaced.
	bad := filepath.Join(dir, "bad.db")
	if err := os.WriteFile(bad+".jwt-secret", []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Load(env("DATABASE_URL", "sqlite:"+bad))
	if err == nil || !strings.Contains(err.Error(), "delete it to generate a new one") {
		t.Errorf("Load with short secret file: error = %v", err)
	}

	// A database directory that does not exist cannot hold the secret.
	_, err = Load(env("DATABASE_URL", "sqlite:"+filepath.Join(dir, "missing", "x.db")))
	if err == nil || !strings.Contains(err.Error(), "create development JWT secret") {
		t.Errorf("Load with missing directory: error = %v", err)
	}
}

func TestLoadValues(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key.pem")
	jwksFile := filepath.Join(dir, "jwks.json")
	for _, f := range []string{keyFile, jwksFile} {
		if err := os.WriteFile(f, []byte("not parsed here"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	abs := filepath.Join(dir, "abs.db")

	tests := []struct {
		name  string
		env   []string
		check func(t *testing.T, c Config)
	}{
		{
			name: "production",
			env:  []string{"APP_ENV", "production", "JWT_SECRET", testSecret},
			check: func(t *testing.T, c Config) {
				if !c.Production() || c.SeedDemo || c.Introspection || c.DevSecretFile != "" {
					t.Errorf("Production=%v SeedDemo=%v Introspection=%v DevSecretFile=%q; want true false false empty",
						c.Production(), c.SeedDemo, c.Introspection, c.DevSecretFile)
				}
			},
		},
		{
			name: "production introspection",
			env:  []string{"APP_ENV", "production", "JWT_JWKS_FILE", jwksFile, "INTROSPECTION", "true"},
			check: func(t *testing.T, c Config) {
				if !c.Introspection || c.JWT.JWKSFile != jwksFile || c.JWT.Secret != nil {
					t.Errorf("Introspection=%v JWKSFile=%q Secret=%q", c.Introspection, c.JWT.JWKSFile, c.JWT.Secret)
				}
			},
		},
		{
			name: "development without introspection or seed",
			env:  []string{"APP_ENV", "development", "JWT_SECRET", testSecret, "INTROSPECTION", "false", "SEED_DEMO", "0"},
			check: func(t *testing.T, c Config) {
				if c.Introspection || c.SeedDemo {
					t.Errorf("Introspection=%v SeedDemo=%v, want false false", c.Introspection, c.SeedDemo)
				}
			},
		},
		{
			name: "explicit sqlite does not seed",
			env:  []string{"DATABASE_URL", "sqlite:" + abs, "JWT_SECRET", testSecret},
			check: func(t *testing.T, c Config) {
				if c.SeedDemo || c.SQLitePath != abs || c.DSN != "file:"+abs+"?"+sqlitePragmas {
					t.Errorf("SeedDemo=%v SQLitePath=%q DSN=%q", c.SeedDemo, c.SQLitePath, c.DSN)
				}
			},
		},
		{
			name: "sqlite with slashes",
			env:  []string{"DATABASE_URL", "sqlite://" + abs, "JWT_SECRET", testSecret},
			check: func(t *testing.T, c Config) {
				if c.SQLitePath != abs {
					t.Errorf("SQLitePath = %q, want %q", c.SQLitePath, abs)
				}
			},
		},
		{
			name: "seed postgres on request",
			env:  []string{"DATABASE_URL", "postgres://haven@db/haven", "JWT_SECRET", testSecret, "SEED_DEMO", "TRUE"},
			check: func(t *testing.T, c Config) {
				if !c.SeedDemo {
					t.Error("SeedDemo = false, want true")
				}
			},
		},
		{
			name: "postgres",
			env:  []string{"DATABASE_URL", "postgres://haven:pw@db:5432/haven", "JWT_SECRET", testSecret},
			check: func(t *testing.T, c Config) {
				want := "postgres://haven:pw@db:5432/haven?binary_parameters=yes"
				if c.Driver != "postgres" || c.DSN != want || c.SQLitePath != "" || c.SeedDemo {
					t.Errorf("Driver=%q DSN=%q SQLitePath=%q SeedDemo=%v; want postgres %q", c.Driver, c.DSN, c.SQLitePath, c.SeedDemo, want)
				}
				if c.DatabaseURL != "postgres://haven:pw@db:5432/haven" {
					t.Errorf("DatabaseURL = %q, want it unchanged", c.DatabaseURL)
				}
			},
		},
		{
			name: "postgresql with query",
			env:  []string{"DATABASE_URL", "postgresql://db/haven?sslmode=disable", "JWT_SECRET", testSecret},
			check: func(t *testing.T, c Config) {
				if want := "postgresql://db/haven?sslmode=disable&binary_parameters=yes"; c.DSN != want {
					t.Errorf("DSN = %q, want %q", c.DSN, want)
				}
			},
		},
		{
			name: "postgres keeps binary_parameters",
			env:  []string{"DATABASE_URL", "postgres://db/haven?binary_parameters=no&sslmode=require", "JWT_SECRET", testSecret},
			check: func(t *testing.T, c Config) {
				if want := "postgres://db/haven?binary_parameters=no&sslmode=require"; c.DSN != want {
					t.Errorf("DSN = %q, want %q", c.DSN, want)
				}
			},
		},
		{
			name: "listen addresses and jwt settings",
			env: []string{
				"LISTEN_ADDR", " :9000 ", "JWT_PUBLIC_KEY_FILE", keyFile, "JWT_JWKS_FILE", jwksFile,
				"JWT_ISSUER", "https://id.example/realms/haven", "JWT_AUDIENCE", "haven-api",
				"JWT_ROLES_CLAIM", "realm_access.roles", "DATABASE_URL", "postgres://db/haven",
			},
			check: func(t *testing.T, c Config) {
				want := auth.Config{
					PublicKeyFile: keyFile, JWKSFile: jwksFile,
					Issuer: "https://id.example/realms/haven", Audience: "haven-api",
					RolesClaim: "realm_access.roles", Leeway: auth.DefaultLeeway,
				}
				if c.ListenAddr != ":9000" {
					t.Errorf("ListenAddr = %q, want :9000", c.ListenAddr)
				}
				if c.JWT.Secret != nil || c.JWT.PublicKeyFile != want.PublicKeyFile || c.JWT.JWKSFile != want.JWKSFile ||
					c.JWT.Issuer != want.Issuer || c.JWT.Audience != want.Audience ||
					c.JWT.RolesClaim != want.RolesClaim || c.JWT.Leeway != want.Leeway {
					t.Errorf("JWT = %+v, want %+v", c.JWT, want)
				}
			},
		},
		{
			name: "ipv6 listen address",
			env:  []string{"LISTEN_ADDR", "[::1]:8443", "JWT_SECRET", testSecret},
			check: func(t *testing.T, c Config) {
				if c.ListenAddr != "[::1]:8443" {
					t.Errorf("ListenAddr = %q", c.ListenAddr)
				}
			},
		},
		{
			name: "secret kept verbatim",
			env:  []string{"JWT_SECRET", " " + testSecret + " "},
			check: func(t *testing.T, c Config) {
				if string(c.JWT.Secret) != " "+testSecret+" " {
					t.Errorf("Secret = %q, want it untrimmed", c.JWT.Secret)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			c, err := Load(env(tt.env...))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			tt.check(t, c)
			if _, err := os.Stat("haven.db.jwt-secret"); !os.IsNotExist(err) {
				t.Errorf("dev secret file written (stat error %v)", err)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.pem")

	tests := []struct {
		name    string
		env     []string
		wantErr string   // the whole message, or a prefix ending in "…"
		hidden  []string // text the message must not contain
	}{
		{"unknown APP_ENV", []string{"APP_ENV", "staging"}, `config: APP_ENV "staging": want development or production`, nil},
		{"TRUSTED_PROXIES", []string{"TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal"},
			`config: TRUSTED_PROXIES "10.0.0.0/8, proxy.internal": "proxy.internal" is neither an IP address nor a CIDR prefix`, nil},
		{"APP_ENV case", []string{"APP_ENV", "Production"}, `config: APP_ENV "Production": want development or production`, nil},
		{"DATABASE_URL scheme", []string{"DATABASE_URL", "mysql://haven:hunter2@db/haven"},
			`config: DATABASE_URL "mysql://haven:xxxxx@db/haven": unsupported scheme "mysql": want postgres://, postgresql:// or sqlite:PATH`, []string{"hunter2"}},
		{"DATABASE_URL without scheme", []string{"DATABASE_URL", "haven.db"},
			`config: DATABASE_URL "haven.db": missing scheme: want postgres://, postgresql:// or sqlite:PATH`, nil},
		{"empty sqlite path", []string{"DATABASE_URL", "sqlite:"}, `config: DATABASE_URL "sqlite:": empty sqlite path`, nil},
		{"empty sqlite path with slashes", []string{"DATABASE_URL", "sqlite://"}, `config: DATABASE_URL "sqlite://": empty sqlite path`, nil},
		{"sqlite query", []string{"DATABASE_URL", "sqlite:x.db?mode=ro"}, `config: DATABASE_URL "sqlite:x.db?mode=ro": sqlite path must not contain '?' or '#'`, nil},
		{"postgres opaque", []string{"DATABASE_URL", "postgres:haven"}, `config: DATABASE_URL "postgres:haven": want postgres://[user[:password]@]host[:port]/dbname`, nil},
		{"unescaped hash in password", []string{"DATABASE_URL", "postgres://haven:1234#secret@db/haven", "JWT_SECRET", testSecret},
			`config: DATABASE_URL: unexpected '#' (percent-encode special characters in the password)`, []string{"1234", "secret@"}},
		{"unparseable URL", []string{"DATABASE_URL", "postgres://haven:pa/ss@db/haven", "JWT_SECRET", testSecret},
			`config: DATABASE_URL: invalid URL (percent-encode special characters in the password)`, []string{"pa/ss", `"pa"`}},
		{"short secret", []string{"JWT_SECRET", "tiny-secret"}, `config: JWT_SECRET: too short: 11 bytes, need at least 32`, []string{"tiny"}},
		{"missing key file", []string{"JWT_PUBLIC_KEY_FILE", missing}, `config: JWT_PUBLIC_KEY_FILE "` + missing + `": no such file or directory`, nil},
		{"missing jwks file", []string{"JWT_JWKS_FILE", missing}, `config: JWT_JWKS_FILE "` + missing + `": no such file or directory`, nil},
		{"jwks directory", []string{"JWT_JWKS_FILE", dir}, `config: JWT_JWKS_FILE "` + dir + `": not a regular file`, nil},
		{"bad roles claim", []string{"JWT_SECRET", testSecret, "JWT_ROLES_CLAIM", "realm_access..roles"}, `config: JWT_ROLES_CLAIM "realm_access..roles": invalid claim path "realm_access..roles"`, nil},
		{"LISTEN_ADDR without port", []string{"LISTEN_ADDR", "abc"}, `config: LISTEN_ADDR "abc": missing port in address`, nil},
		{"LISTEN_ADDR empty port", []string{"LISTEN_ADDR", "localhost:"}, `config: LISTEN_ADDR "localhost:": invalid port ""`, nil},
		{"LISTEN_ADDR named port", []string{"LISTEN_ADDR", "localhost:http"}, `config: LISTEN_ADDR "localhost:http": invalid port "http"`, nil},
		{"LISTEN_ADDR port too big", []string{"LISTEN_ADDR", "localhost:70000"}, `config: LISTEN_ADDR "localhost:70000": invalid port "70000"`, nil},
		{"LISTEN_ADDR too many colons", []string{"LISTEN_ADDR", "::1:8080"}, `config: LISTEN_ADDR "::1:8080": too many colons in address`, nil},
		{"bad SEED_DEMO", []string{"SEED_DEMO", "yes"}, `config: SEED_DEMO "yes": want true, false, 1 or 0`, nil},
		{"bad INTROSPECTION", []string{"INTROSPECTION", "on"}, `config: INTROSPECTION "on": want true, false, 1 or 0`, nil},
		{"production without JWT", []string{"APP_ENV", "production"}, `config: APP_ENV=production requires JWT_SECRET, JWT_PUBLIC_KEY_FILE, JWT_JWKS_FILE or JWT_JWKS_URL`, nil},
		{"production postgres without JWT", []string{"APP_ENV", "production", "DATABASE_URL", "postgres://db/haven"}, `config: APP_ENV=production requires JWT_SECRET, JWT_PUBLIC_KEY_FILE, JWT_JWKS_FILE or JWT_JWKS_URL`, nil},
		{"development postgres without JWT", []string{"DATABASE_URL", "postgres://db/haven"}, `config: JWT_SECRET is required with a postgres DATABASE_URL (or set JWT_PUBLIC_KEY_FILE or JWT_JWKS_FILE)`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			c, err := Load(env(tt.env...))
			if err == nil {
				t.Fatalf("Load succeeded: %+v", c)
			}
			if err.Error() != tt.wantErr {
				t.Errorf("error =\n%s\nwant\n%s", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans several lines: %q", err)
			}
			for _, h := range tt.hidden {
				if strings.Contains(err.Error(), h) {
					t.Errorf("error %q reveals %q", err, h)
				}
			}
			if _, err := os.Stat("haven.db.jwt-secret"); !os.IsNotExist(err) {
				t.Errorf("invalid configuration left a dev secret file (stat error %v)", err)
			}
		})
	}
}

func TestLoadTrustedProxies(t *testing.T) {
	t.Chdir(t.TempDir())
	c, err := Load(env("TRUSTED_PROXIES", " 10.1.0.0/16 ,192.0.2.7,, 2001:db8::/32"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.1.0.0/16", "192.0.2.7/32", "2001:db8::/32"}
	if len(c.TrustedProxies) != len(want) {
		t.Fatalf("TrustedProxies = %v, want %v", c.TrustedProxies, want)
	}
	for i, p := range c.TrustedProxies {
		if p.String() != want[i] {
			t.Errorf("TrustedProxies[%d] = %s, want %s", i, p, want[i])
		}
	}
}

func TestLoadOperations(t *testing.T) {
	t.Chdir(t.TempDir())
	prod := []string{"APP_ENV", "production", "JWT_SECRET", strings.Repeat("k", 32), "DATABASE_URL", "postgres://db/haven"}
	c, err := Load(env(prod...))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(c.CORSAllowedOrigins) != 0 {
		t.Errorf("production CORS origins = %v, want none unless set", c.CORSAllowedOrigins)
	}
	c, err = Load(env(append(prod,
		"CORS_ALLOWED_ORIGINS", "https://app.example.org, https://*.example.net",
		"RATE_LIMIT_ANONYMOUS", "20/10s", "RATE_LIMIT_SIGNED_IN", "off",
		"LOG_FORMAT", "JSON", "METRICS", "false",
		"OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")...))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := Operations{
		CORSAllowedOrigins: []string{"https://app.example.org", "https://*.example.net"},
		RateLimits:         edge.Budgets{Anonymous: edge.Budget{Requests: 20, Window: 10 * time.Second}},
		LogFormat:          LogJSON, OTLPTraces: true,
	}
	if !reflect.DeepEqual(c.Operations, want) {
		t.Errorf("Operations = %+v, want %+v", c.Operations, want)
	}
	c, err = Load(env("CORS_ALLOWED_ORIGINS", "none"))
	if err != nil || len(c.CORSAllowedOrigins) != 0 {
		t.Errorf("CORS_ALLOWED_ORIGINS=none: %v, %v", c.CORSAllowedOrigins, err)
	}
	for _, bad := range [][]string{
		{"CORS_ALLOWED_ORIGINS", "app.example.org"},
		{"CORS_ALLOWED_ORIGINS", "https://app.example.org/path"},
		{"CORS_ALLOWED_ORIGINS", "*,https://app.example.org"},
		{"RATE_LIMIT_ANONYMOUS", "300"},
		{"RATE_LIMIT_ANONYMOUS", "-1/1m"},
		{"RATE_LIMIT_SIGNED_IN", "10/1ms"},
		{"LOG_FORMAT", "xml"},
		{"METRICS", "maybe"},
		{"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"},
	} {
		_, err := Load(env(bad...))
		var ee *EnvError
		if !errors.As(err, &ee) || ee.Name != strings.Replace(bad[0], "_TRACES", "", 1) {
			t.Errorf("%s=%s: err = %v, want an error naming the variable", bad[0], bad[1], err)
		}
	}
}

func TestWebsocketCaps(t *testing.T) {
	c, err := Load(func(name string) string {
		return map[string]string{"WS_MAX_CONNECTIONS": "500", "WS_MAX_CONNECTIONS_PER_CLIENT": "5", "DATABASE_URL": "sqlite:" + t.TempDir() + "/h.db"}[name]
	})
	if err != nil || c.Websocket.MaxConnections != 500 || c.Websocket.MaxPerClient != 5 {
		t.Fatalf("%+v %v", c.Websocket, err)
	}
	for _, bad := range []string{"0", "-1", "many", "2000000"} {
		_, err := Load(func(name string) string {
			return map[string]string{"WS_MAX_CONNECTIONS_PER_CLIENT": bad, "DATABASE_URL": "sqlite:" + t.TempDir() + "/h.db"}[name]
		})
		if err == nil || !strings.Contains(err.Error(), "WS_MAX_CONNECTIONS_PER_CLIENT") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestWebhookSettings(t *testing.T) {
	load := func(vars map[string]string) (Config, error) {
		vars["DATABASE_URL"] = "sqlite:" + t.TempDir() + "/h.db"
		return Load(func(name string) string { return vars[name] })
	}
	c, err := load(map[string]string{"WEBHOOK_TIMEOUT": "3s", "WEBHOOK_POLL_INTERVAL": "30s",
		"WEBHOOK_ALLOW_LOOPBACK": "true", "WEBHOOK_FOLLOW_REDIRECTS": "1"})
	if err != nil || c.Webhook != (WebhookConfig{Timeout: 3 * time.Second, PollInterval: 30 * time.Second, AllowLoopback: true, FollowRedirects: true,
		DeliveryRetention: DefaultWebhookDeliveryRetention}) {
		t.Fatalf("%+v %v", c.Webhook, err)
	}
	for name, bad := range map[string]string{
		"WEBHOOK_TIMEOUT": "0s", "WEBHOOK_POLL_INTERVAL": "soon", "WEBHOOK_ALLOW_LOOPBACK": "maybe", "WEBHOOK_FOLLOW_REDIRECTS": "2",
	} {
		if _, err := load(map[string]string{name: bad}); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%s: %v", name, bad, err)
		}
	}
	if _, err := load(map[string]string{"APP_ENV": "production", "JWT_SECRET": strings.Repeat("s", 64), "WEBHOOK_ALLOW_LOOPBACK": "true"}); err == nil ||
		!strings.Contains(err.Error(), "WEBHOOK_ALLOW_LOOPBACK") {
		t.Errorf("loopback allowed in production: %v", err)
	}
}

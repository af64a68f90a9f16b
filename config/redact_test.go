package config

import (
	"strings"
	"testing"

	"haven/auth"
)

func TestRedacted(t *testing.T) {
	tests := []struct {
		name   string
		env    []string
		want   []string // substrings
		hidden []string
	}{
		{
			name: "postgres passwords",
			env: []string{
				"DATABASE_URL", "postgres://haven:hunter2@db:5432/haven?sslmode=require&password=swordfish",
				"JWT_SECRET", testSecret, "JWT_ISSUER", "https://id.example", "APP_ENV", "production",
			},
			want: []string{
				"env=production", "listen=localhost:8080", "driver=postgres",
				"haven:xxxxx@db:5432", "password=xxxxx", "binary_parameters=yes",
				"jwt=secret", `jwt_issuer="https://id.example"`, "seed_demo=false", "introspection=false",
			},
			hidden: []string{"hunter2", "swordfish", testSecret},
		},
		{
			name:   "sqlite with secret",
			env:    []string{"DATABASE_URL", "sqlite:data.db", "JWT_SECRET", testSecret, "JWT_AUDIENCE", "haven"},
			want:   []string{"env=development", "driver=sqlite", `dsn="file:data.db?_pragma=foreign_keys(1)`, "jwt=secret ", `jwt_audience="haven"`, "roles_claim=roles"},
			hidden: []string{testSecret},
		},
		{
			name: "development secret",
			env:  nil,
			want: []string{"jwt=dev-secret(haven.db.jwt-secret)", "seed_demo=true", "introspection=true"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			c, err := Load(env(tt.env...))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			s := c.Redacted()
			if strings.Contains(s, "\n") {
				t.Errorf("Redacted() spans several lines: %q", s)
			}
			for _, w := range tt.want {
				if !strings.Contains(s, w) {
					t.Errorf("Redacted() = %q, missing %q", s, w)
				}
			}
			hidden := append(tt.hidden, string(c.JWT.Secret))
			for _, h := range hidden {
				if strings.Contains(s, h) {
					t.Errorf("Redacted() = %q reveals %q", s, h)
				}
			}
		})
	}
}

func TestRedactedKeyFiles(t *testing.T) {
	c := Config{
		Env: Production, ListenAddr: ":8080", Driver: "postgres", DSN: "postgres://db/haven",
		JWT: auth.Config{PublicKeyFile: "key.pem", JWKSFile: "jwks.json", RolesClaim: "roles"},
	}
	want := `env=production listen=:8080 driver=postgres dsn="postgres://db/haven" jwt=public-key(key.pem),jwks(jwks.json) roles_claim=roles seed_demo=false introspection=false` +
		` cors_origins="" rate_limit_anonymous=off rate_limit_signed_in=off log_format= metrics=false otlp_traces=false`
	if got := c.Redacted(); got != want {
		t.Errorf("Redacted() =\n%s\nwant\n%s", got, want)
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"sqlite:haven.db", "sqlite:haven.db"},
		{"postgres://u:p@h/db", "postgres://u:xxxxx@h/db"},
		{"postgres://u@h/db?password=p&sslmode=disable", "postgres://u@h/db?password=xxxxx&sslmode=disable"},
		{"postgres://u@h/db?sslpassword=p", "postgres://u@h/db?sslpassword=xxxxx"},
		{"postgres://h/db?sslmode=disable", "postgres://h/db?sslmode=disable"},
		{"postgres://u:p#q@h/db", ""},
		{"postgres://u:p%zz@h/db", ""},
	}
	for _, tt := range tests {
		if got := redactURL(tt.in); got != tt.want {
			t.Errorf("redactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

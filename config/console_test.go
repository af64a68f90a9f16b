package config

import (
	"strings"
	"testing"
)

func TestConsoleOIDC(t *testing.T) {
	base := func(kv ...string) func(string) string {
		return env(append([]string{"JWT_SECRET", testSecret, "DATABASE_URL", "sqlite:" + t.TempDir() + "/h.db"}, kv...)...)
	}
	c, err := Load(base())
	if err != nil || c.Console.OIDC() {
		t.Fatalf("unset: %+v %v", c.Console, err)
	}
	c, err = Load(base("CONSOLE_OIDC_ISSUER", "https://id.example.org/realms/haven/", "CONSOLE_OIDC_CLIENT_ID", "haven-console"))
	if err != nil {
		t.Fatal(err)
	}
	if want := (ConsoleConfig{OIDCIssuer: "https://id.example.org/realms/haven", OIDCClientID: "haven-console", OIDCScopes: "openid"}); c.Console != want {
		t.Fatalf("console = %+v, want %+v", c.Console, want)
	}
	c, err = Load(base("CONSOLE_OIDC_ISSUER", "http://127.0.0.1:9000", "CONSOLE_OIDC_CLIENT_ID", "c", "CONSOLE_OIDC_SCOPES", "openid profile"))
	if err != nil || c.Console.OIDCScopes != "openid profile" {
		t.Fatalf("loopback issuer: %+v %v", c.Console, err)
	}
	for _, bad := range []struct{ name, want string }{
		{"CONSOLE_OIDC_ISSUER=http://id.example.org CONSOLE_OIDC_CLIENT_ID=c", "CONSOLE_OIDC_ISSUER"},
		{"CONSOLE_OIDC_ISSUER=https://id.example.org?x=1 CONSOLE_OIDC_CLIENT_ID=c", "CONSOLE_OIDC_ISSUER"},
		{"CONSOLE_OIDC_ISSUER=id.example.org CONSOLE_OIDC_CLIENT_ID=c", "CONSOLE_OIDC_ISSUER"},
		{"CONSOLE_OIDC_ISSUER=https://id.example.org", "CONSOLE_OIDC_CLIENT_ID"},
		{"CONSOLE_OIDC_CLIENT_ID=c", "CONSOLE_OIDC_ISSUER"},
		{"CONSOLE_OIDC_SCOPES=openid", "CONSOLE_OIDC_SCOPES"},
		{"CONSOLE_OIDC_ISSUER=https://id.example.org CONSOLE_OIDC_CLIENT_ID=c CONSOLE_OIDC_SCOPES=profile", "CONSOLE_OIDC_SCOPES"},
	} {
		var kv []string
		for _, f := range strings.Fields(bad.name) {
			k, v, _ := strings.Cut(f, "=")
			kv = append(kv, k, v)
		}
		if _, err := Load(base(kv...)); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: %v, want an error naming %s", bad.name, err, bad.want)
		}
	}
}

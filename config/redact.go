package config

import (
	"fmt"
	"strings"
)

// Redacted returns a one-line summary of c for the start-up log. Secrets
// are never included, and passwords in the DSN are replaced by "xxxxx".
func (c Config) Redacted() string {
	var b strings.Builder
	fmt.Fprintf(&b, "env=%s listen=%s driver=%s dsn=%q", c.Env, c.ListenAddr, c.Driver, redactURL(c.DSN))

	var keys []string
	switch {
	case c.DevSecretFile != "":
		keys = append(keys, fmt.Sprintf("dev-secret(%s)", c.DevSecretFile))
	case c.JWT.Secret != nil:
		keys = append(keys, "secret")
	}
	if c.JWT.PublicKeyFile != "" {
		keys = append(keys, fmt.Sprintf("public-key(%s)", c.JWT.PublicKeyFile))
	}
	if c.JWT.JWKSFile != "" {
		keys = append(keys, fmt.Sprintf("jwks(%s)", c.JWT.JWKSFile))
	}
	if c.JWT.JWKSURL != "" {
		keys = append(keys, fmt.Sprintf("jwks-url(%s)", redactURL(c.JWT.JWKSURL)))
	}
	if len(keys) == 0 {
		keys = append(keys, "none")
	}
	fmt.Fprintf(&b, " jwt=%s", strings.Join(keys, ","))
	if c.JWT.Issuer != "" {
		fmt.Fprintf(&b, " jwt_issuer=%q", c.JWT.Issuer)
	}
	if c.JWT.Audience != "" {
		fmt.Fprintf(&b, " jwt_audience=%q", c.JWT.Audience)
	}
	fmt.Fprintf(&b, " roles_claim=%s seed_demo=%t introspection=%t", c.JWT.RolesClaim, c.SeedDemo, c.Introspection)
	fmt.Fprintf(&b, " cors_origins=%q rate_limit_anonymous=%s rate_limit_signed_in=%s log_format=%s metrics=%t otlp_traces=%t",
		strings.Join(c.CORSAllowedOrigins, ","), c.RateLimits.Anonymous, c.RateLimits.SignedIn, c.LogFormat, c.Metrics, c.OTLPTraces)
	return b.String()
}

package config

import (
	"errors"
	"net"
	"net/url"
	"strings"
)

// ConsoleConfig configures the moderator console's production sign-in: OpenID Connect,
// authorization code with PKCE, against the organization's identity provider.
type ConsoleConfig struct {
	// OIDCIssuer is CONSOLE_OIDC_ISSUER, the provider's issuer URL; the console reads its
	// discovery document at ISSUER/.well-known/openid-configuration. Empty: no OIDC sign-in.
	OIDCIssuer string
	// OIDCClientID is CONSOLE_OIDC_CLIENT_ID, the console's public client at the provider.
	OIDCClientID string
	// OIDCScopes is CONSOLE_OIDC_SCOPES, the scopes the console asks for (default "openid").
	OIDCScopes string
}

// OIDC reports whether the console signs in through an OpenID provider.
func (c ConsoleConfig) OIDC() bool { return c.OIDCIssuer != "" }

// DefaultConsoleScopes are the scopes the console asks for when CONSOLE_OIDC_SCOPES is unset.
const DefaultConsoleScopes = "openid"

// loadConsole reads the CONSOLE_OIDC_* variables into c.Console.
func loadConsole(c *Config, get func(string) string) error {
	cc := ConsoleConfig{OIDCIssuer: strings.TrimRight(get("CONSOLE_OIDC_ISSUER"), "/"),
		OIDCClientID: get("CONSOLE_OIDC_CLIENT_ID"), OIDCScopes: get("CONSOLE_OIDC_SCOPES")}
	switch {
	case cc.OIDCIssuer == "" && cc.OIDCClientID == "":
		if cc.OIDCScopes != "" {
			return &EnvError{Name: "CONSOLE_OIDC_SCOPES", Err: errors.New("set CONSOLE_OIDC_ISSUER and CONSOLE_OIDC_CLIENT_ID too")}
		}
		return nil
	case cc.OIDCIssuer == "":
		return &EnvError{Name: "CONSOLE_OIDC_ISSUER", Err: errors.New("required with CONSOLE_OIDC_CLIENT_ID")}
	case cc.OIDCClientID == "":
		return &EnvError{Name: "CONSOLE_OIDC_CLIENT_ID", Err: errors.New("required with CONSOLE_OIDC_ISSUER")}
	}
	if err := CheckIssuerURL(cc.OIDCIssuer); err != nil {
		return &EnvError{"CONSOLE_OIDC_ISSUER", cc.OIDCIssuer, err}
	}
	if len(cc.OIDCClientID) > 200 || strings.ContainsAny(cc.OIDCClientID, " \t\r\n") {
		return &EnvError{"CONSOLE_OIDC_CLIENT_ID", cc.OIDCClientID, errors.New("want the client ID the provider gave the console (no spaces, at most 200 characters)")}
	}
	if cc.OIDCScopes == "" {
		cc.OIDCScopes = DefaultConsoleScopes
	}
	if !strings.Contains(" "+cc.OIDCScopes+" ", " openid ") {
		return &EnvError{"CONSOLE_OIDC_SCOPES", cc.OIDCScopes, errors.New("must include openid (scopes are separated by spaces)")}
	}
	c.Console = cc
	return nil
}

// CheckIssuerURL accepts an OpenID issuer: an https URL without query or fragment, or plain http
// on a loopback host (a provider on the same machine, for trying things out).
func CheckIssuerURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return errors.New("want the provider's issuer URL, such as https://id.example.org/realms/haven")
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		host := u.Hostname()
		if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
			return nil
		}
	}
	return errors.New("want an https URL (plain http only on localhost)")
}

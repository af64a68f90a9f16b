// Package config loads Haven's settings from the environment.
//
// [Load] reads every variable, applies defaults and validates the result,
// so that a misconfigured server fails at start-up with one clear line
// naming the variable at fault.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"

	"haven/auth"
)

// Deployment environments, the values of APP_ENV.
const (
	Development = "development"
	Production  = "production"
)

// Defaults for unset variables.
const (
	DefaultDatabaseURL = "sqlite:haven.db"
	DefaultListenAddr  = "localhost:8080"
)

// Config holds Haven's settings.
type Config struct {
	// DatabaseURL is DATABASE_URL as given, or DefaultDatabaseURL.
	DatabaseURL string
	// Driver is the database/sql driver: "sqlite" or "postgres".
	Driver string
	// DSN is the data source name to open Driver with.
	DSN string
	// SQLitePath is the database file for sqlite, and "" for postgres.
	SQLitePath string
	// ListenAddr is the HTTP listen address, host:port.
	ListenAddr string
	// Env is Development or Production.
	Env string
	// JWT configures token verification.
	JWT auth.Config
	// DevSecretFile names the file holding the generated development
	// secret, or is "" when JWT settings come from the environment.
	DevSecretFile string
	// SeedDemo reports whether to load demo content at start-up.
	SeedDemo bool
	// Introspection reports whether GraphQL introspection is enabled.
	Introspection bool
	// TrustedProxies are the addresses of reverse proxies whose X-Forwarded-For names the
	// client (TRUSTED_PROXIES: comma-separated IPs or CIDRs). Empty: the peer is the client.
	TrustedProxies []netip.Prefix
	// Operations holds the settings for browsers on other origins, request budgets and
	// observability (operations.go).
	Operations
	// Websocket caps the open WebSockets (WS_MAX_CONNECTIONS, WS_MAX_CONNECTIONS_PER_CLIENT).
	Websocket WebsocketConfig
	// Cache configures the response cache and HTTP caching (cache.go).
	Cache CacheConfig
	// Webhook configures webhook delivery (webhook.go).
	Webhook WebhookConfig
	// Console configures the moderator console's OpenID Connect sign-in (console.go).
	Console ConsoleConfig
	// Notifications configures the in-app notifications (notifications.go).
	Notifications NotificationConfig
}

// Production reports whether c is a production configuration.
func (c Config) Production() bool {
	return c.Env == Production
}

// An EnvError reports an invalid environment variable.
type EnvError struct {
	Name  string // the variable, such as "LISTEN_ADDR"
	Value string // its value, redacted; omitted from the message if ""
	Err   error
}

func (e *EnvError) Error() string {
	if e.Value == "" {
		return "config: " + e.Name + ": " + e.Err.Error()
	}
	return fmt.Sprintf("config: %s %q: %v", e.Name, e.Value, e.Err)
}

func (e *EnvError) Unwrap() error { return e.Err }

// Load reads the configuration through getenv, typically [os.Getenv].
// Values are trimmed of surrounding white space, except JWT_SECRET.
//
// In development, when no JWT_SECRET, JWT_PUBLIC_KEY_FILE or JWT_JWKS_FILE
// is set and the database is sqlite, Load generates a random secret and
// keeps it beside the database in a file named after it with the suffix
// ".jwt-secret", reusing it on later starts.
func Load(getenv func(string) string) (Config, error) {
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }
	var c Config

	switch c.Env = get("APP_ENV"); c.Env {
	case "":
		c.Env = Development
	case Development, Production:
	default:
		return Config{}, &EnvError{"APP_ENV", c.Env, errors.New("want development or production")}
	}

	c.DatabaseURL = get("DATABASE_URL")
	dbDefault := c.DatabaseURL == ""
	if dbDefault {
		c.DatabaseURL = DefaultDatabaseURL
	}
	db, err := parseDatabaseURL(c.DatabaseURL)
	if err != nil {
		return Config{}, &EnvError{"DATABASE_URL", redactURL(c.DatabaseURL), err}
	}
	c.Driver, c.DSN, c.SQLitePath = db.driver, db.dsn, db.path

	c.ListenAddr = get("LISTEN_ADDR")
	if c.ListenAddr == "" {
		c.ListenAddr = DefaultListenAddr
	}
	if err := checkListenAddr(c.ListenAddr); err != nil {
		return Config{}, &EnvError{"LISTEN_ADDR", c.ListenAddr, err}
	}

	if err := loadJWT(&c, getenv("JWT_SECRET"), get); err != nil {
		return Config{}, err
	}

	c.SeedDemo = dbDefault && !c.Production()
	if s := get("SEED_DEMO"); s != "" {
		if c.SeedDemo, err = parseBool(s); err != nil {
			return Config{}, &EnvError{"SEED_DEMO", s, err}
		}
	}
	c.Introspection = !c.Production()
	if s := get("INTROSPECTION"); s != "" {
		if c.Introspection, err = parseBool(s); err != nil {
			return Config{}, &EnvError{"INTROSPECTION", s, err}
		}
	}

	if s := get("TRUSTED_PROXIES"); s != "" {
		if c.TrustedProxies, err = parsePrefixes(s); err != nil {
			return Config{}, &EnvError{"TRUSTED_PROXIES", s, err}
		}
	}

	if err := loadOperations(&c, get); err != nil {
		return Config{}, err
	}
	if err := loadWebsocket(&c, get); err != nil {
		return Config{}, err
	}
	if c.Cache, err = loadCache(get); err != nil {
		return Config{}, err
	}
	if err := loadWebhook(&c, get); err != nil {
		return Config{}, err
	}
	if err := loadConsole(&c, get); err != nil {
		return Config{}, err
	}
	if err := loadNotifications(&c, get); err != nil {
		return Config{}, err
	}

	// Generate the development secret last, so that an invalid
	// configuration leaves no file behind.
	if c.JWT.Secret == nil && c.JWT.PublicKeyFile == "" && c.JWT.JWKSFile == "" && c.JWT.JWKSURL == "" {
		switch {
		case c.Production():
			return Config{}, errors.New("config: APP_ENV=production requires JWT_SECRET, JWT_PUBLIC_KEY_FILE, JWT_JWKS_FILE or JWT_JWKS_URL")
		case c.Driver != "sqlite":
			return Config{}, errors.New("config: JWT_SECRET is required with a postgres DATABASE_URL (or set JWT_PUBLIC_KEY_FILE or JWT_JWKS_FILE)")
		}
		c.DevSecretFile = c.SQLitePath + ".jwt-secret"
		if c.JWT.Secret, err = devSecret(c.DevSecretFile); err != nil {
			return Config{}, err
		}
	}
	return c, nil
}

// loadJWT fills c.JWT from the JWT_* variables.
func loadJWT(c *Config, secret string, get func(string) string) error {
	if secret != "" {
		if len(secret) < auth.MinSecretLen {
			return &EnvError{Name: "JWT_SECRET", Err: fmt.Errorf("too short: %d bytes, need at least %d", len(secret), auth.MinSecretLen)}
		}
		c.JWT.Secret = []byte(secret)
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{
		{"JWT_PUBLIC_KEY_FILE", &c.JWT.PublicKeyFile},
		{"JWT_JWKS_FILE", &c.JWT.JWKSFile},
	} {
		*f.dst = get(f.name)
		if *f.dst == "" {
			continue
		}
		if err := checkReadable(*f.dst); err != nil {
			return &EnvError{f.name, *f.dst, err}
		}
	}
	c.JWT.Issuer = get("JWT_ISSUER")
	c.JWT.Audience = get("JWT_AUDIENCE")
	c.JWT.RolesClaim = get("JWT_ROLES_CLAIM")
	if c.JWT.RolesClaim == "" {
		c.JWT.RolesClaim = auth.DefaultRolesClaim
	}
	if err := auth.CheckRolesClaim(c.JWT.RolesClaim); err != nil {
		return &EnvError{"JWT_ROLES_CLAIM", c.JWT.RolesClaim, err}
	}
	if c.JWT.JWKSURL = get("JWT_JWKS_URL"); c.JWT.JWKSURL != "" {
		u, err := url.Parse(c.JWT.JWKSURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return &EnvError{"JWT_JWKS_URL", c.JWT.JWKSURL, errors.New("want the identity provider's https URL of its JWK Set (jwks_uri)")}
		}
	}
	c.JWT.Leeway = auth.DefaultLeeway
	return nil
}

// checkReadable reports whether name is a regular file that can be opened
// for reading. It does not parse the file.
func checkReadable(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return pathErr(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return pathErr(err)
	}
	if !fi.Mode().IsRegular() {
		return errors.New("not a regular file")
	}
	return nil
}

// pathErr drops the operation and path from a *os.PathError, which the
// caller already reports.
func pathErr(err error) error {
	if pe, ok := errors.AsType[*os.PathError](err); ok {
		return pe.Err
	}
	return err
}

// checkListenAddr reports whether addr is a usable host:port.
func checkListenAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		if ae, ok := errors.AsType[*net.AddrError](err); ok {
			return errors.New(ae.Err)
		}
		return err
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Errorf("invalid port %q", port)
	}
	return nil
}

// parseBool parses true, false, 1 or 0, ignoring case.
// parsePrefixes reads comma-separated IP addresses and CIDR prefixes.
func parsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an IP address nor a CIDR prefix", f)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, errors.New("want true, false, 1 or 0")
}

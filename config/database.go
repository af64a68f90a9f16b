package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// sqlitePragmas are the connection settings for every sqlite database:
// enforce foreign keys, wait for locks instead of failing, and use a
// write-ahead log so that readers do not block the writer.
const sqlitePragmas = "_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)"

// A database is the parsed form of DATABASE_URL.
type database struct {
	driver string
	dsn    string
	path   string // sqlite only
}

// parseDatabaseURL parses a postgres:// or postgresql:// URL, or sqlite:PATH.
func parseDatabaseURL(raw string) (database, error) {
	if len(raw) >= len("sqlite:") && strings.EqualFold(raw[:len("sqlite:")], "sqlite:") {
		path := raw[len("sqlite:"):]
		// Accept sqlite://rel.db and sqlite:///abs.db as well.
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			return database{}, errors.New("empty sqlite path")
		}
		if strings.ContainsAny(path, "?#") {
			return database{}, errors.New("sqlite path must not contain '?' or '#'")
		}
		return database{driver: "sqlite", dsn: "file:" + path + "?" + sqlitePragmas, path: path}, nil
	}

	u, err := url.Parse(raw)
	if err != nil {
		// The parse error may quote part of a password; leave it out.
		return database{}, errors.New("invalid URL (percent-encode special characters in the password)")
	}
	switch u.Scheme {
	case "postgres", "postgresql":
	case "":
		return database{}, errors.New("missing scheme: want postgres://, postgresql:// or sqlite:PATH")
	default:
		return database{}, fmt.Errorf("unsupported scheme %q: want postgres://, postgresql:// or sqlite:PATH", u.Scheme)
	}
	if u.Opaque != "" {
		return database{}, fmt.Errorf("want %s://[user[:password]@]host[:port]/dbname", u.Scheme)
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return database{}, errors.New("unexpected '#' (percent-encode special characters in the password)")
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return database{}, errors.New("invalid query string")
	}
	if !q.Has("binary_parameters") {
		if u.RawQuery != "" {
			u.RawQuery += "&"
		}
		u.RawQuery += "binary_parameters=yes"
	}
	return database{driver: "postgres", dsn: u.String()}, nil
}

// secretParams are query parameters that hold credentials.
var secretParams = []string{"password", "sslpassword"}

// redactURL returns raw with any password replaced by "xxxxx". It returns
// "" for a value that does not parse cleanly as a URL, since there is no
// telling where a password might be in it.
func redactURL(raw string) string {
	if len(raw) >= len("sqlite:") && strings.EqualFold(raw[:len("sqlite:")], "sqlite:") {
		return raw
	}
	if strings.HasPrefix(raw, "file:") {
		return raw
	}
	if strings.Contains(raw, "#") {
		// Most likely an unescaped '#' in a password: no part of the
		// value can be shown safely.
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if u.RawQuery != "" {
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			u.RawQuery = "xxxxx"
		} else {
			changed := false
			for _, p := range secretParams {
				if q.Has(p) {
					q.Set(p, "xxxxx")
					changed = true
				}
			}
			if changed {
				u.RawQuery = q.Encode()
			}
		}
	}
	return u.Redacted()
}

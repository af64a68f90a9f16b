package edge

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/rs/cors"
)

// DevelopmentOrigins are the origins allowed by default in development: any port on localhost,
// where a React, Next.js, Vite or Angular dev server runs.
var DevelopmentOrigins = []string{"http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"}

// CORS answers preflights and marks the responses of cross-origin requests from origins. With no
// origins it changes nothing, so a browser on another origin is refused by its own same-origin
// rule. Haven reads credentials from the Authorization header, never from cookies, so credentials
// are never allowed: "*" can therefore be configured without ever meeting credentials.
func CORS(origins []string, next http.Handler) http.Handler {
	if len(origins) == 0 {
		return next
	}
	c := cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		// The headers Haven's GraphQL endpoint reads; graphql-http clients send Accept.
		AllowedHeaders:   []string{"Authorization", "Content-Type", "Accept", "X-Request-Id"},
		ExposedHeaders:   []string{"X-Request-Id", "Retry-After", "X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset"},
		AllowCredentials: false,
		MaxAge:           600,
	})
	return c.Handler(next)
}

// ParseOrigins reads CORS_ALLOWED_ORIGINS: comma-separated origins such as
// https://app.example.org, at most one "*" wildcard each (https://*.example.org,
// http://localhost:*), "*" alone for every origin, or "none".
func ParseOrigins(s string) ([]string, error) {
	out := []string{}
	if strings.EqualFold(strings.TrimSpace(s), "none") {
		return out, nil
	}
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if err := checkOrigin(f); err != nil {
			return nil, fmt.Errorf("%q: %w", f, err)
		}
		out = append(out, f)
	}
	if len(out) > 1 {
		for _, o := range out {
			if o == "*" {
				return nil, errors.New(`"*" allows every origin and cannot be listed with others`)
			}
		}
	}
	return out, nil
}

func checkOrigin(o string) error {
	if o == "*" {
		return nil
	}
	if strings.Count(o, "*") > 1 {
		return errors.New("at most one * per origin")
	}
	u, err := url.Parse(strings.Replace(o, "*", "wildcard", 1))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("want scheme://host[:port], such as https://app.example.org")
	}
	if u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return errors.New("an origin has no path, query or user part")
	}
	return nil
}

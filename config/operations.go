package config

import (
	"errors"
	"strings"
	"time"

	"haven/edge"
)

// Log formats, the values of LOG_FORMAT.
const (
	LogText = "text"
	LogJSON = "json"
)

// Default request budgets: generous for a person and for a frontend's server-side renderer,
// far below what a script hammering the API sends.
var (
	DefaultAnonymousBudget = edge.Budget{Requests: 300, Window: time.Minute}
	DefaultSignedInBudget  = edge.Budget{Requests: 600, Window: time.Minute}
)

// Operations are the settings that face browsers, abusers and operators rather than the domain.
// Their zero value (used by tests that build a Config by hand) allows no cross-origin browser,
// sets no request budget, logs text and exports no traces.
type Operations struct {
	// CORSAllowedOrigins are the browser origins allowed to call the API (CORS_ALLOWED_ORIGINS).
	// Development: edge.DevelopmentOrigins unless set; production: none unless set.
	CORSAllowedOrigins []string
	// RateLimits are the request budgets (RATE_LIMIT_ANONYMOUS, RATE_LIMIT_SIGNED_IN).
	RateLimits edge.Budgets
	// LogFormat is LogText or LogJSON (LOG_FORMAT).
	LogFormat string
	// OTLPTraces reports whether an OTEL_EXPORTER_OTLP_ENDPOINT or
	// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set: then traces are exported by OTLP over HTTP, with
	// the exporter reading the standard OTEL_EXPORTER_OTLP_* variables itself.
	OTLPTraces bool
	// Metrics reports whether GET /metrics serves Prometheus metrics (METRICS, default true).
	Metrics bool
}

func loadOperations(c *Config, get func(string) string) error {
	var err error
	if s := get("CORS_ALLOWED_ORIGINS"); s != "" {
		if c.CORSAllowedOrigins, err = edge.ParseOrigins(s); err != nil {
			return &EnvError{"CORS_ALLOWED_ORIGINS", s, err}
		}
	} else if !c.Production() {
		c.CORSAllowedOrigins = edge.DevelopmentOrigins
	}

	c.RateLimits = edge.Budgets{Anonymous: DefaultAnonymousBudget, SignedIn: DefaultSignedInBudget}
	for _, b := range []struct {
		name string
		dst  *edge.Budget
	}{{"RATE_LIMIT_ANONYMOUS", &c.RateLimits.Anonymous}, {"RATE_LIMIT_SIGNED_IN", &c.RateLimits.SignedIn}} {
		if s := get(b.name); s != "" {
			if *b.dst, err = edge.ParseBudget(s); err != nil {
				return &EnvError{b.name, s, err}
			}
		}
	}

	switch c.LogFormat = strings.ToLower(get("LOG_FORMAT")); c.LogFormat {
	case "":
		c.LogFormat = LogText
	case LogText, LogJSON:
	default:
		return &EnvError{"LOG_FORMAT", c.LogFormat, errors.New("want text or json")}
	}

	c.OTLPTraces = get("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
	if s := get("OTEL_TRACES_EXPORTER"); strings.EqualFold(s, "none") {
		c.OTLPTraces = false
	}
	if s := strings.ToLower(firstSet(get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"), get("OTEL_EXPORTER_OTLP_PROTOCOL"))); s != "" && s != "http/protobuf" {
		return &EnvError{"OTEL_EXPORTER_OTLP_PROTOCOL", s, errors.New("Haven exports traces by OTLP over HTTP: want http/protobuf")}
	}

	c.Metrics = true
	if s := get("METRICS"); s != "" {
		if c.Metrics, err = parseBool(s); err != nil {
			return &EnvError{"METRICS", s, err}
		}
	}
	return nil
}

func firstSet(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

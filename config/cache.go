package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// CacheConfig configures the response cache of anonymous reads and the caching headers of
// anonymous GET answers.
type CacheConfig struct {
	// Enabled turns the in-memory response cache on (RESPONSE_CACHE=on|off, default on). Off is
	// for measurement; the HTTP headers below are sent either way.
	Enabled bool
	// MaxBytes bounds the cache's memory (RESPONSE_CACHE_MB, default 32).
	MaxBytes int64
	// TTL bounds how long an answer is kept although nothing was written (RESPONSE_CACHE_TTL,
	// default 10s): what time alone changes, such as a placement's window opening, shows within it.
	TTL time.Duration
	// MaxAge and StaleWhileRevalidate are the Cache-Control values of anonymous GET answers
	// (HTTP_CACHE_MAX_AGE, default 5s; HTTP_CACHE_STALE_WHILE_REVALIDATE, default 30s).
	MaxAge, StaleWhileRevalidate time.Duration
}

// DefaultCache is the cache configuration when no variable is set.
var DefaultCache = CacheConfig{Enabled: true, MaxBytes: 32 << 20, TTL: 10 * time.Second, MaxAge: 5 * time.Second, StaleWhileRevalidate: 30 * time.Second}

// loadCache reads the cache settings.
func loadCache(get func(string) string) (CacheConfig, error) {
	c := DefaultCache
	if s := get("RESPONSE_CACHE"); s != "" {
		switch strings.ToLower(s) {
		case "on", "true", "1":
			c.Enabled = true
		case "off", "false", "0":
			c.Enabled = false
		default:
			return c, &EnvError{"RESPONSE_CACHE", s, fmt.Errorf("want on or off")}
		}
	}
	if s := get("RESPONSE_CACHE_MB"); s != "" {
		mb, err := strconv.Atoi(s)
		if err != nil || mb < 1 || mb > 65536 {
			return c, &EnvError{"RESPONSE_CACHE_MB", s, fmt.Errorf("want megabytes between 1 and 65536")}
		}
		c.MaxBytes = int64(mb) << 20
	}
	for _, d := range []struct {
		name     string
		dst      *time.Duration
		min, max time.Duration
	}{
		{"RESPONSE_CACHE_TTL", &c.TTL, time.Second, 24 * time.Hour},
		{"HTTP_CACHE_MAX_AGE", &c.MaxAge, 0, 24 * time.Hour},
		{"HTTP_CACHE_STALE_WHILE_REVALIDATE", &c.StaleWhileRevalidate, 0, 7 * 24 * time.Hour},
	} {
		s := d.name
		v := get(s)
		if v == "" {
			continue
		}
		dur, err := time.ParseDuration(v)
		if n, aerr := strconv.Atoi(v); aerr == nil { // plain seconds
			dur, err = time.Duration(n)*time.Second, nil
		}
		if err != nil || dur < d.min || dur > d.max {
			return c, &EnvError{s, v, fmt.Errorf("want a duration between %s and %s (such as 5s)", d.min, d.max)}
		}
		*d.dst = dur
	}
	return c, nil
}

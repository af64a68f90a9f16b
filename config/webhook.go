package config

import (
	"errors"
	"time"
)

// WebhookConfig configures the delivery of webhooks (package webhook, docs/webhooks.md).
type WebhookConfig struct {
	// Timeout bounds one delivery attempt (WEBHOOK_TIMEOUT, default 10s, 1s to 60s).
	Timeout time.Duration
	// AllowLoopback lets deliveries reach loopback addresses (WEBHOOK_ALLOW_LOOPBACK, default
	// off; refused in production). Private, link-local and metadata addresses stay refused.
	AllowLoopback bool
	// FollowRedirects follows up to three redirects, each checked like the first address
	// (WEBHOOK_FOLLOW_REDIRECTS, default off: a 3xx answer is a failed attempt).
	FollowRedirects bool
	// PollInterval is how often each replica looks for deliveries that fell due
	// (WEBHOOK_POLL_INTERVAL, default 5s, 1s to 10m).
	PollInterval time.Duration
	// DeliveryRetention is how long a delivered or finally failed delivery is kept before the
	// worker deletes it (WEBHOOK_DELIVERY_RETENTION: a Go duration such as 720h, or whole days
	// such as 30d; 1h to 3650d; default 30 days). Pending deliveries are never deleted.
	DeliveryRetention time.Duration
}

// Bounds of WEBHOOK_DELIVERY_RETENTION.
const (
	DefaultWebhookDeliveryRetention = 30 * 24 * time.Hour
	minWebhookDeliveryRetention     = time.Hour
	maxWebhookDeliveryRetention     = 3650 * 24 * time.Hour
)

// DefaultWebhook is the webhook configuration when no variable is set.
var DefaultWebhook = WebhookConfig{Timeout: 10 * time.Second, PollInterval: 5 * time.Second,
	DeliveryRetention: DefaultWebhookDeliveryRetention}

// loadWebhook reads the WEBHOOK_* variables into c.Webhook.
func loadWebhook(c *Config, get func(string) string) error {
	c.Webhook = DefaultWebhook
	for _, d := range []struct {
		name     string
		dst      *time.Duration
		min, max time.Duration
	}{
		{"WEBHOOK_TIMEOUT", &c.Webhook.Timeout, time.Second, time.Minute},
		{"WEBHOOK_POLL_INTERVAL", &c.Webhook.PollInterval, time.Second, 10 * time.Minute},
	} {
		s := get(d.name)
		if s == "" {
			continue
		}
		v, err := time.ParseDuration(s)
		if err != nil || v < d.min || v > d.max {
			return &EnvError{d.name, s, errors.New("want a duration from " + d.min.String() + " to " + d.max.String())}
		}
		*d.dst = v
	}
	if s := get("WEBHOOK_DELIVERY_RETENTION"); s != "" {
		d, err := parseRetention(s)
		if err != nil || d < minWebhookDeliveryRetention || d > maxWebhookDeliveryRetention {
			return &EnvError{"WEBHOOK_DELIVERY_RETENTION", s, errors.New("want a duration from 1h to 3650d, such as 720h or 30d")}
		}
		c.Webhook.DeliveryRetention = d
	}
	for _, b := range []struct {
		name string
		dst  *bool
	}{
		{"WEBHOOK_ALLOW_LOOPBACK", &c.Webhook.AllowLoopback},
		{"WEBHOOK_FOLLOW_REDIRECTS", &c.Webhook.FollowRedirects},
	} {
		s := get(b.name)
		if s == "" {
			continue
		}
		v, err := parseBool(s)
		if err != nil {
			return &EnvError{b.name, s, err}
		}
		*b.dst = v
	}
	if c.Webhook.AllowLoopback && c.Production() {
		return &EnvError{Name: "WEBHOOK_ALLOW_LOOPBACK", Err: errors.New("is for tests and development; not allowed with APP_ENV=production")}
	}
	return nil
}

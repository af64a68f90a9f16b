package config

import (
	"strings"
	"testing"
	"time"
)

// TestWebhookDeliveryRetention: WEBHOOK_DELIVERY_RETENTION defaults to 30 days, takes a Go
// duration or whole days within 1h..3650d, and anything else stops start-up with an error that
// names the variable and the accepted range.
func TestWebhookDeliveryRetention(t *testing.T) {
	load := func(v string) (Config, error) {
		vars := map[string]string{"DATABASE_URL": "sqlite:" + t.TempDir() + "/h.db", "WEBHOOK_DELIVERY_RETENTION": v}
		return Load(func(name string) string { return vars[name] })
	}
	for v, want := range map[string]time.Duration{
		"":      30 * 24 * time.Hour,
		"7d":    7 * 24 * time.Hour,
		"720h":  720 * time.Hour,
		"1h":    time.Hour,
		"3650d": 3650 * 24 * time.Hour,
	} {
		c, err := load(v)
		if err != nil || c.Webhook.DeliveryRetention != want {
			t.Errorf("%q: %v, %v; want %v", v, c.Webhook.DeliveryRetention, err, want)
		}
	}
	for _, bad := range []string{"0", "0d", "59m", "3651d", "-1h", "thirty days", "30 d", "1.5d", "d"} {
		_, err := load(bad)
		if err == nil || !strings.Contains(err.Error(), "WEBHOOK_DELIVERY_RETENTION") || !strings.Contains(err.Error(), "1h to 3650d") {
			t.Errorf("%q: %v, want an error naming WEBHOOK_DELIVERY_RETENTION and its range", bad, err)
		}
	}
}

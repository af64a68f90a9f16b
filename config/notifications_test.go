package config

import (
	"strings"
	"testing"
	"time"
)

// TestNotificationRetention: NOTIFICATION_RETENTION takes a Go duration or whole days within
// 1h-3650d, defaults to 90 days, and names itself when refused.
func TestNotificationRetention(t *testing.T) {
	load := func(v string) (Config, error) {
		dir := t.TempDir()
		return Load(func(name string) string {
			return map[string]string{"NOTIFICATION_RETENTION": v, "DATABASE_URL": "sqlite:" + dir + "/h.db"}[name]
		})
	}
	for v, want := range map[string]time.Duration{
		"":      DefaultNotificationRetention,
		"720h":  720 * time.Hour,
		"30d":   30 * 24 * time.Hour,
		" 1h ":  time.Hour,
		"3650d": 3650 * 24 * time.Hour,
	} {
		c, err := load(v)
		if err != nil || c.Notifications.Retention != want {
			t.Errorf("%q: %v, %v; want %v", v, c.Notifications.Retention, err, want)
		}
	}
	for _, bad := range []string{"soon", "59m", "-1h", "0", "0d", "3651d", "1.5d", "d", "100000h"} {
		if _, err := load(bad); err == nil || !strings.Contains(err.Error(), "NOTIFICATION_RETENTION") {
			t.Errorf("%q: %v, want an error naming NOTIFICATION_RETENTION", bad, err)
		}
	}
}

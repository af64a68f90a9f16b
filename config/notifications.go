package config

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Bounds of NOTIFICATION_RETENTION.
const (
	DefaultNotificationRetention = 90 * 24 * time.Hour
	minNotificationRetention     = time.Hour
	maxNotificationRetention     = 10 * 365 * 24 * time.Hour
)

// NotificationConfig configures the in-app notifications (package inbox).
type NotificationConfig struct {
	// Retention is how long a notification is kept, and a report receipt after its report was
	// resolved (NOTIFICATION_RETENTION: a Go duration such as 720h, or whole days such as 90d;
	// default 90 days).
	Retention time.Duration
}

// loadNotifications reads NOTIFICATION_RETENTION into c.Notifications.
func loadNotifications(c *Config, get func(string) string) error {
	c.Notifications.Retention = DefaultNotificationRetention
	s := get("NOTIFICATION_RETENTION")
	if s == "" {
		return nil
	}
	d, err := parseRetention(s)
	if err != nil || d < minNotificationRetention || d > maxNotificationRetention {
		return &EnvError{"NOTIFICATION_RETENTION", s, errors.New("want a duration from 1h to 3650d, such as 720h or 90d")}
	}
	c.Notifications.Retention = d
	return nil
}

func parseRetention(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 3650 {
			return 0, errors.New("bad day count")
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}

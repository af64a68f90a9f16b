package config

import (
	"errors"
	"strconv"
)

// WebsocketConfig caps the open WebSockets of one replica (0: Haven's default).
type WebsocketConfig struct {
	MaxConnections int // WS_MAX_CONNECTIONS: in total (default 10000)
	MaxPerClient   int // WS_MAX_CONNECTIONS_PER_CLIENT: per client address (default 20)
}

// loadWebsocket reads the WS_* variables into c.Websocket.
func loadWebsocket(c *Config, get func(string) string) error {
	for _, f := range []struct {
		name string
		dst  *int
	}{
		{"WS_MAX_CONNECTIONS", &c.Websocket.MaxConnections},
		{"WS_MAX_CONNECTIONS_PER_CLIENT", &c.Websocket.MaxPerClient},
	} {
		s := get(f.name)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1_000_000 {
			return &EnvError{f.name, s, errors.New("want a whole number from 1 to 1000000")}
		}
		*f.dst = n
	}
	return nil
}

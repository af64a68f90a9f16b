package config

import "strings"

// Database reads only DATABASE_URL (or its default) and returns the driver and DSN, for commands
// that touch the database but serve nothing and sign nothing (`server seed`), so they need no JWT
// configuration.
func Database(getenv func(string) string) (driver, dsn string, err error) {
	raw := strings.TrimSpace(getenv("DATABASE_URL"))
	if raw == "" {
		raw = DefaultDatabaseURL
	}
	db, err := parseDatabaseURL(raw)
	if err != nil {
		return "", "", &EnvError{"DATABASE_URL", redactURL(raw), err}
	}
	return db.driver, db.dsn, nil
}

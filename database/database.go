// Package database opens Haven's database (the embedded SQLite default or PostgreSQL), brings its
// schema up to date (package migration), and runs work in transactions.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq"  // registers the "postgres" driver
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"haven/ent"
	_ "haven/ent/runtime" // privacy policies and hooks run only when the runtime is linked
	"haven/migration"
	_ "haven/search/stem" // registers the SQL functions SQLite's text index triggers call
)

// maxOpenConns bounds the open connections of a PostgreSQL pool; maxIdleConns, the idle ones
// either pool keeps.
const (
	maxOpenConns = 20
	maxIdleConns = 20
)

// DB is an open database: the ent client and the connection pool under it.
type DB struct {
	Client  *ent.Client
	SQL     *sql.DB
	Dialect string // dialect.SQLite or dialect.Postgres
}

// Option adjusts Open.
type Option func(*options)

type options struct {
	onStatement func(ctx context.Context, query string)
	wrap        func(dialect.Driver) dialect.Driver
}

// WithDriver wraps the ent driver, as tracing does to see every statement.
func WithDriver(wrap func(dialect.Driver) dialect.Driver) Option {
	return func(o *options) { o.wrap = wrap }
}

// OnStatement calls f with every statement ent sends, in or out of a transaction, before it is
// sent. Tests use it to count and inspect statements, so an N+1 query is a failing test rather
// than a hunch.
func OnStatement(f func(ctx context.Context, query string)) Option {
	return func(o *options) { o.onStatement = f }
}

// Open connects to the database. driver is "sqlite" or "postgres". For SQLite every transaction
// begins IMMEDIATE, so a transaction that reads before it writes cannot act on a stale read.
func Open(driver, dsn string, opts ...Option) (*DB, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	var d string
	switch driver {
	case "sqlite":
		d = dialect.SQLite
		if !strings.Contains(dsn, "_txlock=") {
			sep := "?"
			if strings.Contains(dsn, "?") {
				sep = "&"
			}
			dsn += sep + "_txlock=immediate"
		}
	case "postgres":
		d = dialect.Postgres
	default:
		return nil, fmt.Errorf("database: unknown driver %q", driver)
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("database: open: %w", err)
	}
	// Keep as many idle connections as may be open, so that a burst of concurrent readers does
	// not close and reopen connections (database/sql keeps 2 by default; an SQLite connection
	// costs a file open and a read of the schema on its first statement).
	db.SetMaxIdleConns(maxIdleConns)
	if d == dialect.Postgres {
		db.SetMaxOpenConns(maxOpenConns)
	}
	var drv dialect.Driver = entsql.OpenDB(d, db)
	if d == dialect.SQLite {
		drv = newSingleWriter(drv)
	} else {
		drv = &retryOnBrokenConn{Driver: newPreparedReads(drv, db), db: db, maxIdle: maxIdleConns}
	}
	if o.onStatement != nil {
		drv = observeDriver(drv, o.onStatement)
	}
	if o.wrap != nil {
		drv = o.wrap(drv)
	}
	return &DB{Client: ent.NewClient(ent.Driver(drv)), SQL: db, Dialect: d}, nil
}

// Close closes the client and the pool.
func (db *DB) Close() error { return db.Client.Close() }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.SQL.PingContext(ctx) }

// Migrate applies the pending versioned migrations (package migration) under the migration
// lock; with nothing pending it changes nothing.
func (db *DB) Migrate(ctx context.Context) error {
	_, err := migration.Up(ctx, db.SQL, db.Dialect, nil)
	return err
}

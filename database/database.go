// Package database opens Haven's database (the embedded SQLite default or PostgreSQL), brings its
// schema up to date, and runs work in transactions.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	entschema "entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq"  // registers the "postgres" driver
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"haven/ent"
	"haven/ent/migrate"
	_ "haven/ent/runtime" // privacy policies and hooks run only when the runtime is linked
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
	if d == dialect.Postgres {
		db.SetMaxOpenConns(20)
		db.SetMaxIdleConns(20)
	}
	var drv dialect.Driver = entsql.OpenDB(d, db)
	if o.onStatement != nil {
		drv = observeDriver(drv, o.onStatement)
	}
	return &DB{Client: ent.NewClient(ent.Driver(drv)), SQL: db, Dialect: d}, nil
}

// Close closes the client and the pool.
func (db *DB) Close() error { return db.Client.Close() }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.SQL.PingContext(ctx) }

// Migrate creates or updates the schema. On PostgreSQL it also installs the trigger that refuses
// UPDATE and DELETE on the audit log.
func (db *DB) Migrate(ctx context.Context) error {
	// ent's migration keeps package-level state; one migration at a time per process.
	migrateMu.Lock()
	defer migrateMu.Unlock()
	if err := db.Client.Schema.Create(ctx, migrate.WithDropIndex(true), entschema.WithDiffHook(keepFullTextIndexes)); err != nil {
		return fmt.Errorf("database: migrate: %w", err)
	}
	if db.Dialect == dialect.Postgres {
		for _, stmt := range postgresExtras {
			if _, err := db.SQL.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("database: migrate extras: %w", err)
			}
		}
	} else {
		for _, stmt := range sqliteExtras {
			if _, err := db.SQL.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("database: migrate extras: %w", err)
			}
		}
	}
	return migrateFullText(ctx, db.SQL, db.Dialect == dialect.Postgres)
}

var migrateMu sync.Mutex

// postgresExtras are statements ent's migration does not express: the append-only guard on the
// audit log. The full-text index for search is in fulltext.go.
var postgresExtras = []string{
	`CREATE OR REPLACE FUNCTION haven_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql`,
	`DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events`,
	`CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION haven_audit_append_only()`,
}

// sqliteExtras guard the audit log on SQLite too.
var sqliteExtras = []string{
	`CREATE TRIGGER IF NOT EXISTS audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`,
	`CREATE TRIGGER IF NOT EXISTS audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`,
}

// Package database opens Haven's database (the embedded SQLite default or PostgreSQL), brings its
// schema up to date (package migration), and runs work in transactions.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq"  // registers the "postgres" driver
	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" driver

	"haven/ent"
	_ "haven/ent/runtime" // privacy policies and hooks run only when the runtime is linked
	"haven/migration"
)

// maxIdleConns is how many idle connections the PostgreSQL pool keeps.
const maxIdleConns = 20

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

// WithStatementHook calls f before every statement ent sends, in or out of a transaction. Tests
// use it to count statements, so an N+1 query is a failing test rather than a hunch.
func WithStatementHook(f func(ctx context.Context, query string)) Option {
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
		db.SetMaxIdleConns(maxIdleConns)
	}
	var drv dialect.Driver = entsql.OpenDB(d, db)
	if d == dialect.SQLite {
		drv = newSingleWriter(drv)
	} else {
		drv = &retryOnBrokenConn{Driver: drv, db: db, maxIdle: maxIdleConns}
	}
	if o.onStatement != nil {
		drv = dialect.DebugWithContext(drv, func(ctx context.Context, args ...any) {
			if len(args) > 0 {
				o.onStatement(ctx, fmt.Sprint(args[0]))
			}
		})
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

// withTxOnce runs fn in a transaction and commits when fn returns nil. The context handed to fn
// carries the transaction (ent.FromContext / ent.TxFromContext), so code below it joins it.
// When ctx already carries a transaction, fn runs inside that one.
func withTxOnce(ctx context.Context, client *ent.Client, fn func(ctx context.Context, tx *ent.Tx) error) (err error) {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return fn(ctx, tx)
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err = fn(ent.NewTxContext(ctx, tx), tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			err = errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Detach returns e bound to the root client once the transaction that loaded it has committed,
// so that edges resolved later (while writing the GraphQL response) do not run on a closed
// transaction. Called inside an outer transaction, it leaves e bound to that one.
func Detach[T interface{ Unwrap() T }](ctx context.Context, e T, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	if ent.TxFromContext(ctx) != nil {
		return e, nil
	}
	return e.Unwrap(), nil
}

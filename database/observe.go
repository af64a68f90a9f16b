package database

import (
	"context"
	"database/sql"
	"fmt"

	"entgo.io/ent/dialect"
)

// observedDriver calls observe with every statement ent sends through it, in or out of a
// transaction, before sending it. It wraps the driver itself rather than reading a debug log, so
// what tests count and inspect does not depend on how a log line is worded.
type observedDriver struct {
	dialect.Driver
	observe func(ctx context.Context, query string)
}

func (d observedDriver) Exec(ctx context.Context, query string, args, v any) error {
	d.observe(ctx, query)
	return d.Driver.Exec(ctx, query, args, v)
}

func (d observedDriver) Query(ctx context.Context, query string, args, v any) error {
	d.observe(ctx, query)
	return d.Driver.Query(ctx, query, args, v)
}

// ExecContext serves the generated client's ExecContext (raw statements such as pg_notify).
func (d observedDriver) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	d.observe(ctx, query)
	return execContext(d.Driver, ctx, query, args)
}

// QueryContext serves the generated client's QueryContext.
func (d observedDriver) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	d.observe(ctx, query)
	return queryContext(d.Driver, ctx, query, args)
}

func (d observedDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	return d.BeginTx(ctx, nil)
}

// BeginTx starts a transaction whose statements are counted too.
func (d observedDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	})
	if !ok {
		return nil, fmt.Errorf("database: driver %T cannot begin a transaction with options", d.Driver)
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return observedTx{Tx: tx, observe: d.observe}, nil
}

// observedTx observes the statements of one transaction.
type observedTx struct {
	dialect.Tx
	observe func(ctx context.Context, query string)
}

func (t observedTx) Exec(ctx context.Context, query string, args, v any) error {
	t.observe(ctx, query)
	return t.Tx.Exec(ctx, query, args, v)
}

func (t observedTx) Query(ctx context.Context, query string, args, v any) error {
	t.observe(ctx, query)
	return t.Tx.Query(ctx, query, args, v)
}

func (t observedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	t.observe(ctx, query)
	return execContext(t.Tx, ctx, query, args)
}

func (t observedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	t.observe(ctx, query)
	return queryContext(t.Tx, ctx, query, args)
}

func execContext(x any, ctx context.Context, query string, args []any) (sql.Result, error) {
	e, ok := x.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("database: %T has no ExecContext", x)
	}
	return e.ExecContext(ctx, query, args...)
}

func queryContext(x any, ctx context.Context, query string, args []any) (*sql.Rows, error) {
	q, ok := x.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("database: %T has no QueryContext", x)
	}
	return q.QueryContext(ctx, query, args...)
}

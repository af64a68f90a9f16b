package database

import (
	"context"
	"database/sql"
	"fmt"

	"entgo.io/ent/dialect"
)

// observedConn calls observe with every statement sent through conn (the driver, or one of its
// transactions), before sending it. It wraps the driver itself rather than reading a debug log,
// so what tests count and inspect does not depend on how a log line is worded.
type observedConn struct {
	conn    dialect.ExecQuerier
	observe func(ctx context.Context, query string)
}

func (c observedConn) Exec(ctx context.Context, query string, args, v any) error {
	c.observe(ctx, query)
	return c.conn.Exec(ctx, query, args, v)
}

func (c observedConn) Query(ctx context.Context, query string, args, v any) error {
	c.observe(ctx, query)
	return c.conn.Query(ctx, query, args, v)
}

// ExecContext serves the generated client's ExecContext (raw statements such as pg_notify).
func (c observedConn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	e, ok := c.conn.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("database: %T has no ExecContext", c.conn)
	}
	c.observe(ctx, query)
	return e.ExecContext(ctx, query, args...)
}

// QueryContext serves the generated client's QueryContext.
func (c observedConn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q, ok := c.conn.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("database: %T has no QueryContext", c.conn)
	}
	c.observe(ctx, query)
	return q.QueryContext(ctx, query, args...)
}

// observedDriver is a driver whose statements, and its transactions' statements, are observed.
type observedDriver struct {
	observedConn
	drv dialect.Driver
}

func observeDriver(drv dialect.Driver, observe func(ctx context.Context, query string)) observedDriver {
	return observedDriver{observedConn: observedConn{conn: drv, observe: observe}, drv: drv}
}

func (d observedDriver) Dialect() string { return d.drv.Dialect() }
func (d observedDriver) Close() error    { return d.drv.Close() }

func (d observedDriver) Tx(ctx context.Context) (dialect.Tx, error) { return d.BeginTx(ctx, nil) }

// BeginTx starts a transaction whose statements are observed too.
func (d observedDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	b, ok := d.drv.(interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	})
	if !ok {
		return nil, fmt.Errorf("database: driver %T cannot begin a transaction with options", d.drv)
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return observedTx{observedConn: observedConn{conn: tx, observe: d.observe}, tx: tx}, nil
}

// observedTx is a transaction whose statements are observed.
type observedTx struct {
	observedConn
	tx dialect.Tx
}

func (t observedTx) Commit() error   { return t.tx.Commit() }
func (t observedTx) Rollback() error { return t.tx.Rollback() }

package database

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"entgo.io/ent/dialect"
)

// The wrappers of this package (singleWriter, retryOnBrokenConn and their transactions) keep
// the raw-SQL methods of ent's driver, which tx.ExecContext and client.QueryContext call
// (the audit chain's advisory lock, for one).

type rawSQL interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

var errRawSQL = errors.New("database: the driver does not run raw SQL")

func rawExec(x any, ctx context.Context, query string, args ...any) (sql.Result, error) {
	r, ok := x.(rawSQL)
	if !ok {
		return nil, errRawSQL
	}
	return r.ExecContext(ctx, query, args...)
}

func rawQuery(x any, ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	r, ok := x.(rawSQL)
	if !ok {
		return nil, errRawSQL
	}
	return r.QueryContext(ctx, query, args...)
}

// ExecContext runs raw SQL outside a transaction: a write, so it takes the writer's turn.
func (d *singleWriter) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := d.acquire(ctx); err != nil {
		return nil, err
	}
	defer d.release()
	return rawExec(d.Driver, ctx, query, args...)
}

func (d *singleWriter) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return rawQuery(d.Driver, ctx, query, args...)
}

func (t *turnTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return rawExec(t.Tx, ctx, query, args...)
}

func (t *turnTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return rawQuery(t.Tx, ctx, query, args...)
}

func (d *retryOnBrokenConn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	r, err := rawExec(d.Driver, ctx, query, args...)
	return r, markUnavailable(err)
}

func (d *retryOnBrokenConn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	r, err := rawQuery(d.Driver, ctx, query, args...)
	return r, markUnavailable(err)
}

func (t markingTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	r, err := rawExec(t.Tx, ctx, query, args...)
	return r, markUnavailable(err)
}

func (t markingTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	r, err := rawQuery(t.Tx, ctx, query, args...)
	return r, markUnavailable(err)
}

type txBeginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error)
}

var errBeginTx = errors.New("database: the driver cannot begin a transaction with options")

// BeginTx waits for the writer's turn and holds it until the transaction ends, as Tx does.
func (d *singleWriter) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(txBeginner)
	if !ok {
		return nil, errBeginTx
	}
	if err := d.acquire(ctx); err != nil {
		return nil, err
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		d.release()
		return nil, err
	}
	return &turnTx{Tx: tx, release: sync.OnceFunc(d.release)}, nil
}

// BeginTx begins a transaction with options, retried once on a broken connection as Tx is.
func (d *retryOnBrokenConn) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(txBeginner)
	if !ok {
		return nil, errBeginTx
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil && IsUnavailable(markUnavailable(err)) && ctx.Err() == nil {
		d.closeIdle()
		tx, err = b.BeginTx(ctx, opts)
	}
	if err != nil {
		return nil, markUnavailable(err)
	}
	return markingTx{tx}, nil
}

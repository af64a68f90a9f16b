package database

import (
	"context"
	"database/sql"
	"errors"
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

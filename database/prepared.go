package database

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq"
)

// Prepared marks ctx so that the PostgreSQL reads made with it run as prepared statements: the
// server parses the statement once per connection and, after a few runs, reuses its plan,
// instead of parsing and planning it on every request (the pgbench figures in
// docs/performance.md: about 3× the statements per second for a lookup by primary key).
//
// It is for the hot public reads whose plan does not depend on their arguments — a piece by its
// ID, a page by its keyset cursor — and only for them: a prepared statement's generic plan is
// chosen for average arguments, which is wrong for a search or a skewed filter.
func Prepared(ctx context.Context) context.Context {
	return context.WithValue(ctx, preparedKey{}, true)
}

type preparedKey struct{}

// maxPrepared bounds the statements a pool keeps prepared. The marked reads are a handful of
// shapes; a statement beyond the bound runs unprepared, as every other statement does.
const maxPrepared = 128

// preparedReads runs the root driver's marked reads (not those of a transaction) as prepared
// statements of the pool, which database/sql prepares lazily on each connection that runs them.
type preparedReads struct {
	dialect.Driver
	db *sql.DB

	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

func newPreparedReads(drv dialect.Driver, db *sql.DB) *preparedReads {
	return &preparedReads{Driver: drv, db: db, stmts: map[string]*sql.Stmt{}}
}

// Query runs a read, prepared when ctx is marked; either way its result describes its columns
// once (typesOnce).
func (d *preparedReads) Query(ctx context.Context, query string, args, v any) error {
	if err := d.query(ctx, query, args, v); err != nil {
		return err
	}
	typesOnce(ctx, v)
	return nil
}

func (d *preparedReads) query(ctx context.Context, query string, args, v any) error {
	rows, ok := v.(*entsql.Rows)
	argv, isArgs := args.([]any)
	if marked, _ := ctx.Value(preparedKey{}).(bool); !marked || !ok || !isArgs {
		return d.Driver.Query(ctx, query, args, v)
	}
	stmt, err := d.stmt(ctx, query)
	if err != nil || stmt == nil {
		return d.Driver.Query(ctx, query, args, v)
	}
	r, err := stmt.QueryContext(ctx, argv...)
	if stale(err) {
		// The table changed under the statement (a migration on another replica): forget it
		// and read unprepared; the next marked read prepares it again.
		d.forget(query, stmt)
		return d.Driver.Query(ctx, query, args, v)
	}
	if err != nil {
		return err
	}
	*rows = entsql.Rows{ColumnScanner: r}
	return nil
}

func (d *preparedReads) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if s, ok := d.stmts[query]; ok {
		return s, nil
	}
	if len(d.stmts) >= maxPrepared {
		return nil, nil
	}
	s, err := d.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	d.stmts[query] = s
	return s, nil
}

func (d *preparedReads) forget(query string, s *sql.Stmt) {
	d.mu.Lock()
	if d.stmts[query] == s {
		delete(d.stmts, query)
	}
	d.mu.Unlock()
	_ = s.Close()
}

// Close closes the prepared statements, then the driver.
func (d *preparedReads) Close() error {
	d.mu.Lock()
	for q, s := range d.stmts {
		_ = s.Close()
		delete(d.stmts, q)
	}
	d.mu.Unlock()
	return d.Driver.Close()
}

// stale reports PostgreSQL's refusal to run a prepared statement whose tables changed shape
// ("cached plan must not change result type", feature_not_supported).
func stale(err error) bool {
	var pe *pq.Error
	return errors.As(err, &pe) && pe.Code == "0A000"
}

// BeginTx starts a transaction with options on the driver underneath (the transaction's reads
// are never prepared).
func (d *preparedReads) BeginTx(ctx context.Context, opts *entsql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(interface {
		BeginTx(context.Context, *entsql.TxOptions) (dialect.Tx, error)
	})
	if !ok {
		return nil, errors.New("database: the driver cannot begin a transaction with options")
	}
	return b.BeginTx(ctx, opts)
}

// ExecContext and QueryContext pass raw SQL to the driver underneath, unprepared.
func (d *preparedReads) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return rawExec(d.Driver, ctx, query, args...)
}

func (d *preparedReads) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return rawQuery(d.Driver, ctx, query, args...)
}

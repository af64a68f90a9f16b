package observe

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// TraceSQL wraps an ent driver so that every statement, in or out of a transaction, is a span
// child of the context's span. The span holds the statement with its placeholders and the name
// of the database system, never the arguments, which carry what people typed.
func TraceSQL(drv dialect.Driver, tracer trace.Tracer) dialect.Driver {
	return &sqlDriver{Driver: drv, tracer: tracer}
}

type sqlDriver struct {
	dialect.Driver
	tracer trace.Tracer
}

func (d *sqlDriver) Exec(ctx context.Context, query string, args, v any) error {
	ctx, span := startSQL(ctx, d.tracer, d.Dialect(), query)
	err := d.Driver.Exec(ctx, query, args, v)
	endSQL(span, err)
	return err
}

func (d *sqlDriver) Query(ctx context.Context, query string, args, v any) error {
	ctx, span := startSQL(ctx, d.tracer, d.Dialect(), query)
	err := d.Driver.Query(ctx, query, args, v)
	endSQL(span, err)
	return err
}

// ExecContext and QueryContext run raw SQL (ent's client.QueryContext and tx.ExecContext: the
// audit chain's advisory lock, the data-change notices, the dimension cache, search on SQLite),
// traced like the rest; without them the raw statements of a traced Haven would fail.
func (d *sqlDriver) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return rawExec(ctx, d.Driver, d.tracer, d.Dialect(), query, args)
}

func (d *sqlDriver) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return rawQuery(ctx, d.Driver, d.tracer, d.Dialect(), query, args)
}

func (d *sqlDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &sqlTx{Tx: tx, tracer: d.tracer, dialect: d.Dialect()}, nil
}

// BeginTx keeps the options of drivers that take them (ent's client.BeginTx, isolation levels).
func (d *sqlDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	})
	if !ok {
		return d.Tx(ctx)
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &sqlTx{Tx: tx, tracer: d.tracer, dialect: d.Dialect()}, nil
}

type sqlTx struct {
	dialect.Tx
	tracer  trace.Tracer
	dialect string
}

func (t *sqlTx) Exec(ctx context.Context, query string, args, v any) error {
	ctx, span := startSQL(ctx, t.tracer, t.dialect, query)
	err := t.Tx.Exec(ctx, query, args, v)
	endSQL(span, err)
	return err
}

func (t *sqlTx) Query(ctx context.Context, query string, args, v any) error {
	ctx, span := startSQL(ctx, t.tracer, t.dialect, query)
	err := t.Tx.Query(ctx, query, args, v)
	endSQL(span, err)
	return err
}

func (t *sqlTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return rawExec(ctx, t.Tx, t.tracer, t.dialect, query, args)
}

func (t *sqlTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return rawQuery(ctx, t.Tx, t.tracer, t.dialect, query, args)
}

func rawExec(ctx context.Context, x any, tracer trace.Tracer, system, query string, args []any) (sql.Result, error) {
	e, ok := x.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, fmt.Errorf("observe: %T runs no raw SQL", x)
	}
	ctx, span := startSQL(ctx, tracer, system, query)
	res, err := e.ExecContext(ctx, query, args...)
	endSQL(span, err)
	return res, err
}

func rawQuery(ctx context.Context, x any, tracer trace.Tracer, system, query string, args []any) (*sql.Rows, error) {
	q, ok := x.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, fmt.Errorf("observe: %T runs no raw SQL", x)
	}
	ctx, span := startSQL(ctx, tracer, system, query)
	rows, err := q.QueryContext(ctx, query, args...)
	endSQL(span, err)
	return rows, err
}

func startSQL(ctx context.Context, tracer trace.Tracer, system, query string) (context.Context, trace.Span) {
	op, _, _ := strings.Cut(strings.TrimSpace(query), " ")
	op = strings.ToUpper(op)
	if len(op) > 16 {
		op = op[:16]
	}
	if system == dialect.Postgres {
		system = "postgresql"
	}
	return tracer.Start(ctx, "sql "+op, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(
		attribute.String("db.system.name", system),
		attribute.String("db.operation.name", op),
		attribute.String("db.query.text", query),
	))
}

func endSQL(span trace.Span, err error) {
	if err != nil {
		span.SetStatus(codes.Error, "statement failed")
	}
	span.End()
}

// ent's client.BeginTx looks for this method on its driver.
var _ interface {
	BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
} = (*sqlDriver)(nil)

package observe_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	_ "modernc.org/sqlite"

	"haven/observe"
)

// A traced driver runs raw SQL, in and out of a transaction, as ent's client.QueryContext and
// tx.ExecContext send it (the audit chain's lock, the data-change notices, the dimension cache,
// search on SQLite), each statement a span that holds its text and never its arguments.
func TestTracedDriverRunsRawSQL(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	drv := observe.TraceSQL(entsql.OpenDB(dialect.SQLite, db), tp.Tracer("test"))
	type raw interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	}
	ctx := context.Background()
	r, ok := drv.(raw)
	if !ok {
		t.Fatalf("%T runs no raw SQL", drv)
	}
	if _, err := r.ExecContext(ctx, `CREATE TABLE notes (body text)`); err != nil {
		t.Fatal(err)
	}
	tx, err := drv.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rtx, ok := tx.(raw)
	if !ok {
		t.Fatalf("%T runs no raw SQL", tx)
	}
	if _, err := rtx.ExecContext(ctx, `INSERT INTO notes (body) VALUES (?)`, "what someone typed"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	rows, err := r.QueryContext(ctx, `SELECT body FROM notes`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			t.Fatal(err)
		}
		got = append(got, b)
	}
	rows.Close()
	if len(got) != 1 {
		t.Fatalf("read %q", got)
	}
	var names []string
	for _, s := range exp.GetSpans() {
		names = append(names, s.Name)
		for _, kv := range s.Attributes {
			if strings.Contains(kv.Value.Emit(), "what someone typed") {
				t.Errorf("span %s holds an argument in %s", s.Name, kv.Key)
			}
		}
	}
	if want := []string{"sql CREATE", "sql INSERT", "sql SELECT"}; strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("spans %q, want %q", names, want)
	}
}

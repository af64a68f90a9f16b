package migration_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/schema/field"
	"github.com/pressly/goose/v3"

	"haven/apptest"
	entmigrate "haven/ent/migrate"
	"haven/migration/generator"
)

// eachDialect runs f on SQLite, and on PostgreSQL when TEST_DATABASE_URL names a server (the
// generator creates its scratch database there).
func eachDialect(t *testing.T, f func(t *testing.T, d, server string)) {
	t.Run("sqlite", func(t *testing.T) { f(t, dialect.SQLite, "") })
	if apptest.Postgres() {
		t.Run("postgres", func(t *testing.T) { f(t, dialect.Postgres, os.Getenv(apptest.EnvDatabaseURL)) })
	}
}

// copyDir copies the committed migration directory of a dialect to a new temporary directory.
func copyDir(t *testing.T, d string) string {
	t.Helper()
	src := "sqlite"
	if d == dialect.Postgres {
		src = "postgres"
	}
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func generate(t *testing.T, d, server, dir, name string, tables []*schema.Table) generator.Result {
	t.Helper()
	var log bytes.Buffer
	res, err := generator.Generate(context.Background(), generator.Options{
		Dialect: d, Dir: dir, Name: name, Version: "29991231235959", Server: server, Tables: tables, Log: &log,
	})
	if err != nil {
		t.Fatalf("generate: %v\n%s", err, log.String())
	}
	t.Logf("generator said:\n%s", log.String())
	return res
}

// upSection returns the statements under "+goose Up" of a migration file.
func upSection(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	up, _, ok := strings.Cut(string(b), "-- +goose Down")
	if !ok {
		t.Fatalf("%s has no Down section:\n%s", path, b)
	}
	return up
}

// TestGeneratorPlansNothingOnCommittedFiles runs the generator on the committed files and
// ent/schema: it must write nothing, in particular no drop of the objects hand-written files
// made (the full-text columns and indexes of contents, the partial index of reports), and the
// committed atlas.sum must be the one it computes.
func TestGeneratorPlansNothingOnCommittedFiles(t *testing.T) {
	eachDialect(t, func(t *testing.T, d, server string) {
		dir := copyDir(t, d)
		committedSum, err := os.ReadFile(filepath.Join(dir, "atlas.sum"))
		if err != nil {
			t.Fatal(err)
		}
		res := generate(t, d, server, dir, "nothing", nil)
		if res.File != "" {
			t.Fatalf("the generator wrote %s on unchanged ent/schema:\n%s", res.File, upSection(t, filepath.Join(dir, res.File)))
		}
		want := []string{"reports index reports_one_open_per_reporter"}
		if d == dialect.Postgres {
			want = append(want, "contents.search_headline", "contents.search_document",
				"contents index contents_search_headline", "contents index contents_search_document")
		} else {
			for _, tr := range []string{"audit_events_no_update", "audit_events_no_delete", "contents_fts_insert", "contents_fts_update", "contents_fts_delete"} {
				if !slices.Contains(res.Triggers, tr) {
					t.Errorf("trigger %s not seen in the replayed files: %v", tr, res.Triggers)
				}
			}
		}
		for _, w := range want {
			if !slices.Contains(res.Kept, w) {
				t.Errorf("hand-made %q not reported kept: %v", w, res.Kept)
			}
		}
		sum, err := os.ReadFile(filepath.Join(dir, "atlas.sum"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(sum, committedSum) {
			t.Errorf("atlas.sum is stale (a file was edited or added without running the generator); want:\n%s", sum)
		}
	})
}

// TestGeneratorNewSchemaDropsNothing adds a table to ent/schema, as a new ent schema does: the
// generated file creates it and drops or alters nothing, the files still replay, and after it
// the generator plans nothing more.
func TestGeneratorNewSchemaDropsNothing(t *testing.T) {
	eachDialect(t, func(t *testing.T, d, server string) {
		dir := copyDir(t, d)
		probe := schema.NewTable("probe_notes").
			AddPrimary(&schema.Column{Name: "id", Type: field.TypeInt, Increment: true}).
			AddColumn(&schema.Column{Name: "note", Type: field.TypeString})
		tables := append(slices.Clone(entmigrate.Tables), probe)
		res := generate(t, d, server, dir, "probe_notes", tables)
		if res.File == "" {
			t.Fatal("no file written for a new table")
		}
		up := upSection(t, filepath.Join(dir, res.File))
		if !strings.Contains(up, "CREATE TABLE") || !strings.Contains(up, "probe_notes") {
			t.Fatalf("the new table is not created:\n%s", up)
		}
		for _, line := range strings.Split(up, "\n") {
			if strings.HasPrefix(line, "--") || strings.TrimSpace(line) == "" {
				continue
			}
			if !strings.HasPrefix(line, "CREATE TABLE") || !strings.Contains(line, "probe_notes") {
				t.Errorf("the file does more than create the new table: %s", line)
			}
		}
		if again := generate(t, d, server, dir, "again", tables); again.File != "" {
			t.Fatalf("a second run wrote %s:\n%s", again.File, upSection(t, filepath.Join(dir, again.File)))
		}
		objs := applyDir(t, d, dir)
		for _, o := range []string{"probe_notes", "reports_one_open_per_reporter"} {
			if !objs[o] {
				t.Errorf("%s missing after applying the directory", o)
			}
		}
	})
}

// TestGeneratorSQLiteRebuildKeepsHandMadeObjects changes a column of audit_events in ent/schema,
// which SQLite can only make by rebuilding the table (create a copy, copy the rows, drop the
// table, rename the copy): dropping the table drops its triggers and indexes. The generated
// file must make again the append-only triggers and an index a hand-written file made.
func TestGeneratorSQLiteRebuildKeepsHandMadeObjects(t *testing.T) {
	dir := copyDir(t, dialect.SQLite)
	hand := "-- +goose Up\nCREATE INDEX IF NOT EXISTS probe_audit_actor ON audit_events (actor) WHERE actor <> 'system';\n\n-- +goose Down\nDROP INDEX IF EXISTS probe_audit_actor;\n"
	if err := os.WriteFile(filepath.Join(dir, "29990101000000_probe_hand.sql"), []byte(hand), 0o644); err != nil {
		t.Fatal(err)
	}
	// audit_events as ent/schema has it, but with "note" NOT NULL DEFAULT ''.
	orig := entmigrate.AuditEventsTable
	audit := schema.NewTable(orig.Name).SetAnnotation(orig.Annotation)
	for _, c := range orig.Columns {
		cc := *c
		if cc.Name == "note" {
			cc.Nullable, cc.Default = false, ""
		}
		if slices.Contains(orig.PrimaryKey, c) {
			audit.AddPrimary(&cc)
		} else {
			audit.AddColumn(&cc)
		}
	}
	for _, idx := range orig.Indexes {
		var cols []string
		for _, c := range idx.Columns {
			cols = append(cols, c.Name)
		}
		audit.AddIndex(idx.Name, idx.Unique, cols)
	}
	tables := slices.Clone(entmigrate.Tables)
	for i, tb := range tables {
		if tb == orig {
			tables[i] = audit
		}
	}
	res := generate(t, dialect.SQLite, "", dir, "audit_note_required", tables)
	if res.File == "" {
		t.Fatal("no file written for the changed column")
	}
	up := upSection(t, filepath.Join(dir, res.File))
	if !strings.Contains(up, "RENAME TO `audit_events`") {
		t.Fatalf("expected a rebuild of audit_events:\n%s", up)
	}
	if again := generate(t, dialect.SQLite, "", dir, "again", tables); again.File != "" {
		t.Fatalf("a second run wrote %s:\n%s", again.File, upSection(t, filepath.Join(dir, again.File)))
	}
	objs := applyDir(t, dialect.SQLite, dir)
	for _, o := range []string{"audit_events_no_update", "audit_events_no_delete", "probe_audit_actor", "auditevent_entity_id_seq", "contents_fts_insert"} {
		if !objs[o] {
			t.Errorf("%s missing after the rebuild:\n%s", o, up)
		}
	}
}

// applyDir applies a migration directory with goose on a new database and returns the names of
// its tables, indexes and triggers.
func applyDir(t *testing.T, d, dir string) map[string]bool {
	t.Helper()
	ctx := context.Background()
	driver, dsn, gd := "sqlite", "file:"+filepath.Join(t.TempDir(), "apply.db")+"?_pragma=foreign_keys(1)", goose.DialectSQLite3
	q := `SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger')`
	if d == dialect.Postgres {
		driver, dsn, gd = "postgres", apptest.EmptyPostgres(t), goose.DialectPostgres
		q = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
			UNION ALL SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()
			UNION ALL SELECT tgname FROM pg_trigger WHERE NOT tgisinternal`
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := goose.NewProvider(gd, db, os.DirFS(dir), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatalf("applying %s: %v", dir, err)
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[n] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

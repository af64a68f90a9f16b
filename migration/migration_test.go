package migration_test

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"haven/app"
	"haven/apptest"
	"haven/auth"
	"haven/config"
	"haven/database"
	"haven/migration"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// emptyDatabase returns the driver and DSN of a new database without any table, dropped when
// the test ends.
func emptyDatabase(t *testing.T) (driver, dsn string) {
	t.Helper()
	if !apptest.Postgres() {
		return "sqlite", "file:" + filepath.Join(t.TempDir(), "haven.db") + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(20000)&_pragma=journal_mode(WAL)"
	}
	return "postgres", apptest.EmptyPostgres(t)
}

func open(t *testing.T, driver, dsn string) *database.DB {
	t.Helper()
	db, err := database.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// assertMatchesSchema fails when ent's auto-migration would still change anything: the
// migration files and ent/schema have drifted apart (a schema change without its migration).
func assertMatchesSchema(t *testing.T, db *database.DB) {
	t.Helper()
	var buf bytes.Buffer
	if err := db.Client.Schema.WriteTo(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	var changes []string
	for _, line := range strings.Split(buf.String(), "\n") {
		switch strings.TrimSpace(line) {
		case "", "BEGIN;", "COMMIT;", "PRAGMA foreign_keys = off;", "PRAGMA foreign_keys = on;":
			continue
		}
		changes = append(changes, line)
	}
	if len(changes) > 0 {
		t.Fatalf("ent/schema and the migration files differ; run `go run ./migration/generate -name NAME`. Missing:\n%s", strings.Join(changes, "\n"))
	}
}

func TestUpFromEmptyMatchesSchema(t *testing.T) {
	driver, dsn := emptyDatabase(t)
	db := open(t, driver, dsn)
	ctx := context.Background()
	applied, err := migration.Up(ctx, db.SQL, db.Dialect, quiet)
	if err != nil {
		t.Fatal(err)
	}
	sources, err := migration.List(ctx, db.SQL, db.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != len(sources) || len(applied) < 2 {
		t.Fatalf("applied %d of %d files", len(applied), len(sources))
	}
	for _, s := range sources {
		if !s.Applied {
			t.Errorf("%s not applied", s.File)
		}
	}
	assertMatchesSchema(t, db)
	assertAuditAppendOnly(t, db)
	again, err := migration.Up(ctx, db.SQL, db.Dialect, quiet)
	if err != nil || len(again) != 0 {
		t.Fatalf("second Up applied %v (err %v), want nothing", again, err)
	}
}

// assertAuditAppendOnly checks that the trigger made by the migrations refuses changes to the
// audit log.
func assertAuditAppendOnly(t *testing.T, db *database.DB) {
	t.Helper()
	ctx := context.Background()
	ph := "?"
	if db.Dialect == dialect.Postgres {
		ph = "$1"
	}
	if _, err := db.SQL.ExecContext(ctx, `INSERT INTO audit_events (seq, at, actor, actor_roles, action, entity_type, entity_id, prev_hash, hash)
		VALUES (1, `+ph+`, 'system', '[]', 'test', 'Content', 1, '', 'h')`, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL.ExecContext(ctx, `UPDATE audit_events SET actor = 'mallory'`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("update of the audit log: %v, want the append-only refusal", err)
	}
	if _, err := db.SQL.ExecContext(ctx, `DELETE FROM audit_events`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("delete from the audit log: %v, want the append-only refusal", err)
	}
}

//go:embed testdata/legacy_postgres.sql
var legacyPostgres string

//go:embed testdata/legacy_sqlite.sql
var legacySQLite string

// TestLegacyDatabaseUpgradesInPlace builds a database as the auto-migration of the previous
// release did (testdata holds the statements it ran on an empty database: ent's Schema.Create
// with WithDropIndex, then its trigger and index extras), puts rows in it, and migrates it.
func TestLegacyDatabaseUpgradesInPlace(t *testing.T) {
	driver, dsn := emptyDatabase(t)
	db := open(t, driver, dsn)
	ctx := context.Background()
	legacy := legacySQLite
	if db.Dialect == dialect.Postgres {
		legacy = legacyPostgres
	}
	if _, err := db.SQL.ExecContext(ctx, legacy); err != nil {
		t.Fatalf("legacy schema: %v", err)
	}
	ph := "?"
	if db.Dialect == dialect.Postgres {
		ph = "$1"
	}
	if _, err := db.SQL.ExecContext(ctx, `INSERT INTO accounts (created_at, updated_at, subject) VALUES (`+ph+`, `+strings.Replace(ph, "1", "2", 1)+`, 'legacy-user')`, time.Now(), time.Now()); err != nil {
		t.Fatal(err)
	}
	var n int
	// Two open reports of one piece by one reporter, as concurrent requests could leave them.
	now := time.Now()
	var contentID int64
	if err := db.SQL.QueryRowContext(ctx, `INSERT INTO contents (created_at, updated_at, kind, title, summary, hashtags, published_at)
		VALUES (`+ph+`, `+ph2(db)+`, 'ARTICLE', 'Legacy piece', 's', '[]', `+ph3(db)+`) RETURNING id`, now, now, now).Scan(&contentID); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := db.SQL.ExecContext(ctx, `INSERT INTO reports (created_at, updated_at, reason, status, priority, queue_key, reporter, content_id)
			VALUES (`+ph+`, `+ph2(db)+`, 'SPAM', 'OPEN', 10, '0|989|x', 'addr:192.0.2.7', `+ph3(db)+`)`, now, now, contentID); err != nil {
			t.Fatal(err)
		}
	}
	before := objectIDs(t, db)
	applied, err := migration.Up(ctx, db.SQL, db.Dialect, quiet)
	if err != nil {
		t.Fatalf("migrating a legacy database: %v", err)
	}
	if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM reports WHERE status = 'OPEN'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("open duplicate reports after migrating: %d (%v), want 1", n, err)
	}
	for _, a := range applied {
		if a.Version == migration.Baseline {
			t.Fatalf("the baseline ran on a legacy database")
		}
	}
	if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE subject = 'legacy-user'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("legacy row: %d (%v)", n, err)
	}
	after := map[string]bool{}
	for _, id := range objectIDs(t, db) {
		after[id] = true
	}
	for _, id := range before {
		name, _, _ := strings.Cut(id, ":")
		if droppedOnPurpose[name] {
			if after[id] {
				t.Errorf("the legacy index %s is still there after migrating", name)
			}
			continue
		}
		if !after[id] {
			t.Fatalf("migrating replaced or dropped the legacy object %s", id)
		}
	}
	pending, err := migration.Pending(ctx, db.SQL, db.Dialect)
	if err != nil || len(pending) != 0 {
		t.Fatalf("pending after Up: %v (%v)", pending, err)
	}
	assertMatchesSchema(t, db)
	assertAuditAppendOnly(t, db)
	// The app starts on it.
	startReplicas(t, driver, dsn, 1)
}

// droppedOnPurpose are the legacy objects a migration drops by design: the recency indexes of
// contents without the ID, which their twins ending with the ID replace
// (…_contents_recency_without_id_dropped.sql).
var droppedOnPurpose = map[string]bool{
	"content_status_published_at":                 true,
	"content_creator_id_status_published_at":      true,
	"content_organization_id_status_published_at": true,
	"content_kind_status_published_at":            true,
	"content_language_status_published_at":        true,
}

func ph2(db *database.DB) string {
	if db.Dialect == dialect.Postgres {
		return "$2"
	}
	return "?"
}

func ph3(db *database.DB) string {
	if db.Dialect == dialect.Postgres {
		return "$3"
	}
	return "?"
}

// objectIDs identifies the trigger, its function and the search indexes: OIDs on PostgreSQL, the
// stored definitions' row ids on SQLite. The search indexes are today's (per-language columns):
// the former simple-configuration index contents_search is replaced by a migration on purpose.
func objectIDs(t *testing.T, db *database.DB) []string {
	t.Helper()
	q := `SELECT name || ':' || rowid FROM sqlite_master WHERE type IN ('trigger', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if db.Dialect == dialect.Postgres {
		q = `SELECT 'trigger:' || oid FROM pg_trigger WHERE tgname = 'audit_events_append_only'
			UNION ALL SELECT 'function:' || oid FROM pg_proc WHERE proname = 'haven_audit_append_only'
			UNION ALL SELECT 'index:' || oid FROM pg_class WHERE relname IN ('contents_search_headline', 'contents_search_document')`
	}
	rows, err := db.SQL.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if db.Dialect == dialect.Postgres && len(out) < 2 {
		t.Fatalf("want at least the trigger and its function, got %v", out)
	}
	return out
}

// startReplicas starts n Havens on one database at once and checks that each answers /readyz
// and a query. It returns them closed.
func startReplicas(t *testing.T, driver, dsn string, n int) {
	t.Helper()
	cfg := config.Config{
		Driver: driver, DSN: dsn, ListenAddr: "127.0.0.1:0", Env: "development",
		JWT: auth.Config{Secret: apptest.Secret, RolesClaim: "roles"},
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	apps := make([]*app.App, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			apps[i], errs[i] = app.New(context.Background(), cfg, app.Options{Logger: quiet})
		}()
	}
	close(start)
	wg.Wait()
	for i, a := range apps {
		if errs[i] != nil {
			t.Fatalf("replica %d of %d did not start: %v", i+1, n, errs[i])
		}
		defer a.Close()
		rec := httptest.NewRecorder()
		a.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("replica %d not ready: %d %s", i+1, rec.Code, rec.Body)
		}
		rec = httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ contents(first: 1) { edges { node { id } } } }"}`))
		req.Header.Set("Content-Type", "application/json")
		a.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
			t.Fatalf("replica %d: query failed: %d %s", i+1, rec.Code, rec.Body)
		}
	}
}

// TestReplicasStartTogether starts three replicas at once on an empty database and then three
// more on the migrated one, several times over; every replica comes up, and starting again
// changes neither the trigger, its function nor the search index.
func TestReplicasStartTogether(t *testing.T) {
	runs := 5
	if !apptest.Postgres() {
		runs = 2
	}
	for run := range runs {
		t.Run(fmt.Sprint("run", run), func(t *testing.T) {
			driver, dsn := emptyDatabase(t)
			startReplicas(t, driver, dsn, 3)
			db := open(t, driver, dsn)
			before := objectIDs(t, db)
			startReplicas(t, driver, dsn, 3)
			if after := objectIDs(t, db); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Fatalf("a restart changed the trigger or index: %v -> %v", before, after)
			}
			assertMatchesSchema(t, db)
		})
	}
}

// TestOperatorIndexSurvivesRestart: an index an operator added by hand is not Haven's to drop.
func TestOperatorIndexSurvivesRestart(t *testing.T) {
	driver, dsn := emptyDatabase(t)
	startReplicas(t, driver, dsn, 1)
	db := open(t, driver, dsn)
	if _, err := db.SQL.Exec(`CREATE INDEX ops_contents_language ON contents (language)`); err != nil {
		t.Fatal(err)
	}
	startReplicas(t, driver, dsn, 1)
	q := `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'ops_contents_language'`
	if db.Dialect == dialect.Postgres {
		q = `SELECT count(*) FROM pg_indexes WHERE indexname = 'ops_contents_language'`
	}
	var n int
	if err := db.SQL.QueryRow(q).Scan(&n); err != nil || n != 1 {
		t.Fatalf("operator's index after restart: %d (%v)", n, err)
	}
}

package database_test

import (
	"context"
	"testing"

	"haven/apptest"
	"haven/auth"
	"haven/database"
	"haven/ent/topic"
)

// TestPreparedReadSurvivesATableChange: a marked read answers as an unmarked one, and keeps
// answering after the table it reads changes shape under its prepared statement (on PostgreSQL
// the server refuses to run such a statement; the read is then made unprepared and the statement
// forgotten). One connection, so that the second read meets the statement the first prepared.
func TestPreparedReadSurvivesATableChange(t *testing.T) {
	driver, dsn := apptest.FreshDatabase(t)
	db, err := database.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	db.SQL.SetMaxOpenConns(1)
	ctx := auth.SystemContext(context.Background())
	tp, err := db.Client.Topic.Create().SetSlug("sleep").SetName("Sleep").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	read := func(ctx context.Context) string {
		t.Helper()
		got, err := db.Client.Topic.Query().Where(topic.ID(tp.ID)).Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return got.Name
	}
	for range 3 {
		if got, want := read(database.Prepared(ctx)), read(ctx); got != want || got != "Sleep" {
			t.Fatalf("marked read %q, unmarked %q; want both Sleep", got, want)
		}
	}
	change := "ALTER TABLE topics ALTER COLUMN name TYPE text"
	if db.Dialect == "sqlite3" {
		change = "ALTER TABLE topics ADD COLUMN probe integer"
	}
	if _, err := db.SQL.ExecContext(ctx, change); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if got := read(database.Prepared(ctx)); got != "Sleep" {
			t.Fatalf("marked read after the table changed: %q, want Sleep", got)
		}
	}
}

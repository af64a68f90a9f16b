package database_test

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"haven/apptest"
	"haven/auth"
	"haven/database"
)

// describedTwice records, for every read, whether asking its result for its column types twice
// gave the same types (not built anew), before ent scans it.
type describedTwice struct {
	dialect.Driver
	reads, same int
}

func (d *describedTwice) Query(ctx context.Context, query string, args, v any) error {
	if err := d.Driver.Query(ctx, query, args, v); err != nil {
		return err
	}
	if rows, ok := v.(*entsql.Rows); ok {
		a, errA := rows.ColumnTypes()
		b, errB := rows.ColumnTypes()
		d.reads++
		if errA == nil && errB == nil && len(a) > 0 && len(a) == len(b) && a[0] == b[0] {
			d.same++
		}
	}
	return nil
}

// TestReadsDescribeTheirColumnsOnce: a read's result describes its columns once, however often
// ent asks (it asks on every row with a column it has no field for), on either database, and such
// a column still scans to its value on every row, prepared or not.
func TestReadsDescribeTheirColumnsOnce(t *testing.T) {
	driver, dsn := apptest.FreshDatabase(t)
	spy := &describedTwice{}
	db, err := database.Open(driver, dsn, database.WithDriver(func(d dialect.Driver) dialect.Driver {
		spy.Driver = d
		return spy
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx := auth.SystemContext(context.Background())
	for _, slug := range []string{"sleep", "grief", "anxiety"} {
		if _, err := db.Client.Topic.Create().SetSlug(slug).SetName(slug).Save(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for _, read := range []context.Context{ctx, database.Prepared(ctx)} {
		spy.reads, spy.same = 0, 0
		topics, err := db.Client.Topic.Query().Modify(func(s *entsql.Selector) {
			s.AppendSelectExprAs(entsql.Expr("upper("+s.C("slug")+")"), "shout")
		}).All(read)
		if err != nil {
			t.Fatal(err)
		}
		if len(topics) != 3 {
			t.Fatalf("%d topics, want 3", len(topics))
		}
		for _, tp := range topics {
			v, err := tp.Value("shout")
			if err != nil {
				t.Fatal(err)
			}
			if got, ok := database.Text(v); !ok || got == "" || got != upperASCII(tp.Slug) {
				t.Errorf("topic %s: computed column %v (%T)", tp.Slug, v, v)
			}
		}
		if spy.reads != 1 || spy.same != 1 {
			t.Errorf("%d reads, %d described once; want 1 and 1", spy.reads, spy.same)
		}
	}
}

func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

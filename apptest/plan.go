package apptest

import (
	"database/sql"
	"strings"
	"testing"
)

// SQLitePlan returns SQLite's EXPLAIN QUERY PLAN of query, one step a line. Unbound parameters
// count as NULL (args may be shorter than the query's placeholders only when nil is meant).
func SQLitePlan(t testing.TB, db *sql.DB, query string, args ...any) string {
	t.Helper()
	if n := strings.Count(query, "?"); len(args) == 0 && n > 0 {
		args = make([]any, n)
	}
	rows, err := db.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatalf("explain %s: %v", query, err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "\n")
}

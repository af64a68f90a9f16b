package database_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"haven/apptest"
)

// After Optimize, SQLite looks a page up by its IDs even with the privacy rule's status predicate
// beside them, rather than walking every live row in the status index.
func TestOptimizeLetsPagesBeReadByID(t *testing.T) {
	h := apptest.New(t)
	for i := range 200 {
		h.Content(fmt.Sprint("Piece ", i)).Create()
	}
	if err := h.DB.Optimize(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	if h.DB.Dialect != dialect.SQLite {
		return // Optimize does nothing on PostgreSQL; autovacuum keeps its statistics
	}
	p := apptest.SQLitePlan(t, h.DB.SQL, `SELECT id, title FROM contents WHERE status = 'LIVE' AND id IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21)`)
	if !strings.Contains(p, "INTEGER PRIMARY KEY") {
		t.Errorf("a page by ID is not looked up by ID:\n%s", p)
	}
}

package database_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"

	"haven/apptest"
	"haven/database"
)

// TestPoolKeepsConcurrentReadersConnections: after eight readers held connections at once (the
// load tool's clients), the pool keeps all eight idle rather than closing all but two and opening
// them again for the next burst.
func TestPoolKeepsConcurrentReadersConnections(t *testing.T) {
	driver, dsn := apptest.FreshDatabase(t)
	db, err := database.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	for range 3 {
		conns := make([]*sql.Conn, 8)
		for i := range conns {
			if conns[i], err = db.SQL.Conn(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		for _, c := range conns {
			wg.Go(func() {
				var one int
				if err := c.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
					t.Error(err)
				}
				_ = c.Close()
			})
		}
		wg.Wait()
	}
	st := db.SQL.Stats()
	if st.MaxIdleClosed != 0 || st.Idle != 8 || st.OpenConnections != 8 {
		t.Fatalf("pool after three bursts of 8: %d idle of %d open, %d closed for lack of idle room; want 8 of 8, none closed",
			st.Idle, st.OpenConnections, st.MaxIdleClosed)
	}
}

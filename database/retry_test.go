package database_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"haven/apptest"
	"haven/database"
	"haven/ent"
)

// TestDeadlockedTransactionIsRetried: two transactions lock two rows in opposite orders, so
// PostgreSQL aborts one as a deadlock victim; WithTx runs it again and both succeed. Repeated.
func TestDeadlockedTransactionIsRetried(t *testing.T) {
	if !apptest.Postgres() {
		t.Skip("PostgreSQL only: SQLite runs one writer at a time and cannot deadlock")
	}
	h := apptest.New(t)
	a, b := h.Account("deadlock-a").ID, h.Account("deadlock-b").ID
	for round := range 5 {
		var attempts atomic.Int32
		var firstLocks sync.WaitGroup
		firstLocks.Add(2)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, order := range [][2]int{{a, b}, {b, a}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var once sync.Once
				errs[i] = database.WithTx(context.Background(), h.Client(), func(ctx context.Context, tx *ent.Tx) error {
					attempts.Add(1)
					if _, err := tx.ExecContext(ctx, `UPDATE accounts SET display_name = 'x' WHERE id = $1`, order[0]); err != nil {
						return err
					}
					once.Do(func() { firstLocks.Done(); firstLocks.Wait() }) // both hold their first row
					_, err := tx.ExecContext(ctx, `UPDATE accounts SET display_name = 'y' WHERE id = $1`, order[1])
					return err
				})
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: transaction %d: %v", round, i, err)
			}
		}
		if attempts.Load() < 3 {
			t.Fatalf("round %d: %d attempts; the deadlock did not happen, so the test proves nothing", round, attempts.Load())
		}
	}
}

// TestRawSQLThroughTheWrappers: the driver wrappers keep ent's raw-SQL methods, in and out of a
// transaction, on both databases.
func TestRawSQLThroughTheWrappers(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	if _, err := h.Client().ExecContext(ctx, `UPDATE accounts SET display_name = 'raw' WHERE id = -1`); err != nil {
		t.Fatalf("client ExecContext: %v", err)
	}
	rows, err := h.Client().QueryContext(ctx, `SELECT 1`)
	if err != nil {
		t.Fatalf("client QueryContext: %v", err)
	}
	rows.Close()
	err = database.WithTx(ctx, h.Client(), func(ctx context.Context, tx *ent.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET display_name = 'raw' WHERE id = -1`); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT 1`)
		if err != nil {
			return err
		}
		return rows.Close()
	})
	if err != nil {
		t.Fatalf("in a transaction: %v", err)
	}
}

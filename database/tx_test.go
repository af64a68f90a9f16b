package database_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"haven/apptest"
	"haven/auth"
	"haven/database"
	"haven/ent"
	"haven/ent/topic"
)

// open returns a migrated database of the kind the tests run on (see apptest).
func open(t *testing.T) *database.DB {
	t.Helper()
	driver, dsn := apptest.FreshDatabase(t)
	db, err := database.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// addTopic writes a topic in the transaction ctx carries and registers an effect that records,
// when it runs, whether the topic is visible outside that transaction.
func addTopic(t *testing.T, ctx context.Context, db *database.DB, slug string, ran *[]string) error {
	t.Helper()
	tx := ent.TxFromContext(ctx)
	if err := tx.Topic.Create().SetSlug(slug).SetName(slug).Exec(ctx); err != nil {
		return err
	}
	database.AfterCommit(ctx, func(ectx context.Context) {
		if ent.TxFromContext(ectx) != nil {
			t.Errorf("effect of %s runs with a transaction in its context", slug)
		}
		// A read on the root client, from another connection, sees the change only once it
		// has committed.
		n, err := db.Client.Topic.Query().Where(topic.Slug(slug)).Count(auth.SystemContext(context.Background()))
		if err != nil || n != 1 {
			t.Errorf("effect of %s ran before its change was committed: %d rows, %v", slug, n, err)
		}
		*ran = append(*ran, slug)
	})
	return nil
}

func TestAfterCommit(t *testing.T) {
	db := open(t)
	ctx := auth.SystemContext(context.Background())
	errAbort := errors.New("abort")

	t.Run("runs once, after the commit, in order", func(t *testing.T) {
		var ran []string
		err := database.WithTx(ctx, db.Client, func(ctx context.Context, _ *ent.Tx) error {
			if err := addTopic(t, ctx, db, "first", &ran); err != nil {
				return err
			}
			if len(ran) != 0 {
				t.Errorf("effects ran inside the transaction: %v", ran)
			}
			return addTopic(t, ctx, db, "second", &ran)
		})
		if err != nil || len(ran) != 2 || ran[0] != "first" || ran[1] != "second" {
			t.Fatalf("ran %v, err %v; want [first second]", ran, err)
		}
	})

	t.Run("never on rollback", func(t *testing.T) {
		var ran []string
		err := database.WithTx(ctx, db.Client, func(ctx context.Context, _ *ent.Tx) error {
			if err := addTopic(t, ctx, db, "rolled-back", &ran); err != nil {
				return err
			}
			return errAbort
		})
		if !errors.Is(err, errAbort) || len(ran) != 0 {
			t.Fatalf("ran %v, err %v; want nothing", ran, err)
		}
	})

	t.Run("never when a panic rolls back", func(t *testing.T) {
		var ran []string
		func() {
			defer func() { _ = recover() }()
			_ = database.WithTx(ctx, db.Client, func(ctx context.Context, _ *ent.Tx) error {
				if err := addTopic(t, ctx, db, "panicked", &ran); err != nil {
					return err
				}
				panic("boom")
			})
		}()
		if len(ran) != 0 {
			t.Fatalf("ran %v; want nothing", ran)
		}
	})

	t.Run("a joined transaction waits for the outer commit", func(t *testing.T) {
		var ran []string
		err := database.WithTx(ctx, db.Client, func(ctx context.Context, _ *ent.Tx) error {
			if err := database.WithTx(ctx, db.Client, func(ctx context.Context, _ *ent.Tx) error {
				return addTopic(t, ctx, db, "inner", &ran)
			}); err != nil {
				return err
			}
			if len(ran) != 0 {
				t.Errorf("the inner step's effect ran before the outer commit: %v", ran)
			}
			return errAbort
		})
		if !errors.Is(err, errAbort) || len(ran) != 0 {
			t.Fatalf("ran %v, err %v; want nothing after the outer rollback", ran, err)
		}
	})

	t.Run("a transaction begun without WithTx", func(t *testing.T) {
		for _, commit := range []bool{true, false} {
			var ran []string
			tx, err := db.Client.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			slug := map[bool]string{true: "plain-commit", false: "plain-rollback"}[commit]
			if err := addTopic(t, ent.NewTxContext(ctx, tx), db, slug, &ran); err != nil {
				t.Fatal(err)
			}
			if commit {
				err = tx.Commit()
			} else {
				err = tx.Rollback()
			}
			if err != nil || len(ran) != map[bool]int{true: 1, false: 0}[commit] {
				t.Fatalf("commit=%v: ran %v, err %v", commit, ran, err)
			}
		}
	})

	t.Run("without a transaction, at once", func(t *testing.T) {
		n := 0
		database.AfterCommit(ctx, func(context.Context) { n++ })
		if n != 1 {
			t.Fatalf("ran %d times; want 1", n)
		}
	})
}

// TestAfterCommitOnce: work registered once per key runs once per transaction and key, after the
// commit, in the place of its first registration; a joined step shares the outer keys; nothing
// runs on rollback; without a transaction each call runs at once.
func TestAfterCommitOnce(t *testing.T) {
	db := open(t)
	ctx := auth.SystemContext(context.Background())
	errAbort := errors.New("abort")
	type key string
	for _, commit := range []bool{true, false} {
		var ran []string
		err := database.WithTx(ctx, db.Client, func(ctx context.Context, _ *ent.Tx) error {
			for range 3 {
				database.AfterCommitOnce(ctx, key("a"), func(context.Context) { ran = append(ran, "a") })
			}
			database.AfterCommit(ctx, func(context.Context) { ran = append(ran, "plain") })
			// A joined step shares the outer transaction's keys.
			if err := database.WithTx(ctx, db.Client, func(ctx context.Context, _ *ent.Tx) error {
				database.AfterCommitOnce(ctx, key("a"), func(context.Context) { ran = append(ran, "a again") })
				database.AfterCommitOnce(ctx, key("b"), func(context.Context) { ran = append(ran, "b") })
				return nil
			}); err != nil {
				return err
			}
			if !commit {
				return errAbort
			}
			return nil
		})
		want := map[bool]string{true: "[a plain b]", false: "[]"}[commit]
		if got := fmt.Sprint(ran); got != want || (err != nil) == commit {
			t.Fatalf("commit=%v: ran %s, err %v; want %s", commit, got, err, want)
		}
	}
	n := 0
	database.AfterCommitOnce(ctx, key("a"), func(context.Context) { n++ })
	database.AfterCommitOnce(ctx, key("a"), func(context.Context) { n++ })
	if n != 2 {
		t.Fatalf("without a transaction: ran %d times; want 2 (each write is its own commit)", n)
	}
}

package database

import (
	"context"
	"strings"
	"sync"

	"entgo.io/ent/dialect"
)

// singleWriter serializes the writes of one process to an SQLite database: a transaction (every
// one begins IMMEDIATE, taking SQLite's write lock) or a write statement outside one waits for
// its turn here, in order and for as long as its context allows, instead of in SQLite's busy
// handler, which polls, is unfair under load and gives up with SQLITE_BUSY after busy_timeout.
// Readers are not serialized: under WAL they never wait for the writer. A SQLite database
// serves one Haven process, so an in-process turn is the whole of the writers.
type singleWriter struct {
	dialect.Driver
	turn chan struct{} // holds one token while a writer runs
}

func newSingleWriter(drv dialect.Driver) *singleWriter {
	return &singleWriter{Driver: drv, turn: make(chan struct{}, 1)}
}

func (d *singleWriter) acquire(ctx context.Context) error {
	select {
	case d.turn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (d *singleWriter) release() { <-d.turn }

// Tx waits for the writer's turn and holds it until the transaction ends.
func (d *singleWriter) Tx(ctx context.Context) (dialect.Tx, error) {
	if err := d.acquire(ctx); err != nil {
		return nil, err
	}
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		d.release()
		return nil, err
	}
	return &turnTx{Tx: tx, release: sync.OnceFunc(d.release)}, nil
}

// Exec runs a statement outside a transaction: a write, so it takes the turn.
func (d *singleWriter) Exec(ctx context.Context, query string, args, v any) error {
	if err := d.acquire(ctx); err != nil {
		return err
	}
	defer d.release()
	return d.Driver.Exec(ctx, query, args, v)
}

// Query takes the turn for a write that returns rows (INSERT ... RETURNING). Its result
// describes its columns once (typesOnce).
func (d *singleWriter) Query(ctx context.Context, query string, args, v any) error {
	if isWrite(query) {
		if err := d.acquire(ctx); err != nil {
			return err
		}
		defer d.release()
	}
	if err := d.Driver.Query(ctx, query, args, v); err != nil {
		return err
	}
	typesOnce(ctx, v)
	return nil
}

func isWrite(query string) bool {
	q := strings.TrimSpace(query)
	if len(q) > 8 {
		q = q[:8]
	}
	q = strings.ToUpper(q)
	for _, w := range []string{"INSERT", "UPDATE", "DELETE", "REPLACE"} {
		if strings.HasPrefix(q, w) {
			return true
		}
	}
	return false
}

// turnTx gives the writer's turn back when the transaction commits or rolls back.
type turnTx struct {
	dialect.Tx
	release func()
}

func (t *turnTx) Commit() error {
	defer t.release()
	return t.Tx.Commit()
}

func (t *turnTx) Rollback() error {
	defer t.release()
	return t.Tx.Rollback()
}

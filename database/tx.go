package database

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"haven/ent"
)

// withTxOnce runs fn in a transaction and commits when fn returns nil (WithTx runs it again
// when PostgreSQL aborted it as a deadlock victim). The context handed to fn carries the
// transaction (ent.TxFromContext), so code below it joins it, and collects the work registered
// with AfterCommit, which runs once the commit has succeeded (so a retried attempt's effects
// never run). When ctx already carries a transaction, fn runs inside that one and its
// after-commit work waits for that one's commit.
func withTxOnce(ctx context.Context, client *ent.Client, fn func(ctx context.Context, tx *ent.Tx) error) (err error) {
	if tx := ent.TxFromContext(ctx); tx != nil {
		return fn(ctx, tx)
	}
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	pending := &afterCommit{tx: tx}
	txCtx := context.WithValue(ent.NewTxContext(ctx, tx), afterCommitKey{}, pending)
	if err = fn(txCtx, tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			err = errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	pending.run(ctx)
	return nil
}

// AfterCommit registers f to run once the transaction carried by ctx has committed: never when
// it rolls back, and never while it is open, so f may be slow or talk to other systems without
// holding locks. Effects run in the order they were registered, on the goroutine that committed,
// with the context the transaction was begun with (it carries no transaction: f's own database
// work runs on its own). f cannot fail the change, which is already durable; it handles its own
// errors.
//
// Called without a transaction in ctx, f runs at once: the statement before it has already
// committed on its own. A transaction Haven did not begin through WithTx gets f through ent's
// commit hook, which also runs after the commit.
//
// This is the one place for work that must follow a change and must not happen without it:
// notices to subscribers, cache invalidation, metrics, notifications, webhooks.
func AfterCommit(ctx context.Context, f func(ctx context.Context)) {
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		f(ctx)
		return
	}
	if p, _ := ctx.Value(afterCommitKey{}).(*afterCommit); p != nil && p.tx == tx {
		p.add(f)
		return
	}
	base := ent.NewTxContext(ctx, nil)
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			err := next.Commit(ctx, tx)
			if err == nil {
				f(base)
			}
			return err
		})
	})
}

// AfterCommitOnce is AfterCommit for work that one run covers however many changes of the
// transaction asked for it, such as invalidating a cache: f runs once per key in a transaction
// Haven began through WithTx (the first f registered for the key, in its place in the order).
// In a transaction begun elsewhere it runs once per call, which is merely redundant.
func AfterCommitOnce(ctx context.Context, key any, f func(ctx context.Context)) {
	if p, _ := ctx.Value(afterCommitKey{}).(*afterCommit); p != nil && p.tx == ent.TxFromContext(ctx) {
		p.addOnce(key, f)
		return
	}
	AfterCommit(ctx, f)
}

type afterCommitKey struct{}

// afterCommit is the work registered in one transaction.
type afterCommit struct {
	tx      *ent.Tx
	mu      sync.Mutex
	effects []func(context.Context)
	keys    map[any]bool // the keys of AfterCommitOnce already registered
}

func (p *afterCommit) add(f func(context.Context)) {
	p.mu.Lock()
	p.effects = append(p.effects, f)
	p.mu.Unlock()
}

func (p *afterCommit) addOnce(key any, f func(context.Context)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.keys[key] {
		return
	}
	if p.keys == nil {
		p.keys = map[any]bool{}
	}
	p.keys[key] = true
	p.effects = append(p.effects, f)
}

func (p *afterCommit) run(ctx context.Context) {
	p.mu.Lock()
	effects := p.effects
	p.effects = nil
	p.mu.Unlock()
	for _, f := range effects {
		f(ctx)
	}
}

// Detach returns e bound to the root client once the transaction that loaded it has committed,
// so that edges resolved later (while writing the GraphQL response) do not run on a closed
// transaction. Called inside an outer transaction, it leaves e bound to that one.
func Detach[T interface{ Unwrap() T }](ctx context.Context, e T, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	if ent.TxFromContext(ctx) != nil {
		return e, nil
	}
	return e.Unwrap(), nil
}

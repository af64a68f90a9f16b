package respcache

import (
	"context"
	"sync"

	"haven/ent"
)

// Invalidator is told, after a write commits, that what anonymous readers see may have changed.
// The cache's own Bump is one; the application adds the message to other replicas.
type Invalidator interface {
	DataChanged(ctx context.Context)
}

// InvalidatorFunc adapts a function to Invalidator.
type InvalidatorFunc func(ctx context.Context)

// DataChanged calls f.
func (f InvalidatorFunc) DataChanged(ctx context.Context) { f(ctx) }

// private are the entity types an anonymous reader never sees, so writing them leaves every
// public answer as it was: the audit log, reports (anonymous reports must not empty the cache on
// a busy day), submissions (drafts and the review queue; publishing writes the Content) and
// accounts (created on a viewer's first signed-in request).
var private = map[string]bool{
	ent.TypeAuditEvent: true,
	ent.TypeReport:     true,
	ent.TypeSubmission: true,
	ent.TypeAccount:    true,
}

// Hook returns an ent hook that tells inv after every successful mutation of a public entity:
// once its transaction commits (once per transaction), or at once outside a transaction. A
// rolled-back transaction tells nothing. Install it with client.Use; it covers every write path
// (workflow, hub pages, profiles, topics, credentials, scheduler) because all of them write
// through ent.
func Hook(inv Invalidator) ent.Hook {
	var pending sync.Map // *ent.Tx -> struct{}: transactions that will tell on commit
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil || private[m.Type()] {
				return v, err
			}
			txm, ok := m.(interface{ Tx() (*ent.Tx, error) })
			if !ok {
				inv.DataChanged(ctx)
				return v, err
			}
			tx, terr := txm.Tx()
			if terr != nil { // not in a transaction: the write is already visible
				inv.DataChanged(ctx)
				return v, err
			}
			// Register once per transaction when the context names it (database.WithTx does);
			// otherwise once per mutation, which is merely redundant.
			if ctxTx := ent.TxFromContext(ctx); ctxTx != nil {
				if _, loaded := pending.LoadOrStore(ctxTx, struct{}{}); loaded {
					return v, err
				}
				defer func(key *ent.Tx) {
					tx.OnRollback(func(next ent.Rollbacker) ent.Rollbacker {
						return ent.RollbackFunc(func(ctx context.Context, t *ent.Tx) error {
							pending.Delete(key)
							return next.Rollback(ctx, t)
						})
					})
					tx.OnCommit(func(next ent.Committer) ent.Committer {
						return ent.CommitFunc(func(ctx context.Context, t *ent.Tx) error {
							pending.Delete(key)
							return next.Commit(ctx, t)
						})
					})
				}(ctxTx)
			}
			tx.OnCommit(func(next ent.Committer) ent.Committer {
				return ent.CommitFunc(func(cctx context.Context, t *ent.Tx) error {
					err := next.Commit(cctx, t)
					if err == nil {
						inv.DataChanged(context.WithoutCancel(ctx))
					}
					return err
				})
			})
			return v, err
		})
	}
}

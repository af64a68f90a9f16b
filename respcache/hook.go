package respcache

import (
	"context"

	"haven/database"
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
// a busy day), submissions (drafts and the review queue; publishing writes the Content),
// accounts (created on a viewer's first signed-in request), and what the background jobs write
// while nobody publishes — notifications and their read marks (signed-in inboxes; the hourly
// pruning deletes them) and webhook endpoints and deliveries (for admins; the worker claims and
// records deliveries every few seconds while an endpoint retries).
var private = map[string]bool{
	ent.TypeAuditEvent:       true,
	ent.TypeReport:           true,
	ent.TypeSubmission:       true,
	ent.TypeAccount:          true,
	ent.TypeNotification:     true,
	ent.TypeNotificationRead: true,
	ent.TypeWebhookEndpoint:  true,
	ent.TypeWebhookDelivery:  true,
}

// Hook returns an ent hook that tells inv after every successful mutation of a public entity:
// once its transaction commits (once per transaction begun through database.WithTx), or at once
// outside a transaction. A rolled-back transaction tells nothing. The telling is registered with
// database.AfterCommit, Haven's one mechanism for work that follows a commit. Install the hook
// with client.Use; it covers every write path (workflow, hub pages, profiles, topics,
// credentials, scheduler) because all of them write through ent.
func Hook(inv Invalidator) ent.Hook {
	key := new(byte) // this hook's invalidation, registered once per transaction
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil || private[m.Type()] {
				return v, err
			}
			// A write outside a transaction is already visible. One inside a transaction that
			// ctx does not name (through tx.Client() with a plain context) waits for that one.
			var tx *ent.Tx
			if txm, ok := m.(interface{ Tx() (*ent.Tx, error) }); ok {
				tx, _ = txm.Tx()
			}
			if tx == nil || ent.TxFromContext(ctx) == nil {
				ctx = ent.NewTxContext(ctx, tx)
			}
			database.AfterCommitOnce(ctx, key, inv.DataChanged)
			return v, err
		})
	}
}

package dimcache

import (
	"context"

	"haven/ent"
)

// Hook returns an ent hook that ends the cache's generation after every successful write of a
// creator, an organization or a topic: when its transaction commits, or at once outside a transaction.
// Install it with client.Use; every write path (profiles, credential verification, seeding)
// writes through ent. Other replicas learn of the write through the data-change notices.
//
// This is the one after-commit effect that does not go through database.AfterCommit, on purpose:
// the response cache's bump is registered there, and this cache must be emptied before that bump
// runs, or a reader in between would build a fresh answer from stale profiles and the response
// cache would keep it. ent's commit hook runs inside Commit, before any AfterCommit effect.
func Hook(c *Cache) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil || (m.Type() != ent.TypeCreator && m.Type() != ent.TypeOrganization && m.Type() != ent.TypeTopic) {
				return v, err
			}
			if txm, ok := m.(interface{ Tx() (*ent.Tx, error) }); ok {
				if tx, terr := txm.Tx(); terr == nil {
					tx.OnCommit(func(next ent.Committer) ent.Committer {
						return ent.CommitFunc(func(ctx context.Context, t *ent.Tx) error {
							err := next.Commit(ctx, t)
							c.Bump() // committed or not: a bump is never wrong
							return err
						})
					})
					return v, err
				}
			}
			c.Bump()
			return v, err
		})
	}
}

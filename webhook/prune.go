package webhook

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect/sql"

	"haven/database"
	"haven/ent"
	"haven/ent/webhookdelivery"
)

// DefaultRetention is how long a finished delivery is kept when WEBHOOK_DELIVERY_RETENTION is
// not set.
const DefaultRetention = 30 * 24 * time.Hour

// PruneInterval is how often each replica's worker deletes the deliveries past the retention.
const PruneInterval = time.Hour

// DefaultPruneBatch is how many deliveries one DELETE removes at most.
const DefaultPruneBatch = 500

func (s *Service) retention() time.Duration {
	if s.Retention > 0 {
		return s.Retention
	}
	return DefaultRetention
}

func (s *Service) pruneBatch() int {
	if s.PruneBatch > 0 {
		return s.PruneBatch
	}
	return DefaultPruneBatch
}

// Pruned counts what one Prune removed, and in how many statements.
type Pruned struct {
	Deliveries, Batches int
}

// Prune deletes the deliveries that finished longer ago than the retention: DELIVERED ones
// delivered before the cut, FAILED ones whose last attempt was before it. PENDING deliveries,
// first attempts and retries alike, are never deleted. It deletes in batches of at most
// PruneBatch rows, each its own short transaction, so neither database holds a lock on the
// table for long and the delivery worker (or, on SQLite, any writer) gets in between batches.
// Every replica may prune at once: deleting what another already deleted changes nothing.
func (s *Service) Prune(ctx context.Context) (Pruned, error) {
	ctx = system(ctx)
	var out Pruned
	cut := s.Clock.Now().Add(-s.retention())
	limit := s.pruneBatch()
	for {
		var n int
		err := database.WithTx(ctx, s.Client, func(ctx context.Context, tx *ent.Tx) error {
			var err error
			n, err = tx.WebhookDelivery.Delete().Where(finishedBefore(cut, limit)).Exec(ctx)
			return err
		})
		if err != nil {
			return out, fmt.Errorf("webhook: prune deliveries: %w", err)
		}
		out.Batches++
		out.Deliveries += n
		if n < limit || ctx.Err() != nil {
			return out, ctx.Err()
		}
	}
}

// finishedBefore selects at most limit deliveries that finished before cut, as
// "id IN (SELECT id ... LIMIT n)": SQLite and PostgreSQL both take it, where DELETE ... LIMIT is
// SQLite's alone. A finished delivery's next_attempt_at is the end of the lease of its last
// attempt (a little after that attempt and its outcome), so bounding it too lets the
// (status, next_attempt_at) index find the rows; one that finished just before the cut goes at
// the next prune.
func finishedBefore(cut time.Time, limit int) func(*sql.Selector) {
	return func(s *sql.Selector) {
		t := sql.Table(webhookdelivery.Table).As("finished")
		old := sql.Dialect(s.Dialect()).Select(t.C(webhookdelivery.FieldID)).From(t).Where(sql.And(
			sql.In(t.C(webhookdelivery.FieldStatus), string(webhookdelivery.StatusDELIVERED), string(webhookdelivery.StatusFAILED)),
			sql.LT(t.C(webhookdelivery.FieldNextAttemptAt), cut),
			sql.Or(
				sql.And(sql.EQ(t.C(webhookdelivery.FieldStatus), string(webhookdelivery.StatusDELIVERED)),
					sql.LT(t.C(webhookdelivery.FieldDeliveredAt), cut)),
				sql.And(sql.EQ(t.C(webhookdelivery.FieldStatus), string(webhookdelivery.StatusFAILED)),
					sql.LT(t.C(webhookdelivery.FieldLastAttemptAt), cut)),
			),
		)).Limit(limit)
		s.Where(sql.In(s.C(webhookdelivery.FieldID), old))
	}
}

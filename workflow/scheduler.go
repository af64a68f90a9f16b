package workflow

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"haven/auth"
	"haven/clock"
	"haven/database"
	"haven/ent"
	"haven/ent/submission"
	"haven/observe"
)

// PublishDue publishes every scheduled revision whose time has come and returns how many it
// published. Every replica runs it: on PostgreSQL each due row is claimed with FOR UPDATE SKIP
// LOCKED, and the move re-checks status and version inside the transaction, so each item is
// published exactly once. Items that fell due while no replica ran are published on the next
// run.
func (w *Service) PublishDue(ctx context.Context) (int, error) {
	ctx = auth.SystemContext(ctx)
	published := 0
	for {
		var did bool
		err := database.WithTx(ctx, w.client, func(ctx context.Context, tx *ent.Tx) error {
			if err := w.audit.Lock(ctx, tx); err != nil { // before any row, as every workflow transaction
				return err
			}
			q := tx.Submission.Query().
				Where(submission.StatusEQ(Scheduled), submission.PublishAtLTE(w.clock.Now())).
				Order(ent.Asc(submission.FieldPublishAt), ent.Asc(submission.FieldID)).Limit(1)
			if w.audit.Dialect == dialect.Postgres {
				q.ForUpdate(sql.WithLockAction(sql.SkipLocked))
			}
			due, err := q.All(ctx)
			if err != nil || len(due) == 0 {
				return err
			}
			s := due[0]
			if err := w.publishable(ctx, tx, s, true); err != nil {
				// Its content came down, went offline or moved on after it was scheduled: it goes
				// back to APPROVED, not live.
				_, err := w.move(ctx, cancelSchedule(s.ID, s.Version, err.Error()))
				did = err == nil
				return err
			}
			if _, err := w.move(ctx, step{action: PublishDue, id: s.ID, expectedVersion: s.Version,
				apply: func(_ context.Context, _ *ent.Tx, s *ent.Submission, u *ent.SubmissionUpdateOne) error {
					u.SetPublishedAt(deref(s.PublishAt))
					return nil
				},
				after: w.goLive}); err != nil {
				return err
			}
			did = true
			return nil
		})
		if err != nil {
			return published, fmt.Errorf("publish due: %w", err)
		}
		if !did {
			return published, nil
		}
		published++
	}
}

// RunScheduler runs PublishDue now and then every interval until ctx ends.
func (w *Service) RunScheduler(ctx context.Context, every time.Duration, onErr func(error)) {
	clock.Every(ctx, every, func(ctx context.Context) {
		n, err := w.PublishDue(ctx)
		observe.SchedulerRun(n, err)
		if err != nil && ctx.Err() == nil && onErr != nil {
			onErr(err)
		}
	})
}

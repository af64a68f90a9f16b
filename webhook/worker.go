package webhook

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"haven/clock"
	"haven/database"
	"haven/ent"
	"haven/ent/webhookdelivery"
	"haven/ent/webhookendpoint"
)

// Batch is how many due deliveries one worker takes at a time.
const Batch = 20

// parallel is how many of a batch's deliveries one worker posts at once.
const parallel = 4

// leaseMargin is added to the attempt timeout to make a worker's lease on the deliveries it took:
// until the lease ends no other worker takes them, and an attempt cannot outlast it.
const leaseMargin = 30 * time.Second

// claimed is a delivery a worker took, with what it needs to send it.
type claimed struct {
	d        *ent.WebhookDelivery
	url      string
	secret   string
	attempts int // the attempts count this worker set when it took it: its fencing token
}

// Run delivers until ctx ends: at once, whenever this replica records an event (Wake), and
// every poll interval for the events other replicas recorded and the retries that fell due.
// Beside it, it prunes finished deliveries past the retention, at once and then every
// PruneInterval, so a long prune never holds deliveries up. onError hears errors (the loops carry
// on; it may be called from both at once). Run returns once both have stopped.
func (s *Service) Run(ctx context.Context, poll time.Duration, onError func(error)) {
	if s.wake == nil {
		s.wake = make(chan struct{}, 1)
	}
	var pruner sync.WaitGroup
	pruner.Add(1)
	go func() {
		defer pruner.Done()
		s.runPruner(ctx, onError)
	}()
	defer pruner.Wait()
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		for {
			n, err := s.RunOnce(ctx)
			if err != nil && ctx.Err() == nil {
				onError(err)
			}
			if err != nil || n < Batch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake:
		}
	}
}

// runPruner prunes at once and then every PruneInterval until ctx ends.
func (s *Service) runPruner(ctx context.Context, onError func(error)) {
	clock.Every(ctx, PruneInterval, func(ctx context.Context) {
		if _, err := s.Prune(ctx); err != nil && ctx.Err() == nil {
			onError(err)
		}
	})
}

// EnableWake makes Wake signal this Service's Run loop; Run enables it too, but a caller that
// starts Run on a goroutine calls this first so no wake-up is lost in between.
func (s *Service) EnableWake() {
	if s.wake == nil {
		s.wake = make(chan struct{}, 1)
	}
}

// RunOnce takes the deliveries that are due (at most Batch), posts them and records each
// outcome. It returns how many it took.
func (s *Service) RunOnce(ctx context.Context) (int, error) {
	ctx = system(ctx)
	batch, err := s.claim(ctx)
	if err != nil || len(batch) == 0 {
		return 0, err
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		sem  = make(chan struct{}, parallel)
	)
	for _, c := range batch {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := s.deliver(ctx, c); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		return len(batch), fmt.Errorf("webhook: %d of %d deliveries not recorded: %w", len(errs), len(batch), errs[0])
	}
	return len(batch), nil
}

func (s *Service) lease() time.Duration {
	t := s.Timeout
	if t <= 0 {
		t = 10 * time.Second
	}
	return t + leaseMargin
}

// claim takes the due deliveries of enabled endpoints in one short transaction, moving each a
// lease ahead and counting the attempt, so no other worker takes them while this one sends. On
// PostgreSQL the rows are locked FOR UPDATE SKIP LOCKED, so two replicas claiming at once take
// different rows; on SQLite the transaction is the single writer (IMMEDIATE), which serializes
// claims anyway.
func (s *Service) claim(ctx context.Context) ([]claimed, error) {
	var out []claimed
	err := database.WithTx(ctx, s.Client, func(ctx context.Context, tx *ent.Tx) error {
		out = out[:0]
		now := s.Clock.Now()
		q := tx.WebhookDelivery.Query().
			Where(webhookdelivery.StatusEQ(webhookdelivery.StatusPENDING), webhookdelivery.NextAttemptAtLTE(now),
				webhookdelivery.HasEndpointWith(webhookendpoint.Enabled(true))).
			Order(ent.Asc(webhookdelivery.FieldNextAttemptAt), ent.Asc(webhookdelivery.FieldID)).Limit(Batch)
		if s.Dialect == dialect.Postgres {
			q.ForUpdate(entsql.WithLockAction(entsql.SkipLocked), entsql.WithLockTables(webhookdelivery.Table))
		}
		ds, err := q.All(ctx)
		if err != nil {
			return fmt.Errorf("webhook: claim: %w", err)
		}
		if len(ds) == 0 {
			return nil
		}
		ids := make([]int, len(ds))
		for i, d := range ds {
			ids[i] = d.EndpointID
		}
		eps, err := tx.WebhookEndpoint.Query().Where(webhookendpoint.IDIn(ids...)).All(ctx)
		if err != nil {
			return fmt.Errorf("webhook: claim endpoints: %w", err)
		}
		byID := make(map[int]*ent.WebhookEndpoint, len(eps))
		for _, ep := range eps {
			byID[ep.ID] = ep
		}
		for _, d := range ds {
			ep := byID[d.EndpointID]
			u := tx.WebhookDelivery.UpdateOne(d).AddAttempts(1).SetNextAttemptAt(now.Add(s.lease())).SetLastAttemptAt(now)
			if d.Attempts == 0 {
				// A first publication's content did not exist when its event was recorded.
				if body, changed, err := completeContentID(ctx, tx.Client(), d.Payload); err != nil {
					return fmt.Errorf("webhook: complete payload of %d: %w", d.ID, err)
				} else if changed {
					u.SetPayload(body)
					d.Payload = body
				}
			}
			if err := u.Exec(ctx); err != nil {
				return fmt.Errorf("webhook: claim %d: %w", d.ID, err)
			}
			out = append(out, claimed{d: d, url: ep.URL, secret: ep.Secret, attempts: d.Attempts + 1})
		}
		return nil
	})
	return out, err
}

// deliver posts one claimed delivery and records the outcome.
func (s *Service) deliver(ctx context.Context, c claimed) error {
	at := s.Clock.Now()
	body := []byte(c.d.Payload)
	var res attemptResult
	h, err := headers(c.secret, c.d.MessageID, at, body)
	if err != nil {
		res = attemptResult{code: "BAD_SECRET"}
	} else {
		actx, cancel := context.WithTimeout(ctx, s.lease()-leaseMargin)
		res = post(actx, s.HTTP, c.url, h, body)
		cancel()
	}
	if !res.ok() {
		// The code and status only: the URL may carry a token in its query, the headers carry
		// the signature, and the receiver's body is not ours to log.
		s.Logger.WarnContext(ctx, "webhook attempt failed", "delivery", c.d.ID, "endpoint", c.d.EndpointID,
			"attempt", c.attempts, "error", res.code, "status", res.status)
	}
	return s.recordOutcome(ctx, c, res)
}

// record writes an attempt's outcome, unless the delivery moved on meanwhile (an admin retried
// it, or this worker's lease ended and another took it): the attempts count is the fence.
func (s *Service) recordOutcome(ctx context.Context, c claimed, res attemptResult) error {
	return database.WithTx(ctx, s.Client, func(ctx context.Context, tx *ent.Tx) error {
		now := s.Clock.Now()
		u := tx.WebhookDelivery.Update().Where(webhookdelivery.ID(c.d.ID), webhookdelivery.Attempts(c.attempts),
			webhookdelivery.StatusEQ(webhookdelivery.StatusPENDING))
		if res.status != 0 {
			u.SetLastStatusCode(res.status)
		} else {
			u.ClearLastStatusCode()
		}
		ep := tx.WebhookEndpoint.Update().Where(webhookendpoint.ID(c.d.EndpointID))
		if res.ok() {
			n, err := u.SetStatus(webhookdelivery.StatusDELIVERED).SetDeliveredAt(now).ClearLastError().Save(ctx)
			if err != nil || n == 0 {
				return err
			}
			return ep.ClearFailingSince().Exec(ctx)
		}
		u.SetLastError(res.code)
		if now.Before(c.d.GiveUpAt) {
			u.SetNextAttemptAt(now.Add(s.backoff(c.attempts)))
		} else {
			u.SetStatus(webhookdelivery.StatusFAILED)
		}
		n, err := u.Save(ctx)
		if err != nil || n == 0 {
			return err
		}
		return s.endpointFailed(ctx, tx, c.d.EndpointID, now)
	})
}

// endpointFailed notes a failed attempt on the endpoint: it starts its failure run, or, when the
// run has lasted DisableAfter, disables it and alerts the admins.
func (s *Service) endpointFailed(ctx context.Context, tx *ent.Tx, id int, now time.Time) error {
	ep, err := tx.WebhookEndpoint.Get(ctx, id)
	if err != nil {
		return err
	}
	switch {
	case ep.FailingSince == nil:
		return tx.WebhookEndpoint.UpdateOne(ep).SetFailingSince(now).Exec(ctx)
	case !ep.Enabled || now.Sub(*ep.FailingSince) < DisableAfter:
		return nil
	}
	if err := tx.WebhookEndpoint.UpdateOne(ep).SetEnabled(false).SetUpdatedAt(now).
		SetDisabledReason(fmt.Sprintf("failing since %s", ep.FailingSince.UTC().Format(time.RFC3339))).Exec(ctx); err != nil {
		return err
	}
	if err := s.record(ctx, tx, "webhook.auto_disable", id, "failing for a day"); err != nil {
		return err
	}
	s.Logger.WarnContext(ctx, "webhook endpoint disabled after a day of failures", "endpoint", id)
	if s.Alerter != nil {
		return s.Alerter.EndpointDisabled(ctx, tx, id, ep.URL)
	}
	return nil
}

// backoff is the delay after the attempt-th failed attempt: FirstRetry doubled per earlier
// attempt, capped at MaxRetryDelay, times a jitter factor.
func (s *Service) backoff(attempt int) time.Duration {
	d := FirstRetry
	for i := 1; i < attempt && d < MaxRetryDelay; i++ {
		d *= 2
	}
	d = min(d, MaxRetryDelay)
	j := 0.8 + 0.4*rand.Float64()
	if s.Jitter != nil {
		j = s.Jitter()
	}
	return time.Duration(float64(d) * j)
}

package database

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/lib/pq"

	"haven/ent"
	"haven/errcode"
)

// maxTxAttempts is how many times WithTx runs a transaction that PostgreSQL aborted as a
// deadlock victim or a serialization failure.
const maxTxAttempts = 4

// WithTx runs fn in a transaction and commits when fn returns nil. The context handed to fn
// carries the transaction (ent.TxFromContext), so code below it joins it, and collects the work
// registered with AfterCommit, which runs once the commit has succeeded. When ctx already
// carries a transaction, fn runs inside that one and its after-commit work waits for that one's
// commit.
//
// A transaction PostgreSQL aborted to break a deadlock (40P01) or a serialization failure
// (40001) had no effect; WithTx runs fn again in a new one, a few times, after a short random
// pause. If it still fails the caller gets UNAVAILABLE (retryable), never an internal error.
// fn must therefore do nothing but database work (or work it is safe to repeat).
func WithTx(ctx context.Context, client *ent.Client, fn func(ctx context.Context, tx *ent.Tx) error) error {
	if ent.TxFromContext(ctx) != nil {
		return withTxOnce(ctx, client, fn)
	}
	for attempt := 1; ; attempt++ {
		err := withTxOnce(ctx, client, fn)
		if !IsRetryable(err) || ctx.Err() != nil {
			return err
		}
		if attempt == maxTxAttempts {
			return errcode.New(errcode.Unavailable, "the database is busy; retry shortly")
		}
		pause := time.Duration(attempt)*5*time.Millisecond + rand.N(10*time.Millisecond)
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
	}
}

// IsRetryable reports whether err is PostgreSQL aborting a transaction that may simply be run
// again: a deadlock victim (40P01) or a serialization failure (40001).
func IsRetryable(err error) bool {
	if pqErr, ok := errors.AsType[*pq.Error](err); ok {
		return pqErr.Code == "40P01" || pqErr.Code == "40001"
	}
	return false
}

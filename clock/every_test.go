package clock_test

import (
	"context"
	"testing"
	"time"

	"haven/clock"
)

// TestEveryRunsAtOnceThenOnEachTickUntilCancelled: the first call does not wait for a tick,
// later calls come on the ticker, and Every returns once its context ends.
func TestEveryRunsAtOnceThenOnEachTickUntilCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := make(chan struct{}, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		clock.Every(ctx, 5*time.Millisecond, func(context.Context) { calls <- struct{}{} })
	}()
	for i := range 3 {
		select {
		case <-calls:
		case <-time.After(10 * time.Second):
			t.Fatalf("call %d never came", i+1)
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Every did not return after its context ended")
	}
}

// TestEveryFirstCallDoesNotWaitForATick: with an interval far longer than the test, the first
// call still comes at once.
func TestEveryFirstCallDoesNotWaitForATick(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	called := make(chan struct{}, 1)
	go clock.Every(ctx, time.Hour, func(context.Context) { called <- struct{}{} })
	select {
	case <-called:
	case <-time.After(10 * time.Second):
		t.Fatal("the first call waited for a tick")
	}
}

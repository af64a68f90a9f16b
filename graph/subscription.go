package graph

import (
	"context"
	"errors"

	"haven/access"
	"haven/auth"
	"haven/ent/submission"
	"haven/graph/model"
)

// Authenticator turns the bearer token of a WebSocket's connection_init payload into a context
// carrying its viewer, as the HTTP middleware does for a request's Authorization header.
type Authenticator func(ctx context.Context, token string) (context.Context, error)

func (r *subscriptionResolver) moderationQueueChanged(ctx context.Context) (<-chan *model.QueueChange, error) {
	if _, err := access.Require(ctx, access.QueueRead); err != nil {
		return nil, err
	}
	if r.Notify == nil {
		return nil, errors.New("subscriptions are not configured")
	}
	// The subscription ends when the token that opened it expires: a long-lived connection must
	// not outlive the right to watch the queue.
	var cancel context.CancelFunc = func() {}
	if exp := auth.FromContext(ctx).ExpiresAt; !exp.IsZero() {
		ctx, cancel = context.WithDeadline(ctx, exp)
	}
	changes := r.Notify.Subscribe(ctx)
	out := make(chan *model.QueueChange, 1)
	go func() {
		defer close(out)
		defer cancel()
		for c := range changes {
			select {
			case out <- &model.QueueChange{SubmissionID: c.SubmissionID, Action: c.Action, Status: submission.Status(c.Status), At: c.At}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

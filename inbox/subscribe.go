package inbox

import (
	"context"
	"errors"

	"haven/auth"
	"haven/ent"
)

// Subscribe returns the notifications written for the viewer from now on, on any replica; the
// channel closes when ctx ends. Each is read back from the database (it has committed when the
// news arrives) through the viewer's own inbox query, so nobody hears another's notification.
func (s *Service) Subscribe(ctx context.Context, v *auth.Viewer) (<-chan *ent.Notification, error) {
	if s.Feed == nil {
		return nil, errors.New("notification subscriptions are not configured")
	}
	ids := s.Feed.Subscribe(ctx, v.AccountID, v.RoleStrings())
	out := make(chan *ent.Notification, 1)
	go func() {
		defer close(out)
		for id := range ids {
			n, err := s.Get(ctx, v, id)
			if err != nil {
				if s.Logger != nil && ctx.Err() == nil {
					s.Logger.WarnContext(ctx, "inbox: load added notification", "error", err)
				}
				continue
			}
			if n == nil {
				continue // pruned meanwhile, or not the viewer's after all
			}
			select {
			case out <- n:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

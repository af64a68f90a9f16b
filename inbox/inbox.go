// Package inbox is Haven's in-app notifications: it hears every recorded change through the audit
// log's observers (audit.Log.Observe) and, in the change's own transaction, writes a notification
// for each person the change concerns — the author and the submitting organization's members of
// a submission decided on, scheduled or withdrawn, the author of a revision a newer one replaced,
// the owners of content taken offline, a signed-in reporter whose report was resolved. A rolled-back change therefore notifies no one, and a committed one never misses
// its notifications. It also keeps the receipts that let an anonymous reporter learn a report's
// outcome, tells subscribers (on every replica) of each new notification, and prunes old ones.
//
// docs/notifications.md describes the kinds and who gets which.
package inbox

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"haven/auth"
	"haven/clock"
	"haven/ent"
	"haven/ent/notification"
	"haven/ent/notificationread"
	"haven/ent/predicate"
	"haven/ent/privacy"
)

// DefaultRetention is how long a notification is kept when NOTIFICATION_RETENTION is not set.
const DefaultRetention = 90 * 24 * time.Hour

// PruneInterval is how often each replica prunes notifications older than the retention.
const PruneInterval = time.Hour

// Service writes, reads and prunes notifications.
type Service struct {
	Client *ent.Client
	Clock  clock.Clock
	// Feed tells subscribers of new notifications; nil tells nobody.
	Feed *Feed
	// Retention is how long notifications are kept (DefaultRetention when zero).
	Retention time.Duration
	Logger    *slog.Logger
}

// allow is the context inbox reads and writes its tables with: the tables' policy admits nobody
// else, and every read below filters by recipient itself.
func allow(ctx context.Context) context.Context { return privacy.DecisionContext(ctx, privacy.Allow) }

// draft is one notification about to be written, before its recipients are known.
type draft struct {
	kind       notification.Kind
	entityType string
	entityID   int
	title      *string
	outcome    *string
	reason     *string
	note       *string
	appealOpen *bool
	actor      string
}

// write stores d for each account (deduplicated) and each role, and tells subscribers when tx
// commits.
func (s *Service) write(ctx context.Context, tx *ent.Tx, d draft, accounts []int, roles []string) error {
	slices.Sort(accounts)
	accounts = slices.Compact(accounts)
	now := s.Clock.Now().UTC()
	creates := make([]*ent.NotificationCreate, 0, len(accounts)+len(roles))
	build := func() *ent.NotificationCreate {
		return tx.Notification.Create().SetKind(d.kind).SetEntityType(d.entityType).SetEntityID(d.entityID).
			SetNillableTitle(d.title).SetNillableOutcome(d.outcome).SetNillableReason(d.reason).
			SetNillableNote(d.note).SetNillableAppealOpen(d.appealOpen).SetActor(d.actor).SetCreatedAt(now)
	}
	for _, id := range accounts {
		creates = append(creates, build().SetRecipientID(id))
	}
	for _, r := range roles {
		creates = append(creates, build().SetRecipientRole(r))
	}
	if len(creates) == 0 {
		return nil
	}
	rows, err := tx.Notification.CreateBulk(creates...).Save(allow(ctx))
	if err != nil {
		return fmt.Errorf("inbox: write %s: %w", d.kind, err)
	}
	if s.Feed == nil {
		return nil
	}
	added := make([]Added, len(rows))
	for i, n := range rows {
		added[i] = Added{ID: n.ID, Recipient: deref(n.RecipientID), Role: deref(n.RecipientRole)}
	}
	return s.Feed.publish(ctx, tx, added)
}

// visibleTo is the predicate of the notifications v may read: addressed to their account or to
// a role they hold.
func visibleTo(v *auth.Viewer) predicate.Notification {
	ors := []predicate.Notification{}
	if v.AccountID != 0 {
		ors = append(ors, notification.RecipientID(v.AccountID))
	}
	if roles := v.RoleStrings(); len(roles) > 0 {
		ors = append(ors, notification.RecipientRoleIn(roles...))
	}
	if len(ors) == 0 {
		return notification.IDLT(0) // nobody's
	}
	return notification.Or(ors...)
}

// unreadBy is the predicate of the notifications the account has not marked read.
func unreadBy(accountID int) predicate.Notification {
	return notification.Not(notification.HasReadsWith(notificationread.AccountID(accountID)))
}

// Query returns the query of the viewer's notifications (unread ones only when unreadOnly), with
// the viewer's read marks loaded, to paginate. The caller has checked the viewer is signed in.
func (s *Service) Query(ctx context.Context, v *auth.Viewer, unreadOnly bool) *ent.NotificationQuery {
	q := s.Client.Notification.Query().Where(visibleTo(v)).
		WithReads(func(r *ent.NotificationReadQuery) { r.Where(notificationread.AccountID(v.AccountID)) })
	if unreadOnly {
		q.Where(unreadBy(v.AccountID))
	}
	return q
}

// UnreadCount counts the viewer's unread notifications.
func (s *Service) UnreadCount(ctx context.Context, v *auth.Viewer) (int, error) {
	n, err := s.Client.Notification.Query().Where(visibleTo(v), unreadBy(v.AccountID)).Count(allow(ctx))
	if err != nil {
		return 0, fmt.Errorf("inbox: count unread: %w", err)
	}
	return n, nil
}

// Read reports whether n, loaded by Query or Get, is marked read by the viewer.
func Read(n *ent.Notification) bool { return len(n.Edges.Reads) > 0 }

// Get returns the viewer's notification id, or nil when there is none such for them.
func (s *Service) Get(ctx context.Context, v *auth.Viewer, id int) (*ent.Notification, error) {
	n, err := s.Query(ctx, v, false).Where(notification.ID(id)).Only(allow(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("inbox: load notification %d: %w", id, err)
	}
	return n, nil
}

// Allow returns ctx with the allow decision inbox reads its tables with, for a caller that
// paginates Query's result and has filtered it by recipient through Query.
func Allow(ctx context.Context) context.Context { return allow(ctx) }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func ptr[T any](v T) *T { return &v }

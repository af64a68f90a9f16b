package inbox

import (
	"context"
	"fmt"

	"haven/auth"
	"haven/database"
	"haven/ent"
	"haven/ent/notification"
	"haven/ent/notificationread"
	"haven/errcode"
)

// MaxMarkIDs bounds the IDs one markNotificationsRead names.
const MaxMarkIDs = 100

// markBatch is how many read marks one statement writes when every notification is marked.
const markBatch = 500

// MarkRead marks notifications read for the viewer: the given IDs, or every notification of
// theirs when all is true (exactly one of the two). Every ID must name a notification of the
// viewer's, or nothing is marked. It returns the unread count after.
func (s *Service) MarkRead(ctx context.Context, v *auth.Viewer, ids []int, all bool) (int, error) {
	switch {
	case all && ids != nil:
		return 0, errcode.Input("ids", "give either ids or all: true, not both")
	case !all && ids == nil:
		return 0, errcode.Input("ids", "give the ids to mark read, or all: true")
	case !all && len(ids) == 0:
		return 0, errcode.Input("ids", "name at least one notification")
	case len(ids) > MaxMarkIDs:
		return 0, errcode.Input("ids", "at most %d notifications at a time; use all: true for every one", MaxMarkIDs)
	}
	err := database.WithTx(allow(ctx), s.Client, func(ctx context.Context, tx *ent.Tx) error {
		if all {
			return s.markAll(ctx, tx, v)
		}
		want := map[int]bool{}
		for _, id := range ids {
			want[id] = true
		}
		keys := make([]int, 0, len(want))
		for id := range want {
			keys = append(keys, id)
		}
		found, err := tx.Notification.Query().Where(visibleTo(v), notification.IDIn(keys...)).IDs(ctx)
		if err != nil {
			return fmt.Errorf("inbox: load notifications: %w", err)
		}
		for _, id := range found {
			delete(want, id)
		}
		for _, id := range ids { // the first unknown one, in the order given
			if want[id] {
				return errcode.Input("ids", "no notification of yours has the ID %d", id)
			}
		}
		return s.mark(ctx, tx, v, found)
	})
	if err != nil {
		return 0, err
	}
	return s.UnreadCount(ctx, v)
}

func (s *Service) markAll(ctx context.Context, tx *ent.Tx, v *auth.Viewer) error {
	for {
		ids, err := tx.Notification.Query().Where(visibleTo(v), unreadBy(v.AccountID)).
			Limit(markBatch).IDs(ctx)
		if err != nil {
			return fmt.Errorf("inbox: load unread: %w", err)
		}
		if err := s.mark(ctx, tx, v, ids); err != nil {
			return err
		}
		if len(ids) < markBatch {
			return nil
		}
	}
}

// mark writes the viewer's read marks on ids; marks already there stay as they were.
func (s *Service) mark(ctx context.Context, tx *ent.Tx, v *auth.Viewer, ids []int) error {
	if len(ids) == 0 {
		return nil
	}
	now := s.Clock.Now().UTC()
	creates := make([]*ent.NotificationReadCreate, len(ids))
	for i, id := range ids {
		creates[i] = tx.NotificationRead.Create().SetNotificationID(id).SetAccountID(v.AccountID).SetReadAt(now)
	}
	err := tx.NotificationRead.CreateBulk(creates...).
		OnConflictColumns(notificationread.FieldNotificationID, notificationread.FieldAccountID).DoNothing().Exec(ctx)
	if err != nil {
		return fmt.Errorf("inbox: mark read: %w", err)
	}
	return nil
}

package graph

import (
	"context"

	"entgo.io/contrib/entgql"

	"haven/access"
	"haven/auth"
	"haven/ent"
	"haven/ent/report"
	"haven/errcode"
	"haven/inbox"
)

// notificationsNewestFirst orders a viewer's notifications by ID, descending: cursors carry the ID alone.
var notificationsNewestFirst = &ent.NotificationOrder{Direction: entgql.OrderDirectionDesc, Field: ent.DefaultNotificationOrder.Field}

// signedIn admits a signed-in viewer with an account to their inbox.
func signedIn(ctx context.Context) (*auth.Viewer, error) {
	v, err := access.Require(ctx, access.NotificationRead)
	if err != nil {
		return nil, err
	}
	if v.AccountID == 0 { // the system actor has no inbox
		return nil, errcode.Forbiddenf("only a signed-in person has notifications")
	}
	return v, nil
}

func (r *viewerResolver) notifications(ctx context.Context, after cursor, first *int, unreadOnly *bool) (*ent.NotificationConnection, error) {
	v, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	first, _, err = checkPage(after, first, nil, nil, nil)
	if err != nil {
		return nil, err
	}
	q := r.Inbox.Query(ctx, v, unreadOnly != nil && *unreadOnly)
	return q.Paginate(inbox.Allow(ctx), after, first, nil, nil, ent.WithNotificationOrder(notificationsNewestFirst))
}

func (r *viewerResolver) unreadCount(ctx context.Context) (int, error) {
	v, err := signedIn(ctx)
	if err != nil {
		return 0, err
	}
	return r.Inbox.UnreadCount(ctx, v)
}

func (r *mutationResolver) markNotificationsRead(ctx context.Context, ids []int, all *bool) (int, error) {
	v, err := signedIn(ctx)
	if err != nil {
		return 0, err
	}
	return r.Inbox.MarkRead(ctx, v, ids, all != nil && *all)
}

func (r *subscriptionResolver) notificationAdded(ctx context.Context) (<-chan *ent.Notification, error) {
	v, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	// As the queue subscription: it ends when the token that opened it expires.
	var cancel context.CancelFunc = func() {}
	if exp := v.ExpiresAt; !exp.IsZero() {
		ctx, cancel = context.WithDeadline(ctx, exp)
	}
	ch, err := r.Inbox.Subscribe(ctx, v)
	if err != nil {
		cancel()
		return nil, err
	}
	go func() { <-ctx.Done(); cancel() }()
	return ch, nil
}

// reportContentWithReceipt files a report as reportContent does and returns the receipt the
// inbox issued in the report's transaction. The token goes to the client only: it is in no log,
// trace or error.
func (r *mutationResolver) reportContentWithReceipt(ctx context.Context, contentID int, reason report.Reason, details *string) (*inbox.Receipt, error) {
	if _, err := access.Require(ctx, access.ReportCreate); err != nil {
		return nil, err
	}
	ctx, receipt := inbox.WithReceipt(ctx)
	if err := r.Workflow.ReportContent(ctx, contentID, reason, details); err != nil {
		return nil, err
	}
	return receipt, nil
}

func (r *queryResolver) reportReceipt(ctx context.Context, token string) (*inbox.ReceiptStatus, error) {
	if _, err := access.Require(ctx, access.ReportReceiptRead); err != nil {
		return nil, err
	}
	return r.Inbox.Receipt(ctx, token)
}

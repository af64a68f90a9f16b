package inbox

import (
	"context"
	"fmt"
	"time"

	"haven/clock"
	"haven/database"
	"haven/ent"
	"haven/ent/notification"
	"haven/ent/notificationread"
	"haven/ent/report"
	"haven/ent/reportreceipt"
)

// retention is the configured retention, or the default.
func (s *Service) retention() time.Duration {
	if s.Retention > 0 {
		return s.Retention
	}
	return DefaultRetention
}

// Pruned counts what one Prune removed.
type Pruned struct {
	Notifications, Receipts int
}

// Prune deletes the notifications (and their read marks) written longer ago than the retention,
// and the receipts of reports resolved longer ago than that. Every replica may run it at once:
// deleting what another already deleted changes nothing.
func (s *Service) Prune(ctx context.Context) (Pruned, error) {
	var out Pruned
	cut := s.Clock.Now().Add(-s.retention())
	err := database.WithTx(allow(ctx), s.Client, func(ctx context.Context, tx *ent.Tx) error {
		if _, err := tx.NotificationRead.Delete().
			Where(notificationread.HasNotificationWith(notification.CreatedAtLT(cut))).Exec(ctx); err != nil {
			return fmt.Errorf("inbox: prune read marks: %w", err)
		}
		n, err := tx.Notification.Delete().Where(notification.CreatedAtLT(cut)).Exec(ctx)
		if err != nil {
			return fmt.Errorf("inbox: prune notifications: %w", err)
		}
		out.Notifications = n
		// A receipt outlives its report's resolution by the retention: older candidates are those
		// issued before the cut, of which the resolved-before-the-cut ones go.
		ids, err := tx.ReportReceipt.Query().Where(reportreceipt.CreatedAtLT(cut)).
			Select(reportreceipt.FieldReportID).Ints(ctx)
		if err != nil {
			return fmt.Errorf("inbox: load old receipts: %w", err)
		}
		for len(ids) > 0 {
			batch := ids[:min(len(ids), 500)]
			ids = ids[len(batch):]
			resolved, err := tx.Report.Query().Where(report.IDIn(batch...), report.ResolvedAtLT(cut)).IDs(ctx)
			if err != nil {
				return fmt.Errorf("inbox: load resolved reports: %w", err)
			}
			if len(resolved) == 0 {
				continue
			}
			n, err := tx.ReportReceipt.Delete().Where(reportreceipt.ReportIDIn(resolved...)).Exec(ctx)
			if err != nil {
				return fmt.Errorf("inbox: prune receipts: %w", err)
			}
			out.Receipts += n
		}
		return nil
	})
	return out, err
}

// RunPruner prunes at once and then every interval until ctx ends, reporting failures to
// onError.
func (s *Service) RunPruner(ctx context.Context, interval time.Duration, onError func(error)) {
	clock.Every(ctx, interval, func(ctx context.Context) {
		if _, err := s.Prune(ctx); err != nil && ctx.Err() == nil {
			onError(err)
		}
	})
}

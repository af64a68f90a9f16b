package workflow

import (
	"context"
	"fmt"
	"strings"

	"haven/access"
	"haven/audit"
	"haven/auth"
	"haven/database"
	"haven/ent"
	"haven/ent/content"
	"haven/ent/report"
	"haven/ent/schema/enum"
	"haven/ent/submission"
	"haven/errcode"
	"haven/limit"
)

// Unpublish takes live content off the hub (publishers).
func (w *Service) Unpublish(ctx context.Context, contentID int, reason string) (*ent.Content, error) {
	reason, err := limit.Trim(reason, 1, limit.UnpublishReason)
	if err != nil {
		return nil, errcode.Input("reason", "say why: %v", err)
	}
	return w.moveContent(ctx, Unpublish, contentID, "", reason, func(ctx context.Context, tx *ent.Tx, _ *ent.ContentUpdateOne) error {
		return w.cancelSchedules(ctx, tx, contentID)
	})
}

// TakeDown removes content from the hub for a reason (moderators and clinical reviewers) and
// closes its open reports as actioned.
func (w *Service) TakeDown(ctx context.Context, contentID int, reason enum.DecisionReason, note string) (*ent.Content, error) {
	if err := reason.Validate(); err != nil {
		return nil, errcode.Input("reason", "%v", err)
	}
	note, err := limit.Trim(note, 1, limit.Note)
	if err != nil {
		return nil, errcode.Input("note", "say why: %v", err)
	}
	return w.moveContent(ctx, TakeDown, contentID, string(reason), note, func(ctx context.Context, tx *ent.Tx, u *ent.ContentUpdateOne) error {
		u.SetRemovalReason(reason).SetRemovalNote(note)
		if err := w.closeReports(ctx, tx, contentID, note); err != nil {
			return err
		}
		return w.cancelSchedules(ctx, tx, contentID)
	})
}

func (w *Service) moveContent(ctx context.Context, action ContentAction, id int, reason, note string,
	apply func(ctx context.Context, tx *ent.Tx, u *ent.ContentUpdateOne) error) (*ent.Content, error) {
	_, perm, _ := NextContent(action, content.StatusLIVE)
	if _, err := access.Require(ctx, perm); err != nil {
		return nil, err
	}
	var out *ent.Content
	err := database.WithTx(ctx, w.client, func(ctx context.Context, tx *ent.Tx) error {
		if err := w.audit.Lock(ctx, tx); err != nil {
			return err
		}
		c, err := tx.Content.Get(ctx, id)
		if absent(err) {
			return errcode.NotFoundf("content not found")
		}
		if err != nil {
			return fmt.Errorf("load content %d: %w", id, err)
		}
		to, _, ok := NextContent(action, c.Status)
		if !ok {
			return errcode.New(errcode.InvalidTransition, "cannot %s content that is %s", strings.ReplaceAll(string(action), "_", " "), c.Status)
		}
		u := tx.Content.UpdateOneID(id).Where(content.StatusEQ(c.Status)).SetStatus(to)
		if apply != nil {
			if err := apply(ctx, tx, u); err != nil {
				return err
			}
		}
		updated, err := u.Save(ctx)
		if ent.IsNotFound(err) {
			return errcode.New(errcode.Conflict, "content changed meanwhile; reload and try again")
		}
		if err != nil {
			return fmt.Errorf("%s content %d: %w", action, id, err)
		}
		if _, err := w.audit.Append(ctx, tx, audit.Event{
			Action: "content." + string(action), EntityType: "Content", EntityID: id,
			From: string(c.Status), To: string(to), Reason: reason, Note: note,
		}); err != nil {
			return err
		}
		countDecision(ctx, string(action))
		out = updated
		return nil
	})
	return database.Detach(ctx, out, err)
}

// closeReports marks the open reports of taken-down content as actioned.
func (w *Service) closeReports(ctx context.Context, tx *ent.Tx, contentID int, note string) error {
	open, err := tx.Report.Query().Where(report.ContentID(contentID), report.StatusEQ(report.StatusOPEN)).All(ctx)
	if err != nil {
		return fmt.Errorf("load open reports: %w", err)
	}
	who, now := auth.FromContext(ctx).Subject, w.clock.Now()
	for _, r := range open {
		err := tx.Report.UpdateOneID(r.ID).SetStatus(report.StatusACTIONED).SetResolvedBy(who).SetResolvedAt(now).
			SetResolutionNote(note).SetQueueKey(reportKey(report.StatusACTIONED, r.Priority, r.CreatedAt)).Exec(ctx)
		if err != nil {
			return fmt.Errorf("close report %d: %w", r.ID, err)
		}
		if _, err := w.audit.Append(ctx, tx, audit.Event{
			Action: "report.action", EntityType: "Report", EntityID: r.ID,
			From: string(report.StatusOPEN), To: string(report.StatusACTIONED), Note: note,
		}); err != nil {
			return err
		}
	}
	return nil
}

// cancelSchedules returns the scheduled revisions of taken-down content to APPROVED, as the
// system, so none of them brings it back.
func (w *Service) cancelSchedules(ctx context.Context, tx *ent.Tx, contentID int) error {
	sys := auth.SystemContext(ctx)
	scheduled, err := tx.Submission.Query().
		Where(submission.ContentID(contentID), submission.StatusEQ(Scheduled)).All(sys)
	if err != nil {
		return fmt.Errorf("load scheduled revisions: %w", err)
	}
	for _, s := range scheduled {
		if _, err := w.move(sys, cancelSchedule(s.ID, s.Version, "content taken offline")); err != nil {
			return err
		}
	}
	return nil
}

package workflow

import (
	"context"
	"fmt"
	"haven/access"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"haven/audit"
	"haven/auth"
	"haven/database"
	"haven/ent"
	"haven/ent/content"
	"haven/ent/hashtag"
	"haven/ent/privacy"
	"haven/ent/report"
	"haven/ent/schema/enum"
	"haven/ent/submission"
	"haven/errcode"
)

// maxScheduleAhead bounds how far ahead a publication can be scheduled.
const maxScheduleAhead = 366 * 24 * time.Hour

// Publish puts an approved revision live now, or schedules it when publishAt is given (it must
// lie in the future). Publishing copies the revision's fields into its Content row and
// supersedes the revision that was live before; the live content stays up until then.
func (w *Service) Publish(ctx context.Context, id, expectedVersion int, publishAt *time.Time) (*ent.Submission, error) {
	if publishAt != nil {
		now := w.clock.Now()
		if !publishAt.After(now) {
			return nil, errcode.Input("publishAt", "must be in the future; omit it to publish now")
		}
		if publishAt.Sub(now) > maxScheduleAhead {
			return nil, errcode.Input("publishAt", "must be within a year")
		}
		at := publishAt.UTC()
		return w.move(ctx, step{action: Schedule, id: id, expectedVersion: expectedVersion, note: "publish at " + at.Format(time.RFC3339),
			check: func(ctx context.Context, tx *ent.Tx, s *ent.Submission) error {
				return w.publishable(ctx, tx, s, false)
			},
			apply: func(ctx context.Context, _ *ent.Tx, _ *ent.Submission, u *ent.SubmissionUpdateOne) error {
				u.SetPublishAt(at).SetPublishedBy(auth.FromContext(ctx).Subject)
				return nil
			}})
	}
	return w.move(ctx, step{action: Publish, id: id, expectedVersion: expectedVersion,
		check: func(ctx context.Context, tx *ent.Tx, s *ent.Submission) error {
			return w.publishable(ctx, tx, s, false)
		},
		apply: func(ctx context.Context, _ *ent.Tx, _ *ent.Submission, u *ent.SubmissionUpdateOne) error {
			u.SetPublishedAt(w.clock.Now()).SetPublishedBy(auth.FromContext(ctx).Subject)
			return nil
		},
		after: w.goLive})
}

// CancelScheduledPublish returns a scheduled revision to APPROVED.
func (w *Service) CancelScheduledPublish(ctx context.Context, id, expectedVersion int) (*ent.Submission, error) {
	return w.move(ctx, step{action: CancelSchedule, id: id, expectedVersion: expectedVersion,
		apply: func(_ context.Context, _ *ent.Tx, _ *ent.Submission, u *ent.SubmissionUpdateOne) error {
			u.ClearPublishAt().ClearPublishedBy()
			return nil
		}})
}

// PublishDue publishes every scheduled revision whose time has come and returns how many it
// published. Every replica runs it: on PostgreSQL each due row is claimed with FOR UPDATE SKIP
// LOCKED, and the move re-checks status and version inside the transaction, so each item is
// published exactly once. Items that fell due while no replica ran are published on the next
// run.
func (w *Service) PublishDue(ctx context.Context) (int, error) {
	ctx = auth.SystemContext(ctx)
	published := 0
	for {
		var did bool
		err := database.WithTx(ctx, w.client, func(ctx context.Context, tx *ent.Tx) error {
			if err := w.audit.Lock(ctx, tx); err != nil { // before any row, as every workflow transaction
				return err
			}
			q := tx.Submission.Query().
				Where(submission.StatusEQ(Scheduled), submission.PublishAtLTE(w.clock.Now())).
				Order(ent.Asc(submission.FieldPublishAt), ent.Asc(submission.FieldID)).Limit(1)
			if w.audit.Dialect == dialect.Postgres {
				q.ForUpdate(sql.WithLockAction(sql.SkipLocked))
			}
			due, err := q.All(ctx)
			if err != nil || len(due) == 0 {
				return err
			}
			s := due[0]
			if err := w.publishable(ctx, tx, s, true); err != nil {
				// Its content came down, went offline or moved on after it was scheduled: it goes
				// back to APPROVED, not live.
				_, err := w.move(ctx, step{action: CancelSchedule, id: s.ID, expectedVersion: s.Version, note: err.Error(),
					apply: func(_ context.Context, _ *ent.Tx, _ *ent.Submission, u *ent.SubmissionUpdateOne) error {
						u.ClearPublishAt().ClearPublishedBy()
						return nil
					}})
				did = err == nil
				return err
			}
			if _, err := w.move(ctx, step{action: PublishDue, id: s.ID, expectedVersion: s.Version,
				apply: func(_ context.Context, _ *ent.Tx, s *ent.Submission, u *ent.SubmissionUpdateOne) error {
					u.SetPublishedAt(deref(s.PublishAt))
					return nil
				},
				after: w.goLive}); err != nil {
				return err
			}
			did = true
			return nil
		})
		if err != nil {
			return published, fmt.Errorf("publish due: %w", err)
		}
		if !did {
			return published, nil
		}
		published++
	}
}

// RunScheduler runs PublishDue now and then every interval until ctx ends.
func (w *Service) RunScheduler(ctx context.Context, every time.Duration, onErr func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := w.PublishDue(ctx); err != nil && ctx.Err() == nil && onErr != nil {
			onErr(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// goLive copies a just-published revision into its Content row (creating it for a first
// revision) and supersedes the revision that was live before.
func (w *Service) goLive(ctx context.Context, tx *ent.Tx, s *ent.Submission) error {
	ts, err := s.QueryTopics().All(ctx)
	if err != nil {
		return fmt.Errorf("load topics: %w", err)
	}
	tags, err := hashtags(ctx, tx, s.Hashtags)
	if err != nil {
		return err
	}
	warning := content.ContentWarningNONE
	if s.Sensitive {
		warning = content.ContentWarningSENSITIVE
	}
	publishedAt := deref(s.PublishedAt)
	if s.ContentID == nil {
		c, err := tx.Content.Create().
			SetKind(s.Kind).SetTitle(s.Title).SetSummary(s.Summary).SetNillableBody(s.Body).
			SetNillableMediaURL(s.MediaURL).SetNillableThumbnailURL(s.ThumbnailURL).
			SetNillableDurationSeconds(s.DurationSeconds).SetLanguage(s.Language).SetHashtags(s.Hashtags).
			SetStatus(content.StatusLIVE).SetContentWarning(warning).SetClinicallyReviewed(s.Sensitive).
			SetPublishedAt(publishedAt).SetNillableCreatorID(s.CreatorID).SetNillableOrganizationID(s.OrganizationID).
			AddTopics(ts...).AddTags(tags...).Save(ctx)
		if err != nil {
			return fmt.Errorf("create content: %w", err)
		}
		if err := tx.Submission.UpdateOneID(s.ID).SetContentID(c.ID).Exec(ctx); err != nil {
			return fmt.Errorf("link content: %w", err)
		}
		s.ContentID = &c.ID
	} else {
		u := tx.Content.UpdateOneID(*s.ContentID).Where(content.StatusNEQ(content.StatusREMOVED)).
			SetKind(s.Kind).SetTitle(s.Title).SetSummary(s.Summary).
			SetLanguage(s.Language).SetHashtags(s.Hashtags).
			SetStatus(content.StatusLIVE).SetContentWarning(warning).SetClinicallyReviewed(s.Sensitive).
			ClearRemovalReason().ClearRemovalNote().
			ClearTopics().AddTopics(ts...).ClearTags().AddTags(tags...)
		if s.Body != nil {
			u.SetBody(*s.Body)
		} else {
			u.ClearBody()
		}
		if s.MediaURL != nil {
			u.SetMediaURL(*s.MediaURL)
		} else {
			u.ClearMediaURL()
		}
		if s.ThumbnailURL != nil {
			u.SetThumbnailURL(*s.ThumbnailURL)
		} else {
			u.ClearThumbnailURL()
		}
		if s.DurationSeconds != nil {
			u.SetDurationSeconds(*s.DurationSeconds)
		} else {
			u.ClearDurationSeconds()
		}
		err := u.Exec(ctx)
		if ent.IsNotFound(err) {
			return errcode.New(errcode.InvalidTransition, "the content of this revision was taken down by a moderator")
		}
		if err != nil {
			return fmt.Errorf("update content %d: %w", *s.ContentID, err)
		}
	}
	previous, err := tx.Submission.Query().
		Where(submission.ContentID(*s.ContentID), submission.StatusEQ(Published), submission.IDNEQ(s.ID)).All(ctx)
	if err != nil {
		return fmt.Errorf("load previous revisions: %w", err)
	}
	for _, p := range previous {
		if err := tx.Submission.UpdateOneID(p.ID).SetStatus(Superseded).SetVersion(p.Version + 1).Exec(ctx); err != nil {
			return fmt.Errorf("supersede %d: %w", p.ID, err)
		}
		if _, err := w.audit.Append(ctx, tx, audit.Event{
			Action: "submission." + string(Supersede), EntityType: "Submission", EntityID: p.ID,
			From: string(Published), To: string(Superseded), Note: fmt.Sprintf("superseded by revision %d", s.ID),
		}); err != nil {
			return err
		}
	}
	return nil
}

// hashtags returns the Hashtag rows of tags ("#MentalHealthAwareness" is "mentalhealthawareness"),
// creating the missing ones.
func hashtags(ctx context.Context, tx *ent.Tx, tags []string) ([]*ent.Hashtag, error) {
	if len(tags) == 0 {
		return nil, nil
	}
	names := make([]string, 0, len(tags))
	creates := make([]*ent.HashtagCreate, 0, len(tags))
	for _, t := range tags {
		n := strings.ToLower(strings.TrimPrefix(t, "#"))
		names = append(names, n)
		creates = append(creates, tx.Hashtag.Create().SetName(n))
	}
	if err := tx.Hashtag.CreateBulk(creates...).OnConflictColumns(hashtag.FieldName).DoNothing().Exec(ctx); err != nil {
		return nil, fmt.Errorf("save hashtags: %w", err)
	}
	hs, err := tx.Hashtag.Query().Where(hashtag.NameIn(names...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load hashtags: %w", err)
	}
	return hs, nil
}

// Unpublish takes live content off the hub (publishers).
func (w *Service) Unpublish(ctx context.Context, contentID int, reason string) (*ent.Content, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len([]rune(reason)) > 500 {
		return nil, errcode.Input("reason", "say why (1-500 characters)")
	}
	return w.moveContent(ctx, Unpublish, contentID, "", reason, func(ctx context.Context, tx *ent.Tx, _ *ent.ContentUpdateOne) error {
		return w.cancelSchedules(ctx, tx, contentID)
	})
}

// TakeDown removes content from the hub for a reason (moderators and clinical reviewers) and
// closes its open reports as actioned.
func (w *Service) TakeDown(ctx context.Context, contentID int, reason enum.DecisionReason, note string) (*ent.Content, error) {
	if err := (&reason).UnmarshalGQL(string(reason)); err != nil {
		return nil, errcode.Input("reason", "%v", err)
	}
	note = strings.TrimSpace(note)
	if note == "" || len([]rune(note)) > 2000 {
		return nil, errcode.Input("note", "say why (1-2000 characters)")
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

// publishable refuses to publish a revision whose content has moved on since it was reviewed: a
// take-down is undone only by review, never by a publication on its way; a revision reviewed
// before its content became sensitive needs clinical review first; and a revision older than the
// one now live would overwrite newer work. A scheduled publication also gives way to an unpublish.
func (w *Service) publishable(ctx context.Context, tx *ent.Tx, s *ent.Submission, scheduled bool) error {
	if s.ContentID == nil {
		return nil
	}
	sys := privacy.DecisionContext(ctx, privacy.Allow)
	c, err := tx.Content.Get(sys, *s.ContentID)
	if err != nil {
		return fmt.Errorf("load content %d: %w", *s.ContentID, err)
	}
	switch {
	case c.Status == content.StatusREMOVED:
		return errcode.New(errcode.InvalidTransition, "the content of this revision was taken down by a moderator")
	case scheduled && c.Status == content.StatusUNPUBLISHED:
		return errcode.New(errcode.InvalidTransition, "the content was unpublished after this revision was scheduled")
	case !s.Sensitive && (c.ContentWarning == content.ContentWarningSENSITIVE || c.ClinicallyReviewed):
		return errcode.New(errcode.ClinicalReviewRequired, "the content became sensitive after this revision was reviewed; it needs clinical review")
	}
	newer, err := tx.Submission.Query().Where(submission.ContentID(*s.ContentID),
		submission.StatusEQ(Published), submission.IDGT(s.ID)).Exist(sys)
	if err != nil {
		return fmt.Errorf("check newer revisions: %w", err)
	}
	if newer {
		return errcode.New(errcode.InvalidTransition, "a newer revision of this content went live after this one was written")
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
		if _, err := w.move(sys, step{action: CancelSchedule, id: s.ID, expectedVersion: s.Version,
			note: "content taken offline",
			apply: func(_ context.Context, _ *ent.Tx, _ *ent.Submission, u *ent.SubmissionUpdateOne) error {
				u.ClearPublishAt().ClearPublishedBy()
				return nil
			}}); err != nil {
			return err
		}
	}
	return nil
}

package workflow

import (
	"context"
	"fmt"
	"strings"
	"time"

	"haven/audit"
	"haven/auth"
	"haven/ent"
	"haven/ent/content"
	"haven/ent/hashtag"
	"haven/ent/privacy"
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
	return w.move(ctx, cancelSchedule(id, expectedVersion, ""))
}

// cancelSchedule is the step that returns a scheduled revision to APPROVED, noting why: asked by
// a publisher, or (as the system) because its content went offline or moved on.
func cancelSchedule(id, expectedVersion int, note string) step {
	return step{action: CancelSchedule, id: id, expectedVersion: expectedVersion, note: note,
		apply: func(_ context.Context, _ *ent.Tx, _ *ent.Submission, u *ent.SubmissionUpdateOne) error {
			u.ClearPublishAt().ClearPublishedBy()
			return nil
		}}
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
	} else if err := refreshContent(ctx, tx, s, ts, tags, warning); err != nil {
		return err
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

// refreshContent copies a published revision into its existing Content row, unless a moderator
// took that content down meanwhile.
func refreshContent(ctx context.Context, tx *ent.Tx, s *ent.Submission, ts []*ent.Topic, tags []*ent.Hashtag, warning content.ContentWarning) error {
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

package workflow

import (
	"context"
	"fmt"

	"haven/access"
	"haven/audit"
	"haven/auth"
	"haven/database"
	"haven/ent"
	"haven/ent/content"
	"haven/ent/creator"
	"haven/ent/privacy"
	"haven/errcode"
	"haven/limit"
)

// CreateInput is a new submission: its fields, and optionally the organization it is submitted
// for and the live content it revises.
type CreateInput struct {
	Fields
	OrganizationID *int
	ContentID      *int
}

// Create starts a submission as DRAFT. Who it belongs to comes from the database: the viewer's
// creator profile, an organization the viewer is a member of, or the owners of the content it
// revises — never from the client's word alone.
func (w *Service) Create(ctx context.Context, in CreateInput) (*ent.Submission, error) {
	v, err := access.Require(ctx, access.SubmissionAuthor)
	if err != nil {
		return nil, err
	}
	if in.Kind == nil || in.Title == nil || in.Summary == nil {
		return nil, errcode.Input("input", "kind, title and summary are required")
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	var out *ent.Submission
	err = database.WithTx(ctx, w.client, func(ctx context.Context, tx *ent.Tx) error {
		creatorID, orgID, err := w.owner(ctx, tx, v, in)
		if err != nil {
			return err
		}
		ts, err := topics(ctx, tx, in.TopicSlugs)
		if err != nil {
			return err
		}
		revisesSensitive, err := w.revisesSensitive(ctx, tx, in.ContentID)
		if err != nil {
			return err
		}
		c := tx.Submission.Create().
			SetAuthorID(v.AccountID).SetKind(*in.Kind).SetTitle(*in.Title).SetSummary(*in.Summary).
			SetNillableBody(in.Body).SetNillableMediaURL(emptyToNil(in.MediaURL)).
			SetNillableThumbnailURL(emptyToNil(in.ThumbnailURL)).SetNillableDurationSeconds(in.DurationSeconds).
			SetNillableLanguage(in.Language).SetHashtags(nonNil(in.Hashtags)).
			AddTopics(ts...).SetSensitive(anySensitive(ts) || revisesSensitive).
			SetNillableCreatorID(creatorID).SetNillableOrganizationID(orgID).SetNillableContentID(in.ContentID)
		s, err := c.Save(ctx)
		if err != nil {
			return fmt.Errorf("create submission: %w", err)
		}
		if _, err := w.audit.Append(ctx, tx, audit.Event{
			Action: "submission.create", EntityType: "Submission", EntityID: s.ID, To: string(s.Status),
		}); err != nil {
			return err
		}
		out = s
		return nil
	})
	return database.Detach(ctx, out, err)
}

// owner finds whom a new submission belongs to.
func (w *Service) owner(ctx context.Context, tx *ent.Tx, v *auth.Viewer, in CreateInput) (creatorID, orgID *int, err error) {
	sys := privacy.DecisionContext(ctx, privacy.Allow)
	var profile *ent.Creator
	if access.ActsFor(v, access.ForProfile) {
		profile, err = tx.Creator.Query().Where(creator.OwnerID(v.AccountID)).Only(sys)
		if err != nil && !ent.IsNotFound(err) {
			return nil, nil, fmt.Errorf("load creator profile: %w", err)
		}
	}
	if in.OrganizationID != nil {
		ok := access.ActsFor(v, access.ForOrganization)
		if ok {
			if ok, err = isMember(ctx, tx.Client(), *in.OrganizationID, v.AccountID); err != nil {
				return nil, nil, err
			}
		}
		if !ok {
			return nil, nil, errcode.Forbiddenf("you may submit only for organizations you are a member of")
		}
		orgID = in.OrganizationID
	}
	if in.ContentID != nil {
		live, err := tx.Content.Query().Where(content.ID(*in.ContentID)).Only(sys)
		if absent(err) {
			return nil, nil, errcode.NotFoundf("content not found")
		}
		if err != nil {
			return nil, nil, fmt.Errorf("load content: %w", err)
		}
		if live.Status == content.StatusREMOVED {
			return nil, nil, errcode.New(errcode.InvalidTransition, "this content was taken down by a moderator and cannot be revised")
		}
		mine := profile != nil && live.CreatorID != nil && *live.CreatorID == profile.ID
		if !mine && live.OrganizationID != nil && access.ActsFor(v, access.ForOrganization) {
			if mine, err = isMember(ctx, tx.Client(), *live.OrganizationID, v.AccountID); err != nil {
				return nil, nil, err
			}
		}
		if !mine {
			return nil, nil, errcode.NotFoundf("content not found")
		}
		if orgID != nil && (live.OrganizationID == nil || *live.OrganizationID != *orgID) {
			return nil, nil, errcode.Input("organizationID", "a revision belongs to the organization of its content")
		}
		return live.CreatorID, live.OrganizationID, nil
	}
	if profile != nil {
		creatorID = &profile.ID
	}
	if creatorID == nil && orgID == nil {
		return nil, nil, errcode.Forbiddenf("create your creator profile first, or submit for an organization you are a member of")
	}
	return creatorID, orgID, nil
}

// Update edits a draft, or a submission sent back with changes requested. Once submitted, a
// submission's fields are frozen.
func (w *Service) Update(ctx context.Context, id, expectedVersion int, in Fields) (*ent.Submission, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	return w.move(ctx, step{action: Edit, id: id, expectedVersion: expectedVersion,
		apply: func(ctx context.Context, tx *ent.Tx, s *ent.Submission, u *ent.SubmissionUpdateOne) error {
			if in.Kind != nil {
				u.SetKind(*in.Kind)
			}
			if in.Title != nil {
				u.SetTitle(*in.Title)
			}
			if in.Summary != nil {
				u.SetSummary(*in.Summary)
			}
			setOrClear(in.Body, u.SetBody, u.ClearBody)
			setOrClear(in.MediaURL, u.SetMediaURL, u.ClearMediaURL)
			setOrClear(in.ThumbnailURL, u.SetThumbnailURL, u.ClearThumbnailURL)
			if in.DurationSeconds != nil {
				u.SetDurationSeconds(*in.DurationSeconds)
			}
			if in.Language != nil {
				u.SetLanguage(*in.Language)
			}
			if in.HashtagsSet {
				u.SetHashtags(nonNil(in.Hashtags))
			}
			if in.TopicsSet {
				ts, err := topics(ctx, tx, in.TopicSlugs)
				if err != nil {
					return err
				}
				revisesSensitive, err := w.revisesSensitive(ctx, tx, s.ContentID)
				if err != nil {
					return err
				}
				u.ClearTopics().AddTopics(ts...).SetSensitive(anySensitive(ts) || revisesSensitive)
			}
			return nil
		}})
}

// Submit sends a draft (or a submission with changes requested) to the moderation queue.
func (w *Service) Submit(ctx context.Context, id, expectedVersion int) (*ent.Submission, error) {
	return w.move(ctx, step{action: Submit, id: id, expectedVersion: expectedVersion,
		check: func(_ context.Context, _ *ent.Tx, s *ent.Submission) error { return complete(s) },
		apply: func(_ context.Context, _ *ent.Tx, s *ent.Submission, u *ent.SubmissionUpdateOne) error {
			now := w.clock.Now()
			u.SetSubmittedAt(now).SetQueueKey(QueueKey(s.Reported, s.Sensitive, now)).
				ClearDecisionReason().ClearDecisionNote()
			return nil
		}})
}

// Withdraw takes a submission out of the workflow for good.
func (w *Service) Withdraw(ctx context.Context, id, expectedVersion int) (*ent.Submission, error) {
	return w.move(ctx, step{action: Withdraw, id: id, expectedVersion: expectedVersion,
		apply: func(_ context.Context, _ *ent.Tx, _ *ent.Submission, u *ent.SubmissionUpdateOne) error {
			u.ClearClaimedBy().ClearClaimExpiresAt()
			return nil
		}})
}

// Appeal sends a rejected submission back to review, once. The reviewer who rejected it may not
// decide the appeal.
func (w *Service) Appeal(ctx context.Context, id, expectedVersion int, note string) (*ent.Submission, error) {
	note, err := limit.Trim(note, 1, limit.Note)
	if err != nil {
		return nil, errcode.Input("note", "say why the decision should change: %v", err)
	}
	return w.move(ctx, step{action: Appeal, id: id, expectedVersion: expectedVersion, note: note,
		check: func(_ context.Context, _ *ent.Tx, s *ent.Submission) error {
			if s.Appealed {
				return errcode.New(errcode.InvalidTransition, "a submission can be appealed only once")
			}
			return nil
		},
		apply: func(_ context.Context, _ *ent.Tx, s *ent.Submission, u *ent.SubmissionUpdateOne) error {
			now := w.clock.Now()
			u.SetAppealed(true).SetAppealNote(note).SetSubmittedAt(now).
				SetQueueKey(QueueKey(s.Reported, s.Sensitive, now))
			return nil
		}})
}

func setOrClear(v *string, set func(string) *ent.SubmissionUpdateOne, clear func() *ent.SubmissionUpdateOne) {
	switch {
	case v == nil:
	case *v == "":
		clear()
	default:
		set(*v)
	}
}

func emptyToNil(s *string) *string {
	if s == nil || *s == "" {
		return nil
	}
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// revisesSensitive reports whether the content a revision revises is sensitive now. Such a
// revision stays sensitive whatever topics it lists, so dropping a topic cannot take it past
// clinical review and off its content warning.
func (w *Service) revisesSensitive(ctx context.Context, tx *ent.Tx, contentID *int) (bool, error) {
	if contentID == nil {
		return false, nil
	}
	c, err := tx.Content.Get(privacy.DecisionContext(ctx, privacy.Allow), *contentID)
	if err != nil {
		return false, fmt.Errorf("load revised content: %w", err)
	}
	return c.ContentWarning == content.ContentWarningSENSITIVE || c.ClinicallyReviewed, nil
}

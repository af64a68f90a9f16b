package workflow

import (
	"context"
	"fmt"
	"time"

	"haven/access"
	"haven/audit"
	"haven/auth"
	"haven/clock"
	"haven/database"
	"haven/ent"
	"haven/ent/account"
	"haven/ent/creator"
	"haven/ent/organization"
	"haven/ent/privacy"
	"haven/ent/submission"
	"haven/errcode"
	"haven/notfound"
	"haven/queuefeed"
)

// ClaimLease is how long a claim keeps other reviewers off a submission.
const ClaimLease = 30 * time.Minute

// Service runs the submission workflow: every move of a submission, checked against the
// transition table and the separation-of-duties rules, made with its audit event in one
// transaction.
type Service struct {
	client *ent.Client
	clock  clock.Clock
	audit  *audit.Log
	notify *queuefeed.Broker // nil: nobody is told
}

// New returns a workflow service.
func New(client *ent.Client, clk clock.Clock, al *audit.Log) *Service {
	return &Service{client: client, clock: clk, audit: al}
}

// WithNotifier makes the service tell b about every change of the moderation queue.
func (w *Service) WithNotifier(b *queuefeed.Broker) *Service {
	w.notify = b
	return w
}

// queueChanged tells subscribers, when tx commits, that a submission entered, moved in or left
// the moderation queue.
func (w *Service) queueChanged(ctx context.Context, tx *ent.Tx, id int, action string, from, to Status) error {
	if w.notify == nil || (!InQueue(from) && !InQueue(to) && action != "reported") {
		return nil
	}
	return w.notify.Publish(ctx, tx, queuefeed.Change{SubmissionID: id, Action: action, Status: string(to), At: w.clock.Now()})
}

// step is one workflow action on one submission.
type step struct {
	action          Action
	id              int
	expectedVersion int
	reason, note    string // recorded in the audit event
	// check runs after the common checks and may refuse the move with a precise code.
	check func(ctx context.Context, tx *ent.Tx, s *ent.Submission) error
	// apply sets the action's fields on the update, beside status and version.
	apply func(ctx context.Context, tx *ent.Tx, s *ent.Submission, u *ent.SubmissionUpdateOne) error
	// after runs once the submission row is updated, in the same transaction.
	after func(ctx context.Context, tx *ent.Tx, s *ent.Submission) error
}

// move runs st as the viewer in ctx: role, visibility, version, separation of duties, another
// reviewer's claim and the transition table, in that order, each with its own code; then one
// conditional update (WHERE version = expected) and its audit event in one transaction. Of two
// concurrent moves from the same version exactly one wins; the other gets CONFLICT.
func (w *Service) move(ctx context.Context, st step) (*ent.Submission, error) {
	v := auth.FromContext(ctx)
	actor := ActorOf(st.action)
	if actor != System {
		if _, err := access.Require(ctx, permission[actor]); err != nil {
			return nil, err
		}
	}
	var out *ent.Submission
	err := database.WithTx(ctx, w.client, func(ctx context.Context, tx *ent.Tx) error {
		// The chain lock first, before any row: workflow transactions then never deadlock one
		// another (a take-down and a publication of the same content, say).
		if err := w.audit.Lock(ctx, tx); err != nil {
			return err
		}
		s, err := tx.Submission.Get(ctx, st.id)
		if absent(err) {
			return errcode.NotFoundf("submission not found")
		}
		if err != nil {
			return fmt.Errorf("load submission %d: %w", st.id, err)
		}
		if s.Version != st.expectedVersion {
			return errcode.New(errcode.Conflict, "submission changed since version %d (now %d); reload and try again", st.expectedVersion, s.Version)
		}
		if err := w.mayAct(ctx, tx, v, actor, st.action, s); err != nil {
			return err
		}
		now := w.clock.Now()
		from := effectiveStatus(s, now)
		// Someone else's live claim is CONFLICT for every reviewer action, claiming included, which
		// the table alone would call an invalid transition.
		if actor == Reviewer && from == InReview && deref(s.ClaimedBy) != v.Subject {
			return errcode.New(errcode.Conflict, "another reviewer has claimed this submission until %s", s.ClaimExpiresAt.Format(time.RFC3339))
		}
		to, ok := Next(st.action, from)
		if !ok {
			return errcode.New(errcode.InvalidTransition, "cannot %s a submission that is %s", verb(st.action), from)
		}
		if st.check != nil {
			if err := st.check(ctx, tx, s); err != nil {
				return err
			}
		}
		u := tx.Submission.UpdateOneID(s.ID).Where(submission.Version(st.expectedVersion)).
			SetStatus(to).SetVersion(s.Version + 1)
		if st.apply != nil {
			if err := st.apply(ctx, tx, s, u); err != nil {
				return err
			}
		}
		updated, err := u.Save(w.elevate(ctx, actor))
		if ent.IsNotFound(err) {
			return errcode.New(errcode.Conflict, "submission changed meanwhile; reload and try again")
		}
		if err != nil {
			return fmt.Errorf("%s submission %d: %w", st.action, s.ID, err)
		}
		if _, err := w.audit.Append(ctx, tx, audit.Event{
			Action: "submission." + string(st.action), EntityType: "Submission", EntityID: s.ID,
			From: string(s.Status), To: string(to), Reason: st.reason, Note: st.note,
		}); err != nil {
			return err
		}
		if err := w.queueChanged(ctx, tx, s.ID, string(st.action), s.Status, to); err != nil {
			return err
		}
		if st.after != nil {
			if err := st.after(ctx, tx, updated); err != nil {
				return err
			}
		}
		countDecision(ctx, string(st.action))
		out = updated
		return nil
	})
	return database.Detach(ctx, out, err)
}

// elevate lets the system actor's writes through privacy; everyone else writes as themselves,
// so privacy checks their write again.
func (w *Service) elevate(ctx context.Context, actor Actor) context.Context {
	if actor == System || auth.FromContext(ctx).System {
		return privacy.DecisionContext(ctx, privacy.Allow)
	}
	return ctx
}

// mayAct applies ownership and the separation-of-duties rules, which hold whatever roles the
// viewer has: nobody decides on a submission they authored or that belongs to an organization
// they are a member of; the moderator who rejected does not decide the appeal; nobody publishes a
// revision they approved.
func (w *Service) mayAct(ctx context.Context, tx *ent.Tx, v *auth.Viewer, actor Actor, action Action, s *ent.Submission) error {
	if actor == System || v.System {
		return nil
	}
	author := v.AccountID != 0 && s.AuthorID == v.AccountID
	member, err := w.memberOf(ctx, tx, v, s)
	if err != nil {
		return err
	}
	// Acting for an organization takes the org_member role; any membership is a conflict of
	// interest when deciding, and so is owning the creator profile the submission is for (a
	// revision of my content written by a colleague is still mine).
	own := author || member
	if !own && actor != Owner {
		if own, err = w.ownsProfile(ctx, tx, v, s); err != nil {
			return err
		}
	}
	switch actor {
	case Owner:
		if !author && !(member && access.ActsFor(v, access.ForOrganization)) {
			return errcode.Forbiddenf("only the author or a member of the submission's organization may %s it", verb(action))
		}
	case Reviewer:
		if own {
			return access.Refuse(access.NoReviewOfOwn)
		}
		if s.Appealed && deref(s.RejectedBy) == v.Subject {
			return access.Refuse(access.NoAppealByRejecter)
		}
	case Publisher:
		if own {
			return access.Refuse(access.NoPublishOfOwn)
		}
		if deref(s.ApprovedBy) == v.Subject {
			return access.Refuse(access.NoPublishOfApproved)
		}
	}
	return nil
}

// ownsProfile reports whether s is for the creator profile v's account owns.
func (w *Service) ownsProfile(ctx context.Context, tx *ent.Tx, v *auth.Viewer, s *ent.Submission) (bool, error) {
	if s.CreatorID == nil || v.AccountID == 0 {
		return false, nil
	}
	ok, err := tx.Creator.Query().Where(creator.ID(*s.CreatorID), creator.OwnerID(v.AccountID)).
		Exist(privacy.DecisionContext(ctx, privacy.Allow))
	if err != nil {
		return false, fmt.Errorf("check profile owner: %w", err)
	}
	return ok, nil
}

// memberOf reports whether v's account is a member of s's organization, from the database.
func (w *Service) memberOf(ctx context.Context, tx *ent.Tx, v *auth.Viewer, s *ent.Submission) (bool, error) {
	if s.OrganizationID == nil || v.AccountID == 0 {
		return false, nil
	}
	return isMember(ctx, tx.Client(), *s.OrganizationID, v.AccountID)
}

// isMember reports whether the account is a member of the organization.
func isMember(ctx context.Context, c *ent.Client, orgID, accountID int) (bool, error) {
	ok, err := c.Organization.Query().
		Where(organization.ID(orgID), organization.HasMembersWith(account.ID(accountID))).
		Exist(privacy.DecisionContext(ctx, privacy.Allow))
	if err != nil {
		return false, fmt.Errorf("check membership: %w", err)
	}
	return ok, nil
}

// effectiveStatus treats a claim whose lease ran out as released.
func effectiveStatus(s *ent.Submission, now time.Time) Status {
	if s.Status == InReview && s.ClaimExpiresAt != nil && !now.Before(*s.ClaimExpiresAt) {
		return Submitted
	}
	return s.Status
}

// QueueKey orders the moderation queue: reported first, then sensitive, then oldest submitted.
func QueueKey(reported, sensitive bool, submittedAt time.Time) string {
	rank := 3
	switch {
	case reported && sensitive:
		rank = 0
	case reported:
		rank = 1
	case sensitive:
		rank = 2
	}
	return fmt.Sprintf("%d|%s", rank, submittedAt.UTC().Format("20060102T150405.000000000"))
}

func verb(a Action) string {
	switch a {
	case RequestChanges:
		return "request changes on"
	case CancelSchedule:
		return "cancel the schedule of"
	case PublishDue:
		return "publish"
	}
	return string(a)
}

func absent(err error) bool { return notfound.Is(err) }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

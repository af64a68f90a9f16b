package workflow

import (
	"context"
	"slices"
	"strings"

	"haven/access"
	"haven/auth"
	"haven/ent"
	"haven/ent/schema/enum"
	"haven/errcode"
	"haven/limit"
)

// SafeMessagingCheck is one item of the safe-messaging checklist (enum.SafeMessagingChecks) a
// clinical reviewer attests before approving a sensitive submission.
type SafeMessagingCheck = enum.SafeMessagingCheck

// SafeMessagingChecks is the whole checklist; a sensitive submission needs every item.
var SafeMessagingChecks = enum.SafeMessagingChecks()

// Claim takes a submission for review: a lease of ClaimLease during which other reviewers get
// CONFLICT. An expired claim may be taken over.
func (w *Service) Claim(ctx context.Context, id, expectedVersion int) (*ent.Submission, error) {
	return w.move(ctx, step{action: Claim, id: id, expectedVersion: expectedVersion,
		apply: func(ctx context.Context, _ *ent.Tx, _ *ent.Submission, u *ent.SubmissionUpdateOne) error {
			u.SetClaimedBy(auth.FromContext(ctx).Subject).SetClaimExpiresAt(w.clock.Now().Add(ClaimLease))
			return nil
		}})
}

// Release gives a claimed submission back to the queue.
func (w *Service) Release(ctx context.Context, id, expectedVersion int) (*ent.Submission, error) {
	return w.move(ctx, step{action: Release, id: id, expectedVersion: expectedVersion,
		apply: func(_ context.Context, _ *ent.Tx, _ *ent.Submission, u *ent.SubmissionUpdateOne) error {
			u.ClearClaimedBy().ClearClaimExpiresAt()
			return nil
		}})
}

// Approve approves a submission, from the queue (an implicit claim) or from the caller's claim.
// A sensitive submission needs the clinical_reviewer role and every safe-messaging check.
func (w *Service) Approve(ctx context.Context, id, expectedVersion int, note string, checks []SafeMessagingCheck) (*ent.Submission, error) {
	note, err := limit.Trim(note, 0, limit.Note)
	if err != nil {
		return nil, errcode.Input("note", "%v", err)
	}
	attested, err := normalizeChecks(checks)
	if err != nil {
		return nil, err
	}
	sensitive := false
	return w.move(ctx, step{action: Approve, id: id, expectedVersion: expectedVersion, note: note,
		check: func(ctx context.Context, tx *ent.Tx, s *ent.Submission) error {
			// A revision of content that became sensitive after the revision was written is
			// sensitive too, whatever topics it lists.
			revises, err := w.revisesSensitive(ctx, tx, s.ContentID)
			if err != nil {
				return err
			}
			if sensitive = s.Sensitive || revises; !sensitive {
				return nil
			}
			if !access.Allowed(ctx, access.SubmissionApproveSensitive) {
				return errcode.New(errcode.ClinicalReviewRequired, "this submission touches a sensitive topic; a clinical reviewer must approve it")
			}
			if missing := missingChecks(attested); len(missing) > 0 {
				return errcode.New(errcode.ChecklistIncomplete, "attest every safe-messaging check; missing: %s", strings.Join(missing, ", "))
			}
			return nil
		},
		apply: func(ctx context.Context, _ *ent.Tx, _ *ent.Submission, u *ent.SubmissionUpdateOne) error {
			who := auth.FromContext(ctx).Subject
			u.SetApprovedBy(who).SetDecidedBy(who).SetChecks(attested).SetSensitive(sensitive).
				ClearClaimedBy().ClearClaimExpiresAt().ClearDecisionReason()
			if note != "" {
				u.SetDecisionNote(note)
			} else {
				u.ClearDecisionNote()
			}
			return nil
		}})
}

// RequestChanges sends a submission back to its author with a reason and a note they can read.
func (w *Service) RequestChanges(ctx context.Context, id, expectedVersion int, reason enum.DecisionReason, note string) (*ent.Submission, error) {
	return w.decide(ctx, RequestChanges, id, expectedVersion, reason, note)
}

// Reject rejects a submission with a reason and a note the author can read. The author may
// appeal once.
func (w *Service) Reject(ctx context.Context, id, expectedVersion int, reason enum.DecisionReason, note string) (*ent.Submission, error) {
	return w.decide(ctx, Reject, id, expectedVersion, reason, note)
}

func (w *Service) decide(ctx context.Context, action Action, id, expectedVersion int, reason enum.DecisionReason, note string) (*ent.Submission, error) {
	if err := reason.Validate(); err != nil {
		return nil, errcode.Input("reason", "%v", err)
	}
	note, err := limit.Trim(note, 1, limit.Note)
	if err != nil {
		return nil, errcode.Input("note", "tell the author what to change or why: %v", err)
	}
	return w.move(ctx, step{action: action, id: id, expectedVersion: expectedVersion, reason: string(reason), note: note,
		apply: func(ctx context.Context, _ *ent.Tx, _ *ent.Submission, u *ent.SubmissionUpdateOne) error {
			who := auth.FromContext(ctx).Subject
			u.SetDecisionReason(reason).SetDecisionNote(note).SetDecidedBy(who).
				ClearClaimedBy().ClearClaimExpiresAt()
			if action == Reject {
				u.SetRejectedBy(who)
			}
			return nil
		}})
}

// normalizeChecks refuses unknown checks and returns the attested ones sorted, without repeats.
func normalizeChecks(checks []SafeMessagingCheck) ([]SafeMessagingCheck, error) {
	out := []SafeMessagingCheck{}
	for _, c := range checks {
		if err := c.Validate(); err != nil {
			return nil, errcode.Input("checks", "unknown safe-messaging check %q", c)
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out, nil
}

func missingChecks(attested []SafeMessagingCheck) []string {
	var missing []string
	for _, c := range SafeMessagingChecks {
		if !slices.Contains(attested, c) {
			missing = append(missing, string(c))
		}
	}
	return missing
}

package inbox

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"haven/access"
	"haven/auth"
	"haven/ent"
	"haven/ent/account"
	"haven/ent/auditevent"
	"haven/ent/notification"
	"haven/ent/organization"
	"haven/ent/submission"
)

// submissionKinds maps the submission actions that notify to their kind. A decision on an
// appeal (approve, request_changes or reject after the author appealed) is APPEAL_DECIDED
// instead, with the decision as its outcome.
var submissionKinds = map[string]notification.Kind{
	"submission.submit":          notification.KindSUBMITTED,
	"submission.appeal":          notification.KindSUBMITTED,
	"submission.request_changes": notification.KindCHANGES_REQUESTED,
	"submission.reject":          notification.KindREJECTED,
	"submission.approve":         notification.KindAPPROVED,
	"submission.schedule":        notification.KindSCHEDULED,
	"submission.publish":         notification.KindPUBLISHED,
	"submission.publish_due":     notification.KindPUBLISHED,
	"submission.withdraw":        notification.KindWITHDRAWN,
	"submission.cancel_schedule": notification.KindSCHEDULE_CANCELLED,
	"submission.supersede":       notification.KindSUPERSEDED,
}

// decisions are the reviewers' decisions, which decide an appeal when one is pending.
var decisions = map[string]bool{
	"submission.approve": true, "submission.request_changes": true, "submission.reject": true,
}

// ownerActions are taken by the author's side (the author or a member of the organization),
// whom the other members may see by name; every other action is staff's or the system's.
var ownerActions = map[string]bool{"submission.submit": true, "submission.appeal": true, "submission.withdraw": true}

// Observe is the audit observer (audit.Log.Observe): it writes the notifications of the change
// e records, in tx, the change's transaction. It runs with the allow decision Append set.
func (s *Service) Observe(ctx context.Context, tx *ent.Tx, e *ent.AuditEvent) error {
	switch {
	case e.Action == "report.create":
		return s.issueReceipt(ctx, tx, e)
	case e.EntityType == "Submission":
		return s.onSubmission(ctx, tx, e)
	case e.Action == "content.unpublish" || e.Action == "content.take_down":
		return s.onContent(ctx, tx, e)
	case e.Action == "report.dismiss" || e.Action == "report.action":
		return s.onReportResolved(ctx, tx, e)
	}
	return nil
}

// actorFor is who acted as an author may learn it: the system by name, a member of the
// author's side by subject, anyone else as "staff" (as in a submission's history).
func actorFor(e *ent.AuditEvent) string {
	switch {
	case e.Actor == access.SystemActor:
		return access.SystemActor
	case ownerActions[e.Action]:
		return e.Actor
	}
	return access.StaffActor
}

func (s *Service) onSubmission(ctx context.Context, tx *ent.Tx, e *ent.AuditEvent) error {
	kind, ok := submissionKinds[e.Action]
	if !ok {
		return nil
	}
	sub, err := tx.Submission.Get(ctx, e.EntityID)
	if err != nil {
		return fmt.Errorf("inbox: load submission %d: %w", e.EntityID, err)
	}
	d := draft{kind: kind, entityType: "Submission", entityID: sub.ID, title: ptr(sub.Title),
		reason: e.Reason, note: e.Note, actor: actorFor(e)}
	if e.Action == "submission.appeal" {
		d.outcome = ptr("APPEALED")
	}
	appealed := false
	if decisions[e.Action] {
		if appealed, err = s.decidesAppeal(ctx, tx, e); err != nil {
			return err
		}
	}
	switch {
	case appealed:
		d.kind, d.outcome = notification.KindAPPEAL_DECIDED, e.ToStatus
		if e.Action == "submission.reject" {
			d.appealOpen = ptr(false)
		}
	case e.Action == "submission.reject":
		d.appealOpen = ptr(!sub.Appealed)
	}
	var recipients []int
	switch e.Action {
	case "submission.supersede":
		recipients, err = supersededAuthor(ctx, tx, sub)
	case "submission.withdraw":
		if recipients, err = owners(ctx, tx, &sub.AuthorID, sub.CreatorID, sub.OrganizationID); err == nil {
			var reviewer int
			reviewer, err = lapsedClaimer(ctx, tx, e)
			if reviewer != 0 {
				recipients = append(recipients, reviewer)
			}
		}
	default:
		recipients, err = owners(ctx, tx, &sub.AuthorID, sub.CreatorID, sub.OrganizationID)
	}
	if err != nil {
		return err
	}
	return s.write(ctx, tx, d, recipients, nil)
}

// supersededAuthor returns the author of a revision that a newer one replaced as its content's
// live revision, unless they wrote the newer one too: that author already hears PUBLISHED of
// their own revision, and the rest of the author side hear it for whoever wrote it.
func supersededAuthor(ctx context.Context, tx *ent.Tx, old *ent.Submission) ([]int, error) {
	if old.ContentID == nil {
		return []int{old.AuthorID}, nil
	}
	authors, err := tx.Submission.Query().
		Where(submission.ContentID(*old.ContentID), submission.StatusEQ(submission.StatusPUBLISHED), submission.IDNEQ(old.ID)).
		Select(submission.FieldAuthorID).Ints(ctx)
	if err != nil {
		return nil, fmt.Errorf("inbox: load the revision that replaced %d: %w", old.ID, err)
	}
	if slices.Contains(authors, old.AuthorID) {
		return nil, nil
	}
	return []int{old.AuthorID}, nil
}

// lapsedClaimer returns the account of the reviewer whose claim on a withdrawn submission had
// lapsed (0 when there was none): a submission under a live claim cannot be withdrawn, but one
// whose claim ran out can, while its reviewer may still be working on it. Their claim is the
// submission's last, since only a claim leads into IN_REVIEW.
func lapsedClaimer(ctx context.Context, tx *ent.Tx, e *ent.AuditEvent) (int, error) {
	if deref(e.FromStatus) != string(submission.StatusIN_REVIEW) {
		return 0, nil
	}
	claim, err := tx.AuditEvent.Query().
		Where(auditevent.EntityType("Submission"), auditevent.EntityID(e.EntityID), auditevent.SeqLT(e.Seq),
			auditevent.Action("submission.claim")).
		Order(ent.Desc(auditevent.FieldSeq)).First(ctx)
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("inbox: load the claim of submission %d: %w", e.EntityID, err)
	}
	id, err := tx.Account.Query().Where(account.Subject(claim.Actor)).OnlyID(ctx)
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("inbox: load the claiming reviewer's account: %w", err)
	}
	return id, nil
}

// decidesAppeal reports whether the decision e answers an appeal: the submission's last entry
// into the queue before it was an appeal rather than a submission.
func (s *Service) decidesAppeal(ctx context.Context, tx *ent.Tx, e *ent.AuditEvent) (bool, error) {
	last, err := tx.AuditEvent.Query().
		Where(auditevent.EntityType("Submission"), auditevent.EntityID(e.EntityID), auditevent.SeqLT(e.Seq),
			auditevent.ActionIn("submission.submit", "submission.appeal")).
		Order(ent.Desc(auditevent.FieldSeq)).First(ctx)
	if ent.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("inbox: load history of submission %d: %w", e.EntityID, err)
	}
	return last.Action == "submission.appeal", nil
}

func (s *Service) onContent(ctx context.Context, tx *ent.Tx, e *ent.AuditEvent) error {
	c, err := tx.Content.Get(ctx, e.EntityID)
	if err != nil {
		return fmt.Errorf("inbox: load content %d: %w", e.EntityID, err)
	}
	d := draft{kind: notification.KindTAKEN_DOWN, entityType: "Content", entityID: c.ID, title: ptr(c.Title),
		reason: e.Reason, note: e.Note, actor: actorFor(e)}
	if e.Action == "content.unpublish" {
		// An unpublication's reason is free text, recorded as the event's note.
		d.kind, d.reason, d.note = notification.KindUNPUBLISHED, e.Note, nil
	}
	recipients, err := owners(ctx, tx, nil, c.CreatorID, c.OrganizationID)
	if err != nil {
		return err
	}
	return s.write(ctx, tx, d, recipients, nil)
}

// onReportResolved tells a signed-in reporter the outcome of their report: its status only, and
// never who resolved it or the moderator's note.
func (s *Service) onReportResolved(ctx context.Context, tx *ent.Tx, e *ent.AuditEvent) error {
	r, err := tx.Report.Get(ctx, e.EntityID)
	if err != nil {
		return fmt.Errorf("inbox: load report %d: %w", e.EntityID, err)
	}
	subject, ok := strings.CutPrefix(deref(r.Reporter), "subject:")
	if !ok || subject == "" {
		return nil // an anonymous reporter learns the outcome through a receipt
	}
	id, err := tx.Account.Query().Where(account.Subject(subject)).OnlyID(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("inbox: load reporter account: %w", err)
	}
	d := draft{kind: notification.KindREPORT_RESOLVED, entityType: "Report", entityID: r.ID,
		outcome: ptr(string(r.Status)), actor: access.StaffActor}
	if c, err := tx.Content.Get(ctx, r.ContentID); err == nil {
		d.title = ptr(c.Title)
	} else if !ent.IsNotFound(err) {
		return fmt.Errorf("inbox: load reported content: %w", err)
	}
	return s.write(ctx, tx, d, []int{id}, nil)
}

// owners returns the accounts a submission or content belongs to: its author (submissions), the
// owner of its creator profile and every member of its organization.
func owners(ctx context.Context, tx *ent.Tx, authorID, creatorID, orgID *int) ([]int, error) {
	var ids []int
	if authorID != nil {
		ids = append(ids, *authorID)
	}
	if creatorID != nil {
		c, err := tx.Creator.Get(ctx, *creatorID)
		if err != nil {
			return nil, fmt.Errorf("inbox: load creator %d: %w", *creatorID, err)
		}
		ids = append(ids, c.OwnerID)
	}
	if orgID != nil {
		members, err := tx.Organization.Query().Where(organization.ID(*orgID)).QueryMembers().IDs(ctx)
		if err != nil {
			return nil, fmt.Errorf("inbox: load members of organization %d: %w", *orgID, err)
		}
		ids = append(ids, members...)
	}
	return ids, nil
}

// EndpointDisabled tells the admins, in tx, that the webhook endpoint was disabled after failing
// for a day. Package webhook calls it in the transaction that disables the endpoint.
func (s *Service) EndpointDisabled(ctx context.Context, tx *ent.Tx, endpointID int, url string) error {
	d := draft{kind: notification.KindWEBHOOK_ENDPOINT_DISABLED, entityType: "WebhookEndpoint", entityID: endpointID,
		title: ptr(url), reason: ptr("failing for a day"), actor: access.SystemActor}
	return s.write(allow(ctx), tx, d, nil, []string{string(auth.RoleAdmin)})
}

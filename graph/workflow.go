package graph

import (
	"context"
	"haven/access"

	"haven/audit"
	"haven/auth"
	"haven/ent"
	"haven/ent/auditevent"
	"haven/ent/privacy"
	"haven/ent/report"
	"haven/ent/submission"
	"haven/errcode"
	"haven/graph/model"
	"haven/workflow"
)

// fields converts the GraphQL submission fields to the workflow's.
func createFields(in model.CreateSubmissionInput) workflow.CreateInput {
	return workflow.CreateInput{
		Fields: workflow.Fields{
			Kind: &in.Kind, Title: &in.Title, Summary: &in.Summary, Body: in.Body, MediaURL: in.MediaURL,
			ThumbnailURL: in.ThumbnailURL, DurationSeconds: in.DurationSeconds, Language: in.Language,
			Hashtags: in.Hashtags, HashtagsSet: in.Hashtags != nil, TopicSlugs: in.TopicSlugs, TopicsSet: in.TopicSlugs != nil,
		},
		OrganizationID: in.OrganizationID, ContentID: in.ContentID,
	}
}

func updateFields(in model.UpdateSubmissionInput) workflow.Fields {
	return workflow.Fields{
		Kind: in.Kind, Title: in.Title, Summary: in.Summary, Body: in.Body, MediaURL: in.MediaURL,
		ThumbnailURL: in.ThumbnailURL, DurationSeconds: in.DurationSeconds, Language: in.Language,
		Hashtags: in.Hashtags, HashtagsSet: in.Hashtags != nil, TopicSlugs: in.TopicSlugs, TopicsSet: in.TopicSlugs != nil,
	}
}

func approveArgs(in *model.ApproveInput) (string, []workflow.SafeMessagingCheck) {
	if in == nil {
		return "", nil
	}
	note := ""
	if in.Note != nil {
		note = *in.Note
	}
	checks := make([]workflow.SafeMessagingCheck, len(in.Checks))
	for i, c := range in.Checks {
		checks[i] = workflow.SafeMessagingCheck(c)
	}
	return note, checks
}

// requireSignedIn refuses anonymous viewers with UNAUTHENTICATED.
func requireSignedIn(ctx context.Context) (*auth.Viewer, error) {
	v := auth.FromContext(ctx)
	if v.Anonymous() {
		return nil, errcode.New(errcode.Unauthenticated, "sign in first")
	}
	return v, nil
}

// requireRole refuses viewers without any of the roles.
func requireRole(ctx context.Context, what string, roles ...auth.Role) (*auth.Viewer, error) {
	v, err := requireSignedIn(ctx)
	if err != nil {
		return nil, err
	}
	if !v.HasAny(roles...) {
		return nil, errcode.Forbiddenf("your roles do not allow you to %s", what)
	}
	return v, nil
}

func (r *queryResolver) submissions(ctx context.Context, after cursor, first *int, before cursor, last *int, orderBy *ent.SubmissionOrder, where *ent.SubmissionWhereInput) (*ent.SubmissionConnection, error) {
	if _, err := requireSignedIn(ctx); err != nil {
		return nil, err
	}
	first, last, err := page(first, last)
	if err != nil {
		return nil, err
	}
	var zero ent.Value // the default order is by ID
	if orderBy != nil && orderBy.Field != nil {
		if zero, err = orderBy.Field.Value(&ent.Submission{}); err != nil {
			return nil, err
		}
	}
	if err := cursorsFit(after, before, zero); err != nil {
		return nil, err
	}
	// Privacy scopes the rows to what the viewer's roles may see.
	return r.Client.Submission.Query().
		Paginate(ctx, after, first, before, last, ent.WithSubmissionOrder(orderBy), ent.WithSubmissionFilter(where.Filter))
}

func (r *queryResolver) moderationQueue(ctx context.Context, after cursor, first *int) (*ent.SubmissionConnection, error) {
	if _, err := requireRole(ctx, "read the moderation queue", auth.RoleModerator, auth.RoleClinicalReviewer); err != nil {
		return nil, err
	}
	first, _, err := page(first, nil)
	if err != nil {
		return nil, err
	}
	if err := cursorsFit(after, nil, ""); err != nil {
		return nil, err
	}
	return r.Client.Submission.Query().
		Where(submission.StatusIn(workflow.Submitted, workflow.InReview)).
		Paginate(ctx, after, first, nil, nil, ent.WithSubmissionOrder(&ent.SubmissionOrder{
			Direction: "ASC", Field: ent.SubmissionOrderFieldQueueKey,
		}))
}

func (r *queryResolver) auditEvents(ctx context.Context, after cursor, first *int, entityID *int) (*ent.AuditEventConnection, error) {
	if _, err := requireRole(ctx, "read the audit log", access.StaffRoles...); err != nil {
		return nil, err
	}
	first, _, err := page(first, nil)
	if err != nil {
		return nil, err
	}
	if err := cursorsFit(after, nil, nil); err != nil {
		return nil, err
	}
	q := r.Client.AuditEvent.Query()
	if entityID != nil {
		q.Where(auditevent.EntityID(*entityID))
	}
	return q.Paginate(ctx, after, first, nil, nil)
}

func (r *queryResolver) verifyAuditLog(ctx context.Context) (*model.AuditVerification, error) {
	if _, err := requireRole(ctx, "verify the audit log", auth.RoleAdmin); err != nil {
		return nil, err
	}
	res, err := audit.Verify(ctx, r.Client)
	if err != nil {
		return nil, err
	}
	return &model.AuditVerification{Ok: res.OK, Checked: res.Checked, BrokenAt: res.BrokenAt}, nil
}

// history lists a submission's audit events. The viewer can see the submission (it was resolved
// through privacy), so its history is theirs to read, staff or author; who acted is shown per
// viewer by the AuditEvent.actor resolver.
func (r *submissionResolver) history(ctx context.Context, obj *ent.Submission) ([]*ent.AuditEvent, error) {
	return r.Client.AuditEvent.Query().
		Where(auditevent.EntityType("Submission"), auditevent.EntityID(obj.ID)).
		Order(ent.Asc(auditevent.FieldSeq)).
		All(privacy.DecisionContext(ctx, privacy.Allow))
}

// auditActor is who the viewer may learn acted. Those who handle reports (moderators, clinical
// reviewers, admins) see everyone. Publishers see everyone but reporters, who may fear
// retaliation. Everyone else — authors reading their history — sees themselves and the system
// by name and staff as "staff", so nobody is singled out over a decision.
func (r *Resolver) auditActor(ctx context.Context, e *ent.AuditEvent) (string, error) {
	v := auth.FromContext(ctx)
	if v.System || v.HasAny(auth.RoleModerator, auth.RoleClinicalReviewer, auth.RoleAdmin) {
		return e.Actor, nil
	}
	if e.Action == "" {
		// Field collection loaded only the columns the client asked for; the rule needs action.
		row, err := r.Client.AuditEvent.Query().Where(auditevent.ID(e.ID)).
			Select(auditevent.FieldAction, auditevent.FieldActor).Only(privacy.DecisionContext(ctx, privacy.Allow))
		if err != nil {
			return "", err
		}
		e = row
	}
	return maskActor(v, e), nil
}

func maskActor(v *auth.Viewer, e *ent.AuditEvent) string {
	switch {
	case e.Actor == "system" || (v.Subject != "" && e.Actor == v.Subject):
		return e.Actor
	case e.Action == "report.create":
		return reporterActor
	case v.Has(auth.RolePublisher):
		return e.Actor
	}
	return staffActor
}

// reporterActor stands in for whoever filed a report.
const reporterActor = "reporter"

// staffActor stands in for a staff member's subject where non-staff read it.
const staffActor = "staff"

func isStaff(ctx context.Context) bool {
	return auth.FromContext(ctx).HasAny(access.StaffRoles...)
}

// claimedBy names the reviewer holding a submission, to staff; others learn only that it is held.
func (r *submissionResolver) claimedBy(ctx context.Context, obj *ent.Submission) *string {
	if obj.ClaimedBy == nil || isStaff(ctx) {
		return obj.ClaimedBy
	}
	s := staffActor
	return &s
}

func (r *queryResolver) reports(ctx context.Context, after cursor, first *int, status *report.Status) (*ent.ReportConnection, error) {
	if _, err := requireRole(ctx, "read reports", auth.RoleModerator, auth.RoleClinicalReviewer, auth.RoleAdmin); err != nil {
		return nil, err
	}
	first, _, err := page(first, nil)
	if err != nil {
		return nil, err
	}
	if err := cursorsFit(after, nil, ""); err != nil {
		return nil, err
	}
	q := r.Client.Report.Query()
	if status != nil {
		q.Where(report.StatusEQ(*status))
	}
	return q.Paginate(ctx, after, first, nil, nil, ent.WithReportOrder(&ent.ReportOrder{
		Direction: "ASC", Field: ent.ReportOrderFieldQueueKey,
	}))
}

func isAdmin(ctx context.Context) bool {
	v := auth.FromContext(ctx)
	return v.System || v.Has(auth.RoleAdmin)
}

// adminOnly shows an admin's internal text to admins and nothing to others.
func adminOnly(ctx context.Context, s *string) *string {
	if isAdmin(ctx) {
		return s
	}
	return nil
}

// staffOrNil names an admin to admins; others learn only that someone acted.
func staffOrNil(ctx context.Context, subject *string) *string {
	if subject == nil || isAdmin(ctx) {
		return subject
	}
	s := staffActor
	return &s
}

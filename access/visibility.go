package access

import (
	"context"

	"haven/auth"
	"haven/ent"
)

// The per-viewer visibility rules: what a viewer may learn of who acted. They sit beside the
// matrix because they are role rules too, read from the same table.

// ReporterActor stands in for whoever filed a report.
const ReporterActor = "reporter"

// StaffActor stands in for a staff member's subject where non-staff read it.
const StaffActor = "staff"

// SystemActor is the audit actor of the scheduler and other internal jobs.
const SystemActor = "system"

// MaskActor is who the viewer in ctx may learn performed an audit event of action by actor.
// Those who handle reports see everyone. Publishers see everyone but reporters, who may fear
// retaliation. Everyone else (authors reading their history) sees themselves and the system by
// name and staff as "staff", so nobody is singled out over a decision. SeesEveryActor says
// whether the action is needed at all; callers that skipped loading it ask that first.
func MaskActor(ctx context.Context, action, actor string) string {
	v := auth.FromContext(ctx)
	switch {
	case SeesEveryActor(ctx):
		return actor
	case actor == SystemActor || (v.Subject != "" && actor == v.Subject):
		return actor
	case action == "report.create":
		return ReporterActor
	case v.Has(publisher):
		return actor
	}
	return StaffActor
}

// SeesEveryActor reports whether the viewer in ctx sees every audit actor by name.
func SeesEveryActor(ctx context.Context) bool { return Allowed(ctx, ActorsRead) }

// ClaimedBy names the reviewer holding a submission to staff; others learn only that it is held.
func ClaimedBy(ctx context.Context, s *ent.Submission) *string {
	if s.ClaimedBy == nil || Allowed(ctx, AuditRead) {
		return s.ClaimedBy
	}
	staff := StaffActor
	return &staff
}

// AdminOnly shows an admin's internal text to admins and nothing to others.
func AdminOnly(ctx context.Context, s *string) *string {
	if Allowed(ctx, GrantInternalsRead) {
		return s
	}
	return nil
}

// StaffOrNil names an admin to admins; others learn only that someone acted.
func StaffOrNil(ctx context.Context, subject *string) *string {
	if subject == nil || Allowed(ctx, GrantInternalsRead) {
		return subject
	}
	staff := StaffActor
	return &staff
}

// StaffName names an admin to admins and "staff" to others.
func StaffName(ctx context.Context, subject string) string {
	return *StaffOrNil(ctx, &subject)
}

// Package access holds the ent privacy policies: the lower of Haven's two authorization layers.
// The domain packages check every rule first and return precise error codes; these policies deny
// by default underneath, so a resolver that forgets a check still cannot read a draft or write a
// row it should not. Query rules filter rather than fail, so a hidden row is exactly as absent as
// a row that does not exist.
package access

import (
	"context"

	"haven/auth"
	"haven/ent"
	"haven/ent/account"
	"haven/ent/adcreditgrant"
	"haven/ent/content"
	"haven/ent/creator"
	"haven/ent/organization"
	"haven/ent/predicate"
	"haven/ent/privacy"
	"haven/ent/registration"
	"haven/ent/submission"
)

// allowSystem lets internal jobs (scheduler, seeding, migrations of data) through.
func allowSystem() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if auth.FromContext(ctx).System {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// publicRead allows every query: the entity is public.
func publicRead() privacy.QueryPolicy {
	return privacy.QueryPolicy{privacy.AlwaysAllowRule()}
}

// writtenBy allows mutations to viewers the matrix lets perform any of the actions, and denies
// the rest.
func writtenBy(actions ...Action) privacy.MutationPolicy {
	roles := RolesOf(actions...)
	return privacy.MutationPolicy{
		allowSystem(),
		privacy.ContextQueryMutationRule(func(ctx context.Context) error {
			if auth.FromContext(ctx).HasAny(roles...) {
				return privacy.Allow
			}
			return privacy.Skip
		}),
		privacy.AlwaysDenyRule(),
	}
}

func policy(q privacy.QueryPolicy, m privacy.MutationPolicy) ent.Policy {
	return privacy.Policy{Query: q, Mutation: m}
}

// Public is the policy of public, staff-managed entities (topics, campaigns, events...): anyone
// reads; only viewers the matrix lets perform one of the actions write.
func Public(writers ...Action) ent.Policy { return policy(publicRead(), writtenBy(writers...)) }

// Content: live content is public; staff see every status; owners see their own.
func Content() ent.Policy {
	return policy(privacy.QueryPolicy{
		allowSystem(),
		privacy.ContentQueryRuleFunc(func(ctx context.Context, q *ent.ContentQuery) error {
			v := auth.FromContext(ctx)
			if RuleOf(ContentReadAll).Permits(v) {
				return privacy.Allow
			}
			ps := []predicate.Content{content.StatusEQ(content.StatusLIVE)}
			if v.AccountID != 0 {
				ps = append(ps, content.HasCreatorWith(creator.OwnerID(v.AccountID)))
			}
			if v.AccountID != 0 && ActsFor(v, ForOrganization) {
				ps = append(ps, content.HasOrganizationWith(organization.HasMembersWith(account.ID(v.AccountID))))
			}
			q.Where(content.Or(ps...))
			return privacy.Allow
		}),
	}, writtenBy(SubmissionPublish, ContentUnpublish, ContentTakeDown))
}

// Submission: authors see their own, organization members their organizations', moderators and
// clinical reviewers and admins everything but drafts, publishers approved and later. Nobody
// anonymous sees any.
func Submission() ent.Policy {
	return policy(privacy.QueryPolicy{
		allowSystem(),
		privacy.SubmissionQueryRuleFunc(func(ctx context.Context, q *ent.SubmissionQuery) error {
			v := auth.FromContext(ctx)
			if v.Anonymous() || v.AccountID == 0 {
				return privacy.Denyf("submissions are not public")
			}
			q.Where(submission.Or(SubmissionScope(v)...))
			return privacy.Allow
		}),
	}, privacy.MutationPolicy{
		allowSystem(),
		privacy.SubmissionMutationRuleFunc(func(ctx context.Context, m *ent.SubmissionMutation) error {
			v := auth.FromContext(ctx)
			if v.AccountID == 0 {
				return privacy.Denyf("sign in to change submissions")
			}
			if m.Op().Is(ent.OpCreate) {
				if author, ok := m.AuthorID(); ok && author == v.AccountID && RuleOf(SubmissionAuthor).Permits(v) {
					return privacy.Allow
				}
				return privacy.Denyf("only creators and organization members submit, as themselves")
			}
			if v.HasAny(RolesOf(SubmissionReview, SubmissionPublish)...) {
				return privacy.Allow
			}
			if ActsFor(v, ForOrganization) {
				// Members of a submission's organization act on it as its author does.
				m.Where(submission.Or(submission.AuthorID(v.AccountID),
					submission.HasOrganizationWith(organization.HasMembersWith(account.ID(v.AccountID)))))
				return privacy.Allow
			}
			if ActsFor(v, ForProfile) {
				m.Where(submission.AuthorID(v.AccountID))
				return privacy.Allow
			}
			return privacy.Skip
		}),
		privacy.AlwaysDenyRule(),
	})
}

// SubmissionScope returns the predicates (to be OR-ed) of the submissions v may see. An
// organization's submissions are visible to its members who hold the org_member role: the role
// says they act for organizations, the membership says for which.
func SubmissionScope(v *auth.Viewer) []predicate.Submission {
	ps := []predicate.Submission{submission.AuthorID(v.AccountID)}
	if ActsFor(v, ForOrganization) {
		ps = append(ps, submission.HasOrganizationWith(organization.HasMembersWith(account.ID(v.AccountID))))
	}
	for _, s := range SubmissionSight {
		if v.HasAny(s.Roles...) {
			if s.Statuses == nil {
				return append(ps, submission.StatusNEQ(submission.StatusDRAFT))
			}
			return append(ps, submission.StatusIn(s.Statuses...))
		}
	}
	return ps
}

// Sight is which submissions beyond their own the holders of some roles see.
type Sight struct {
	Roles []auth.Role
	// Statuses seen; nil is every status but DRAFT.
	Statuses []submission.Status
}

// SubmissionSight is DESIGN.md's "see submissions" row for staff, widest first: a viewer holding
// roles of several lines sees what the first of them shows.
var SubmissionSight = []Sight{
	{Roles: []auth.Role{moderator, clinician, admin}},
	{Roles: []auth.Role{publisher}, Statuses: []submission.Status{submission.StatusAPPROVED,
		submission.StatusSCHEDULED, submission.StatusPUBLISHED, submission.StatusSUPERSEDED}},
}

// Account: a viewer sees their own account; admins see all.
func Account() ent.Policy {
	return policy(privacy.QueryPolicy{
		allowSystem(),
		privacy.AccountQueryRuleFunc(func(ctx context.Context, q *ent.AccountQuery) error {
			v := auth.FromContext(ctx)
			if v.HasAny(RolesOf(OrganizationManage)...) {
				return privacy.Allow
			}
			if v.AccountID == 0 {
				return privacy.Denyf("accounts are private")
			}
			q.Where(account.ID(v.AccountID))
			return privacy.Allow
		}),
	}, privacy.MutationPolicy{
		allowSystem(),
		privacy.AccountMutationRuleFunc(func(ctx context.Context, m *ent.AccountMutation) error {
			v := auth.FromContext(ctx)
			if v.HasAny(RolesOf(OrganizationManage)...) {
				return privacy.Allow
			}
			if s, ok := m.Subject(); ok && m.Op().Is(ent.OpCreate) && s == v.Subject && s != "" {
				return privacy.Allow
			}
			return privacy.Skip
		}),
		privacy.AlwaysDenyRule(),
	})
}

// Creator profiles are public; a creator creates their own; admins update (credential badges).
func Creator() ent.Policy {
	return policy(publicRead(), privacy.MutationPolicy{
		allowSystem(),
		privacy.CreatorMutationRuleFunc(func(ctx context.Context, m *ent.CreatorMutation) error {
			v := auth.FromContext(ctx)
			if v.HasAny(RolesOf(CredentialVerify)...) {
				return privacy.Allow
			}
			if owner, ok := m.OwnerID(); ok && m.Op().Is(ent.OpCreate) && owner == v.AccountID && ActsFor(v, ForProfile) {
				return privacy.Allow
			}
			if m.Op().Is(ent.OpUpdateOne) && ActsFor(v, ForProfile) && v.AccountID != 0 {
				m.Where(creator.OwnerID(v.AccountID))
				return privacy.Allow
			}
			return privacy.Skip
		}),
		privacy.AlwaysDenyRule(),
	})
}

// Credential: kind, jurisdiction and status are public (the license number is hidden by the
// resolver); creators submit their own, admins verify.
func Credential() ent.Policy {
	return policy(publicRead(), writtenBy(CredentialSubmit, CredentialVerify))
}

// staff is the policy of staff-only records (reports): the readers read; anyone may create (a
// report); the updaters update.
func staff(readers []auth.Role, updaters []auth.Role) ent.Policy {
	return policy(privacy.QueryPolicy{
		allowSystem(),
		privacy.ContextQueryMutationRule(func(ctx context.Context) error {
			if auth.FromContext(ctx).HasAny(readers...) {
				return privacy.Allow
			}
			return privacy.Denyf("staff only")
		}),
	}, privacy.MutationPolicy{
		allowSystem(),
		privacy.OnMutationOperation(privacy.AlwaysAllowRule(), ent.OpCreate),
		privacy.ContextQueryMutationRule(func(ctx context.Context) error {
			if len(updaters) > 0 && auth.FromContext(ctx).HasAny(updaters...) {
				return privacy.Allow
			}
			return privacy.Skip
		}),
		privacy.AlwaysDenyRule(),
	})
}

// Report is readable and resolvable by moderators, clinical reviewers and admins; anyone reports.
func Report() ent.Policy {
	return staff(RolesOf(ReportRead), RolesOf(ReportResolve))
}

// AuditEvent is readable by staff and can only be appended to, never changed.
func AuditEvent() ent.Policy {
	return policy(privacy.QueryPolicy{
		allowSystem(),
		privacy.ContextQueryMutationRule(func(ctx context.Context) error {
			if auth.FromContext(ctx).HasAny(RolesOf(AuditRead)...) {
				return privacy.Allow
			}
			return privacy.Denyf("the audit log is for staff")
		}),
	}, privacy.MutationPolicy{
		privacy.OnMutationOperation(privacy.AlwaysAllowRule(), ent.OpCreate),
		privacy.AlwaysDenyRule(),
	})
}

// Registration: a viewer sees and changes their own registrations; publishers and admins see all.
func Registration() ent.Policy {
	return policy(privacy.QueryPolicy{
		allowSystem(),
		privacy.RegistrationQueryRuleFunc(func(ctx context.Context, q *ent.RegistrationQuery) error {
			v := auth.FromContext(ctx)
			if v.HasAny(RolesOf(RegistrationRead)...) {
				return privacy.Allow
			}
			if v.AccountID == 0 {
				return privacy.Denyf("sign in to see registrations")
			}
			q.Where(registration.AccountID(v.AccountID))
			return privacy.Allow
		}),
	}, privacy.MutationPolicy{
		allowSystem(),
		privacy.RegistrationMutationRuleFunc(func(ctx context.Context, m *ent.RegistrationMutation) error {
			v := auth.FromContext(ctx)
			if v.AccountID == 0 {
				return privacy.Skip
			}
			if a, ok := m.AccountID(); ok && m.Op().Is(ent.OpCreate) && a == v.AccountID {
				return privacy.Allow
			}
			if m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
				m.Where(registration.AccountID(v.AccountID))
				return privacy.Allow
			}
			return privacy.Skip
		}),
		privacy.AlwaysDenyRule(),
	})
}

// AdCreditGrant: admins see and manage grants; members of an organization see its grants.
func AdCreditGrant() ent.Policy {
	return policy(privacy.QueryPolicy{
		allowSystem(),
		privacy.AdCreditGrantQueryRuleFunc(func(ctx context.Context, q *ent.AdCreditGrantQuery) error {
			v := auth.FromContext(ctx)
			if v.HasAny(RolesOf(GrantInternalsRead)...) {
				return privacy.Allow
			}
			if v.AccountID == 0 || !ActsFor(v, ForOrganization) {
				return privacy.Denyf("grants are private")
			}
			q.Where(adcreditgrant.HasOrganizationWith(organization.HasMembersWith(account.ID(v.AccountID))))
			return privacy.Allow
		}),
	}, writtenBy(GrantPropose, GrantApprove, GrantRevoke))
}

// Restricted is the policy of records only the holders of action read and write (webhook
// endpoints and deliveries: admins); internal jobs pass as the system.
func Restricted(action Action) ent.Policy {
	roles := RolesOf(action)
	return policy(privacy.QueryPolicy{
		allowSystem(),
		privacy.ContextQueryMutationRule(func(ctx context.Context) error {
			if auth.FromContext(ctx).HasAny(roles...) {
				return privacy.Allow
			}
			return privacy.Denyf("%s only", action)
		}),
	}, writtenBy(action))
}

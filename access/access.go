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

// StaffRoles are the roles that work on content behind the scenes; the audit log is theirs to read.
var StaffRoles = []auth.Role{auth.RoleModerator, auth.RoleClinicalReviewer, auth.RolePublisher, auth.RoleAdmin}

// deciders are the roles that review submissions and reports.
var deciders = []auth.Role{auth.RoleModerator, auth.RoleClinicalReviewer}

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

// writtenBy allows mutations to viewers holding any of the roles and denies the rest.
func writtenBy(roles ...auth.Role) privacy.MutationPolicy {
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
// reads, only the given roles write.
func Public(writers ...auth.Role) ent.Policy { return policy(publicRead(), writtenBy(writers...)) }

// Content: live content is public; staff see every status; owners see their own.
func Content() ent.Policy {
	return policy(privacy.QueryPolicy{
		allowSystem(),
		privacy.ContentQueryRuleFunc(func(ctx context.Context, q *ent.ContentQuery) error {
			v := auth.FromContext(ctx)
			if v.HasAny(StaffRoles...) {
				return privacy.Allow
			}
			ps := []predicate.Content{content.StatusEQ(content.StatusLIVE)}
			if v.AccountID != 0 {
				ps = append(ps, content.HasCreatorWith(creator.OwnerID(v.AccountID)))
			}
			if v.AccountID != 0 && v.Has(auth.RoleOrgMember) {
				ps = append(ps, content.HasOrganizationWith(organization.HasMembersWith(account.ID(v.AccountID))))
			}
			q.Where(content.Or(ps...))
			return privacy.Allow
		}),
	}, writtenBy(auth.RolePublisher, auth.RoleModerator, auth.RoleClinicalReviewer))
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
				if author, ok := m.AuthorID(); ok && author == v.AccountID && v.HasAny(auth.RoleCreator, auth.RoleOrgMember) {
					return privacy.Allow
				}
				return privacy.Denyf("only creators and organization members submit, as themselves")
			}
			if v.HasAny(auth.RoleModerator, auth.RoleClinicalReviewer, auth.RolePublisher) {
				return privacy.Allow
			}
			if v.Has(auth.RoleOrgMember) {
				// Members of a submission's organization act on it as its author does.
				m.Where(submission.Or(submission.AuthorID(v.AccountID),
					submission.HasOrganizationWith(organization.HasMembersWith(account.ID(v.AccountID)))))
				return privacy.Allow
			}
			if v.Has(auth.RoleCreator) {
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
	if v.Has(auth.RoleOrgMember) {
		ps = append(ps, submission.HasOrganizationWith(organization.HasMembersWith(account.ID(v.AccountID))))
	}
	if v.HasAny(auth.RoleModerator, auth.RoleClinicalReviewer, auth.RoleAdmin) {
		ps = append(ps, submission.StatusNEQ(submission.StatusDRAFT))
	} else if v.Has(auth.RolePublisher) {
		ps = append(ps, submission.StatusIn(submission.StatusAPPROVED, submission.StatusSCHEDULED,
			submission.StatusPUBLISHED, submission.StatusSUPERSEDED))
	}
	return ps
}

// Account: a viewer sees their own account; admins see all.
func Account() ent.Policy {
	return policy(privacy.QueryPolicy{
		allowSystem(),
		privacy.AccountQueryRuleFunc(func(ctx context.Context, q *ent.AccountQuery) error {
			v := auth.FromContext(ctx)
			if v.Has(auth.RoleAdmin) {
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
			if v.Has(auth.RoleAdmin) {
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
			if v.Has(auth.RoleAdmin) {
				return privacy.Allow
			}
			if owner, ok := m.OwnerID(); ok && m.Op().Is(ent.OpCreate) && owner == v.AccountID && v.Has(auth.RoleCreator) {
				return privacy.Allow
			}
			if m.Op().Is(ent.OpUpdateOne) && v.Has(auth.RoleCreator) && v.AccountID != 0 {
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
	return policy(publicRead(), writtenBy(auth.RoleCreator, auth.RoleAdmin))
}

// Staff is the policy of staff-only records (reports, the audit log): decision roles and the
// given extra roles read; anyone may create (a report, an audit event); the writers update.
func Staff(readers []auth.Role, updaters ...auth.Role) ent.Policy {
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
	return Staff([]auth.Role{auth.RoleModerator, auth.RoleClinicalReviewer, auth.RoleAdmin}, deciders...)
}

// AuditEvent is readable by staff and can only be appended to, never changed.
func AuditEvent() ent.Policy {
	return policy(privacy.QueryPolicy{
		allowSystem(),
		privacy.ContextQueryMutationRule(func(ctx context.Context) error {
			if auth.FromContext(ctx).HasAny(StaffRoles...) {
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
			if v.HasAny(auth.RolePublisher, auth.RoleAdmin) {
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
			if v.Has(auth.RoleAdmin) {
				return privacy.Allow
			}
			if v.AccountID == 0 || !v.Has(auth.RoleOrgMember) {
				return privacy.Denyf("grants are private")
			}
			q.Where(adcreditgrant.HasOrganizationWith(organization.HasMembersWith(account.ID(v.AccountID))))
			return privacy.Allow
		}),
	}, writtenBy(auth.RoleAdmin))
}

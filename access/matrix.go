package access

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"haven/auth"
	"haven/errcode"
)

// Action names one thing a viewer may be allowed to do. It is the key of the permission matrix;
// the hub also records it as the audit log's action name.
type Action string

// The actions of the permission matrix, grouped as DESIGN.md's table groups them.
const (
	// Submissions and live content.
	SubmissionAuthor Action = "submission.author"
	SubmissionRead   Action = "submission.read"
	// ContentReadAll is seeing content that is not live (unpublished, removed).
	ContentReadAll             Action = "content.read_all"
	SubmissionReview           Action = "submission.review"
	SubmissionApproveSensitive Action = "submission.approve_sensitive"
	SubmissionPublish          Action = "submission.publish"
	ContentUnpublish           Action = "content.unpublish"
	ContentTakeDown            Action = "content.take_down"
	QueueRead                  Action = "moderation_queue.read"
	ReportCreate               Action = "report.create"
	ReportRead                 Action = "report.read"
	ReportResolve              Action = "report.resolve"
	AuditRead                  Action = "audit.read"
	AuditVerify                Action = "audit.verify"
	// ActorsRead is seeing every actor of the audit log by name, reporters included.
	ActorsRead Action = "audit.view_actors"
	// NotificationRead is reading one's own notifications (and a role's), marking them read and
	// watching for new ones.
	NotificationRead Action = "notification.read"
	// ReportReceiptRead is reading a report's status with the receipt token issued when it was
	// filed; the token, not a role, is what admits.
	ReportReceiptRead Action = "report.read_receipt"

	// Profiles, organizations, credentials, crisis resources.
	CreatorProfileCreate Action = "creator_profile.create"
	OrganizationManage   Action = "organization.manage"
	// MembersRead is seeing the members of any organization; an organization's own members see
	// its members through their membership, whatever this rule says.
	MembersRead          Action = "organization.view_members"
	CredentialSubmit     Action = "credential.submit"
	CredentialVerify     Action = "credential.verify"
	CrisisResourceManage Action = "crisis_resource.manage"
	TopicManage          Action = "topic.manage"

	// Campaign hub pages.
	CampaignCreate   Action = "campaign.create"
	CampaignUpdate   Action = "campaign.update"
	FeatureContent   Action = "feature.content"
	FeatureSpotlight Action = "feature.spotlight"
	FeaturePartner   Action = "feature.partner"
	FeatureRemove    Action = "feature.remove"
	FeatureMove      Action = "feature.move"
	FeatureRead      Action = "campaign.view_features"
	FeatureNodeRead  Action = "feature.view"
	EventCreate      Action = "event.create"
	EventUpdate      Action = "event.update"
	EventRegister    Action = "event.register"
	EventCancel      Action = "event.cancel_registration"
	RegistrationRead Action = "event.view_registrations"
	BudgetSet        Action = "campaign.set_budget"
	BudgetRead       Action = "campaign.view_budget"
	GrantPropose     Action = "grant.propose"
	GrantApprove     Action = "grant.approve"
	GrantRevoke      Action = "grant.revoke"
	// GrantInternalsRead is seeing the admin-only fields of ad-credit grants: the internal note
	// and who proposed, approved or revoked.
	GrantInternalsRead Action = "grant.view_internals"

	// Webhooks: the endpoints other systems hear of changes at, and their deliveries.
	WebhookManage Action = "webhook.manage"
)

// Who says which viewers a rule admits before roles are looked at.
type Who int

const (
	// Roles admits signed-in viewers holding one of the rule's roles.
	Roles Who = iota
	// SignedIn admits every signed-in viewer.
	SignedIn
	// Anyone admits every viewer, anonymous visitors included.
	Anyone
)

// Rule is one row of the matrix: who may perform an action, and what it is in words (the
// refusal's message and the printed matrix use them).
type Rule struct {
	Action Action
	Who    Who
	Roles  []auth.Role
	// What completes "your roles do not allow you to ...".
	What string
}

var (
	creatorRole = auth.RoleCreator
	orgMember   = auth.RoleOrgMember
	moderator   = auth.RoleModerator
	clinician   = auth.RoleClinicalReviewer
	publisher   = auth.RolePublisher
	admin       = auth.RoleAdmin
	reviewers   = []auth.Role{moderator, clinician}
	publishers  = []auth.Role{publisher}
	admins      = []auth.Role{admin}
)

// matrix is the one permission table of Haven: every role rule of the domain services, the
// resolvers and the privacy policies is read from it. Ownership (which profile or organization
// a viewer acts for) and the separation-of-duties rules (Duties) narrow it per object.
var matrix = []Rule{
	{SubmissionAuthor, Roles, []auth.Role{creatorRole, orgMember}, "write, submit, withdraw or appeal submissions"},
	{SubmissionRead, SignedIn, nil, "read submissions"},
	{ContentReadAll, Roles, []auth.Role{moderator, clinician, publisher, admin}, "see content that is not live"},
	{SubmissionReview, Roles, reviewers, "claim, release, approve, reject or request changes on submissions"},
	{SubmissionApproveSensitive, Roles, []auth.Role{clinician}, "approve sensitive submissions"},
	{SubmissionPublish, Roles, publishers, "publish, schedule or cancel the schedule of submissions"},
	{ContentUnpublish, Roles, publishers, "unpublish content"},
	{ContentTakeDown, Roles, reviewers, "take down content"},
	{QueueRead, Roles, reviewers, "read or watch the moderation queue"},
	{ReportCreate, Anyone, nil, "report live content"},
	{ReportRead, Roles, []auth.Role{moderator, clinician, admin}, "read reports"},
	{ReportResolve, Roles, reviewers, "resolve reports"},
	{AuditRead, Roles, []auth.Role{moderator, clinician, publisher, admin}, "read the audit log"},
	{AuditVerify, Roles, admins, "verify the audit log"},
	{ActorsRead, Roles, []auth.Role{moderator, clinician, admin}, "see who filed reports and who decided"},
	{NotificationRead, SignedIn, nil, "read your notifications"},
	{ReportReceiptRead, Anyone, nil, "read a report's status with its receipt"},

	{CreatorProfileCreate, Roles, []auth.Role{creatorRole}, "create a creator profile"},
	{OrganizationManage, Roles, admins, "onboard organizations or manage their members"},
	{MembersRead, Roles, admins, "see the members of organizations you do not belong to"},
	{CredentialSubmit, Roles, []auth.Role{creatorRole}, "submit credentials"},
	{CredentialVerify, Roles, admins, "verify credentials"},
	{CrisisResourceManage, Roles, admins, "manage crisis resources"},
	{TopicManage, Roles, admins, "manage topics"},

	{CampaignCreate, Roles, publishers, "create campaigns"},
	{CampaignUpdate, Roles, publishers, "update campaigns"},
	{FeatureContent, Roles, publishers, "feature content"},
	{FeatureSpotlight, Roles, publishers, "spotlight creators"},
	{FeaturePartner, Roles, publishers, "feature partner organizations"},
	{FeatureRemove, Roles, publishers, "remove placements"},
	{FeatureMove, Roles, publishers, "move placements, shifting the others"},
	{FeatureRead, Roles, publishers, "see every placement of a campaign page, in and out of its window"},
	{FeatureNodeRead, Roles, []auth.Role{publisher, admin}, "fetch a placement by its ID"},
	{EventCreate, Roles, publishers, "create events"},
	{EventUpdate, Roles, publishers, "change events: title, description, times and capacity"},
	{EventRegister, SignedIn, nil, "register for events"},
	{EventCancel, SignedIn, nil, "cancel event registrations"},
	{RegistrationRead, Roles, []auth.Role{publisher, admin}, "see everyone's event registrations"},
	{BudgetSet, Roles, admins, "set campaign budgets"},
	{BudgetRead, Roles, []auth.Role{admin, publisher}, "see campaign budgets"},
	{GrantPropose, Roles, admins, "propose ad-credit grants"},
	{GrantApprove, Roles, admins, "approve ad-credit grants"},
	{GrantRevoke, Roles, admins, "revoke ad-credit grants"},
	{GrantInternalsRead, Roles, admins, "see who decided on ad-credit grants and their internal notes"},

	{WebhookManage, Roles, admins, "register, list, disable, enable or rotate webhook endpoints and see or retry their deliveries"},
}

var rules = func() map[Action]Rule {
	m := make(map[Action]Rule, len(matrix))
	for _, r := range matrix {
		if _, dup := m[r.Action]; dup {
			panic(fmt.Sprintf("access: %s is in the matrix twice", r.Action))
		}
		m[r.Action] = r
	}
	return m
}()

// Matrix returns the permission matrix, one rule per action, in the order of the table.
func Matrix() []Rule { return slices.Clone(matrix) }

// RuleOf returns the rule of a. An action missing from the matrix is a programming error.
func RuleOf(a Action) Rule {
	r, ok := rules[a]
	if !ok {
		panic(fmt.Sprintf("access: no permission rule for %s", a))
	}
	return r
}

// RolesOf returns the roles the rules of actions admit, without repeats: the privacy policies
// underneath derive their writers and readers from the same rules. SignedIn and Anyone rules
// contribute no roles.
func RolesOf(actions ...Action) []auth.Role {
	var out []auth.Role
	for _, a := range actions {
		for _, r := range RuleOf(a).Roles {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// Permits reports whether the matrix lets v perform a. The system actor (scheduler, seeding) may
// do everything; an anonymous viewer only what Anyone may.
func (r Rule) Permits(v *auth.Viewer) bool {
	switch {
	case v.System || r.Who == Anyone:
		return true
	case v.Anonymous():
		return false
	case r.Who == SignedIn:
		return true
	}
	return v.HasAny(r.Roles...)
}

// Require returns the viewer in ctx when the matrix lets them perform a: UNAUTHENTICATED for an
// anonymous viewer of an action that needs a sign-in, FORBIDDEN for a signed-in viewer without
// one of its roles. It checks roles only; ownership and separation of duties come after.
func Require(ctx context.Context, a Action) (*auth.Viewer, error) {
	r := RuleOf(a)
	v := auth.FromContext(ctx)
	if r.Permits(v) {
		return v, nil
	}
	if v.Anonymous() {
		return nil, errcode.New(errcode.Unauthenticated, "sign in to %s", r.What)
	}
	return nil, errcode.Forbiddenf("your roles do not allow you to %s (%s only)", r.What, rolesText(r.Roles))
}

// Allowed reports whether the viewer in ctx may perform a, for reads that show less rather than
// fail.
func Allowed(ctx context.Context, a Action) bool { return RuleOf(a).Permits(auth.FromContext(ctx)) }

func rolesText(roles []auth.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, " or ")
}

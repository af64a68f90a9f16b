package seed

import "haven/auth"

// Account is a demo subject: the JWT subject, the roles a development token for it should carry,
// and a note saying what the account is for.
type Account struct {
	Subject string
	Roles   []string
	Note    string
}

// The subjects of the demo accounts that act in the seeded data.
const (
	subjectCreator          = "demo-creator"
	subjectOrgMember        = "demo-org-member"
	subjectModerator        = "demo-moderator"
	subjectClinicalReviewer = "demo-clinical-reviewer"
	subjectPublisher        = "demo-publisher"
	subjectAdmin            = "demo-admin"
	subjectAdmin2           = "demo-admin-2"
)

// roleAccount is a demo account that exists for its roles rather than for a public profile.
type roleAccount struct {
	subject     string
	displayName string
	roles       []auth.Role
	note        string
}

var roleAccounts = []roleAccount{
	{subjectCreator, "Demo Creator", []auth.Role{auth.RoleCreator},
		"creator with the profile @demo.creator; owns a draft and two submissions waiting for review"},
	{subjectOrgMember, "Demo Org Member", []auth.Role{auth.RoleOrgMember},
		"member of NAMI and AFSP; owns an approved NAMI submission ready to publish"},
	{subjectModerator, "Demo Moderator", []auth.Role{auth.RoleModerator},
		"reviews the moderation queue"},
	{subjectClinicalReviewer, "Demo Clinical Reviewer", []auth.Role{auth.RoleClinicalReviewer, auth.RoleModerator},
		"approves sensitive submissions (suicide prevention, self-harm, eating disorders)"},
	{subjectPublisher, "Demo Publisher", []auth.Role{auth.RolePublisher},
		"publishes approved content and manages campaigns, features and events"},
	{subjectAdmin, "Demo Admin", []auth.Role{auth.RoleAdmin},
		"manages organizations, credentials and ad-credit grants; proposed the demo grants"},
	{subjectAdmin2, "Demo Admin 2", []auth.Role{auth.RoleAdmin},
		"second admin, for four-eyes approval of ad-credit grants; approved the demo grants"},
}

// creatorSubject is the subject of the account that owns a spotlighted creator's profile.
func creatorSubject(handle string) string { return "creator:" + handle }

// orgSubject is the subject of the account that authored an organization's own demo pieces when
// that organization is not one of demo-org-member's.
func orgSubject(slug string) string { return "org:" + slug }

// Accounts lists the demo accounts (one per role, plus the creator and org-member owners used in
// the data), for printing development tokens.
func Accounts() []Account {
	var out []Account
	for _, a := range roleAccounts {
		roles := make([]string, len(a.roles))
		for i, r := range a.roles {
			roles[i] = string(r)
		}
		out = append(out, Account{Subject: a.subject, Roles: roles, Note: a.note})
	}
	for _, c := range creators {
		out = append(out, Account{
			Subject: creatorSubject(c.handle),
			Roles:   []string{string(auth.RoleCreator)},
			Note:    "owner of the spotlighted creator profile @" + c.handle,
		})
	}
	for _, slug := range orgAuthorSlugs() {
		out = append(out, Account{
			Subject: orgSubject(slug),
			Roles:   []string{string(auth.RoleOrgMember)},
			Note:    "member of " + orgName(slug) + "; authored its demo pieces",
		})
	}
	return out
}

// orgAuthorSlugs lists, in order of first use, the organizations whose own pieces are authored
// by an "org:<slug>" account (every organization-only piece not owned by demo-org-member's
// organizations).
func orgAuthorSlugs() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range pieces {
		if p.creator != "" || p.org == "" || demoOrgMemberOf[p.org] || seen[p.org] {
			continue
		}
		seen[p.org] = true
		out = append(out, p.org)
	}
	return out
}

// demoOrgMemberOf lists the organizations demo-org-member belongs to.
var demoOrgMemberOf = map[string]bool{"nami": true, "afsp": true}

func orgName(slug string) string {
	for _, o := range organizations {
		if o.slug == slug {
			return o.name
		}
	}
	return slug
}

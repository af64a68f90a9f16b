package access

import (
	"haven/auth"
	"haven/errcode"
)

// Duty is a separation-of-duties rule. Duties hold whatever roles a viewer has: admin is no
// superuser for them. The domain establishes the facts (who wrote, approved, proposed) and
// refuses with Refuse; this list is the only statement of the rules.
type Duty string

// The separation-of-duties rules.
const (
	NoReviewOfOwn         Duty = "no_review_of_own"
	NoResolveOnOwn        Duty = "no_resolve_on_own"
	NoAppealByRejecter    Duty = "no_appeal_by_rejecter"
	NoPublishOfOwn        Duty = "no_publish_of_own"
	NoPublishOfApproved   Duty = "no_publish_of_approved"
	NoSelfApprovedGrant   Duty = "no_self_approved_grant"
	NoSelfVerifiedLicense Duty = "no_self_verified_credential"
)

// DutyRule is a duty and its words: the refusal's message and the printed matrix's line.
type DutyRule struct {
	Duty Duty
	Text string
}

// Duties lists every separation-of-duties rule, in the order the printed matrix shows them.
var Duties = []DutyRule{
	{NoReviewOfOwn, "you may not review a submission you authored or that belongs to your organization"},
	{NoResolveOnOwn, "you may not resolve a report on content of your own or of your organization"},
	{NoAppealByRejecter, "the reviewer who rejected a submission may not decide its appeal"},
	{NoPublishOfOwn, "you may not publish a submission you authored or that belongs to your organization"},
	{NoPublishOfApproved, "you may not publish a revision you approved"},
	{NoSelfApprovedGrant, "a grant is approved by an admin other than the one who proposed it"},
	{NoSelfVerifiedLicense, "you may not verify your own credential; ask another admin"},
}

// Refuse returns the FORBIDDEN error of a broken duty.
func Refuse(d Duty) error {
	for _, r := range Duties {
		if r.Duty == d {
			return errcode.Forbiddenf("%s", r.Text)
		}
	}
	panic("access: unknown duty " + string(d))
}

// Party is whom an author acts for: their own creator profile or an organization.
type Party string

// The parties an author may act for.
const (
	ForProfile      Party = "own creator profile"
	ForOrganization Party = "own organizations"
)

// actingRoles is the role that lets a viewer act for each party; membership or ownership, from
// the database, says for which profile or organization.
var actingRoles = map[Party]auth.Role{
	ForProfile:      auth.RoleCreator,
	ForOrganization: auth.RoleOrgMember,
}

// ActsFor reports whether v's roles let them act for the party at all.
func ActsFor(v *auth.Viewer, p Party) bool { return v.Has(actingRoles[p]) }

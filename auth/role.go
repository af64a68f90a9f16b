package auth

import (
	"slices"
	"strings"
)

// A Role is a permission granted to a viewer by the identity provider.
type Role string

// The roles Haven knows about. Any other role in a token is ignored.
const (
	RoleCreator          Role = "creator"
	RoleOrgMember        Role = "org_member"
	RoleModerator        Role = "moderator"
	RoleClinicalReviewer Role = "clinical_reviewer"
	RolePublisher        Role = "publisher"
	RoleAdmin            Role = "admin"
)

// AllRoles lists every known role, sorted.
var AllRoles = []Role{
	RoleAdmin,
	RoleClinicalReviewer,
	RoleCreator,
	RoleModerator,
	RoleOrgMember,
	RolePublisher,
}

// ParseRole returns the known role named by s, ignoring case and
// surrounding white space. It reports false for an unknown role.
func ParseRole(s string) (Role, bool) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	switch r {
	case RoleCreator, RoleOrgMember, RoleModerator,
		RoleClinicalReviewer, RolePublisher, RoleAdmin:
		return r, true
	}
	return "", false
}

// normalizeRoles returns the known roles among names, deduplicated and
// sorted. Unknown names are dropped.
func normalizeRoles(names []string) []Role {
	roles := make([]Role, 0, len(names))
	for _, name := range names {
		if r, ok := ParseRole(name); ok {
			roles = append(roles, r)
		}
	}
	slices.Sort(roles)
	return slices.Compact(roles)
}

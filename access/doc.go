package access

import (
	"fmt"
	"slices"
	"strings"

	"haven/auth"
)

// columns are the viewers of the printed matrix, in DESIGN.md's order.
var columns = []auth.Role{auth.RoleCreator, auth.RoleOrgMember, auth.RoleModerator,
	auth.RoleClinicalReviewer, auth.RolePublisher, auth.RoleAdmin}

// Markdown renders the permission matrix, the submission sight and the separation-of-duties
// rules as the Markdown of docs/permissions.md. A test keeps that file equal to this rendering,
// so the document people read and the rules the code applies cannot drift apart.
func Markdown() string {
	var b strings.Builder
	b.WriteString("# Permissions\n\n")
	b.WriteString("Generated from the permission matrix in `access` (`go test ./access/ -update` rewrites it);\n")
	b.WriteString("do not edit by hand. Ownership (which creator profile or organization a viewer acts for)\n")
	b.WriteString("comes from the database and narrows every row; the separation-of-duties rules below hold\n")
	b.WriteString("whatever roles a viewer has.\n\n")
	b.WriteString("| action | key | anon |")
	for _, c := range columns {
		fmt.Fprintf(&b, " %s |", c)
	}
	b.WriteString("\n|---|---|---|")
	b.WriteString(strings.Repeat("---|", len(columns)))
	b.WriteString("\n")
	for _, r := range matrix {
		fmt.Fprintf(&b, "| %s | `%s` | %s |", r.What, r.Action, mark(r.Who == Anyone))
		for _, c := range columns {
			fmt.Fprintf(&b, " %s |", mark(r.Permits(&auth.Viewer{Subject: "x", Roles: []auth.Role{c}})))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n## Authors act for\n\n| party | role |\n|---|---|\n")
	for _, p := range []Party{ForProfile, ForOrganization} {
		fmt.Fprintf(&b, "| %s | %s |\n", p, actingRoles[p])
	}
	b.WriteString("\n## Submissions staff see beyond their own\n\n| roles | statuses |\n|---|---|\n")
	for _, s := range SubmissionSight {
		names := make([]string, len(s.Roles))
		for i, r := range s.Roles {
			names[i] = string(r)
		}
		seen := "all but DRAFT"
		if s.Statuses != nil {
			st := make([]string, len(s.Statuses))
			for i, x := range s.Statuses {
				st[i] = string(x)
			}
			seen = strings.Join(st, ", ")
		}
		fmt.Fprintf(&b, "| %s | %s |\n", strings.Join(names, ", "), seen)
	}
	b.WriteString("\n## Separation of duties\n\n")
	for _, d := range Duties {
		fmt.Fprintf(&b, "- `%s`: %s.\n", d.Duty, d.Text)
	}
	return b.String()
}

func mark(ok bool) string {
	if ok {
		return "✓"
	}
	return ""
}

// Columns returns the roles the printed matrix has a column for: every role Haven knows.
func Columns() []auth.Role { return slices.Clone(columns) }

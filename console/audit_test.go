package console_test

import (
	"strings"
	"testing"
)

// TestConsoleAuditLog: an admin reads the audit log and verifies its hash chain; a moderator is
// told the section needs the admin role.
func TestConsoleAuditLog(t *testing.T) {
	s := newSite(t)
	// The demo hub is seeded without audit events; a decision writes the first.
	id, version := queueID(t, s, "A two-minute breathing break for anxious moments")
	s.Query(s.Token("other-moderator", "moderator"),
		`mutation($id: ID!, $v: Int!) { approveSubmission(id: $id, expectedVersion: $v) { status } }`,
		map[string]any{"id": id, "v": version}, nil)
	b := newBrowser(t)
	admin := b.newTab("admin", s.URL+"/console/")
	admin.signIn("demo-admin")
	admin.waitText(`#audit-table tbody`, "other-moderator")
	if got := admin.text(`#audit-table tbody tr:last-child`); !strings.Contains(got, "approve") || !strings.Contains(got, "Approved") {
		t.Fatalf("the approval's audit row = %q", got)
	}
	admin.click(`#verify`)
	admin.waitText(`#verify-result`, "The chain is intact")
	if got := admin.text(`#verify-result`); strings.Contains(got, " 0 events") {
		t.Fatalf("verification checked nothing: %q", got)
	}
	admin.shot("audit")

	mod := b.newTab("moderator", s.URL+"/console/")
	mod.signIn("demo-moderator")
	if got := mod.text(`#nav [data-section=audit]`); got != "Audit log: needs the admin role" {
		t.Fatalf("a moderator's audit entry = %q", got)
	}
}

package profile_test

import (
	"encoding/json"
	"slices"
	"testing"

	"haven/apptest"
)

const (
	membersQ     = `query($slug: String!) { organization(slug: $slug) { members { subject displayName creator { handle } } } }`
	removeMember = `mutation($id: ID!, $subject: String!) { removeOrganizationMember(organizationID: $id, subject: $subject) { id slug } }`
)

type member struct {
	Subject     string
	DisplayName *string
	Creator     *struct{ Handle string }
}

// members returns an organization's members as the token's viewer sees them; nil when hidden.
func members(t *testing.T, h *apptest.Hub, token, slug string) []member {
	t.Helper()
	res := h.Do(token, membersQ, map[string]any{"slug": slug})
	if res.Code() != "" {
		t.Fatalf("members of %s: %s", slug, res.Raw)
	}
	var out struct {
		Organization struct{ Members *[]member }
	}
	if err := json.Unmarshal(res.Data, &out); err != nil {
		t.Fatal(err)
	}
	if out.Organization.Members == nil {
		return nil
	}
	return *out.Organization.Members
}

func subjects(ms []member) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.Subject)
	}
	return out
}

// TestOrganizationMembers: admins see every organization's members, with their creator profiles;
// a member who acts for the organization sees its members; everyone else sees null.
func TestOrganizationMembers(t *testing.T) {
	h := apptest.New(t)
	h.Organization("nami").Members("zoe-member", "amy-member").Create()
	h.Organization("afsp").Members("bob-member").Create()
	h.Organization("empty").Create()
	h.Creator("amy.counsels").Owner("amy-member").Create()

	all := members(t, h, h.Token("admin-1", "admin"), "nami")
	if got := subjects(all); !slices.Equal(got, []string{"amy-member", "zoe-member"}) {
		t.Fatalf("admin sees %v, want amy-member and zoe-member by subject", got)
	}
	if all[0].Creator == nil || all[0].Creator.Handle != "amy.counsels" || all[1].Creator != nil {
		t.Fatalf("creator profiles: %+v", all)
	}
	if got := members(t, h, h.Token("admin-1", "admin"), "empty"); got == nil || len(got) != 0 {
		t.Fatalf("an organization without members shows %v to an admin, want []", got)
	}
	if got := subjects(members(t, h, h.Token("zoe-member", "org_member"), "nami")); !slices.Equal(got, []string{"amy-member", "zoe-member"}) {
		t.Fatalf("a member sees %v", got)
	}
	for name, token := range map[string]string{
		"anonymous":                            "",
		"a member of another organization":     h.Token("bob-member", "org_member"),
		"a member without the org_member role": h.Token("zoe-member", "creator"),
		"a moderator":                          h.Token("mod-1", "moderator"),
		"a publisher":                          h.Token("pub-1", "publisher"),
		"a signed-in reader":                   h.Token("reader-1"),
	} {
		if got := members(t, h, token, "nami"); got != nil {
			t.Errorf("%s sees the members of nami: %v", name, got)
		}
	}
}

// TestRemoveOrganizationMember: admins remove a member, once however often they ask; the former
// member no longer acts for the organization; bad input and other roles are refused.
func TestRemoveOrganizationMember(t *testing.T) {
	h := apptest.New(t)
	admin := h.Token("admin-1", "admin")
	org := h.Organization("nami").Members("member-1", "member-2").Create()
	id := apptest.GID(org.ID)
	vars := map[string]any{"id": id, "subject": "member-1"}
	member := h.Token("member-1", "org_member")
	submit := `mutation($org: ID!) { createSubmission(input: {kind: ARTICLE, title: "t", summary: "s", body: "b", organizationID: $org}) { id } }`
	h.Query(member, submit, map[string]any{"org": id}, nil)

	h.Fail("UNAUTHENTICATED", "", removeMember, vars)
	for _, role := range []string{"creator", "org_member", "moderator", "clinical_reviewer", "publisher"} {
		h.Fail("FORBIDDEN", h.Token("member-2", role), removeMember, vars)
	}
	h.Fail("NOT_FOUND", admin, removeMember, map[string]any{"id": "999999", "subject": "member-1"})
	refuse(t, h, "BAD_USER_INPUT", "subject", admin, removeMember, map[string]any{"id": id, "subject": "  "})
	if got := subjects(members(t, h, admin, "nami")); !slices.Equal(got, []string{"member-1", "member-2"}) {
		t.Fatalf("refused removals changed the members: %v", got)
	}

	for range 3 {
		h.Query(admin, removeMember, map[string]any{"id": id, "subject": " member-1 "}, nil)
	}
	h.Query(admin, removeMember, map[string]any{"id": id, "subject": "never-signed-in"}, nil)
	if got := subjects(members(t, h, admin, "nami")); !slices.Equal(got, []string{"member-2"}) {
		t.Fatalf("after removing member-1: %v", got)
	}
	if events(t, h, "organization.remove_member") != 1 {
		t.Fatal("removing a member is not in the audit trail exactly once")
	}
	h.Fail("FORBIDDEN", member, submit, map[string]any{"org": id})
	if got := members(t, h, member, "nami"); got != nil {
		t.Fatalf("a former member still sees the members: %v", got)
	}
	// Added again, they act for it again.
	h.Query(admin, addMember, vars, nil)
	h.Query(member, submit, map[string]any{"org": id}, nil)
}

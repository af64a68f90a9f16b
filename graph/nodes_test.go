package graph_test

import (
	"fmt"
	"testing"
	"time"

	"haven/apptest"
	"haven/ent/content"
	"haven/ent/credential"
)

// TestNodesLoadsPerType: nodes(ids) costs a query per type (with its edges eagerly loaded), not a
// query per ID, and keeps the client's order, with null for hidden and missing IDs.
func TestNodesLoadsPerType(t *testing.T) {
	h := apptest.New(t)
	rows := richFeed(h, 30)
	hidden := h.Content("Removed").Status(content.StatusREMOVED).Create()
	const q = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Content { title creator { handle } topics { slug } } } }`
	run := func(n int) (int, []map[string]any) {
		ids := []string{apptest.GID(hidden.ID), "999999999"}
		for _, c := range rows[:n] {
			ids = append(ids, apptest.GID(c.ID))
		}
		var out struct{ Nodes []map[string]any }
		statements := h.Statements(func() { h.Query("", q, map[string]any{"ids": ids}, &out) })
		return statements, out.Nodes
	}
	few, _ := run(3)
	many, nodes := run(30)
	if few != many || many > 4 {
		t.Fatalf("nodes of 3 and 30 contents: %d and %d statements, want equal and at most 4", few, many)
	}
	if nodes[0] != nil || nodes[1] != nil {
		t.Fatalf("hidden and missing IDs answered %v and %v, want null", nodes[0], nodes[1])
	}
	for i, c := range rows[:30] {
		n := nodes[i+2]
		if n == nil || n["title"] != c.Title || n["creator"] == nil || len(n["topics"].([]any)) != 2 {
			t.Fatalf("nodes[%d] = %v, want %q with its creator and topics", i+2, n, c.Title)
		}
	}
}

// TestCreatorCredentialsLoadWithTheList: the creators list with their credentials costs the same
// statements for 3 creators as for 12, newest credential first, license numbers hidden.
func TestCreatorCredentialsLoadWithTheList(t *testing.T) {
	h := apptest.New(t)
	for i := range 12 {
		c := h.Creator(fmt.Sprintf("cred%02d", i)).Owner(fmt.Sprintf("cred-%02d", i)).Create()
		for j, kind := range []credential.Kind{credential.KindLPC, credential.KindMD} {
			h.Client().Credential.Create().SetCreator(c).SetKind(kind).SetJurisdiction("US-TX").
				SetLicenseNumber(fmt.Sprintf("L-%d-%d", i, j)).SetExpiresAt(h.Clock.Now().AddDate(1, 0, 0)).
				SetCreatedAt(h.Clock.Now().Add(time.Duration(j) * time.Minute)).ExecX(h.System())
		}
	}
	const q = `query($n: Int) { creators(first: $n) { edges { node { handle credentials { kind status licenseNumber } } } } }`
	type out struct {
		Creators struct {
			Edges []struct {
				Node struct {
					Credentials []struct {
						Kind          string
						LicenseNumber *string
					}
				}
			}
		}
	}
	count := func(n int) (int, out) {
		var o out
		return h.Statements(func() { h.Query("", q, map[string]any{"n": n}, &o) }), o
	}
	few, _ := count(3)
	many, o := count(12)
	if few != many {
		t.Fatalf("creators with credentials: %d statements for 3, %d for 12", few, many)
	}
	for _, e := range o.Creators.Edges {
		cs := e.Node.Credentials
		if len(cs) != 2 || cs[0].Kind != "MD" || cs[0].LicenseNumber != nil || cs[1].LicenseNumber != nil {
			t.Fatalf("credentials %+v: want MD (newest) then LPC, license numbers hidden", cs)
		}
	}
}

// TestOwnerSeesTheirLicenseNumbers: however the credential is reached — the creator's list or
// node() — its owner and admins see the license number, others null.
func TestOwnerSeesTheirLicenseNumbers(t *testing.T) {
	h := apptest.New(t)
	c := h.Creator("owner.one").Owner("owner-1").Create()
	cred := h.Client().Credential.Create().SetCreator(c).SetKind(credential.KindLPC).SetJurisdiction("US-TX").
		SetLicenseNumber("LPC 777").SetExpiresAt(h.Clock.Now().AddDate(1, 0, 0)).SaveX(h.System())
	const q = `query($id: ID!) {
  creator(handle: "owner.one") { credentials { licenseNumber } }
  node(id: $id) { ... on Credential { licenseNumber } }
}`
	for _, tc := range []struct {
		token string
		want  *string
	}{
		{h.Token("owner-1", "creator"), ptr("LPC 777")},
		{h.Token("admin-1", "admin"), ptr("LPC 777")},
		{h.Token("other", "creator"), nil},
		{"", nil},
	} {
		var out struct {
			Creator struct {
				Credentials []struct{ LicenseNumber *string }
			}
			Node struct{ LicenseNumber *string }
		}
		h.Query(tc.token, q, map[string]any{"id": apptest.GID(cred.ID)}, &out)
		for _, got := range []*string{out.Creator.Credentials[0].LicenseNumber, out.Node.LicenseNumber} {
			if (got == nil) != (tc.want == nil) || got != nil && *got != *tc.want {
				t.Errorf("license number %v, want %v", got, tc.want)
			}
		}
	}
}

func ptr(s string) *string { return &s }

// TestGrantsShowMembersAmountsNotAdmins: an organization's members (with the org_member role) see
// its grants' amounts and status, but not which admins proposed or approved them nor their
// internal note; a member without the role sees none; admins see everything.
func TestGrantsShowMembersAmountsNotAdmins(t *testing.T) {
	h := apptest.New(t)
	org := h.Organization("nami-g").Members("bob").Create()
	camp := h.Client().Campaign.Create().SetSlug("mha-g").SetName("MHA").SetHashtag("#MHA").
		SetStartsAt(h.Clock.Now()).SetEndsAt(h.Clock.Now().AddDate(0, 1, 0)).SetBudgetCents(1000000).SaveX(h.System())
	h.Client().AdCreditGrant.Create().SetCampaign(camp).SetOrganization(org).SetAmountCents(50000).
		SetNote("internal note").SetProposedBy("adm1").SetApprovedBy("adm2").SetStatus("APPROVED").ExecX(h.System())
	const q = `query($o: ID) { adCreditGrants(organizationID: $o) { amountCents status note proposedBy approvedBy } }`
	type grant struct {
		AmountCents int
		Status      string
		Note        *string
		ProposedBy  string
		ApprovedBy  *string
	}
	get := func(token string) []grant {
		var out struct{ AdCreditGrants []grant }
		h.Query(token, q, map[string]any{"o": apptest.GID(org.ID)}, &out)
		return out.AdCreditGrants
	}
	member := get(h.Token("bob", "org_member"))
	if len(member) != 1 || member[0].AmountCents != 50000 || member[0].Note != nil ||
		member[0].ProposedBy != "staff" || member[0].ApprovedBy == nil || *member[0].ApprovedBy != "staff" {
		t.Fatalf("a member sees %+v", member)
	}
	if got := get(h.Token("bob", "creator")); len(got) != 0 {
		t.Fatalf("a member without the org_member role sees %+v", got)
	}
	admin := get(h.Token("adm3", "admin"))
	if len(admin) != 1 || admin[0].Note == nil || admin[0].ProposedBy != "adm1" {
		t.Fatalf("an admin sees %+v", admin)
	}
}

// TestPlacementsAreNotNodesForThePublic: a placement reaches the public only through its
// campaign's page; node() answers it to publishers alone.
func TestPlacementsAreNotNodesForThePublic(t *testing.T) {
	h := apptest.New(t)
	camp := h.Client().Campaign.Create().SetSlug("wmhd-n").SetName("WMHD").SetHashtag("#WMHD").
		SetStartsAt(h.Clock.Now()).SetEndsAt(h.Clock.Now().AddDate(0, 1, 0)).SaveX(h.System())
	c := h.Creator("future.star").Owner("future").Create()
	f := h.Client().Feature.Create().SetCampaign(camp).SetKind("CREATOR_SPOTLIGHT").SetCreator(c).
		SetStartsAt(h.Clock.Now().AddDate(0, 0, 3)).SaveX(h.System())
	const q = `query($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }`
	for token, visible := range map[string]bool{"": false, h.Token("someone", "creator"): false, h.Token("pub", "publisher"): true} {
		var out struct {
			Node  *struct{ ID string }
			Nodes []*struct{ ID string }
		}
		h.Query(token, q, map[string]any{"id": apptest.GID(f.ID)}, &out)
		if (out.Node != nil) != visible || (out.Nodes[0] != nil) != visible {
			t.Errorf("token %.10q: node %v nodes %v, want visible=%v", token, out.Node, out.Nodes[0], visible)
		}
	}
}

package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"haven/apptest"
	"haven/ent"
	"haven/ent/adcreditgrant"
)

// orgPage is the console's Organizations screen: a page of organizations with their members
// and their ad-credit grants.
const orgPage = `query($n: Int) { organizations(first: $n) { edges { node { slug
  members { subject displayName creator { handle } }
  adCreditGrants { amountCents status campaign { slug } } } } } }`

type orgPageAnswer struct {
	Organizations struct {
		Edges []struct {
			Node struct {
				Slug    string
				Members *[]struct {
					Subject string
					Creator *struct{ Handle string }
				}
				AdCreditGrants []struct {
					AmountCents int
					Campaign    struct{ Slug string }
				}
			}
		}
	}
}

// organizations writes n organizations org-00… with two members each (m-<i>-a, who has a creator
// profile, and m-<i>-b) and an approved grant of (i+1)×100 cents of one campaign, and returns
// the campaign.
func organizations(h *apptest.Hub, n int) *ent.Campaign {
	h.T.Helper()
	now := h.Clock.Now()
	c := h.Client().Campaign.Create().SetSlug("spring").SetName("Spring").SetHashtag("#Spring").
		SetStartsAt(now).SetEndsAt(now.Add(30 * 24 * time.Hour)).SaveX(h.System())
	for i := range n {
		a, b := fmt.Sprintf("m-%02d-a", i), fmt.Sprintf("m-%02d-b", i)
		o := h.Organization(fmt.Sprintf("org-%02d", i)).Members(a, b).Create()
		h.Creator(fmt.Sprintf("creator%02d", i)).Owner(a).Create()
		h.Client().AdCreditGrant.Create().SetCampaign(c).SetOrganization(o).SetAmountCents(int64(i+1) * 100).
			SetStatus(adcreditgrant.StatusAPPROVED).SetProposedBy("admin-0").SaveX(h.System())
	}
	return c
}

// TestOrganizationPageStatements: a page of organizations with their members (and the members'
// creator profiles) and their grants (with the grants' campaigns) costs the same number of
// statements for 1 organization as for 20 — one per list, not one per organization — and each
// organization gets its own members and grants.
func TestOrganizationPageStatements(t *testing.T) {
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	organizations(h, 20)
	admin := h.Token("admin-1", "admin")
	h.Query(admin, orgPage, map[string]any{"n": 1}, nil) // the admin's account
	counts := map[int]int{}
	for _, n := range []int{1, 20} {
		var out orgPageAnswer
		counts[n] = h.Statements(func() { h.Query(admin, orgPage, map[string]any{"n": n}, &out) })
		edges := out.Organizations.Edges
		if len(edges) != n {
			t.Fatalf("first %d: %d organizations", n, len(edges))
		}
		for i, e := range edges {
			o := e.Node
			a, b := fmt.Sprintf("m-%02d-a", i), fmt.Sprintf("m-%02d-b", i)
			if o.Slug != fmt.Sprintf("org-%02d", i) || o.Members == nil || len(*o.Members) != 2 ||
				(*o.Members)[0].Subject != a || (*o.Members)[1].Subject != b ||
				(*o.Members)[0].Creator == nil || (*o.Members)[0].Creator.Handle != fmt.Sprintf("creator%02d", i) ||
				(*o.Members)[1].Creator != nil {
				t.Fatalf("first %d, organization %d: %+v", n, i, o)
			}
			if len(o.AdCreditGrants) != 1 || o.AdCreditGrants[0].AmountCents != (i+1)*100 || o.AdCreditGrants[0].Campaign.Slug != "spring" {
				t.Fatalf("first %d, grants of organization %d: %+v", n, i, o.AdCreditGrants)
			}
		}
	}
	t.Logf("statements: %d for 1 organization, %d for 20", counts[1], counts[20])
	// The page; the members with their memberships; their creators; the grants; their campaigns.
	if counts[1] != 5 || counts[20] != 5 {
		t.Fatalf("statements: %d for 1 organization, %d for 20; want 5 for both", counts[1], counts[20])
	}
}

// TestOrganizationPageKeepsMembersPrivate: read together in one page, each organization's
// members still show to admins and to that organization's own members only, and its grants
// likewise: a member of org-01 sees org-01's members and grants and null members and no grants
// for the others; a member of two organizations sees both; an org_member of none, a creator
// and an anonymous reader see null members and no grants for every organization.
func TestOrganizationPageKeepsMembersPrivate(t *testing.T) {
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	organizations(h, 4)
	twice := h.Client().Organization.Query().AllX(h.System())
	for _, o := range twice {
		if o.Slug == "org-03" {
			h.Client().Organization.UpdateOne(o).AddMembers(h.Account("m-01-b")).ExecX(h.System())
		}
	}
	for _, tc := range []struct {
		who   string
		token string
		sees  []string // the organizations whose members and grants show
	}{
		{"an admin", h.Token("admin-1", "admin"), []string{"org-00", "org-01", "org-02", "org-03"}},
		{"a member of org-01", h.Token("m-01-a", "org_member"), []string{"org-01"}},
		{"a member of org-01 and org-03", h.Token("m-01-b", "org_member"), []string{"org-01", "org-03"}},
		{"an org_member of none", h.Token("outsider", "org_member"), nil},
		{"a member without the org_member role", h.Token("m-02-a", "creator"), nil},
		{"an anonymous reader", anonymous, nil},
	} {
		var out orgPageAnswer
		h.Query(tc.token, orgPage, map[string]any{"n": 10}, &out)
		if len(out.Organizations.Edges) != 4 {
			t.Fatalf("%s: %d organizations", tc.who, len(out.Organizations.Edges))
		}
		var members, grants []string
		for _, e := range out.Organizations.Edges {
			o := e.Node
			if o.Members != nil {
				var subjects []string
				for _, m := range *o.Members {
					subjects = append(subjects, m.Subject)
				}
				members = append(members, o.Slug+":"+strings.Join(subjects, ","))
			}
			if len(o.AdCreditGrants) > 0 {
				grants = append(grants, o.Slug)
			}
		}
		var want []string
		for _, slug := range tc.sees {
			i := int(slug[len(slug)-1] - '0')
			subjects := fmt.Sprintf("m-%02d-a,m-%02d-b", i, i)
			if slug == "org-03" {
				subjects = "m-01-b,m-03-a,m-03-b"
			}
			want = append(want, slug+":"+subjects)
		}
		if fmt.Sprint(members) != fmt.Sprint(want) || fmt.Sprint(grants) != fmt.Sprint(tc.sees) {
			t.Errorf("%s: members %q, grants %q; want %q, %q", tc.who, members, grants, want, tc.sees)
		}
	}
}

// TestCampaignsGrantedTotalsStatements: the campaigns list with each campaign's granted total
// costs the same statements for one campaign as for five, and each total is its own.
func TestCampaignsGrantedTotalsStatements(t *testing.T) {
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	org := h.Organization("granted").Create()
	const q = `{ campaigns { slug adCreditsGrantedCents } }`
	count := func(n int) int {
		now := h.Clock.Now()
		for i := range n {
			c := h.Client().Campaign.Create().SetSlug(fmt.Sprintf("c%d-%d", n, i)).SetName("C").SetHashtag("#C").
				SetStartsAt(now.Add(time.Duration(-i) * time.Hour)).SetEndsAt(now.Add(time.Hour)).SaveX(h.System())
			for _, status := range []adcreditgrant.Status{adcreditgrant.StatusAPPROVED, adcreditgrant.StatusAPPROVED, adcreditgrant.StatusPROPOSED} {
				h.Client().AdCreditGrant.Create().SetCampaign(c).SetOrganization(org).SetAmountCents(int64(i + 1)).
					SetStatus(status).SetProposedBy("admin-0").SaveX(h.System())
			}
		}
		var out struct {
			Campaigns []struct {
				Slug                  string
				AdCreditsGrantedCents int
			}
		}
		stmts := h.Statements(func() { h.Query(anonymous, q, nil, &out) })
		if len(out.Campaigns) != n {
			t.Fatalf("%d campaigns: %+v", n, out)
		}
		for _, c := range out.Campaigns {
			var i int
			if _, err := fmt.Sscanf(c.Slug, fmt.Sprintf("c%d-%%d", n), &i); err != nil || c.AdCreditsGrantedCents != 2*(i+1) {
				t.Fatalf("%d campaigns: %+v", n, out.Campaigns)
			}
		}
		h.Client().AdCreditGrant.Delete().ExecX(h.System())
		h.Client().Feature.Delete().ExecX(h.System())
		h.Client().Campaign.Delete().ExecX(h.System())
		return stmts
	}
	one, five := count(1), count(5)
	t.Logf("statements: %d for 1 campaign, %d for 5", one, five)
	if one != five {
		t.Fatalf("statements: %d for 1 campaign, %d for 5", one, five)
	}
}

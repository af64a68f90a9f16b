package graph_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"haven/apptest"
	"haven/ent/account"
)

// mhaPage is the Mental Health Awareness Month page as a visitor's client asks for it.
const mhaPage = `query($slug: String!) { campaign(slug: $slug) {
  name hashtag adCreditsGrantedCents adCreditBudgetCents
  spotlightCreators { id handle }
  featuredContents { id title status contentWarning creator { handle } }
  partnerOrganizations { id slug }
  upcomingEvents { title startsAt audience seatsLeft viewerRegistered }
  crisisResources { name contact }
} }`

type demoPage struct {
	Campaign struct {
		Name, Hashtag         string
		AdCreditsGrantedCents int
		AdCreditBudgetCents   *int
		SpotlightCreators     []struct{ ID, Handle string }
		FeaturedContents      []struct{ ID, Title, Status, ContentWarning string }
		PartnerOrganizations  []struct{ ID, Slug string }
		UpcomingEvents        []struct {
			Title    string
			StartsAt time.Time
		}
		CrisisResources []struct{ Name, Contact string }
	}
}

// TestHubDemoScenario walks the hub announcement on the demo data: a visitor reads the Awareness
// Month page; a publisher builds the World Mental Health Day page and runs a partner training to
// capacity; two admins grant ad credits to a partner.
func TestHubDemoScenario(t *testing.T) {
	h := apptest.New(t, apptest.Options{Seed: true})
	publisher := h.Token("demo-publisher", "publisher")
	admin, admin2 := h.Token("demo-admin", "admin"), h.Token("demo-admin-2", "admin")
	member := h.Token("demo-org-member", "org_member")

	// A visitor reads the Awareness Month page.
	var mha demoPage
	h.Query("", mhaPage, map[string]any{"slug": "mental-health-awareness"}, &mha)
	c := mha.Campaign
	if c.Hashtag != "#MentalHealthAwareness" || len(c.SpotlightCreators) != 10 || len(c.PartnerOrganizations) != 7 ||
		len(c.FeaturedContents) == 0 || len(c.UpcomingEvents) == 0 {
		t.Fatalf("the Awareness Month page: %+v", c)
	}
	if c.AdCreditsGrantedCents <= 2_000_000_00 || c.AdCreditBudgetCents != nil {
		t.Fatalf("a visitor sees %d granted and budget %v; want over $2M and no budget", c.AdCreditsGrantedCents, c.AdCreditBudgetCents)
	}
	for _, x := range c.FeaturedContents {
		if x.Status != "LIVE" {
			t.Fatalf("featured content not live: %+v", x)
		}
	}
	if !slices.IsSortedFunc(c.UpcomingEvents, func(a, b struct {
		Title    string
		StartsAt time.Time
	}) int {
		return a.StartsAt.Compare(b.StartsAt)
	}) {
		t.Fatalf("upcoming events out of order: %+v", c.UpcomingEvents)
	}
	if len(c.CrisisResources) == 0 || !slices.ContainsFunc(c.CrisisResources, func(r struct{ Name, Contact string }) bool {
		return strings.Contains(r.Name+r.Contact, "988")
	}) {
		t.Fatalf("US crisis resources without 988: %+v", c.CrisisResources)
	}

	// The publisher builds the World Mental Health Day page with a feature and a spotlight.
	h.Query(publisher, `mutation($c: ID!, $x: ID!) { featureContent(campaignID: $c, contentID: $x, position: 1) { id } }`,
		map[string]any{"c": campaignID(t, h, "world-mental-health-day"), "x": c.FeaturedContents[0].ID}, nil)
	h.Query(publisher, `mutation($c: ID!, $x: ID!) { spotlightCreator(campaignID: $c, creatorID: $x, position: 1) { id } }`,
		map[string]any{"c": campaignID(t, h, "world-mental-health-day"), "x": c.SpotlightCreators[0].ID}, nil)
	var wmhd demoPage
	h.Query("", mhaPage, map[string]any{"slug": "world-mental-health-day"}, &wmhd)
	if len(wmhd.Campaign.FeaturedContents) != 1 || wmhd.Campaign.FeaturedContents[0].ID != c.FeaturedContents[0].ID ||
		len(wmhd.Campaign.SpotlightCreators) != 1 || wmhd.Campaign.SpotlightCreators[0].Handle != c.SpotlightCreators[0].Handle {
		t.Fatalf("the World Mental Health Day page: %+v", wmhd.Campaign)
	}

	// A partner training to capacity: one seat, a member takes it, a member of another partner
	// finds it full, and a visitor without an organization may not register.
	var ev struct{ CreateEvent struct{ ID string } }
	start := h.Clock.Now().Add(7 * 24 * time.Hour)
	h.Query(publisher, `mutation($in: CreateEventInput!) { createEvent(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"campaignID": campaignID(t, h, "world-mental-health-day"), "kind": "TRAINING", "audience": "PARTNERS",
		"title": "Safe messaging office hours", "startsAt": start, "endsAt": start.Add(time.Hour), "capacity": 1,
	}}, &ev)
	const register = `mutation($id: ID!) { registerForEvent(eventID: $id) { seatsLeft viewerRegistered } }`
	var seat struct {
		RegisterForEvent struct {
			SeatsLeft        int
			ViewerRegistered bool
		}
	}
	h.Query(member, register, map[string]any{"id": ev.CreateEvent.ID}, &seat)
	if seat.RegisterForEvent.SeatsLeft != 0 || !seat.RegisterForEvent.ViewerRegistered {
		t.Fatalf("the member's seat: %+v", seat)
	}
	other, err := h.Client().Account.Query().
		Where(account.HasOrganizations(), account.SubjectNEQ("demo-org-member")).First(h.System())
	if err != nil {
		t.Fatalf("another partner member in the demo data: %v", err)
	}
	h.Fail("CAPACITY_REACHED", h.Token(other.Subject, "org_member"), register, map[string]any{"id": ev.CreateEvent.ID})
	h.Fail("FORBIDDEN", h.Token("a-visitor"), register, map[string]any{"id": ev.CreateEvent.ID})

	// Two admins grant ad credits to NAMI for World Mental Health Day.
	wmhdID, nami := campaignID(t, h, "world-mental-health-day"), organizationID(t, h, "nami")
	h.Query(admin, `mutation($c: ID!) { setAdCreditBudget(campaignID: $c, amountCents: 5000000) { id } }`, map[string]any{"c": wmhdID}, nil)
	var g struct{ ProposeAdCreditGrant struct{ ID string } }
	h.Query(admin, `mutation($in: ProposeAdCreditGrantInput!) { proposeAdCreditGrant(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"campaignID": wmhdID, "organizationID": nami, "amountCents": 2500000, "note": "World Mental Health Day placements",
	}}, &g)
	const approve = `mutation($id: ID!) { approveAdCreditGrant(id: $id) { status } }`
	h.Fail("FORBIDDEN", admin, approve, map[string]any{"id": g.ProposeAdCreditGrant.ID})
	h.Query(admin2, approve, map[string]any{"id": g.ProposeAdCreditGrant.ID}, nil)
	h.Query("", mhaPage, map[string]any{"slug": "world-mental-health-day"}, &wmhd)
	if wmhd.Campaign.AdCreditsGrantedCents != 2500000 {
		t.Fatalf("granted on World Mental Health Day: %d, want 2500000", wmhd.Campaign.AdCreditsGrantedCents)
	}
	var grants struct {
		Organization struct {
			AdCreditGrants []struct {
				AmountCents int
				Campaign    struct{ Slug string }
			}
		}
	}
	h.Query(member, `{ organization(slug: "nami") { adCreditGrants { amountCents campaign { slug } } } }`, nil, &grants)
	if !slices.ContainsFunc(grants.Organization.AdCreditGrants, func(g struct {
		AmountCents int
		Campaign    struct{ Slug string }
	}) bool {
		return g.Campaign.Slug == "world-mental-health-day" && g.AmountCents == 2500000
	}) {
		t.Fatalf("NAMI's member does not see the new grant: %+v", grants)
	}
	h.Query("", `{ organization(slug: "nami") { adCreditGrants { amountCents } } }`, nil, &grants)
	if len(grants.Organization.AdCreditGrants) != 0 {
		t.Fatalf("a visitor sees NAMI's grants: %+v", grants)
	}
}

func campaignID(t *testing.T, h *apptest.Hub, slug string) string {
	t.Helper()
	var out struct{ Campaign struct{ ID string } }
	h.Query("", `query($s: String!) { campaign(slug: $s) { id } }`, map[string]any{"s": slug}, &out)
	if out.Campaign.ID == "" {
		t.Fatalf("no campaign %s", slug)
	}
	return out.Campaign.ID
}

func organizationID(t *testing.T, h *apptest.Hub, slug string) string {
	t.Helper()
	var out struct{ Organization struct{ ID string } }
	h.Query("", `query($s: String!) { organization(slug: $s) { id } }`, map[string]any{"s": slug}, &out)
	if out.Organization.ID == "" {
		t.Fatalf("no organization %s", slug)
	}
	return out.Organization.ID
}

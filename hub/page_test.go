package hub_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"haven/ent"
	"haven/ent/content"
	"haven/ent/crisisresource"
	"haven/ent/schema/enum"
)

const featureContent = `mutation($c: ID!, $x: ID!, $pos: Int!, $from: Time, $to: Time) {
  featureContent(campaignID: $c, contentID: $x, position: $pos, startsAt: $from, endsAt: $to) {
    id kind position startsAt endsAt content { title } campaign { slug }
  }
}`

const spotlightCreator = `mutation($c: ID!, $x: ID!, $pos: Int!, $from: Time, $to: Time) {
  spotlightCreator(campaignID: $c, creatorID: $x, position: $pos, startsAt: $from, endsAt: $to) { id kind creator { handle } }
}`

const addPartner = `mutation($c: ID!, $x: ID!) {
  addPartnerOrganization(campaignID: $c, organizationID: $x) { id kind organization { slug } }
}`

const removeFeature = `mutation($id: ID!) { removeFeature(id: $id) }`

// feature places content on the campaign and returns the placement's ID.
func (h *scene) feature(campaignID string, c *ent.Content, pos int, from, to *time.Time) string {
	h.t.Helper()
	vars := map[string]any{"c": campaignID, "x": id(c.ID), "pos": pos}
	if from != nil {
		vars["from"] = *from
	}
	if to != nil {
		vars["to"] = *to
	}
	var out struct{ FeatureContent struct{ ID string } }
	h.Query(h.publisher, featureContent, vars, &out)
	return out.FeatureContent.ID
}

type hubPage struct {
	Campaign struct {
		Name                 string
		FeaturedContents     []struct{ Title string }
		SpotlightCreators    []struct{ Handle string }
		PartnerOrganizations []struct{ Slug string }
		Features             []struct{ Kind string }
	}
}

func (p hubPage) titles() []string {
	var out []string
	for _, c := range p.Campaign.FeaturedContents {
		out = append(out, c.Title)
	}
	return out
}

const pageQuery = `query($slug: String!) { campaign(slug: $slug) {
  name
  featuredContents { title }
  spotlightCreators { handle }
  partnerOrganizations { slug }
  features { kind }
} }`

func (h *scene) page(token, slug string) hubPage {
	h.t.Helper()
	var p hubPage
	h.Query(token, pageQuery, map[string]any{"slug": slug}, &p)
	return p
}

func TestHubPageFeaturedContentsWindowsAndOrder(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	jeff := h.Creator("therapyjeff").Create()
	now := h.Clock.Now()
	at := func(d time.Duration) *time.Time { x := now.Add(d); return &x }

	h.feature(cid, h.Content("third").By(jeff).Kind(enum.KindVideo).Age(0).Create(), 30, nil, nil)
	h.feature(cid, h.Content("first").By(jeff).Kind(enum.KindVideo).Age(0).Create(), 10, nil, nil)
	h.feature(cid, h.Content("second").By(jeff).Kind(enum.KindVideo).Age(0).Create(), 20, at(-time.Hour), at(time.Hour))
	h.feature(cid, h.Content("tomorrow").By(jeff).Kind(enum.KindVideo).Age(0).Create(), 5, at(24*time.Hour), nil)
	h.feature(cid, h.Content("until noon").By(jeff).Kind(enum.KindVideo).Age(0).Create(), 40, nil, at(3*time.Hour))
	gone := h.Content("unpublished later").By(jeff).Kind(enum.KindVideo).Age(0).Create()
	h.feature(cid, gone, 1, nil, nil)
	if _, err := h.Client().Content.UpdateOne(gone).SetStatus(content.StatusUNPUBLISHED).Save(h.System()); err != nil {
		t.Fatal(err)
	}

	for _, step := range []struct {
		advance time.Duration
		want    []string
	}{
		{0, []string{"first", "second", "third", "until noon"}},
		{2 * time.Hour, []string{"first", "third", "until noon"}}, // "second" ended
		{time.Hour, []string{"first", "third"}},                   // "until noon" ends exactly now: [start, end)
		{21 * time.Hour, []string{"tomorrow", "first", "third"}},  // "tomorrow" starts exactly now
	} {
		h.Clock.Advance(step.advance)
		for _, token := range []string{anonymous, h.publisher} {
			if got := h.page(token, "awareness").titles(); !slices.Equal(got, step.want) {
				t.Fatalf("at %s (token %q): featured %q, want %q", h.Clock.Now(), token, got, step.want)
			}
		}
	}

	// Publishers see every placement, in and out of its window; others see none.
	if got := len(h.page(h.publisher, "awareness").Campaign.Features); got != 6 {
		t.Fatalf("publisher sees %d features, want 6", got)
	}
	if got := len(h.page(anonymous, "awareness").Campaign.Features); got != 0 {
		t.Fatalf("anonymous sees %d features, want 0", got)
	}
	if got := len(h.page(h.admin, "awareness").Campaign.Features); got != 0 {
		t.Fatalf("admin sees %d features, want 0", got)
	}
}

func TestHubPageSpotlightsPartnersAndRemoval(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	kojo, jeff := h.Creator("dr.kojosarfo").Create(), h.Creator("therapyjeff").Create()
	nami, afsp := h.Organization("nami").Create(), h.Organization("afsp").Create()

	var spot struct {
		SpotlightCreator struct {
			ID, Kind string
			Creator  struct{ Handle string }
		}
	}
	h.Query(h.publisher, spotlightCreator, map[string]any{"c": cid, "x": id(jeff.ID), "pos": 2}, &spot)
	if spot.SpotlightCreator.Kind != "CREATOR_SPOTLIGHT" || spot.SpotlightCreator.Creator.Handle != "therapyjeff" {
		t.Fatalf("spotlight %+v", spot)
	}
	h.Query(h.publisher, spotlightCreator, map[string]any{"c": cid, "x": id(kojo.ID), "pos": 1}, nil)
	var partner struct {
		AddPartnerOrganization struct {
			ID, Kind     string
			Organization struct{ Slug string }
		}
	}
	h.Query(h.publisher, addPartner, map[string]any{"c": cid, "x": id(nami.ID)}, &partner)
	if partner.AddPartnerOrganization.Organization.Slug != "nami" {
		t.Fatalf("partner %+v", partner)
	}
	h.Query(h.publisher, addPartner, map[string]any{"c": cid, "x": id(afsp.ID)}, nil)

	p := h.page(anonymous, "awareness").Campaign
	if len(p.SpotlightCreators) != 2 || p.SpotlightCreators[0].Handle != "dr.kojosarfo" || p.SpotlightCreators[1].Handle != "therapyjeff" {
		t.Fatalf("spotlights %+v", p.SpotlightCreators)
	}
	if len(p.PartnerOrganizations) != 2 || p.PartnerOrganizations[0].Slug != "nami" {
		t.Fatalf("partners %+v", p.PartnerOrganizations)
	}

	vars := map[string]any{"id": spot.SpotlightCreator.ID}
	h.Fail("UNAUTHENTICATED", anonymous, removeFeature, vars)
	h.Fail("FORBIDDEN", h.admin, removeFeature, vars)
	var removed struct{ RemoveFeature bool }
	h.Query(h.publisher, removeFeature, vars, &removed)
	if !removed.RemoveFeature || h.auditCount("feature.remove", spot.SpotlightCreator.ID) != 1 {
		t.Fatalf("remove: %+v", removed)
	}
	h.Fail("NOT_FOUND", h.publisher, removeFeature, vars)
	p = h.page(anonymous, "awareness").Campaign
	if len(p.SpotlightCreators) != 1 || p.SpotlightCreators[0].Handle != "dr.kojosarfo" {
		t.Fatalf("spotlights after removal %+v", p.SpotlightCreators)
	}
}

func TestHubPlacementRefusals(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	jeff := h.Creator("therapyjeff").Create()
	live := h.Content("live").By(jeff).Kind(enum.KindVideo).Age(0).Create()
	hidden := h.Content("removed").By(jeff).Kind(enum.KindVideo).Age(0).Create()
	if _, err := h.Client().Content.UpdateOne(hidden).SetStatus(content.StatusREMOVED).Save(h.System()); err != nil {
		t.Fatal(err)
	}
	nami := h.Organization("nami").Create()
	ok := map[string]any{"c": cid, "x": id(live.ID), "pos": 1}
	with := func(key string, v any) map[string]any {
		vars := map[string]any{"c": cid, "x": id(live.ID), "pos": 1}
		vars[key] = v
		return vars
	}

	h.Fail("UNAUTHENTICATED", anonymous, featureContent, ok)
	h.Fail("FORBIDDEN", h.admin, featureContent, ok)
	h.Fail("FORBIDDEN", h.user, featureContent, ok)
	h.Fail("NOT_FOUND", h.publisher, featureContent, with("x", id(hidden.ID))) // not live
	h.Fail("NOT_FOUND", h.publisher, featureContent, with("x", id(jeff.ID)))   // a creator, not content
	h.Fail("NOT_FOUND", h.publisher, featureContent, with("c", id(live.ID)))   // content, not a campaign
	h.Fail("NOT_FOUND", h.publisher, spotlightCreator, with("x", id(live.ID))) // content, not a creator
	h.Fail("NOT_FOUND", h.publisher, addPartner, map[string]any{"c": cid, "x": id(jeff.ID)})
	wantField(t, h.Fail("BAD_USER_INPUT", h.publisher, featureContent, with("pos", -1)), "position")
	wantField(t, h.Fail("BAD_USER_INPUT", h.publisher, featureContent, with("pos", 10001)), "position")
	wantField(t, h.Fail("BAD_USER_INPUT", h.publisher, featureContent, map[string]any{
		"c": cid, "x": id(live.ID), "pos": 1, "from": mayEnd, "to": mayStart,
	}), "endsAt")
	wantField(t, h.Fail("BAD_USER_INPUT", h.publisher, spotlightCreator, map[string]any{
		"c": cid, "x": id(jeff.ID), "pos": 1, "from": mayStart, "to": mayStart,
	}), "endsAt")

	// One object shows once at a time: a second placement needs a window that does not overlap.
	h.feature(cid, live, 1, &mayStart, nil)
	wantField(t, h.Fail("BAD_USER_INPUT", h.publisher, featureContent, ok), "contentID")
	june := mayEnd.Add(30 * 24 * time.Hour)
	h.Fail("BAD_USER_INPUT", h.publisher, featureContent, map[string]any{"c": cid, "x": id(live.ID), "pos": 1, "from": mayEnd, "to": june})
	h.Query(h.publisher, addPartner, map[string]any{"c": cid, "x": id(nami.ID)}, nil)
	wantField(t, h.Fail("BAD_USER_INPUT", h.publisher, addPartner, map[string]any{"c": cid, "x": id(nami.ID)}), "organizationID")
}

// TestHubPageStatements checks that the hub page costs the same number of SQL statements with 3
// and with 12 placements of each kind, nested fields included.
func TestHubPageStatements(t *testing.T) {
	const query = `query($slug: String!) { campaign(slug: $slug) {
  name hashtag startsAt endsAt adCreditsGrantedCents adCreditBudgetCents
  featuredContents { title creator { handle displayName } organization { slug } topics { slug } }
  spotlightCreators { handle verifiedProfessional }
  partnerOrganizations { slug name }
  upcomingEvents { title seatsLeft viewerRegistered hostOrganization { slug } campaign { slug } }
  crisisResources { name contact }
  features { kind position content { title } creator { handle } organization { slug } }
} }`
	count := func(n int, publisher bool) int {
		h := newScene(t)
		token := anonymous
		if publisher {
			token = h.publisher
		}
		slug := fmt.Sprintf("page-of-%d", n)
		cid := h.campaign(slug)
		for i := range n {
			c := h.Creator(fmt.Sprintf("creator%d", i)).Create()
			o := h.Organization(fmt.Sprintf("org-%d", i)).Create()
			x := h.Content(fmt.Sprintf("piece %d", i)).By(c).Kind(enum.KindVideo).Age(0).Create()
			if _, err := h.Client().Content.UpdateOne(x).SetOrganizationID(o.ID).Save(h.System()); err != nil {
				t.Fatal(err)
			}
			h.feature(cid, x, i, nil, nil)
			h.Query(h.publisher, spotlightCreator, map[string]any{"c": cid, "x": id(c.ID), "pos": i}, nil)
			h.Query(h.publisher, addPartner, map[string]any{"c": cid, "x": id(o.ID)}, nil)
			h.event(cid, "PUBLIC", time.Duration(i+1)*time.Hour, 0)
		}
		var page struct {
			Campaign struct {
				FeaturedContents []struct{ Creator struct{ Handle string } }
				UpcomingEvents   []struct{ Title string }
			}
		}
		h.Query(token, query, map[string]any{"slug": slug}, nil) // warm the account cache
		stmts := h.Statements(func() { h.Query(token, query, map[string]any{"slug": slug}, &page) })
		if len(page.Campaign.FeaturedContents) != n || page.Campaign.FeaturedContents[0].Creator.Handle != "creator0" ||
			len(page.Campaign.UpcomingEvents) != min(n, 10) {
			t.Fatalf("page of %d: %+v", n, page)
		}
		return stmts
	}
	for _, publisher := range []bool{false, true} {
		small, large := count(3, publisher), count(12, publisher)
		t.Logf("publisher %v: %d statements for 3 placements of each kind, %d for 12", publisher, small, large)
		if small != large {
			t.Fatalf("publisher %v: the page costs %d statements with 3 placements and %d with 12", publisher, small, large)
		}
	}
}

func TestHubPageCrisisResources(t *testing.T) {
	h := newScene(t)
	h.campaign("awareness")
	for _, r := range []struct {
		key       string
		regions   []string
		languages []string
		priority  int
	}{
		{"crisis-text-line", []string{"US", "CA"}, []string{"en", "es"}, 50},
		{"lifeline-988", []string{"US"}, []string{"en", "es"}, 100},
		{"samaritans", []string{"GB", "IE"}, []string{"en"}, 100},
		{"findahelpline", []string{"*"}, []string{"en"}, 1},
	} {
		if _, err := h.Client().CrisisResource.Create().SetKey(r.key).SetName(r.key).
			SetKind(crisisresource.KindCALL).SetContact("call").SetRegions(r.regions).SetLanguages(r.languages).
			SetPriority(r.priority).Save(h.System()); err != nil {
			t.Fatal(err)
		}
	}
	const q = `query($region: String, $language: String) {
  campaign(slug: "awareness") { crisisResources(region: $region, language: $language) { name } }
}`
	for _, tc := range []struct {
		vars map[string]any
		want []string
	}{
		{nil, []string{"lifeline-988", "crisis-text-line", "findahelpline"}},
		{map[string]any{"region": "gb"}, []string{"samaritans", "findahelpline"}},
		{map[string]any{"region": "CA"}, []string{"crisis-text-line", "findahelpline"}},
		{map[string]any{"region": "FR"}, []string{"findahelpline"}},
		{map[string]any{"region": "GB", "language": "en"}, []string{"samaritans", "findahelpline"}},
		// No line in GB speaks Spanish: the region's lines in any language, never an empty list.
		{map[string]any{"region": "GB", "language": "es"}, []string{"samaritans", "findahelpline"}},
		{map[string]any{"language": "es-MX"}, []string{"lifeline-988", "crisis-text-line"}},
	} {
		var out struct {
			Campaign struct{ CrisisResources []struct{ Name string } }
		}
		h.Query(anonymous, q, tc.vars, &out)
		var got []string
		for _, r := range out.Campaign.CrisisResources {
			got = append(got, r.Name)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("crisisResources(%v) = %v, want %v", tc.vars, got, tc.want)
		}
	}
	wantField(t, h.Fail("BAD_USER_INPUT", anonymous, q, map[string]any{"region": "a-region-name-far-too-long"}), "region")
}

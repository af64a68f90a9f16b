package hub_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"haven/apptest"
	"haven/ent/content"
	"haven/ent/schema/enum"
)

// The hub page read through campaign(slug) carries its placements and takes creators and
// organizations from memory; the same campaign read through node(id) takes the general path, one
// query of placements per list with ent's field collection. These tests hold the first to the
// second, byte for byte.

// pageFields is a hub page with every kind of field a frontend shows: columns of the featured
// pieces, their creators and organizations (including a piece with neither), spotlights,
// partners and events.
const pageFields = `fragment page on Campaign { name hashtag startsAt endsAt
  featuredContents { id title contentWarning kind summary hashtags publishedAt
    creator { id handle displayName bio avatarURL verifiedProfessional }
    writer: creator { id handle displayName bio avatarURL verifiedProfessional }
    organization { id slug name websiteURL kind verified regions }
    topics { slug } }
  spotlightCreators { id handle displayName bio avatarURL verifiedProfessional createdAt }
  partnerOrganizations { id name slug websiteURL description kind verified regions }
  upcomingEvents(first: 3) { title kind startsAt } }`

// pageEdges selects fields below the placed objects that are not columns (lists with arguments),
// which the hub page loads with field collection.
const pageEdges = `fragment page on Campaign { name
  featuredContents { title creator { handle contents(first: 2) { edges { node { title } } } } organization { slug } }
  spotlightCreators { handle contents(first: 2) { totalCount edges { node { title } } } }
  partnerOrganizations { slug contents(first: 1) { totalCount } } }`

const bothPaths = `query($slug: String!, $id: ID!) { bySlug: campaign(slug: $slug) { ...page } byNode: node(id: $id) { ...page } }`

// samePage reads the campaign both ways and fails unless both answers are the same bytes; it
// returns the answer.
func (h *scene) samePage(token, fragment, slug, cid string) json.RawMessage {
	h.t.Helper()
	res := h.Do(token, bothPaths+"\n"+fragment, map[string]any{"slug": slug, "id": cid})
	if len(res.Errors) > 0 {
		h.t.Fatalf("page: %s", res.Raw)
	}
	var out struct{ BySlug, ByNode json.RawMessage }
	if err := json.Unmarshal(res.Data, &out); err != nil {
		h.t.Fatal(err)
	}
	if string(out.BySlug) != string(out.ByNode) {
		h.t.Fatalf("the hub page differs from the general path:\nby slug: %s\nby node: %s", out.BySlug, out.ByNode)
	}
	return out.BySlug
}

func TestHubPageAnswersAsTheGeneralPath(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	now := h.Clock.Now()
	at := func(d time.Duration) *time.Time { x := now.Add(d); return &x }
	jeff, kojo := h.Creator("therapyjeff").Create(), h.Creator("dr.kojosarfo").Create()
	nami, afsp := h.Organization("nami").Named("National Alliance on Mental Illness").Create(), h.Organization("afsp").Create()
	anxiety := h.Topic("anxiety").Create()
	piece := func(title string) *apptest.ContentFixture {
		return h.Content(title).Kind(enum.KindVideo).Topics(anxiety).Age(0)
	}
	h.feature(cid, piece("by jeff for nami").By(jeff).Of(nami).Summary(`quotes " and \ and <tags> & emoji 🌱`).Tags("MentalHealth").Create(), 10, nil, nil)
	h.feature(cid, piece("by afsp alone").Of(afsp).Create(), 20, nil, nil)
	h.feature(cid, piece("by kojo alone").By(kojo).Sensitive().Create(), 30, nil, nil)
	h.feature(cid, piece("in two hours").By(jeff).Create(), 5, at(2*time.Hour), at(4*time.Hour))
	for _, status := range []content.Status{content.StatusUNPUBLISHED, content.StatusREMOVED} {
		x := piece(string(status)).By(jeff).Create()
		h.feature(cid, x, 1, nil, nil)
		if _, err := h.Client().Content.UpdateOne(x).SetStatus(status).Save(h.System()); err != nil {
			t.Fatal(err)
		}
	}
	h.Query(h.publisher, spotlightCreator, map[string]any{"c": cid, "x": id(jeff.ID), "pos": 2}, nil)
	h.Query(h.publisher, spotlightCreator, map[string]any{"c": cid, "x": id(kojo.ID), "pos": 1, "to": *at(3 * time.Hour)}, nil)
	h.Query(h.publisher, addPartner, map[string]any{"c": cid, "x": id(afsp.ID)}, nil)
	h.Query(h.publisher, addPartner, map[string]any{"c": cid, "x": id(nami.ID)}, nil)
	for i := range 5 {
		h.event(cid, "PUBLIC", time.Duration(i-1)*time.Hour+30*time.Minute, 0)
	}

	type page struct {
		FeaturedContents []struct {
			Title   string
			Creator *struct{ Handle string }
		}
		SpotlightCreators []struct{ Handle string }
	}
	for _, step := range []struct {
		advance    time.Duration
		featured   []string
		spotlights []string
	}{
		{0, []string{"by jeff for nami", "by afsp alone", "by kojo alone"}, []string{"dr.kojosarfo", "therapyjeff"}},
		{2 * time.Hour, []string{"in two hours", "by jeff for nami", "by afsp alone", "by kojo alone"}, []string{"dr.kojosarfo", "therapyjeff"}},
		{time.Hour, []string{"in two hours", "by jeff for nami", "by afsp alone", "by kojo alone"}, []string{"therapyjeff"}},
		{time.Hour, []string{"by jeff for nami", "by afsp alone", "by kojo alone"}, []string{"therapyjeff"}},
	} {
		h.Clock.Advance(step.advance)
		for _, token := range []string{anonymous, h.publisher, h.admin} {
			var p page
			if err := json.Unmarshal(h.samePage(token, pageFields, "awareness", cid), &p); err != nil {
				t.Fatal(err)
			}
			var featured, spotlights []string
			for _, c := range p.FeaturedContents {
				featured = append(featured, c.Title)
			}
			for _, c := range p.SpotlightCreators {
				spotlights = append(spotlights, c.Handle)
			}
			if fmt.Sprint(featured) != fmt.Sprint(step.featured) || fmt.Sprint(spotlights) != fmt.Sprint(step.spotlights) {
				t.Fatalf("at %s (token %q): featured %q, spotlights %q; want %q, %q", h.Clock.Now(), token, featured, spotlights, step.featured, step.spotlights)
			}
			if p.FeaturedContents[len(p.FeaturedContents)-2].Creator != nil {
				t.Fatalf("a piece without a creator shows one: %+v", p)
			}
			h.samePage(token, pageEdges, "awareness", cid)
		}
	}
}

// TestHubPageThreeStatements: the hub page as the load tool asks for it, with creators and
// organizations, costs three statements (the campaign with its placements, the featured pieces,
// the events) with 3 placements of each kind as with 12, pieces without a creator or an
// organization included, for an anonymous and a signed-in reader alike. A signed-in reader's
// page that shows whether they registered for the events (viewerRegistered) reads their
// registrations of the events too: 4 statements, and the right answer for each event.
func TestHubPageThreeStatements(t *testing.T) {
	const query = `query($slug: String!) { campaign(slug: $slug) { name hashtag startsAt endsAt
  featuredContents { id title contentWarning creator { handle } organization { name } }
  spotlightCreators { handle displayName bio }
  partnerOrganizations { name websiteURL }
  upcomingEvents(first: 3) { id title kind startsAt %s } } }`
	for _, n := range []int{3, 12} {
		for _, signedIn := range []bool{false, true} {
			h := newScene(t)
			token := anonymous
			if signedIn {
				token = h.publisher
			}
			slug := fillPage(h.Hub, h.publisher, n)
			var c struct {
				Campaign struct {
					ID             string
					UpcomingEvents []struct{ ID string }
				}
			}
			h.Query(h.publisher, `query($s: String!) { campaign(slug: $s) { id upcomingEvents(first: 3) { id } } }`, map[string]any{"s": slug}, &c)
			// Two more pieces: one by an organization alone, one by a creator alone.
			h.feature(c.Campaign.ID, h.Content("org alone").Of(h.Organization("org-alone").Create()).Kind(enum.KindVideo).Age(0).Create(), 100, nil, nil)
			h.feature(c.Campaign.ID, h.Content("creator alone").By(h.Creator("creatoralone").Create()).Kind(enum.KindVideo).Age(0).Create(), 101, nil, nil)
			// The publisher holds a seat at the second upcoming event.
			seat := c.Campaign.UpcomingEvents[1].ID
			h.Query(h.publisher, `mutation($e: ID!) { registerForEvent(eventID: $e) { id } }`, map[string]any{"e": seat}, nil)

			for _, registered := range []bool{false, true} {
				q := fmt.Sprintf(query, "")
				if registered {
					q = fmt.Sprintf(query, "viewerRegistered")
				}
				var page struct {
					Campaign struct {
						FeaturedContents []struct {
							Title        string
							Creator      *struct{ Handle string }
							Organization *struct{ Name string }
						}
						SpotlightCreators, PartnerOrganizations []struct{}
						UpcomingEvents                          []struct {
							ID               string
							ViewerRegistered *bool
						}
					}
				}
				h.Query(token, q, map[string]any{"slug": slug}, nil) // warm the account and dimension caches
				stmts := h.Statements(func() { h.Query(token, q, map[string]any{"slug": slug}, &page) })
				p := page.Campaign
				if len(p.FeaturedContents) != n+2 || len(p.SpotlightCreators) != n || len(p.PartnerOrganizations) != n || len(p.UpcomingEvents) != 3 {
					t.Fatalf("page of %d: %+v", n, p)
				}
				last := p.FeaturedContents[n:]
				if last[0].Creator != nil || last[0].Organization == nil || last[1].Creator == nil || last[1].Organization != nil {
					t.Fatalf("pieces without a creator or organization: %+v", last)
				}
				for _, e := range p.UpcomingEvents {
					if (e.ViewerRegistered != nil) != registered || registered && *e.ViewerRegistered != (signedIn && e.ID == seat) {
						t.Fatalf("signed in %v, event %s (seat at %s): viewerRegistered %v", signedIn, e.ID, seat, e.ViewerRegistered)
					}
				}
				t.Logf("%d placements of each kind, signed in %v, viewerRegistered %v: %d statements", n, signedIn, registered, stmts)
				want := 3
				if signedIn && registered {
					want = 4
				}
				if stmts != want {
					t.Fatalf("%d placements of each kind, signed in %v, viewerRegistered %v: %d statements, want %d", n, signedIn, registered, stmts, want)
				}
			}
		}
	}
}

// TestHubPageShowsProfileChanges: creators and organizations come from memory, and a change of
// their profiles shows on the next page.
func TestHubPageShowsProfileChanges(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	jeff := h.Creator("therapyjeff").Create()
	nami := h.Organization("nami").Create()
	h.feature(cid, h.Content("piece").By(jeff).Of(nami).Kind(enum.KindVideo).Age(0).Create(), 1, nil, nil)
	h.Query(h.publisher, spotlightCreator, map[string]any{"c": cid, "x": id(jeff.ID), "pos": 1}, nil)
	h.Query(h.publisher, addPartner, map[string]any{"c": cid, "x": id(nami.ID)}, nil)
	const q = `{ campaign(slug: "awareness") { featuredContents { creator { displayName } organization { name } }
  spotlightCreators { displayName } partnerOrganizations { name } } }`
	read := func() string {
		res := h.Do(anonymous, q, nil)
		if len(res.Errors) > 0 {
			t.Fatal(res.Raw)
		}
		return string(res.Data)
	}
	read()
	if _, err := h.Client().Creator.UpdateOne(jeff).SetDisplayName("Jeff G.").Save(h.System()); err != nil {
		t.Fatal(err)
	}
	if _, err := h.Client().Organization.UpdateOne(nami).SetName("NAMI").Save(h.System()); err != nil {
		t.Fatal(err)
	}
	want := `{"campaign":{"featuredContents":[{"creator":{"displayName":"Jeff G."},"organization":{"name":"NAMI"}}],` +
		`"spotlightCreators":[{"displayName":"Jeff G."}],"partnerOrganizations":[{"name":"NAMI"}]}}`
	if got := read(); got != want {
		t.Fatalf("after the profile changes:\n got %s\nwant %s", got, want)
	}
}

// TestHubPageAliasedCreator: two aliases of a featured piece's creator with different fields
// both get their fields, on the hub page and on the general path (node(id)), whose field
// collection is handed the aliases merged (ent's own loads a unique edge once per name and
// keeps the columns of the last alias only).
func TestHubPageAliasedCreator(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	jeff := h.Creator("therapyjeff").Create()
	h.feature(cid, h.Content("piece").By(jeff).Kind(enum.KindVideo).Age(0).Create(), 1, nil, nil)
	res := h.Do(anonymous, `{ campaign(slug: "awareness") { featuredContents {
  creator { handle displayName } writer: creator { __typename handle } } } }`, nil)
	want := `{"campaign":{"featuredContents":[{"creator":{"handle":"therapyjeff","displayName":"Creator therapyjeff"},` +
		`"writer":{"__typename":"Creator","handle":"therapyjeff"}}]}}`
	if len(res.Errors) > 0 || string(res.Data) != want {
		t.Fatalf("got %s\nwant %s", res.Raw, want)
	}
	page := h.samePage(anonymous, `fragment page on Campaign { featuredContents {
  creator { handle displayName } writer: creator { __typename handle bio } } }`, "awareness", cid)
	if want := `{"featuredContents":[{"creator":{"handle":"therapyjeff","displayName":"Creator therapyjeff"},` +
		`"writer":{"__typename":"Creator","handle":"therapyjeff","bio":null}}]}`; string(page) != want {
		t.Fatalf("got %s\nwant %s", page, want)
	}
}

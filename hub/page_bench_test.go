package hub_test

import (
	"fmt"
	"testing"
	"time"

	"haven/apptest"
	"haven/ent/schema/enum"
)

// hubPageQuery is the hub page as the load tool and the frontends ask for it.
const hubPageQuery = `query($slug: String!) { campaign(slug: $slug) { name hashtag startsAt endsAt
  featuredContents { id title contentWarning creator { handle } }
  spotlightCreators { handle displayName bio }
  partnerOrganizations { name websiteURL }
  upcomingEvents(first: 3) { title kind startsAt } } }`

// fillPage creates a May campaign with n featured pieces (each by its own creator and
// organization), n spotlights, n partners and n upcoming events, through the API as the
// publisher, and returns its slug.
func fillPage(h *apptest.Hub, publisher string, n int) string {
	h.T.Helper()
	slug := fmt.Sprintf("page-of-%d", n)
	var c struct{ CreateCampaign struct{ ID string } }
	h.Query(publisher, createCampaign, map[string]any{"in": map[string]any{
		"slug": slug, "name": "Campaign " + slug, "hashtag": "#MentalHealthAwareness",
		"startsAt": mayStart, "endsAt": mayEnd,
	}}, &c)
	cid := c.CreateCampaign.ID
	for i := range n {
		cr := h.Creator(fmt.Sprintf("creator%d", i)).Create()
		o := h.Organization(fmt.Sprintf("org-%d", i)).Create()
		x := h.Content(fmt.Sprintf("piece %d", i)).By(cr).Kind(enum.KindVideo).Age(0).Create()
		if _, err := h.Client().Content.UpdateOne(x).SetOrganizationID(o.ID).Save(h.System()); err != nil {
			h.T.Fatal(err)
		}
		h.Query(publisher, featureContent, map[string]any{"c": cid, "x": id(x.ID), "pos": i}, nil)
		h.Query(publisher, spotlightCreator, map[string]any{"c": cid, "x": id(cr.ID), "pos": i}, nil)
		h.Query(publisher, addPartner, map[string]any{"c": cid, "x": id(o.ID)}, nil)
		in := time.Duration(i+1) * time.Hour
		h.Query(publisher, createEvent, map[string]any{"in": map[string]any{
			"campaignID": cid, "kind": "TRAINING", "audience": "PUBLIC", "title": fmt.Sprintf("Training %d", i),
			"startsAt": h.Clock.Now().Add(in), "endsAt": h.Clock.Now().Add(in + time.Hour),
		}}, nil)
	}
	return slug
}

// BenchmarkHubPage is the hub page of a campaign with 12 placements of each kind and 12 events,
// uncached (the response cache is off), as an anonymous reader asks for it.
func BenchmarkHubPage(b *testing.B) {
	h := apptest.New(b, apptest.Options{NoResponseCache: true})
	slug := fillPage(h, h.Token("pat-publisher", "publisher"), 12)
	vars := map[string]any{"slug": slug}
	var page struct {
		Campaign struct {
			FeaturedContents, SpotlightCreators, PartnerOrganizations, UpcomingEvents []struct{}
		}
	}
	h.Query(anonymous, hubPageQuery, vars, &page) // warm the query cache, the pool and the dimension cache
	if p := page.Campaign; len(p.FeaturedContents) != 12 || len(p.SpotlightCreators) != 12 ||
		len(p.PartnerOrganizations) != 12 || len(p.UpcomingEvents) != 3 {
		b.Fatalf("page %+v", p)
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := h.Statements(func() {
		for b.Loop() {
			h.Do(anonymous, hubPageQuery, vars)
		}
	})
	b.ReportMetric(float64(n)/float64(b.N), "statements/op")
}

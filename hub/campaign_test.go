package hub_test

import (
	"testing"
	"time"
)

func campaignInput(slug string) map[string]any {
	return map[string]any{
		"slug": slug, "name": "World Mental Health Day", "hashtag": "#WorldMentalHealthDay",
		"description": "October 10", "startsAt": mayStart, "endsAt": mayEnd,
	}
}

func TestCampaignCreate(t *testing.T) {
	h := newScene(t)
	var out struct {
		CreateCampaign struct {
			ID, Slug, Name, Hashtag, Description string
			StartsAt, EndsAt                     time.Time
		}
	}
	h.Query(h.publisher, createCampaign, map[string]any{"in": campaignInput("world-mental-health-day")}, &out)
	c := out.CreateCampaign
	if c.Slug != "world-mental-health-day" || c.Hashtag != "#WorldMentalHealthDay" || c.Description != "October 10" ||
		!c.StartsAt.Equal(mayStart) || !c.EndsAt.Equal(mayEnd) {
		t.Fatalf("created %+v", c)
	}
	if n := h.auditCount("campaign.create", c.ID); n != 1 {
		t.Fatalf("audit events of the creation: %d, want 1", n)
	}

	var page struct{ Campaign struct{ Name string } }
	h.Query(anonymous, `{ campaign(slug: "world-mental-health-day") { name } }`, nil, &page)
	if page.Campaign.Name != "World Mental Health Day" {
		t.Fatalf("anonymous reads %+v", page)
	}
	res := h.Do(anonymous, `{ campaign(slug: "no-such-campaign") { name } }`, nil)
	if string(res.Data) != `{"campaign":null}` || len(res.Errors) > 0 {
		t.Fatalf("unknown slug: %s", res.Raw)
	}
}

func TestCampaignCreateRefusals(t *testing.T) {
	h := newScene(t)
	h.campaign("taken")
	with := func(key string, v any) map[string]any {
		in := campaignInput("fresh")
		in[key] = v
		return map[string]any{"in": in}
	}
	h.Fail("UNAUTHENTICATED", anonymous, createCampaign, with("slug", "fresh"))
	h.Fail("FORBIDDEN", h.admin, createCampaign, with("slug", "fresh"))
	h.Fail("FORBIDDEN", h.creatorRole, createCampaign, with("slug", "fresh"))
	for _, tc := range []struct {
		key   string
		value any
		field string
	}{
		{"slug", "taken", "slug"},
		{"slug", "Not A Slug", "slug"},
		{"hashtag", "MentalHealth", "hashtag"},
		{"hashtag", "#two words", "hashtag"},
		{"name", "   ", "name"},
		{"endsAt", mayStart, "endsAt"},
		{"endsAt", mayStart.Add(-time.Hour), "endsAt"},
	} {
		res := h.Fail("BAD_USER_INPUT", h.publisher, createCampaign, with(tc.key, tc.value))
		wantField(t, res, tc.field)
	}
	var list struct{ Campaigns []struct{ Slug string } }
	h.Query(anonymous, `{ campaigns { slug } }`, nil, &list)
	if len(list.Campaigns) != 1 || list.Campaigns[0].Slug != "taken" {
		t.Fatalf("refused creations left campaigns behind: %+v", list)
	}
}

const updateCampaign = `mutation($id: ID!, $in: UpdateCampaignInput!) {
  updateCampaign(id: $id, input: $in) { name hashtag startsAt endsAt }
}`

func TestCampaignUpdate(t *testing.T) {
	h := newScene(t)
	id := h.campaign("awareness")
	later := mayEnd.Add(24 * time.Hour)
	var out struct {
		UpdateCampaign struct {
			Name, Hashtag string
			EndsAt        time.Time
		}
	}
	h.Query(h.publisher, updateCampaign, map[string]any{"id": id, "in": map[string]any{
		"name": "Awareness Month", "hashtag": "#MayIsMHM", "endsAt": later,
	}}, &out)
	if u := out.UpdateCampaign; u.Name != "Awareness Month" || u.Hashtag != "#MayIsMHM" || !u.EndsAt.Equal(later) {
		t.Fatalf("updated %+v", u)
	}
	if n := h.auditCount("campaign.update", id); n != 1 {
		t.Fatalf("audit events of the update: %d, want 1", n)
	}

	vars := map[string]any{"id": id, "in": map[string]any{"name": "x"}}
	h.Fail("UNAUTHENTICATED", anonymous, updateCampaign, vars)
	h.Fail("FORBIDDEN", h.admin, updateCampaign, vars)
	h.Fail("NOT_FOUND", h.publisher, updateCampaign, map[string]any{"id": "999999", "in": map[string]any{"name": "x"}})
	// A new end before the campaign's existing start.
	res := h.Fail("BAD_USER_INPUT", h.publisher, updateCampaign, map[string]any{"id": id, "in": map[string]any{"endsAt": mayStart.Add(-time.Hour)}})
	wantField(t, res, "endsAt")
	res = h.Fail("BAD_USER_INPUT", h.publisher, updateCampaign, map[string]any{"id": id, "in": map[string]any{"hashtag": "nohash"}})
	wantField(t, res, "hashtag")
}

package hub_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"haven/apptest"
)

// scene is a Haven under test with the tokens of the people of the hub scenarios: a publisher,
// two admins, a signed-in user without roles and a creator, none of them in an organization.
type scene struct {
	*apptest.Hub
	t                        *testing.T
	publisher, admin, admin2 string
	user, creatorRole        string
}

// anonymous is the token of a visitor who is not signed in.
const anonymous = ""

func newScene(t *testing.T) *scene {
	t.Helper()
	h := apptest.New(t)
	return &scene{
		Hub: h, t: t,
		publisher:   h.Token("pat-publisher", "publisher"),
		admin:       h.Token("ada-admin", "admin"),
		admin2:      h.Token("abe-admin", "admin"),
		user:        h.Token("uma-user"),
		creatorRole: h.Token("cy-creator", "creator"),
	}
}

// mayStart and mayEnd bound the campaigns of the tests: the month of apptest.Epoch.
var (
	mayStart = time.Date(2026, time.May, 1, 0, 0, 0, 0, time.UTC)
	mayEnd   = time.Date(2026, time.June, 1, 0, 0, 0, 0, time.UTC)
)

const createCampaign = `mutation($in: CreateCampaignInput!) {
  createCampaign(input: $in) { id slug name hashtag description startsAt endsAt }
}`

// campaign creates a May campaign through the API as the publisher and returns its ID.
func (h *scene) campaign(slug string) string {
	h.t.Helper()
	var out struct{ CreateCampaign struct{ ID string } }
	h.Query(h.publisher, createCampaign, map[string]any{"in": map[string]any{
		"slug": slug, "name": "Campaign " + slug, "hashtag": "#MentalHealthAwareness",
		"startsAt": mayStart, "endsAt": mayEnd,
	}}, &out)
	return out.CreateCampaign.ID
}

const createEvent = `mutation($in: CreateEventInput!) {
  createEvent(input: $in) { id kind audience title capacity registeredCount seatsLeft startsAt }
}`

// event creates an event through the API as the publisher, starting in `in` from now and lasting
// an hour, and returns its ID. capacity 0 means unlimited.
func (h *scene) event(campaignID string, audience string, in time.Duration, capacity int) string {
	h.t.Helper()
	vars := map[string]any{
		"kind": "TRAINING", "audience": audience, "title": "Training in " + in.String(),
		"startsAt": h.Clock.Now().Add(in), "endsAt": h.Clock.Now().Add(in + time.Hour),
	}
	if campaignID != "" {
		vars["campaignID"] = campaignID
	}
	if capacity > 0 {
		vars["capacity"] = capacity
	}
	var out struct{ CreateEvent struct{ ID string } }
	h.Query(h.publisher, createEvent, map[string]any{"in": vars}, &out)
	return out.CreateEvent.ID
}

// auditCount counts the audit events of an action on an entity.
func (h *scene) auditCount(action string, entityID string) int {
	h.t.Helper()
	id, err := strconv.Atoi(entityID)
	if err != nil {
		h.t.Fatalf("audit: entity id %q: %v", entityID, err)
	}
	evs, err := h.Client().AuditEvent.Query().All(h.System())
	if err != nil {
		h.t.Fatalf("audit: %v", err)
	}
	n := 0
	for _, e := range evs {
		if e.Action == action && e.EntityID == id {
			n++
		}
	}
	return n
}

// wantField checks that a BAD_USER_INPUT response names the field.
func wantField(t *testing.T, res *apptest.Response, field string) {
	t.Helper()
	if got := res.Errors[0].Extensions.Field; got != field {
		t.Fatalf("error names field %q, want %q: %s", got, field, res.Raw)
	}
}

func id(x int) string { return fmt.Sprint(x) }

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("id %q: %v", s, err)
	}
	return n
}

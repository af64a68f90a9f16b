package hub_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"haven/ent/registration"
)

const register = `mutation($id: ID!) { registerForEvent(eventID: $id) { id registeredCount seatsLeft viewerRegistered } }`
const cancel = `mutation($id: ID!) { cancelRegistration(eventID: $id) { id registeredCount seatsLeft viewerRegistered } }`

type seat struct {
	RegisteredCount  int
	SeatsLeft        *int
	ViewerRegistered bool
}

func (h *scene) register(token, eventID string) seat {
	h.t.Helper()
	var out struct{ RegisterForEvent seat }
	h.Query(token, register, map[string]any{"id": eventID}, &out)
	return out.RegisterForEvent
}

func TestEventCreate(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	nami := h.Organization("nami").Create()
	start := h.Clock.Now().Add(48 * time.Hour)
	in := func(key string, v any) map[string]any {
		m := map[string]any{
			"campaignID": cid, "hostOrganizationID": id(nami.ID), "kind": "TRAINING", "audience": "PARTNERS",
			"title": "QPR gatekeeper training", "startsAt": start, "endsAt": start.Add(2 * time.Hour), "capacity": 25,
		}
		if key != "" {
			m[key] = v
		}
		return map[string]any{"in": m}
	}
	const q = `mutation($in: CreateEventInput!) { createEvent(input: $in) {
  id kind audience title capacity registeredCount seatsLeft viewerRegistered
  campaign { slug } hostOrganization { slug }
} }`
	var out struct {
		CreateEvent struct {
			ID, Kind, Audience, Title  string
			Capacity, SeatsLeft        *int
			RegisteredCount            int
			Campaign, HostOrganization struct{ Slug string }
		}
	}
	h.Query(h.publisher, q, in("", nil), &out)
	e := out.CreateEvent
	if e.Kind != "TRAINING" || e.Audience != "PARTNERS" || *e.Capacity != 25 || *e.SeatsLeft != 25 ||
		e.Campaign.Slug != "awareness" || e.HostOrganization.Slug != "nami" {
		t.Fatalf("created %+v", e)
	}
	if h.auditCount("event.create", e.ID) != 1 {
		t.Fatal("event creation not audited")
	}
	// No capacity: unlimited, no seat count.
	h.Query(h.publisher, q, in("capacity", nil), &out)
	if out.CreateEvent.Capacity != nil || out.CreateEvent.SeatsLeft != nil {
		t.Fatalf("unlimited event %+v", out.CreateEvent)
	}

	h.Fail("UNAUTHENTICATED", anonymous, q, in("", nil))
	h.Fail("FORBIDDEN", h.admin, q, in("", nil))
	h.Fail("FORBIDDEN", h.user, q, in("", nil))
	h.Fail("NOT_FOUND", h.publisher, q, in("campaignID", id(nami.ID)))
	h.Fail("NOT_FOUND", h.publisher, q, in("hostOrganizationID", cid))
	for _, tc := range []struct {
		key   string
		value any
		field string
	}{
		{"capacity", 0, "capacity"},
		{"capacity", -3, "capacity"},
		{"endsAt", start, "endsAt"},
		{"title", "  ", "title"},
	} {
		wantField(t, h.Fail("BAD_USER_INPUT", h.publisher, q, in(tc.key, tc.value)), tc.field)
	}
	h.Fail("BAD_USER_INPUT", h.publisher, q, in("kind", "PARTY"))
}

func TestEventRegistration(t *testing.T) {
	h := newScene(t)
	ev := h.event("", "PUBLIC", 24*time.Hour, 2)

	if s := h.register(h.user, ev); s.RegisteredCount != 1 || *s.SeatsLeft != 1 || !s.ViewerRegistered {
		t.Fatalf("first registration: %+v", s)
	}
	if s := h.register(h.user, ev); s.RegisteredCount != 1 || !s.ViewerRegistered {
		t.Fatalf("registering twice counts twice: %+v", s)
	}
	if h.auditCount("event.register", ev) != 1 {
		t.Fatal("registration not audited once")
	}
	h.register(h.creatorRole, ev)
	res := h.Fail("CAPACITY_REACHED", h.admin, register, map[string]any{"id": ev})
	if res.Errors[0].Message == "" {
		t.Fatalf("no message: %s", res.Raw)
	}

	var out struct{ CancelRegistration seat }
	h.Query(h.user, cancel, map[string]any{"id": ev}, &out)
	if s := out.CancelRegistration; s.RegisteredCount != 1 || *s.SeatsLeft != 1 || s.ViewerRegistered {
		t.Fatalf("after cancel: %+v", s)
	}
	h.Query(h.user, cancel, map[string]any{"id": ev}, &out) // not registered any more: no change
	if out.CancelRegistration.RegisteredCount != 1 {
		t.Fatalf("cancelling twice: %+v", out.CancelRegistration)
	}
	if s := h.register(h.admin, ev); s.RegisteredCount != 2 || *s.SeatsLeft != 0 {
		t.Fatalf("the freed seat: %+v", s)
	}

	h.Fail("UNAUTHENTICATED", anonymous, register, map[string]any{"id": ev})
	h.Fail("UNAUTHENTICATED", anonymous, cancel, map[string]any{"id": ev})
	h.Fail("NOT_FOUND", h.user, register, map[string]any{"id": "424242"})
	h.Fail("NOT_FOUND", h.user, register, map[string]any{"id": h.campaign("not-an-event")})

	// Registration closes when the event starts.
	open := h.event("", "PUBLIC", time.Hour, 0)
	h.register(h.user, open)
	h.Clock.Advance(time.Hour)
	h.Fail("INVALID_TRANSITION", h.creatorRole, register, map[string]any{"id": open})
	h.Fail("INVALID_TRANSITION", h.user, cancel, map[string]any{"id": open})
}

func TestEventRegistrationPartnersOnly(t *testing.T) {
	h := newScene(t)
	h.Organization("nami").Members("nora-member").Create()
	member := h.Token("nora-member", "org_member")
	ev := h.event("", "PARTNERS", 24*time.Hour, 0)

	h.Fail("FORBIDDEN", h.user, register, map[string]any{"id": ev})
	// The org_member role alone is not membership: ownership comes from the database.
	h.Fail("FORBIDDEN", h.Token("olga-no-org", "org_member"), register, map[string]any{"id": ev})
	h.Fail("FORBIDDEN", h.publisher, register, map[string]any{"id": ev})
	if s := h.register(member, ev); s.RegisteredCount != 1 || s.SeatsLeft != nil || !s.ViewerRegistered {
		t.Fatalf("member registration: %+v", s)
	}
}

func TestEventsConnectionAndUpcoming(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	var ids []string
	for i := range 5 {
		ids = append(ids, h.event(cid, "PUBLIC", time.Duration(i+1)*time.Hour, 0))
	}
	h.event("", "PUBLIC", 30*time.Minute, 0) // no campaign
	h.register(h.user, ids[1])
	h.Clock.Advance(90 * time.Minute) // ids[0] and the campaign-less event have started

	const conn = `query($after: Cursor, $first: Int, $upcoming: Boolean) {
  events(after: $after, first: $first, upcoming: $upcoming) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id viewerRegistered } }
  }
}`
	type page struct {
		Events struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage bool
				EndCursor   string
			}
			Edges []struct {
				Node struct {
					ID               string
					ViewerRegistered bool
				}
			}
		}
	}
	var got []string
	var registered []string
	vars := map[string]any{"first": 2, "upcoming": true}
	for range 3 {
		var p page
		h.Query(h.user, conn, vars, &p)
		for _, e := range p.Events.Edges {
			got = append(got, e.Node.ID)
			if e.Node.ViewerRegistered {
				registered = append(registered, e.Node.ID)
			}
		}
		if p.Events.TotalCount != 4 {
			t.Fatalf("totalCount %d, want 4", p.Events.TotalCount)
		}
		if !p.Events.PageInfo.HasNextPage {
			break
		}
		vars["after"] = p.Events.PageInfo.EndCursor
	}
	if !slices.Equal(got, ids[1:]) || !slices.Equal(registered, ids[1:2]) {
		t.Fatalf("upcoming events %v (registered %v), want %v (registered %v)", got, registered, ids[1:], ids[1:2])
	}
	var all page
	h.Query(anonymous, conn, nil, &all)
	if all.Events.TotalCount != 6 {
		t.Fatalf("all events: %d, want 6", all.Events.TotalCount)
	}
	var past page
	h.Query(anonymous, conn, map[string]any{"upcoming": false}, &past)
	if past.Events.TotalCount != 2 {
		t.Fatalf("past events: %d, want 2", past.Events.TotalCount)
	}
	wantField(t, h.Fail("BAD_USER_INPUT", anonymous, conn, map[string]any{"first": 101}), "first")

	const upcoming = `query($first: Int) { campaign(slug: "awareness") { upcomingEvents(first: $first) { id } } }`
	var cp struct {
		Campaign struct{ UpcomingEvents []struct{ ID string } }
	}
	h.Query(anonymous, upcoming, map[string]any{"first": 3}, &cp)
	var up []string
	for _, e := range cp.Campaign.UpcomingEvents {
		up = append(up, e.ID)
	}
	if !slices.Equal(up, ids[1:4]) {
		t.Fatalf("upcomingEvents(first: 3) %v, want %v", up, ids[1:4])
	}
	wantField(t, h.Fail("BAD_USER_INPUT", anonymous, upcoming, map[string]any{"first": 101}), "first")
}

// TestRegistrationConcurrentCapacity has fifty partner-organization members register at once for
// ten seats: exactly ten get one, the others are told the event is full.
func TestRegistrationConcurrentCapacity(t *testing.T) {
	h := newScene(t)
	const people, seats = 50, 10
	subjects := make([]string, people)
	for i := range subjects {
		subjects[i] = fmt.Sprintf("member-%02d", i)
	}
	h.Organization("nami").Members(subjects...).Create()
	ev := h.event("", "PARTNERS", 24*time.Hour, seats)
	tokens := make([]string, people)
	for i, s := range subjects {
		tokens[i] = h.Token(s, "org_member")
	}

	codes := make([]string, people)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			res := h.Do(tokens[i], register, map[string]any{"id": ev})
			codes[i] = res.Code()
			if res.Code() == "" && len(res.Data) == 0 {
				codes[i] = "no data"
			}
		}()
	}
	close(start)
	wg.Wait()

	tally := map[string]int{}
	for _, c := range codes {
		tally[c]++
	}
	if tally[""] != seats || tally["CAPACITY_REACHED"] != people-seats {
		t.Fatalf("outcomes %v, want %d seats and %d CAPACITY_REACHED", tally, seats, people-seats)
	}
	n, err := h.Client().Registration.Query().Where(registration.EventID(atoi(t, ev))).Count(h.System())
	if err != nil || n != seats {
		t.Fatalf("%d registrations (%v), want %d", n, err, seats)
	}
	e, err := h.Client().Event.Get(h.System(), atoi(t, ev))
	if err != nil || e.RegisteredCount != seats {
		t.Fatalf("registered_count %d (%v), want %d", e.RegisteredCount, err, seats)
	}
}

// TestEventsViewerRegisteredStatements: a signed-in reader's page of events reads their
// registrations of the page's events in one statement when it shows viewerRegistered, whatever
// the page's size, and not at all when it does not.
func TestEventsViewerRegisteredStatements(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	var ids []string
	for i := range 12 {
		ids = append(ids, h.event(cid, "PUBLIC", time.Duration(i+1)*time.Hour, 0))
	}
	h.register(h.user, ids[2])
	const q = `query($first: Int) { events(first: $first) { edges { node { id %s } } } }`
	count := func(first int, field string) int {
		var out struct {
			Events struct {
				Edges []struct {
					Node struct {
						ID               string
						ViewerRegistered *bool
					}
				}
			}
		}
		query := fmt.Sprintf(q, field)
		vars := map[string]any{"first": first}
		h.Query(h.user, query, vars, nil) // the account
		n := h.Statements(func() { h.Query(h.user, query, vars, &out) })
		if len(out.Events.Edges) != first {
			t.Fatalf("first %d: %d events", first, len(out.Events.Edges))
		}
		for _, e := range out.Events.Edges {
			if (e.Node.ViewerRegistered != nil) != (field != "") || e.Node.ViewerRegistered != nil && *e.Node.ViewerRegistered != (e.Node.ID == ids[2]) {
				t.Fatalf("event %s: viewerRegistered %v", e.Node.ID, e.Node.ViewerRegistered)
			}
		}
		return n
	}
	without, with, withMore := count(3, ""), count(3, "viewerRegistered"), count(12, "viewerRegistered")
	t.Logf("statements: %d without viewerRegistered, %d with (3 events), %d with (12 events)", without, with, withMore)
	if with != without+1 || withMore != with {
		t.Fatalf("statements: %d without viewerRegistered, %d with (3 events), %d with (12 events)", without, with, withMore)
	}
}

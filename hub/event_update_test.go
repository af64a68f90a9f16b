package hub_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"haven/ent/auditevent"
)

const updateEvent = `mutation($id: ID!, $in: UpdateEventInput!) {
  updateEvent(id: $id, input: $in) { id title description startsAt endsAt capacity registeredCount seatsLeft }
}`

type updated struct {
	ID, Title           string
	Description         *string
	StartsAt, EndsAt    time.Time
	Capacity, SeatsLeft *int
	RegisteredCount     int
}

func (h *scene) update(token, eventID string, in map[string]any) updated {
	h.t.Helper()
	var out struct{ UpdateEvent updated }
	h.Query(token, updateEvent, map[string]any{"id": eventID, "in": in}, &out)
	return out.UpdateEvent
}

// TestEventUpdateCapacity: a publisher raises and lowers an event's capacity, never below the
// seats already taken, and removes the limit; every change is audited, a refused one changes nothing.
func TestEventUpdateCapacity(t *testing.T) {
	h := newScene(t)
	ev := h.event("", "PUBLIC", 24*time.Hour, 3)
	h.register(h.user, ev)
	h.register(h.creatorRole, ev)

	if e := h.update(h.publisher, ev, map[string]any{"capacity": 10}); *e.Capacity != 10 || *e.SeatsLeft != 8 || e.RegisteredCount != 2 {
		t.Fatalf("raised: %+v", e)
	}
	if e := h.update(h.publisher, ev, map[string]any{"capacity": 2}); *e.Capacity != 2 || *e.SeatsLeft != 0 {
		t.Fatalf("lowered to the seats taken: %+v", e)
	}
	h.Fail("CAPACITY_REACHED", h.admin, register, map[string]any{"id": ev})

	res := h.Fail("BAD_USER_INPUT", h.publisher, updateEvent, map[string]any{"id": ev, "in": map[string]any{"capacity": 1, "title": "Renamed"}})
	wantField(t, res, "capacity")
	if !strings.Contains(res.Errors[0].Message, "2 seats are already taken") {
		t.Fatalf("below the seats taken: %s", res.Raw)
	}
	for _, c := range []int{0, -1, 1000001} {
		wantField(t, h.Fail("BAD_USER_INPUT", h.publisher, updateEvent, map[string]any{"id": ev, "in": map[string]any{"capacity": c}}), "capacity")
	}
	if e := h.update(h.publisher, ev, map[string]any{}); e.Title != "Training in 24h0m0s" || *e.Capacity != 2 {
		t.Fatalf("a refused change changed the event: %+v", e)
	}

	// null removes the limit; leaving capacity out keeps it.
	if e := h.update(h.publisher, ev, map[string]any{"capacity": nil}); e.Capacity != nil || e.SeatsLeft != nil {
		t.Fatalf("no limit: %+v", e)
	}
	h.register(h.admin, ev)
	if e := h.update(h.publisher, ev, map[string]any{"title": "QPR training"}); e.Capacity != nil || e.RegisteredCount != 3 {
		t.Fatalf("a title change touched the capacity: %+v", e)
	}
	if n := h.auditCount("event.update", ev); n != 4 {
		t.Fatalf("%d event.update audit events, want 4 (raise, lower, no limit, title)", n)
	}
	evs, err := h.Client().AuditEvent.Query().Where(auditevent.Action("event.update")).Order(auditevent.ByID()).All(h.System())
	if err != nil || len(evs) != 4 || evs[0].Note == nil || *evs[0].Note != "capacity 3 → 10" || *evs[2].Note != "capacity 2 → no limit" {
		t.Fatalf("audit notes %v (%v)", evs, err)
	}
}

// TestEventUpdateFields: title, description and times change together; the window is checked
// with the stored bound that was left out; only publishers may change events.
func TestEventUpdateFields(t *testing.T) {
	h := newScene(t)
	ev := h.event("", "PUBLIC", 24*time.Hour, 0)
	start := h.Clock.Now().Add(72 * time.Hour).UTC().Truncate(time.Second)
	e := h.update(h.publisher, ev, map[string]any{"title": "  Suicide prevention: QPR  ", "description": "Question, persuade, refer.",
		"startsAt": start, "endsAt": start.Add(90 * time.Minute)})
	if e.Title != "Suicide prevention: QPR" || e.Description == nil || *e.Description != "Question, persuade, refer." ||
		!e.StartsAt.Equal(start) || !e.EndsAt.Equal(start.Add(90*time.Minute)) {
		t.Fatalf("updated %+v", e)
	}

	for _, tc := range []struct {
		in    map[string]any
		field string
	}{
		{map[string]any{"endsAt": start}, "endsAt"},
		{map[string]any{"startsAt": start.Add(2 * time.Hour)}, "endsAt"},
		{map[string]any{"title": "   "}, "title"},
		{map[string]any{"title": strings.Repeat("x", 500)}, "title"},
		{map[string]any{"startsAt": time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC)}, "startsAt"},
	} {
		wantField(t, h.Fail("BAD_USER_INPUT", h.publisher, updateEvent, map[string]any{"id": ev, "in": tc.in}), tc.field)
	}
	vars := map[string]any{"id": ev, "in": map[string]any{"capacity": 5}}
	h.Fail("UNAUTHENTICATED", anonymous, updateEvent, vars)
	for _, tok := range []string{h.admin, h.user, h.creatorRole, h.Token("mo-moderator", "moderator")} {
		h.Fail("FORBIDDEN", tok, updateEvent, vars)
	}
	h.Fail("NOT_FOUND", h.publisher, updateEvent, map[string]any{"id": "424242", "in": map[string]any{"capacity": 5}})
	h.Fail("NOT_FOUND", h.publisher, updateEvent, map[string]any{"id": h.campaign("not-an-event"), "in": map[string]any{"capacity": 5}})
	if got := h.update(h.publisher, ev, map[string]any{}); got.Title != "Suicide prevention: QPR" || got.Capacity != nil {
		t.Fatalf("refused changes changed the event: %+v", got)
	}
}

// TestEventUpdateCapacityRacesRegistrations: a publisher lowers the capacity to the seats taken
// while people register; whatever the order, the seats taken never pass the capacity.
func TestEventUpdateCapacityRacesRegistrations(t *testing.T) {
	h := newScene(t)
	const people = 12
	ev := h.event("", "PUBLIC", 24*time.Hour, 20)
	for i := range 4 {
		h.register(h.Token("early-"+id(i)), ev)
	}
	tokens := make([]string, people)
	for i := range tokens {
		tokens[i] = h.Token("late-" + id(i))
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	var lowered string
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-start
		lowered = h.Do(h.publisher, updateEvent, map[string]any{"id": ev, "in": map[string]any{"capacity": 6}}).Code()
	}()
	for i := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			h.Do(tokens[i], register, map[string]any{"id": ev})
		}()
	}
	close(start)
	wg.Wait()
	e, err := h.Client().Event.Get(h.System(), atoi(t, ev))
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case lowered == "" && (*e.Capacity != 6 || e.RegisteredCount > 6):
		t.Fatalf("lowered to 6, then capacity %d with %d taken", *e.Capacity, e.RegisteredCount)
	case lowered == "BAD_USER_INPUT" && *e.Capacity != 20:
		t.Fatalf("a refused lowering left capacity %d", *e.Capacity)
	case lowered != "" && lowered != "BAD_USER_INPUT":
		t.Fatalf("lowering answered %q", lowered)
	}
	if e.RegisteredCount > *e.Capacity {
		t.Fatalf("%d seats taken of %d", e.RegisteredCount, *e.Capacity)
	}
}

package hub_test

import (
	"testing"
	"time"

	"haven/apptest"
	"haven/ent"
	"haven/ent/event"
)

// TestHubUniqueViolationsAreConstraintErrors pins what the hub (and the demo seed, which keys on
// the campaign slug) relies on when concurrent requests race past its checks: ent recognizes the
// driver's unique-violation message as a constraint error, on SQLite and on PostgreSQL.
func TestHubUniqueViolationsAreConstraintErrors(t *testing.T) {
	h := apptest.New(t)
	ctx := h.System()
	start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	campaign := func() error {
		_, err := h.Client().Campaign.Create().SetSlug("same-campaign").SetName("Campaign").SetHashtag("#Same").
			SetStartsAt(start).SetEndsAt(start.AddDate(0, 1, 0)).Save(ctx)
		return err
	}
	if err := campaign(); err != nil {
		t.Fatalf("first campaign: %v", err)
	}
	if err := campaign(); !ent.IsConstraintError(err) {
		t.Errorf("duplicate campaign slug: %v, want a constraint error", err)
	}
	e, err := h.Client().Event.Create().SetKind(event.KindTRAINING).SetAudience(event.AudiencePUBLIC).
		SetTitle("Training").SetStartsAt(start).SetEndsAt(start.Add(time.Hour)).Save(ctx)
	if err != nil {
		t.Fatalf("event: %v", err)
	}
	a := h.Account("attendee")
	register := func() error {
		_, err := h.Client().Registration.Create().SetEventID(e.ID).SetAccountID(a.ID).Save(ctx)
		return err
	}
	if err := register(); err != nil {
		t.Fatalf("first registration: %v", err)
	}
	if err := register(); !ent.IsConstraintError(err) {
		t.Errorf("second registration of one account: %v, want a constraint error", err)
	}
}

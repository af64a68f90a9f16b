package profile_test

import (
	"testing"

	"haven/apptest"
	"haven/ent"
)

// TestUniqueViolationsAreConstraintErrors pins what the profile service relies on when two
// requests race past its checks: ent recognizes the driver's unique-violation message (SQLite's
// "UNIQUE constraint failed", PostgreSQL's "duplicate key value") as a constraint error. An
// upgrade of ent, lib/pq or the SQLite driver that changes those messages fails here, not as
// an INTERNAL error in production.
func TestUniqueViolationsAreConstraintErrors(t *testing.T) {
	h := apptest.New(t)
	ctx := h.System()
	h.Creator("same.handle").Owner("first").Create()
	_, err := h.Client().Creator.Create().SetOwner(h.Account("second")).SetHandle("same.handle").
		SetDisplayName("Second").Save(ctx)
	if !ent.IsConstraintError(err) {
		t.Errorf("duplicate creator handle: %v, want a constraint error", err)
	}
	_, err = h.Client().Creator.Create().SetOwner(h.Account("first")).SetHandle("other.handle").
		SetDisplayName("Again").Save(ctx)
	if !ent.IsConstraintError(err) {
		t.Errorf("second creator profile of one account: %v, want a constraint error", err)
	}
	h.Organization("same-slug").Create()
	_, err = h.Client().Organization.Create().SetSlug("same-slug").SetName("Other").Save(ctx)
	if !ent.IsConstraintError(err) {
		t.Errorf("duplicate organization slug: %v, want a constraint error", err)
	}
}

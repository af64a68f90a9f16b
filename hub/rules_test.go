package hub

import (
	"slices"
	"testing"
	"time"

	"haven/access"
	"haven/errcode"
)

func TestHubWindowOverlaps(t *testing.T) {
	at := func(h int) *time.Time {
		x := time.Date(2026, time.May, 1, h, 0, 0, 0, time.UTC)
		return &x
	}
	for _, tc := range []struct {
		name string
		a, b window
		want bool
	}{
		{"both open", window{}, window{}, true},
		{"open and closed", window{}, window{at(1), at(2)}, true},
		{"disjoint", window{at(1), at(2)}, window{at(3), at(4)}, false},
		{"touching: [1,2) and [2,3)", window{at(1), at(2)}, window{at(2), at(3)}, false},
		{"nested", window{at(1), at(5)}, window{at(2), at(3)}, true},
		{"open end after", window{at(3), nil}, window{at(1), at(2)}, false},
		{"open end over", window{at(1), nil}, window{at(4), at(5)}, true},
		{"open start before", window{nil, at(2)}, window{at(2), nil}, false},
	} {
		if got := tc.a.overlaps(tc.b); got != tc.want {
			t.Errorf("%s: overlaps %v, want %v", tc.name, got, tc.want)
		}
		if got := tc.b.overlaps(tc.a); got != tc.want {
			t.Errorf("%s (swapped): overlaps %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestHubCents(t *testing.T) {
	for c, want := range map[int64]string{
		0: "$0.00", 5: "$0.05", 100: "$1.00", 123456: "$1,234.56", 250000000: "$2,500,000.00", -150: "-$1.50",
	} {
		if got := cents(c); got != want {
			t.Errorf("cents(%d) = %q, want %q", c, got, want)
		}
	}
}

// TestHubPermissionsCoverEveryAction makes sure no hub operation runs without a row in the
// permission matrix.
func TestHubPermissionsCoverEveryAction(t *testing.T) {
	for _, a := range []access.Action{
		access.CampaignCreate, access.CampaignUpdate, access.FeatureContent, access.FeatureSpotlight,
		access.FeaturePartner, access.FeatureRemove, access.EventCreate, access.EventRegister,
		access.EventCancel, access.BudgetSet, access.GrantPropose, access.GrantApprove, access.GrantRevoke,
		access.BudgetRead, access.FeatureRead, access.FeatureMove,
	} {
		if !slices.ContainsFunc(access.Matrix(), func(r access.Rule) bool { return r.Action == a }) {
			t.Errorf("no permission entry for %s", a)
		}
	}
}

func TestWindowBounds(t *testing.T) {
	at := func(y int) *time.Time { v := time.Date(y, 5, 1, 0, 0, 0, 0, time.UTC); return &v }
	for _, tc := range []struct {
		w     window
		field string
	}{
		{window{at(1), at(2027)}, "startsAt"},
		{window{at(2026), at(9999)}, "endsAt"},
		{window{at(2027), at(2026)}, "endsAt"},
		{window{at(2026), at(2027)}, ""},
		{window{nil, nil}, ""},
	} {
		err := tc.w.validate()
		e, ok := errcode.As(err)
		if tc.field == "" && err != nil || tc.field != "" && (!ok || e.Field != tc.field) {
			t.Errorf("window %v-%v: %v, want field %q", tc.w.StartsAt, tc.w.EndsAt, err, tc.field)
		}
	}
}

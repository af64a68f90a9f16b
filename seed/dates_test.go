package seed

import (
	"context"
	"strings"
	"testing"
	"time"

	"haven/auth"
	"haven/ent/campaign"
)

// TestDemoDatesHoldOnAnyDay seeds the demo on days spread over a year (and a leap day) and checks
// that the demo reads the same whatever day it starts: the #MentalHealthAwareness campaign is live
// and named for no month, and every event lies inside its campaign's window and after now.
func TestDemoDatesHoldOnAnyDay(t *testing.T) {
	days := []time.Time{
		time.Date(2027, time.January, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2027, time.March, 15, 12, 34, 0, 0, time.UTC),
		time.Date(2027, time.May, 31, 23, 59, 59, 0, time.UTC),
		time.Date(2027, time.August, 20, 18, 0, 0, 0, time.UTC),
		time.Date(2027, time.September, 26, 17, 0, 0, 0, time.UTC), // the WMHD training's hour
		time.Date(2027, time.October, 10, 9, 0, 0, 0, time.UTC),
		time.Date(2027, time.November, 30, 8, 0, 0, 0, time.UTC),
		time.Date(2028, time.February, 29, 6, 0, 0, 0, time.UTC),
	}
	for _, now := range days {
		t.Run(now.Format("2006-01-02T15:04"), func(t *testing.T) {
			t.Parallel()
			ctx := auth.SystemContext(context.Background())
			db := openDB(t)
			if seeded, err := Demo(ctx, db.Client, now); err != nil || !seeded {
				t.Fatalf("Demo: seeded %v, %v", seeded, err)
			}
			mha, err := db.Client.Campaign.Query().Where(campaign.Slug("mental-health-awareness")).Only(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !mha.StartsAt.Before(now) || !mha.EndsAt.After(now) {
				t.Errorf("%s runs %v to %v: not live at %v", mha.Name, mha.StartsAt, mha.EndsAt, now)
			}
			for m := time.January; m <= time.December; m++ {
				if strings.Contains(mha.Name, m.String()) || strings.Contains(mha.Name, "Month") {
					t.Errorf("the demo campaign is named %q, for a month it does not run in", mha.Name)
				}
			}
			evs, err := db.Client.Event.Query().WithCampaign().All(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) < 4 {
				t.Fatalf("%d events", len(evs))
			}
			for _, ev := range evs {
				c := ev.Edges.Campaign
				if c == nil {
					t.Errorf("event %q has no campaign", ev.Title)
					continue
				}
				if !ev.StartsAt.After(now) || ev.StartsAt.Before(c.StartsAt) || ev.EndsAt.After(c.EndsAt) {
					t.Errorf("event %q (%v to %v) lies outside %s (%v to %v) or before now",
						ev.Title, ev.StartsAt, ev.EndsAt, c.Slug, c.StartsAt, c.EndsAt)
				}
			}
		})
	}
}

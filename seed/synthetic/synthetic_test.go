package synthetic_test

import (
	"context"
	"testing"

	"haven/apptest"
	"haven/ent/content"
	"haven/seed/synthetic"
)

// TestFill: the fill seeds the demo hub, adds live items each with a creator, an organization and
// two topics, newest first with distinct times, and a second fill to the same size adds nothing.
func TestFill(t *testing.T) {
	h := apptest.New(t)
	ctx := context.Background()
	added, err := synthetic.Fill(ctx, h.DB, 1500, apptest.Epoch, nil)
	if err != nil || added != 1500 {
		t.Fatalf("Fill = %d, %v; want 1500", added, err)
	}
	sys := h.System()
	items, err := h.Client().Content.Query().Where(content.TitleHasPrefix(synthetic.Prefix)).
		WithTopics().WithCreator().WithOrganization().Order(content.ByPublishedAt()).All(sys)
	if err != nil || len(items) != 1500 {
		t.Fatalf("%d items, %v", len(items), err)
	}
	for i, c := range items {
		if c.Status != content.StatusLIVE || c.Edges.Creator == nil || c.Edges.Organization == nil || len(c.Edges.Topics) != 2 ||
			c.Edges.Topics[0].ID == c.Edges.Topics[1].ID {
			t.Fatalf("item %q: status %s, creator %v, organization %v, %d topics", c.Title, c.Status, c.Edges.Creator != nil, c.Edges.Organization != nil, len(c.Edges.Topics))
		}
		if i > 0 && !c.PublishedAt.After(items[i-1].PublishedAt) {
			t.Fatalf("items %d and %d share a publication time", i-1, i)
		}
	}
	if exists, _ := h.Client().Campaign.Query().Exist(sys); !exists {
		t.Fatal("the demo hub was not seeded")
	}
	if added, err := synthetic.Fill(ctx, h.DB, 1500, apptest.Epoch, nil); err != nil || added != 0 {
		t.Fatalf("second Fill = %d, %v; want 0", added, err)
	}
	// The public feed reads them.
	var page struct {
		Contents struct {
			Edges []struct{ Node struct{ Title string } }
		}
	}
	h.Query("", `{ contents(first: 20) { edges { node { title } } } }`, nil, &page)
	if len(page.Contents.Edges) != 20 {
		t.Fatalf("feed of %d items", len(page.Contents.Edges))
	}
}

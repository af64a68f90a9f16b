package dimcache_test

import (
	"slices"
	"testing"

	"haven/apptest"
	"haven/dimcache"
	"haven/ent"
)

// TestLoadReadsOnlyWhatIsMissing: a generation is filled on demand, one statement per table for
// the rows it lacks, nothing once it holds them, and starts over past its bound or on Bump.
func TestLoadReadsOnlyWhatIsMissing(t *testing.T) {
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	a, b := h.Topic("anxiety").Create(), h.Topic("grief").Create()
	var pieces []*ent.Content
	for i, handle := range []string{"one", "two", "three"} {
		c := h.Creator(handle).Owner("owner-" + handle).Create()
		o := h.Organization("org-" + handle).Create()
		pieces = append(pieces, h.Content("Piece "+handle).By(c).Of(o).Topics(a, b).Age(i+1).Create())
	}
	cache := dimcache.New(h.Client(), h.DB.Dialect, 0)
	ctx := h.System()

	links := map[int][]int{}
	if n := h.Statements(func() {
		var err error
		if links, err = cache.Links(ctx, pieces); err != nil {
			t.Fatal(err)
		}
	}); n != 1 {
		t.Fatalf("Links: %d statements, want 1", n)
	}
	want := []int{a.ID, b.ID}
	slices.Sort(want)
	for _, p := range pieces {
		if !slices.Equal(links[p.ID], want) {
			t.Fatalf("topics of %d: %v, want %v (in ID order)", p.ID, links[p.ID], want)
		}
	}

	load := func(want int) *dimcache.Generation {
		t.Helper()
		var g *dimcache.Generation
		if n := h.Statements(func() {
			var err error
			if g, err = cache.Load(ctx, pieces, []int{a.ID, b.ID}); err != nil {
				t.Fatal(err)
			}
		}); n != want {
			t.Fatalf("Load: %d statements, want %d", n, want)
		}
		return g
	}
	g := load(3) // creators, organizations, topics
	for _, p := range pieces {
		if c := g.Creator(*p.CreatorID); c == nil || c.ID != *p.CreatorID {
			t.Fatalf("creator %d: %v", *p.CreatorID, c)
		}
		if o := g.Organization(*p.OrganizationID); o == nil || o.ID != *p.OrganizationID {
			t.Fatalf("organization %d: %v", *p.OrganizationID, o)
		}
	}
	if g.Topic(a.ID) == nil || g.Topic(b.ID) == nil {
		t.Fatal("topics missing")
	}
	load(0)
	cache.Bump()
	load(3)

	small := dimcache.New(h.Client(), h.DB.Dialect, 4)
	g1, err := small.Load(ctx, pieces[:1], []int{a.ID, b.ID}) // 4 rows: full
	if err != nil || g1.Creator(*pieces[0].CreatorID) == nil {
		t.Fatalf("first page: %v", err)
	}
	// Past its bound a generation starts over: the next page's rows are read into a new one.
	g2, err := small.Load(ctx, pieces[1:], nil)
	if err != nil {
		t.Fatal(err)
	}
	if g2 == g1 || g2.Creator(*pieces[1].CreatorID) == nil || g2.Creator(*pieces[0].CreatorID) != nil {
		t.Fatalf("after the bound: same generation %v, holds the new page's creator %v, the old page's %v",
			g2 == g1, g2.Creator(*pieces[1].CreatorID) != nil, g2.Creator(*pieces[0].CreatorID) != nil)
	}
}

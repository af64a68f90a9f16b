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

// TestCreatorByHandle: a creator is read by handle once per generation (and by ID not at all
// after it), a handle nobody has is read every time, and Bump forgets every handle.
func TestCreatorByHandle(t *testing.T) {
	h := apptest.New(t, apptest.Options{NoResponseCache: true})
	c := h.Creator("jeff.test").Owner("owner-jeff").Create()
	piece := h.Content("Piece").By(c).Create()
	cache := dimcache.New(h.Client(), h.DB.Dialect, 0)
	ctx := h.System()
	byHandle := func(handle string, statements int) *ent.Creator {
		t.Helper()
		var got *ent.Creator
		if n := h.Statements(func() {
			var err error
			if got, err = cache.CreatorByHandle(ctx, handle); err != nil {
				t.Fatal(err)
			}
		}); n != statements {
			t.Fatalf("CreatorByHandle(%q): %d statements, want %d", handle, n, statements)
		}
		return got
	}
	if got := byHandle("jeff.test", 1); got == nil || got.ID != c.ID {
		t.Fatalf("jeff.test: %v", got)
	}
	if got := byHandle("jeff.test", 0); got == nil || got.ID != c.ID {
		t.Fatalf("jeff.test from memory: %v", got)
	}
	if n := h.Statements(func() {
		if g, err := cache.Load(ctx, []*ent.Content{piece}, nil); err != nil || g.Creator(c.ID) == nil {
			t.Fatalf("Load: %v", err)
		}
	}); n != 0 {
		t.Fatalf("Load of a creator read by handle: %d statements, want 0", n)
	}
	for range 2 {
		if got := byHandle("nobody", 1); got != nil {
			t.Fatalf("nobody: %v", got)
		}
	}
	cache.Bump()
	byHandle("jeff.test", 1)

	// A creator read by ID is found by handle too.
	other := h.Creator("other.test").Owner("owner-other").Create()
	if _, err := cache.Load(ctx, []*ent.Content{h.Content("Other piece").By(other).Create()}, nil); err != nil {
		t.Fatal(err)
	}
	if got := byHandle("other.test", 0); got == nil || got.ID != other.ID {
		t.Fatalf("other.test: %v", got)
	}
}

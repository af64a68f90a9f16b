package hub_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"haven/ent/schema/enum"
)

const moveFeature = `mutation($id: ID!, $pos: Int!, $expect: Int) {
  moveFeature(id: $id, position: $pos, expectedPosition: $expect) { id position kind content { title } }
}`

type moved struct {
	MoveFeature []struct {
		ID       string
		Position int
		Kind     string
		Content  *struct{ Title string }
	}
}

// order is "title@position" of the answer, in its order.
func (m moved) order() []string {
	var out []string
	for _, f := range m.MoveFeature {
		out = append(out, fmt.Sprintf("%s@%d", f.Content.Title, f.Position))
	}
	return out
}

// TestMoveFeature: a move takes its position and shifts the placements in between by one, in
// both directions, leaving the others and the other kinds alone; the public page follows, and
// the move is one audit event.
func TestMoveFeature(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	jeff := h.Creator("therapyjeff").Create()
	ids := map[string]string{}
	for i, title := range []string{"a", "b", "c", "d", "e"} {
		ids[title] = h.feature(cid, h.Content(title).By(jeff).Kind(enum.KindVideo).Age(0).Create(), (i+1)*10, nil, nil)
	}
	var spot struct{ SpotlightCreator struct{ ID string } }
	h.Query(h.publisher, spotlightCreator, map[string]any{"c": cid, "x": id(jeff.ID), "pos": 20}, &spot)

	move := func(title string, pos int, expect any) []string {
		t.Helper()
		var out moved
		h.Query(h.publisher, moveFeature, map[string]any{"id": ids[title], "pos": pos, "expect": expect}, &out)
		return out.order()
	}
	// Up: d to 20 (b's place): b and c shift down one; a and e stay.
	if got, want := move("d", 20, 40), []string{"a@10", "d@20", "b@21", "c@31", "e@50"}; !slices.Equal(got, want) {
		t.Fatalf("d up to 20: %q, want %q", got, want)
	}
	// Down: a to 31 (c's place): those in (10, 31] shift up one.
	if got, want := move("a", 31, nil), []string{"d@19", "b@20", "c@30", "a@31", "e@50"}; !slices.Equal(got, want) {
		t.Fatalf("a down to 31: %q, want %q", got, want)
	}
	// To the same position: nothing moves.
	if got, want := move("e", 50, 50), []string{"d@19", "b@20", "c@30", "a@31", "e@50"}; !slices.Equal(got, want) {
		t.Fatalf("e to 50: %q, want %q", got, want)
	}
	if got, want := h.page(anonymous, "awareness").titles(), []string{"d", "b", "c", "a", "e"}; !slices.Equal(got, want) {
		t.Fatalf("public page after the moves: %q, want %q", got, want)
	}
	// The spotlight, another kind at position 20, did not shift.
	var sp struct{ Node struct{ Position int } }
	h.Query(h.publisher, `query($id: ID!) { node(id: $id) { ... on Feature { position } } }`, map[string]any{"id": spot.SpotlightCreator.ID}, &sp)
	if sp.Node.Position != 20 {
		t.Fatalf("spotlight position = %d, want 20 (moves keep to their kind)", sp.Node.Position)
	}
	// One audit event per move, by the publisher.
	var events struct {
		AuditEvents struct {
			Edges []struct {
				Node struct{ Action, Actor, Note string }
			}
		}
	}
	h.Query(h.admin, `query($id: ID!) { auditEvents(first: 20, entityID: $id) { edges { node { action actor note } } } }`, map[string]any{"id": ids["d"]}, &events)
	var moves []string
	for _, e := range events.AuditEvents.Edges {
		if e.Node.Action == "feature.move" {
			moves = append(moves, e.Node.Actor+": "+e.Node.Note)
		}
	}
	if len(moves) != 1 || !strings.HasPrefix(moves[0], "pat-publisher: ") || !strings.Contains(moves[0], "position 40 to 20") {
		t.Fatalf("audit of d's move: %q", moves)
	}
}

// TestMoveFeatureRefusals: permissions from the matrix, validation with codes and fields, and a
// stale expectedPosition as CONFLICT that changes nothing.
func TestMoveFeatureRefusals(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	jeff := h.Creator("therapyjeff").Create()
	fa := h.feature(cid, h.Content("a").By(jeff).Kind(enum.KindVideo).Age(0).Create(), 1, nil, nil)
	h.feature(cid, h.Content("b").By(jeff).Kind(enum.KindVideo).Age(0).Create(), 2, nil, nil)
	vars := func(pos int, expect any) map[string]any {
		return map[string]any{"id": fa, "pos": pos, "expect": expect}
	}

	h.Fail("UNAUTHENTICATED", anonymous, moveFeature, vars(2, nil))
	h.Fail("FORBIDDEN", h.admin, moveFeature, vars(2, nil))
	h.Fail("FORBIDDEN", h.user, moveFeature, vars(2, nil))
	h.Fail("FORBIDDEN", h.creatorRole, moveFeature, vars(2, nil))
	h.Fail("NOT_FOUND", h.publisher, moveFeature, map[string]any{"id": cid, "pos": 1}) // a campaign, not a feature
	h.Fail("NOT_FOUND", h.publisher, moveFeature, map[string]any{"id": "999999", "pos": 1})
	wantField(t, h.Fail("BAD_USER_INPUT", h.publisher, moveFeature, vars(-1, nil)), "position")
	wantField(t, h.Fail("BAD_USER_INPUT", h.publisher, moveFeature, vars(10001, nil)), "position")
	wantField(t, h.Fail("BAD_USER_INPUT", h.publisher, moveFeature, vars(2, -5)), "expectedPosition")
	h.Fail("CONFLICT", h.publisher, moveFeature, vars(2, 7))
	if got := h.page(anonymous, "awareness").titles(); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("after refused moves: %q, want a then b unchanged", got)
	}
}

// TestMoveFeatureConcurrent: two publishers move the same placement at once, each with the
// position they saw; one wins and the other gets CONFLICT, and no two placements share a position.
func TestMoveFeatureConcurrent(t *testing.T) {
	h := newScene(t)
	cid := h.campaign("awareness")
	jeff := h.Creator("therapyjeff").Create()
	var fs []string
	for i, title := range []string{"a", "b", "c", "d"} {
		fs = append(fs, h.feature(cid, h.Content(title).By(jeff).Kind(enum.KindVideo).Age(0).Create(), i, nil, nil))
	}
	var wg sync.WaitGroup
	codes := make([]string, 2)
	for i, pos := range []int{0, 1} {
		wg.Go(func() {
			codes[i] = h.Do(h.publisher, moveFeature, map[string]any{"id": fs[3], "pos": pos, "expect": 3}).Code()
		})
	}
	wg.Wait()
	slices.Sort(codes)
	if !slices.Equal(codes, []string{"", "CONFLICT"}) {
		t.Fatalf("codes = %q, want one success and one CONFLICT", codes)
	}
	var out moved
	h.Query(h.publisher, moveFeature, map[string]any{"id": fs[0], "pos": 0}, &out)
	seen := map[int]bool{}
	for _, f := range out.MoveFeature {
		if seen[f.Position] {
			t.Fatalf("two placements at position %d: %q", f.Position, out.order())
		}
		seen[f.Position] = true
	}
}

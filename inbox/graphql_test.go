package inbox_test

import (
	"strings"
	"testing"

	"haven/apptest"
)

const markOp = `mutation($ids: [ID!], $all: Boolean) { markNotificationsRead(ids: $ids, all: $all) }`

// TestNotificationsPagingAndValidation: the inbox pages newest first with cursors and filters
// unread ones; first out of range, a cursor of another list, bad IDs (unknown, another's, too
// many, none, both with all) are refused with BAD_USER_INPUT and mark nothing; anonymous viewers
// have no inbox.
func TestNotificationsPagingAndValidation(t *testing.T) {
	w := newWorld(t)
	h := w.h
	for range 3 {
		s := w.draft(w.jeff, nil)
		w.ok(h.Workflow.Submit(w.jeff, s.ID, s.Version))
	}
	o := w.draft(w.olga, nil)
	w.ok(h.Workflow.Submit(w.olga, o.ID, o.Version))
	all, unread := inboxOf(h, w.jeffT)
	if len(all) != 3 || unread != 3 {
		t.Fatalf("jeff sees %d (%d unread)", len(all), unread)
	}

	// Newest first, two pages.
	var p1, p2 inboxPage
	h.Query(w.jeffT, inboxOp, map[string]any{"first": 2}, &p1)
	if e := p1.Viewer.Notifications.Edges; len(e) != 2 || e[0].Node.ID != all[0].ID || e[1].Node.ID != all[1].ID ||
		!p1.Viewer.Notifications.PageInfo.HasNextPage || p1.Viewer.Notifications.TotalCount != 3 {
		t.Fatalf("first page: %+v", p1)
	}
	h.Query(w.jeffT, inboxOp, map[string]any{"first": 2, "after": *p1.Viewer.Notifications.PageInfo.EndCursor}, &p2)
	if e := p2.Viewer.Notifications.Edges; len(e) != 1 || e[0].Node.ID != all[2].ID || p2.Viewer.Notifications.PageInfo.HasNextPage {
		t.Fatalf("second page: %+v", p2)
	}

	// Validation: nothing is marked by a refused request.
	olgas, _ := inboxOf(h, w.olgaT)
	many := make([]string, 101)
	for i := range many {
		many[i] = all[0].ID
	}
	for name, vars := range map[string]map[string]any{
		"another's":  {"ids": []string{all[0].ID, olgas[0].ID}},
		"unknown":    {"ids": []string{"999999"}},
		"negative":   {"ids": []string{"-1"}},
		"too many":   {"ids": many},
		"none":       {"ids": []string{}},
		"neither":    {},
		"both":       {"ids": []string{all[0].ID}, "all": true},
		"all: false": {"all": false},
	} {
		res := h.Do(w.jeffT, markOp, vars)
		if res.Code() != "BAD_USER_INPUT" {
			t.Fatalf("%s: %s", name, res.Raw)
		}
	}
	if h.Do(w.jeffT, markOp, map[string]any{"ids": []string{"not-an-id"}}).Code() == "" {
		t.Fatal("a non-numeric ID was accepted")
	}
	if _, unread := inboxOf(h, w.jeffT); unread != 3 {
		t.Fatalf("a refused request marked something: %d unread", unread)
	}
	if _, unread := inboxOf(h, w.olgaT); unread != 1 {
		t.Fatalf("jeff's request marked olga's: %d unread", unread)
	}
	for name, vars := range map[string]map[string]any{
		"first too big":  {"first": 101},
		"first negative": {"first": -1},
		"foreign cursor": {"first": 2, "after": foreignCursor(t, h, w)},
	} {
		if res := h.Do(w.jeffT, inboxOp, vars); res.Code() != "BAD_USER_INPUT" {
			t.Fatalf("%s: %s", name, res.Raw)
		}
	}

	// Marking one, the rest, and the unread filter.
	var left struct{ MarkNotificationsRead int }
	h.Query(w.jeffT, markOp, map[string]any{"ids": []string{all[1].ID, all[1].ID}}, &left)
	if left.MarkNotificationsRead != 2 {
		t.Fatalf("after marking one: %d unread", left.MarkNotificationsRead)
	}
	var u inboxPage
	h.Query(w.jeffT, inboxOp, map[string]any{"first": 10, "unread": true}, &u)
	if e := u.Viewer.Notifications.Edges; len(e) != 2 || e[0].Node.ID != all[0].ID || e[1].Node.ID != all[2].ID || e[0].Node.Read {
		t.Fatalf("unread only: %+v", u)
	}
	h.Query(w.jeffT, markOp, map[string]any{"ids": []string{all[1].ID}}, &left) // again: no change
	if left.MarkNotificationsRead != 2 {
		t.Fatalf("marking again: %d unread", left.MarkNotificationsRead)
	}
	h.Query(w.jeffT, markOp, map[string]any{"all": true}, &left)
	if left.MarkNotificationsRead != 0 {
		t.Fatalf("after all: %d unread", left.MarkNotificationsRead)
	}
	if _, unread := inboxOf(h, w.olgaT); unread != 1 {
		t.Fatalf("jeff's all: true marked olga's: %d unread", unread)
	}

	// Anonymous viewers have no inbox; a notification is not a node anyone fetches.
	h.Fail("UNAUTHENTICATED", "", `{ viewer { unreadCount } }`, nil)
	h.Fail("UNAUTHENTICATED", "", markOp, map[string]any{"all": true})
	res := h.Do(w.olgaT, `query($id: ID!) { node(id: $id) { id ... on Notification { note } } }`, map[string]any{"id": all[0].ID})
	if strings.Contains(res.Raw, `"note"`) && !strings.Contains(res.Raw, `"node":null`) {
		t.Fatalf("olga fetched jeff's notification by node ID: %s", res.Raw)
	}
}

// foreignCursor is a cursor of another list in another order (contents by publication time).
func foreignCursor(t *testing.T, h *apptest.Hub, w *world) string {
	t.Helper()
	h.Content("Breathing exercises").By(w.olgaProfile).Create()
	var out struct {
		Contents struct{ PageInfo struct{ EndCursor string } }
	}
	h.Query("", `{ contents(first: 1) { pageInfo { endCursor } } }`, nil, &out)
	return out.Contents.PageInfo.EndCursor
}

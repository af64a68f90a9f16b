package graph_test

import (
	"testing"

	"haven/apptest"
	"haven/ent/content"
)

// TestNodesLoadsPerType: nodes(ids) costs a query per type (with its edges eagerly loaded), not a
// query per ID, and keeps the client's order, with null for hidden and missing IDs.
func TestNodesLoadsPerType(t *testing.T) {
	h := apptest.New(t)
	rows := richFeed(h, 30)
	hidden := h.Content("Removed", nil, nil, content.StatusREMOVED, 1)
	const q = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Content { title creator { handle } topics { slug } } } }`
	run := func(n int) (int, []map[string]any) {
		ids := []string{apptest.GID(hidden.ID), "999999999"}
		for _, c := range rows[:n] {
			ids = append(ids, apptest.GID(c.ID))
		}
		var out struct{ Nodes []map[string]any }
		statements := h.Statements(func() { h.Query("", q, map[string]any{"ids": ids}, &out) })
		return statements, out.Nodes
	}
	few, _ := run(3)
	many, nodes := run(30)
	if few != many || many > 4 {
		t.Fatalf("nodes of 3 and 30 contents: %d and %d statements, want equal and at most 4", few, many)
	}
	if nodes[0] != nil || nodes[1] != nil {
		t.Fatalf("hidden and missing IDs answered %v and %v, want null", nodes[0], nodes[1])
	}
	for i, c := range rows[:30] {
		n := nodes[i+2]
		if n == nil || n["title"] != c.Title || n["creator"] == nil || len(n["topics"].([]any)) != 2 {
			t.Fatalf("nodes[%d] = %v, want %q with its creator and topics", i+2, n, c.Title)
		}
	}
}

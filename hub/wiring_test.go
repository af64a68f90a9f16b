package hub_test

import (
	"testing"

	"haven/apptest"
)

// TestHubServiceWiring checks that the running Haven gives the hub service its database
// dialect: without it, approvals on PostgreSQL would not lock the campaign row and concurrent
// approvals could pass the budget.
func TestHubServiceWiring(t *testing.T) {
	h := apptest.New(t)
	if got, want := h.Hub.Dialect, h.DB.Dialect; got != want {
		t.Fatalf("hub.Service.Dialect is %q, want the database's %q (set it in app.New)", got, want)
	}
}

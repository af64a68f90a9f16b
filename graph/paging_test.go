package graph_test

import (
	"strings"
	"testing"
	"time"

	"haven/apptest"
)

// TestEveryConnectionChecksItsPage walks every paged field, public and staff, through the same
// refusals: a page size out of range or both first and last is BAD_USER_INPUT naming the
// argument, and so is a cursor that a list in another order made (its value of another type, or
// a value where the list is ordered by ID alone, or none where it is ordered by a field).
func TestEveryConnectionChecksItsPage(t *testing.T) {
	h := apptest.New(t)
	h.Creator("pager").Owner("pager").Create()
	h.Organization("pager-org").Create()
	staff := h.Token("staff", "moderator", "admin")

	byID := craftCursor(1, nil)                                           // a list ordered by ID alone
	byTime := craftCursor(1, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) // ordered by a time
	byText := craftCursor(1, "m")                                         // ordered by a text key
	const edges = `{ edges { node { id } } }`
	for _, c := range []struct {
		name, field string // field: "Query.x" or a path written as a selection around %s
		token       string
		last        bool     // the field takes last and before
		foreign     []string // cursors of other lists this one refuses
	}{
		{"contents", "contents(%s)", "", true, []string{byID, byText}},
		{"creators", "creators(%s)", "", true, []string{byID, byTime}},
		{"organizations", "organizations(%s)", "", true, []string{byID, byTime}},
		{"creator.contents", `creator(handle: "pager") { contents(%s) ` + edges + ` }`, "", true, []string{byID, byText}},
		{"organization.contents", `organization(slug: "pager-org") { contents(%s) ` + edges + ` }`, "", true, []string{byID, byText}},
		{"events", "events(%s)", "", true, []string{byID, byText}},
		{"submissions", "submissions(%s)", staff, true, []string{byTime, byText}},
		{"moderationQueue", "moderationQueue(%s)", staff, false, []string{byID, byTime}},
		{"reports", "reports(%s)", staff, false, []string{byID, byTime}},
		{"auditEvents", "auditEvents(%s)", staff, false, []string{byTime, byText}},
		{"viewer.notifications", "viewer { notifications(%s) " + edges + " }", staff, false, []string{byTime, byText}},
	} {
		t.Run(c.name, func(t *testing.T) {
			query := func(args string) string {
				sel := strings.Replace(c.field, "%s", args, 1)
				if !strings.Contains(sel, "{") {
					sel += " " + edges
				}
				return "query($c: Cursor) { " + sel + " }"
			}
			refused := func(args, arg string, vars map[string]any) {
				t.Helper()
				res := h.Do(c.token, query(args), vars)
				checkErrors(t, c.name+"("+args+")", res)
				if res.Code() != "BAD_USER_INPUT" || res.Errors[0].Extensions.Field != arg && !strings.Contains(res.Errors[0].Message, arg) {
					t.Errorf("%s(%s): want BAD_USER_INPUT naming %s, got HTTP %d %s", c.name, args, arg, res.Status, res.Raw)
				}
			}
			refused("first: 101, after: $c", "first", nil)
			refused("first: -1, after: $c", "first", nil)
			for _, cur := range c.foreign {
				refused("first: 1, after: $c", "after", map[string]any{"c": cur})
			}
			if c.last {
				refused("last: 101, before: $c", "last", nil)
				refused("first: 2, last: 2, after: $c", "last", nil)
				for _, cur := range c.foreign {
					refused("last: 1, before: $c", "before", map[string]any{"c": cur})
				}
			}
			// In range and without a cursor, the same field answers.
			if res := h.Do(c.token, query("first: 100, after: $c"), nil); len(res.Errors) > 0 {
				t.Errorf("%s(first: 100): %s", c.name, res.Raw)
			}
		})
	}
}

package workflow_test

import (
	"testing"
	"time"

	"haven/apptest"
)

// TestReportRateLimit: one reporter may file ten reports an hour; the eleventh is RATE_LIMITED,
// a repeated report of the same content changes nothing, and the window slides with the clock.
func TestReportRateLimit(t *testing.T) {
	h := apptest.New(t)
	var ids []string
	for i := 0; i < 12; i++ {
		ids = append(ids, apptest.GID(h.Content("Piece "+string(rune('A'+i))).Age(i).Create().ID))
	}
	for i := 0; i < 10; i++ {
		h.Query("", reportOp, map[string]any{"id": ids[i], "reason": "SPAM"}, nil)
	}
	// The same content again is not a new report and does not count.
	h.Query("", reportOp, map[string]any{"id": ids[0], "reason": "SPAM"}, nil)
	h.Fail("RATE_LIMITED", "", reportOp, map[string]any{"id": ids[10], "reason": "SPAM"})
	// A self-harm risk report still gets through: spam must not silence it.
	h.Query("", reportOp, map[string]any{"id": ids[10], "reason": "SELF_HARM_RISK"}, nil)
	// Another reporter has their own allowance.
	h.Query(h.Token("someone", "creator"), reportOp, map[string]any{"id": ids[11], "reason": "SPAM"}, nil)
	h.Clock.Advance(61 * time.Minute)
	h.Query("", reportOp, map[string]any{"id": ids[11], "reason": "HARASSMENT"}, nil)

	mod := h.Token("mod", "moderator")
	var q struct {
		Reports struct {
			Edges []struct{ Node struct{ Reason string } }
		}
	}
	h.Query(mod, `{ reports(first: 100) { edges { node { reason } } } }`, nil, &q)
	if len(q.Reports.Edges) != 13 || q.Reports.Edges[0].Node.Reason != "SELF_HARM_RISK" {
		t.Fatalf("reports = %+v, want 13 with self-harm risk first", q.Reports.Edges)
	}
}

// TestReportInput: reports are validated and name the bad field.
func TestReportInput(t *testing.T) {
	h := apptest.New(t)
	id := apptest.GID(h.Content("Piece").Create().ID)
	long := make([]byte, 2001)
	for i := range long {
		long[i] = 'x'
	}
	res := h.Fail("BAD_USER_INPUT", "", reportOp, map[string]any{"id": id, "reason": "SPAM", "details": string(long)})
	if res.Errors[0].Extensions.Field != "details" {
		t.Fatalf("field = %q, want details", res.Errors[0].Extensions.Field)
	}
	h.Fail("BAD_USER_INPUT", "", reportOp, map[string]any{"id": id, "reason": "NOT_A_REASON"})
	h.Fail("NOT_FOUND", "", reportOp, map[string]any{"id": "999999", "reason": "SPAM"})
}

// TestReporterStaysUnknown: who filed a report is known to those who handle reports, not to
// publishers (who read the audit log) nor anyone else.
func TestReporterStaysUnknown(t *testing.T) {
	h := apptest.New(t)
	id := apptest.GID(h.Content("Piece").Create().ID)
	h.Query(h.Token("eve", "creator"), reportOp, map[string]any{"id": id, "reason": "SELF_HARM_RISK"}, nil)
	const q = `{ auditEvents(first: 10) { edges { node { id action actor actorRoles } } } }`
	actor := func(token string) (string, []string, string) {
		var out struct {
			AuditEvents struct {
				Edges []struct {
					Node struct {
						ID, Action, Actor string
						ActorRoles        []string
					}
				}
			}
		}
		h.Query(token, q, nil, &out)
		for _, e := range out.AuditEvents.Edges {
			if e.Node.Action == "report.create" {
				return e.Node.Actor, e.Node.ActorRoles, e.Node.ID
			}
		}
		t.Fatal("no report.create event")
		return "", nil, ""
	}
	if a, roles, _ := actor(h.Token("mod", "moderator")); a != "eve" || len(roles) != 1 {
		t.Fatalf("a moderator sees the reporter as %q %v", a, roles)
	}
	a, roles, eventID := actor(h.Token("pub", "publisher"))
	if a != "reporter" || len(roles) != 0 {
		t.Fatalf("a publisher sees the reporter as %q %v", a, roles)
	}
	var n struct{ Node struct{ Actor string } }
	h.Query(h.Token("pub", "publisher"), `query($id: ID!) { node(id: $id) { ... on AuditEvent { actor } } }`, map[string]any{"id": eventID}, &n)
	if n.Node.Actor != "reporter" {
		t.Fatalf("through node() a publisher sees the reporter as %q", n.Node.Actor)
	}
}

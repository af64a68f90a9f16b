package workflow_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"haven/apptest"
	"haven/ent/report"
)

// reportFrom files an anonymous report from the given client address.
func reportFrom(h *apptest.Hub, addr, contentID, reason string) *apptest.Response {
	body, _ := json.Marshal(map[string]any{"query": reportOp, "variables": map[string]any{"id": contentID, "reason": reason}})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = addr + ":40000"
	return h.Send(req)
}

// TestAnonymousReportLimitUnderConcurrency: 25 reports at once from one address on 25 pieces
// are at most 10 accepted (the limit), the rest RATE_LIMITED; run over and over.
func TestAnonymousReportLimitUnderConcurrency(t *testing.T) {
	h := apptest.New(t)
	var ids []string
	for i := range 25 {
		ids = append(ids, apptest.GID(h.Content(fmt.Sprintf("Piece %d", i)).Age(i).Create().ID))
	}
	for round := range 6 {
		addr := fmt.Sprintf("198.51.100.%d", round+1)
		var mu sync.Mutex
		accepted := 0
		concurrently(25, func(i int) {
			res := reportFrom(h, addr, ids[i], "SPAM")
			switch res.Code() {
			case "":
				mu.Lock()
				accepted++
				mu.Unlock()
			case "RATE_LIMITED":
			default:
				t.Errorf("round %d: %s", round, res.Raw)
			}
		})
		if accepted != 10 {
			t.Fatalf("round %d: %d of 25 concurrent reports accepted, want the limit of 10", round, accepted)
		}
	}
}

// TestDuplicateReportsUnderConcurrency: one subject reporting one piece 12 times at once leaves
// exactly one open report, and every request succeeds; run over and over.
func TestDuplicateReportsUnderConcurrency(t *testing.T) {
	h := apptest.New(t)
	for round := range 6 {
		c := h.Content(fmt.Sprintf("Reported %d", round)).Age(1).Create()
		id := apptest.GID(c.ID)
		tok := h.Token(fmt.Sprintf("reporter-%d", round), "creator")
		concurrently(12, func(int) {
			if res := h.Do(tok, reportOp, map[string]any{"id": id, "reason": "HARASSMENT"}); res.Code() != "" {
				t.Errorf("round %d: %s", round, res.Raw)
			}
		})
		n, err := h.Client().Report.Query().Where(report.ContentID(c.ID), report.StatusEQ(report.StatusOPEN)).Count(h.System())
		if err != nil || n != 1 {
			t.Fatalf("round %d: %d open reports (%v), want 1", round, n, err)
		}
	}
}

// TestReportPathsDoNotDeadlock: on two replicas at once, moderators resolve reports by taking
// content down, others take the same content down directly, visitors report it while its
// pending revision is claimed and released. Every request succeeds or is refused with a code
// of the contract; none is INTERNAL (a deadlock, 40P01, used to be).
func TestReportPathsDoNotDeadlock(t *testing.T) {
	c := newCast(t)
	other := apptest.New(t, apptest.Options{Driver: c.h.Config.Driver, DSN: c.h.Config.DSN})
	allowed := map[string]bool{"": true, "CONFLICT": true, "INVALID_TRANSITION": true, "NOT_FOUND": true}
	for round := range 6 {
		live := c.publishNew(map[string]any{"title": fmt.Sprintf("Contested %d", round)})
		rev := c.do(c.creator, submitOp, "submitSubmission",
			vars(c.draft(c.creator, map[string]any{"title": fmt.Sprintf("Contested %d revised", round), "contentID": live.Content.ID})))
		var reportIDs []string
		for i := range 3 {
			c.h.Query(c.h.Token(fmt.Sprintf("r%d-%d", round, i), "creator"), reportOp, map[string]any{"id": live.Content.ID, "reason": "HARASSMENT"}, nil)
		}
		var q struct {
			Reports struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		c.h.Query(c.moderator, `{ reports(first: 100, status: OPEN) { edges { node { id } } } }`, nil, &q)
		for _, e := range q.Reports.Edges {
			reportIDs = append(reportIDs, e.Node.ID)
		}
		var mu sync.Mutex
		var failures []string
		check := func(what string, r *apptest.Response) {
			if !allowed[r.Code()] {
				mu.Lock()
				failures = append(failures, what+": "+r.Raw)
				mu.Unlock()
			}
		}
		concurrently(12, func(i int) {
			hub := c.h
			if i%2 == 1 {
				hub = other
			}
			switch i % 4 {
			case 0:
				for _, id := range reportIDs {
					check("resolve", hub.Do(hub.Token(fmt.Sprintf("mod-x%d", i), "moderator"), resolveReportOp, map[string]any{"id": id, "action": "TAKE_DOWN", "note": "Harassment."}))
				}
			case 1:
				check("take down", hub.Do(hub.Token(fmt.Sprintf("mod-y%d", i), "moderator"), takeDownOp, map[string]any{"id": live.Content.ID, "reason": "HARMFUL", "note": "Unsafe."}))
			case 2:
				mod := hub.Token(fmt.Sprintf("mod-z%d", i), "moderator")
				r := hub.Do(mod, claimOp, vars(rev))
				check("claim", r)
				if r.Code() == "" {
					check("release", hub.Do(mod, releaseOp, map[string]any{"id": rev.ID, "v": rev.Version + 1}))
				}
			case 3:
				for k := range 3 {
					check("report", hub.Do(hub.Token(fmt.Sprintf("v%d-%d-%d", round, i, k), "creator"), reportOp, map[string]any{"id": live.Content.ID, "reason": "SELF_HARM_RISK"}))
				}
			}
		})
		if len(failures) > 0 {
			t.Fatalf("round %d: %d requests failed, e.g. %s", round, len(failures), failures[0])
		}
	}
}

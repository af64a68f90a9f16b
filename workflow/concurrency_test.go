package workflow_test

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"haven/apptest"
	"haven/audit"
	"haven/ent"
	"haven/ent/auditevent"
	"haven/workflow"
)

// replicas returns two Hubs on one fresh database, as two server replicas would run. On SQLite
// both open the same database file.
func replicas(t *testing.T) [2]*apptest.Hub {
	driver, dsn := apptest.FreshDatabase(t)
	a := apptest.New(t, apptest.Options{Driver: driver, DSN: dsn})
	b := apptest.New(t, apptest.Options{Driver: driver, DSN: dsn})
	return [2]*apptest.Hub{a, b}
}

// concurrently runs f(i) for i in [0, n) in n goroutines released at once.
func concurrently(n int, f func(i int)) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			f(i)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
}

// warm has every token ask who it is, all at once: accounts exist and both replicas' connection
// pools are open, so that what follows runs truly at once.
func warm(t *testing.T, hubs [2]*apptest.Hub, tokens []string) {
	concurrently(len(tokens), func(i int) {
		if res := call(t, hubs[i%2], tokens[i], `{ viewer { subject } }`, nil); res.Code() != "" {
			t.Errorf("warm up: %s", res.Raw)
		}
	})
}

// TestConcurrentDecisions: twenty moderators, spread over two replicas, approve one submitted
// submission at the same expectedVersion, three times over. Each time exactly one wins and the
// other nineteen get CONFLICT; the audit trail holds exactly one approval of each submission,
// by the winner, and the chain still verifies.
func TestConcurrentDecisions(t *testing.T) {
	hubs := replicas(t)
	h := hubs[0]
	h.Topic("anxiety").Create()
	h.Creator("therapyjeff.test").Owner("creator-1").Create()
	creator := h.Token("creator-1", "creator")
	const n = 20
	tokens := make([]string, n)
	for i := range tokens {
		tokens[i] = h.Token(fmt.Sprintf("mod-%02d", i), "moderator")
	}
	warm(t, hubs, tokens)
	for round := range 3 {
		s := mustDo(t, h, creator, createSubmission, "createSubmission", map[string]any{"in": map[string]any{
			"kind": "ARTICLE", "title": fmt.Sprintf("Grounding, part %d", round+1), "summary": "Quick ways to calm anxiety.",
			"body": "Breathe in for four counts...", "topicSlugs": []string{"anxiety"}}})
		s = mustDo(t, h, creator, submitOp, "submitSubmission", vars(s))
		codes := make([]string, n)
		concurrently(n, func(i int) {
			res := call(t, hubs[i%2], tokens[i], approveOp, vars(s))
			codes[i] = res.Code()
			if res.Code() == "" && len(res.Data) == 0 {
				codes[i] = "no data: " + res.Raw
			}
		})
		count := map[string]int{}
		for _, c := range codes {
			count[c]++
		}
		if count[""] != 1 || count["CONFLICT"] != n-1 {
			t.Fatalf("round %d: outcomes %v, want one success and %d CONFLICT", round, count, n-1)
		}
		ctx := h.System()
		var id int
		fmt.Sscan(s.ID, &id)
		got, err := h.Client().Submission.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != workflow.Approved || got.Version != s.Version+1 {
			t.Fatalf("round %d: submission is %s v%d, want APPROVED v%d", round, got.Status, got.Version, s.Version+1)
		}
		approvals, err := h.Client().AuditEvent.Query().
			Where(auditevent.EntityID(id), auditevent.Action("submission.approve")).All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(approvals) != 1 || approvals[0].Actor != *got.ApprovedBy {
			t.Fatalf("round %d: audit trail holds %d approvals, want exactly one by %s", round, len(approvals), *got.ApprovedBy)
		}
	}
	checkChain(t, h)
}

// TestConcurrentAppends: twenty authors on two replicas submit and then withdraw their own
// submissions all at once. Every move succeeds and the audit chain stays one unbroken line:
// it verifies, its seq runs 1..N without a gap, and no two events chain onto the same
// predecessor.
func TestConcurrentAppends(t *testing.T) {
	hubs := replicas(t)
	h := hubs[0]
	const n = 20
	tokens := make([]string, n)
	drafts := make([]sub, n)
	for i := range n {
		subject := fmt.Sprintf("creator-%02d", i)
		h.Creator(fmt.Sprintf("creator.%02d", i)).Owner(subject).Create()
		tokens[i] = h.Token(subject, "creator")
		drafts[i] = mustDo(t, h, tokens[i], createSubmission, "createSubmission", map[string]any{"in": map[string]any{
			"kind": "ARTICLE", "title": "Piece " + subject, "summary": "A summary.", "body": "A body."}})
	}
	warm(t, hubs, tokens)
	errs := make([]string, n)
	concurrently(n, func(i int) {
		r := hubs[i%2]
		res := call(t, r, tokens[i], submitOp, vars(drafts[i]))
		var out map[string]sub
		if res.Code() != "" || json.Unmarshal(res.Data, &out) != nil {
			errs[i] = res.Raw
			return
		}
		if res := call(t, r, tokens[i], withdrawOp, vars(out["submitSubmission"])); res.Code() != "" {
			errs[i] = res.Raw
		}
	})
	for i, e := range errs {
		if e != "" {
			t.Fatalf("author %d: %s", i, e)
		}
	}
	if events := checkChain(t, h); len(events) != 3*n {
		t.Fatalf("chain holds %d events, want %d (create, submit, withdraw for each author)", len(events), 3*n)
	}
}

// checkChain verifies the audit chain, directly and through verifyAuditLog, and checks that it
// is one line: seq 1..N, each event linked to the one before, no predecessor shared.
func checkChain(t *testing.T, h *apptest.Hub) []*ent.AuditEvent {
	t.Helper()
	ctx := h.System()
	res, err := audit.Verify(ctx, h.Client())
	if err != nil || !res.OK {
		t.Fatalf("audit.Verify = %+v, %v", res, err)
	}
	events, err := h.Client().AuditEvent.Query().Order(ent.Asc(auditevent.FieldSeq)).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Checked != len(events) {
		t.Fatalf("verified %d of %d events", res.Checked, len(events))
	}
	prev := map[string]bool{}
	for i, e := range events {
		if e.Seq != int64(i+1) || prev[e.PrevHash] || (i > 0 && e.PrevHash != events[i-1].Hash) {
			t.Fatalf("event %d (seq %d) breaks the line", e.ID, e.Seq)
		}
		prev[e.PrevHash] = true
	}
	var out struct {
		VerifyAuditLog struct {
			OK      bool `json:"ok"`
			Checked int  `json:"checked"`
		} `json:"verifyAuditLog"`
	}
	h.Query(h.Token("admin-1", "admin"), `{ verifyAuditLog { ok checked } }`, nil, &out)
	if !out.VerifyAuditLog.OK || out.VerifyAuditLog.Checked != len(events) {
		t.Fatalf("verifyAuditLog = %+v, want ok over %d events", out.VerifyAuditLog, len(events))
	}
	return events
}

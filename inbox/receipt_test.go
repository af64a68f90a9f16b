package inbox_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"haven/apptest"
	"haven/ent/report"
	"haven/inbox"
)

const (
	reportWithReceiptOp = `mutation($id: ID!) { reportContentWithReceipt(contentID: $id, reason: SPAM, details: "Looks like an ad.") { token } }`
	receiptOp           = `query($t: String!) { reportReceipt(token: $t) { status createdAt resolvedAt } }`
	resolveOp           = `mutation($id: ID!, $action: ReportAction!, $note: String) { resolveReport(id: $id, action: $action, note: $note) { id } }`
)

type receiptAnswer struct {
	ReportReceipt struct {
		Status     string
		CreatedAt  string
		ResolvedAt *string
	}
}

func fileWithReceipt(t *testing.T, h *apptest.Hub, token string, contentID int) *string {
	t.Helper()
	var out struct{ ReportContentWithReceipt struct{ Token *string } }
	h.Query(token, reportWithReceiptOp, map[string]any{"id": apptest.GID(contentID)}, &out)
	return out.ReportContentWithReceipt.Token
}

// TestReceiptShowsOnlyItsReport: an anonymous reporter's receipt token reads that report's
// status, and follows it to its outcome; another report's receipt is unaffected; a wrong token
// is NOT_FOUND and a malformed one BAD_USER_INPUT; Haven keeps only the token's hash; a second
// report of the same open case files nothing and issues no token.
func TestReceiptShowsOnlyItsReport(t *testing.T) {
	w := newWorld(t)
	h := w.h
	first := h.Content("Five grounding techniques").By(w.jeffProfile).Create()
	second := h.Content("Breathing exercises").By(w.olgaProfile).Create()

	tok1 := fileWithReceipt(t, h, "", first.ID)
	tok2 := fileWithReceipt(t, h, "", second.ID)
	if tok1 == nil || tok2 == nil || *tok1 == *tok2 || !strings.HasPrefix(*tok1, "hrr_") {
		t.Fatalf("tokens %v %v", tok1, tok2)
	}
	if again := fileWithReceipt(t, h, "", first.ID); again != nil {
		t.Fatalf("a duplicate report got a token: %q", *again)
	}
	for _, tok := range []*string{tok1, tok2} {
		var st receiptAnswer
		h.Query("", receiptOp, map[string]any{"t": *tok}, &st)
		if st.ReportReceipt.Status != "OPEN" || st.ReportReceipt.ResolvedAt != nil || st.ReportReceipt.CreatedAt == "" {
			t.Fatalf("fresh receipt: %+v", st)
		}
	}

	// The moderator dismisses the first report: its receipt shows the outcome, the second's not.
	firstReport, err := h.Client().Report.Query().Where(report.ContentID(first.ID)).All(h.System())
	must(t, err)
	h.Query(w.modT, resolveOp, map[string]any{"id": apptest.GID(firstReport[0].ID), "action": "DISMISS", "note": "Not spam."}, nil)
	var st1, st2 receiptAnswer
	h.Query("", receiptOp, map[string]any{"t": *tok1}, &st1)
	h.Query("", receiptOp, map[string]any{"t": *tok2}, &st2)
	if st1.ReportReceipt.Status != "DISMISSED" || st1.ReportReceipt.ResolvedAt == nil {
		t.Fatalf("resolved receipt: %+v", st1)
	}
	if st2.ReportReceipt.Status != "OPEN" {
		t.Fatalf("the other receipt changed: %+v", st2)
	}

	// Only the status fields exist: asking for anything else fails validation.
	if res := h.Do("", `query($t: String!) { reportReceipt(token: $t) { status content { id } } }`, map[string]any{"t": *tok1}); res.Code() == "" {
		t.Fatalf("a receipt showed more than its status: %s", res.Raw)
	}
	h.Fail("NOT_FOUND", "", receiptOp, map[string]any{"t": "hrr_" + strings.Repeat("A", 43)})
	h.Fail("NOT_FOUND", w.jeffT, receiptOp, map[string]any{"t": (*tok1)[:len(*tok1)-1]})
	h.Fail("BAD_USER_INPUT", "", receiptOp, map[string]any{"t": " "})
	h.Fail("BAD_USER_INPUT", "", receiptOp, map[string]any{"t": strings.Repeat("x", 200)})

	// Haven keeps the hash, never the token.
	rows, err := h.Client().ReportReceipt.Query().All(inbox.Allow(h.System()))
	must(t, err)
	sum := sha256.Sum256([]byte(*tok1))
	found := false
	for _, r := range rows {
		if strings.Contains(r.TokenHash, *tok1) || strings.Contains(r.TokenHash, *tok2) {
			t.Fatal("a receipt token is stored in the clear")
		}
		found = found || r.TokenHash == hex.EncodeToString(sum[:])
	}
	if len(rows) != 2 || !found {
		t.Fatalf("%d receipts stored; hash of the first found: %v", len(rows), found)
	}
	// The audit event of the report carries no token.
	events, err := h.Client().AuditEvent.Query().All(h.System())
	must(t, err)
	for _, e := range events {
		if strings.Contains(deref(e.Note), "hrr_") || strings.Contains(deref(e.Reason), "hrr_") {
			t.Fatalf("an audit event holds a token: %+v", e)
		}
	}
}

// TestReportContentUnchanged: the contract's reportContent still answers a Boolean and issues no
// receipt.
func TestReportContentUnchanged(t *testing.T) {
	w := newWorld(t)
	h := w.h
	piece := h.Content("Five grounding techniques").By(w.jeffProfile).Create()
	var out struct{ ReportContent bool }
	h.Query("", `mutation($id: ID!) { reportContent(contentID: $id, reason: SPAM) }`, map[string]any{"id": apptest.GID(piece.ID)}, &out)
	if !out.ReportContent {
		t.Fatal("reportContent answered false")
	}
	if n, err := h.Client().ReportReceipt.Query().Count(inbox.Allow(h.System())); err != nil || n != 0 {
		t.Fatalf("%d receipts, %v", n, err)
	}
}

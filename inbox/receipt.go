package inbox

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"haven/ent"
	"haven/ent/report"
	"haven/ent/reportreceipt"
	"haven/errcode"
)

// receiptPrefix starts every receipt token, so one pasted in the wrong place is recognisable.
const receiptPrefix = "hrr_"

// maxTokenLen bounds the token reportReceipt accepts; real ones are far shorter.
const maxTokenLen = 128

// Receipt is what reportContentWithReceipt answers: the token, shown once, or nil when no new
// report was filed (the reporter's report of that content was still open).
type Receipt struct {
	Token *string
}

// receiptKey carries a pending receipt through the report's transaction to the observer.
type receiptKey struct{}

// WithReceipt asks for a receipt of the report filed under the returned context: when the
// report is written, the observer issues a token in its transaction and keeps it in the
// returned Receipt. The token is never logged.
func WithReceipt(ctx context.Context) (context.Context, *Receipt) {
	r := &Receipt{}
	return context.WithValue(ctx, receiptKey{}, r), r
}

// issueReceipt keeps the hash of a new random token for the report e records, when the filer
// asked for a receipt.
func (s *Service) issueReceipt(ctx context.Context, tx *ent.Tx, e *ent.AuditEvent) error {
	r, ok := ctx.Value(receiptKey{}).(*Receipt)
	if !ok {
		return nil
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return fmt.Errorf("inbox: receipt token: %w", err)
	}
	token := receiptPrefix + base64.RawURLEncoding.EncodeToString(b)
	err := tx.ReportReceipt.Create().SetTokenHash(hashToken(token)).SetReportID(e.EntityID).
		SetCreatedAt(s.Clock.Now().UTC()).Exec(allow(ctx))
	if err != nil {
		return fmt.Errorf("inbox: keep receipt: %w", err)
	}
	r.Token = &token
	return nil
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// ReceiptStatus is what a receipt shows: its report's status, and nothing else of it.
type ReceiptStatus struct {
	Status     report.Status
	CreatedAt  time.Time
	ResolvedAt *time.Time
}

// Receipt returns the status of the report token was issued for, NOT_FOUND for a token Haven
// did not issue (or whose receipt was pruned).
func (s *Service) Receipt(ctx context.Context, token string) (*ReceiptStatus, error) {
	token = strings.TrimSpace(token)
	if token == "" || len(token) > maxTokenLen {
		return nil, errcode.Input("token", "a receipt token is 1-%d characters", maxTokenLen)
	}
	rc, err := s.Client.ReportReceipt.Query().Where(reportreceipt.TokenHash(hashToken(token))).Only(allow(ctx))
	if ent.IsNotFound(err) {
		return nil, errcode.NotFoundf("no report has this receipt")
	}
	if err != nil {
		return nil, fmt.Errorf("inbox: load receipt: %w", err)
	}
	r, err := s.Client.Report.Query().Where(report.ID(rc.ReportID)).
		Select(report.FieldStatus, report.FieldCreatedAt, report.FieldResolvedAt).Only(allow(ctx))
	if ent.IsNotFound(err) {
		return nil, errcode.NotFoundf("no report has this receipt")
	}
	if err != nil {
		return nil, fmt.Errorf("inbox: load report of receipt: %w", err)
	}
	return &ReceiptStatus{Status: r.Status, CreatedAt: r.CreatedAt, ResolvedAt: r.ResolvedAt}, nil
}

package workflow

import (
	"context"
	"fmt"
	"time"

	"haven/access"
	"haven/audit"
	"haven/auth"
	"haven/database"
	"haven/ent"
	"haven/ent/content"
	"haven/ent/privacy"
	"haven/ent/report"
	"haven/ent/schema/enum"
	"haven/ent/submission"
	"haven/errcode"
	"haven/limit"
)

// Report limits: how many reports one reporter may file per window. Counted in the database, so
// every replica enforces the same limit. A report that someone's life may be at risk gets a far
// higher allowance: many visitors can share one address (a school, a proxy), and a flood of
// spam reports must not silence the one that matters.
const (
	reportLimit         = 10
	selfHarmReportLimit = 100
	reportWindow        = time.Hour
)

// reportPriority ranks open reports: a risk to someone's life comes first.
var reportPriority = map[report.Reason]int{
	report.ReasonSELF_HARM_RISK: 100,
	report.ReasonHARASSMENT:     50,
	report.ReasonHATE:           50,
	report.ReasonMISINFORMATION: 30,
	report.ReasonSPAM:           10,
	report.ReasonOTHER:          10,
}

// reportKey orders the report queue: open first, then priority, then oldest.
func reportKey(status report.Status, priority int, created time.Time) string {
	open := 1
	if status == report.StatusOPEN {
		open = 0
	}
	return fmt.Sprintf("%d|%03d|%s", open, 999-priority, created.UTC().Format("20060102T150405.000000000"))
}

// ReportContent flags live content, for anyone, anonymous visitors included. A second report of
// the same content by the same reporter while the first is open changes nothing. A pending
// revision of reported content moves to the front of the moderation queue.
func (w *Service) ReportContent(ctx context.Context, contentID int, reason report.Reason, details *string) error {
	if err := report.ReasonValidator(reason); err != nil {
		return errcode.Input("reason", "unknown reason %q", reason)
	}
	if details != nil {
		d, err := limit.Trim(*details, 0, limit.Note)
		if err != nil {
			return errcode.Input("details", "%v", err)
		}
		if d == "" {
			details = nil
		} else {
			details = &d
		}
	}
	v := auth.FromContext(ctx)
	reporter := "subject:" + v.Subject
	if v.Anonymous() {
		reporter = "addr:" + v.ClientAddr
	}
	return database.WithTx(ctx, w.client, func(ctx context.Context, tx *ent.Tx) error {
		// The chain lock first, as every workflow write takes it: the duplicate check, the count
		// against the limit and the insert are then one atomic step on PostgreSQL (SQLite has one
		// writer at a time), and no report deadlocks a claim or a take-down of the same content.
		if err := w.audit.Lock(ctx, tx); err != nil {
			return err
		}
		sys := privacy.DecisionContext(ctx, privacy.Allow)
		live, err := tx.Content.Query().Where(content.ID(contentID), content.StatusEQ(content.StatusLIVE)).Exist(sys)
		if err != nil {
			return fmt.Errorf("load content: %w", err)
		}
		if !live {
			return errcode.NotFoundf("content not found")
		}
		now := w.clock.Now()
		dup, err := tx.Report.Query().Where(report.Reporter(reporter), report.ContentID(contentID),
			report.StatusEQ(report.StatusOPEN)).Exist(sys)
		if err != nil {
			return fmt.Errorf("check duplicate report: %w", err)
		}
		if dup {
			return nil
		}
		recent, err := tx.Report.Query().Where(report.Reporter(reporter), report.CreatedAtGT(now.Add(-reportWindow))).Count(sys)
		if err != nil {
			return fmt.Errorf("count reports: %w", err)
		}
		limit := reportLimit
		if reason == report.ReasonSELF_HARM_RISK {
			limit = selfHarmReportLimit
		}
		if recent >= limit {
			return errcode.New(errcode.RateLimited, "too many reports in the last hour; if someone is in danger, contact a crisis line now")
		}
		prio := reportPriority[reason]
		r, err := tx.Report.Create().SetContentID(contentID).SetReason(reason).SetNillableDetails(details).
			SetReporter(reporter).SetPriority(prio).SetCreatedAt(now).SetUpdatedAt(now).
			SetQueueKey(reportKey(report.StatusOPEN, prio, now)).Save(ctx)
		if err != nil {
			return fmt.Errorf("save report: %w", err)
		}
		if err := w.markReported(sys, tx, contentID); err != nil {
			return err
		}
		_, err = w.audit.Append(ctx, tx, audit.Event{
			Action: "report.create", EntityType: "Report", EntityID: r.ID, To: string(report.StatusOPEN), Reason: string(reason),
		})
		return err
	})
}

// markReported moves pending revisions of reported content to the front of the queue.
func (w *Service) markReported(ctx context.Context, tx *ent.Tx, contentID int) error {
	pending, err := tx.Submission.Query().Where(submission.ContentID(contentID),
		submission.StatusIn(QueueStatuses...), submission.Reported(false)).All(ctx)
	if err != nil {
		return fmt.Errorf("load pending revisions: %w", err)
	}
	for _, s := range pending {
		if err := tx.Submission.UpdateOneID(s.ID).SetReported(true).
			SetQueueKey(QueueKey(true, s.Sensitive, deref(s.SubmittedAt))).Exec(ctx); err != nil {
			return fmt.Errorf("mark reported: %w", err)
		}
		if err := w.queueChanged(ctx, tx, s.ID, "reported", s.Status, s.Status); err != nil {
			return err
		}
	}
	return nil
}

// Resolution is how a moderator resolves a report.
type Resolution int

// The resolutions of a report.
const (
	// Dismiss closes the report and leaves the content up.
	Dismiss Resolution = iota + 1
	// TakeDownReported takes the reported content down and closes its open reports.
	TakeDownReported
)

// ResolveReport dismisses an open report or takes its content down.
func (w *Service) ResolveReport(ctx context.Context, id int, action Resolution, note *string) (*ent.Report, error) {
	v, err := access.Require(ctx, access.ReportResolve)
	if err != nil {
		return nil, err
	}
	n := ""
	if note != nil {
		if n, err = limit.Trim(*note, 0, limit.Note); err != nil {
			return nil, errcode.Input("note", "%v", err)
		}
	}
	if action != Dismiss && action != TakeDownReported {
		return nil, errcode.Input("action", "unknown resolution")
	}
	if action == TakeDownReported && n == "" {
		return nil, errcode.Input("note", "say why the content comes down")
	}
	var out *ent.Report
	err = database.WithTx(ctx, w.client, func(ctx context.Context, tx *ent.Tx) error {
		// The chain lock first, before any row (the take-down below locks content and reports).
		if err := w.audit.Lock(ctx, tx); err != nil {
			return err
		}
		r, err := tx.Report.Get(ctx, id)
		if absent(err) {
			return errcode.NotFoundf("report not found")
		}
		if err != nil {
			return fmt.Errorf("load report %d: %w", id, err)
		}
		if r.Status != report.StatusOPEN {
			return errcode.New(errcode.InvalidTransition, "the report is already %s", r.Status)
		}
		if own, err := w.ownsContent(ctx, tx, v, r.ContentID); err != nil {
			return err
		} else if own {
			return access.Refuse(access.NoResolveOnOwn)
		}
		if action == TakeDownReported {
			if _, err := w.TakeDown(ctx, r.ContentID, takeDownReason(r.Reason), n); err != nil {
				return err
			}
			out, err = tx.Report.Get(ctx, id)
			return err
		}
		now := w.clock.Now()
		u := tx.Report.UpdateOneID(id).Where(report.StatusEQ(report.StatusOPEN)).
			SetStatus(report.StatusDISMISSED).SetResolvedBy(v.Subject).SetResolvedAt(now).
			SetQueueKey(reportKey(report.StatusDISMISSED, r.Priority, r.CreatedAt))
		if n != "" {
			u.SetResolutionNote(n)
		}
		out, err = u.Save(ctx)
		if ent.IsNotFound(err) {
			return errcode.New(errcode.Conflict, "the report was resolved meanwhile")
		}
		if err != nil {
			return fmt.Errorf("dismiss report %d: %w", id, err)
		}
		_, err = w.audit.Append(ctx, tx, audit.Event{
			Action: "report.dismiss", EntityType: "Report", EntityID: id,
			From: string(report.StatusOPEN), To: string(report.StatusDISMISSED), Note: n,
		})
		return err
	})
	return database.Detach(ctx, out, err)
}

func takeDownReason(r report.Reason) enum.DecisionReason {
	switch r {
	case report.ReasonMISINFORMATION:
		return enum.ReasonMisinformation
	case report.ReasonSPAM:
		return enum.ReasonSpam
	case report.ReasonSELF_HARM_RISK:
		return enum.ReasonSafeMessaging
	case report.ReasonHARASSMENT, report.ReasonHATE:
		return enum.ReasonHarmful
	}
	return enum.ReasonOther
}

// ownsContent reports whether the content is v's (their creator profile's) or an organization's
// v is a member of: resolving a report on it would be deciding one's own case.
func (w *Service) ownsContent(ctx context.Context, tx *ent.Tx, v *auth.Viewer, contentID int) (bool, error) {
	if v.AccountID == 0 {
		return false, nil
	}
	sys := privacy.DecisionContext(ctx, privacy.Allow)
	c, err := tx.Content.Query().Where(content.ID(contentID)).WithCreator().Only(sys)
	if err != nil {
		return false, fmt.Errorf("load reported content: %w", err)
	}
	if c.Edges.Creator != nil && c.Edges.Creator.OwnerID == v.AccountID {
		return true, nil
	}
	if c.OrganizationID == nil {
		return false, nil
	}
	return isMember(ctx, tx.Client(), *c.OrganizationID, v.AccountID)
}

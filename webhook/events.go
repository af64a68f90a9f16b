package webhook

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"haven/ent"
	"haven/ent/content"
	"haven/ent/submission"
)

// The event types an endpoint can ask for. docs/webhooks.md documents each one's data.
const (
	ContentPublished   = "content.published"
	ContentUpdated     = "content.updated"
	ContentUnpublished = "content.unpublished"
	ContentTakenDown   = "content.taken_down"
	HubPageChanged     = "hub.page_changed"
	ReportOpened       = "report.opened"
	ReportResolved     = "report.resolved"
	SubmissionDecided  = "submission.decided"
)

// EventTypes lists every event type, in the documentation's order.
var EventTypes = []string{
	ContentPublished, ContentUpdated, ContentUnpublished, ContentTakenDown,
	HubPageChanged, ReportOpened, ReportResolved, SubmissionDecided,
}

// KnownEventType reports whether t is one of EventTypes.
func KnownEventType(t string) bool { return slices.Contains(EventTypes, t) }

// Payload is the JSON body of every delivery, the Standard Webhooks shape: the event type, when
// the change was recorded, and the event's data. Data holds IDs, statuses and reason codes,
// never free text (notes, report details) and never who acted: a receiver that needs more reads
// the public API.
type Payload struct {
	Type      string         `json:"type"`
	Timestamp time.Time      `json:"timestamp"`
	Data      map[string]any `json:"data"`
}

// hubActions are the audit actions (package hub's) that change a campaign's hub page.
var hubActions = []string{
	"campaign.create", "campaign.update",
	"feature.content", "feature.spotlight", "feature.partner", "feature.move", "feature.remove",
	"event.create",
}

// eventOf maps an audit event to the webhook event it is, if any: its type and data. It runs
// inside the change's transaction, so it reads the state the change leaves.
func eventOf(ctx context.Context, tx *ent.Tx, e *ent.AuditEvent) (string, map[string]any, error) {
	to := deref(e.ToStatus)
	switch e.Action {
	case "submission.publish", "submission.publish_due":
		if to != string(submission.StatusPUBLISHED) {
			return "", nil, nil
		}
		s, err := tx.Submission.Get(ctx, e.EntityID)
		if err != nil {
			return "", nil, fmt.Errorf("load submission %d: %w", e.EntityID, err)
		}
		// The audit event is written before the revision is copied into its content, so the
		// content is still as it was: none (a first publication), offline, taken down or live.
		data := map[string]any{"submissionID": s.ID, "contentID": nil, "kind": s.Kind}
		if s.ContentID == nil {
			return ContentPublished, data, nil
		}
		data["contentID"] = *s.ContentID
		c, err := tx.Content.Get(ctx, *s.ContentID)
		if err != nil {
			return "", nil, fmt.Errorf("load content %d: %w", *s.ContentID, err)
		}
		switch c.Status {
		case content.StatusLIVE:
			return ContentUpdated, data, nil
		case content.StatusUNPUBLISHED:
			return ContentPublished, data, nil
		default: // taken down: a new revision does not bring it back
			return "", nil, nil
		}
	case "content.unpublish":
		// A publisher's reason for unpublishing is free text (kept in the audit log), not a code.
		return ContentUnpublished, map[string]any{"contentID": e.EntityID}, nil
	case "content.take_down":
		return ContentTakenDown, map[string]any{"contentID": e.EntityID, "reason": nilIfEmpty(e.Reason)}, nil
	case "report.create", "report.dismiss", "report.action":
		r, err := tx.Report.Get(ctx, e.EntityID)
		if err != nil {
			return "", nil, fmt.Errorf("load report %d: %w", e.EntityID, err)
		}
		data := map[string]any{"reportID": r.ID, "contentID": r.ContentID, "reason": r.Reason}
		if e.Action == "report.create" {
			return ReportOpened, data, nil
		}
		data["outcome"] = to
		return ReportResolved, data, nil
	case "submission.approve", "submission.reject", "submission.request_changes":
		return SubmissionDecided, map[string]any{
			"submissionID": e.EntityID, "decision": to, "reason": nilIfEmpty(e.Reason),
		}, nil
	}
	if slices.Contains(hubActions, e.Action) {
		data := map[string]any{"change": e.Action, "entityType": e.EntityType, "entityID": e.EntityID, "campaignID": nil}
		switch e.EntityType {
		case "Campaign":
			data["campaignID"] = e.EntityID
		case "Feature":
			// Every placement's audit note begins "campaign N" (a removed one is gone by now).
			var id int
			if _, err := fmt.Sscanf(deref(e.Note), "campaign %d", &id); err == nil {
				data["campaignID"] = id
			}
		case "Event":
			ev, err := tx.Event.Get(ctx, e.EntityID)
			if err != nil {
				return "", nil, fmt.Errorf("load event %d: %w", e.EntityID, err)
			}
			if ev.CampaignID != nil {
				data["campaignID"] = *ev.CampaignID
			}
		}
		return HubPageChanged, data, nil
	}
	return "", nil, nil
}

// completeContentID fills a first publication's contentID, which did not exist yet when the
// event was recorded, from its submission; the delivery's payload is then fixed for good.
func completeContentID(ctx context.Context, client *ent.Client, body string) (string, bool, error) {
	var p Payload
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		return "", false, err
	}
	if p.Type != ContentPublished || p.Data["contentID"] != nil {
		return body, false, nil
	}
	id, ok := p.Data["submissionID"].(float64)
	if !ok {
		return body, false, nil
	}
	s, err := client.Submission.Get(ctx, int(id))
	if err != nil {
		return "", false, err
	}
	if s.ContentID == nil {
		return body, false, nil
	}
	p.Data["contentID"] = *s.ContentID
	b, err := json.Marshal(p)
	return string(b), true, err
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func nilIfEmpty(s *string) any {
	if s == nil || *s == "" {
		return nil
	}
	return *s
}

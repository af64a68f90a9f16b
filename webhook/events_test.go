package webhook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"testing"
	"time"

	"haven/ent"
	"haven/ent/report"
	"haven/ent/schema/enum"
	"haven/hub"
	"haven/webhook"
	"haven/workflow"
)

// event is a received payload, decoded.
type event struct {
	Type      string         `json:"type"`
	Timestamp time.Time      `json:"timestamp"`
	Data      map[string]any `json:"data"`
}

// TestEventsOfChanges: each kind of change Haven records becomes its documented event with its
// documented data, and only for endpoints that asked for its type.
func TestEventsOfChanges(t *testing.T) {
	h := newHub(t)
	rc := newReceiver(t, h.Clock.Now)
	rc.setSecret(register(t, h, rc.srv.URL, webhook.EventTypes...).Secret)
	// An endpoint that asked only for take-downs hears nothing else.
	register(t, h, "https://cdn.example.com/purge", webhook.ContentTakenDown)

	h.Creator("events.test").Owner("creator-1").Create()
	cctx, mctx := h.Ctx("creator-1", "creator"), h.Ctx("mod-1", "moderator")
	pctx := h.Ctx("pub-1", "publisher")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	publishNew := func(contentID *int) *ent.Submission {
		t.Helper()
		kind, title, summary, body := enum.ContentKind("ARTICLE"), "Grounding", "Five ways.", "Breathe."
		s, err := h.Workflow.Create(cctx, workflow.CreateInput{ContentID: contentID,
			Fields: workflow.Fields{Kind: &kind, Title: &title, Summary: &summary, Body: &body}})
		must(err)
		s, err = h.Workflow.Submit(cctx, s.ID, s.Version)
		must(err)
		s, err = h.Workflow.Approve(mctx, s.ID, s.Version, "", nil)
		must(err)
		s, err = h.Workflow.Publish(pctx, s.ID, s.Version, nil)
		must(err)
		return s
	}
	first := publishNew(nil)
	cid := *first.ContentID
	rev := publishNew(&cid)
	must(h.Workflow.ReportContent(h.Ctx("reader-1", "viewer"), cid, report.ReasonMISINFORMATION, nil))
	r, err := h.Client().Report.Query().Only(admin(context.Background()))
	must(err)
	_, err = h.Workflow.ResolveReport(mctx, r.ID, workflow.Dismiss, nil)
	must(err)
	_, err = h.Workflow.TakeDown(mctx, cid, enum.DecisionReason("MISINFORMATION"), "internal note")
	must(err)
	other := h.Content("other").Create()
	_, err = h.Workflow.Unpublish(pctx, other.ID, "outdated")
	must(err)
	camp, err := h.Hub.CreateCampaign(pctx, hub.CampaignInput{Slug: "may-2026", Name: "May", Hashtag: "#May2026",
		StartsAt: h.Clock.Now(), EndsAt: h.Clock.Now().Add(30 * 24 * time.Hour)})
	must(err)
	live := h.Content("featured").Create()
	f, err := h.Hub.FeatureContent(pctx, camp.ID, live.ID, hub.Placement{Position: 1})
	must(err)
	_, err = h.Hub.MoveFeature(pctx, f.ID, 2, nil)
	must(err)
	must(h.Hub.RemoveFeature(pctx, f.ID))

	for runOnce(t, h.Webhooks) > 0 {
	}
	// Deliveries go out in parallel; in the order of their events (the webhook-id names it).
	rs := rc.received()
	sort.Slice(rs, func(i, j int) bool { return eventSeq(rs[i].ID) < eventSeq(rs[j].ID) })
	var got []event
	for _, g := range rs {
		var e event
		must(json.Unmarshal(g.Body, &e))
		if g.Verified != nil {
			t.Errorf("%s: %v", e.Type, g.Verified)
		}
		got = append(got, e)
	}
	want := []struct {
		typ  string
		data map[string]any
	}{
		{webhook.SubmissionDecided, map[string]any{"submissionID": first.ID, "decision": "APPROVED", "reason": nil}},
		{webhook.ContentPublished, map[string]any{"submissionID": first.ID, "contentID": cid, "kind": "ARTICLE"}},
		{webhook.SubmissionDecided, map[string]any{"submissionID": rev.ID, "decision": "APPROVED", "reason": nil}},
		{webhook.ContentUpdated, map[string]any{"submissionID": rev.ID, "contentID": cid, "kind": "ARTICLE"}},
		{webhook.ReportOpened, map[string]any{"reportID": r.ID, "contentID": cid, "reason": "MISINFORMATION"}},
		{webhook.ReportResolved, map[string]any{"reportID": r.ID, "contentID": cid, "reason": "MISINFORMATION", "outcome": "DISMISSED"}},
		{webhook.ContentTakenDown, map[string]any{"contentID": cid, "reason": "MISINFORMATION"}},
		{webhook.ContentUnpublished, map[string]any{"contentID": other.ID}},
		{webhook.HubPageChanged, map[string]any{"change": "campaign.create", "entityType": "Campaign", "entityID": camp.ID, "campaignID": camp.ID}},
		{webhook.HubPageChanged, map[string]any{"change": "feature.content", "entityType": "Feature", "entityID": f.ID, "campaignID": camp.ID}},
		{webhook.HubPageChanged, map[string]any{"change": "feature.move", "entityType": "Feature", "entityID": f.ID, "campaignID": camp.ID}},
		{webhook.HubPageChanged, map[string]any{"change": "feature.remove", "entityType": "Feature", "entityID": f.ID, "campaignID": camp.ID}},
	}
	if len(got) != len(want) {
		for _, g := range got {
			t.Logf("got %s %v", g.Type, g.Data)
		}
		t.Fatalf("receiver got %d events, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Type != w.typ || fmt.Sprint(g.Data) != fmt.Sprint(normalize(w.data)) {
			t.Errorf("event %d = %s %v, want %s %v", i, g.Type, g.Data, w.typ, normalize(w.data))
		}
		if g.Timestamp.IsZero() {
			t.Errorf("event %d has no timestamp", i)
		}
	}
	// The take-down endpoint got exactly its one event (no name resolves in these tests, so the
	// delivery is there, failing).
	n, err := h.Client().WebhookDelivery.Query().Count(admin(context.Background()))
	must(err)
	if n != len(want)+1 {
		t.Fatalf("%d deliveries, want %d", n, len(want)+1)
	}
}

// eventSeq is the audit event ID in a webhook-id "msg_<event>_<endpoint>".
func eventSeq(id string) int {
	var ev, ep int
	fmt.Sscanf(id, "msg_%d_%d", &ev, &ep)
	return ev
}

// normalize makes a map print as its JSON round trip does (numbers as float64).
func normalize(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

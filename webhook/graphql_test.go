package webhook_test

import (
	"context"
	"strings"
	"testing"

	"haven/ent/webhookdelivery"
)

const (
	registerOp = `mutation($in: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $in) { secret endpoint { id url eventTypes enabled createdBy failingSince disabledReason } } }`
	listOp     = `{ webhookEndpoints { id url eventTypes enabled createdBy } }`
	disableOp  = `mutation($id: ID!) { disableWebhookEndpoint(id: $id) { id enabled disabledReason } }`
	enableOp   = `mutation($id: ID!) { enableWebhookEndpoint(id: $id) { id enabled disabledReason } }`
	rotateOp   = `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id } } }`
	retryOp    = `mutation($id: ID!) { retryWebhookDelivery(id: $id) { id status attempts } }`
	recentOp   = `query($ep: ID, $status: WebhookDeliveryStatus, $first: Int) { webhookDeliveries(endpointID: $ep, status: $status, first: $first) { id endpointID messageID eventType status attempts lastError lastStatusCode payload } }`
)

type endpointJSON struct {
	ID             string   `json:"id"`
	URL            string   `json:"url"`
	EventTypes     []string `json:"eventTypes"`
	Enabled        bool     `json:"enabled"`
	CreatedBy      string   `json:"createdBy"`
	DisabledReason *string  `json:"disabledReason"`
}

// TestAdminGraphQL: admins register, list, disable, enable and rotate endpoints and see and retry
// deliveries; others are refused; every bad input is refused with a code.
func TestAdminGraphQL(t *testing.T) {
	h := newHub(t)
	adminTok, pubTok := h.Token("admin-1", "admin"), h.Token("pub-1", "publisher")
	in := map[string]any{"url": "https://hooks.example.com/haven", "eventTypes": []string{"CONTENT_PUBLISHED", "REPORT_OPENED"}}

	h.Fail("FORBIDDEN", pubTok, registerOp, map[string]any{"in": in})
	h.Fail("UNAUTHENTICATED", "", listOp, nil)
	h.Fail("FORBIDDEN", pubTok, recentOp, nil)

	for _, bad := range []map[string]any{
		{"url": "not a url", "eventTypes": []string{"REPORT_OPENED"}},
		{"url": "ftp://hooks.example.com/", "eventTypes": []string{"REPORT_OPENED"}},
		{"url": "https://user:pass@hooks.example.com/", "eventTypes": []string{"REPORT_OPENED"}},
		{"url": "https://hooks.example.com/" + strings.Repeat("a", 3000), "eventTypes": []string{"REPORT_OPENED"}},
		{"url": "https://hooks.example.com/", "eventTypes": []string{}},
		{"url": "https://hooks.example.com/", "eventTypes": []string{"REPORT_OPENED", "REPORT_OPENED"}},
	} {
		h.Fail("BAD_USER_INPUT", adminTok, registerOp, map[string]any{"in": bad})
	}
	// An unknown enum value is refused by the schema.
	if r := h.Do(adminTok, registerOp, map[string]any{"in": map[string]any{"url": "https://x.example.com/", "eventTypes": []string{"NOPE"}}}); r.Code() == "" {
		t.Fatal("an unknown event type was accepted")
	}
	// Production accepts https only.
	h.Webhooks.RequireHTTPS = true
	h.Fail("BAD_USER_INPUT", adminTok, registerOp, map[string]any{"in": map[string]any{"url": "http://hooks.example.com/", "eventTypes": []string{"REPORT_OPENED"}}})
	h.Webhooks.RequireHTTPS = false

	var reg struct {
		R struct {
			Secret   string       `json:"secret"`
			Endpoint endpointJSON `json:"endpoint"`
		} `json:"registerWebhookEndpoint"`
	}
	h.Query(adminTok, registerOp, map[string]any{"in": in}, &reg)
	if !strings.HasPrefix(reg.R.Secret, "whsec_") || !reg.R.Endpoint.Enabled || reg.R.Endpoint.CreatedBy != "admin-1" ||
		strings.Join(reg.R.Endpoint.EventTypes, ",") != "CONTENT_PUBLISHED,REPORT_OPENED" {
		t.Fatalf("registered: %+v", reg.R)
	}
	id := reg.R.Endpoint.ID

	var list struct {
		L []endpointJSON `json:"webhookEndpoints"`
	}
	h.Query(adminTok, listOp, nil, &list)
	if len(list.L) != 1 || list.L[0].ID != id || list.L[0].URL != in["url"] {
		t.Fatalf("list: %+v", list.L)
	}
	// The secret is not part of the endpoint type at all.
	if r := h.Do(adminTok, `{ webhookEndpoints { secret } }`, nil); r.Code() == "" {
		t.Fatal("an endpoint's secret can be selected")
	}

	var rot struct {
		R struct {
			Secret string `json:"secret"`
		} `json:"rotateWebhookSecret"`
	}
	h.Query(adminTok, rotateOp, map[string]any{"id": id}, &rot)
	if !strings.HasPrefix(rot.R.Secret, "whsec_") || rot.R.Secret == reg.R.Secret {
		t.Fatalf("rotated secret %q", rot.R.Secret)
	}
	h.Fail("NOT_FOUND", adminTok, rotateOp, map[string]any{"id": "999"})

	var dis struct {
		D endpointJSON `json:"disableWebhookEndpoint"`
	}
	h.Query(adminTok, disableOp, map[string]any{"id": id}, &dis)
	if dis.D.Enabled || dis.D.DisabledReason == nil {
		t.Fatalf("disabled: %+v", dis.D)
	}
	var en struct {
		E endpointJSON `json:"enableWebhookEndpoint"`
	}
	h.Query(adminTok, enableOp, map[string]any{"id": id}, &en)
	if !en.E.Enabled || en.E.DisabledReason != nil {
		t.Fatalf("enabled: %+v", en.E)
	}
	h.Fail("NOT_FOUND", adminTok, disableOp, map[string]any{"id": "999"})

	// Deliveries: one report, whose attempt fails (no name resolves in these tests); the listing
	// shows it; only a FAILED one can be retried.
	openReports(t, h, 1)
	runOnce(t, h.Webhooks)
	var recent struct {
		D []struct {
			ID         string `json:"id"`
			EndpointID string `json:"endpointID"`
			EventType  string `json:"eventType"`
			Status     string `json:"status"`
			Attempts   int    `json:"attempts"`
			Payload    string `json:"payload"`
		} `json:"webhookDeliveries"`
	}
	h.Query(adminTok, recentOp, map[string]any{"ep": id, "first": 10}, &recent)
	if len(recent.D) != 1 || recent.D[0].EventType != "REPORT_OPENED" || recent.D[0].EndpointID != id ||
		recent.D[0].Status != "PENDING" || recent.D[0].Attempts != 1 || !strings.Contains(recent.D[0].Payload, `"report.opened"`) {
		t.Fatalf("recent deliveries: %+v", recent.D)
	}
	h.Fail("BAD_USER_INPUT", adminTok, recentOp, map[string]any{"first": 0})
	h.Fail("BAD_USER_INPUT", adminTok, recentOp, map[string]any{"first": 101})
	h.Fail("INVALID_TRANSITION", adminTok, retryOp, map[string]any{"id": recent.D[0].ID})
	h.Fail("NOT_FOUND", adminTok, retryOp, map[string]any{"id": "999"})
	// Mark it failed as a day of retries would, then retry it.
	ctx := admin(context.Background())
	d := deliveries(t, h)[0]
	if err := h.Client().WebhookDelivery.UpdateOne(d).SetStatus(webhookdelivery.StatusFAILED).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	var retried struct {
		R struct {
			Status string `json:"status"`
		} `json:"retryWebhookDelivery"`
	}
	h.Query(adminTok, retryOp, map[string]any{"id": recent.D[0].ID}, &retried)
	if retried.R.Status != "PENDING" {
		t.Fatalf("retried: %+v", retried.R)
	}
}

package access_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"haven/access"
	"haven/apptest"
	"haven/auth"
	"haven/ent/content"
)

// viewer is one column of the matrix: anonymous, or one role on its own.
type viewer struct {
	name  string
	role  auth.Role // "" for anonymous
	token string
}

// observe runs an action's probe as a viewer and reports whether the viewer was let through.
// It fails the test when the answer is neither the permitted nor the refused one.
type observe func(t *testing.T, w *walk, v viewer) bool

// codes observes by error code: a permitted viewer gets allowed ("" is success), an anonymous
// one UNAUTHENTICATED, a signed-in one without the role FORBIDDEN. Probes name objects that do
// not exist or input that is invalid, so the role check is the only thing between the viewer
// and the permitted answer, and nothing changes.
func codes(allowed, op string, vars map[string]any) observe {
	return func(t *testing.T, w *walk, v viewer) bool {
		res := w.h.Do(v.token, op, vars)
		switch got := res.Code(); {
		case got == allowed:
			return true
		case v.role == "" && got == "UNAUTHENTICATED", v.role != "" && got == "FORBIDDEN":
			return false
		default:
			t.Errorf("%s: code %q, want %q or a refusal: %s", v.name, got, allowed, res.Raw)
			return false
		}
	}
}

// shows observes a read that shows less rather than fails: seen says whether the viewer saw
// the guarded thing in the response's data.
func shows(op string, vars func(w *walk) map[string]any, seen func(w *walk, data json.RawMessage) bool) observe {
	return func(t *testing.T, w *walk, v viewer) bool {
		res := w.h.Do(v.token, op, vars(w))
		if res.Code() != "" {
			t.Errorf("%s: %s: %s", v.name, op, res.Raw)
			return false
		}
		return seen(w, res.Data)
	}
}

const missing = "999999"

// probes has an observer for every action of the matrix; TestMatrixThroughHandler fails when an
// action has none, so a new rule cannot go untested.
var probes = map[access.Action]observe{
	access.SubmissionAuthor: codes("BAD_USER_INPUT", `mutation($in: CreateSubmissionInput!) { createSubmission(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"kind": "ARTICLE", "title": " ", "summary": "s"}}),
	access.SubmissionRead:   codes("", `{ submissions(first: 1) { totalCount } }`, nil),
	access.SubmissionReview: codes("NOT_FOUND", `mutation { claimSubmission(id: 999999, expectedVersion: 1) { id } }`, nil),
	access.SubmissionPublish: codes("NOT_FOUND", `mutation { publishSubmission(id: 999999, expectedVersion: 1) { id } }`,
		nil),
	access.ContentUnpublish:  codes("NOT_FOUND", `mutation { unpublishContent(id: 999999, reason: "old") { id } }`, nil),
	access.ContentTakeDown:   codes("NOT_FOUND", `mutation { takeDownContent(id: 999999, reason: HARMFUL, note: "unsafe") { id } }`, nil),
	access.QueueRead:         codes("", `{ moderationQueue(first: 1) { totalCount } }`, nil),
	access.ReportCreate:      codes("NOT_FOUND", `mutation { reportContent(contentID: 999999, reason: SPAM) }`, nil),
	access.ReportRead:        codes("", `{ reports(first: 1) { totalCount } }`, nil),
	access.ReportResolve:     codes("NOT_FOUND", `mutation { resolveReport(id: 999999, action: DISMISS) { id } }`, nil),
	access.AuditRead:         codes("", `{ auditEvents(first: 1) { totalCount } }`, nil),
	access.AuditVerify:       codes("", `{ verifyAuditLog { ok } }`, nil),
	access.NotificationRead:  codes("", `{ viewer { unreadCount } }`, nil),
	access.ReportReceiptRead: codes("NOT_FOUND", `{ reportReceipt(token: "hrr_not-a-receipt") { status } }`, nil),
	access.CreatorProfileCreate: codes("BAD_USER_INPUT", `mutation { createCreatorProfile(input: {handle: "@x", displayName: "X"}) { id } }`,
		nil),
	access.OrganizationManage: codes("BAD_USER_INPUT", `mutation { createOrganization(input: {slug: "Not A Slug", name: "X"}) { id } }`,
		nil),
	access.CredentialSubmit: codes("BAD_USER_INPUT", `mutation { submitCredential(input: {kind: LPC, jurisdiction: "x", licenseNumber: "1", expiresAt: "2030-01-01T00:00:00Z"}) { id } }`,
		nil),
	access.WebhookManage:    codes("NOT_FOUND", `mutation { disableWebhookEndpoint(id: 999999) { id } }`, nil),
	access.CredentialVerify: codes("NOT_FOUND", `mutation { verifyCredential(id: 999999, approve: true) { id } }`, nil),
	access.CrisisResourceManage: codes("BAD_USER_INPUT", `mutation { upsertCrisisResource(input: {key: "Not A Key", name: "X", kind: CALL, contact: "1", regions: ["US"], languages: ["en"]}) { id } }`,
		nil),
	access.CampaignCreate: codes("BAD_USER_INPUT", `mutation { createCampaign(input: {slug: "Not A Slug", name: "X", hashtag: "#x", startsAt: "2026-05-01T00:00:00Z", endsAt: "2026-06-01T00:00:00Z"}) { id } }`,
		nil),
	access.CampaignUpdate:   codes("NOT_FOUND", `mutation { updateCampaign(id: 999999, input: {name: "X"}) { id } }`, nil),
	access.FeatureContent:   codes("NOT_FOUND", `mutation { featureContent(campaignID: 999999, contentID: 999999, position: 1) { id } }`, nil),
	access.FeatureSpotlight: codes("NOT_FOUND", `mutation { spotlightCreator(campaignID: 999999, creatorID: 999999, position: 1) { id } }`, nil),
	access.FeaturePartner:   codes("NOT_FOUND", `mutation { addPartnerOrganization(campaignID: 999999, organizationID: 999999) { id } }`, nil),
	access.FeatureRemove:    codes("NOT_FOUND", `mutation { removeFeature(id: 999999) }`, nil),
	access.FeatureMove:      codes("NOT_FOUND", `mutation { moveFeature(id: 999999, position: 1) { id } }`, nil),
	access.EventCreate: codes("BAD_USER_INPUT", `mutation { createEvent(input: {kind: TRAINING, audience: PUBLIC, title: " ", startsAt: "2026-05-01T00:00:00Z", endsAt: "2026-05-02T00:00:00Z"}) { id } }`,
		nil),
	access.EventUpdate:   codes("NOT_FOUND", `mutation { updateEvent(id: 999999, input: {capacity: 5}) { id } }`, nil),
	access.EventRegister: codes("NOT_FOUND", `mutation { registerForEvent(eventID: 999999) { id } }`, nil),
	access.EventCancel:   codes("NOT_FOUND", `mutation { cancelRegistration(eventID: 999999) { id } }`, nil),
	access.BudgetSet:     codes("NOT_FOUND", `mutation { setAdCreditBudget(campaignID: 999999, amountCents: 100) { id } }`, nil),
	access.GrantPropose: codes("NOT_FOUND", `mutation { proposeAdCreditGrant(input: {campaignID: 999999, organizationID: 999999, amountCents: 100}) { id } }`,
		nil),
	access.GrantApprove: codes("NOT_FOUND", `mutation { approveAdCreditGrant(id: 999999) { id } }`, nil),
	access.GrantRevoke:  codes("NOT_FOUND", `mutation { revokeAdCreditGrant(id: 999999, reason: "over budget") { id } }`, nil),

	access.SubmissionApproveSensitive: approveSensitive,
	access.ContentReadAll: shows(`query($id: ID!) { node(id: $id) { id } }`,
		func(w *walk) map[string]any { return map[string]any{"id": w.unpublished} }, nonNull("node")),
	access.ActorsRead: actorsRead,
	access.FeatureRead: shows(`query($slug: String!) { campaign(slug: $slug) { features { id } } }`,
		func(w *walk) map[string]any { return map[string]any{"slug": w.campaign} },
		func(_ *walk, data json.RawMessage) bool {
			var out struct {
				Campaign struct{ Features []struct{ ID string } }
			}
			_ = json.Unmarshal(data, &out)
			return len(out.Campaign.Features) > 0
		}),
	access.FeatureNodeRead: shows(`query($id: ID!) { node(id: $id) { id } }`,
		func(w *walk) map[string]any { return map[string]any{"id": w.feature} }, nonNull("node")),
	access.BudgetRead: shows(`query($slug: String!) { campaign(slug: $slug) { adCreditBudgetCents } }`,
		func(w *walk) map[string]any { return map[string]any{"slug": w.campaign} },
		func(_ *walk, data json.RawMessage) bool {
			var out struct {
				Campaign struct{ AdCreditBudgetCents *int }
			}
			_ = json.Unmarshal(data, &out)
			return out.Campaign.AdCreditBudgetCents != nil
		}),
	access.GrantInternalsRead: shows(`query($id: ID!) { node(id: $id) { ... on AdCreditGrant { proposedBy } } }`,
		func(w *walk) map[string]any { return map[string]any{"id": w.grant} },
		func(w *walk, data json.RawMessage) bool {
			var out struct{ Node *struct{ ProposedBy string } }
			_ = json.Unmarshal(data, &out)
			return out.Node != nil && out.Node.ProposedBy == w.proposer
		}),
	// The walk's viewers all belong to walk-org; walk-private is nobody's of theirs.
	access.MembersRead: shows(`{ organization(slug: "walk-private") { members { subject } } }`,
		func(*walk) map[string]any { return nil },
		func(_ *walk, data json.RawMessage) bool {
			var out struct {
				Organization struct{ Members []struct{ Subject string } }
			}
			_ = json.Unmarshal(data, &out)
			return len(out.Organization.Members) == 1 && out.Organization.Members[0].Subject == "walk-outsider"
		}),
	access.TopicManage:      topicManage,
	access.RegistrationRead: registrationRead,
}

func nonNull(field string) func(*walk, json.RawMessage) bool {
	return func(_ *walk, data json.RawMessage) bool {
		var out map[string]json.RawMessage
		_ = json.Unmarshal(data, &out)
		return len(out[field]) > 0 && string(out[field]) != "null"
	}
}

// walk is the shared world of the matrix walk: objects whose visibility the read rules guard.
type walk struct {
	h           *apptest.Hub
	author      string // a creator with a profile, who writes the submissions probes need
	moderator   string
	unpublished string // content that is not live, of nobody in the columns
	campaign    string // slug of a campaign with a placement outside its window and a budget
	feature     string
	grant       string // a proposed grant of an organization every column's subject belongs to
	proposer    string
	reporter    string // filed a report; the audit log's report.create names them
	n           int
}

func newWalk(t *testing.T, h *apptest.Hub, columns []viewer) *walk {
	w := &walk{h: h, author: h.Token("walk-author", "creator"), moderator: h.Token("walk-mod", "moderator"),
		proposer: "walk-admin", reporter: "walk-reporter"}
	h.Topic("suicide-prevention").Sensitive().Create()
	profile := h.Creator("walk.author").Owner("walk-author").Create()
	w.unpublished = apptest.GID(h.Content("Offline").By(profile).Status(content.StatusUNPUBLISHED).Age(5).Create().ID)
	live := h.Content("Live").By(profile).Age(5).Create()
	var members []string
	for _, c := range columns {
		if c.role != "" {
			members = append(members, "walk-"+c.name)
		}
	}
	org := h.Organization("walk-org").Members(members...).Create()
	h.Organization("walk-private").Members("walk-outsider").Create()
	publisher, admin := h.Token("walk-publisher", "publisher"), h.Token(w.proposer, "admin")
	var camp struct{ CreateCampaign struct{ ID string } }
	h.Query(publisher, `mutation { createCampaign(input: {slug: "walk", name: "Walk", hashtag: "#Walk", startsAt: "2026-01-01T00:00:00Z", endsAt: "2099-01-01T00:00:00Z"}) { id } }`, nil, &camp)
	w.campaign = "walk"
	var feat struct{ FeatureContent struct{ ID string } }
	h.Query(publisher, `mutation($c: ID!, $x: ID!) { featureContent(campaignID: $c, contentID: $x, position: 1, startsAt: "2090-01-01T00:00:00Z") { id } }`,
		map[string]any{"c": camp.CreateCampaign.ID, "x": apptest.GID(live.ID)}, &feat)
	w.feature = feat.FeatureContent.ID
	h.Query(admin, `mutation($c: ID!) { setAdCreditBudget(campaignID: $c, amountCents: 100000) { id } }`, map[string]any{"c": camp.CreateCampaign.ID}, nil)
	var grant struct{ ProposeAdCreditGrant struct{ ID string } }
	h.Query(admin, `mutation($c: ID!, $o: ID!) { proposeAdCreditGrant(input: {campaignID: $c, organizationID: $o, amountCents: 100}) { id } }`,
		map[string]any{"c": camp.CreateCampaign.ID, "o": apptest.GID(org.ID)}, &grant)
	w.grant = grant.ProposeAdCreditGrant.ID
	h.Query(h.Token(w.reporter), `mutation($id: ID!) { reportContent(contentID: $id, reason: SPAM) }`, map[string]any{"id": apptest.GID(live.ID)}, nil)
	var ev struct{ CreateEvent struct{ ID string } }
	h.Query(publisher, `mutation { createEvent(input: {kind: TRAINING, audience: PUBLIC, title: "Walk training", startsAt: "2030-05-01T00:00:00Z", endsAt: "2030-05-02T00:00:00Z"}) { id } }`, nil, &ev)
	h.Query(h.Token("walk-attendee"), `mutation($id: ID!) { registerForEvent(eventID: $id) { id } }`, map[string]any{"id": ev.CreateEvent.ID}, nil)
	return w
}

// submitted makes a new submitted submission on a sensitive topic and returns its ID and version.
func (w *walk) submitted(t *testing.T) (string, int) {
	w.n++
	var c struct{ CreateSubmission struct{ ID string } }
	w.h.Query(w.author, `mutation($in: CreateSubmissionInput!) { createSubmission(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"kind": "ARTICLE", "title": fmt.Sprintf("Talking safely %d", w.n), "summary": "How to start.", "body": "Ask directly.", "topicSlugs": []string{"suicide-prevention"},
	}}, &c)
	var s struct{ SubmitSubmission struct{ Version int } }
	w.h.Query(w.author, `mutation($id: ID!) { submitSubmission(id: $id, expectedVersion: 1) { version } }`, map[string]any{"id": c.CreateSubmission.ID}, &s)
	return c.CreateSubmission.ID, s.SubmitSubmission.Version
}

var allChecks = []string{"NO_METHOD_DETAIL", "NO_GRAPHIC_IMAGERY", "HOPE_AND_RECOVERY", "HELP_SEEKING_CTA", "CRISIS_RESOURCES_LINKED", "NO_STIGMATIZING_LANGUAGE"}

// approveSensitive approves a fresh sensitive submission with every check attested: a clinical
// reviewer succeeds, another reviewer gets CLINICAL_REVIEW_REQUIRED, everyone else is refused.
func approveSensitive(t *testing.T, w *walk, v viewer) bool {
	id, version := w.submitted(t)
	res := w.h.Do(v.token, `mutation($id: ID!, $v: Int!, $in: ApproveInput) { approveSubmission(id: $id, expectedVersion: $v, input: $in) { status } }`,
		map[string]any{"id": id, "v": version, "in": map[string]any{"checks": allChecks}})
	reviewer := access.RuleOf(access.SubmissionReview).Permits(&auth.Viewer{Subject: "x", Roles: []auth.Role{v.role}})
	switch got := res.Code(); {
	case got == "":
		return true
	case reviewer && got == "CLINICAL_REVIEW_REQUIRED", !reviewer && v.role == "" && got == "UNAUTHENTICATED", !reviewer && v.role != "" && got == "FORBIDDEN":
		return false
	default:
		t.Errorf("%s: approve sensitive: code %q: %s", v.name, got, res.Raw)
		return false
	}
}

// actorsRead reads the audit log's report.create event: who may read the log at all sees the
// reporter by name only with the action; the rest are refused the log.
func actorsRead(t *testing.T, w *walk, v viewer) bool {
	res := w.h.Do(v.token, `{ auditEvents(first: 100) { edges { node { action actor } } } }`, nil)
	if res.Code() != "" {
		if !access.RuleOf(access.AuditRead).Permits(&auth.Viewer{Subject: "x", Roles: []auth.Role{v.role}}) {
			return false
		}
		t.Errorf("%s: audit events: %s", v.name, res.Raw)
		return false
	}
	var out struct {
		AuditEvents struct {
			Edges []struct {
				Node struct{ Action, Actor string }
			}
		}
	}
	res.Decode(t, &out)
	for _, e := range out.AuditEvents.Edges {
		if e.Node.Action == "report.create" {
			return e.Node.Actor == w.reporter
		}
	}
	t.Errorf("%s: no report.create event in the audit log", v.name)
	return false
}

// ctxOf acts as the column's viewer on the ent client directly, for the rows only the privacy
// policies enforce (no operation of the API writes topics or lists registrations).
func ctxOf(w *walk, v viewer) context.Context {
	if v.role == "" {
		return auth.NewContext(context.Background(), &auth.Viewer{})
	}
	return w.h.Ctx("walk-"+v.name, string(v.role))
}

func topicManage(t *testing.T, w *walk, v viewer) bool {
	w.n++
	_, err := w.h.Client().Topic.Create().SetSlug(fmt.Sprintf("walk-topic-%d", w.n)).SetName("Walk").Save(ctxOf(w, v))
	return err == nil
}

func registrationRead(t *testing.T, w *walk, v viewer) bool {
	n, err := w.h.Client().Registration.Query().Count(ctxOf(w, v))
	return err == nil && n > 0
}

// TestMatrixThroughHandler walks the whole permission matrix through the real GraphQL handler:
// every action, as an anonymous visitor and as each role on its own, must be let through exactly
// when the matrix says so.
func TestMatrixThroughHandler(t *testing.T) {
	h := apptest.New(t)
	h.Clock.Set(time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC))
	columns := []viewer{{name: "anonymous"}}
	for _, r := range access.Columns() {
		columns = append(columns, viewer{name: string(r), role: r, token: h.Token("walk-"+string(r), string(r))})
	}
	w := newWalk(t, h, columns)
	for _, rule := range access.Matrix() {
		probe, ok := probes[rule.Action]
		if !ok {
			t.Errorf("no probe for %s: every row of the matrix is walked", rule.Action)
			continue
		}
		for _, c := range columns {
			v := &auth.Viewer{Subject: c.name}
			if c.role != "" {
				v.Roles = []auth.Role{c.role}
			} else {
				v.Subject = ""
			}
			if got, want := probe(t, w, c), rule.Permits(v); got != want {
				t.Errorf("%s as %s: let through %v, matrix says %v", rule.Action, c.name, got, want)
			}
		}
	}
}

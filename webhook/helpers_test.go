package webhook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"haven/apptest"
	"haven/ent"
	"haven/ent/privacy"
	"haven/ent/report"
	"haven/ent/schema/enum"
	"haven/ent/webhookdelivery"
	"haven/webhook"
	"haven/workflow"
)

// received is one request the test receiver answered.
type received struct {
	ID, Type string
	Body     []byte
	Verified error
	Status   int
}

// receiver is a test webhook receiver: it verifies every request's signature with the secret it
// is given and answers with what answer returns for the request's attempt number (per id).
type receiver struct {
	t      *testing.T
	srv    *httptest.Server
	now    func() time.Time
	mu     sync.Mutex
	secret string
	got    []received
	tries  map[string]int
	answer func(id string, attempt int) int // HTTP status; 0 blocks until the client gives up
	// inFlight counts requests per id being handled now; overlap records an id sent twice at once.
	inFlight map[string]int
	overlap  []string
}

func newReceiver(t *testing.T, now func() time.Time) *receiver {
	r := &receiver{t: t, now: now, tries: map[string]int{}, inFlight: map[string]int{},
		answer: func(string, int) int { return http.StatusNoContent }}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	id := req.Header.Get("webhook-id")
	r.mu.Lock()
	r.inFlight[id]++
	if r.inFlight[id] > 1 {
		r.overlap = append(r.overlap, id)
	}
	r.tries[id]++
	attempt := r.tries[id]
	secret := r.secret
	answer := r.answer
	r.mu.Unlock()
	defer func() { r.mu.Lock(); r.inFlight[id]--; r.mu.Unlock() }()

	var p webhook.Payload
	_ = json.Unmarshal(body, &p)
	rec := received{ID: id, Type: p.Type, Body: body,
		Verified: webhook.Verify(secret, req.Header, body, r.now(), 5*time.Minute)}
	status := answer(id, attempt)
	if status == 0 {
		<-req.Context().Done() // the client timed out
		return
	}
	rec.Status = status
	r.mu.Lock()
	r.got = append(r.got, rec)
	r.mu.Unlock()
	w.WriteHeader(status)
}

func (r *receiver) setAnswer(f func(id string, attempt int) int) {
	r.mu.Lock()
	r.answer = f
	r.mu.Unlock()
}

func (r *receiver) setSecret(s string) { r.mu.Lock(); r.secret = s; r.mu.Unlock() }

func (r *receiver) received() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// delivered counts, per webhook-id, the requests answered 2xx.
func (r *receiver) delivered() map[string]int {
	out := map[string]int{}
	for _, g := range r.received() {
		if g.Status >= 200 && g.Status < 300 {
			out[g.ID]++
		}
	}
	return out
}

// newHub returns a test hub whose webhook client may reach the loopback test receiver.
func newHub(t *testing.T) *apptest.Hub {
	h := apptest.New(t)
	allowLoopback(h.Webhooks, time.Second)
	return h
}

// allowLoopback gives s a client that may reach loopback and resolves no name (tests reach
// nothing beyond this machine).
func allowLoopback(s *webhook.Service, timeout time.Duration) {
	s.HTTP = webhook.NewClient(webhook.ClientOptions{AllowLoopback: true, Timeout: timeout, Resolver: fakeResolver{}})
	s.Timeout = timeout
}

// register registers url for types as an admin and returns the endpoint and its secret.
func register(t *testing.T, h *apptest.Hub, url string, types ...string) *webhook.Registered {
	t.Helper()
	r, err := h.Webhooks.Register(h.Ctx("admin-1", "admin"), webhook.EndpointInput{URL: url, EventTypes: types})
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	return r
}

// openReports reports n live contents (one report.opened event each).
func openReports(t *testing.T, h *apptest.Hub, n int) {
	t.Helper()
	for _, c := range h.Content("reported").Many(n) {
		reporter := h.Ctx(fmt.Sprintf("reader-%d", c.ID), "viewer")
		if err := h.Workflow.ReportContent(reporter, c.ID, report.ReasonSPAM, nil); err != nil {
			t.Fatalf("report: %v", err)
		}
	}
}

// admin is a context that reads every delivery.
func admin(ctx context.Context) context.Context { return privacy.DecisionContext(ctx, privacy.Allow) }

func deliveries(t *testing.T, h *apptest.Hub) []*ent.WebhookDelivery {
	t.Helper()
	ds, err := h.Client().WebhookDelivery.Query().Order(ent.Asc(webhookdelivery.FieldID)).All(admin(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// runOnce runs one pass of s's worker and fails the test on an error.
func runOnce(t *testing.T, s *webhook.Service) int {
	t.Helper()
	n, err := s.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("run once: %v", err)
	}
	return n
}

// createSubmitted creates and submits an article as the creator of ctx.
func createSubmitted(t *testing.T, h *apptest.Hub, ctx context.Context, title string) *ent.Submission {
	t.Helper()
	kind, summary, body := enum.ContentKind("ARTICLE"), "Five ways to calm anxiety.", "Breathe in for four counts."
	s, err := h.Workflow.Create(ctx, workflow.CreateInput{Fields: workflow.Fields{Kind: &kind, Title: &title, Summary: &summary, Body: &body}})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if s, err = h.Workflow.Submit(ctx, s.ID, s.Version); err != nil {
		t.Fatalf("submit: %v", err)
	}
	return s
}

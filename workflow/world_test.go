package workflow_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"haven/apptest"
	"haven/ent"
	"haven/ent/content"
	"haven/ent/report"
	"haven/workflow"
)

// cases numbers the worlds so that their names never collide.
var cases atomic.Int64

// world is the fresh cast of one case: a token for every column, the owners' profile or
// organization, and a moderator and a publisher who set things up and appear in no column.
type world struct {
	h          *apptest.Hub
	n          int64
	org        bool
	tokens     map[string]string
	moderator  string // sets submissions up
	publisher  string // schedules them
	claimer    string // claims when a setup passes IN_REVIEW: the column's reviewer, else moderator
	reporter   string
	orgRow     *ent.Organization // the owners' organization
	profileRow *ent.Creator      // the owner's creator profile
}

func newWorld(t *testing.T, h *apptest.Hub, own ownership, col column, bare bool) *world {
	w := &world{h: h, n: cases.Add(1), org: own.org, tokens: map[string]string{}}
	subject := func(name string) string { return fmt.Sprintf("%s-%d", name, w.n) }
	for _, c := range append(slices.Clone(strangers), own.owners...) {
		if !c.anonymous() {
			w.tokens[c.name] = h.Token(subject(c.name), c.roleNames()...)
		}
	}
	w.moderator = h.Token(subject("setup-moderator"), "moderator")
	w.publisher = h.Token(subject("setup-publisher"), "publisher")
	w.reporter = h.Token(subject("reporter"))
	w.claimer = w.moderator
	if col.reviewer() {
		w.claimer = w.tokens[col.name]
	}
	if own.org {
		w.orgRow = w.organization(t, subject("org"), subject("owner"), subject("co_member"))
	} else if !bare {
		w.profileRow = w.profile(t, subject("owner"), fmt.Sprintf("owner.%d", w.n))
	}
	if !bare {
		w.profile(t, subject("creator"), fmt.Sprintf("creator.%d", w.n))
	}
	w.organization(t, subject("other"), subject("org_member"))
	return w
}

func (w *world) profile(t *testing.T, subject, handle string) *ent.Creator {
	return w.h.For(t).Creator(handle).Owner(subject).Create()
}

func (w *world) organization(t *testing.T, slug string, members ...string) *ent.Organization {
	return w.h.For(t).Organization(slug).Members(members...).Create()
}

func (w *world) draftInput() map[string]any {
	in := map[string]any{"kind": "ARTICLE", "title": "Five grounding techniques", "summary": "Quick ways to calm anxiety.",
		"body": "Breathe in for four counts...", "topicSlugs": []string{"anxiety"}}
	if w.org {
		in["organizationID"] = apptest.GID(w.orgRow.ID)
	}
	return in
}

// args are the variables of m on submission s.
func (w *world) args(m mutation, s sub) map[string]any { return argsOf(m, s, w.h.Clock.Now()) }

func argsOf(m mutation, s sub, now time.Time) map[string]any {
	vars := map[string]any{"id": s.ID, "v": s.Version}
	if m.args != nil {
		for k, v := range m.args(now) {
			vars[k] = v
		}
	}
	return vars
}

// route is the shortest sequence of actions that takes a new draft to status, found in the
// transition table.
func route(t *testing.T, to workflow.Status) []workflow.Action {
	type step struct {
		status workflow.Status
		path   []workflow.Action
	}
	seen := map[workflow.Status]bool{workflow.Draft: true}
	for queue := []step{{status: workflow.Draft}}; len(queue) > 0; queue = queue[1:] {
		s := queue[0]
		if s.status == to {
			return s.path
		}
		for _, tr := range workflow.Transitions {
			if tr.By != workflow.System && !seen[tr.To] && slices.Contains(tr.From, s.status) {
				seen[tr.To] = true
				queue = append(queue, step{tr.To, append(slices.Clone(s.path), tr.Action)})
			}
		}
	}
	t.Fatalf("no route from DRAFT to %s in the transition table", to)
	return nil
}

// submission makes a new submission of the owner and takes it to status along its route.
func (w *world) submission(t *testing.T, status workflow.Status) sub {
	s := mustDo(t, w.h, w.tokens["owner"], createSubmission, "createSubmission", map[string]any{"in": w.draftInput()})
	for _, a := range route(t, status) {
		token := w.moderator
		switch {
		case workflow.ActorOf(a) == workflow.Owner:
			token = w.tokens["owner"]
		case workflow.ActorOf(a) == workflow.Publisher:
			token = w.publisher
		case a == workflow.Claim:
			token = w.claimer
		}
		m := actionMutations[a]
		s = mustDo(t, w.h, token, m.op, m.field, w.args(m, s))
	}
	if s.Status != string(status) {
		t.Fatalf("setup reached %s, want %s", s.Status, status)
	}
	return s
}

// content makes a content row of the owner with status.
func (w *world) content(t *testing.T, status content.Status) *ent.Content {
	c := w.h.For(t).Content(fmt.Sprintf("Content %d", w.n)).Summary("A summary.").Body("A body.").Status(status).Age(0)
	if w.org {
		c.Of(w.orgRow)
	} else {
		c.By(w.profileRow)
	}
	return c.Create()
}

// report files a report on new live content of the owner and returns the report's ID.
func (w *world) report(t *testing.T) string {
	c := w.content(t, content.StatusLIVE)
	if got := call(t, w.h, w.reporter, reportOp, map[string]any{"id": apptest.GID(c.ID), "reason": "SPAM"}); got.Code() != "" {
		t.Fatalf("report: %s", got.Raw)
	}
	id, err := w.h.Client().Report.Query().Where(report.ContentID(c.ID)).OnlyID(w.h.System())
	if err != nil {
		t.Fatalf("find report: %v", err)
	}
	return apptest.GID(id)
}

func (w *world) load(t *testing.T, id string) *ent.Submission {
	var n int
	fmt.Sscan(id, &n)
	s, err := w.h.Client().Submission.Get(w.h.System(), n)
	if err != nil {
		t.Fatalf("load submission %s: %v", id, err)
	}
	return s
}

// call serves one GraphQL operation as token ("" for anonymous). It reports trouble to t, not
// to the Hub's own test, so subtests and goroutines may use it.
func call(t testing.TB, h *apptest.Hub, token, query string, vars map[string]any) *apptest.Response {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Errorf("encode request: %v", err)
		return &apptest.Response{}
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.Handler().ServeHTTP(rec, req)
	res := &apptest.Response{Status: rec.Code, Raw: rec.Body.String()}
	if err := json.Unmarshal(rec.Body.Bytes(), res); err != nil {
		t.Errorf("response is not JSON: %v: %s", err, res.Raw)
	}
	return res
}

// mustDo runs a submission mutation that must succeed and returns the submission.
func mustDo(t *testing.T, h *apptest.Hub, token, op, field string, vars map[string]any) sub {
	t.Helper()
	res := call(t, h, token, op, vars)
	if res.Status != http.StatusOK || len(res.Errors) > 0 {
		t.Fatalf("%s failed: %s", field, res.Raw)
	}
	var out map[string]sub
	res.Decode(t, &out)
	return out[field]
}

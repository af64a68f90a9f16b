package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"haven/app"
	"haven/auth"
	"haven/clock"
)

// demoWalk is one pass through the demo: the state a reader carries from answer to answer.
type demoWalk struct {
	t       *testing.T
	handler http.Handler
	clock   *clock.Manual
	secret  []byte
	known   map[string]any // placeholder -> value, filled from earlier answers
	granted float64        // the campaign's granted total before the demo's grant
}

// run walks every operation of the demo in order, as the README tells a reader to.
func (w *demoWalk) run(blocks []demoBlock) {
	for _, b := range blocks {
		for _, op := range b.ops {
			if op.later {
				w.clock.Advance(time.Minute + time.Second)
			}
			vars := w.fill(op)
			for i, r := range op.runs {
				deadline := time.Now().Add(30 * time.Second)
				for {
					data, code, raw := w.do(r.subject, op.query, vars)
					var err error
					switch {
					case code != r.expect:
						err = fmt.Errorf("got code %q, want %q: %s", code, r.expect, raw)
					case r.expect == "":
						err = w.check(op.name, i, data)
					}
					if err == nil {
						break
					}
					// A scheduled publication goes out on the scheduler's next round.
					if !op.later || time.Now().After(deadline) {
						w.t.Fatalf("%s run %d (as %q): %v", op.name, i+1, r.subject, err)
					}
					time.Sleep(200 * time.Millisecond)
				}
			}
		}
	}
}

var dateCommand = regexp.MustCompile(`^date -u -d '\+(\d+) (min|hour|days|years)(?: (\d+) hour)?' \+%FT%TZ$`)

// fill gives the operation its variables: literals as written, "<…>" placeholders as the reader
// fills them, from an earlier answer or from the date command they name.
func (w *demoWalk) fill(op demoOp) map[string]any {
	vars := map[string]any{}
	for k, v := range op.vars {
		s, ok := v.(string)
		if !ok || !strings.HasPrefix(s, "<") || !strings.HasSuffix(s, ">") {
			vars[k] = v
			continue
		}
		ph := strings.Trim(s, "<>")
		if m := dateCommand.FindStringSubmatch(ph); m != nil {
			n, _ := strconv.Atoi(m[1])
			at := w.clock.Now()
			switch m[2] {
			case "min":
				at = at.Add(time.Duration(n) * time.Minute)
			case "hour":
				at = at.Add(time.Duration(n) * time.Hour)
			case "days":
				at = at.AddDate(0, 0, n)
			case "years":
				at = at.AddDate(n, 0, 0)
			}
			if m[3] != "" {
				h, _ := strconv.Atoi(m[3])
				at = at.Add(time.Duration(h) * time.Hour)
			}
			vars[k] = at.UTC().Format("2006-01-02T15:04:05Z")
			continue
		}
		if strings.HasPrefix(ph, "date") {
			w.t.Fatalf("%s: the test cannot compute %q", op.name, ph)
		}
		val, ok := w.known[ph]
		if !ok {
			w.t.Fatalf("%s: nothing earlier in the demo answers %q", op.name, ph)
		}
		vars[k] = val
	}
	return vars
}

func (w *demoWalk) do(subject, query string, vars map[string]any) (data map[string]any, code, raw string) {
	w.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if subject != "" {
		req.Header.Set("Authorization", "Bearer "+w.token(subject))
	}
	rec := httptest.NewRecorder()
	w.handler.ServeHTTP(rec, req)
	var res struct {
		Data   map[string]any `json:"data"`
		Errors []struct {
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		w.t.Fatalf("HTTP %d, not JSON: %s", rec.Code, rec.Body)
	}
	if len(res.Errors) > 0 {
		code = res.Errors[0].Extensions.Code
		if code == "" {
			code = "(no code)"
		}
	}
	return res.Data, code, rec.Body.String()
}

// token is the development token the banner prints for a demo account.
func (w *demoWalk) token(subject string) string {
	w.t.Helper()
	for _, acc := range app.DemoAccounts() {
		if acc.Subject == subject && !strings.HasPrefix(subject, "creator:") {
			tok, err := auth.Sign(w.secret, auth.Claims{Subject: subject, Roles: acc.Roles, TTL: time.Hour, RolesClaim: auth.DefaultRolesClaim})
			if err != nil {
				w.t.Fatal(err)
			}
			return tok
		}
	}
	w.t.Fatalf("the demo names %q, for whom the banner prints no token", subject)
	return ""
}

// at reads a dotted path ("campaign.id", "contents.edges.0.node.title") from an answer.
func at(v any, path string) any {
	for _, p := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// want compares the values at paths with what the README promises.
func want(data map[string]any, pairs ...any) error {
	for i := 0; i < len(pairs); i += 2 {
		got := at(data, pairs[i].(string))
		if f, ok := got.(float64); ok { // JSON numbers
			got = strconv.FormatFloat(f, 'f', -1, 64)
		}
		if fmt.Sprint(got) != fmt.Sprint(pairs[i+1]) {
			return fmt.Errorf("%s = %v, want %v (answer %v)", pairs[i], got, pairs[i+1], data)
		}
	}
	return nil
}

// remember records the IDs a later step's placeholders name.
func (w *demoWalk) remember(data map[string]any, pairs ...string) error {
	for i := 0; i < len(pairs); i += 2 {
		v := at(data, pairs[i+1])
		if s, ok := v.(string); !ok || s == "" {
			return fmt.Errorf("no %s in %v", pairs[i+1], data)
		}
		w.known[pairs[i]] = v
	}
	return nil
}

// check holds what each step of the README promises, run by run.
func (w *demoWalk) check(op string, run int, data map[string]any) error {
	switch op {
	case "Queue":
		for _, e := range at(data, "moderationQueue.edges").([]any) {
			n := at(e, "node").(map[string]any)
			switch n["title"] {
			case "A two-minute breathing break for anxious moments":
				w.known["id of the breathing-break video, from Queue"] = n["id"]
				if err := want(n, "sensitive", false, "version", 2); err != nil {
					return err
				}
			case "If a friend's post worries you":
				w.known["id of the friend's-post article, from Queue"] = n["id"]
				if err := want(n, "sensitive", true, "version", 2); err != nil {
					return err
				}
			}
		}
		if len(w.known) != 2 {
			return fmt.Errorf("the two pieces are not both in the queue: %v", data)
		}
		return nil
	case "Approve":
		return want(data, "approveSubmission.status", "APPROVED", "approveSubmission.version", 3)
	case "Schedule":
		return want(data, "publishSubmission.status", "SCHEDULED", "publishSubmission.version", 4)
	case "Latest":
		return want(data, "contents.edges.0.node.title", "A two-minute breathing break for anxious moments")
	case "ReviewerApprove":
		if n := len(at(data, "approveSubmission.checks").([]any)); n != 6 {
			return fmt.Errorf("%d checks attested", n)
		}
		return want(data, "approveSubmission.status", "APPROVED", "approveSubmission.version", 3)
	case "PublishNow":
		return want(data, "publishSubmission.status", "PUBLISHED",
			"publishSubmission.content.contentWarning", "SENSITIVE", "publishSubmission.content.clinicallyReviewed", true)
	case "PageIDs":
		w.known["first title"] = at(data, "contents.edges.0.node.title")
		return w.remember(data, "campaign.id, from PageIDs", "campaign.id",
			"the first contents id, from PageIDs", "contents.edges.0.node.id", "creator.id, from PageIDs", "creator.id")
	case "Feature":
		return w.remember(data, "feature", "featureContent.id")
	case "Spotlight":
		return w.remember(data, "spotlight", "spotlightCreator.id")
	case "Page":
		if at(data, "campaign.upcomingEvents.0.title") == nil {
			return fmt.Errorf("no upcoming events on the page: %v", data)
		}
		return want(data, "campaign.featuredContents.0.title", w.known["first title"],
			"campaign.spotlightCreators.0.handle", "lindsay.fleminglpc", "campaign.spotlightCreators.0.verifiedProfessional", true)
	case "TrainingCampaign":
		// The training the next step creates a week ahead lies inside the live campaign.
		starts, _ := time.Parse(time.RFC3339, fmt.Sprint(at(data, "campaign.startsAt")))
		ends, _ := time.Parse(time.RFC3339, fmt.Sprint(at(data, "campaign.endsAt")))
		if now := w.clock.Now(); !starts.Before(now) || !ends.After(now.AddDate(0, 0, 8)) {
			return fmt.Errorf("the campaign runs %v to %v: not live at %v with room for a week-ahead training", starts, ends, now)
		}
		return w.remember(data, "campaign.id, from TrainingCampaign", "campaign.id")
	case "CreateTraining":
		if err := want(data, "createEvent.seatsLeft", 1); err != nil {
			return err
		}
		return w.remember(data, "id, from CreateTraining", "createEvent.id")
	case "Register":
		return want(data, "registerForEvent.registeredCount", 1, "registerForEvent.seatsLeft", 0, "registerForEvent.viewerRegistered", true)
	case "GrantIDs":
		w.granted, _ = at(data, "campaign.adCreditsGrantedCents").(float64)
		return w.remember(data, "campaign.id, from GrantIDs", "campaign.id", "organization.id, from GrantIDs", "organization.id")
	case "ProposeGrant":
		if err := want(data, "proposeAdCreditGrant.status", "PROPOSED"); err != nil {
			return err
		}
		return w.remember(data, "id, from ProposeGrant", "proposeAdCreditGrant.id")
	case "ApproveGrant":
		return want(data, "approveAdCreditGrant.status", "APPROVED", "approveAdCreditGrant.approvedBy", "demo-admin-2")
	case "Grants":
		if total := at(data, "campaign.adCreditsGrantedCents"); total != w.granted+2_500_000 {
			return fmt.Errorf("granted total %v, want %v", total, w.granted+2_500_000)
		}
		grants := at(data, "organization.adCreditGrants").([]any)
		if run == 0 {
			if len(grants) != 0 {
				return fmt.Errorf("anonymous sees an organization's grants: %v", grants)
			}
			return nil
		}
		for _, g := range grants {
			if err := want(g.(map[string]any), "amountCents", 2_500_000, "status", "APPROVED", "approvedBy", "demo-admin-2"); err == nil {
				return nil
			}
		}
		return fmt.Errorf("the admin does not see the approved grant: %v", grants)
	case "SubmitLicense":
		if err := want(data, "submitCredential.status", "PENDING"); err != nil {
			return err
		}
		return w.remember(data, "id, from SubmitLicense", "submitCredential.id")
	case "VerifyLicense":
		return want(data, "verifyCredential.status", "VERIFIED")
	case "Badge":
		license := "LPC 123456"
		if run == 1 {
			license = "<nil>" // the license number is its owner's and the admins'
		}
		return want(data, "creator.verifiedProfessional", true, "creator.credentials.0.status", "VERIFIED",
			"creator.credentials.0.licenseNumber", license)
	case "RiskySearch":
		if !strings.Contains(fmt.Sprint(at(data, "search.crisisSupport.resources")), "988") {
			return fmt.Errorf("no 988 line leads the answer: %v", data)
		}
		return nil
	case "MyDraft":
		if err := want(data, "submissions.edges.0.node.title", "Mindful minutes for busy mornings"); err != nil {
			return err
		}
		return w.remember(data, "id of the draft, from MyDraft", "submissions.edges.0.node.id")
	case "SubmitDraft":
		return want(data, "submitSubmission.status", "SUBMITTED")
	}
	return fmt.Errorf("the test does not know what %s promises; add its check", op)
}

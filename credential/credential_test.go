package credential_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"haven/apptest"
	"haven/ent"
	"haven/ent/auditevent"
	"haven/ent/creator"
	"haven/ent/credential"
)

const (
	submitOp = `mutation($in: SubmitCredentialInput!) {
  submitCredential(input: $in) { id kind jurisdiction status expiresAt licenseNumber creator { handle } }
}`
	verifyOp = `mutation($id: ID!, $approve: Boolean!, $note: String) {
  verifyCredential(id: $id, approve: $approve, note: $note) {
    id status reviewNote licenseNumber creator { handle verifiedProfessional credentials { status } }
  }
}`
	profileOp = `query($handle: String!) {
  creator(handle: $handle) {
    verifiedProfessional
    credentials { id kind jurisdiction status expiresAt licenseNumber reviewNote }
  }
}`
	nodeOp = `query($id: ID!) { node(id: $id) { ... on Credential { status licenseNumber } } }`
)

type cred struct {
	ID            string
	Kind          string
	Jurisdiction  string
	Status        string
	ExpiresAt     time.Time
	LicenseNumber *string
	ReviewNote    *string
	Creator       struct {
		Handle               string
		VerifiedProfessional bool
	}
}

type profile struct {
	Creator struct {
		VerifiedProfessional bool
		Credentials          []cred
	}
}

// world is a hub with a few people in it: a counselor with a creator profile, a creator without
// one, two admins (one of whom also has a creator profile) and a moderator.
type world struct {
	*apptest.Hub
	counselor, newcomer, admin, adminCreator, otherAdmin, moderator, other string
}

func newWorld(t *testing.T) *world {
	h := apptest.New(t)
	w := &world{
		Hub:          h,
		counselor:    h.Token("counselor", "creator"),
		newcomer:     h.Token("newcomer", "creator"),
		admin:        h.Token("admin-1", "admin"),
		adminCreator: h.Token("admin-2", "admin", "creator"),
		otherAdmin:   h.Token("admin-3", "admin"),
		moderator:    h.Token("mod", "moderator"),
		other:        h.Token("other", "creator"),
	}
	w.profile("counselor", "lindsay.lpc")
	w.profile("admin-2", "dr.admin")
	w.profile("other", "other.creator")
	return w
}

// profile creates the creator profile handle owned by subject's account.
func (w *world) profile(subject, handle string) *ent.Creator {
	w.T.Helper()
	return w.Creator(handle).Owner(subject).Named(handle).Create()
}

func input(kind, jurisdiction, number string, expires time.Time) map[string]any {
	return map[string]any{"in": map[string]any{
		"kind": kind, "jurisdiction": jurisdiction, "licenseNumber": number, "expiresAt": expires,
	}}
}

func (w *world) submit(token string, vars map[string]any) cred {
	w.T.Helper()
	var out struct{ SubmitCredential cred }
	w.Query(token, submitOp, vars, &out)
	return out.SubmitCredential
}

func (w *world) verify(token, id string, approve bool, note any) cred {
	w.T.Helper()
	var out struct{ VerifyCredential cred }
	w.Query(token, verifyOp, map[string]any{"id": id, "approve": approve, "note": note}, &out)
	return out.VerifyCredential
}

func (w *world) profileAs(token, handle string) profile {
	w.T.Helper()
	var out profile
	w.Query(token, profileOp, map[string]any{"handle": handle}, &out)
	return out
}

func (w *world) audit(action string) []*ent.AuditEvent {
	w.T.Helper()
	evs, err := w.Client().AuditEvent.Query().Where(auditevent.Action(action)).All(w.System())
	if err != nil {
		w.T.Fatal(err)
	}
	return evs
}

func TestCounselorGetsBadgeUntilLicenseExpires(t *testing.T) {
	w := newWorld(t)
	expires := w.Clock.Now().Add(90 * 24 * time.Hour)

	c := w.submit(w.counselor, input("LPC", "Texas", "LPC-12345", expires))
	if c.Status != "PENDING" || c.Kind != "LPC" || c.Jurisdiction != "Texas" || c.Creator.Handle != "lindsay.lpc" {
		t.Fatalf("submitted credential = %+v", c)
	}
	if c.LicenseNumber == nil || *c.LicenseNumber != "LPC-12345" {
		t.Fatalf("owner should see the license number, got %v", c.LicenseNumber)
	}
	if p := w.profileAs("", "lindsay.lpc"); p.Creator.VerifiedProfessional || len(p.Creator.Credentials) != 1 ||
		p.Creator.Credentials[0].Status != "PENDING" {
		t.Fatalf("public profile before verification = %+v", p)
	}

	v := w.verify(w.admin, c.ID, true, "Checked against the Texas BHEC register.")
	if v.Status != "VERIFIED" || !v.Creator.VerifiedProfessional {
		t.Fatalf("verified credential = %+v", v)
	}
	if v.ReviewNote == nil || !strings.Contains(*v.ReviewNote, "BHEC") {
		t.Fatalf("admin should see the review note, got %v", v.ReviewNote)
	}
	p := w.profileAs("", "lindsay.lpc")
	if !p.Creator.VerifiedProfessional {
		t.Fatal("the badge should show once a credential is verified")
	}
	got := p.Creator.Credentials[0]
	if got.Kind != "LPC" || got.Jurisdiction != "Texas" || got.Status != "VERIFIED" || !got.ExpiresAt.Equal(expires) {
		t.Fatalf("public credential = %+v", got)
	}
	if got.LicenseNumber != nil || got.ReviewNote != nil {
		t.Fatalf("anonymous visitors must not see the license number or note: %+v", got)
	}

	w.Clock.Set(expires.Add(-time.Minute))
	if !w.profileAs("", "lindsay.lpc").Creator.VerifiedProfessional {
		t.Fatal("the badge should hold until the license expires")
	}
	w.Clock.Set(expires.Add(time.Second))
	if w.profileAs("", "lindsay.lpc").Creator.VerifiedProfessional {
		t.Fatal("the badge should go once the license has expired")
	}

	if n := len(w.audit("credential.submit")); n != 1 {
		t.Fatalf("credential.submit events = %d, want 1", n)
	}
	evs := w.audit("credential.verify")
	if len(evs) != 1 || evs[0].Actor != "admin-1" || evs[0].EntityType != "Credential" ||
		*evs[0].FromStatus != "PENDING" || *evs[0].ToStatus != "VERIFIED" || evs[0].Note == nil {
		t.Fatalf("credential.verify events = %+v", evs)
	}
}

func TestBadgeFollowsLatestVerifiedCredential(t *testing.T) {
	w := newWorld(t)
	now := w.Clock.Now()
	short := w.submit(w.counselor, input("LPC", "Texas", "LPC-1", now.Add(30*24*time.Hour)))
	long := w.submit(w.counselor, input("LMFT", "Oklahoma", "LMFT 2", now.Add(400*24*time.Hour)))
	rejected := w.submit(w.counselor, input("MD", "Ohio", "MD/3", now.Add(900*24*time.Hour)))

	w.verify(w.admin, long.ID, true, nil)
	w.verify(w.otherAdmin, short.ID, true, nil) // an earlier expiry must not shorten the badge
	r := w.verify(w.admin, rejected.ID, false, "No such license in the Ohio register.")
	if r.Status != "REJECTED" {
		t.Fatalf("rejected credential = %+v", r)
	}
	if n := len(w.audit("credential.reject")); n != 1 {
		t.Fatalf("credential.reject events = %d, want 1", n)
	}

	cr := w.creator("lindsay.lpc")
	if cr.VerifiedUntil == nil || !cr.VerifiedUntil.Equal(now.Add(400*24*time.Hour)) {
		t.Fatalf("verified_until = %v, want the longest verified expiry", cr.VerifiedUntil)
	}
	w.Clock.Set(now.Add(60 * 24 * time.Hour)) // past the short one, before the long one
	if !w.profileAs("", "lindsay.lpc").Creator.VerifiedProfessional {
		t.Fatal("the badge should hold while any verified credential is unexpired")
	}
	w.Clock.Set(now.Add(500 * 24 * time.Hour)) // a rejected credential never counts
	if w.profileAs("", "lindsay.lpc").Creator.VerifiedProfessional {
		t.Fatal("a rejected credential must not give the badge")
	}
}

func (w *world) creator(handle string) *ent.Creator {
	w.T.Helper()
	c, err := w.Client().Creator.Query().Where(creator.Handle(handle)).Only(w.System())
	if err != nil {
		w.T.Fatalf("creator %s: %v", handle, err)
	}
	return c
}

func TestSubmitRefusals(t *testing.T) {
	w := newWorld(t)
	valid := func() map[string]any {
		return input("LCSW", "New York", "LCSW-0042", w.Clock.Now().Add(365*24*time.Hour))
	}
	with := func(field string, v any) map[string]any {
		vars := valid()
		vars["in"].(map[string]any)[field] = v
		return vars
	}

	w.Fail("UNAUTHENTICATED", "", submitOp, valid())
	w.Fail("FORBIDDEN", w.moderator, submitOp, valid())
	w.Fail("FORBIDDEN", w.admin, submitOp, valid())
	res := w.Fail("FORBIDDEN", w.newcomer, submitOp, valid())
	if !strings.Contains(res.Errors[0].Message, "profile") {
		t.Fatalf("a creator without a profile should be told to create one: %q", res.Errors[0].Message)
	}

	for _, tc := range []struct {
		field string
		value any
	}{
		{"jurisdiction", "X"},
		{"jurisdiction", "   "},
		{"jurisdiction", strings.Repeat("x", 81)},
		{"licenseNumber", ""},
		{"licenseNumber", "  "},
		{"licenseNumber", "LCSW#0042"},
		{"licenseNumber", "<script>"},
		{"licenseNumber", strings.Repeat("9", 65)},
		{"expiresAt", w.Clock.Now()},
		{"expiresAt", w.Clock.Now().Add(-24 * time.Hour)},
		{"expiresAt", w.Clock.Now().AddDate(21, 0, 0)},
	} {
		res := w.Fail("BAD_USER_INPUT", w.counselor, submitOp, with(tc.field, tc.value))
		if res.Errors[0].Extensions.Field != tc.field {
			t.Errorf("%s = %v: error names field %q: %s", tc.field, tc.value, res.Errors[0].Extensions.Field, res.Raw)
		}
	}
	w.Fail("BAD_USER_INPUT", w.counselor, submitOp, with("kind", "WIZARD"))

	n, err := w.Client().Credential.Query().Count(w.System())
	if err != nil || n != 0 {
		t.Fatalf("refused submissions stored %d credentials (%v)", n, err)
	}
	if n := len(w.audit("credential.submit")); n != 0 {
		t.Fatalf("refused submissions wrote %d audit events", n)
	}
}

// A creator cannot attach a credential to someone else's profile: the profile comes from the
// viewer's account, whatever the client sends.
func TestSubmitGoesToOwnProfile(t *testing.T) {
	w := newWorld(t)
	c := w.submit(w.other, input("RD", "California", "RD-77", w.Clock.Now().Add(time.Hour)))
	if c.Creator.Handle != "other.creator" {
		t.Fatalf("credential went to @%s", c.Creator.Handle)
	}
	if n := len(w.profileAs("", "lindsay.lpc").Creator.Credentials); n != 0 {
		t.Fatalf("the counselor's profile has %d credentials", n)
	}
}

func TestVerifyRefusals(t *testing.T) {
	w := newWorld(t)
	exp := w.Clock.Now().Add(365 * 24 * time.Hour)
	c := w.submit(w.counselor, input("PSYCHOLOGIST", "Ontario", "PSY 123", exp))
	own := w.submit(w.adminCreator, input("PSYCHIATRIST", "Quebec", "MD-9", exp))

	w.Fail("UNAUTHENTICATED", "", verifyOp, map[string]any{"id": c.ID, "approve": true})
	w.Fail("FORBIDDEN", w.counselor, verifyOp, map[string]any{"id": c.ID, "approve": true})
	w.Fail("FORBIDDEN", w.moderator, verifyOp, map[string]any{"id": c.ID, "approve": true})
	res := w.Fail("FORBIDDEN", w.adminCreator, verifyOp, map[string]any{"id": own.ID, "approve": true})
	if !strings.Contains(res.Errors[0].Message, "own") {
		t.Fatalf("self-verification message = %q", res.Errors[0].Message)
	}
	w.Fail("FORBIDDEN", w.adminCreator, verifyOp, map[string]any{"id": own.ID, "approve": false})
	w.Fail("NOT_FOUND", w.admin, verifyOp, map[string]any{"id": "987654321", "approve": true})
	res = w.Fail("BAD_USER_INPUT", w.admin, verifyOp, map[string]any{"id": c.ID, "approve": true, "note": strings.Repeat("n", 2001)})
	if res.Errors[0].Extensions.Field != "note" {
		t.Fatalf("long note: field %q", res.Errors[0].Extensions.Field)
	}

	// Nothing above changed anything.
	if p := w.profileAs(w.admin, "lindsay.lpc"); p.Creator.VerifiedProfessional || p.Creator.Credentials[0].Status != "PENDING" {
		t.Fatalf("refused verifications changed the credential: %+v", p)
	}

	// Another admin verifies the admin's own credential; then neither can be decided again.
	w.verify(w.admin, own.ID, true, nil)
	w.verify(w.otherAdmin, c.ID, false, "Expired on the register.")
	w.Fail("INVALID_TRANSITION", w.otherAdmin, verifyOp, map[string]any{"id": own.ID, "approve": true})
	w.Fail("INVALID_TRANSITION", w.otherAdmin, verifyOp, map[string]any{"id": own.ID, "approve": false})
	w.Fail("INVALID_TRANSITION", w.admin, verifyOp, map[string]any{"id": c.ID, "approve": true})
	if p := w.profileAs("", "lindsay.lpc"); p.Creator.VerifiedProfessional {
		t.Fatal("a rejected credential cannot be verified later")
	}
}

func TestLicenseNumberVisibility(t *testing.T) {
	w := newWorld(t)
	c := w.submit(w.counselor, input("LPC", "Texas", "LPC-555", w.Clock.Now().Add(time.Hour)))
	w.verify(w.admin, c.ID, false, "Please upload a clearer copy.")

	for _, tc := range []struct {
		who, token string
		sees       bool
	}{
		{"owner", w.counselor, true},
		{"admin", w.admin, true},
		{"another creator", w.other, false},
		{"moderator", w.moderator, false},
		{"anonymous", "", false},
	} {
		t.Run(tc.who, func(t *testing.T) {
			got := w.profileAs(tc.token, "lindsay.lpc").Creator.Credentials[0]
			if tc.sees != (got.LicenseNumber != nil && *got.LicenseNumber == "LPC-555") {
				t.Errorf("licenseNumber = %v", got.LicenseNumber)
			}
			if tc.sees != (got.ReviewNote != nil) {
				t.Errorf("reviewNote = %v", got.ReviewNote)
			}
			// Reached by ID, without the creator in hand.
			var out struct{ Node cred }
			w.Query(tc.token, nodeOp, map[string]any{"id": c.ID}, &out)
			if out.Node.Status != "REJECTED" || tc.sees != (out.Node.LicenseNumber != nil) {
				t.Errorf("node(id) = %+v", out.Node)
			}
		})
	}
}

// Two admins verifying two credentials of one creator at the same time: the badge ends at the
// later expiry whatever the interleaving, and a credential decided twice at once is decided once.
func TestConcurrentVerifications(t *testing.T) {
	w := newWorld(t)
	now := w.Clock.Now()
	for round := range 3 {
		a := w.submit(w.counselor, input("LPC", "Texas", fmt.Sprintf("A-%d", round), now.Add(time.Duration(100+round)*24*time.Hour)))
		b := w.submit(w.counselor, input("LMFT", "Texas", fmt.Sprintf("B-%d", round), now.Add(time.Duration(200+round)*24*time.Hour)))
		var wg sync.WaitGroup
		codes := make([]string, 4)
		for i, call := range []struct {
			token, id string
			approve   bool
		}{{w.admin, a.ID, true}, {w.otherAdmin, b.ID, true}, {w.admin, b.ID, true}, {w.otherAdmin, a.ID, false}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				codes[i] = w.Do(call.token, verifyOp, map[string]any{"id": call.id, "approve": call.approve}).Code()
			}()
		}
		wg.Wait()
		ok := 0
		for _, c := range codes {
			switch c {
			case "":
				ok++
			case "INVALID_TRANSITION":
			default:
				t.Fatalf("round %d: codes %q", round, codes)
			}
		}
		if ok != 2 {
			t.Fatalf("round %d: %d decisions succeeded, want one per credential: %q", round, ok, codes)
		}
		var latest *time.Time
		creds, err := w.Client().Credential.Query().Where(credential.StatusEQ(credential.StatusVERIFIED)).All(w.System())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range creds {
			if latest == nil || c.ExpiresAt.After(*latest) {
				latest = &c.ExpiresAt
			}
		}
		cr := w.creator("lindsay.lpc")
		if latest == nil || cr.VerifiedUntil == nil || !cr.VerifiedUntil.Equal(*latest) {
			t.Fatalf("round %d: verified_until = %v, want %v", round, cr.VerifiedUntil, latest)
		}
	}
}

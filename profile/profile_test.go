package profile_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"haven/apptest"
	"haven/ent/account"
	"haven/ent/auditevent"
	"haven/ent/organization"
)

const (
	createProfile = `mutation($in: CreateCreatorProfileInput!) { createCreatorProfile(input: $in) { id handle displayName } }`
	createOrg     = `mutation($in: CreateOrganizationInput!) { createOrganization(input: $in) { id slug name websiteURL verified } }`
	addMember     = `mutation($id: ID!, $subject: String!) { addOrganizationMember(organizationID: $id, subject: $subject) { id slug } }`
)

// refuse runs an operation that must fail with code naming field ("" when none is expected).
func refuse(t *testing.T, h *apptest.Hub, code, field, token, query string, vars map[string]any) {
	t.Helper()
	res := h.Fail(code, token, query, vars)
	if got := res.Errors[0].Extensions.Field; got != field {
		t.Fatalf("%s names field %q, want %q: %s", code, got, field, res.Raw)
	}
}

func profileIn(handle string) map[string]any {
	return map[string]any{"in": map[string]any{"handle": handle, "displayName": "Jeff Guenther", "bio": "Licensed counselor."}}
}

// TestCreateCreatorProfile: a creator makes one profile; the handle is checked and unique, and
// ownership comes from the token's subject.
func TestCreateCreatorProfile(t *testing.T) {
	h := apptest.New(t)
	jeff := h.Token("jeff", "creator")
	h.Fail("UNAUTHENTICATED", "", createProfile, profileIn("therapyjeff"))
	for _, role := range []string{"org_member", "moderator", "clinical_reviewer", "publisher", "admin"} {
		h.Fail("FORBIDDEN", h.Token("someone-"+role, role), createProfile, profileIn("someone."+role))
	}
	for _, bad := range []string{"", "a", "@therapyjeff", "TherapyJeff", "therapy jeff", ".therapyjeff", "therapyjeff.",
		"therapy..jeff", "therapy-jeff", "thérapyjeff", strings.Repeat("j", 31)} {
		refuse(t, h, "BAD_USER_INPUT", "handle", jeff, createProfile, profileIn(bad))
	}
	refuse(t, h, "BAD_USER_INPUT", "displayName", jeff, createProfile,
		map[string]any{"in": map[string]any{"handle": "therapyjeff", "displayName": "  "}})

	var out struct {
		CreateCreatorProfile struct{ ID, Handle, DisplayName string }
	}
	h.Query(jeff, createProfile, profileIn(" therapyjeff "), &out)
	if out.CreateCreatorProfile.Handle != "therapyjeff" {
		t.Fatalf("handle = %q", out.CreateCreatorProfile.Handle)
	}
	owner, err := h.Client().Creator.Query().QueryOwner().Only(h.System())
	if err != nil || owner.Subject != "jeff" {
		t.Fatalf("profile owner = %v (%v), want jeff's account", owner, err)
	}
	h.Fail("CONFLICT", jeff, createProfile, profileIn("therapyjeff.two"))
	refuse(t, h, "BAD_USER_INPUT", "handle", h.Token("impostor", "creator"), createProfile, profileIn("therapyjeff"))

	// The public finds it, with or without '@'.
	var found struct{ Creator *struct{ ID string } }
	h.Query("", `{ creator(handle: "@therapyjeff") { id } }`, nil, &found)
	if found.Creator == nil || found.Creator.ID != out.CreateCreatorProfile.ID {
		t.Fatalf("creator(@therapyjeff) = %+v", found.Creator)
	}
	// The new profile is the creator's to submit with.
	var s struct{ CreateSubmission struct{ ID string } }
	h.Query(jeff, `mutation { createSubmission(input: {kind: ARTICLE, title: "t", summary: "s", body: "b"}) { id creator { handle } } }`, nil, &s)
	if events(t, h, "creator.create") != 1 {
		t.Fatal("profile creation is not in the audit trail exactly once")
	}
}

func orgIn(slug string, more ...string) map[string]any {
	in := map[string]any{"slug": slug, "name": "National Alliance on Mental Illness"}
	for i := 0; i+1 < len(more); i += 2 {
		in[more[i]] = more[i+1]
	}
	return map[string]any{"in": in}
}

func events(t *testing.T, h *apptest.Hub, action string) int {
	t.Helper()
	n, err := h.Client().AuditEvent.Query().Where(auditevent.Action(action)).Count(h.System())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCreateOrganization: admins onboard organizations; slug and website are checked.
func TestCreateOrganization(t *testing.T) {
	h := apptest.New(t)
	admin := h.Token("admin-1", "admin")
	h.Fail("UNAUTHENTICATED", "", createOrg, orgIn("nami"))
	for _, role := range []string{"creator", "org_member", "moderator", "clinical_reviewer", "publisher"} {
		h.Fail("FORBIDDEN", h.Token("someone-"+role, role), createOrg, orgIn("nami"))
	}
	for _, bad := range []string{"", "n", "NAMI", "nami org", "-nami", "nami-", "nami--org", "nami_org", strings.Repeat("n", 65)} {
		refuse(t, h, "BAD_USER_INPUT", "slug", admin, createOrg, orgIn(bad))
	}
	for _, bad := range []string{"nami.org", "javascript:alert(1)", "ftp://nami.org", "https://", "//nami.org", "http:///path"} {
		refuse(t, h, "BAD_USER_INPUT", "websiteURL", admin, createOrg, orgIn("nami", "websiteURL", bad))
	}
	refuse(t, h, "BAD_USER_INPUT", "name", admin, createOrg, map[string]any{"in": map[string]any{"slug": "nami", "name": " "}})

	var out struct {
		CreateOrganization struct {
			ID, Slug, WebsiteURL string
			Verified             bool
		}
	}
	h.Query(admin, createOrg, orgIn("nami", "websiteURL", "https://www.nami.org"), &out)
	if out.CreateOrganization.Slug != "nami" || out.CreateOrganization.WebsiteURL != "https://www.nami.org" {
		t.Fatalf("created %+v", out.CreateOrganization)
	}
	refuse(t, h, "BAD_USER_INPUT", "slug", admin, createOrg, orgIn("nami"))
	if events(t, h, "organization.create") != 1 {
		t.Fatal("organization creation is not in the audit trail exactly once")
	}
}

// TestAddOrganizationMember: admins add members by subject, once however often they ask; the
// member may then submit for the organization; others may not.
func TestAddOrganizationMember(t *testing.T) {
	h := apptest.New(t)
	admin := h.Token("admin-1", "admin")
	var org struct{ CreateOrganization struct{ ID string } }
	h.Query(admin, createOrg, orgIn("nami"), &org)
	id := org.CreateOrganization.ID
	vars := map[string]any{"id": id, "subject": "member-1"}

	h.Fail("UNAUTHENTICATED", "", addMember, vars)
	for _, role := range []string{"creator", "org_member", "moderator", "clinical_reviewer", "publisher"} {
		h.Fail("FORBIDDEN", h.Token("someone-"+role, role), addMember, vars)
	}
	h.Fail("NOT_FOUND", admin, addMember, map[string]any{"id": "999999", "subject": "member-1"})
	topic := h.Topic("anxiety").Create()
	h.Fail("NOT_FOUND", admin, addMember, map[string]any{"id": apptest.GID(topic.ID), "subject": "member-1"})
	refuse(t, h, "BAD_USER_INPUT", "subject", admin, addMember, map[string]any{"id": id, "subject": "  "})

	member := h.Token("member-1", "org_member")
	submit := `mutation($org: ID!) { createSubmission(input: {kind: ARTICLE, title: "t", summary: "s", body: "b", organizationID: $org}) { id } }`
	h.Fail("FORBIDDEN", member, submit, map[string]any{"org": id})

	for range 3 {
		h.Query(admin, addMember, vars, nil)
	}
	ctx := h.System()
	members, err := h.Client().Organization.Query().Where(organization.Slug("nami")).QueryMembers().All(ctx)
	if err != nil || len(members) != 1 || members[0].Subject != "member-1" {
		t.Fatalf("members = %v (%v), want member-1 once", members, err)
	}
	if n, _ := h.Client().Account.Query().Where(account.Subject("member-1")).Count(ctx); n != 1 {
		t.Fatalf("%d accounts for member-1", n)
	}
	if events(t, h, "organization.add_member") != 1 {
		t.Fatal("adding a member is not in the audit trail exactly once")
	}
	h.Query(member, submit, map[string]any{"org": id}, nil)
	h.Fail("FORBIDDEN", h.Token("member-2", "org_member"), submit, map[string]any{"org": id})

	// A subject added before they ever signed in is a member on their first request.
	h.Query(admin, addMember, map[string]any{"id": id, "subject": "later-1"}, nil)
	h.Query(h.Token("later-1", "org_member"), submit, map[string]any{"org": id}, nil)
}

// TestConcurrentProfiles: one subject asking for several profiles at once gets exactly one; the
// others are refused with CONFLICT. Several subjects racing for one handle: one gets it.
func TestConcurrentProfiles(t *testing.T) {
	h := apptest.New(t)
	const n = 10
	race := func(token func(i int) string, handle func(i int) string) map[string]int {
		codes := make([]string, n)
		at(n, func(i int) { codes[i] = send(h, token(i), createProfile, profileIn(handle(i))) })
		return count(codes)
	}
	jeff := h.Token("jeff", "creator")
	if got := race(func(int) string { return jeff }, func(i int) string { return fmt.Sprintf("jeff.%d", i) }); got["ok"] != 1 || got["CONFLICT"] != n-1 {
		t.Fatalf("one subject, %d profiles at once: %v, want one ok and the rest CONFLICT", n, got)
	}
	if got := race(func(i int) string { return h.Token(fmt.Sprintf("racer-%d", i), "creator") }, func(int) string { return "popular" }); got["ok"] != 1 || got["BAD_USER_INPUT handle"] != n-1 {
		t.Fatalf("%d subjects, one handle: %v, want one ok and the rest BAD_USER_INPUT on handle", n, got)
	}
}

// send posts an operation from any goroutine and returns "ok", or the error's code and field.
func send(h *apptest.Hub, token, query string, vars map[string]any) string {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	h.Handler().ServeHTTP(rec, req)
	var res apptest.Response
	if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
		return rec.Body.String()
	}
	if len(res.Errors) == 0 {
		return "ok"
	}
	return strings.TrimSpace(res.Code() + " " + res.Errors[0].Extensions.Field)
}

// TestConcurrentOrganizations: admins racing for one slug get one organization and BAD_USER_INPUT
// on slug; admins adding the same member at once all succeed, and the member is added once.
func TestConcurrentOrganizations(t *testing.T) {
	h := apptest.New(t)
	const n = 10
	admins := make([]string, n)
	for i := range admins {
		admins[i] = h.Token(fmt.Sprintf("admin-%d", i), "admin")
		h.Query(admins[i], `{ viewer { subject } }`, nil, nil) // signed in before, so their accounts exist
	}
	codes := make([]string, n)
	at(n, func(i int) { codes[i] = send(h, admins[i], createOrg, orgIn("nami")) })
	if c := count(codes); c["ok"] != 1 || c["BAD_USER_INPUT slug"] != n-1 {
		t.Fatalf("one slug, %d organizations at once: %v", n, c)
	}
	id, err := h.Client().Organization.Query().Where(organization.Slug("nami")).OnlyID(h.System())
	if err != nil {
		t.Fatal(err)
	}
	// Several rounds, so that later ones run on a warm connection pool and truly at once.
	const rounds = 5
	for r := range rounds {
		subject := fmt.Sprintf("member-%d", r)
		h.Account(subject) // exists already: creating it would serialize the racing requests
		at(n, func(i int) {
			codes[i] = send(h, admins[i], addMember, map[string]any{"id": apptest.GID(id), "subject": subject})
		})
		if c := count(codes); c["ok"] != n {
			t.Fatalf("%s added %d times at once: %v, want every request ok", subject, n, c)
		}
	}
	members, err := h.Client().Organization.Query().Where(organization.ID(id)).QueryMembers().Count(h.System())
	if err != nil || members != rounds {
		t.Fatalf("%d members (%v), want %d", members, err, rounds)
	}
	if got := events(t, h, "organization.add_member"); got != rounds {
		t.Fatalf("%d add_member events for %d members: a concurrent add that changed nothing was recorded", got, rounds)
	}
}

// at runs f(i) for i in [0, n) in goroutines released together.
func at(n int, f func(i int)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			f(i)
		}()
	}
	close(start)
	wg.Wait()
}

func count(codes []string) map[string]int {
	c := map[string]int{}
	for _, code := range codes {
		c[code]++
	}
	return c
}

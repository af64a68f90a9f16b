package search_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"haven/apptest"
	"haven/ent"
	"haven/ent/auditevent"
	"haven/ent/crisisresource"
)

const (
	upsertOp = `mutation($in: UpsertCrisisResourceInput!) {
  upsertCrisisResource(input: $in) { id name kind contact url regions languages hours organization { slug } }
}`
	resourcesOp = `query($region: String, $language: String) {
  crisisResources(region: $region, language: $language) { name kind contact regions languages }
}`
)

// resource is a crisis resource fixture.
type resource struct {
	key, name string
	kind      crisisresource.Kind
	contact   string
	regions   []string
	languages []string
	priority  int
}

// usLifeline and the rest are the crisis resources most tests need: the US's 988 first.
var (
	usLifeline = resource{"988-call", "988 Suicide & Crisis Lifeline", crisisresource.KindCALL, "Call 988", []string{"US"}, []string{"en", "es"}, 100}
	usText     = resource{"crisis-text-line", "Crisis Text Line", crisisresource.KindTEXT, "Text HOME to 741741", []string{"US"}, []string{"en"}, 85}
	ukCall     = resource{"samaritans", "Samaritans", crisisresource.KindCALL, "Call 116 123", []string{"GB", "IE"}, []string{"en"}, 90}
	caFrench   = resource{"988-canada", "9-8-8 Canada", crisisresource.KindCALL, "Call or text 9-8-8", []string{"CA"}, []string{"en", "fr"}, 100}
	anywhere   = resource{"findahelpline", "Find A Helpline", crisisresource.KindWEB, "findahelpline.com", []string{"*"}, []string{"en"}, 10}
	usChat     = resource{"988-chat", "988 Lifeline Chat", crisisresource.KindCHAT, "Chat online", []string{"US"}, []string{"en", "es"}, 85}
)

func addResources(t *testing.T, h *apptest.Hub, rs ...resource) {
	t.Helper()
	for _, r := range rs {
		err := h.Client().CrisisResource.Create().SetKey(r.key).SetName(r.name).SetKind(r.kind).
			SetContact(r.contact).SetRegions(r.regions).SetLanguages(r.languages).SetPriority(r.priority).
			Exec(h.System())
		if err != nil {
			t.Fatalf("crisis resource %s: %v", r.key, err)
		}
	}
}

type resourceOut struct {
	ID, Name, Kind, Contact string
	URL                     *string
	Regions, Languages      []string
	Hours                   string
	Organization            *struct{ Slug string }
}

func names(rs []resourceOut) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Name
	}
	return out
}

func TestCrisisResourcesByRegionAndLanguage(t *testing.T) {
	h := apptest.New(t)
	addResources(t, h, usText, ukCall, caFrench, anywhere, usLifeline, usChat)

	for _, tc := range []struct {
		region, language any
		want             []string
	}{
		{nil, nil, []string{usLifeline.name, usChat.name, usText.name, anywhere.name}}, // US by default; ties by name
		{"US", nil, []string{usLifeline.name, usChat.name, usText.name, anywhere.name}},
		{"us", "es", []string{usLifeline.name, usChat.name}},
		{"GB", nil, []string{ukCall.name, anywhere.name}},
		{" ie ", "EN", []string{ukCall.name, anywhere.name}},
		{"CA", "fr", []string{caFrench.name}},
		{"CA", "fr-CA", []string{caFrench.name}},
		{"JP", nil, []string{anywhere.name}},
		// No line speaks Japanese: the region's lines in any language rather than an empty list.
		{"JP", "ja", []string{anywhere.name}},
	} {
		var out struct{ CrisisResources []resourceOut }
		h.Query("", resourcesOp, map[string]any{"region": tc.region, "language": tc.language}, &out)
		if got := names(out.CrisisResources); !slices.Equal(got, tc.want) {
			t.Errorf("region %v, language %v: got %q, want %q", tc.region, tc.language, got, tc.want)
		}
	}

	for _, tc := range []struct {
		field string
		vars  map[string]any
	}{
		{"region", map[string]any{"region": "USA"}},
		{"region", map[string]any{"region": "*"}},
		{"region", map[string]any{"region": "U1"}},
		{"language", map[string]any{"language": "english"}},
		{"language", map[string]any{"language": "e"}},
	} {
		res := h.Fail("BAD_USER_INPUT", "", resourcesOp, tc.vars)
		if res.Errors[0].Extensions.Field != tc.field {
			t.Errorf("%v: field %q", tc.vars, res.Errors[0].Extensions.Field)
		}
	}
}

func TestUpsertCrisisResource(t *testing.T) {
	h := apptest.New(t)
	admin := h.Token("admin-1", "admin")
	org := h.Organization("crisis-text-line").Named("Crisis Text Line").Create()
	in := map[string]any{
		"key": "crisis-text-line-us", "name": "Crisis Text Line", "kind": "TEXT",
		"contact": "Text HOME to 741741", "url": "https://www.crisistextline.org",
		"regions": []string{"us", "US", "pr"}, "languages": []string{"EN", "es"},
		"organizationID": fmt.Sprint(org.ID), "priority": 85,
	}
	var created struct{ UpsertCrisisResource resourceOut }
	h.Query(admin, upsertOp, map[string]any{"in": in}, &created)
	c := created.UpsertCrisisResource
	if !slices.Equal(c.Regions, []string{"US", "PR"}) || !slices.Equal(c.Languages, []string{"en", "es"}) ||
		c.Hours != "24/7" || c.Organization == nil || c.Organization.Slug != "crisis-text-line" {
		t.Fatalf("created = %+v", c)
	}

	// The same key updates; what the input leaves out is cleared or defaulted.
	in2 := map[string]any{
		"key": "crisis-text-line-us", "name": "Crisis Text Line (US)", "kind": "TEXT",
		"contact": "Text HOME to 741741", "regions": []string{"US"}, "languages": []string{"en"},
		"hours": "Always open",
	}
	var updated struct{ UpsertCrisisResource resourceOut }
	h.Query(admin, upsertOp, map[string]any{"in": in2}, &updated)
	u := updated.UpsertCrisisResource
	if u.ID != c.ID || u.Name != "Crisis Text Line (US)" || u.URL != nil || u.Organization != nil || u.Hours != "Always open" {
		t.Fatalf("updated = %+v", u)
	}
	n, err := h.Client().CrisisResource.Query().Count(h.System())
	if err != nil || n != 1 {
		t.Fatalf("%d crisis resources (%v), want 1", n, err)
	}
	evs, err := h.Client().AuditEvent.Query().Where(auditevent.EntityType("CrisisResource")).
		Order(ent.Asc(auditevent.FieldSeq)).All(h.System())
	if err != nil || len(evs) != 2 || evs[0].Action != "crisis_resource.create" || evs[1].Action != "crisis_resource.update" ||
		evs[1].Actor != "admin-1" {
		t.Fatalf("audit events = %v (%v)", evs, err)
	}
}

func TestUpsertCrisisResourceRefusals(t *testing.T) {
	h := apptest.New(t)
	admin := h.Token("admin-1", "admin")
	valid := func() map[string]any {
		return map[string]any{
			"key": "988-call", "name": "988 Lifeline", "kind": "CALL", "contact": "Call 988",
			"regions": []string{"US"}, "languages": []string{"en"},
		}
	}
	with := func(field string, v any) map[string]any {
		in := valid()
		in[field] = v
		return map[string]any{"in": in}
	}

	h.Fail("UNAUTHENTICATED", "", upsertOp, map[string]any{"in": valid()})
	for _, role := range []string{"creator", "moderator", "publisher", "clinical_reviewer", "org_member"} {
		h.Fail("FORBIDDEN", h.Token("someone", role), upsertOp, map[string]any{"in": valid()})
	}
	for _, tc := range []struct {
		field string
		value any
	}{
		{"key", "Not A Slug"},
		{"key", "x"},
		{"name", " "},
		{"name", strings.Repeat("n", 121)},
		{"contact", ""},
		{"url", "javascript:alert(1)"},
		{"url", "ftp://example.org"},
		{"regions", []string{}},
		{"regions", []string{"USA"}},
		{"regions", []string{"US", "**"}},
		{"languages", []string{}},
		{"languages", []string{"english"}},
		{"languages", []string{"en-US"}},
		{"hours", ""},
		{"priority", -1},
		{"priority", 1001},
		{"organizationID", "987654"},
	} {
		res := h.Fail("BAD_USER_INPUT", admin, upsertOp, with(tc.field, tc.value))
		if res.Errors[0].Extensions.Field != tc.field {
			t.Errorf("%s = %v: field %q: %s", tc.field, tc.value, res.Errors[0].Extensions.Field, res.Raw)
		}
	}
	h.Fail("BAD_USER_INPUT", admin, upsertOp, with("kind", "PIGEON"))

	n, err := h.Client().CrisisResource.Query().Count(h.System())
	if err != nil || n != 0 {
		t.Fatalf("refused upserts stored %d resources (%v)", n, err)
	}
}

// TestCrisisSupportPutsTheRightLineFirst: a line that specializes in the query's crisis leads;
// lines for every crisis follow; specialists of other crises come last. Concerns are set with
// upsertCrisisResource and validated.
func TestCrisisSupportPutsTheRightLineFirst(t *testing.T) {
	h := apptest.New(t)
	addResources(t, h, usLifeline, usText)
	admin := h.Token("admin", "admin")
	ed := map[string]any{"key": "anad-helpline", "name": "ANAD Helpline", "kind": "CALL", "contact": "Call 1-888-375-7767",
		"regions": []string{"US"}, "languages": []string{"en"}, "priority": 50, "concerns": []string{"eating_disorder"}}
	h.Query(admin, upsertOp, map[string]any{"in": ed}, nil)
	bad := map[string]any{"key": "x-line", "name": "X", "kind": "CALL", "contact": "Call", "regions": []string{"US"},
		"languages": []string{"en"}, "concerns": []string{"LONELINESS"}}
	if res := h.Fail("BAD_USER_INPUT", admin, upsertOp, map[string]any{"in": bad}); res.Errors[0].Extensions.Field != "concerns" {
		t.Fatalf("field = %q, want concerns", res.Errors[0].Extensions.Field)
	}
	const q = `query($q: String!) { search(query: $q) { crisisSupport { resources { name } } } }`
	order := func(query string) []string {
		var out struct {
			Search struct {
				CrisisSupport struct{ Resources []struct{ Name string } }
			}
		}
		h.Query("", q, map[string]any{"q": query}, &out)
		var names []string
		for _, r := range out.Search.CrisisSupport.Resources {
			names = append(names, r.Name)
		}
		return names
	}
	if got, want := order("pro ana tips"), []string{"ANAD Helpline", usLifeline.name, usText.name}; !slices.Equal(got, want) {
		t.Errorf("eating-disorder risk: %q, want %q", got, want)
	}
	if got, want := order("i want to kms"), []string{usLifeline.name, usText.name, "ANAD Helpline"}; !slices.Equal(got, want) {
		t.Errorf("suicide risk: %q, want %q", got, want)
	}
}

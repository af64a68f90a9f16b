package search_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"haven/apptest"
	"haven/ent"
	"haven/ent/crisisresource"
	"haven/search"
)

func TestParseAcceptLanguage(t *testing.T) {
	for header, want := range map[string][]string{
		"":                                 nil,
		"es-MX,es;q=0.9,en;q=0.8":          {"es", "en"},
		"en;q=0.5, fr-CA":                  {"fr", "en"},
		"*, de;q=0":                        nil,
		"pt-BR;q=abc, ko":                  {"ko"},
		"zh-Hant-TW, zh;q=0.7, toolong-xx": {"zh"},
	} {
		if got := search.ParseAcceptLanguage(header); !slices.Equal(got, want) {
			t.Errorf("ParseAcceptLanguage(%q) = %q, want %q", header, got, want)
		}
	}
}

// usSpanish is the 988 Lifeline's Spanish service, the one line in the fixtures that serves
// Spanish only.
var usSpanish = resource{"988-espanol", "988 Lifeline en español", crisisresource.KindCALL, "Llama al 988 y marca 2",
	[]string{"US"}, []string{"es"}, 99}

// searchIn runs a search with an Accept-Language header and returns its crisis lines by name.
func searchIn(t *testing.T, h *apptest.Hub, q, acceptLanguage string) []string {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": searchOp, "variables": map[string]any{"q": q}})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if acceptLanguage != "" {
		req.Header.Set("Accept-Language", acceptLanguage)
	}
	res := h.Send(req)
	if res.Status != http.StatusOK || len(res.Errors) > 0 {
		t.Fatalf("search %q: HTTP %d %s", q, res.Status, res.Raw)
	}
	var out searchOut
	res.Decode(t, &out)
	if out.Search.CrisisSupport == nil {
		t.Fatalf("search %q: no crisis support", q)
	}
	names := []string{}
	for _, r := range out.Search.CrisisSupport.Resources {
		names = append(names, r.Name)
	}
	return names
}

// A person who searches in Spanish, or whose browser asks for Spanish, is shown the lines that
// answer in Spanish first, then the region's other lines.
func TestRiskySearchPrefersTheAskersLanguage(t *testing.T) {
	h := apptest.New(t)
	addResources(t, h, usText, usLifeline, usSpanish, anywhere, ukCall)
	english := []string{usLifeline.name, usText.name, anywhere.name, usSpanish.name}
	spanish := []string{usLifeline.name, usSpanish.name, usText.name, anywhere.name}
	for _, tc := range []struct {
		query, header string
		want          []string
	}{
		{"i want to die", "", english},
		{"quiero morir", "", spanish},                         // the query's language
		{"me quiero matar", "en-US", spanish},                 // the query's language wins over the header
		{"kms", "es-MX,es;q=0.9", spanish},                    // no language in the query: the header's
		{"i want to die", "es-MX,es;q=0.9,en;q=0.8", english}, // an English query reads English lines first
		{"suicidio", "es", spanish},
	} {
		if got := searchIn(t, h, tc.query, tc.header); !slices.Equal(got, tc.want) {
			t.Errorf("search %q (Accept-Language %q): lines %q, want %q", tc.query, tc.header, got, tc.want)
		}
	}
}

// A method-seeking query leads with crisis support and lists nothing about the method: no piece
// its words match, whatever that piece's topics or review, and no creator or organization.
func TestMethodSeekingSearchListsNoContentAboutTheMethod(t *testing.T) {
	h := apptest.New(t)
	addResources(t, h, usLifeline, usText)
	prevention := h.Topic("suicide-prevention").Sensitive().Create()
	add := func(title string, reviewed bool, tp *ent.Topic) {
		t.Helper()
		c := h.Content(title).Summary("s").Sensitive().Age(0)
		if reviewed {
			c.Reviewed()
		}
		if tp != nil {
			c.Topics(tp)
		}
		c.Create()
	}
	add("Reaching out when it feels too heavy", true, prevention)
	add("Keeping pills locked away: a safety plan", true, prevention) // reviewed, but about the method
	add("What an overdose of pills does", false, nil)                 // matches every word of the query
	h.Creator("pills").Create()

	out := run(t, h, "", "how many pills to overdose", nil)
	if out.Search.CrisisSupport == nil || len(out.Search.CrisisSupport.Resources) == 0 {
		t.Fatal("a method-seeking search must lead with crisis support")
	}
	if got := out.titles(); !slices.Equal(got, []string{"Reaching out when it feels too heavy"}) {
		t.Errorf("method-seeking search lists %q, want only the reviewed support that is not about the method", got)
	}
	if len(out.Search.Creators) != 0 || len(out.Search.Organizations) != 0 {
		t.Errorf("method-seeking search lists creators %v, organizations %v", out.Search.Creators, out.Search.Organizations)
	}

	// The same words without a risk find the content as usual.
	if got := run(t, h, "", "pills", nil).titles(); len(got) != 2 {
		t.Errorf("plain search for pills found %q", got)
	}
}

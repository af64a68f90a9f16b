package search_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"haven/apptest"
	"haven/crisis"
	"haven/ent"
	"haven/ent/content"
	"haven/ent/schema/enum"
)

const searchOp = `query($q: String!, $region: String, $first: Int, $after: Cursor) {
  search(query: $q, region: $region) {
    crisisSupport { message resources { name contact } }
    contents(first: $first, after: $after) {
      edges { node { title status contentWarning } }
      pageInfo { hasNextPage endCursor }
    }
    creators { handle }
    organizations { slug }
  }
}`

type searchOut struct {
	Search struct {
		CrisisSupport *struct {
			Message   string
			Resources []struct{ Name, Contact string }
		}
		Contents struct {
			Edges []struct {
				Node struct{ Title, Status, ContentWarning string }
			}
			PageInfo struct {
				HasNextPage bool
				EndCursor   *string
			}
		}
		Creators      []struct{ Handle string }
		Organizations []struct{ Slug string }
	}
}

func (o searchOut) titles() []string {
	out := []string{}
	for _, e := range o.Search.Contents.Edges {
		out = append(out, e.Node.Title)
	}
	return out
}

// piece is a content fixture; zero fields take sensible defaults.
type piece struct {
	title, summary string
	hashtags       []string
	status         content.Status
	sensitive      bool
	age            time.Duration // how long ago it was published
}

func addContent(t *testing.T, h *apptest.Hub, ps ...piece) {
	t.Helper()
	for _, p := range ps {
		if p.summary == "" {
			p.summary = "A short guide."
		}
		if p.status == "" {
			p.status = content.StatusLIVE
		}
		c := h.Content(p.title).Kind(enum.KindVideo).Summary(p.summary).Tags(p.hashtags...).Status(p.status).
			Age(int(p.age / time.Minute))
		if p.sensitive {
			c.Sensitive()
		}
		c.Create()
	}
}

func run(t *testing.T, h *apptest.Hub, token, q string, vars map[string]any) searchOut {
	t.Helper()
	if vars == nil {
		vars = map[string]any{}
	}
	vars["q"] = q
	var out searchOut
	h.Query(token, searchOp, vars, &out)
	return out
}

func TestSearchFindsLiveContentByTitleSummaryAndHashtag(t *testing.T) {
	h := apptest.New(t)
	addContent(t, h,
		piece{title: "Coping with exam stress", summary: "Breathing exercises before a test.", age: time.Hour},
		piece{title: "Sleep and mood", summary: "Why grounding routines help at night.", age: 2 * time.Hour},
		piece{title: "Talking to your teen", hashtags: []string{"#BackToSchool", "#MentalHealthAwareness"}, age: 3 * time.Hour},
		piece{title: "Coping skills, retired", summary: "Grounding exercises.", status: content.StatusUNPUBLISHED},
		piece{title: "Coping myths", summary: "Grounding misinformation.", hashtags: []string{"#BackToSchool"}, status: content.StatusREMOVED},
	)
	moderator := h.Token("mod", "moderator") // staff see every status elsewhere, but search is live only

	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"coping", []string{"Coping with exam stress"}},                  // title
		{"COPING", []string{"Coping with exam stress"}},                  // any case
		{"grounding", []string{"Sleep and mood"}},                        // summary
		{"backtoschool", []string{"Talking to your teen"}},               // hashtag
		{"#BackToSchool", []string{"Talking to your teen"}},              // hashtag as written
		{"  coping   breathing ", []string{"Coping with exam stress"}},   // title and summary together
		{"mentalhealthawareness teen", []string{"Talking to your teen"}}, // hashtag and title together
		{"coping giraffe", []string{}},                                   // every word must match
		{"retired", []string{}},                                          // unpublished
		{"myths", []string{}},                                            // removed
		{"???", []string{}},                                              // nothing to look for
	} {
		for _, token := range []string{"", moderator} {
			if got := run(t, h, token, tc.query, nil).titles(); !slices.Equal(got, tc.want) {
				t.Errorf("search %q: got %q, want %q", tc.query, got, tc.want)
			}
		}
	}
}

func TestSearchLeadsWithCrisisSupportForRiskyQueries(t *testing.T) {
	h := apptest.New(t)
	addResources(t, h, usText, usLifeline, ukCall, anywhere)
	addContent(t, h,
		piece{title: "Suicide prevention: how to help a friend", summary: "Warning signs and what to say.",
			sensitive: true, age: time.Hour},
		piece{title: "Anxiety tips for busy days", summary: "Small habits that help."},
	)

	for _, q := range []string{"i want to kms", "how to unalive myself", "su1c1de", "suicide prevention"} {
		out := run(t, h, "", q, nil)
		cs := out.Search.CrisisSupport
		if cs == nil {
			t.Fatalf("search %q: no crisis support", q)
		}
		if cs.Message != crisis.Message(crisis.Detect(q).Category) {
			t.Errorf("search %q: message %q", q, cs.Message)
		}
		if len(cs.Resources) != 3 || cs.Resources[0].Contact != "Call 988" || cs.Resources[2].Name != anywhere.name {
			t.Errorf("search %q: resources %+v, want the US's, 988 first", q, cs.Resources)
		}
	}

	// Risky queries still find content, and sensitive content keeps its warning.
	out := run(t, h, "", "suicide prevention", nil)
	if got := out.Search.Contents.Edges; len(got) != 1 || got[0].Node.ContentWarning != "SENSITIVE" {
		t.Fatalf("risky search contents = %+v, want the prevention guide with its warning", got)
	}

	out = run(t, h, "", "i want to kms", map[string]any{"region": "gb"})
	if cs := out.Search.CrisisSupport; cs == nil || len(cs.Resources) != 2 || cs.Resources[0].Name != ukCall.name {
		t.Fatalf("risky search in GB: %+v", out.Search.CrisisSupport)
	}

	out = run(t, h, "", "anxiety tips", nil)
	if out.Search.CrisisSupport != nil {
		t.Fatalf("anxiety tips: crisis support %+v", out.Search.CrisisSupport)
	}
	if got := out.titles(); !slices.Equal(got, []string{"Anxiety tips for busy days"}) {
		t.Fatalf("anxiety tips: %q", got)
	}
}

func TestSearchContentsPaginateNewestFirst(t *testing.T) {
	h := apptest.New(t)
	var want []string
	for i := range 7 {
		title := "Journaling prompt " + string(rune('A'+i))
		addContent(t, h, piece{title: title, hashtags: []string{"#Journaling"}, age: time.Duration(i) * time.Hour})
		want = append(want, title)
	}
	addContent(t, h, piece{title: "Unrelated", age: 30 * time.Minute})

	got, pages := pageThrough(t, h, "journaling", 3, 6)
	if pages != 3 || !slices.Equal(got, want) {
		t.Fatalf("%d pages: %q, want %q", pages, got, want)
	}

	for _, first := range []int{-1, 101} {
		res := h.Fail("BAD_USER_INPUT", "", searchOp, map[string]any{"q": "journaling", "first": first})
		if res.Errors[0].Extensions.Field != "first" {
			t.Errorf("first %d: field %q", first, res.Errors[0].Extensions.Field)
		}
	}
}

func TestSearchFindsCreatorsAndOrganizations(t *testing.T) {
	h := apptest.New(t)
	for _, c := range []struct{ handle, name string }{
		{"therapyjeff", "Jeff Guenther"},
		{"lindsay.fleminglpc", "Lindsay Fleming"},
		{"dr.kojosarfo", "Dr. Kojo Sarfo"},
	} {
		h.Creator(c.handle).Owner("creator-" + c.handle).Named(c.name).Create()
	}
	for _, o := range []struct{ slug, name string }{
		{"nami", "National Alliance on Mental Illness"},
		{"neda", "National Eating Disorders Association"},
		{"crisis-text-line", "Crisis Text Line"},
	} {
		h.Organization(o.slug).Named(o.name).Create()
	}
	for _, tc := range []struct {
		query          string
		creators, orgs []string
	}{
		{"jeff", []string{"therapyjeff"}, []string{}},
		{"@TherapyJeff", []string{"therapyjeff"}, []string{}},
		{"lpc", []string{"lindsay.fleminglpc"}, []string{}},
		{"dr.", []string{"dr.kojosarfo"}, []string{}},
		{"national", []string{}, []string{"nami", "neda"}},
		{"NATIONAL eating", []string{}, []string{"neda"}},
		{"text-line", []string{}, []string{"crisis-text-line"}},
		{"100%", []string{}, []string{}},
	} {
		out := run(t, h, "", tc.query, nil)
		var creators, orgs []string
		for _, c := range out.Search.Creators {
			creators = append(creators, c.Handle)
		}
		for _, o := range out.Search.Organizations {
			orgs = append(orgs, o.Slug)
		}
		if !slices.Equal(creators, tc.creators) && !(len(creators) == 0 && len(tc.creators) == 0) {
			t.Errorf("search %q: creators %q, want %q", tc.query, creators, tc.creators)
		}
		if !slices.Equal(orgs, tc.orgs) && !(len(orgs) == 0 && len(tc.orgs) == 0) {
			t.Errorf("search %q: organizations %q, want %q", tc.query, orgs, tc.orgs)
		}
	}
}

func TestSearchRefusesBadInput(t *testing.T) {
	h := apptest.New(t)
	for _, tc := range []struct {
		field string
		vars  map[string]any
	}{
		{"query", map[string]any{"q": ""}},
		{"query", map[string]any{"q": "   "}},
		{"query", map[string]any{"q": strings.Repeat("a", 201)}},
		{"region", map[string]any{"q": "anxiety", "region": "United States"}},
	} {
		res := h.Fail("BAD_USER_INPUT", "", searchOp, tc.vars)
		if res.Errors[0].Extensions.Field != tc.field {
			t.Errorf("%v: field %q", tc.vars, res.Errors[0].Extensions.Field)
		}
	}
	run(t, h, "", " "+strings.Repeat("a", 200)+" ", nil) // 200 characters after trimming is fine
}

// TestRiskySearchShowsReviewedSupport: a risky query whose words match nothing still shows the
// clinically reviewed, live content on the topics that support it — and nothing unreviewed,
// unrelated or not live.
func TestRiskySearchShowsReviewedSupport(t *testing.T) {
	h := apptest.New(t)
	prevention := h.Topic("suicide-prevention").Sensitive().Create()
	eating := h.Topic("eating-disorders").Sensitive().Create()
	add := func(title string, reviewed bool, status content.Status, tp *ent.Topic) {
		t.Helper()
		c := h.Content(title).Summary("s").Status(status).Sensitive().Topics(tp).Age(0)
		if reviewed {
			c.Reviewed()
		}
		c.Create()
	}
	add("Reaching out when it feels too heavy", true, content.StatusLIVE, prevention)
	add("Unreviewed draft-like piece", false, content.StatusLIVE, prevention)
	add("Removed piece", true, content.StatusREMOVED, prevention)
	add("Recovery from an eating disorder", true, content.StatusLIVE, eating)

	out := run(t, h, "", "i want to kms", nil)
	if got := out.titles(); !slices.Equal(got, []string{"Reaching out when it feels too heavy"}) {
		t.Fatalf("risky search shows %q, want only the reviewed prevention piece", got)
	}
	if out.Search.Contents.Edges[0].Node.ContentWarning != "SENSITIVE" {
		t.Fatal("the support piece lost its content warning")
	}
	out = run(t, h, "", "pro ana tips", nil)
	if got := out.titles(); !slices.Equal(got, []string{"Recovery from an eating disorder"}) {
		t.Fatalf("eating-disorder risk shows %q", got)
	}
	if got := run(t, h, "", "heavy", nil).titles(); !slices.Equal(got, []string{"Reaching out when it feels too heavy"}) {
		t.Fatalf("a plain search matches by words only: %q", got)
	}
}

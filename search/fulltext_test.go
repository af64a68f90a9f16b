package search_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/pressly/goose/v3"

	"haven/apptest"
	"haven/ent"
	"haven/ent/content"
	"haven/migration"
	"haven/search"
)

// addIn adds a live article in language, published age ago.
func addIn(t *testing.T, h *apptest.Hub, language, title, summary string, hashtags []string, age time.Duration) int {
	t.Helper()
	return h.Content(title).Language(language).Summary(summary).Tags(hashtags...).Age(int(age / time.Minute)).Create().ID
}

// pageThrough runs search q page by page, size results a page, and returns every title in order
// and how many pages it took; the test fails when the pages do not end within limit.
func pageThrough(t *testing.T, h *apptest.Hub, q string, size, limit int) ([]string, int) {
	t.Helper()
	var got []string
	var after any
	for pages := 1; ; pages++ {
		if pages > limit {
			t.Fatalf("search %q, first %d: pagination does not end", q, size)
		}
		out := run(t, h, "", q, map[string]any{"first": size, "after": after})
		got = append(got, out.titles()...)
		if !out.Search.Contents.PageInfo.HasNextPage {
			return got, pages
		}
		after = *out.Search.Contents.PageInfo.EndCursor
	}
}

// Content whose headline (title or hashtags) holds the words comes before content that mentions
// them only in its summary, however new; within each, newest first. Paging by cursor crosses from
// one tier to the next without losing or repeating a row.
func TestSearchRanksByRelevanceThenRecency(t *testing.T) {
	h := apptest.New(t)
	addIn(t, h, "en", "Evening routines", "Better sleep starts here.", nil, time.Hour)
	addIn(t, h, "en", "Sleep and anxiety", "Why they feed each other.", nil, 2*time.Hour)
	addIn(t, h, "en", "Wind down", "A ten-minute routine.", []string{"#Sleep"}, 3*time.Hour)
	addIn(t, h, "en", "Sleep hygiene basics", "Light, caffeine and screens.", nil, 5*time.Hour)
	addIn(t, h, "en", "Unrelated", "Nothing to see.", nil, 30*time.Minute)
	want := []string{"Sleep and anxiety", "Wind down", "Sleep hygiene basics", "Evening routines"}

	if got := run(t, h, "", "sleep", nil).titles(); !slices.Equal(got, want) {
		t.Fatalf("search sleep: %q, want %q", got, want)
	}
	for _, size := range []int{1, 2, 3} {
		if got, _ := pageThrough(t, h, "sleep", size, len(want)+1); !slices.Equal(got, want) {
			t.Errorf("first %d, page by page: %q, want %q", size, got, want)
		}
	}
	// Every word must match, in any field; here neither piece has both in its headline.
	if got := run(t, h, "", "sleep routine", nil).titles(); !slices.Equal(got, []string{"Evening routines", "Wind down"}) {
		t.Errorf("search sleep routine: %q", got)
	}
}

// Words are stemmed in the content's language (english, spanish, french), on SQLite as on
// PostgreSQL, and the last word is a prefix, for type-ahead.
func TestSearchStemsAndMatchesPrefixes(t *testing.T) {
	h := apptest.New(t)
	addIn(t, h, "en", "Five tips for better sleep", "Small changes.", nil, time.Hour)
	addIn(t, h, "en", "Running through grief", "Movement and loss.", nil, 2*time.Hour)
	addIn(t, h, "en", "Mindfulness for beginners", "Start with one breath.", nil, 3*time.Hour)
	addIn(t, h, "es", "Cómo dormimos mejor", "Rutinas de noche.", nil, 4*time.Hour)
	addIn(t, h, "fr", "Des enfants anxieux", "Un atelier.", nil, 5*time.Hour)
	addIn(t, h, "es-MX", "Vivir con ansiedad", "Consejos prácticos.", nil, 6*time.Hour)
	addIn(t, h, "fr", "Conseils pour le sommeil", "Petits pas.", nil, 7*time.Hour)
	cases := []struct{ query, want string }{
		{"tip", "Five tips for better sleep"},    // "tip" finds "tips"
		{"runs", "Running through grief"},        // both stem to "run"
		{"mindful", "Mindfulness for beginners"}, // type-ahead: a word not finished yet
		// The prefix of a word whose stem is shorter ("mindfulness" stems to "mind"): words are
		// indexed as written too.
		{"beginner mindf", "Mindfulness for beginners"},
		{"dormir", "Cómo dormimos mejor"},    // Spanish: both stem to "dorm"
		{"ansiedades", "Vivir con ansiedad"}, // Spanish plural, region-tagged content
		{"consejo práctico", "Vivir con ansiedad"},
		{"anxieuse", "Des enfants anxieux"},     // French: both stem to "anxieux"
		{"conseil", "Conseils pour le sommeil"}, // French plural
		{"sommeils", "Conseils pour le sommeil"},
	}
	for _, tc := range cases {
		if got := run(t, h, "", tc.query, nil).titles(); !slices.Equal(got, []string{tc.want}) {
			t.Errorf("search %q: %q, want %q", tc.query, got, tc.want)
		}
	}
	// Only the last word is a prefix: "gri" is not "grief".
	if got := run(t, h, "", "gri tips", nil).titles(); len(got) != 0 {
		t.Errorf("search %q: %q, want nothing (only the last word is a prefix)", "gri tips", got)
	}
}

// Accents are folded on both databases, in both directions: a word typed without its accents
// finds the word written with them and the other way round, and words are still stemmed in their
// language first ("educaciones" and "educación" share a stem that folding "educación" first would
// lose).
func TestSearchFoldsAccents(t *testing.T) {
	h := apptest.New(t)
	addIn(t, h, "en", "Meet us at the café", "A place to talk.", nil, time.Hour)
	addIn(t, h, "en", "Cafe conversations", "Talking helps.", nil, 2*time.Hour)
	addIn(t, h, "fr", "Réfléchir à l'anxiété", "Un atelier.", nil, 3*time.Hour)
	addIn(t, h, "es", "Educación emocional", "Para familias.", nil, 4*time.Hour)
	addIn(t, h, "es", "Vivir con ansiedad", "Consejos prácticos.", nil, 5*time.Hour)
	addIn(t, h, "fr", "Vivre avec l'anxiete", "Sans accents.", nil, 6*time.Hour)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"cafe", []string{"Meet us at the café", "Cafe conversations"}},
		{"café", []string{"Meet us at the café", "Cafe conversations"}},
		{"CAFÉ", []string{"Meet us at the café", "Cafe conversations"}},
		{"anxiete", []string{"Réfléchir à l'anxiété", "Vivre avec l'anxiete"}},
		{"anxiété", []string{"Réfléchir à l'anxiété", "Vivre avec l'anxiete"}},
		{"anxiétés", []string{"Réfléchir à l'anxiété", "Vivre avec l'anxiete"}}, // stemmed, then folded
		{"reflechis", []string{"Réfléchir à l'anxiété"}},                        // a stem without its accents
		{"refl", []string{"Réfléchir à l'anxiété"}},                             // type-ahead without accents
		{"educacion", []string{"Educación emocional"}},
		{"educaciones", []string{"Educación emocional"}}, // the Spanish stem "educ"
		{"educacion emoc", []string{"Educación emocional"}},
		{"ansiedades", []string{"Vivir con ansiedad"}}, // stemming as before
		{"prácticos", []string{"Vivir con ansiedad"}},
		{"practico", []string{"Vivir con ansiedad"}},
	} {
		if got := run(t, h, "", tc.query, nil).titles(); !slices.Equal(got, tc.want) {
			t.Errorf("search %q: %q, want %q", tc.query, got, tc.want)
		}
	}
}

// On SQLite, search walks the newest rows matching each one's text in Go (haven_search_match)
// and reads rarer words from the FTS5 table: both must find the same rows for every query, or a
// word's results would change with how common it is.
func TestSearchWalkMatchesAsTheTextIndex(t *testing.T) {
	h := apptest.New(t)
	if h.DB.Dialect != dialect.SQLite {
		t.Skip("the walk's matcher is SQLite's")
	}
	addIn(t, h, "en", "Meet us at the café", "Five tips; a place to talk.", []string{"#MentalHealth"}, time.Hour)
	addIn(t, h, "fr", "Réfléchir à l'anxiété", "Des conseils pour les enfants anxieux.", nil, 2*time.Hour)
	addIn(t, h, "es-MX", "Educación emocional", "Consejos prácticos: cómo dormimos mejor.", []string{"#Ansiedad"}, 3*time.Hour)
	addIn(t, h, "en", "Self-care for covid-19 burnout", "It's OK: 50% of us feel it. Mindfulness helps.", []string{"#self_care"}, 4*time.Hour)
	addIn(t, h, "de", "Schlaf und Ängste", "Übungen für Kinder.", nil, 5*time.Hour)
	addIn(t, h, "en", "Running through grief", "Movement, loss and coping; running clubs.", nil, 6*time.Hour)
	svc := &search.Service{Client: h.Client(), Clock: h.Clock, Dialect: h.DB.Dialect}
	ctx := h.System()
	matched := 0
	for _, q := range []string{
		"cafe", "café", "tip", "tips", "mentalhealth", "mental", "anxiete", "anxiétés", "reflechis", "refl",
		"anxieuse", "conseil", "educaciones", "educacion emoc", "consejo práctico", "dormir", "ansiedad",
		"self-care", "self care", "self", "covid-19", "covid", "19", "it's", "50", "mindf", "beginner mindf",
		"angste", "ängste", "ubung", "kinder", "runs", "running grief", "gri tips", "coping", "cope", "loss mov",
		"the", "a", "s", "self_care", "zzz",
	} {
		for _, headline := range []bool{false, true} {
			index, err := svc.MatchedIDs(ctx, q, headline, search.ByIndex)
			if err != nil {
				t.Fatal(err)
			}
			walk, err := svc.MatchedIDs(ctx, q, headline, search.ByWalk)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(walk, index) {
				t.Errorf("search %q (headline only: %v): the walk matches %v, the text index %v", q, headline, walk, index)
			}
			expanded, err := svc.MatchedIDs(ctx, q, headline, search.ByExpansion)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(expanded, index) {
				t.Errorf("search %q (headline only: %v): the expanded prefix matches %v, the text index %v", q, headline, expanded, index)
			}
			if len(index) > 0 {
				matched++
			}
		}
	}
	if matched < 40 {
		t.Errorf("only %d of the queries match anything: the comparison says little", matched)
	}
}

// The operators of the text-search syntaxes (FTS5's quotes, AND/OR/NEAR, *, column filters;
// tsquery's & | ! : and quotes) are plain characters in a query: no query is an error and none
// widens the match.
func TestSearchQuerySyntaxIsLiteral(t *testing.T) {
	h := apptest.New(t)
	addIn(t, h, "en", "Anxiety and sleep", "Notes.", nil, time.Hour)
	addIn(t, h, "en", "A self_care checklist", "Notes.", nil, 2*time.Hour)
	addIn(t, h, "en", "A selfXcare checklist", "Notes.", nil, 3*time.Hour)
	addIn(t, h, "en", "Save 50% on therapy", "Notes.", nil, 4*time.Hour)
	addIn(t, h, "en", "Save 500 on therapy", "Notes.", nil, 5*time.Hour)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{`"anxiety"`, []string{"Anxiety and sleep"}},
		{`anxiety*`, []string{"Anxiety and sleep"}},
		{`anxiety AND sleep`, []string{"Anxiety and sleep"}},
		{`NEAR(anxiety sleep)`, []string{}},
		{`document:anxiety`, []string{}},
		{`headline : anxiety`, []string{}},
		{`anxiety & !sleep`, []string{"Anxiety and sleep"}},
		{`anxiety | checklist`, []string{}},
		{`it's`, []string{}},
		{`back\slash 'quote' "dq`, []string{}},
		{`self_care`, []string{"A self_care checklist"}},
		{`5%`, []string{"Save 50% on therapy", "Save 500 on therapy"}}, // a trailing "%" is punctuation
	} {
		if got := run(t, h, "", tc.query, nil).titles(); !slices.Equal(got, tc.want) {
			t.Errorf("search %q: %q, want %q", tc.query, got, tc.want)
		}
	}
}

// The index follows every change of a row: an edited title is found by its new words and not by
// its old ones, and an unpublished piece is not found at all.
func TestSearchIndexFollowsUpdates(t *testing.T) {
	h := apptest.New(t)
	id := addIn(t, h, "en", "Journaling for calm", "Prompts.", nil, time.Hour)
	if got := run(t, h, "", "journaling", nil).titles(); len(got) != 1 {
		t.Fatalf("before the edit: %q", got)
	}
	h.Client().Content.UpdateOneID(id).SetTitle("Breathing for calm").SetHashtags([]string{"#Breathwork"}).
		ExecX(h.System())
	if got := run(t, h, "", "journaling", nil).titles(); len(got) != 0 {
		t.Errorf("the old title still matches: %q", got)
	}
	for _, q := range []string{"breathing", "breathwork"} {
		if got := run(t, h, "", q, nil).titles(); !slices.Equal(got, []string{"Breathing for calm"}) {
			t.Errorf("search %q after the edit: %q", q, got)
		}
	}
	// A change of language stems the row in its new language.
	es := addIn(t, h, "en", "Dormimos poco", "Notas.", nil, 2*time.Hour)
	if got := run(t, h, "", "dormir", nil).titles(); len(got) != 0 {
		t.Errorf("English content is stemmed as Spanish: %q", got)
	}
	h.Client().Content.UpdateOneID(es).SetLanguage("es").ExecX(h.System())
	if got := run(t, h, "", "dormir", nil).titles(); !slices.Equal(got, []string{"Dormimos poco"}) {
		t.Errorf("after the change to Spanish: %q", got)
	}
	h.Client().Content.UpdateOneID(id).SetStatus(content.StatusUNPUBLISHED).ExecX(h.System())
	if got := run(t, h, "", "breathing", nil).titles(); len(got) != 0 {
		t.Errorf("an unpublished piece is found: %q", got)
	}
	h.Client().Content.DeleteOneID(id).ExecX(h.System())
	if got := run(t, h, "", "breathing", nil).titles(); len(got) != 0 {
		t.Errorf("a deleted piece is found: %q", got)
	}
}

// A database whose contents predate the text index gets them indexed when the migrations that
// build it run: the SQLite FTS5 table is filled from the existing rows (with their stems), the
// PostgreSQL columns computed for them. textIndexVersions are those migrations
// (migration/*/…_contents_fulltext_by_language.sql, on SQLite …_contents_fts_stemmed.sql and
// …_contents_fts_by_recency.sql, and on
// PostgreSQL …_contents_search_unaccent.sql).
var textIndexVersions = map[string][]int64{
	dialect.Postgres: {20261201223000, 20261202030000},
	dialect.SQLite:   {20261201223000, 20261202001000, 20261202100000},
}

func TestSearchIndexCoversRowsFromBeforeIt(t *testing.T) {
	h := apptest.New(t)
	addIn(t, h, "en", "Grounding for panic", "Five senses.", nil, time.Hour)
	drop := []string{`DROP TRIGGER contents_fts_insert`, `DROP TRIGGER contents_fts_update`,
		`DROP TRIGGER contents_fts_delete`, `DROP TABLE contents_fts`}
	if apptest.Postgres() {
		drop = []string{`ALTER TABLE contents DROP COLUMN search_headline, DROP COLUMN search_document`}
	}
	for _, stmt := range drop {
		if _, err := h.DB.SQL.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	addIn(t, h, "en", "Grounding at night", "Before the index.", nil, 2*time.Hour)
	// Apply those same files again, to rows that exist already.
	fsys, err := migration.Files(h.DB.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	gd := goose.DialectSQLite3
	if h.DB.Dialect == dialect.Postgres {
		gd = goose.DialectPostgres
	}
	p, err := goose.NewProvider(gd, h.DB.SQL, fsys, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range textIndexVersions[h.DB.Dialect] {
		if _, err := h.DB.SQL.Exec(`DELETE FROM ` + migration.VersionTable + ` WHERE version_id = ` + strconv.FormatInt(v, 10)); err != nil {
			t.Fatal(err)
		}
		if _, err := p.ApplyVersion(context.Background(), v, true); err != nil {
			t.Fatalf("apply %d: %v", v, err)
		}
	}
	want := []string{"Grounding for panic", "Grounding at night"}
	if got := run(t, h, "", "grounding", nil).titles(); !slices.Equal(got, want) {
		t.Fatalf("after migrating: %q, want %q", got, want)
	}
	addIn(t, h, "en", "Grounding, again", "After.", nil, 3*time.Hour)
	if got := run(t, h, "", "grounding", nil).titles(); len(got) != 3 {
		t.Fatalf("a row added after migrating: %q", got)
	}
}

// A type-ahead prefix that stands for more terms than search expands (SQLite walks the newest
// rows for it instead) and one that stands for a few both page through every match, newest first,
// each once.
func TestSearchPrefixOfManyTermsPagesThroughAll(t *testing.T) {
	h := apptest.New(t)
	var want, wantFew []string
	for i := range 140 {
		word := "zq" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		title := "Notes " + word
		addIn(t, h, "en", title, "Summary.", nil, time.Duration(i+1)*time.Minute)
		want = append(want, title)
		if strings.HasPrefix(word, "zqa") {
			wantFew = append(wantFew, title)
		}
	}
	addIn(t, h, "en", "Unrelated", "Nothing.", nil, time.Second)
	for _, tc := range []struct {
		q    string
		want []string
	}{{"zq", want}, {"ZQA", wantFew}, {"notes zq", want}} {
		if got, _ := pageThrough(t, h, tc.q, 30, 11); !slices.Equal(got, tc.want) {
			t.Errorf("search %q: %d results %q, want %d", tc.q, len(got), got, len(tc.want))
		}
	}
}

// A query that signals risk lists its clinically reviewed support content first, then the other
// content its words match, page by page, with no support piece listed twice and none of the rest
// lost, however the support pieces sit among the newest matches.
func TestRiskySearchPagesPastItsSupport(t *testing.T) {
	h := apptest.New(t)
	prevention := h.Topic("suicide-prevention").Sensitive().Create()
	var support, rest []string
	for i := range 9 {
		title := "Part " + strconv.Itoa(i)
		c := h.Content(title).Summary("When I want to say kms out loud").Age(i + 1)
		if i%3 == 0 {
			c.Sensitive().Topics(prevention).Reviewed()
			support = append(support, title)
		} else {
			rest = append(rest, title)
		}
		c.Create()
	}
	want := append(slices.Clone(support), rest...)
	for _, size := range []int{1, 2, 4} {
		if got, _ := pageThrough(t, h, "i want to kms", size, len(want)+1); !slices.Equal(got, want) {
			t.Errorf("first %d: %q, want %q", size, got, want)
		}
	}
}

// On SQLite a search reads no more of the text index than its page: no statement asks FTS5 for a
// prefix (which gathers every row of every term with it first), and in every statement that
// reads the index, FTS5 itself delivers the rows newest first (no sort of the matches).
func TestSQLiteSearchReadsOnlyItsPage(t *testing.T) {
	h := apptest.New(t)
	if h.DB.Dialect != dialect.SQLite {
		t.Skip("SQLite's text index")
	}
	for i := range 30 {
		addIn(t, h, "en", "Coping tips "+strconv.Itoa(i), "Stress and anxiety tips.", []string{"#MentalHealth"}, time.Duration(i+1)*time.Minute)
	}
	rec := &recorder{Driver: entsql.OpenDB(h.DB.Dialect, h.DB.SQL)}
	svc := &search.Service{Client: ent.NewClient(ent.Driver(rec)), Clock: h.Clock, Dialect: h.DB.Dialect}
	ctx := h.System()
	for _, q := range []string{"tips", "tip", "anx", "coping stress", "mentalhealth", "stress"} {
		res, err := svc.Search(ctx, q, nil)
		if err != nil {
			t.Fatal(err)
		}
		conn, err := svc.ContentPage(ctx, res, nil, 10)
		if err != nil || len(conn.Edges) != 10 {
			t.Fatalf("search %q: %v, %d results", q, err, len(conn.Edges))
		}
		reads := 0
		for _, st := range rec.take() {
			if !strings.Contains(st.query, "contents_fts") && !strings.Contains(st.query, "IN (?") {
				continue
			}
			reads++
			for _, a := range st.args {
				if s, ok := a.(string); ok && strings.Contains(s, `" *`) {
					t.Errorf("search %q asks FTS5 for a prefix: %q", q, s)
				}
			}
			plan := strings.Split(apptest.SQLitePlan(t, h.DB.SQL, st.query, st.args...), "\n")
			for _, line := range plan {
				if strings.Contains(st.query, "contents_fts") && (strings.HasPrefix(line, "SCAN contents") && !strings.HasPrefix(line, "SCAN contents_fts") ||
					strings.Contains(line, "content_status")) {
					t.Errorf("search %q walks contents rather than looking its page up by ID:\n%s\n%s", q, st.query, strings.Join(plan, "\n"))
				}
				if strings.Contains(line, "TEMP B-TREE") && !strings.Contains(line, "DISTINCT") && !strings.Contains(line, "RIGHT PART OF ORDER BY") {
					t.Errorf("search %q sorts its matches:\n%s\n%s", q, st.query, strings.Join(plan, "\n"))
				}
			}
		}
		if reads == 0 {
			t.Errorf("search %q: no statement read the text index", q)
		}
	}
}

package stem

import (
	"database/sql"
	"encoding/json"
	"slices"
	"testing"
	"time"
)

func TestDocumentAddsStemsInTheRowsLanguage(t *testing.T) {
	for _, tc := range []struct{ lang, text, want string }{
		{"en", "Five tips for better sleep", "Five tips for better sleep tip"},
		{"en-GB", "Running, runs", "Running, runs run"},
		{"es", "Cómo dormimos mejor", "Cómo dormimos mejor com dorm"},
		{"fr", "Des enfants anxieux", "Des enfants anxieux de enfant"},
		{"de", "Schlafen lernen", "Schlafen lernen"}, // not stemmed: as written only
		{"", "Anything", "Anything"},
		{"en", "50% off, 2024", "50% off, 2024"}, // numbers are not stemmed
	} {
		if got := Document(tc.lang, tc.text); got != tc.want {
			t.Errorf("Document(%q, %q) = %q, want %q", tc.lang, tc.text, got, tc.want)
		}
	}
}

// A query's word and a document's word with the same stem meet: the query's word is stemmed in
// every language, the document's in its own.
func TestQueryMeetsDocumentStems(t *testing.T) {
	for _, tc := range []struct{ query, lang, doc string }{
		{"tip", "en", "Five tips"},
		{"runs", "en", "Running through grief"},
		{"dormir", "es", "Cómo dormimos mejor"},
		{"ansiedades", "es", "El estrés y la ansiedad"},
		{"consejo", "es", "Consejos prácticos"},
		{"anxieuse", "fr", "Des enfants anxieux"},
		{"conseil", "fr", "Conseils pratiques"},
	} {
		indexed := Words(Document(tc.lang, tc.doc))
		found := false
		for _, s := range append(Query(tc.query), tc.query) {
			found = found || slices.Contains(indexed, s)
		}
		if !found {
			t.Errorf("query %q (stems %q) does not meet %q in %s (indexed %q)", tc.query, Query(tc.query), tc.doc, tc.lang, indexed)
		}
	}
	if got := Query("5"); got != nil {
		t.Errorf("Query(5) = %q, want nothing", got)
	}
	if got := Query("self_care"); got != nil {
		t.Errorf("Query(self_care) = %q, want nothing (matched as written)", got)
	}
}

// The SQL function the FTS5 triggers call is registered with the embedded SQLite driver.
func TestSQLiteFunction(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var got string
	if err := db.QueryRow(`SELECT ` + SQLFunction + `('es', 'Cómo dormimos')`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := Document("es", "Cómo dormimos"); got != want {
		t.Errorf("SQL %s = %q, want %q", SQLFunction, got, want)
	}
	var null sql.NullString
	if err := db.QueryRow(`SELECT ` + SQLFunction + `('en', NULL)`).Scan(&null); err != nil || null.Valid {
		t.Errorf("NULL text: %v, %v", null, err)
	}
}

// The recency key SQLite's triggers compute from a stored row is the key search computes from a
// cursor's time and ID, whatever the time's zone and fraction, and keys order by second, then ID.
func TestRecencyKeyOfAStoredTime(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE rows (id integer PRIMARY KEY, at datetime NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	paris := time.FixedZone("CET", 3600)
	times := []time.Time{
		time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC),
		time.Date(2026, 5, 4, 8, 0, 0, 999_999_999, time.UTC),
		time.Date(2026, 5, 4, 9, 0, 0, 123_456_789, paris),
		time.Date(2019, 12, 31, 23, 59, 59, 0, time.UTC), // before the epoch of keys
		time.Now(), // with a monotonic reading
	}
	for i, at := range times {
		id := int64(17179869184 + i + 1)
		if _, err := db.Exec(`INSERT INTO rows (id, at) VALUES (?, ?)`, id, at); err != nil {
			t.Fatal(err)
		}
		var got int64
		if err := db.QueryRow(`SELECT `+KeyFunction+`(at, id) FROM rows WHERE id = ?`, id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if want := RecencyKey(at, id); got != want {
			t.Errorf("stored %v: the trigger's key %d, search's %d", at, got, want)
		}
	}
	at := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		a, b   time.Time
		ai, bi int64
	}{
		{at, at.Add(time.Second), 17179869190, 17179869185},          // a later second wins over a higher ID
		{at, at.Add(time.Millisecond), 17179869185, 17179869186},     // within a second, the higher ID
		{at.AddDate(-7, 0, 0), at, 17179869185 + 1<<31, 17179869185}, // before 2020, and a large ID
	} {
		if RecencyKey(tc.a, tc.ai) >= RecencyKey(tc.b, tc.bi) {
			t.Errorf("key(%v, %d) >= key(%v, %d)", tc.a, tc.ai, tc.b, tc.bi)
		}
	}
}

// A row's indexed text holds its document's tokens as written and stemmed, then its headline's
// behind the marker, and Tokens lists them once each, folded as FTS5 folds them.
func TestIndexMarksTheHeadline(t *testing.T) {
	text := Index("en", "Five tips", "Sleep better. Café")
	tokens := Tokens(text)
	for _, want := range []string{"five", "tips", "tip", "sleep", "better", "cafe", HeadlineMarker + "five", HeadlineMarker + "tips", HeadlineMarker + "tip"} {
		if !slices.Contains(tokens, want) {
			t.Errorf("tokens of %q lack %q: %q", text, want, tokens)
		}
	}
	for _, not := range []string{HeadlineMarker + "sleep", HeadlineMarker + "cafe"} {
		if slices.Contains(tokens, not) {
			t.Errorf("a word of the summary is marked as headline: %q", not)
		}
	}
	seen := map[string]bool{}
	for _, tok := range tokens {
		if seen[tok] {
			t.Errorf("token %q listed twice", tok)
		}
		seen[tok] = true
	}
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var index, terms string
	if err := db.QueryRow(`SELECT `+IndexFunction+`('en', 'Five tips', 'Sleep better. Café'), `+TermsFunction+`('en', 'Five tips', 'Sleep better. Café')`).
		Scan(&index, &terms); err != nil {
		t.Fatal(err)
	}
	if index != text {
		t.Errorf("SQL %s = %q, want %q", IndexFunction, index, text)
	}
	var fromSQL []string
	if err := json.Unmarshal([]byte(terms), &fromSQL); err != nil || !slices.Equal(fromSQL, tokens) {
		t.Errorf("SQL %s = %s (%v), want %q", TermsFunction, terms, err, tokens)
	}
}

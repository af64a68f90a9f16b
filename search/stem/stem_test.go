package stem

import (
	"database/sql"
	"slices"
	"testing"
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

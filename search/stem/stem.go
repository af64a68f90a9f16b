// Package stem reduces words to their stems in the languages whose content Haven's search stems
// (English, Spanish and French, with the Snowball algorithms that PostgreSQL's english, spanish
// and french text search configurations use too), so that "tip" finds "tips", "dormir" finds
// "dormimos" and "anxieuse" finds "anxieux" on SQLite as on PostgreSQL.
//
// SQLite's FTS5 has no Spanish or French stemmer (its porter tokenizer is English only), so the
// text it indexes is prepared here: Document returns a row's text followed by the stems of its
// words in the row's language, and Query the stems of a query's word in every language. Loading
// this package registers Document with the embedded SQLite driver as the SQL function
//
//	haven_search_text(language, text)
//
// which the first triggers that kept the FTS5 table in step called (migrations replay them on a
// new database); today's triggers call haven_search_index and its companions (index.go), built
// on Document, so every insert and update is indexed with its stems however it is written.
package stem

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/spanish"
	"modernc.org/sqlite"
)

// SQLFunction is the name of Document in SQLite.
const SQLFunction = "haven_search_text"

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(SQLFunction, 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		lang, _ := args[0].(string)
		var text string
		switch v := args[1].(type) {
		case nil:
			return nil, nil
		case string:
			text = v
		case []byte:
			text = string(v)
		default:
			return nil, fmt.Errorf("%s: text of type %T", SQLFunction, v)
		}
		return Document(lang, text), nil
	})
}

// stemmer stems one lower-cased word.
type stemmer func(word string, stemStopWords bool) string

// stemmers are the stemmers by language code, the codes content is tagged with ("en", "es-MX").
var stemmers = map[string]stemmer{"en": english.Stem, "es": spanish.Stem, "fr": french.Stem}

// Languages are the codes of the languages that are stemmed.
var Languages = []string{"en", "es", "fr"}

// For returns the stemmer of a language code ("es", "es-MX", "ES"), nil for a language that is
// not stemmed: its words are indexed as written only, like PostgreSQL's simple configuration.
func For(language string) func(word string) string {
	code, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(language)), "-")
	s := stemmers[code]
	if s == nil {
		return nil
	}
	// Stop words are stemmed too: with every word indexed as written as well, nothing is lost,
	// and a query of common words still finds its rows.
	return func(w string) string { return s(w, true) }
}

// Words splits text into lower-cased words as FTS5's unicode61 tokenizer does: runs of letters
// and digits, anything else separating them.
func Words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !isWordRune(r) })
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r)
}

// stemmable reports whether w is a word a stemmer may change: letters only.
func stemmable(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

// Document returns text as it is indexed for a row in language: the text itself, so that words
// match as written and as prefixes, then the stems of its words in the language that differ from
// the words, each once.
func Document(language, text string) string {
	stem := For(language)
	if stem == nil {
		return text
	}
	var b strings.Builder
	b.WriteString(text)
	seen := map[string]bool{}
	for _, w := range Words(text) {
		if !stemmable(w) {
			continue
		}
		s := stem(w)
		if s == w || s == "" || seen[s] {
			continue
		}
		seen[s] = true
		b.WriteByte(' ')
		b.WriteString(s)
	}
	return b.String()
}

// Query returns the stems of a query's word in every stemmed language, without the word itself
// and without repeats, for a word made of letters only; nil for anything else (a number, or
// several words joined by punctuation, which is matched as written).
func Query(word string) []string {
	w := strings.ToLower(word)
	if !stemmable(w) {
		return nil
	}
	var out []string
	for _, lang := range Languages {
		s := For(lang)(w)
		if s != w && s != "" && !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

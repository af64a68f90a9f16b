package stem

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"modernc.org/sqlite"
)

// What SQLite's text index holds for a row (migration/sqlite, …_contents_fts_by_recency.sql):
// one FTS5 column of tokens, the document's (title, hashtags and summary, as written and
// stemmed, Document) followed by the headline's (title and hashtags, as written and stemmed)
// each behind HeadlineMarker. So "the headline holds every word" is a query of marked tokens and
// "every word is somewhere but not all in the headline" one FTS5 expression, `doc NOT headline`,
// which FTS5 answers lazily, newest first, stopping at the page's last row. A column filter
// would not do: a term's doclist holds both columns, so a headline-only query of a word found in
// every summary would read the whole doclist to find no headline among it.
//
// Loading this package registers, beside haven_search_text:
//
//	haven_search_index(language, headline, summary)  the text the FTS5 table indexes
//	haven_search_terms(language, headline, summary)  the tokens it holds, as a JSON array
//
// The second fills the table of search terms that type-ahead prefixes are expanded from
// (search/fulltext.go): FTS5 answers a prefix query by gathering every row any term with the
// prefix is in before returning the first (tens of milliseconds for a word in most rows of a
// million), while an OR of the terms themselves it reads lazily.

// HeadlineMarker is the character before each headline token. It is a private-use character,
// which FTS5's unicode61 tokenizer keeps inside a token (and Words too), and no language writes.
const HeadlineMarker = "\ue000"

// IndexFunction, TermsFunction and KeyFunction are the SQL names of Index, Tokens (as JSON)
// and RecencyKey.
const (
	IndexFunction = "haven_search_index"
	TermsFunction = "haven_search_terms"
	KeyFunction   = "haven_search_key"
)

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(IndexFunction, 3, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		s, err := textArgs(IndexFunction, args)
		if err != nil {
			return nil, err
		}
		return Index(s[0], s[1], s[2]), nil
	})
	sqlite.MustRegisterDeterministicScalarFunction(TermsFunction, 3, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		s, err := textArgs(TermsFunction, args)
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(Tokens(Index(s[0], s[1], s[2])))
		if err != nil {
			return nil, err
		}
		return string(b), nil
	})
	sqlite.MustRegisterDeterministicScalarFunction(KeyFunction, 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		id, ok := args[1].(int64)
		if !ok {
			return nil, fmt.Errorf("%s: ID of type %T", KeyFunction, args[1])
		}
		var at time.Time
		switch v := args[0].(type) {
		case time.Time:
			at = v
		case string:
			at = parseStoredTime(v)
		case []byte:
			at = parseStoredTime(string(v))
		}
		return RecencyKey(at, id), nil
	})
}

// RecencyEpoch is the second recency keys count from (2020-01-01 UTC), so that a key's second
// fits in 31 bits until 2088.
const RecencyEpoch = 1577836800

// RecencyKey is the rowid of a live row in SQLite's text index (migration/sqlite,
// …_contents_fts_by_recency.sql): the second of its published_at since RecencyEpoch, then the
// low 32 bits of its ID (unique: each table's IDs are one 2^32 range). FTS5 walks rowids
// backwards lazily, so a search's page, newest first, stops at its last row.
func RecencyKey(publishedAt time.Time, id int64) int64 {
	return (publishedAt.Unix()-RecencyEpoch)<<32 + id&0xffffffff
}

// parseStoredTime reads a time as the SQLite driver stores it (time.Time's String form, or one
// of the layouts it also reads). A text it cannot read counts as the zero second: the row is
// still indexed, as the oldest.
func parseStoredTime(s string) time.Time {
	if i := strings.Index(s, " m="); i > 0 {
		s = s[:i]
	}
	if t, err := time.Parse("2006-01-02 15:04:05.999999999 -0700 MST", s); err == nil {
		return t
	}
	s = strings.TrimSuffix(s, "Z")
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02T15:04:05.999999999-07:00",
		"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Unix(0, 0)
}

// textArgs reads a function's text arguments, NULL as empty.
func textArgs(name string, args []driver.Value) ([]string, error) {
	s := make([]string, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case nil:
		case string:
			s[i] = v
		case []byte:
			s[i] = string(v)
		default:
			return nil, fmt.Errorf("%s: argument of type %T", name, v)
		}
	}
	return s, nil
}

// Index is the text SQLite's FTS5 table indexes for a row in language: its document (headline
// and summary) with stems, then each token of its headline with stems behind HeadlineMarker.
func Index(language, headline, summary string) string {
	var b strings.Builder
	b.WriteString(Document(language, headline+" "+summary))
	for _, t := range Words(Fold(Document(language, headline))) {
		b.WriteByte(' ')
		b.WriteString(HeadlineMarker)
		b.WriteString(t)
	}
	return b.String()
}

// Tokens are the distinct tokens of an indexed text as FTS5's unicode61 tokenizer with
// remove_diacritics stores them, in the order they first appear.
func Tokens(text string) []string {
	words := Words(Fold(text))
	seen := make(map[string]bool, len(words))
	out := words[:0]
	for _, w := range words {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

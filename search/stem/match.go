package stem

import (
	"database/sql/driver"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"modernc.org/sqlite"
)

// MatchFunction is the name of Match in SQLite: haven_search_match(language, text, terms) is 1
// when the row's text in language matches terms (joined by TermSeparator), else 0.
//
// Search walks the newest rows with it (search/page.go) rather than asking the FTS5 table, whose
// prefix queries gather every matching row first: a type-ahead prefix of a word in most rows
// would cost a second. It matches as the FTS5 table does: the tokens of Document folded as
// unicode61 with remove_diacritics folds them, each term as written (the last also as a prefix)
// or as any of its stems (Query).
const MatchFunction = "haven_search_match"

// TermSeparator joins the terms passed to MatchFunction.
const TermSeparator = "\x1f"

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(MatchFunction, 3, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		s, err := textArgs(MatchFunction, args)
		if err != nil {
			return nil, err
		}
		if Match(s[0], s[1], compiled(s[2])) {
			return int64(1), nil
		}
		return int64(0), nil
	})
}

// Fold lower-cases s and removes its diacritics, as FTS5's unicode61 tokenizer does with
// remove_diacritics: "Café" is "cafe".
func Fold(s string) string {
	s = strings.ToLower(s)
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// Terms is a compiled query: for each term, the phrases any of which it matches (the term as
// written and its stems, folded and split into tokens); the last term's first phrase is also a
// prefix.
type Terms [][][]string

// Compile compiles the terms of a query.
func Compile(terms []string) Terms {
	out := make(Terms, 0, len(terms))
	for _, t := range terms {
		alts := [][]string{Words(Fold(t))}
		for _, s := range Query(t) {
			alts = append(alts, Words(Fold(s)))
		}
		out = append(out, alts)
	}
	return out
}

var compiledTerms = struct {
	sync.Mutex
	m map[string]Terms
}{m: map[string]Terms{}}

// compiled returns the compiled terms joined by TermSeparator, compiling each query once.
func compiled(joined string) Terms {
	compiledTerms.Lock()
	defer compiledTerms.Unlock()
	if t, ok := compiledTerms.m[joined]; ok {
		return t
	}
	if len(compiledTerms.m) > 1000 {
		clear(compiledTerms.m)
	}
	t := Compile(strings.Split(joined, TermSeparator))
	compiledTerms.m[joined] = t
	return t
}

// Match reports whether text in language holds every term of q: a term's phrase as consecutive
// tokens of the text, or as a stem of one of its words; the last term's first phrase with its
// last token as a prefix.
func Match(language, text string, q Terms) bool {
	if len(q) == 0 {
		return false
	}
	words := Words(Fold(text))
	var stems []string // the folded stems of the words, made only when a term needs them
	stemmed := false
	for i, alts := range q {
		last := i == len(q)-1
		found := false
		for k, phrase := range alts {
			if has(words, phrase, last && k == 0) {
				found = true
				break
			}
		}
		if !found {
			if !stemmed {
				stems, stemmed = docStems(language, text), true
			}
			for k, phrase := range alts {
				if len(phrase) == 1 && has(stems, phrase, last && k == 0) {
					found = true
					break
				}
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// docStems are the folded stems Document adds to text in language.
func docStems(language, text string) []string {
	stem := For(language)
	if stem == nil {
		return nil
	}
	code, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(language)), "-")
	var out []string
	for _, w := range Words(text) {
		if !stemmable(w) {
			continue
		}
		if s := cachedStem(code, w, stem); s != w && s != "" {
			out = append(out, Fold(s))
		}
	}
	return out
}

// stems caches the stems of the words a walk meets: a walk of the newest rows stems the same
// few thousand words over and over.
var stems = struct {
	sync.Mutex
	m map[[2]string]string
}{m: map[[2]string]string{}}

func cachedStem(code, w string, stem func(string) string) string {
	k := [2]string{code, w}
	stems.Lock()
	s, ok := stems.m[k]
	stems.Unlock()
	if ok {
		return s
	}
	s = stem(w)
	stems.Lock()
	if len(stems.m) >= 100_000 {
		clear(stems.m)
	}
	stems.m[k] = s
	stems.Unlock()
	return s
}

// has reports whether tokens hold phrase consecutively, its last token as a prefix when prefix
// is set.
func has(tokens, phrase []string, prefix bool) bool {
	n := len(phrase)
	if n == 0 {
		return false
	}
	for i := 0; i+n <= len(tokens); i++ {
		ok := true
		for j, p := range phrase {
			tok := tokens[i+j]
			if j == n-1 && prefix {
				ok = strings.HasPrefix(tok, p)
			} else {
				ok = tok == p
			}
			if !ok {
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

package search

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"haven/ent/content"
	"haven/ent/predicate"
	"haven/ent/topic"
	"haven/search/stem"
)

// Relevance. A search's contents come in tiers, most relevant first, and newest first within a
// tier (recency breaks ties):
//
//  1. for a query that signals risk, clinically reviewed content on the topics that support it;
//  2. content whose headline (title and hashtags) holds every word: it is about the query;
//  3. content that holds every word somewhere in its title, hashtags or summary.
//
// Each tier is read newest first by keyset, so a page costs the same whether a word is in four
// rows or in a million, and a later tier is read only when the earlier ones run out. On
// PostgreSQL a rare word is read from the text index and a common one by walking the recency
// index until the page is full (page.go, tiersPage); on SQLite the text index is itself in
// recency order (its rowids are recency keys) and FTS5 reads a tier's page lazily, with the
// type-ahead prefix expanded into its terms (textIndexPage). A continuous score (ts_rank, bm25) would have to score every
// matching row before the first could be returned: seconds for a word in a million rows.
//
// Words are stemmed in the content's language (english, spanish, french; others are matched as
// written: PostgreSQL's configurations, and on SQLite the same Snowball stemmers in Go, package
// stem) and the last word is a prefix, so "tip" finds "tips" and a query typed so far,
// "mindful", finds "mindfulness".

// tier is a relevance tier; the zero tier is every match at once.
type tier int

const (
	tierAll tier = iota
	tierWords
	tierHeadline
	tierSupport
	// tierText is the headline and words tiers at once, read together from the text index
	// (headlineThenWordsFrom); never a cursor's tier.
	tierText
)

// at returns a copy of r whose Contents query selects only tier t.
func (r *Result) at(t tier) *Result {
	c := *r
	c.tier = t
	return &c
}

// walking returns a copy of r whose Contents query matches each row's text itself (SQLite).
func (r *Result) walking() *Result {
	c := *r
	c.walk = true
	return &c
}

// tiers are the tiers of r's contents, most relevant first.
func (r *Result) tiers() []tier {
	if len(supportTopics[r.risk]) > 0 {
		return []tier{tierSupport, tierHeadline, tierWords}
	}
	return []tier{tierHeadline, tierWords}
}

// contentMatch is the predicate of the contents of r's tier (all tiers when none is set).
func (s *Service) contentMatch(r *Result) predicate.Content {
	if len(r.terms) == 0 && r.risk == "" {
		return falsePredicate[predicate.Content]()
	}
	support := s.supportMatch(r)
	words, headline := s.textMatch(r.terms, false, r.walk), s.textMatch(r.terms, true, r.walk)
	var match predicate.Content
	switch r.tier {
	case tierSupport:
		if support == nil {
			return falsePredicate[predicate.Content]()
		}
		return support
	case tierHeadline:
		match = headline
	case tierWords:
		match = content.And(words, content.Not(headline))
	case tierText:
		match = words
	default:
		match = words
		if support != nil {
			return content.Or(match, support)
		}
		return match
	}
	if support != nil {
		match = content.And(match, content.Not(support))
	}
	return match
}

// supportMatch is the predicate of the support tier of a query that signals risk, nil for
// another: clinically reviewed content on the topics that support its crisis.
func (s *Service) supportMatch(r *Result) predicate.Content {
	slugs := supportTopics[r.risk]
	if len(slugs) == 0 {
		return nil
	}
	return content.And(content.ClinicallyReviewed(true), content.HasTopicsWith(topic.SlugIn(slugs...)))
}

// textMatch is the predicate of content whose headline (title and hashtags), or whole document
// when headline is false, holds every term, the last as a prefix. On PostgreSQL it reads the
// stored tsvector columns (database/fulltext.go) with the query stemmed in each configuration
// a document may be in; on SQLite, the FTS5 table.
//
// With walk set (SQLite only), each row's text is matched by haven_search_match (package stem)
// instead: for a walk of the newest rows, which must not make FTS5 gather every match of a
// common word or prefix first.
func (s *Service) textMatch(terms []string, headline, walk bool) predicate.Content {
	if len(terms) == 0 {
		return falsePredicate[predicate.Content]()
	}
	if s.Dialect == dialect.Postgres {
		column := "search_document"
		if headline {
			column = "search_headline"
		}
		return func(sel *sql.Selector) {
			sel.Where(sql.P(func(b *sql.Builder) {
				b.Ident(sel.C(column)).WriteString(" @@ (")
				writeTSQuery(b, terms)
				b.WriteString(")")
			}))
		}
	}
	if walk {
		// The row's own text, as the FTS5 table's triggers index it (migration/sqlite).
		return func(sel *sql.Selector) {
			sel.Where(sql.P(func(b *sql.Builder) {
				b.WriteString(stem.MatchFunction + "(").Ident(sel.C(content.FieldLanguage)).WriteString(", ").
					Ident(sel.C(content.FieldTitle)).WriteString(" || ' ' || ").Ident(sel.C(content.FieldHashtags))
				if !headline {
					b.WriteString(" || ' ' || ").Ident(sel.C(content.FieldSummary))
				}
				b.WriteString(", ").Arg(strings.Join(terms, stem.TermSeparator)).WriteString(") = 1")
			}))
		}
	}
	q := newTextQuery(terms, nil, nil)
	expr := q.doc
	if headline {
		expr = q.headline
	}
	return matchedBy(expr)
}

// matchedBy is the predicate of the live contents the FTS5 expression expr matches (SQLite).
func matchedBy(expr string) predicate.Content {
	return func(sel *sql.Selector) {
		sel.Where(sql.P(func(b *sql.Builder) {
			b.Ident(sel.C(content.FieldID)).
				WriteString(" IN (SELECT content_id FROM contents_fts WHERE contents_fts MATCH ").Arg(expr).WriteString(")")
		}))
	}
}

// recencyKey is the rowid of a live row in SQLite's text index (stem.RecencyKey).
func recencyKey(publishedAt time.Time, id int) int64 {
	return stem.RecencyKey(publishedAt, int64(id))
}

// maxExpansion is how many terms a type-ahead prefix may stand for and still be asked of FTS5
// as an OR of terms (each about 6 µs to set up). A prefix of more ("a", "co") is matched by the
// walk of the newest rows (ContentPage): so short a prefix is in most of them.
var maxExpansion = 128 // a variable for tests and benchmarks of the walk

// textQuery is a search's words as SQLite's text index is asked for them: FTS5 expressions of
// "every word in the document", "every word in the headline" and "every word, not all in the
// headline".
type textQuery struct {
	doc, headline, words string
}

// newTextQuery makes the textQuery of terms: each term required, as its tokens (a phrase) or as
// any of its stems in english, spanish and french (package stem: the index holds each row's
// words as written and their stems in the row's language), headline tokens behind
// stem.HeadlineMarker. The last term's last token is a prefix: FTS5's prefix query when docTerms
// and headlineTerms are nil; else each of them, the index's terms that start with it (see
// expansion). For "tips anx", with anx expanded to anxiety and anxious, the document's is
//
//	("tips" OR "tip") AND ("anxiety" OR "anxious")
func newTextQuery(terms []string, docTerms, headlineTerms []string) textQuery {
	expr := func(marker string, expanded []string) string {
		var b strings.Builder
		for i, t := range terms {
			if i > 0 {
				b.WriteString(" AND ")
			}
			tokens := stem.Words(stem.Fold(t))
			var alts []string
			switch {
			case len(tokens) == 0:
			case i < len(terms)-1:
				alts = append(alts, phrase(marker, tokens))
			case expanded == nil:
				alts = append(alts, phrase(marker, tokens)+" *")
			default:
				for _, e := range expanded {
					alts = append(alts, phrase(marker, append(tokens[:len(tokens)-1:len(tokens)-1], e)))
				}
			}
			for _, s := range stem.Query(t) {
				alts = append(alts, phrase(marker, []string{s}))
			}
			if len(alts) == 0 {
				alts = append(alts, phrase(marker, []string{stem.HeadlineMarker + "none"})) // a term of no word matches nothing
			}
			b.WriteString("(" + strings.Join(alts, " OR ") + ")")
		}
		return b.String()
	}
	q := textQuery{doc: expr("", docTerms), headline: expr(stem.HeadlineMarker, headlineTerms)}
	q.words = "(" + q.doc + ") NOT (" + q.headline + ")"
	return q
}

// phrase quotes tokens as one FTS5 phrase, each behind marker. Tokens hold letters and digits
// only (stem.Words), so nothing in them is FTS5 syntax.
func phrase(marker string, tokens []string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, t := range tokens {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(marker + t)
	}
	b.WriteByte('"')
	return b.String()
}

// expansion returns the textQuery of terms with the last term's prefix expanded into the index's
// terms that start with it, in the document and in the headline (one statement on the table of
// search terms), and false when either stands for more than maxExpansion terms.
func (s *Service) expansion(ctx context.Context, terms []string) (textQuery, bool, error) {
	tokens := stem.Words(stem.Fold(terms[len(terms)-1]))
	if len(tokens) == 0 {
		return newTextQuery(terms, []string{}, []string{}), true, nil
	}
	prefix := tokens[len(tokens)-1]
	rows, err := s.Client.QueryContext(ctx, `SELECT term FROM (SELECT term FROM search_terms WHERE term >= ? AND term < ? ORDER BY term LIMIT ?)
UNION ALL SELECT term FROM (SELECT term FROM search_terms WHERE term >= ? AND term < ? ORDER BY term LIMIT ?)`,
		prefix, prefix+string(utf8.MaxRune), maxExpansion+1,
		stem.HeadlineMarker+prefix, stem.HeadlineMarker+prefix+string(utf8.MaxRune), maxExpansion+1)
	if err != nil {
		return textQuery{}, false, fmt.Errorf("expand %d-letter prefix: %w", utf8.RuneCountInString(prefix), err)
	}
	defer rows.Close()
	doc, headline := []string{}, []string{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return textQuery{}, false, err
		}
		if h, ok := strings.CutPrefix(t, stem.HeadlineMarker); ok {
			headline = append(headline, h)
		} else {
			doc = append(doc, t)
		}
	}
	if err := rows.Err(); err != nil {
		return textQuery{}, false, err
	}
	if len(doc) > maxExpansion || len(headline) > maxExpansion {
		return textQuery{}, false, nil
	}
	return newTextQuery(terms, doc, headline), true, nil
}

// stemmedConfigs are the PostgreSQL text search configurations that stem content
// (haven_text_config in database/fulltext.go). A query does not say its language, so its words
// are stemmed in each, and it matches a document in any.
var stemmedConfigs = []string{"english", "spanish", "french"}

// writeTSQuery writes the tsquery of terms: every term, stemmed in one language, or as written;
// the last term also as the prefix of a word as written (type-ahead: "mindf" for "mindfulness",
// whose English stem is "mind"). Each term's query is made by haven_tsquery(config, term,
// prefix) (migration/postgres, …_contents_search_unaccent), which stems and folds accents as the
// stored columns do, so "cafe" finds "café" and "anxiété" finds "anxiete".
//
// For terms a, b it is
//
//	en(a) & (en(b) | simple(b:*))  |  es(…)  |  fr(…)  |  simple(a) & simple(b:*)
//
// and for a single term en(a) | es(a) | fr(a) | simple(a:*). The prefix appears once where it
// can: the planner estimates a prefix at a fixed share of the table, and an OR of several copies
// of it as a larger share still.
func writeTSQuery(b *sql.Builder, terms []string) {
	word := func(cfg, t string, prefix bool) {
		b.WriteString("haven_tsquery('" + cfg + "', ").Arg(t).WriteString(", " + strconv.FormatBool(prefix) + ")")
	}
	last := terms[len(terms)-1]
	if len(terms) == 1 {
		for _, cfg := range stemmedConfigs {
			word(cfg, last, false)
			b.WriteString(" || ")
		}
		word("simple", last, true)
		return
	}
	head := func(cfg string) {
		for i, t := range terms[:len(terms)-1] {
			if i > 0 {
				b.WriteString(" && ")
			}
			word(cfg, t, false)
		}
	}
	for _, cfg := range stemmedConfigs {
		b.WriteString("(")
		head(cfg)
		b.WriteString(" && (")
		word(cfg, last, false)
		b.WriteString(" || ")
		word("simple", last, true)
		b.WriteString(")) || ")
	}
	b.WriteString("(")
	head("simple")
	b.WriteString(" && ")
	word("simple", last, true)
	b.WriteString(")")
}

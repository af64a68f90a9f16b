package search

import (
	"strconv"
	"strings"

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
// Each tier is one indexed statement ordered by (published_at, id), so a page costs the same
// whether a word is in four rows or in a million: a rare word is read from the text index, a
// common one by walking the recency index until the page is full, and a later tier is read only
// when the earlier ones run out. A continuous score (ts_rank, bm25) would have to score every
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
	var support predicate.Content
	if slugs := supportTopics[r.risk]; len(slugs) > 0 {
		support = content.And(content.ClinicallyReviewed(true), content.HasTopicsWith(topic.SlugIn(slugs...)))
	}
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
	column := "document"
	if headline {
		column = "headline"
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
	q := column + " : (" + ftsQuery(terms) + ")"
	return func(sel *sql.Selector) {
		sel.Where(sql.P(func(b *sql.Builder) {
			b.Ident(sel.C(content.FieldID)).
				WriteString(" IN (SELECT rowid FROM contents_fts WHERE contents_fts MATCH ").Arg(q).WriteString(")")
		}))
	}
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

// ftsQuery is the FTS5 query of terms: each term required, as a quoted string (the words as
// written) or as any of its stems in english, spanish and french (package stem: the FTS5 table
// holds each row's words as written and their stems in the row's language); the last term as
// written is also a prefix. For "tips anx" it is
//
//	("tips" OR "tip") AND ("anx" *)
func ftsQuery(terms []string) string {
	quote := func(t string) string { return `"` + strings.ReplaceAll(t, `"`, `""`) + `"` }
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteString("(" + quote(t))
		if i == len(terms)-1 {
			b.WriteString(" *")
		}
		for _, s := range stem.Query(t) {
			b.WriteString(" OR " + quote(s))
		}
		b.WriteString(")")
	}
	return b.String()
}

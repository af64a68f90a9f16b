package search

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"github.com/99designs/gqlgen/graphql"

	"haven/ent"
	"haven/ent/content"
	"haven/ent/predicate"
	"haven/ent/topic"
	"haven/errcode"
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
)

// at returns a copy of r whose Contents query selects only tier t.
func (r *Result) at(t tier) *Result {
	c := *r
	c.tier = t
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
	words, headline := s.textMatch(r.terms, false), s.textMatch(r.terms, true)
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
func (s *Service) textMatch(terms []string, headline bool) predicate.Content {
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
// whose English stem is "mind").
//
// For terms a, b it is
//
//	en(a) & (en(b) | simple(b:*))  |  es(…)  |  fr(…)  |  simple(a) & simple(b:*)
//
// and for a single term en(a) | es(a) | fr(a) | simple(a:*). The prefix appears once where it
// can: the planner estimates a prefix at a fixed share of the table, and an OR of several copies
// of it as a larger share still.
func writeTSQuery(b *sql.Builder, terms []string) {
	quote := func(t string) string { return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(t) + "'" }
	last := quote(terms[len(terms)-1])
	if len(terms) == 1 {
		for _, cfg := range stemmedConfigs {
			b.WriteString("to_tsquery('" + cfg + "', ").Arg(last).WriteString(") || ")
		}
		b.WriteString("to_tsquery('simple', ").Arg(last + ":*").WriteString(")")
		return
	}
	heads := make([]string, len(terms)-1)
	for i, t := range terms[:len(terms)-1] {
		heads[i] = quote(t)
	}
	head := strings.Join(heads, " & ")
	for _, cfg := range stemmedConfigs {
		b.WriteString("(to_tsquery('" + cfg + "', ").Arg(head).WriteString(") && (to_tsquery('" + cfg + "', ").Arg(last).
			WriteString(") || to_tsquery('simple', ").Arg(last + ":*").WriteString("))) || ")
	}
	b.WriteString("to_tsquery('simple', ").Arg(head + " & " + last + ":*").WriteString(")")
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

// hit is a matching row: enough to order, page and load it.
type hit struct {
	ID          int       `json:"id"`
	PublishedAt time.Time `json:"published_at"`
	tier        tier
}

// ContentPage returns the first contents of r after the cursor, most relevant first and newest
// first within a relevance tier. It costs one statement per tier it reads (a later tier only when
// the page is not full yet), then one for the page's contents and whatever edges the client
// selected, and a count only when the client asks for totalCount.
func (s *Service) ContentPage(ctx context.Context, r *Result, cursor *entgql.Cursor[int], first int) (*ent.ContentConnection, error) {
	from, err := decodeCursor(cursor)
	if err != nil {
		return nil, err
	}
	var hits []hit
	for _, t := range r.tiers() {
		if from != nil && t != from.tier {
			continue // a tier above the cursor's, already read
		}
		var at *hit
		if from != nil {
			at, from = from, nil
		}
		page, err := s.tierPage(ctx, r.at(t), at, first+1-len(hits))
		if err != nil {
			return nil, err
		}
		for _, h := range page {
			h.tier = t
			hits = append(hits, h)
		}
		if len(hits) > first {
			break
		}
	}
	if from != nil {
		return nil, errcode.Input("after", "not a cursor of this list")
	}
	conn := &ent.ContentConnection{Edges: []*ent.ContentEdge{}}
	if len(hits) > first {
		hits, conn.PageInfo.HasNextPage = hits[:first], true
	}
	if err := s.loadPage(ctx, conn, hits); err != nil {
		return nil, err
	}
	if wantsTotal(ctx) {
		if conn.TotalCount, err = s.Contents(r).Count(ctx); err != nil {
			return nil, fmt.Errorf("count search contents: %w", err)
		}
	}
	return conn, nil
}

// recentWindow is how many of the newest live rows after a cursor a tier's statement walks
// first. A tier with at least a page of matches among them (a common word) is answered by that
// walk alone; a rarer word's tier is answered from the text index, where it has fewer than
// about pageSize * total / recentWindow matches to order.
const recentWindow = 2000

// tierPage returns the newest need rows of r's tier after the cursor at.
//
// On PostgreSQL, ordering by recency with a text filter leaves the planner a bet it cannot win
// from statistics alone (a prefix query is estimated at a fixed share of the table): walk the
// recency index and test each row, fast for a common word and a full-table walk for a rare one,
// or read every match from the text index and sort, the reverse. So the bet is not left to it:
// one statement (walkThenTextIndex) walks at most recentWindow rows, and only when they hold
// less than a page reads the text index, its ORDER BY an expression that no index provides.
func (s *Service) tierPage(ctx context.Context, r *Result, at *hit, need int) ([]hit, error) {
	q := s.Contents(r)
	if at != nil {
		q.Where(after(at))
	}
	if s.Dialect == dialect.Postgres {
		q.Modify(s.walkThenTextIndex(r, at, need))
	}
	var hits []hit
	err := q.Order(ent.Desc(content.FieldPublishedAt), ent.Desc(content.FieldID)).Limit(need).
		Select(content.FieldID, content.FieldPublishedAt).Scan(ctx, &hits)
	if err != nil {
		return nil, fmt.Errorf("search contents: %w", err)
	}
	return hits, nil
}

// walkThenTextIndex makes a tier's query read from the rows of r's tier that one of two
// branches finds, in one statement, so that a rare word costs no more round trips than a common
// one:
//
//	WITH search_walk AS (the tier's newest need rows among the recentWindow newest live rows)
//	SELECT * FROM (the tier's newest need rows, from the text index) AS contents
//	  WHERE (SELECT count(*) FROM search_walk) < need
//	UNION ALL
//	SELECT * FROM search_walk WHERE (SELECT count(*) FROM search_walk) = need
//
// The conditions hold no column, so PostgreSQL evaluates each once, before its branch (a
// one-time filter), and never runs the text index branch when the walk filled the page. The
// query's own predicates, order and limit then apply again to those at most need rows, under
// the table's own name.
func (s *Service) walkThenTextIndex(r *Result, at *hit, need int) func(*sql.Selector) {
	return func(sel *sql.Selector) {
		pg := sql.Dialect(dialect.Postgres)
		branch := func() *sql.Selector {
			b := pg.Select("*").From(sql.Table(content.Table))
			for _, p := range s.contentsWhere(r) {
				p(b)
			}
			if at != nil {
				after(at)(b)
			}
			return b.Limit(need)
		}
		walk := branch()
		newestLive(at)(walk)
		walk.OrderBy(sql.Desc(walk.C(content.FieldPublishedAt)), sql.Desc(walk.C(content.FieldID)))
		index := branch()
		orderFromTextIndex(index)
		walked := func(op string) *sql.Predicate {
			return sql.P(func(b *sql.Builder) {
				b.WriteString("(SELECT count(*) FROM ").Ident("search_walk").WriteString(") " + op + " ").Arg(need)
			})
		}
		// The text index's branch comes first: ent names the union's columns after its first
		// table, which must be contents.
		union := pg.Select("*").From(index.As(content.Table)).Where(walked("<")).
			UnionAll(pg.Select("*").From(sql.Table("search_walk")).Where(walked("=")))
		union.Prefix(sql.With("search_walk").As(walk))
		sel.From(union.As(content.Table))
	}
}

// after is the keyset predicate of the rows after cursor at, newest first.
func after(at *hit) predicate.Content {
	return func(sel *sql.Selector) {
		sel.Where(sql.CompositeLT([]string{sel.C(content.FieldPublishedAt), sel.C(content.FieldID)}, at.PublishedAt, at.ID))
	}
}

// newestLive makes a query read from the recentWindow newest live contents after the cursor at
// rather than from the whole table: a derived table under the table's own name, so every
// predicate of the query applies to it unchanged.
func newestLive(at *hit) func(*sql.Selector) {
	return func(sel *sql.Selector) {
		recent := sql.Dialect(dialect.Postgres).Select("*").From(sql.Table(content.Table)).
			Where(sql.EQ(content.FieldStatus, content.StatusLIVE))
		if at != nil {
			recent.Where(sql.CompositeLT([]string{content.FieldPublishedAt, content.FieldID}, at.PublishedAt, at.ID))
		}
		recent.OrderBy(sql.Desc(content.FieldPublishedAt), sql.Desc(content.FieldID)).Limit(recentWindow)
		sel.From(recent.As(content.Table))
	}
}

// orderFromTextIndex orders newest first by an expression the recency index does not provide,
// so that PostgreSQL finds the rows through the text index and sorts them.
func orderFromTextIndex(sel *sql.Selector) {
	sel.ClearOrder()
	sel.OrderExpr(sql.ExprFunc(func(b *sql.Builder) {
		b.WriteString("(").Ident(sel.C(content.FieldPublishedAt)).WriteString(" + interval '0 seconds') DESC, ").
			Ident(sel.C(content.FieldID)).WriteString(" DESC")
	}))
}

// loadPage loads the contents of hits, with the edges the client selected, into conn's edges in
// hits' order.
func (s *Service) loadPage(ctx context.Context, conn *ent.ContentConnection, hits []hit) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]int, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	// Paginate loads what the client selected under edges.node; ordered by ID, reordered below.
	n := len(ids)
	loaded, err := s.Client.Content.Query().Where(content.IDIn(ids...)).Paginate(ctx, nil, &n, nil, nil)
	if err != nil {
		return fmt.Errorf("load search contents: %w", err)
	}
	byID := make(map[int]*ent.Content, len(loaded.Edges))
	for _, e := range loaded.Edges {
		byID[e.Node.ID] = e.Node
	}
	for _, h := range hits {
		node := byID[h.ID]
		if node == nil {
			continue // unpublished between the two statements
		}
		conn.Edges = append(conn.Edges, &ent.ContentEdge{Node: node, Cursor: encodeCursor(h)})
	}
	if len(conn.Edges) > 0 {
		conn.PageInfo.StartCursor = &conn.Edges[0].Cursor
		conn.PageInfo.EndCursor = &conn.Edges[len(conn.Edges)-1].Cursor
	}
	return nil
}

// wantsTotal reports whether the client selected totalCount of the connection being resolved.
func wantsTotal(ctx context.Context) bool {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return false
	}
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == "totalCount" {
			return true
		}
	}
	return false
}

// A search cursor carries its row's ID and, as its value, "tier|published_at".
func encodeCursor(h hit) entgql.Cursor[int] {
	return entgql.Cursor[int]{ID: h.ID, Value: strconv.Itoa(int(h.tier)) + "|" + h.PublishedAt.Format(time.RFC3339Nano)}
}

func decodeCursor(c *entgql.Cursor[int]) (*hit, error) {
	if c == nil {
		return nil, nil
	}
	bad := errcode.Input("after", "not a cursor of this list")
	v, ok := c.Value.(string)
	if !ok {
		return nil, bad
	}
	t, at, ok := strings.Cut(v, "|")
	n, err := strconv.Atoi(t)
	if !ok || err != nil || tier(n) < tierWords || tier(n) > tierSupport {
		return nil, bad
	}
	p, err := time.Parse(time.RFC3339Nano, at)
	if err != nil {
		return nil, bad
	}
	return &hit{ID: c.ID, PublishedAt: p, tier: tier(n)}, nil
}

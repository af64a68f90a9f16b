package search

import (
	"context"
	"fmt"
	"slices"
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
	Rank        int       `json:"search_rank"` // PostgreSQL: the index of the tier in the statement's tiers
	tier        tier
}

// ContentPage returns the first contents of r after the cursor, most relevant first and newest
// first within a relevance tier. On PostgreSQL the tiers it may need are read by one statement,
// or two for a rare word (tiersPage); on SQLite by one statement per tier it reads (a later tier
// only when the page is not full yet). Then one statement loads the page's contents and whatever edges the client
// selected, and a count runs only when the client asks for totalCount.
func (s *Service) ContentPage(ctx context.Context, r *Result, cursor *entgql.Cursor[int], first int) (*ent.ContentConnection, error) {
	from, err := decodeCursor(cursor)
	if err != nil {
		return nil, err
	}
	// The cursor's tier and those after it; the tiers above it were read already.
	var tiers []tier
	for _, t := range r.tiers() {
		if from == nil || t == from.tier || len(tiers) > 0 {
			tiers = append(tiers, t)
		}
	}
	if len(tiers) == 0 {
		return nil, errcode.Input("after", "not a cursor of this list")
	}
	var hits []hit
	if s.Dialect == dialect.Postgres {
		if hits, err = s.tiersPage(ctx, r, tiers, from, first+1); err != nil {
			return nil, err
		}
	} else {
		for i, t := range tiers {
			var at *hit
			if i == 0 {
				at = from
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

// tierPage returns the newest need rows of r's tier after the cursor at (SQLite, whose FTS5
// match is an indexed IN list).
func (s *Service) tierPage(ctx context.Context, r *Result, at *hit, need int) ([]hit, error) {
	q := s.Contents(r)
	if at != nil {
		q.Where(after(at))
	}
	var hits []hit
	err := q.Order(ent.Desc(content.FieldPublishedAt), ent.Desc(content.FieldID)).Limit(need).
		Select(content.FieldID, content.FieldPublishedAt).Scan(ctx, &hits)
	if err != nil {
		return nil, fmt.Errorf("search contents: %w", err)
	}
	return hits, nil
}

// tiersPage returns the first need rows of r's tiers, in order, the first tier's after the
// cursor at, on PostgreSQL. Ordering by recency with a text filter leaves the planner a bet it
// cannot win from statistics alone (a prefix query is estimated at a fixed share of the table):
// walk the recency index and test each row, fast for a common word and a full-table walk for a
// rare one, or read every match from the text index and sort, the reverse. So the bet is not
// left to it:
//
//  1. One statement walks, for each tier, at most recentWindow of the newest live rows after
//     the cursor and keeps the tier's newest need matches among them (tiersFrom). A tier with
//     need matches there is complete: its newest rows are among them. A later tier's walk runs
//     only while the earlier walks found less than a page.
//  2. Only when a tier needed for the page is not complete (a word rarer than need in
//     recentWindow rows), one more statement reads those tiers from the text index, ordered by
//     an expression that no index provides, so that PostgreSQL sorts the few matches rather
//     than walking a million rows; again a later tier only while the earlier ones hold less
//     than a page.
//
// A common word thus costs one statement, a rare one two, whatever the size of the table, and
// neither statement holds a plan that could scan the table: the text index is read only for
// words the walk found rare.
func (s *Service) tiersPage(ctx context.Context, r *Result, tiers []tier, at *hit, need int) ([]hit, error) {
	all := make([]int, len(tiers))
	for k := range tiers {
		all[k] = k
	}
	walk := s.tiersFrom(r, tiers, all, at, need, true)
	if at == nil && len(tiers) == 2 && tiers[0] == tierHeadline && tiers[1] == tierWords {
		walk = s.walkHeadlineAndWordsFrom(r, need) // the first page of a search: one walk for both tiers
	}
	walked, err := s.scanTiers(ctx, walk)
	if err != nil {
		return nil, err
	}
	// The tiers to read from the text index: those before the first complete one.
	var rare []int
	for k := range tiers {
		if len(walked[k]) == need {
			break
		}
		rare = append(rare, k)
	}
	var indexed map[int][]hit
	switch {
	case len(rare) == 2 && tiers[0] == tierHeadline && tiers[1] == tierWords:
		// The usual search of a rare word: both tiers from one read of the text index.
		indexed, err = s.scanTiers(ctx, s.headlineThenWordsFrom(r, at, need))
	case len(rare) > 0:
		indexed, err = s.scanTiers(ctx, s.tiersFrom(r, tiers, rare, at, need, false))
	}
	if err != nil {
		return nil, err
	}
	var hits []hit
	for k, t := range tiers {
		rows := walked[k]
		if k < len(rare) {
			rows = indexed[k]
		}
		for _, h := range rows {
			h.tier = t
			hits = append(hits, h)
		}
		if len(hits) >= need {
			return hits[:need], nil
		}
	}
	return hits, nil
}

// scanTiers runs a query made by tiersFrom and returns its rows by rank, newest first.
func (s *Service) scanTiers(ctx context.Context, from func(*sql.Selector)) (map[int][]hit, error) {
	var rows []hit
	q := s.Client.Content.Query()
	q.Modify(from)
	if err := q.Select(content.FieldID, content.FieldPublishedAt).Scan(ctx, &rows); err != nil {
		return nil, fmt.Errorf("search contents: %w", err)
	}
	slices.SortFunc(rows, func(a, b hit) int {
		if c := b.PublishedAt.Compare(a.PublishedAt); c != 0 {
			return c
		}
		return b.ID - a.ID
	})
	byRank := map[int][]hit{}
	for _, h := range rows {
		byRank[h.Rank] = append(byRank[h.Rank], h)
	}
	return byRank, nil
}

// walkHeadlineAndWordsFrom makes a query read the newest need rows of the headline tier and of
// the words tier among the recentWindow newest live rows, marked with ranks 0 and 1, by one walk
// of them that carries only the columns the match reads:
//
//	SELECT * FROM (
//	  SELECT *, CASE WHEN headline matches THEN 0 ELSE 1 END AS search_rank,
//	    row_number() OVER (PARTITION BY headline matches ORDER BY published_at DESC, id DESC) AS search_n
//	  FROM (SELECT id, published_at, status, search_headline, search_document FROM contents
//	    WHERE status = 'LIVE' ORDER BY published_at DESC, id DESC LIMIT recentWindow) AS contents
//	  WHERE document matches) AS contents
//	WHERE search_n <= need
//
// The first page of a search, rare word or common, thus costs one walk of recentWindow rows.
func (s *Service) walkHeadlineAndWordsFrom(r *Result, need int) func(*sql.Selector) {
	return func(sel *sql.Selector) {
		pg := sql.Dialect(dialect.Postgres)
		headline := func() *sql.Predicate {
			scratch := pg.Select().From(sql.Table(content.Table))
			s.textMatch(r.terms, true)(scratch)
			return scratch.P()
		}
		recent := pg.Select(content.FieldID, content.FieldPublishedAt, content.FieldStatus, "search_headline", "search_document").
			From(sql.Table(content.Table)).Where(sql.EQ(content.FieldStatus, content.StatusLIVE)).
			OrderBy(sql.Desc(content.FieldPublishedAt), sql.Desc(content.FieldID)).Limit(recentWindow)
		rows := pg.Select("*").From(recent.As(content.Table))
		for _, p := range s.contentsWhere(r.at(tierText)) {
			p(rows)
		}
		rows.AppendSelectExpr(
			sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("CASE WHEN ").Join(headline()).WriteString(" THEN 0 ELSE 1 END AS search_rank")
			}),
			sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("row_number() OVER (PARTITION BY ").Join(headline()).WriteString(" ORDER BY ").
					Ident(rows.C(content.FieldPublishedAt)).WriteString(" DESC, ").Ident(rows.C(content.FieldID)).
					WriteString(" DESC) AS search_n")
			}))
		first := pg.Select("*").From(rows.As(content.Table)).Where(sql.P(func(b *sql.Builder) {
			b.WriteString("search_n <= ").Arg(need)
		}))
		sel.From(first.As(content.Table)).AppendSelect("search_rank")
	}
}

// headlineThenWordsFrom makes a query read the first need rows of the headline tier (after the
// cursor at) and then the words tier, marked with ranks 0 and 1, by one read of the text index:
//
//	SELECT *, CASE WHEN headline matches THEN 0 ELSE 1 END AS search_rank FROM contents
//	  WHERE status = 'LIVE' AND document matches [AND (NOT headline matches OR (published_at, id) < cursor)]
//	  ORDER BY search_rank, (published_at + interval '0 seconds') DESC, id DESC LIMIT need
//
// One index read and one sort of the few matches, where a statement per tier would cost the
// planner's estimate of the matches twice (a prefix is estimated at a fixed share of the table,
// and a sum above jit_above_cost makes PostgreSQL compile the statement, for 100 ms).
func (s *Service) headlineThenWordsFrom(r *Result, at *hit, need int) func(*sql.Selector) {
	return func(sel *sql.Selector) {
		pg := sql.Dialect(dialect.Postgres)
		headline := func() *sql.Predicate {
			scratch := pg.Select().From(sql.Table(content.Table))
			s.textMatch(r.terms, true)(scratch)
			return scratch.P()
		}
		rows := pg.Select("*").From(sql.Table(content.Table))
		rows.AppendSelectExpr(sql.ExprFunc(func(b *sql.Builder) {
			b.WriteString("CASE WHEN ").Join(headline()).WriteString(" THEN 0 ELSE 1 END AS search_rank")
		}))
		for _, p := range s.contentsWhere(r.at(tierText)) {
			p(rows)
		}
		if at != nil {
			rows.Where(sql.Or(sql.Not(headline()),
				sql.CompositeLT([]string{rows.C(content.FieldPublishedAt), rows.C(content.FieldID)}, at.PublishedAt, at.ID)))
		}
		rows.OrderExpr(sql.ExprFunc(func(b *sql.Builder) {
			b.WriteString("search_rank, (").Ident(rows.C(content.FieldPublishedAt)).WriteString(" + interval '0 seconds') DESC, ").
				Ident(rows.C(content.FieldID)).WriteString(" DESC")
		})).Limit(need)
		sel.From(rows.As(content.Table)).AppendSelect("search_rank")
	}
}

// tiersFrom makes a query read the newest need rows of each of the given ranks of r's tiers
// (the first tier after the cursor at), each row marked with its rank, in one statement: by
// walking the recentWindow newest live rows when walk is set, else from the text index. For
// ranks 0, 1, … it is
//
//	WITH search_tier_0 AS (SELECT *, 0 AS search_rank FROM (tier 0's newest need rows) AS contents),
//	     search_tier_1 AS (…), …
//	SELECT * FROM search_tier_0 AS contents
//	UNION ALL
//	SELECT * FROM search_tier_1 AS contents WHERE (SELECT count(*) FROM search_tier_0) < need
//	…
//
// The conditions hold no column, so PostgreSQL evaluates each once, before its branch (a
// one-time filter), and a branch whose condition is false never runs.
func (s *Service) tiersFrom(r *Result, tiers []tier, ranks []int, at *hit, need int, walk bool) func(*sql.Selector) {
	return func(sel *sql.Selector) {
		pg := sql.Dialect(dialect.Postgres)
		var with *sql.WithBuilder
		var union *sql.Selector
		var above []string
		for _, k := range ranks {
			cursor := at
			if k > 0 {
				cursor = nil
			}
			rows := pg.Select("*").From(sql.Table(content.Table))
			for _, p := range s.contentsWhere(r.at(tiers[k])) {
				p(rows)
			}
			if cursor != nil {
				after(cursor)(rows)
			}
			rows.Limit(need)
			if walk {
				newestLive(cursor)(rows)
				rows.OrderBy(sql.Desc(rows.C(content.FieldPublishedAt)), sql.Desc(rows.C(content.FieldID)))
			} else {
				orderFromTextIndex(rows)
			}
			name := fmt.Sprintf("search_tier_%d", k)
			tierSel := pg.Select("*", fmt.Sprintf("%d AS search_rank", k)).From(rows.As(content.Table))
			if with == nil {
				with = sql.With(name).As(tierSel)
			} else {
				with.With(name).As(tierSel)
			}
			// Under the table's name, so that ent's own predicates on the result (the privacy
			// rule's status) name its columns right.
			part := pg.Select("*").From(sql.Table(name).As(content.Table))
			if len(above) > 0 {
				counted := slices.Clone(above)
				part.Where(sql.P(func(b *sql.Builder) {
					b.WriteString("(")
					for i, n := range counted {
						if i > 0 {
							b.WriteString(" + ")
						}
						b.WriteString("(SELECT count(*) FROM ").Ident(n).WriteString(")")
					}
					b.WriteString(") < ").Arg(need)
				}))
			}
			if union == nil {
				union = part
			} else {
				union.UnionAll(part)
			}
			above = append(above, name)
		}
		union.Prefix(with)
		sel.From(union.As(content.Table)).AppendSelect("search_rank")
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

package search

import (
	"context"
	"fmt"
	"math"
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
	"haven/errcode"
)

// A page of search results: the relevance tiers (fulltext.go) read newest first by keyset, the
// page's rows loaded in one statement, and the cursor that resumes after the last hit.

// hit is a matching row: enough to order, page and load it.
type hit struct {
	ID          int       `json:"id"`
	PublishedAt time.Time `json:"published_at"`
	Rank        int       `json:"search_rank"` // PostgreSQL: the index of the tier in the statement's tiers
	tier        tier
}

// ContentPage returns the first contents of r after the cursor, most relevant first and newest
// first within a relevance tier. On PostgreSQL the tiers it may need are read by one statement,
// or two for a rare word (tiersPage); on SQLite by a walk of the newest rows per tier it reads,
// and an FTS5 read for a tier rarer than a page among them (tierPage; a later tier only when the
// page is not full yet). Then one statement loads the page's contents and whatever edges the client
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
	} else if hits, err = s.textIndexPage(ctx, r, tiers, from, first+1); err != nil {
		return nil, err
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

// textIndexPage returns the first need rows of r's tiers, in order, the first tier's after the
// cursor at, on SQLite. The type-ahead prefix is expanded into the terms it stands for (one
// statement, expansion); then each tier the page needs is one statement that FTS5 answers newest
// first and lazily, stopping at the page's last row (recentMatches), for a word in four rows or
// in a million alike. A prefix of more than maxExpansion terms ("a", "co") is matched instead by
// a walk of the newest rows, where so short a prefix finds its page, and only a tier with fewer
// matches than a page among them is read through FTS5's own prefix query (tierPage).
func (s *Service) textIndexPage(ctx context.Context, r *Result, tiers []tier, from *hit, need int) ([]hit, error) {
	var q textQuery
	lazy := false
	if len(r.terms) > 0 && !r.method {
		var err error
		if q, lazy, err = s.expansion(ctx, r.terms); err != nil {
			return nil, fmt.Errorf("search contents: %w", err)
		}
	}
	var hits []hit
	for i, t := range tiers {
		var at *hit
		if i == 0 {
			at = from
		}
		n := need - len(hits)
		var page []hit
		var err error
		switch {
		case t == tierSupport: // no words to match: one indexed read
			page, err = s.tierPage(ctx, r.at(t), at, n, false)
		case lazy && t == tierHeadline:
			page, err = s.recentMatches(ctx, r.at(t), q.headline, at, n)
		case lazy:
			page, err = s.recentMatches(ctx, r.at(t), q.words, at, n)
		default:
			if page, err = s.tierPage(ctx, r.at(t).walking(), at, n, true); err == nil && len(page) < n {
				page, err = s.tierPage(ctx, r.at(t), at, n, false)
			}
		}
		if err != nil {
			return nil, err
		}
		for _, h := range page {
			h.tier = t
			hits = append(hits, h)
		}
		if len(hits) >= need {
			break
		}
	}
	return hits, nil
}

// recentMatches returns the newest need rows of r's tier that the FTS5 expression expr matches,
// after the cursor at. It reads the text index alone, in its order (its rowids are the live rows'
// recency keys), so FTS5 stops at the page's last row and no planner statistics are needed to
// keep it from reading more; the rows themselves are loaded after, by ID, through the viewer's
// privacy (loadPage). For a query that signals risk, the support tier's rows are left out of the
// others: one more statement picks them out, and another page of matches is read while they
// leave this one short.
func (s *Service) recentMatches(ctx context.Context, r *Result, expr string, at *hit, need int) ([]hit, error) {
	before := int64(math.MaxInt64)
	if at != nil {
		before = recencyKey(at.PublishedAt, at.ID)
	}
	support := s.supportMatch(r)
	var out []hit
	for {
		page, last, err := s.textIndexRows(ctx, expr, before, need)
		if err != nil {
			return nil, err
		}
		skip := map[int]bool{}
		if support != nil && len(page) > 0 {
			ids := make([]int, len(page))
			for i, h := range page {
				ids[i] = h.ID
			}
			if ids, err = s.Client.Content.Query().Where(content.IDIn(ids...), support).IDs(ctx); err != nil {
				return nil, fmt.Errorf("search support contents: %w", err)
			}
			for _, id := range ids {
				skip[id] = true
			}
		}
		for _, h := range page {
			if !skip[h.ID] && len(out) < need {
				out = append(out, h)
			}
		}
		if len(out) == need || len(page) < need {
			return out, nil
		}
		before = last
	}
}

// textIndexRows returns the newest n rows the FTS5 expression expr matches whose recency key is
// below before, newest first (ID and published_at, for the page's cursor), and the key of the
// last. The CROSS JOIN keeps SQLite from turning the statement around: the text index's page is
// read first and each of its rows found by ID, whatever the planner's statistics say.
func (s *Service) textIndexRows(ctx context.Context, expr string, before int64, n int) ([]hit, int64, error) {
	rows, err := s.Client.QueryContext(ctx, `SELECT contents.id, contents.published_at, search_matches.search_key
FROM (SELECT content_id, rowid AS search_key FROM contents_fts
  WHERE contents_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?) AS search_matches
CROSS JOIN contents ON contents.id = search_matches.content_id
ORDER BY search_matches.search_key DESC`, expr, before, n)
	if err != nil {
		return nil, 0, fmt.Errorf("search contents: %w", err)
	}
	defer rows.Close()
	var hits []hit
	var key int64
	for rows.Next() {
		var h hit
		if err := rows.Scan(&h.ID, &h.PublishedAt, &key); err != nil {
			return nil, 0, fmt.Errorf("search contents: %w", err)
		}
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("search contents: %w", err)
	}
	return hits, key, nil
}

// recentWindow is how many of the newest live rows after a cursor a tier's statement walks
// first. A tier with at least a page of matches among them (a common word) is answered by that
// walk alone; a rarer word's tier is answered from the text index, where it has fewer than
// about pageSize * total / recentWindow matches to order.
const recentWindow = 2000

// tierPage returns the newest need rows of r's tier after the cursor at, on SQLite: with walk
// set, among the recentWindow newest live rows after the cursor only, each row's text matched by
// haven_search_match (a common word or prefix: the walk stops at the page's last match); else
// through the FTS5 table, whose match is an indexed IN list (a rare word, found in fewer than a
// page of the newest rows: FTS5 gathers its few matches). Like the PostgreSQL walk, a tier is
// complete when the walk finds need rows.
func (s *Service) tierPage(ctx context.Context, r *Result, at *hit, need int, walk bool) ([]hit, error) {
	q := s.Contents(r)
	if at != nil {
		q.Where(after(at))
	}
	if walk {
		q.Where(withinRecentWindow(at))
	}
	var hits []hit
	err := q.Order(ent.Desc(content.FieldPublishedAt), ent.Desc(content.FieldID)).Limit(need).
		Select(content.FieldID, content.FieldPublishedAt).Scan(ctx, &hits)
	if err != nil {
		return nil, fmt.Errorf("search contents: %w", err)
	}
	return hits, nil
}

// withinRecentWindow is the predicate of the rows no older than the recentWindow-th newest live
// row after the cursor at (every row, when fewer remain): a bound on published_at, so that SQLite
// walks the recency index from the top, or from the cursor, down to it and no further.
func withinRecentWindow(at *hit) predicate.Content {
	return func(sel *sql.Selector) {
		bound := sql.Dialect(dialect.SQLite).Select(content.FieldPublishedAt).From(sql.Table(content.Table)).
			Where(sql.EQ(content.FieldStatus, content.StatusLIVE))
		if at != nil {
			bound.Where(sql.CompositeLT([]string{content.FieldPublishedAt, content.FieldID}, at.PublishedAt, at.ID))
		}
		bound.OrderBy(sql.Desc(content.FieldPublishedAt), sql.Desc(content.FieldID)).Limit(1).Offset(recentWindow - 1)
		sel.Where(sql.P(func(b *sql.Builder) {
			b.Ident(sel.C(content.FieldPublishedAt)).WriteString(" >= coalesce((").Join(bound).WriteString("), '')")
		}))
	}
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
//	  FROM (SELECT id, published_at, status, creator_id, organization_id, search_headline,
//	      search_document FROM contents
//	    WHERE status = 'LIVE' ORDER BY published_at DESC, id DESC LIMIT recentWindow) AS contents
//	  WHERE document matches) AS contents
//	WHERE search_n <= need
//
// The first page of a search, rare word or common, thus costs one walk of recentWindow rows.
func (s *Service) walkHeadlineAndWordsFrom(r *Result, need int) func(*sql.Selector) {
	return func(sel *sql.Selector) {
		pg := sql.Dialect(dialect.Postgres)
		// The owner columns too: the privacy rule a signed-in viewer's query carries ("live, or
		// mine") reads them on the result.
		recent := pg.Select(content.FieldID, content.FieldPublishedAt, content.FieldStatus,
			content.FieldCreatorID, content.FieldOrganizationID, "search_headline", "search_document").
			From(sql.Table(content.Table)).Where(sql.EQ(content.FieldStatus, content.StatusLIVE)).
			OrderBy(sql.Desc(content.FieldPublishedAt), sql.Desc(content.FieldID)).Limit(recentWindow)
		rows := pg.Select("*").From(recent.As(content.Table))
		for _, p := range s.contentsWhere(r.at(tierText)) {
			p(rows)
		}
		rows.AppendSelectExpr(
			sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("CASE WHEN ").Join(s.headlineMatch(r)).WriteString(" THEN 0 ELSE 1 END AS search_rank")
			}),
			sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("row_number() OVER (PARTITION BY ").Join(s.headlineMatch(r)).WriteString(" ORDER BY ").
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
		rows := pg.Select("*").From(sql.Table(content.Table))
		rows.AppendSelectExpr(sql.ExprFunc(func(b *sql.Builder) {
			b.WriteString("CASE WHEN ").Join(s.headlineMatch(r)).WriteString(" THEN 0 ELSE 1 END AS search_rank")
		}))
		for _, p := range s.contentsWhere(r.at(tierText)) {
			p(rows)
		}
		if at != nil {
			rows.Where(sql.Or(sql.Not(s.headlineMatch(r)),
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

// headlineMatch is a new predicate "the headline matches r's words" (PostgreSQL), for the
// expressions that rank a row into its tier; each use needs its own, since a predicate is
// written once into one statement.
func (s *Service) headlineMatch(r *Result) *sql.Predicate {
	scratch := sql.Dialect(dialect.Postgres).Select().From(sql.Table(content.Table))
	s.textMatch(r.terms, true, false)(scratch)
	return scratch.P()
}

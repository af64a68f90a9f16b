package graph

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/99designs/gqlgen/graphql"

	"haven/database"
	"haven/ent"
	"haven/ent/content"
	"haven/ent/creator"
	"haven/ent/migrate"
)

// The public lookups, node(id) of a content item and creator(handle), in as few statements as
// the feed: node(id) reads the row and its topics' IDs in one statement, creator(handle) reads
// the creator from the dimension cache.

// contentIDStart is the first universal ID of contents: ent gives each table its own range of
// 2^32 IDs and tells a node's type from its ID alone (no statement).
var contentIDStart = *migrate.ContentsTable.Annotation.IncrementStart

// isContentID reports whether id is in the contents' range, as ent's Noder reckons it.
func isContentID(id int) bool { return int(id/(1<<32-1))<<32 == contentIDStart }

// topicIDsColumn is the column withTopicIDs adds.
const topicIDsColumn = "haven_topic_ids"

// withTopicIDs adds to a query of contents the IDs of each row's topics, comma-separated (empty
// for none), read by a correlated subquery on the link table's primary key: a piece and its
// topics in one statement.
func withTopicIDs(s *entsql.Selector) {
	b := entsql.Dialect(s.Dialect())
	t := b.Table(content.TopicsTable)
	topicID := t.C(content.TopicsPrimaryKey[1])
	// Never NULL: ent cannot tell the scan type of a NULL computed column on SQLite.
	agg := "coalesce(group_concat(" + topicID + "), '')"
	if s.Dialect() == dialect.Postgres {
		agg = "coalesce(string_agg(CAST(" + topicID + " AS TEXT), ','), '')"
	}
	sub := b.Select().AppendSelectExpr(entsql.Expr(agg)).From(t).
		Where(entsql.ColumnsEQ(t.C(content.TopicsPrimaryKey[0]), s.C(content.FieldID)))
	s.AppendSelectExprAs(sub, topicIDsColumn)
}

// topicIDs returns the IDs withTopicIDs read for c, in ID order.
func topicIDs(c *ent.Content) ([]int, error) {
	return appendTopicIDs(nil, c)
}

// appendTopicIDs appends the IDs withTopicIDs read for c to buf, in ID order.
func appendTopicIDs(buf []int, c *ent.Content) ([]int, error) {
	v, err := c.Value(topicIDsColumn)
	if err != nil {
		return nil, err
	}
	list, ok := database.Text(v)
	if !ok {
		return nil, fmt.Errorf("topic IDs of content %d: unexpected %T", c.ID, v)
	}
	start := len(buf)
	for list != "" {
		item, rest, _ := strings.Cut(list, ",")
		id, err := strconv.Atoi(item)
		if err != nil {
			return nil, fmt.Errorf("topic IDs of content %d: %w", c.ID, err)
		}
		buf = append(buf, id)
		list = rest
	}
	slices.Sort(buf[start:])
	return buf, nil
}

// rowTopicIDs returns the topic IDs withTopicIDs read for each of nodes, by content ID, or nil
// when any of them was read without.
func rowTopicIDs(nodes []*ent.Content) map[int][]int {
	links := make(map[int][]int, len(nodes))
	buf := make([]int, 0, 4*len(nodes))
	for _, n := range nodes {
		start := len(buf)
		var err error
		if buf, err = appendTopicIDs(buf, n); err != nil {
			return nil
		}
		links[n.ID] = buf[start:len(buf):len(buf)] // full: a later append cannot write into it
	}
	return links
}

// contentColumn is the column of each field of Content the direct write writes from a column.
var contentColumn = map[fieldKind]string{
	fCreatedAt: content.FieldCreatedAt, fUpdatedAt: content.FieldUpdatedAt, fContentKind: content.FieldKind,
	fTitle: content.FieldTitle, fSummary: content.FieldSummary, fBody: content.FieldBody,
	fMediaURL: content.FieldMediaURL, fThumbnailURL: content.FieldThumbnailURL,
	fDurationSeconds: content.FieldDurationSeconds, fLanguage: content.FieldLanguage,
	fHashtags: content.FieldHashtags, fStatus: content.FieldStatus, fContentWarning: content.FieldContentWarning,
	fClinicallyReviewed: content.FieldClinicallyReviewed, fPublishedAt: content.FieldPublishedAt,
	fCreator: content.FieldCreatorID, fOrganization: content.FieldOrganizationID,
}

// contentColumns are the columns p reads of a content row (the ID is always read).
func contentColumns(p *plan) []string {
	cols := make([]string, 0, len(p.fields)+1)
	cols = append(cols, content.FieldID)
	for _, f := range p.fields {
		if c, ok := contentColumn[f.kind]; ok && !slices.Contains(cols, c) {
			cols = append(cols, c)
		}
	}
	return cols
}

// selects reports whether p selects a field of kind k.
func (p *plan) selects(k fieldKind) bool {
	for _, f := range p.fields {
		if f.kind == k {
			return true
		}
	}
	return false
}

// fastContentNode answers node(id) for the ID of a content item when p, the selection, is
// written directly: the row (privacy filters it as in Noder, so a draft is null to the public)
// with its topics' IDs in one statement, its creator, organization and topics from memory.
func (r *Resolver) fastContentNode(ctx context.Context, p *plan, id int) (any, error) {
	topics := p.selects(fTopics)
	q := r.Client.Content.Query().Where(content.ID(id)).Select(contentColumns(p)...)
	if topics {
		q.Modify(withTopicIDs)
	}
	// A lookup by primary key: its plan never depends on the ID, so PostgreSQL keeps it prepared.
	c, err := q.Only(database.Prepared(ctx))
	if err != nil {
		if absentNode(err) {
			return nil, nil
		}
		return nil, err
	}
	w := &fastWriter{r: r, ctx: ctx}
	if topics {
		ids, err := topicIDs(c)
		if err != nil {
			return nil, err
		}
		w.links = map[int][]int{c.ID: ids}
	}
	if ok, err := w.prepare(ctx, []*plan{p}, []*ent.Content{c}); err != nil || !ok {
		return c, err // not ok: gqlgen writes it (and loads its edges)
	}
	return marshalerFunc(func(out io.Writer) { w.write(out, func(b *bytes.Buffer) { w.content(b, p, c) }) }), nil
}

// nodeArg returns the id argument of the node(id) field of fc.
func nodeArg(fc *graphql.FieldContext) (int, bool) {
	if fc.Object != "Query" || fc.Field.Name != "node" {
		return 0, false
	}
	id, ok := fc.Args["id"].(int)
	return id, ok
}

// creatorByHandle is creator(handle): from the dimension cache when there is one (every viewer
// reads every creator row; resolvers apply the per-field rules to whatever row they are handed).
func (r *Resolver) creatorByHandle(ctx context.Context, handle string) (*ent.Creator, error) {
	h := handleArg(handle)
	if r.Dims == nil {
		c, err := r.Client.Creator.Query().Where(creator.Handle(h)).Only(ctx)
		if absent(err) {
			return nil, nil
		}
		return c, err
	}
	c, err := r.Dims.CreatorByHandle(ctx, h)
	if c == nil || err != nil {
		if absent(err) {
			err = nil
		}
		return nil, err
	}
	cp := *c // the cached row is shared; resolvers get their own
	return &cp, nil
}

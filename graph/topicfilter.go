package graph

import (
	"fmt"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"haven/ent"
	"haven/ent/content"
	"haven/ent/topic"
)

// FeedFilter returns where as the public lists apply it: with its hasTopicsWith read the way each
// database walks best.
// ent writes the filter as `contents.id IN (SELECT content_id FROM content_topics JOIN topics …)`.
// PostgreSQL makes that a semi-join and walks the recency index, probing content_topics by its
// primary key for each row, until the page is full (TestPlansAtScale). SQLite instead gathers every
// piece of the topic first and sorts them: 0.8 s a page for a topic of 200,000 pieces in a million.
// On SQLite the filter is therefore a correlated
//
//	EXISTS (SELECT 1 FROM content_topics WHERE content_id = contents.id
//	        AND topic_id IN (SELECT id FROM topics WHERE …))
//
// which SQLite checks row by row along the recency index, on content_topics' primary key, as
// PostgreSQL does. Only the top-level hasTopicsWith is rewritten; the same filter inside and/or/not
// keeps ent's form, which is correct and only slower.
func FeedFilter(where *ent.ContentWhereInput) (*ent.ContentWhereInput, error) {
	if where == nil || len(where.HasTopicsWith) == 0 {
		return where, nil
	}
	// Every filter in the list applies to the same topic, as in ent's own HasTopicsWith: their
	// AND, which ent's generated code builds (and refuses when empty, a BAD_USER_INPUT).
	with, err := (&ent.TopicWhereInput{And: where.HasTopicsWith}).P()
	if err != nil {
		return nil, fmt.Errorf("%w: field 'HasTopicsWith'", err)
	}
	general := content.HasTopicsWith(with)
	w := *where
	w.HasTopicsWith = nil
	w.Predicates = append(w.Predicates[:len(w.Predicates):len(w.Predicates)], func(s *sql.Selector) {
		if s.Dialect() != dialect.SQLite {
			general(s)
			return
		}
		b := sql.Dialect(dialect.SQLite)
		topics := b.Select(topic.FieldID).From(sql.Table(topic.Table))
		with(topics)
		links := sql.Table(content.TopicsTable)
		s.Where(sql.Exists(b.Select(links.C(content.TopicsPrimaryKey[1])).From(links).Where(sql.And(
			sql.ColumnsEQ(links.C(content.TopicsPrimaryKey[0]), s.C(content.FieldID)),
			sql.In(links.C(content.TopicsPrimaryKey[1]), topics),
		))))
	})
	return &w, nil
}

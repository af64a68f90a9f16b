package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"haven/access"
	"haven/limit"
)

// Hashtag is the lower-cased name of a hashtag of live content. Content keeps its hashtags as
// written for display; this table and its join index make the hashtag filter an indexed lookup.
type Hashtag struct{ ent.Schema }

// Fields of the Hashtag.
func (Hashtag) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Unique().NotEmpty().MaxLen(limit.HashtagName),
	}
}

// Edges of the Hashtag.
func (Hashtag) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("contents", Content.Type).Ref("tags").Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Policy of the Hashtag.
func (Hashtag) Policy() ent.Policy {
	return access.Public(access.SubmissionPublish, access.SubmissionReview)
}

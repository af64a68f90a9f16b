package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"haven/access"
)

// Topic is a taxonomy entry. Content on a sensitive topic needs clinical review and carries a
// content warning.
type Topic struct{ ent.Schema }

// Fields of the Topic.
func (Topic) Fields() []ent.Field {
	return []ent.Field{
		field.String("slug").Unique().Validate(Slug),
		field.String("name").Validate(Text(1, 80)),
		field.String("description").Optional().Nillable().Validate(Text(0, 1000)).
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Bool("sensitive").Default(false),
	}
}

// Edges of the Topic.
func (Topic) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("contents", Content.Type).Ref("topics").Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("submissions", Submission.Type).Ref("topics").Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Policy of the Topic.
func (Topic) Policy() ent.Policy { return access.Public(access.TopicManage) }

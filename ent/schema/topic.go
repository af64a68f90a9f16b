package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"haven/access"
	"haven/limit"
)

// Topic is a taxonomy entry. Content on a sensitive topic needs clinical review and carries a
// content warning.
type Topic struct{ ent.Schema }

// Fields of the Topic.
func (Topic) Fields() []ent.Field {
	return []ent.Field{
		field.String("slug").Unique().Validate(limit.Slug),
		field.String("name").Validate(limit.Text(1, limit.ShortName)),
		field.String("description").Optional().Nillable().Validate(limit.Text(0, limit.Bio)).
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

package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"haven/ent/schema/enum"
	"haven/limit"

	"haven/access"
)

// Content is what the public sees: one piece of content holding a copy of the fields of its
// live revision (copy-on-publish). Public reads touch only these rows, so a draft cannot leak
// through a join.
type Content struct{ ent.Schema }

// Fields of the Content.
func (Content) Fields() []ent.Field {
	return append(revisionFields(),
		field.Enum("status").Values("LIVE", "UNPUBLISHED", "REMOVED").Default("LIVE").
			Annotations(entgql.Type("ContentStatus")),
		field.Enum("content_warning").Values("NONE", "SENSITIVE").Default("NONE").
			Annotations(entgql.Type("ContentWarning")),
		field.Bool("clinically_reviewed").Default(false),
		field.Time("published_at").Annotations(entgql.OrderField("PUBLISHED_AT")),
		field.Enum("removal_reason").GoType(enum.DecisionReason("")).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("removal_note").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("creator_id").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("organization_id").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
	)
}

// revisionFields are the fields a Submission proposes and publishing copies into its Content.
func revisionFields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").GoType(enum.ContentKind("")).Annotations(entgql.Type("ContentKind")),
		field.String("title").Validate(limit.Text(1, limit.Title)).Annotations(entgql.OrderField("TITLE")),
		field.String("summary").Validate(limit.Text(1, limit.Summary)).Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Text("body").Optional().Nillable().Validate(limit.Text(0, limit.Body)).
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("media_url").Optional().Nillable().Validate(limit.HTTPURL).
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("thumbnail_url").Optional().Nillable().Validate(limit.HTTPURL).
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("duration_seconds").Optional().Nillable().Range(1, 24*3600).
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("language").Default("en").Validate(limit.Language),
		field.JSON("hashtags", []string{}).SchemaType(textJSON).Default([]string{}).
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Edges of the Content.
func (Content) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("creator", Creator.Type).Ref("contents").Field("creator_id").Unique(),
		edge.From("organization", Organization.Type).Ref("contents").Field("organization_id").Unique(),
		edge.To("topics", Topic.Type),
		edge.To("tags", Hashtag.Type).Annotations(entgql.Skip(entgql.SkipType)),
		edge.From("revisions", Submission.Type).Ref("content").Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("reports", Report.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("features", Feature.Type).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the Content match the public orderings and filters: newest first overall and per
// creator, organization, kind and language. Each ends with the ID, the tie-break of the order and
// of the keyset cursor, so that a page deep in a list is one index seek on (published_at, id)
// and its rows come out in order with nothing left to sort.
func (Content) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "published_at", "id"),
		index.Fields("creator_id", "status", "published_at", "id"),
		index.Fields("organization_id", "status", "published_at", "id"),
		index.Fields("kind", "status", "published_at", "id"),
		index.Fields("language", "status", "published_at", "id"),
		index.Fields("status", "title"),
		index.Fields("status", "created_at"),
	}
}

// Mixin of the Content.
func (Content) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the Content.
func (Content) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// Policy of the Content.
func (Content) Policy() ent.Policy { return access.Content() }

package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"haven/access"
	"haven/limit"
)

// Creator is a public creator profile, owned by one Account.
type Creator struct{ ent.Schema }

// Fields of the Creator.
func (Creator) Fields() []ent.Field {
	return []ent.Field{
		field.String("handle").Unique().Immutable().Validate(limit.Handle).Annotations(entgql.OrderField("HANDLE")),
		field.String("display_name").Validate(limit.Text(1, limit.ShortName)).Annotations(entgql.OrderField("DISPLAY_NAME")),
		field.String("bio").Optional().Nillable().Validate(limit.Text(0, limit.Bio)),
		field.String("avatar_url").Optional().Nillable().Validate(limit.HTTPURL).
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		// verified_until is the latest expiry of the creator's verified credentials, kept in step
		// by credential verification so that the badge costs no query per creator.
		field.Time("verified_until").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("owner_id").Unique().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the Creator.
func (Creator) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("owner", Account.Type).Ref("creator").Field("owner_id").Unique().Required().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("contents", Content.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("submissions", Submission.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		// credentials load with field collection like any edge; the resolver still runs (it marks
		// each credential's owner, which its license number's guard needs).
		edge.To("credentials", Credential.Type).Annotations(entgql.Skip(entgql.SkipWhereInput), entgql.Directives(forceResolver)),
		edge.To("features", Feature.Type).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the Creator match its public orderings.
func (Creator) Indexes() []ent.Index {
	return []ent.Index{index.Fields("display_name")}
}

// Mixin of the Creator.
func (Creator) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the Creator.
func (Creator) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// Policy of the Creator.
func (Creator) Policy() ent.Policy { return access.Creator() }

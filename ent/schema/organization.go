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

// Organization is a partner organization: a nonprofit, a government body or a platform.
type Organization struct{ ent.Schema }

// Fields of the Organization.
func (Organization) Fields() []ent.Field {
	return []ent.Field{
		field.String("slug").Unique().Validate(limit.Slug).Annotations(entgql.OrderField("SLUG")),
		field.String("name").Validate(limit.Text(1, limit.Name)).Annotations(entgql.OrderField("NAME")),
		field.String("description").Optional().Nillable().Validate(limit.Text(0, limit.OrganizationDescription)),
		field.String("website_url").Optional().Nillable().Validate(limit.HTTPURL).
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Enum("kind").Values("NONPROFIT", "GOVERNMENT", "PLATFORM", "OTHER").Default("NONPROFIT"),
		field.Bool("verified").Default(false),
		field.JSON("regions", []string{}).SchemaType(textJSON).Optional().Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Edges of the Organization.
func (Organization) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("members", Account.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("contents", Content.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("submissions", Submission.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("grants", AdCreditGrant.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("hosted_events", Event.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("crisis_resources", CrisisResource.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("features", Feature.Type).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the Organization match its public orderings.
func (Organization) Indexes() []ent.Index {
	return []ent.Index{index.Fields("name")}
}

// Mixin of the Organization.
func (Organization) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the Organization.
func (Organization) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// Policy of the Organization.
func (Organization) Policy() ent.Policy { return access.Public(access.OrganizationManage) }

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

// AdCreditGrant is ad credit granted to an organization within a campaign's budget. Four eyes:
// one admin proposes, another approves.
type AdCreditGrant struct{ ent.Schema }

// Fields of the AdCreditGrant.
func (AdCreditGrant) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("amount_cents").Positive().Immutable(),
		// note and the admins' subjects are for admins; an organization's members see amounts and
		// status (their resolvers decide).
		field.String("note").Optional().Nillable().Validate(limit.NoteText).Annotations(entgql.Directives(forceResolver)),
		field.Enum("status").Values("PROPOSED", "APPROVED", "REVOKED").Default("PROPOSED"),
		field.String("proposed_by").Immutable().Annotations(entgql.Directives(forceResolver)),
		field.String("approved_by").Optional().Nillable().Annotations(entgql.Directives(forceResolver)),
		field.Time("approved_at").Optional().Nillable(),
		field.String("revoked_by").Optional().Nillable().Annotations(entgql.Directives(forceResolver)),
		field.String("revoke_reason").Optional().Nillable().Validate(limit.NoteText),
		field.Int("campaign_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("organization_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the AdCreditGrant.
func (AdCreditGrant) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("campaign", Campaign.Type).Ref("grants").Field("campaign_id").Unique().Required().Immutable(),
		edge.From("organization", Organization.Type).Ref("grants").Field("organization_id").Unique().Required().Immutable(),
	}
}

// Indexes of the AdCreditGrant.
func (AdCreditGrant) Indexes() []ent.Index {
	return []ent.Index{index.Fields("campaign_id", "status"), index.Fields("organization_id")}
}

// Mixin of the AdCreditGrant.
func (AdCreditGrant) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the AdCreditGrant.
func (AdCreditGrant) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipWhereInput)}
}

// CrisisResource is a hotline, text line, chat or web service for people in crisis, by region.
type CrisisResource struct{ ent.Schema }

// Fields of the CrisisResource.
func (CrisisResource) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").Unique().Validate(limit.Slug).Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("name").Validate(limit.Text(1, limit.Name)),
		field.Enum("kind").Values("CALL", "TEXT", "CHAT", "WEB"),
		field.String("contact").Validate(limit.Text(1, limit.Contact)),
		field.String("url").Optional().Nillable().Validate(limit.HTTPURL),
		field.JSON("regions", []string{}).SchemaType(textJSON),
		field.JSON("languages", []string{}).SchemaType(textJSON),
		// concerns are the crises a line specializes in (SUICIDE, SELF_HARM, EATING_DISORDER);
		// none means it takes every crisis. A risky search lists the lines for its concern first.
		field.JSON("concerns", []string{}).Default([]string{}).SchemaType(textJSON),
		field.String("hours").Default("24/7").Validate(limit.Text(1, limit.Name)),
		field.Int("priority").Default(0).Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("organization_id").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the CrisisResource.
func (CrisisResource) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("crisis_resources").Field("organization_id").Unique(),
	}
}

// Mixin of the CrisisResource.
func (CrisisResource) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the CrisisResource.
func (CrisisResource) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipWhereInput)}
}

// Policy of the AdCreditGrant.
func (AdCreditGrant) Policy() ent.Policy { return access.AdCreditGrant() }

// Policy of the CrisisResource.
func (CrisisResource) Policy() ent.Policy { return access.Public(access.CrisisResourceManage) }

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

// Campaign is a hub page such as #MentalHealthAwareness, with a time window, placements
// (features, spotlights, partner organizations), events and an ad-credit budget.
type Campaign struct{ ent.Schema }

// Fields of the Campaign.
func (Campaign) Fields() []ent.Field {
	return []ent.Field{
		field.String("slug").Unique().Validate(limit.Slug),
		field.String("name").Validate(limit.Text(1, limit.Name)),
		field.String("hashtag").Validate(limit.HashtagText),
		field.String("description").Optional().Nillable().Validate(limit.Text(0, limit.Description)),
		field.Time("starts_at"),
		field.Time("ends_at"),
		field.Int64("budget_cents").Default(0).NonNegative().Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the Campaign.
func (Campaign) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("features", Feature.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("events", Event.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("grants", AdCreditGrant.Type).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Mixin of the Campaign.
func (Campaign) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the Campaign.
func (Campaign) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipWhereInput)}
}

// Feature is a placement on a campaign page: a piece of content, a creator spotlight or a
// partner organization, in position order and within an optional time window.
type Feature struct{ ent.Schema }

// Fields of the Feature.
func (Feature) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("CONTENT", "CREATOR_SPOTLIGHT", "PARTNER_ORGANIZATION"),
		field.Int("position").Default(0).Range(0, 10000),
		field.Time("starts_at").Optional().Nillable(),
		field.Time("ends_at").Optional().Nillable(),
		field.String("created_by").Optional().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("campaign_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("content_id").Optional().Nillable().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("creator_id").Optional().Nillable().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("organization_id").Optional().Nillable().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the Feature.
func (Feature) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("campaign", Campaign.Type).Ref("features").Field("campaign_id").Unique().Required().Immutable(),
		edge.From("content", Content.Type).Ref("features").Field("content_id").Unique().Immutable(),
		edge.From("creator", Creator.Type).Ref("features").Field("creator_id").Unique().Immutable(),
		edge.From("organization", Organization.Type).Ref("features").Field("organization_id").Unique().Immutable(),
	}
}

// Indexes of the Feature.
func (Feature) Indexes() []ent.Index {
	return []ent.Index{index.Fields("campaign_id", "kind", "position")}
}

// Mixin of the Feature.
func (Feature) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the Feature.
func (Feature) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipWhereInput)}
}

// Policy of the Campaign.
func (Campaign) Policy() ent.Policy {
	return access.Public(access.CampaignCreate, access.CampaignUpdate, access.BudgetSet)
}

// Policy of the Feature.
func (Feature) Policy() ent.Policy {
	return access.Public(access.FeatureContent, access.FeatureSpotlight, access.FeaturePartner, access.FeatureRemove)
}

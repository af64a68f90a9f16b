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

// Event is a partner training, an awareness day or a livestream. Registrations never exceed its
// capacity: registered_count moves only by a conditional update.
type Event struct{ ent.Schema }

// Fields of the Event.
func (Event) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("TRAINING", "AWARENESS_DAY", "LIVESTREAM"),
		field.Enum("audience").Values("PARTNERS", "PUBLIC").Default("PUBLIC"),
		field.String("title").Validate(limit.Text(1, limit.Title)),
		field.String("description").Optional().Nillable().Validate(limit.Text(0, limit.Description)),
		field.Time("starts_at").Annotations(entgql.OrderField("STARTS_AT")),
		field.Time("ends_at"),
		field.Int("capacity").Optional().Nillable().Range(1, 1000000),
		field.Int("registered_count").Default(0).NonNegative(),
		field.Int("campaign_id").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("host_organization_id").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the Event.
func (Event) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("campaign", Campaign.Type).Ref("events").Field("campaign_id").Unique(),
		edge.From("host_organization", Organization.Type).Ref("hosted_events").Field("host_organization_id").Unique(),
		edge.To("registrations", Registration.Type).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the Event.
func (Event) Indexes() []ent.Index {
	return []ent.Index{index.Fields("campaign_id", "starts_at"), index.Fields("starts_at")}
}

// Mixin of the Event.
func (Event) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the Event.
func (Event) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput)}
}

// Registration is one account's seat at an event.
type Registration struct{ ent.Schema }

// Fields of the Registration.
func (Registration) Fields() []ent.Field {
	return []ent.Field{
		field.Int("event_id").Immutable(),
		field.Int("account_id").Immutable(),
	}
}

// Edges of the Registration.
func (Registration) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("event", Event.Type).Ref("registrations").Field("event_id").Unique().Required().Immutable(),
		edge.From("account", Account.Type).Ref("registrations").Field("account_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Registration: one seat per account and event.
func (Registration) Indexes() []ent.Index {
	return []ent.Index{index.Fields("event_id", "account_id").Unique()}
}

// Mixin of the Registration.
func (Registration) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the Registration.
func (Registration) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Policy of the Event.
func (Event) Policy() ent.Policy { return access.Public(access.EventCreate, access.EventUpdate) }

// Policy of the Registration.
func (Registration) Policy() ent.Policy { return access.Registration() }

package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"haven/access"
)

// AuditEvent is an append-only, hash-chained record of a decision. It is written in the same
// transaction as the change it records; its hash covers its canonical record and the previous
// event's hash, so editing or deleting a row breaks the chain.
type AuditEvent struct{ ent.Schema }

// Fields of the AuditEvent.
func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("seq").Unique().Immutable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Time("at").Immutable(),
		// actor and actor_roles are resolved per viewer: reporters stay unknown to all but the
		// staff who handle reports, and staff stay "staff" to authors.
		field.String("actor").Immutable().NotEmpty().Annotations(entgql.Directives(forceResolver)),
		field.JSON("actor_roles", []string{}).SchemaType(textJSON).Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput), entgql.Directives(forceResolver)),
		field.String("action").Immutable().NotEmpty(),
		field.String("entity_type").Immutable().NotEmpty(),
		field.Int("entity_id").Immutable().Annotations(entgql.Type("ID")),
		field.String("from_status").Optional().Nillable().Immutable(),
		field.String("to_status").Optional().Nillable().Immutable(),
		field.String("reason").Optional().Nillable().Immutable(),
		field.Text("note").Optional().Nillable().Immutable(),
		field.String("prev_hash").Immutable(),
		field.String("hash").Immutable().NotEmpty(),
	}
}

// Indexes of the AuditEvent.
func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("entity_id", "seq")}
}

// Annotations of the AuditEvent.
func (AuditEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput)}
}

// Policy of the AuditEvent.
func (AuditEvent) Policy() ent.Policy { return access.AuditEvent() }

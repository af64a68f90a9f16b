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

// Credential is a professional license claimed by a creator. Its license number is shown only to
// the creator and to admins.
type Credential struct{ ent.Schema }

// Fields of the Credential.
func (Credential) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("LPC", "LCSW", "LMFT", "PSYCHOLOGIST", "PSYCHIATRIST", "MD", "RD",
			"PEER_SPECIALIST", "OTHER"),
		field.String("jurisdiction").Validate(limit.Text(limit.JurisdictionMin, limit.Jurisdiction)),
		field.String("license_number").Validate(limit.Text(1, limit.LicenseNumber)).Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("expires_at"),
		field.Enum("status").Values("PENDING", "VERIFIED", "REJECTED").Default("PENDING"),
		field.String("review_note").Optional().Nillable().Validate(limit.NoteText).
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("reviewed_by").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("reviewed_at").Optional().Nillable(),
		field.Int("creator_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the Credential.
func (Credential) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("creator", Creator.Type).Ref("credentials").Field("creator_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Credential.
func (Credential) Indexes() []ent.Index {
	return []ent.Index{index.Fields("creator_id", "status")}
}

// Mixin of the Credential.
func (Credential) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the Credential.
func (Credential) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipWhereInput)}
}

// Policy of the Credential.
func (Credential) Policy() ent.Policy { return access.Credential() }

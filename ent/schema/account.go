package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"haven/access"
	"haven/limit"
)

// Account is a person known by the JWT subject. It is created on the subject's first signed-in
// request; roles always come from the token, never from this row.
type Account struct{ ent.Schema }

// Fields of the Account.
func (Account) Fields() []ent.Field {
	return []ent.Field{
		field.String("subject").Unique().Immutable().NotEmpty().MaxLen(limit.Subject),
		field.String("display_name").Optional().MaxLen(limit.DisplayName),
	}
}

// Edges of the Account.
func (Account) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("creator", Creator.Type).Unique().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.From("organizations", Organization.Type).Ref("members").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.To("registrations", Registration.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("submissions", Submission.Type).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Mixin of the Account.
func (Account) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the Account.
func (Account) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipWhereInput)}
}

// Policy of the Account.
func (Account) Policy() ent.Policy { return access.Account() }

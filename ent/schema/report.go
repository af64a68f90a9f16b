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

// Report is a flag on live content, raised by anyone, anonymous visitors included.
type Report struct{ ent.Schema }

// Fields of the Report.
func (Report) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("reason").Values("SELF_HARM_RISK", "MISINFORMATION", "HARASSMENT", "HATE", "SPAM", "OTHER").
			Annotations(entgql.Type("ReportReason")),
		field.String("details").Optional().Nillable().Validate(limit.NoteText).
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Enum("status").Values("OPEN", "DISMISSED", "ACTIONED").Default("OPEN").
			Annotations(entgql.Type("ReportStatus")),
		// priority orders the queue: self-harm risk first. It is derived from reason on create.
		field.Int("priority").Default(0).Annotations(entgql.Skip(entgql.SkipAll)),
		// queue_key orders the report queue with one keyset cursor: open first, then by priority,
		// then oldest. Resolving a report moves it behind the open ones.
		field.String("queue_key").Default("").
			Annotations(entgql.OrderField("QUEUE"), entgql.Skip(entgql.SkipType|entgql.SkipWhereInput)),
		field.String("reporter").Optional().Nillable().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("resolved_by").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Time("resolved_at").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("resolution_note").Optional().Nillable().Validate(limit.NoteText).
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Int("content_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the Report.
func (Report) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("content", Content.Type).Ref("reports").Field("content_id").Unique().Required().Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the Report.
func (Report) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "queue_key"),
		index.Fields("queue_key"),
		index.Fields("content_id", "status"),
		index.Fields("reporter", "created_at"),
	}
}

// Mixin of the Report.
func (Report) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the Report.
func (Report) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput)}
}

// Policy of the Report.
func (Report) Policy() ent.Policy { return access.Report() }

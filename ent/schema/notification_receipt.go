package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ReportReceipt lets whoever filed a report, anonymous visitors included, learn its outcome: a
// random token shown once when the report is filed, kept only as its SHA-256. The token reads
// that report's status and nothing else (package inbox).
type ReportReceipt struct{ ent.Schema }

// Fields of the ReportReceipt.
func (ReportReceipt) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").Unique().Immutable().NotEmpty().MaxLen(64).Sensitive(),
		field.Int("report_id").Immutable(),
		field.Time("created_at").Immutable(),
	}
}

// Indexes of the ReportReceipt.
func (ReportReceipt) Indexes() []ent.Index {
	return []ent.Index{index.Fields("report_id")}
}

// Annotations of the ReportReceipt.
func (ReportReceipt) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Policy of the ReportReceipt.
func (ReportReceipt) Policy() ent.Policy { return inboxOnly() }

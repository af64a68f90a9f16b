package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"haven/ent/schema/enum"
	"haven/limit"

	"haven/access"
)

// Submission is one proposed revision of a Content and the unit of moderation. Its proposed
// fields are frozen once submitted; only the workflow moves its status.
type Submission struct{ ent.Schema }

// Fields of the Submission.
func (Submission) Fields() []ent.Field {
	return append(revisionFields(),
		field.Enum("status").Values("DRAFT", "SUBMITTED", "IN_REVIEW", "CHANGES_REQUESTED", "APPROVED",
			"REJECTED", "WITHDRAWN", "SCHEDULED", "PUBLISHED", "SUPERSEDED").Default("DRAFT").
			Annotations(entgql.Type("SubmissionStatus")),
		field.Int("version").Default(1).Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Bool("sensitive").Default(false),
		field.Time("submitted_at").Optional().Nillable().Annotations(entgql.OrderField("SUBMITTED_AT")),
		// claimed_by names a reviewer; its resolver shows it to staff only, so authors never learn
		// which moderator holds their work.
		field.String("claimed_by").Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipWhereInput), entgql.Directives(forceResolver)),
		field.Time("claim_expires_at").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Enum("decision_reason").GoType(enum.DecisionReason("")).Optional().Nillable().
			Annotations(entgql.Type("DecisionReason"), entgql.Skip(entgql.SkipWhereInput)),
		field.String("decision_note").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("decided_by").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("approved_by").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("rejected_by").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.JSON("checks", []enum.SafeMessagingCheck{}).SchemaType(textJSON).Optional().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Bool("appealed").Default(false),
		field.String("appeal_note").Optional().Nillable().Validate(limit.NoteText).
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Time("publish_at").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.String("published_by").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Time("published_at").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipWhereInput)),
		// reported is raised when a report on the live content of this revision sends it back to
		// moderators; the queue puts such items first.
		field.Bool("reported").Default(false).Annotations(entgql.Skip(entgql.SkipWhereInput)),
		// queue_key orders the moderation queue with one keyset cursor: reported first, then
		// sensitive, then oldest submitted. The workflow keeps it in step with those fields.
		field.String("queue_key").Default("").
			Annotations(entgql.OrderField("QUEUE"), entgql.Skip(entgql.SkipType|entgql.SkipWhereInput)),
		field.Int("author_id").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("creator_id").Optional().Nillable().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("organization_id").Optional().Nillable().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("content_id").Optional().Nillable().Annotations(entgql.Skip(entgql.SkipAll)),
	)
}

// Edges of the Submission.
func (Submission) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("author", Account.Type).Ref("submissions").Field("author_id").Unique().Required().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("creator", Creator.Type).Ref("submissions").Field("creator_id").Unique().Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.From("organization", Organization.Type).Ref("submissions").Field("organization_id").Unique().Immutable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.To("content", Content.Type).Field("content_id").Unique().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.To("topics", Topic.Type).Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

// Indexes of the Submission serve the moderation queue and the per-author and per-content lists.
func (Submission) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "submitted_at"),
		index.Fields("status", "queue_key"),
		index.Fields("status", "publish_at"),
		index.Fields("author_id", "status"),
		index.Fields("organization_id", "status"),
		index.Fields("content_id", "status"),
	}
}

// Mixin of the Submission.
func (Submission) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the Submission.
func (Submission) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}

// Policy of the Submission.
func (Submission) Policy() ent.Policy { return access.Submission() }

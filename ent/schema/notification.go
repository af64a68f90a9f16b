package schema

import (
	"context"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"haven/ent/privacy"
)

// Notification tells one account, or everyone holding one role, of a change that concerns them:
// a decision on their submission, their content taken down, their report resolved. It is written
// by package inbox in the transaction of the change. Exactly one of recipient_id (an account)
// and recipient_role (an audience such as "admin"; roles live in tokens, so every holder of the
// role sees the row) is set. Whether a recipient has read it is a NotificationRead row.
type Notification struct{ ent.Schema }

// NotificationKinds are the kinds of notification (docs/notifications.md says who gets which).
var NotificationKinds = []string{
	"SUBMITTED", "CHANGES_REQUESTED", "REJECTED", "APPROVED", "SCHEDULED", "PUBLISHED",
	"UNPUBLISHED", "TAKEN_DOWN", "APPEAL_DECIDED", "REPORT_RESOLVED", "WEBHOOK_ENDPOINT_DISABLED",
	"WITHDRAWN", "SCHEDULE_CANCELLED", "SUPERSEDED",
}

// Fields of the Notification.
func (Notification) Fields() []ent.Field {
	return []ent.Field{
		field.Int("recipient_id").Optional().Nillable().Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("recipient_role").Optional().Nillable().Immutable().MaxLen(64).Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("kind").Values(NotificationKinds...).Immutable().Annotations(entgql.Type("NotificationKind")),
		// The entity the notification is about: "Submission", "Content", "Report" or
		// "WebhookEndpoint", and its ID.
		field.String("entity_type").Immutable().NotEmpty().MaxLen(64),
		field.Int("entity_id").Immutable().Annotations(entgql.Type("ID")),
		// title is the submission's or content's title when the notification was written.
		field.String("title").Optional().Nillable().Immutable(),
		// outcome is where the change led (an appeal's decision, a report's resolution).
		field.String("outcome").Optional().Nillable().Immutable().MaxLen(64),
		field.String("reason").Optional().Nillable().Immutable(),
		field.Text("note").Optional().Nillable().Immutable(),
		// appeal_open says, on a rejection, whether the author may still appeal.
		field.Bool("appeal_open").Optional().Nillable().Immutable(),
		// actor is who acted as the recipient may learn it: "staff", "system", or a member of the
		// author's own side by subject. A moderator is never named.
		field.String("actor").Immutable().NotEmpty().MaxLen(256),
		field.Time("created_at").Immutable(),
	}
}

// Edges of the Notification.
func (Notification) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("reads", NotificationRead.Type).
			Annotations(entsql.OnDelete(entsql.Cascade), entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the Notification: a recipient's inbox is read newest first by ID.
func (Notification) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("recipient_id"),
		index.Fields("recipient_role"),
		index.Fields("created_at"),
	}
}

// Annotations of the Notification.
func (Notification) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput | entgql.SkipMutationCreateInput | entgql.SkipMutationUpdateInput)}
}

// Policy of the Notification: nobody reads or writes the table but package inbox, which filters
// by recipient itself and acts with an allow decision. A client fetching a notification by node
// ID is refused.
func (Notification) Policy() ent.Policy { return inboxOnly() }

// NotificationRead marks a notification read by one account. Account-addressed and
// role-addressed rows are marked alike: a notification is unread for an account until this row
// exists for the pair.
type NotificationRead struct{ ent.Schema }

// Fields of the NotificationRead.
func (NotificationRead) Fields() []ent.Field {
	return []ent.Field{
		field.Int("notification_id").Immutable(),
		field.Int("account_id").Immutable(),
		field.Time("read_at").Immutable(),
	}
}

// Edges of the NotificationRead.
func (NotificationRead) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("notification", Notification.Type).Ref("reads").Field("notification_id").
			Unique().Required().Immutable(),
	}
}

// Indexes of the NotificationRead.
func (NotificationRead) Indexes() []ent.Index {
	return []ent.Index{index.Fields("notification_id", "account_id").Unique()}
}

// Annotations of the NotificationRead.
func (NotificationRead) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Policy of the NotificationRead.
func (NotificationRead) Policy() ent.Policy { return inboxOnly() }

// inboxOnly admits only callers that decided to allow (package inbox, as the system).
func inboxOnly() ent.Policy {
	deny := privacy.ContextQueryMutationRule(func(context.Context) error {
		return privacy.Denyf("notifications are read through the viewer's inbox only")
	})
	return privacy.Policy{
		Query:    privacy.QueryPolicy{deny},
		Mutation: privacy.MutationPolicy{deny},
	}
}

package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"haven/access"
	"haven/limit"
)

// WebhookEndpoint is a receiver an admin registered: Haven signs and posts the events it asked
// for to its URL (package webhook). The GraphQL types are written by hand in webhooks.graphqls,
// so the signing secret can never be selected.
type WebhookEndpoint struct{ ent.Schema }

// Fields of the WebhookEndpoint.
func (WebhookEndpoint) Fields() []ent.Field {
	return []ent.Field{
		field.String("url").Validate(limit.HTTPURL),
		field.JSON("event_types", []string{}).SchemaType(textJSON),
		// secret is the signing key, "whsec_" + base64 of 32 random bytes. Haven must read it back
		// to sign, so it is stored as issued (not hashed); it is Sensitive, so ent never prints it,
		// and no GraphQL type exposes it. docs/webhooks.md explains the choice.
		field.String("secret").Sensitive().NotEmpty(),
		field.Bool("enabled").Default(true),
		// created_by is the subject of the admin who registered the endpoint.
		field.String("created_by").Immutable().NotEmpty(),
		// failing_since is when the endpoint's current run of failed attempts began; nil while
		// it answers. A day of failures disables it.
		field.Time("failing_since").Optional().Nillable(),
		// disabled_reason says why a disabled endpoint is off (an admin, or a day of failures).
		field.String("disabled_reason").Optional().Nillable(),
	}
}

// Edges of the WebhookEndpoint.
func (WebhookEndpoint) Edges() []ent.Edge {
	return []ent.Edge{edge.To("deliveries", WebhookDelivery.Type)}
}

// Mixin of the WebhookEndpoint.
func (WebhookEndpoint) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the WebhookEndpoint.
func (WebhookEndpoint) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Policy of the WebhookEndpoint.
func (WebhookEndpoint) Policy() ent.Policy { return access.Restricted(access.WebhookManage) }

// WebhookDelivery is one event to send to one endpoint: the outbox row, written by the audit
// log's observer in the transaction of the change it reports, then sent (and retried) by the
// delivery worker of any replica.
type WebhookDelivery struct{ ent.Schema }

// Fields of the WebhookDelivery.
func (WebhookDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.Int("endpoint_id").Immutable(),
		// message_id is the webhook-id header: the same on every attempt, so a receiver can
		// drop a repeat.
		field.String("message_id").Immutable().NotEmpty(),
		field.String("event_type").Immutable().NotEmpty(),
		// audit_event_id is the audit event the delivery reports.
		field.Int("audit_event_id").Immutable(),
		// payload is the JSON body, fixed when the event is recorded (see webhook.Payload).
		field.Text("payload"),
		field.Enum("status").Values("PENDING", "DELIVERED", "FAILED").Default("PENDING"),
		field.Int("attempts").Default(0),
		// next_attempt_at is when a worker may next take the delivery. A worker that takes it
		// moves it a lease ahead first, so no other replica sends it meanwhile.
		field.Time("next_attempt_at"),
		field.Int("last_status_code").Optional().Nillable(),
		// last_error is a short code for the last failure (HTTP_500, TIMEOUT, REFUSED_ADDRESS…),
		// never a response body or a secret.
		field.String("last_error").Optional().Nillable(),
		field.Time("last_attempt_at").Optional().Nillable(),
		// give_up_at ends the retries: a day after the event, or after an admin's retry.
		field.Time("give_up_at"),
		field.Time("delivered_at").Optional().Nillable(),
		field.Time("created_at").Default(time.Now).Immutable(),
	}
}

// Edges of the WebhookDelivery.
func (WebhookDelivery) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("endpoint", WebhookEndpoint.Type).Ref("deliveries").Field("endpoint_id").
			Unique().Required().Immutable(),
	}
}

// Indexes of the WebhookDelivery.
func (WebhookDelivery) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("status", "next_attempt_at"),
		index.Fields("endpoint_id", "created_at"),
		index.Fields("audit_event_id", "endpoint_id").Unique(),
	}
}

// Annotations of the WebhookDelivery.
func (WebhookDelivery) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Policy of the WebhookDelivery.
func (WebhookDelivery) Policy() ent.Policy { return access.Restricted(access.WebhookManage) }

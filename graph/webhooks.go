package graph

import (
	"strings"

	"haven/graph/model"
	"haven/webhook"
)

// webhookEventType is the GraphQL name of an event type: content.published is
// CONTENT_PUBLISHED.
func webhookEventType(t string) model.WebhookEventType {
	return model.WebhookEventType(strings.ToUpper(strings.ReplaceAll(t, ".", "_")))
}

// webhookEventTypeName is the event type a GraphQL enum value names ("" for none).
func webhookEventTypeName(t model.WebhookEventType) string {
	for _, name := range webhook.EventTypes {
		if webhookEventType(name) == t {
			return name
		}
	}
	return ""
}

func webhookEventTypes(ts []string) []model.WebhookEventType {
	out := make([]model.WebhookEventType, len(ts))
	for i, t := range ts {
		out[i] = webhookEventType(t)
	}
	return out
}

// Package enum holds the enumerations that more than one ent schema shares, so that the
// GraphQL schema names each of them once (ContentKind on Content and Submission, DecisionReason
// on decisions and take-downs).
package enum

import (
	"fmt"
	"io"
	"strconv"
)

// ContentKind is what a piece of content is.
type ContentKind string

// The kinds of content.
const (
	KindVideo        ContentKind = "VIDEO"
	KindArticle      ContentKind = "ARTICLE"
	KindResourceLink ContentKind = "RESOURCE_LINK"
	KindGuide        ContentKind = "GUIDE"
)

// Values lists the kinds for ent.
func (ContentKind) Values() []string {
	return []string{string(KindVideo), string(KindArticle), string(KindResourceLink), string(KindGuide)}
}

// MarshalGQL writes the kind as a GraphQL enum value.
func (k ContentKind) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(k))) }

// UnmarshalGQL reads a GraphQL enum value.
func (k *ContentKind) UnmarshalGQL(v any) error {
	return unmarshal(v, k, ContentKind.Values, "ContentKind")
}

// DecisionReason is why a moderator sent back, rejected or took down content.
type DecisionReason string

// The decision reasons.
const (
	ReasonSafeMessaging  DecisionReason = "SAFE_MESSAGING"
	ReasonMisinformation DecisionReason = "MISINFORMATION"
	ReasonOffTopic       DecisionReason = "OFF_TOPIC"
	ReasonQuality        DecisionReason = "QUALITY"
	ReasonSpam           DecisionReason = "SPAM"
	ReasonHarmful        DecisionReason = "HARMFUL"
	ReasonOther          DecisionReason = "OTHER"
)

// Values lists the reasons for ent.
func (DecisionReason) Values() []string {
	return []string{string(ReasonSafeMessaging), string(ReasonMisinformation), string(ReasonOffTopic),
		string(ReasonQuality), string(ReasonSpam), string(ReasonHarmful), string(ReasonOther)}
}

// MarshalGQL writes the reason as a GraphQL enum value.
func (r DecisionReason) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(r))) }

// UnmarshalGQL reads a GraphQL enum value.
func (r *DecisionReason) UnmarshalGQL(v any) error {
	return unmarshal(v, r, DecisionReason.Values, "DecisionReason")
}

// SafeMessagingCheck is one item of the safe-messaging checklist a clinical reviewer attests
// before approving a sensitive submission.
type SafeMessagingCheck string

// The safe-messaging checklist; a sensitive submission needs every item.
const (
	CheckNoMethodDetail         SafeMessagingCheck = "NO_METHOD_DETAIL"
	CheckNoGraphicImagery       SafeMessagingCheck = "NO_GRAPHIC_IMAGERY"
	CheckHopeAndRecovery        SafeMessagingCheck = "HOPE_AND_RECOVERY"
	CheckHelpSeekingCTA         SafeMessagingCheck = "HELP_SEEKING_CTA"
	CheckCrisisResourcesLinked  SafeMessagingCheck = "CRISIS_RESOURCES_LINKED"
	CheckNoStigmatizingLanguage SafeMessagingCheck = "NO_STIGMATIZING_LANGUAGE"
)

// SafeMessagingChecks returns the whole checklist, in the order reviewers read it.
func SafeMessagingChecks() []SafeMessagingCheck {
	return []SafeMessagingCheck{CheckNoMethodDetail, CheckNoGraphicImagery, CheckHopeAndRecovery,
		CheckHelpSeekingCTA, CheckCrisisResourcesLinked, CheckNoStigmatizingLanguage}
}

// Values lists the checks.
func (SafeMessagingCheck) Values() []string {
	all := SafeMessagingChecks()
	out := make([]string, len(all))
	for i, c := range all {
		out[i] = string(c)
	}
	return out
}

// MarshalGQL writes the check as a GraphQL enum value.
func (c SafeMessagingCheck) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(c)))
}

// UnmarshalGQL reads a GraphQL enum value.
func (c *SafeMessagingCheck) UnmarshalGQL(v any) error {
	return unmarshal(v, c, SafeMessagingCheck.Values, "SafeMessagingCheck")
}

// Validate reports whether the check is on the checklist.
func (c SafeMessagingCheck) Validate() error {
	return unmarshal(any(string(c)), &c, SafeMessagingCheck.Values, "SafeMessagingCheck")
}

// Validate reports whether the kind is known, for callers that did not come through GraphQL.
func (k ContentKind) Validate() error {
	return unmarshal(any(string(k)), &k, ContentKind.Values, "ContentKind")
}

// Validate reports whether the reason is known, for callers that did not come through GraphQL.
func (r DecisionReason) Validate() error {
	return unmarshal(any(string(r)), &r, DecisionReason.Values, "DecisionReason")
}

func unmarshal[T ~string](v any, dst *T, values func(T) []string, name string) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("%s must be a string", name)
	}
	for _, known := range values(*dst) {
		if s == known {
			*dst = T(s)
			return nil
		}
	}
	return fmt.Errorf("%q is not a valid %s", s, name)
}

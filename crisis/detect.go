// Package crisis detects search queries that signal a risk of suicide,
// self-harm or an eating-disorder crisis, so that the hub can lead the search
// result with crisis resources, and tells when a query seeks a method of harm
// so that the result lists nothing about it.
//
// Detection reads what a query means rather than matching fixed phrases. The
// lexicon (lang_*.go) groups words into concepts — a speaker (I, me, my), an
// intent or state (want, ready, tired of, better off), a harm (die, kill, cut,
// starve, purge) — and the rules combine concepts in order with a few words
// allowed between them ("SELF ~3 WANT ~2 DIE"). Method-seeking is a harm with
// a question of quantity, manner or place; an acute crisis is an act under way
// or just done, or a goodbye. Titles and idioms ("suicide squad", "purging a
// radiator", "tired of living paycheck to paycheck") are matched over the
// whole query first and take their words out of it.
//
// Missing a person at risk is the dangerous error, so every word that matters
// is read through leetspeak, masked and spaced-out letters, lookalike Unicode,
// repeated letters, one-letter misspellings and words run together. English,
// Spanish, French, Portuguese, Tagalog and Vietnamese are read word by word;
// Chinese, Korean and Arabic by patterns over their letters. Detection is pure
// Go, offline, and keeps nothing of the query.
package crisis

// Category is the kind of risk a query signals.
type Category string

// The risk categories, in order of precedence when several rules match.
const (
	Suicide        Category = "SUICIDE"
	SelfHarm       Category = "SELF_HARM"
	EatingDisorder Category = "EATING_DISORDER"
)

// rank orders categories by precedence; lower is more urgent.
func (c Category) rank() int {
	switch c {
	case Suicide:
		return 0
	case SelfHarm:
		return 1
	case EatingDisorder:
		return 2
	}
	return 3
}

// Signal is the result of Detect. The zero Signal means no risk was found.
type Signal struct {
	// Risk reports whether the query signals risk.
	Risk bool
	// Category is the most urgent category that matched.
	Category Category
	// Method reports a search for a way, dose, place or means of harm: the
	// result must lead with support and show no content about the method.
	Method bool
	// Acute reports an act under way or just done, or a goodbye.
	Acute bool
	// Language is the ISO 639-1 code of the language the query is written
	// in, when Detect can tell ("es", "zh"); empty otherwise.
	Language string
	// Phrase is the rule that matched, as written in the rule table.
	Phrase string
}

// Detect reports whether query signals a risk of suicide, self-harm or an
// eating-disorder crisis. When several rules match, Suicide takes precedence
// over SelfHarm, and SelfHarm over EatingDisorder. Detect is safe for
// concurrent use and keeps nothing of the query.
func Detect(query string) Signal {
	var m match
	table.matchWords(table.read(query), &m)
	table.matchScripts(query, &m)
	if m.best == nil {
		return Signal{}
	}
	return Signal{
		Risk: true, Category: m.best.category, Method: m.method, Acute: m.acute,
		Language: guessLanguage(query, m.lang), Phrase: m.best.pattern,
	}
}

// Message returns the supportive message shown above the crisis resources for
// category c. Unknown categories get a general message.
func Message(c Category) string {
	switch c {
	case Suicide:
		return "You're not alone. If you're thinking about suicide or " +
			"hurting yourself, you can talk to someone right now, for free, " +
			"any time."
	case SelfHarm:
		return "You don't have to go through this alone. If you're hurting " +
			"yourself or feel the urge to, you can talk to someone right " +
			"now, for free, any time."
	case EatingDisorder:
		return "You deserve support. If food, eating or your body feel hard " +
			"to cope with right now, you can talk to someone who " +
			"understands, for free."
	}
	return "You're not alone. If things feel too much right now, you can " +
		"talk to someone, for free, any time."
}

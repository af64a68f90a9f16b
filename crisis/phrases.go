package crisis

// phrase is one curated risk phrase. Phrases are written the way people type
// them; at init they are passed through the same normalization as queries, so
// "don't" and "dont", "self-harm" and "self harm" need only one entry each.
type phrase struct {
	text     string
	category Category
}

// phrases is the curated phrase table. Matching is on whole tokens of the
// normalized query, so an entry never matches inside a longer word ("pro ana"
// does not match "pro analysis", "kms" does not match "skms").
//
// On top of the literal entries, Detect also recognises:
//   - repeated-letter and doubled-letter variants ("kil myself", "diiie");
//   - masked letters with '*' ("s*icide", "k*ll myself");
//   - spaced or dotted spellings of any phrase whose letters, glued together,
//     number six or more ("s u i c i d e", "s.e.l.f h.a.r.m", "kill my self");
//   - one-letter typos of the words listed in typoTolerant;
//   - the chat shorthand listed in shorthand ("want 2 die", "kill urself").
//
// Deliberately left out, with reasons:
//   - "ctb" / "catch the bus": algospeak for suicide in some communities, but
//     far more often literal ("catch the bus to school"); the false positives
//     would be routine rather than rare.
//   - "sh" alone: also "shh", initials, a shell prompt; it only counts next to
//     a self-harm word ("sh scars", "sh urges").
//   - "beans", "barcode", "cat scratches" (self-harm slang): everyday words.
//   - the knife emoji and other emoji: normalization drops symbols, so emoji
//     never trigger on their own; they are used for cooking and films far more
//     than as a risk signal, and any words around them are still checked.
//   - "purge" alone: a film, a CSS tool and a database verb. "purging" is kept
//     because on this hub it is overwhelmingly the eating-disorder behaviour.
//   - "overdose" alone: mostly accidental-overdose and harm-reduction searches;
//     the intent phrases ("how to overdose") are listed instead.
//   - "ana", "mia" alone: common first names ("mia farrow"); they count only
//     in pro-ana compounds ("ana tips", "pro mia").
var phrases = []phrase{
	// Suicide: the word itself and its forms. Kept even though it also
	// matches titles such as "suicide squad": showing resources is cheap.
	{"suicide", Suicide},
	{"suicides", Suicide},
	{"suicidal", Suicide},
	{"suicidality", Suicide},
	{"suicide ideation", Suicide},

	// Suicide: first-person intent.
	{"kill myself", Suicide},
	{"killing myself", Suicide},
	{"kill yourself", Suicide},
	{"end my life", Suicide},
	{"ending my life", Suicide},
	{"end it all", Suicide},
	{"ending it all", Suicide},
	{"take my own life", Suicide},
	{"take my life", Suicide},
	{"taking my own life", Suicide},
	{"want to die", Suicide},
	{"wanna die", Suicide},
	{"wanting to die", Suicide},
	{"want to be dead", Suicide},
	{"wish i was dead", Suicide},
	{"wish i were dead", Suicide},
	{"wish i wasn't alive", Suicide},
	{"wish i was never born", Suicide},
	{"don't want to live", Suicide},
	{"do not want to live", Suicide},
	{"don't wanna live", Suicide},
	{"don't want to be alive", Suicide},
	{"do not want to be alive", Suicide},
	{"don't want to exist", Suicide},
	{"don't want to be here anymore", Suicide},
	{"don't want to be here any more", Suicide},
	{"do not want to be here anymore", Suicide},
	{"don't wanna be here anymore", Suicide},
	{"don't want to wake up", Suicide},
	{"hope i don't wake up", Suicide},
	{"want to disappear", Suicide},
	{"wanna disappear", Suicide},

	// Suicide: hopelessness and burden statements.
	{"no reason to live", Suicide},
	{"no reasons to live", Suicide},
	{"nothing to live for", Suicide},
	{"no point in living", Suicide},
	{"no point living", Suicide},
	{"no will to live", Suicide},
	{"lost the will to live", Suicide},
	{"not worth living", Suicide},
	{"tired of living", Suicide},
	{"better off dead", Suicide},
	{"better off without me", Suicide},

	// Suicide: method searches.
	{"how to overdose", Suicide},
	{"overdose on purpose", Suicide},
	{"lethal dose", Suicide},
	{"pills to die", Suicide},
	{"pills to overdose", Suicide},
	{"jump off a bridge", Suicide},
	{"jump off the bridge", Suicide},
	{"jumping off a bridge", Suicide},
	{"jump off a building", Suicide},
	{"jump off a roof", Suicide},
	{"jump in front of a train", Suicide},
	{"hang myself", Suicide},
	{"hanging myself", Suicide},
	{"shoot myself", Suicide},
	{"slit my wrists", Suicide},
	{"slit my wrist", Suicide},
	{"painless way to die", Suicide},
	{"painless ways to die", Suicide},
	{"easiest way to die", Suicide},
	{"painless death", Suicide},

	// Suicide: coded language and algospeak used to get past filters.
	{"unalive", Suicide},
	{"unalive myself", Suicide},
	{"unaliving", Suicide},
	{"unalived", Suicide},
	{"kms", Suicide},         // "kill myself"; not after a number: see vetoes
	{"want to kms", Suicide}, // "want 2 kms": "2" would veto plain "kms"
	{"going to kms", Suicide},
	{"about to kms", Suicide},
	{"ready to kms", Suicide},
	{"kys", Suicide}, // "kill yourself"; the searcher may be its target
	{"sewerslide", Suicide},
	{"sewer slide", Suicide},
	{"self delete", Suicide},
	{"self deletion", Suicide},
	{"grippy sock vacation", Suicide}, // psychiatric admission
	{"grippy sock holiday", Suicide},
	{"toaster bath", Suicide},

	// Self-harm: the term and clinical forms.
	{"self harm", SelfHarm},
	{"self harming", SelfHarm},
	{"self harmed", SelfHarm},
	{"self harmer", SelfHarm},
	{"self injury", SelfHarm},
	{"self injure", SelfHarm},
	{"self injuring", SelfHarm},
	{"self mutilation", SelfHarm},
	{"nssi", SelfHarm},

	// Self-harm: first-person behaviour.
	{"hurt myself", SelfHarm},
	{"hurting myself", SelfHarm},
	{"harm myself", SelfHarm},
	{"harming myself", SelfHarm},
	{"cut myself", SelfHarm},
	{"cutting myself", SelfHarm},
	{"cut my wrists", SelfHarm},
	{"cut my wrist", SelfHarm},
	{"burn myself", SelfHarm},
	{"burning myself", SelfHarm},
	{"hide my cuts", SelfHarm},
	{"hide cuts", SelfHarm},

	// Self-harm: "sh" shorthand, only next to a self-harm word.
	{"sh cuts", SelfHarm},
	{"sh scars", SelfHarm},
	{"sh urges", SelfHarm},
	{"sh relapse", SelfHarm},
	{"sh wounds", SelfHarm},

	// Eating disorders: condition names. Treated like "suicide" and
	// "self harm": someone looking these up may be the one struggling.
	{"eating disorder", EatingDisorder},
	{"anorexia", EatingDisorder},
	{"anorexic", EatingDisorder},
	{"bulimia", EatingDisorder},
	{"bulimic", EatingDisorder},

	// Eating disorders: restriction and purging behaviour.
	{"starve myself", EatingDisorder},
	{"starving myself", EatingDisorder},
	{"starve yourself", EatingDisorder},
	{"not eating for days", EatingDisorder},
	{"not eaten for days", EatingDisorder},
	{"not eaten in days", EatingDisorder},
	{"haven't eaten in days", EatingDisorder},
	{"haven't eaten for days", EatingDisorder},
	{"purging", EatingDisorder},
	{"how to purge", EatingDisorder},
	{"purge after eating", EatingDisorder},
	{"binge and purge", EatingDisorder},
	{"make myself throw up", EatingDisorder},
	{"make myself vomit", EatingDisorder},
	{"make myself puke", EatingDisorder},
	{"chew and spit", EatingDisorder},
	{"laxatives to lose weight", EatingDisorder},

	// Eating disorders: pro-ED community terms and hashtags.
	{"pro ana", EatingDisorder},
	{"proana", EatingDisorder},
	{"pro mia", EatingDisorder},
	{"promia", EatingDisorder},
	{"ana tips", EatingDisorder},
	{"mia tips", EatingDisorder},
	{"ana coach", EatingDisorder},
	{"ana buddy", EatingDisorder},
	{"thinspo", EatingDisorder},
	{"thinspiration", EatingDisorder},
	{"meanspo", EatingDisorder},
	{"bonespo", EatingDisorder},
	{"edtwt", EatingDisorder},
	{"ed twt", EatingDisorder},
}

// typoTolerant lists phrase words long and distinctive enough that a query
// word one edit away (insert, delete, substitute or swap two neighbours) is
// taken as a misspelling: "sucide", "suiside", "suicdal", "kill myslef".
// Words like "purging" (one edit from "purring", "surging") must not be here.
var typoTolerant = []string{"suicide", "suicidal", "myself", "yourself"}

// shorthand maps chat shorthand to the phrase word it stands for.
var shorthand = map[string]string{
	"2":      "to",
	"4":      "for",
	"u":      "you",
	"ur":     "your",
	"urself": "yourself",
	"ded":    "dead",
	"too":    "to",
}

// vetoes are contexts in which a phrase is not a risk signal. The phrase sits
// in brackets; the words around it must appear right next to the match. The
// token "#" stands for any number, digits or words ("5 kms", "ten kms").
var vetoes = []string{
	// "kms" is also the plural of km and a cloud key service.
	"# [kms]",
	"hundreds of [kms]",
	"thousands of [kms]",
	"how many [kms]",
	"[kms] to miles",
	"[kms] in miles",
	"[kms] per",
	"[kms] away",
	"[kms] from",
	"[kms] run",
	"[kms] walk",
	"[kms] drive",
	"[kms] long",
	"aws [kms]",
	"[kms] key",
	"[kms] activation",

	// A self-portrait, spelled with a space.
	"[hang myself] portrait",

	// Sports and kitchen injuries.
	"[hurt myself] lifting",
	"[hurt myself] running",
	"[hurt myself] working out",
	"[hurt myself] exercising",
	"[hurt myself] at the gym",
	"accidentally [cut myself]",
	"[cut myself] shaving",
	"[cut myself] cooking",
	"[cut myself] by accident",
	"[cut myself] accidentally",
	"accidentally [burn myself]",
	"[burn myself] cooking",

	// Purging as a computing verb.
	"[purging] cache",
	"[purging] css",
	"[purging] data",
	"[purging] files",
	"[purging] logs",
}

// numberWords count as "#" in vetoes alongside digit tokens.
var numberWords = []string{
	"one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"ten", "eleven", "twelve", "fifteen", "twenty", "thirty", "forty",
	"fifty", "hundred", "thousand", "few", "many", "several", "couple",
}

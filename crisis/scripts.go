package crisis

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Chinese, Korean and Arabic are matched on the query's letters of those
// scripts run together ("我想死", "죽고싶다"): Chinese has no spaces, and
// Korean and Arabic attach particles and pronouns to the word. A pattern is a
// run of letters, or several joined by "…" that must appear in that order.

// scriptRule is one compiled script pattern.
type scriptRule struct {
	rule
	parts []string
}

// scriptRules are the compiled patterns of every script language.
var scriptRules = compileScripts(chinese, korean, arabic)

// compileScripts folds the patterns of langs as queries are folded.
func compileScripts(langs ...*scriptLanguage) []scriptRule {
	var out []scriptRule
	for _, l := range langs {
		for _, s := range l.rules {
			r := scriptRule{rule: rule{ruleSpec: s, lang: l.code}}
			for _, p := range strings.Split(s.pattern, "…") {
				f := foldScript(p)
				if f == "" {
					panic("crisis: empty script pattern " + s.pattern)
				}
				r.parts = append(r.parts, f)
			}
			out = append(out, r)
		}
	}
	return out
}

// scriptLanguage is the pattern table of a language matched by script.
type scriptLanguage struct {
	code  string
	rules []ruleSpec
}

// foldScript keeps the Han, Hangul and Arabic letters of s, composed and with
// Arabic letter variants folded (alef forms, teh marbuta, alef maksura) and
// vowel marks dropped, so spelling variants compare equal.
func foldScript(s string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		switch {
		case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r):
			b.WriteRune(r)
		case unicode.Is(unicode.Arabic, r):
			if f, ok := arabicFold[r]; ok {
				r = f
			}
			if r >= 0x064B && r <= 0x065F || r == 0x0640 || r == 0x0670 || r == 0 {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// arabicFold maps Arabic letter variants to one form.
var arabicFold = map[rune]rune{
	'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ة': 'ه', 'ى': 'ي', 'ؤ': 'و', 'ئ': 'ي',
	'ء': 0, 'ک': 'ك', 'ی': 'ي',
}

// hasScript reports whether s holds a Han, Hangul or Arabic letter.
func hasScript(s string) bool {
	for _, r := range s {
		if r >= 0x0600 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Arabic, r)) {
			return true
		}
	}
	return false
}

// matchScripts runs the script patterns over query. Benign patterns are cut
// out of the text first, as for words.
func (x *index) matchScripts(query string, m *match) {
	if !hasScript(query) {
		return
	}
	text := foldScript(query)
	for _, r := range scriptRules {
		if r.kind == kindBenign && len(r.parts) == 1 {
			text = strings.ReplaceAll(text, r.parts[0], "|")
		}
	}
	for i := range scriptRules {
		r := &scriptRules[i]
		if r.kind != kindBenign && inOrder(text, r.parts) {
			m.consider(&r.rule)
		}
	}
}

// inOrder reports whether parts appear in text in order.
func inOrder(text string, parts []string) bool {
	for _, p := range parts {
		i := strings.Index(text, p)
		if i < 0 {
			return false
		}
		text = text[i+len(p):]
	}
	return true
}

// guessLanguage returns the language query is written in: by script for
// Chinese, Korean and Arabic, otherwise by its commonest words, falling back
// to the language of the rule that matched; "" when it cannot tell.
func guessLanguage(query, ruleLang string) string {
	var han, hangul, arab int
	for _, r := range query {
		switch {
		case r < 0x0600:
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.Is(unicode.Arabic, r):
			arab++
		}
	}
	switch {
	case hangul > 0 && hangul >= han && hangul >= arab:
		return "ko"
	case han > 0 && han >= arab:
		return "zh"
	case arab > 0:
		return "ar"
	}
	var counts [len(markerLangs)]int
	for _, w := range words(query, false) {
		for i, l := range markerLangs {
			if l.words[w] {
				counts[i]++
			}
		}
	}
	// Without a common word to go by, a rule of another language than
	// English tells the language ("laslas"); an English rule does not, as
	// its words are shared across languages ("suicidio", "kms").
	best, bestN := ruleLang, 0
	if ruleLang == "en" {
		best = ""
	}
	for i, l := range markerLangs {
		if counts[i] > bestN || counts[i] == bestN && bestN > 0 && l.code == ruleLang {
			best, bestN = l.code, counts[i]
		}
	}
	return best
}

// markerLangs are the commonest words of the languages written in Latin
// letters, normalized (no accents), for guessLanguage.
var markerLangs = [...]struct {
	code  string
	words map[string]bool
}{
	{"en", setOf("i im my me to the a of and is it you want how dont can not so what this that with be am was")},
	{"es", setOf("yo me mi quiero no ya de la el que como estoy soy tengo para con sin voy todo todos mas muy y una un por hoy esta los las se morir vida pastillas cuantas ojala")},
	{"fr", setOf("je me moi veux de la le les mes ma mon pas plus ne comment pour sans suis vais vie tout avec et est une des jai envie mourir ce soir")},
	{"pt", setOf("eu quero me de a o nao mais minha meu como para sem com vou estou sou vida um uma que tomei morrer queria pra voce")},
	{"tl", setOf("ako ko ang ng na sa mga gusto ayoko hindi paano lahat sarili buhay nang kong para ayaw wala sana")},
	{"vi", setOf("toi muon khong cach song nua chet la cua va voi ban thi minh duoc nhieu")},
}

package crisis

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Normalize folds s into the plain form that risk phrases are matched on, and
// that the search package can use to index and match text the same way:
//
//   - lower-case, Unicode NFKD with diacritics removed, so full-width,
//     mathematical and accented letters become plain ones ("ｓｕｉｃｉｄｅ",
//     "suïcide" -> "suicide");
//   - zero-width and other invisible format characters removed, joining the
//     letters either side of them;
//   - inside a word, leetspeak digits and symbols become letters
//     (0->o 1->i 3->e 4->a 5->s 7->t @->a $->s !->i), and Cyrillic or Greek
//     lookalike letters mixed into a Latin word become Latin ones;
//   - digits before or after the letters of a word stay digits, so "2nd",
//     "5k", "covid19" and "10kms" keep their meaning, and numbers stay numbers;
//     "$" and "@" in a word with letters become letters even at its edge
//     ("$uicide"), but "!" at the edge of a word is punctuation ("help!");
//   - apostrophes inside a word are dropped ("don't" -> "dont"), except
//     after a French elided word, where they split ("j'ai" -> "j ai"); any
//     other punctuation, symbol or emoji becomes a space;
//   - runs of three or more of the same letter collapse to one ("diiie" ->
//     "die"), whitespace collapses to single spaces and is trimmed.
//
// Normalize is idempotent: Normalize(Normalize(s)) == Normalize(s).
func Normalize(s string) string {
	return strings.Join(words(s, false), " ")
}

// leet maps leetspeak characters to the letters they stand for.
var leet = map[rune]rune{
	'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't',
	'@': 'a', '$': 's', '!': 'i',
}

// lookalikes maps Cyrillic and Greek letters that look like Latin ones, and a
// few stroked Latin letters, to plain Latin letters. It is applied only to
// words that also contain plain Latin letters, so genuine Cyrillic and Greek
// text is left alone.
var lookalikes = map[rune]rune{
	'а': 'a', 'е': 'e', 'і': 'i', 'ј': 'j', 'к': 'k', 'о': 'o', 'р': 'p',
	'с': 'c', 'у': 'y', 'х': 'x', 'ѕ': 's', 'һ': 'h', 'ԁ': 'd', 'ԛ': 'q',
	'ԝ': 'w', 'ӏ': 'l', 'ь': 'b',
	'α': 'a', 'ε': 'e', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p',
	'τ': 't', 'υ': 'u', 'χ': 'x',
	// Latin letters that NFKD does not decompose into a base letter.
	'ı': 'i', 'ł': 'l', 'ø': 'o', 'đ': 'd', 'ħ': 'h',
}

// elided are the French words written with an apostrophe before a word that
// starts with a vowel ("j'ai", "l'eau"). English contractions put the
// apostrophe after longer words ("don't", "i'm"), so they stay one word.
var elided = map[string]bool{
	"j": true, "n": true, "d": true, "l": true, "m": true, "t": true, "s": true,
	"c": true, "qu": true,
}

// invisible lists characters that render as nothing but are letters or
// symbols rather than format characters, so the category check misses them.
var invisible = map[rune]bool{
	'\u115f': true, '\u1160': true, '\u3164': true, '\uffa0': true,
	'\u2800': true,
}

// Character classes used while splitting text into words.
const (
	classSpace = iota
	classLetter
	classDigit
	classSymbol     // leetspeak symbols: $ @ !
	classApostrophe // dropped inside a word
	classMask       // '*' standing in for a letter, kept for Detect only
)

// classify returns the class of the lower-cased, decomposed rune r.
func classify(r rune, masks bool) int {
	switch {
	case r >= 'a' && r <= 'z':
		return classLetter
	case r >= '0' && r <= '9':
		return classDigit
	case r == '$' || r == '@' || r == '!':
		return classSymbol
	case r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02bc':
		return classApostrophe
	case r == '*':
		if masks {
			return classMask
		}
		return classSpace
	case r < 0x80:
		return classSpace
	case unicode.IsLetter(r) || unicode.Is(unicode.Mc, r):
		return classLetter
	case unicode.IsDigit(r):
		return classDigit
	}
	return classSpace
}

// words splits s into normalized words as described on Normalize. With masks
// set, a '*' inside a word is kept as a wildcard for Detect.
func words(s string, masks bool) []string {
	s = norm.NFKD.String(strings.ToLower(s))
	var out []string
	var raw []rune
	for _, r := range s {
		if r >= 0x80 {
			if unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) || invisible[r] {
				continue
			}
			r = unicode.ToLower(r)
		} else if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A' // NFKD can yield capitals: "㎒" -> "MHz"
		}
		if classify(r, masks) == classSpace {
			if len(raw) > 0 {
				out = appendWord(out, raw, masks)
				raw = raw[:0]
			}
			continue
		}
		raw = append(raw, r)
	}
	if len(raw) > 0 {
		out = appendWord(out, raw, masks)
	}
	return out
}

// appendWord normalizes one run of word characters and appends the resulting
// word or words (edge punctuation can split it) to out.
func appendWord(out []string, raw []rune, masks bool) []string {
	hasLetter := false
	for _, r := range raw {
		if classify(r, masks) == classLetter {
			hasLetter = true
			break
		}
	}
	// "$" and "@" attached to a word are letters; alone they are punctuation.
	first, last := -1, -1
	for i, r := range raw {
		if hasLetter && (r == '$' || r == '@') {
			raw[i] = leet[r]
		}
		if classify(raw[i], masks) == classLetter {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	word := make([]rune, 0, len(raw))
	emit := func() {
		if len(word) > 0 {
			out = append(out, finishWord(word))
			word = word[:0]
		}
	}
	for i, r := range raw {
		c := classify(r, masks)
		if i < first || i > last {
			// Edges of the word: digits stay digits, anything else splits.
			if c == classDigit {
				word = append(word, r)
			} else {
				emit()
			}
			continue
		}
		switch c {
		case classApostrophe:
			// French elisions split ("j'ai", "n'en", "d'un", "qu'il"):
			// the letters before the apostrophe are a word of their own.
			if s := string(word); elided[s] {
				emit()
			}
		case classLetter, classMask:
			word = append(word, r)
		case classDigit, classSymbol:
			if l, ok := leet[r]; ok {
				word = append(word, l)
			} else {
				word = append(word, r)
			}
		}
		// Apostrophes inside a word are dropped.
	}
	emit()
	return out
}

// finishWord maps lookalike letters in mixed-script words and collapses runs
// of three or more identical letters, returning the final word.
func finishWord(word []rune) string {
	latin, foreign := false, false
	for _, r := range word {
		switch {
		case r >= 'a' && r <= 'z':
			latin = true
		case r >= 0x80 && lookalikes[r] != 0:
			foreign = true
		}
	}
	if latin && foreign {
		for i, r := range word {
			if l, ok := lookalikes[r]; ok {
				word[i] = l
			}
		}
	}
	runs := false
	for i := 2; i < len(word) && !runs; i++ {
		runs = word[i] == word[i-1] && word[i] == word[i-2]
	}
	if !runs {
		return string(word)
	}
	var b strings.Builder
	b.Grow(len(word))
	for i := 0; i < len(word); {
		j := i + 1
		for j < len(word) && word[j] == word[i] {
			j++
		}
		n := j - i
		if n >= 3 && classify(word[i], true) == classLetter {
			n = 1
		}
		for k := 0; k < n; k++ {
			b.WriteRune(word[i])
		}
		i = j
	}
	return b.String()
}

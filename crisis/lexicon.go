package crisis

import (
	"strings"
)

// The lexicon and the rules are data, written in the language files
// (lang_en.go, lang_es.go, ...). This file compiles them once, at package
// initialization, into the index that matching reads.
//
// A concept is a named set of word specs: "DIE" holds die, dying, dead ...
// A word spec is a normalized word ("die"), a stem that matches every word
// starting with it ("suicid*"), a fragment that matches every word holding it
// ("*pakamatay*"), or the name of another concept, whose words it includes.
//
// A rule is a sequence of elements that must appear in order in the query:
//
//	"SELF ~3 WANT ~2 DIE"
//
// Each element is one word spec or concept, or several joined by "|"
// ("kill|end|take"); "~N" lets up to N other words stand between it and
// the element before, so "i really really want to die" matches "SELF ~3 WANT
// ~2 DIE". Rules say what a risky query means — a speaker, an intent or state,
// a harm — rather than listing its exact words.

// kind says what a rule signals.
type kind uint8

const (
	kindRisk   kind = iota // a risk of the rule's category
	kindMethod             // a search for a way, dose or place to harm
	kindAcute              // an act under way or just done, or a goodbye
	kindBenign             // a title or idiom: its words are not a risk signal
)

// ruleSpec is one rule as written in a language file.
type ruleSpec struct {
	pattern  string
	category Category // empty for benign rules
	kind     kind
}

// language is the lexicon and rules of one language.
type language struct {
	code     string            // ISO 639-1
	concepts map[string]string // name -> space-separated word specs
	rules    []ruleSpec
}

// elem is one compiled rule element: any of ids, at most gap words after the
// previous element. An end element ("$") matches the end of the query.
type elem struct {
	ids []uint16
	gap int
	end bool
}

// rule is a compiled rule.
type rule struct {
	ruleSpec
	lang  string
	elems []elem
}

// Built-in concepts set while reading a query rather than looked up.
const (
	idNumber    uint16 = iota // any number, in digits or words
	idBigNumber               // a number of ten or more: a quantity of pills
	idSmall                   // a number under 1,000 in digits: a calorie target
	idTiny                    // a number under 100 in digits: a weight or a BMI
	firstID
)

// index is the compiled lexicon and rules. It is built once and only read.
type index struct {
	exact   map[string][]uint16 // word -> concept ids
	prefix  map[string][]uint16 // stem -> concept ids
	minStem int
	maxStem int
	infix   []fragment
	typos   typoIndex // misspellings of the words that matter
	segment map[string]bool

	concepts map[string][]uint16 // concept name -> its id (one), for tests
	ids      map[string]uint16   // word spec or concept name -> id
	next     uint16

	benign []*rule
	risky  []*rule
	// firstOf lists, for each id, the risky rules whose first element
	// holds it, so matching only tries rules that can start at a word.
	firstOf  map[uint16][]*rule
	benignOf map[uint16][]*rule // the same for benign rules
	bigNums  map[string]bool
	nums     map[string]bool
	// Concepts matching reads directly.
	mannerQ, helpQ, want []uint16
}

// fragment is a word fragment that marks every word holding it.
type fragment struct {
	text string
	ids  []uint16
}

// table is the compiled index used by Detect.
var table = compile(languages)

// compile builds the index. It panics on malformed data, which the package
// tests exercise.
func compile(langs []*language) *index {
	x := &index{
		exact:    map[string][]uint16{},
		prefix:   map[string][]uint16{},
		segment:  map[string]bool{},
		concepts: map[string][]uint16{},
		ids:      map[string]uint16{},
		next:     firstID,
		firstOf:  map[uint16][]*rule{},
		benignOf: map[uint16][]*rule{},
		bigNums:  map[string]bool{},
		nums:     map[string]bool{},
		minStem:  1 << 10,
	}
	x.ids["NUM"], x.ids["BIGNUM"], x.ids["SMALL"], x.ids["TINY"] = idNumber, idBigNumber, idSmall, idTiny
	for _, n := range numberWords {
		x.nums[n] = true
	}
	for _, n := range bigNumberWords {
		x.nums[n], x.bigNums[n] = true, true
	}
	defs := map[string]string{}
	for _, l := range langs {
		for name, specs := range l.concepts {
			if _, dup := defs[name]; dup || strings.ToUpper(name) != name {
				panic("crisis: concept defined twice or not upper-case: " + name)
			}
			defs[name] = specs
		}
	}
	for name := range defs {
		id := x.newID(name)
		x.concepts[name] = []uint16{id}
		x.expand(id, name, defs, map[string]bool{})
	}
	for _, l := range langs {
		for _, s := range l.rules {
			r := &rule{ruleSpec: s, lang: l.code, elems: x.parse(s.pattern)}
			if s.kind == kindBenign {
				x.benign = append(x.benign, r)
				for _, id := range r.elems[0].ids {
					x.benignOf[id] = append(x.benignOf[id], r)
				}
				continue
			}
			if s.category.rank() > 2 {
				panic("crisis: risky rule without category: " + s.pattern)
			}
			x.risky = append(x.risky, r)
			for _, id := range r.elems[0].ids {
				x.firstOf[id] = append(x.firstOf[id], r)
			}
		}
	}
	x.typos = newTypoIndex(x)
	x.mannerQ, x.helpQ, x.want = x.concepts["MANNERQ"], x.concepts["HELPQ"], x.concepts["WANT"]
	return x
}

// newID returns the id of name, assigning one the first time.
func (x *index) newID(name string) uint16 {
	if id, ok := x.ids[name]; ok {
		return id
	}
	id := x.next
	x.next++
	x.ids[name] = id
	return id
}

// expand records every word spec of concept name under id, following
// references to other concepts.
func (x *index) expand(id uint16, name string, defs map[string]string, seen map[string]bool) {
	if seen[name] {
		panic("crisis: concept refers to itself: " + name)
	}
	seen[name] = true
	defer delete(seen, name)
	for _, spec := range strings.Fields(defs[name]) {
		if isConceptName(spec) {
			if _, ok := defs[spec]; !ok {
				panic("crisis: unknown concept " + spec + " in " + name)
			}
			x.expand(id, spec, defs, seen)
			continue
		}
		x.addSpec(spec, id)
	}
}

// isConceptName reports whether spec names a concept (upper-case letters).
func isConceptName(spec string) bool {
	for _, r := range spec {
		if (r < 'A' || r > 'Z') && r != '_' {
			return false
		}
	}
	return spec != ""
}

// addSpec records one word spec under id.
func (x *index) addSpec(spec string, id uint16) {
	pre, suf := strings.HasPrefix(spec, "*"), strings.HasSuffix(spec, "*")
	w := strings.Join(words(strings.Trim(spec, "*"), false), "")
	if w == "" {
		panic("crisis: empty word spec " + spec)
	}
	switch {
	case pre && suf:
		for i := range x.infix {
			if x.infix[i].text == w {
				x.infix[i].ids = addID(x.infix[i].ids, id)
				return
			}
		}
		x.infix = append(x.infix, fragment{text: w, ids: []uint16{id}})
	case suf:
		x.prefix[w] = addID(x.prefix[w], id)
		x.minStem, x.maxStem = min(x.minStem, len(w)), max(x.maxStem, len(w))
	case pre:
		panic("crisis: suffix specs are not supported: " + spec)
	default:
		x.exact[w] = addID(x.exact[w], id)
		x.segment[w] = true
	}
}

// parse compiles a rule pattern into elements.
func (x *index) parse(p string) []elem {
	var out []elem
	gap := 0
	for _, f := range strings.Fields(p) {
		if strings.HasPrefix(f, "~") {
			n := 0
			for _, c := range f[1:] {
				if c < '0' || c > '9' {
					panic("crisis: bad gap in rule " + p)
				}
				n = n*10 + int(c-'0')
			}
			gap = n
			continue
		}
		var e elem
		e.gap = gap
		gap = 0
		for _, alt := range strings.Split(f, "|") {
			if alt == "$" {
				e.end = true
				continue
			}
			if isConceptName(alt) {
				id, ok := x.ids[alt]
				if !ok {
					panic("crisis: unknown concept " + alt + " in rule " + p)
				}
				e.ids = addID(e.ids, id)
				continue
			}
			id := x.newID("'" + alt)
			x.addSpec(alt, id)
			e.ids = addID(e.ids, id)
		}
		out = append(out, e)
	}
	if len(out) == 0 || gap != 0 || out[0].gap != 0 || out[0].end {
		panic("crisis: bad rule " + p)
	}
	return out
}

// addID appends id to ids unless it is there.
func addID(ids []uint16, id uint16) []uint16 {
	for _, v := range ids {
		if v == id {
			return ids
		}
	}
	return append(ids, id)
}

// numberWords count as NUM; bigNumberWords as NUM and BIGNUM.
var (
	numberWords = []string{
		"one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
		"few", "several", "couple", "dos", "tres", "cuatro", "cinco", "deux",
		"trois", "quatre", "cinq", "tres", "quatro",
	}
	bigNumberWords = []string{
		"ten", "eleven", "twelve", "fifteen", "twenty", "thirty", "forty",
		"fifty", "hundred", "thousand", "many", "diez", "veinte", "treinta",
		"cincuenta", "dix", "vingt", "trente", "cinquante", "dez", "vinte",
		"trinta",
	}
)

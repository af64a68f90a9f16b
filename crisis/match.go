package crisis

import "strings"

// minGlued is the fewest letters a phrase needs before its spaced-out or
// glued-together spellings count ("s u i c i d e", "killmyself"). Shorter
// phrases ("kms") glued from loose letters would match too much by chance.
const minGlued = 6

// entry is a phrase compiled into normalized tokens.
type entry struct {
	phrase
	toks     []string
	vetoes   []veto
	gluedLen int // letters in the phrase without spaces
}

// veto is a context that cancels an entry: tokens right before and after it.
type veto struct {
	before, after []string
}

// index is the phrase table compiled for matching. It is built once at
// package initialization and only read afterwards.
type index struct {
	byKey    map[string]*entry   // normalized phrase -> entry
	byFirst  map[string][]*entry // first token -> entries starting with it
	vocab    map[string]bool     // every token of every phrase
	words    []string            // vocab in table order, for wildcard scans
	squeezed map[string][]string // squeeze(word) -> vocab words
	glued    map[string]*entry   // phrase with spaces removed (minGlued+)
	gluedSq  map[string]*entry   // squeeze of glued forms
	typo     []string            // typo-tolerant vocab words
	typoOne  []*entry            // one-word entries that are typo tolerant
	maxTypo  int                 // longest word in typoOne
	numbers  map[string]bool
	maxGlued int
}

// table is the compiled phrase table used by Detect.
var table = compile()

// compile builds the index from phrases, vetoes and the word lists. It
// panics on malformed data, which the package tests exercise.
func compile() *index {
	x := &index{
		byKey:    map[string]*entry{},
		byFirst:  map[string][]*entry{},
		vocab:    map[string]bool{},
		squeezed: map[string][]string{},
		glued:    map[string]*entry{},
		gluedSq:  map[string]*entry{},
		numbers:  map[string]bool{},
	}
	for _, p := range phrases {
		toks := words(p.text, false)
		if len(toks) == 0 || p.category.rank() > 2 {
			panic("crisis: bad phrase " + p.text)
		}
		key := strings.Join(toks, " ")
		if old, ok := x.byKey[key]; ok {
			panic("crisis: duplicate phrase " + p.text + " and " + old.text)
		}
		g := strings.Join(toks, "")
		e := &entry{phrase: p, toks: toks, gluedLen: len(g)}
		x.byKey[key] = e
		x.byFirst[toks[0]] = append(x.byFirst[toks[0]], e)
		for _, t := range toks {
			if !x.vocab[t] {
				x.vocab[t] = true
				x.words = append(x.words, t)
				sq := squeeze(t)
				x.squeezed[sq] = append(x.squeezed[sq], t)
			}
		}
		if len(g) >= minGlued {
			x.addGlued(x.glued, g, e)
			x.addGlued(x.gluedSq, squeeze(g), e)
			x.maxGlued = max(x.maxGlued, len(g))
		}
	}
	for _, w := range typoTolerant {
		if !x.vocab[w] {
			panic("crisis: typo-tolerant word in no phrase: " + w)
		}
		x.typo = append(x.typo, w)
		if e := x.byKey[w]; e != nil {
			x.typoOne = append(x.typoOne, e)
			x.maxTypo = max(x.maxTypo, len(w))
		}
	}
	for _, v := range vetoes {
		x.addVeto(v)
	}
	for _, n := range numberWords {
		x.numbers[n] = true
	}
	return x
}

// addGlued records e under the glued form g, keeping the more urgent entry
// when two phrases glue to the same letters.
func (x *index) addGlued(m map[string]*entry, g string, e *entry) {
	if old := m[g]; old == nil || e.category.rank() < old.category.rank() {
		m[g] = e
	}
}

// addVeto parses a veto such as "# [kms] to miles" and attaches it.
func (x *index) addVeto(v string) {
	open, end := strings.IndexByte(v, '['), strings.IndexByte(v, ']')
	if open < 0 || end < open {
		panic("crisis: veto without [phrase]: " + v)
	}
	e := x.byKey[strings.Join(words(v[open+1:end], false), " ")]
	if e == nil {
		panic("crisis: veto for unknown phrase: " + v)
	}
	e.vetoes = append(e.vetoes, veto{
		before: vetoWords(v[:open]),
		after:  vetoWords(v[end+1:]),
	})
}

// vetoWords normalizes the context words of a veto, keeping "#" as is.
func vetoWords(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		if f == "#" {
			out = append(out, f)
			continue
		}
		out = append(out, words(f, false)...)
	}
	return out
}

// token is one query word: its normalized text and, when it has digits, the
// form with every digit read as a letter ("5uicide" -> "suicide").
type token struct {
	text, alt string
	wild      bool // has '*' masks
}

// match returns the most urgent entry matching the normalized query words,
// or nil.
func (x *index) match(ws []string) *entry {
	if len(ws) == 0 {
		return nil
	}
	toks := make([]token, len(ws))
	cands := make([][]string, len(ws))
	for i, w := range ws {
		toks[i] = token{text: w, alt: digitsAsLetters(w), wild: strings.IndexByte(w, '*') >= 0}
		cands[i] = x.candidates(toks[i])
	}
	var best *entry
	// consider records e matched over toks[start:end] and reports whether
	// the search can stop because nothing can outrank it.
	consider := func(e *entry, start, end int) bool {
		if x.vetoed(e, toks, start, end) {
			return false
		}
		if best == nil || e.category.rank() < best.category.rank() {
			best = e
		}
		return best.category == Suicide
	}
	glue := make([]byte, 0, x.maxGlued+16)
	scratch := make([]byte, 0, x.maxGlued+16)
	for i := range toks {
		for _, c := range cands[i] {
			for _, e := range x.byFirst[c] {
				if end, ok := follow(e.toks, i, cands); ok && consider(e, i, end) {
					return best
				}
			}
		}
		// Glued and spaced-out spellings starting at toks[i]: exact
		// spellings first, so "s u i c i d a l" reports "suicidal" rather
		// than a typo of "suicide". Single-word typos were already
		// handled by candidates.
		for _, typo := range [2]bool{false, true} {
			limit := x.maxGlued
			if typo {
				limit = x.maxTypo + 1
			}
			glue = glue[:0]
			for j := i; j < len(toks) && len(glue) <= limit; j++ {
				f := toks[j].text
				if toks[j].alt != "" {
					f = toks[j].alt
				}
				// Misspellings count only when spelled out letter by
				// letter ("s u c i d e"): across real words they are
				// chance ("suit ide").
				if toks[j].wild || typo && len(f) != 1 {
					break
				}
				glue = append(glue, f...)
				if len(glue) < minGlued {
					continue
				}
				e := x.gluedEntry(glue, typo, &scratch)
				if e != nil && consider(e, i, j+1) {
					return best
				}
			}
		}
	}
	return best
}

// candidates lists the vocab words a query token may stand for.
func (x *index) candidates(t token) []string {
	var out []string
	add := func(w string) {
		if !x.vocab[w] {
			return
		}
		for _, o := range out {
			if o == w {
				return
			}
		}
		out = append(out, w)
	}
	if t.wild {
		if maskable(t.text) {
			for _, w := range x.words {
				if wildMatch(t.text, w) {
					add(w)
				}
			}
		}
		return out
	}
	for _, f := range [2]string{t.text, t.alt} {
		if f == "" {
			continue
		}
		add(f)
		if s, ok := shorthand[f]; ok {
			add(s)
		}
		for _, w := range x.squeezed[squeeze(f)] {
			// A dropped double letter ("kil") is a typo; an extra one on
			// a short word is usually another word ("anna", not "ana").
			if len(w) >= 4 || len(w) >= len(f) {
				add(w)
			}
		}
		if len(f) >= 5 {
			for _, w := range x.typo {
				if oneEdit(f, w) {
					add(w)
				}
			}
		}
	}
	return out
}

// gluedEntry finds the entry whose glued form is g, allowing dropped
// letters or, with typo set, one typo in a typo-tolerant one-word phrase.
// scratch is reused across calls to avoid allocating.
func (x *index) gluedEntry(g []byte, typo bool, scratch *[]byte) *entry {
	if typo {
		for _, e := range x.typoOne {
			if d := len(g) - e.gluedLen; d >= -1 && d <= 1 && oneEdit(string(g), e.toks[0]) {
				return e
			}
		}
		return nil
	}
	if e := x.glued[string(g)]; e != nil {
		return e
	}
	// As for single words, only dropped letters count ("kil my self"); an
	// extra double letter is usually another word ("anna tips").
	sq := (*scratch)[:0]
	for k, c := range g {
		if k == 0 || c != g[k-1] {
			sq = append(sq, c)
		}
	}
	*scratch = sq
	if e := x.gluedSq[string(sq)]; e != nil && len(g) <= e.gluedLen {
		return e
	}
	return nil
}

// follow reports whether toks, whose first token matched at position i, also
// match the following positions, and where the match ends.
func follow(toks []string, i int, cands [][]string) (int, bool) {
	if i+len(toks) > len(cands) {
		return 0, false
	}
next:
	for k := 1; k < len(toks); k++ {
		for _, c := range cands[i+k] {
			if c == toks[k] {
				continue next
			}
		}
		return 0, false
	}
	return i + len(toks), true
}

// vetoed reports whether a veto of e applies to the match toks[start:end].
func (x *index) vetoed(e *entry, toks []token, start, end int) bool {
	for _, v := range e.vetoes {
		if len(v.before) > start || end+len(v.after) > len(toks) {
			continue
		}
		if x.context(v.before, toks[start-len(v.before):start]) &&
			x.context(v.after, toks[end:end+len(v.after)]) {
			return true
		}
	}
	return false
}

// context reports whether the query tokens match the veto words.
func (x *index) context(want []string, toks []token) bool {
	for k, w := range want {
		t := toks[k].text
		if w == "#" {
			if !x.numbers[t] && !isNumber(t) {
				return false
			}
		} else if t != w {
			return false
		}
	}
	return true
}

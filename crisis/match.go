package crisis

import "strings"

// qword is one word of a query and the concepts it stands for.
type qword struct {
	text string
	ids  []uint16
	typo bool // read as a misspelling: titles and idioms never start on it
}

// minJoined is the fewest single letters in a row that are read as one
// spelled-out word ("s u i c i d e", "k.i.l.l"): two are usually initials.
const minJoined = 3

// maxSegment is the longest run-together word Detect tries to split
// ("iwanttodie"); longer tokens are URLs, hashes or noise.
const maxSegment = 32

// read splits the query into words and finds the concepts each stands for:
// exactly, by stem, with digits read as letters, through '*' masks, as a
// misspelling, or split where words were run together ("killmyself"), and
// joined where a word was split ("sui cide", "s u i c i d e").
func (x *index) read(query string) []qword {
	ws := joinLetters(words(query, true))
	var seen [16][]uint16
	look := seen[:0]
	if len(ws) > len(seen) {
		look = make([][]uint16, 0, len(ws))
	}
	for _, w := range ws {
		look = append(look, x.lookup(w))
	}
	out := make([]qword, 0, len(ws)+4)
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		// A word split in two: "sui cide", "my self", "over dose".
		if i+1 < len(ws) {
			if j, ids := x.merge(w, ws[i+1], look[i], look[i+1]); ids != nil {
				out = append(out, qword{text: j, ids: ids})
				i++
				continue
			}
		}
		// Chat shorthand: "want 2 die", "going 2 kms".
		if w == "2" && len(out) > 0 && out[len(out)-1].has(x.want) {
			out = append(out, qword{text: "to", ids: x.exact["to"]})
			continue
		}
		if ids := look[i]; len(ids) > 0 {
			out = append(out, qword{text: w, ids: ids})
			continue
		}
		alt := digitsAsLetters(w)
		if alt != "" {
			if ids := x.lookup(alt); len(ids) > 0 {
				out = append(out, qword{text: alt, ids: ids})
				continue
			}
		}
		if strings.IndexByte(w, '*') >= 0 {
			out = append(out, qword{text: w, ids: x.masked(w)})
			continue
		}
		if ids := x.typos.find(w); len(ids) > 0 {
			out = append(out, qword{text: w, ids: ids, typo: true})
			continue
		}
		if parts := x.split(w, alt); parts != nil {
			out = append(out, parts...)
			continue
		}
		out = append(out, qword{text: w, ids: x.number(w)})
	}
	return out
}

// merge returns the word a and b spell together, and its concepts, when
// they are one word split in two: "sui cide", "my self", "over dose", "s h".
func (x *index) merge(a, b string, la, lb []uint16) (string, []uint16) {
	if len(a) == 1 && len(b) == 1 {
		j := a + b
		return j, x.exact[j]
	}
	if len(a)+len(b) < 6 || la != nil && lb != nil && !mergeable[a+b] {
		return "", nil
	}
	j := a + b
	if x.exact[j] != nil {
		return j, x.lookup(j)
	}
	// By stem only when neither half is a word: "sui cide", not "suicides book".
	if la == nil && lb == nil {
		if ids := x.lookup(j); ids != nil {
			return j, ids
		}
	}
	return "", nil
}

// mergeable lists glued forms that two lexicon words are joined into even
// though each is a word of its own: "my self" is "myself".
var mergeable = map[string]bool{
	"myself": true, "yourself": true, "selfharm": true, "overdose": true,
	"anymore": true, "without": true, "throwup": true, "unalive": true,
	"sewerslide": true, "selfharming": true,
}

// lookup returns the concepts w stands for exactly or by stem or fragment.
func (x *index) lookup(w string) []uint16 {
	ids := x.exact[w]
	if n := x.number(w); n != nil {
		ids = append(append([]uint16(nil), ids...), n...)
	}
	for l := x.minStem; l <= x.maxStem && l <= len(w); l++ {
		if p := x.prefix[w[:l]]; p != nil {
			ids = union(ids, p)
		}
	}
	for _, f := range x.infix {
		if len(w) > len(f.text) && strings.Contains(w, f.text) || w == f.text {
			ids = union(ids, f.ids)
		}
	}
	return ids
}

// number returns the built-in number concepts of w, if it is a number or a
// number glued to a unit ("40kg", "500cal").
func (x *index) number(w string) []uint16 {
	n, v := 0, 0
	for n < len(w) && w[n] >= '0' && w[n] <= '9' && n < 7 {
		v = v*10 + int(w[n]-'0')
		n++
	}
	switch {
	case n > 0 && (n == len(w) || units[w[n:]]):
		switch {
		case v >= 1000:
			return bothNumbers
		case v >= 100:
			return smallNumbers
		case v >= 10:
			return tinyBig
		case v > 0:
			return tinyNumbers
		}
		return onlyNumber
	case x.bigNums[w]:
		return bothNumbers
	case x.nums[w]:
		return onlyNumber
	}
	return nil
}

var (
	onlyNumber   = []uint16{idNumber}
	bothNumbers  = []uint16{idNumber, idBigNumber}
	smallNumbers = []uint16{idNumber, idBigNumber, idSmall}
	tinyBig      = []uint16{idNumber, idBigNumber, idSmall, idTiny}
	tinyNumbers  = []uint16{idNumber, idSmall, idTiny}
)

// units may follow a number in the same word.
var units = map[string]bool{
	"kg": true, "kgs": true, "lb": true, "lbs": true, "cal": true, "cals": true,
	"kcal": true, "mg": true, "g": true, "kms": true, "km": true, "k": true,
}

// union returns a with the ids of b it lacks appended, copying a first.
func union(a, b []uint16) []uint16 {
	out := a
	copied := false
	for _, id := range b {
		found := false
		for _, v := range out {
			if v == id {
				found = true
				break
			}
		}
		if !found {
			if !copied {
				out = append([]uint16(nil), out...)
				copied = true
			}
			out = append(out, id)
		}
	}
	return out
}

// masked returns the concepts of the lexicon words a '*'-masked word can
// stand for ("s*icide", "k*ll").
func (x *index) masked(w string) []uint16 {
	if !maskable(w) {
		return nil
	}
	var ids []uint16
	for v, vids := range x.exact {
		if len(v) >= 3 && wildMatch(w, v) {
			ids = union(ids, vids)
		}
	}
	// A stem matches when a beginning of the masked word spells it:
	// "s*icide" begins with "s*icid", which matches "suicid*".
	for stem, sids := range x.prefix {
		for j := 1; j <= len(w); j++ {
			if wildMatch(w[:j], stem) {
				ids = union(ids, sids)
				break
			}
		}
	}
	return ids
}

// split reads a run-together word as lexicon words ("killmyself",
// "iwanttodie", "want2die"), using the fewest pieces. At least two pieces
// must have three letters or more, so that "indie" is not "in die".
func (x *index) split(w, alt string) []qword {
	for _, s := range [2]string{w, alt} {
		if len(s) < 6 || len(s) > maxSegment || !hasAnchor(s) {
			continue
		}
		if parts := x.segments(s); parts != nil {
			out := make([]qword, len(parts))
			long := 0
			for i, p := range parts {
				out[i] = qword{text: p, ids: x.exact[p]}
				if len(p) >= 3 {
					long++
				}
			}
			if long >= 2 {
				return out
			}
		}
	}
	return nil
}

// hasAnchor reports whether s holds one of the words that a run-together
// risky query is built around, so ordinary long words are not split.
func hasAnchor(s string) bool {
	for _, a := range runTogetherAnchors {
		if strings.Contains(s, a) {
			return true
		}
	}
	return false
}

// segments splits s into the fewest lexicon words that spell it, or nil.
func (x *index) segments(s string) []string {
	n := len(s)
	var best [maxSegment + 1]int8 // fewest pieces for s[:i]; -1: none
	var from [maxSegment + 1]int8
	best[0] = 0
	for i := 1; i <= n; i++ {
		best[i] = -1
		for j := 0; j < i; j++ {
			if best[j] < 0 || !x.segment[s[j:i]] {
				continue
			}
			if best[i] < 0 || best[j]+1 < best[i] {
				best[i], from[i] = best[j]+1, int8(j)
			}
		}
	}
	if best[n] < 2 {
		return nil
	}
	out := make([]string, best[n])
	for i, k := n, int(best[n])-1; i > 0; k-- {
		out[k] = s[from[i]:i]
		i = int(from[i])
	}
	return out
}

// joinLetters joins runs of minJoined or more single letters into one word:
// "s u i c i d e" and "s.u.i.c.i.d.e" are "suicide".
func joinLetters(ws []string) []string {
	single := func(w string) bool { return len(w) == 1 && w[0] >= 'a' && w[0] <= 'z' }
	for i := 0; i < len(ws); i++ {
		if !single(ws[i]) {
			continue
		}
		j := i
		for j < len(ws) && single(ws[j]) {
			j++
		}
		if j-i >= minJoined {
			out := append([]string(nil), ws[:i]...)
			out = append(out, strings.Join(ws[i:j], ""))
			return append(out, joinLetters(ws[j:])...)
		}
		i = j
	}
	return ws
}

// has reports whether w stands for any of ids.
func (w *qword) has(ids []uint16) bool {
	for _, a := range w.ids {
		for _, b := range ids {
			if a == b {
				return true
			}
		}
	}
	return false
}

// matchAt reports where rule r, its first element matched at ws[i], ends.
func matchAt(r *rule, ws []qword, i int) (int, bool) {
	return matchFrom(r.elems, 1, ws, i+1)
}

// matchFrom matches elems[k:] from ws[pos:], honouring each element's gap.
func matchFrom(elems []elem, k int, ws []qword, pos int) (int, bool) {
	if k == len(elems) {
		return pos, true
	}
	e := elems[k]
	if e.end && len(ws)-pos <= e.gap {
		return len(ws), true
	}
	for j := pos; j <= pos+e.gap && j < len(ws); j++ {
		if ws[j].has(e.ids) {
			if end, ok := matchFrom(elems, k+1, ws, j+1); ok {
				return end, true
			}
		}
	}
	return 0, false
}

// match holds what the rules found in a query.
type match struct {
	best          *rule
	method, acute bool
	lang          string
}

// consider records rule r as matched.
func (m *match) consider(r *rule) {
	if m.best == nil || r.category.rank() < m.best.category.rank() {
		m.best = r
	}
	m.method = m.method || r.kind == kindMethod
	m.acute = m.acute || r.kind == kindAcute
	if m.lang == "" || m.lang == "en" {
		m.lang = r.lang
	}
}

// matchWords runs the rules over the words of a query. Titles and idioms
// (benign rules) are matched first, over the whole query, and their words
// are taken out, so "suicide squad" is a film while "suicide squad made me
// want to die" still says "want to die".
func (x *index) matchWords(ws []qword, m *match) {
	for i := range ws {
		if ws[i].typo {
			continue
		}
		ids := ws[i].ids
		for _, id := range ids {
			for _, r := range x.benignOf[id] {
				if end, ok := matchAt(r, ws, i); ok {
					for k := i; k < end; k++ {
						ws[k].ids = nil
					}
				}
			}
		}
	}
	manner, help := false, false
	for i := range ws {
		manner = manner || ws[i].has(x.mannerQ)
		help = help || ws[i].has(x.helpQ)
		for _, id := range ws[i].ids {
			for _, r := range x.firstOf[id] {
				if _, ok := matchAt(r, ws, i); ok {
					m.consider(r)
				}
			}
		}
	}
	// A suicide risk asked as a question of manner or means ("suicide
	// methods", "how to end it painlessly") seeks a method too, unless the
	// query seeks help ("how to help a suicidal friend").
	if m.best != nil && m.best.category == Suicide && manner && !help {
		m.method = true
	}
}

package crisis

import (
	"slices"
	"strings"
)

// squeeze collapses every run of a repeated byte to one, so that "kill",
// "kil" and "kiiill" all squeeze to "kil".
func squeeze(s string) string {
	for i := 1; i < len(s); i++ {
		if s[i] == s[i-1] {
			b := make([]byte, 0, len(s))
			b = append(b, s[:i]...)
			for j := i; j < len(s); j++ {
				if s[j] != b[len(b)-1] {
					b = append(b, s[j])
				}
			}
			return string(b)
		}
	}
	return s
}

// digitsAsLetters returns w with every digit read as leetspeak ("5uicide" ->
// "suicide", "want2die" -> "wanttodie"), or "" if that changes nothing.
// Normalize keeps digits at the edges of words, where they usually mean a
// number ("5k"); Detect tries both readings.
func digitsAsLetters(w string) string {
	if strings.IndexAny(w, "0123456789") < 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(len(w) + 2)
	for _, r := range w {
		switch l, ok := leet[r]; {
		case ok:
			b.WriteRune(l)
		case r == '2':
			b.WriteString("to")
		default:
			b.WriteRune(r)
		}
	}
	if b.String() == w {
		return ""
	}
	return b.String()
}

// isNumber reports whether t is made of ASCII digits only.
func isNumber(t string) bool {
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return t != ""
}

// maskable reports whether a word with '*' masks keeps enough letters to be
// read: at least two, and at least as many letters as masks.
func maskable(p string) bool {
	stars := strings.Count(p, "*")
	letters := len([]rune(p)) - stars
	return letters >= 2 && stars <= letters
}

// wildMatch reports whether pattern p matches word w, where each run of k
// '*' masks stands for between 1 and k+1 letters ("s*icide", "s*cide").
func wildMatch(p, w string) bool {
	for p != "" {
		if p[0] != '*' {
			if w == "" || w[0] != p[0] {
				return false
			}
			p, w = p[1:], w[1:]
			continue
		}
		k := 0
		for k < len(p) && p[k] == '*' {
			k++
		}
		for n := 1; n <= k+1 && n <= len(w); n++ {
			if wildMatch(p[k:], w[n:]) {
				return true
			}
		}
		return false
	}
	return w == ""
}

// oneEdit reports whether a and b are equal or one edit apart: one byte
// inserted, deleted or substituted, or two neighbouring bytes swapped.
func oneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	switch {
	case i == len(a):
		return true
	case len(a) < len(b):
		return a[i:] == b[i+1:]
	case a[i+1:] == b[i+1:]:
		return true
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

// typoIndex finds the lexicon words a misspelled query word stands for. It
// indexes every word and stem of four letters or more by the strings left
// after deleting one letter (a symmetric-delete index), so a lookup costs a
// few map reads rather than a scan of the lexicon, and by its squeezed form,
// so doubled-letter confusions ("dissapear", "comitt") count as one mistake.
type typoIndex struct {
	words    []typoWord
	deletes  map[string][]int32
	squeezed map[string][]int32
	// stemLens holds the lengths of the indexed stems by their first letter:
	// a misspelled stem keeps its first letter or swaps it with the second.
	stemLens map[byte][]int
}

// typoWord is one indexed lexicon word or stem.
type typoWord struct {
	text string
	ids  []uint16
	stem bool
}

// minTypo is the shortest word whose misspellings are recognised: shorter
// words are one letter away from too many others ("die", "dye", "dig"). A
// four-letter word counts as misspelled only by two swapped letters ("slef",
// "hnag") or, against a five-letter word, by a dropped one ("purg").
const minTypo = 4

// maxTypo is the longest query word looked up as a misspelling.
const maxTypo = 24

// newTypoIndex indexes the words and stems of x that may be misspelled.
func newTypoIndex(x *index) typoIndex {
	t := typoIndex{deletes: map[string][]int32{}, squeezed: map[string][]int32{}, stemLens: map[byte][]int{}}
	add := func(w string, ids []uint16, stem bool) {
		if len(w) < minTypo || len(w) > maxTypo || noTypo[w] || !isASCII(w) {
			return
		}
		n := int32(len(t.words))
		t.words = append(t.words, typoWord{text: w, ids: ids, stem: stem})
		t.deletes[w] = append(t.deletes[w], n)
		for i := range len(w) {
			d := w[:i] + w[i+1:]
			t.deletes[d] = append(t.deletes[d], n)
		}
		if stem {
			for _, c := range [2]byte{w[0], w[1]} {
				if !slices.Contains(t.stemLens[c], len(w)) {
					t.stemLens[c] = append(t.stemLens[c], len(w))
				}
			}
		} else if sq := squeeze(w); len(sq) >= 5 {
			t.squeezed[sq] = append(t.squeezed[sq], n)
		}
	}
	for w, ids := range x.exact {
		add(w, ids, false)
	}
	for w, ids := range x.prefix {
		add(w, ids, true)
	}
	return t
}

// find returns the concepts of the lexicon words q misspells, or nil. Real
// words are never taken as misspellings ("purring" is not "purging").
func (t *typoIndex) find(q string) []uint16 {
	if len(q) < minTypo || len(q) > maxTypo || realWords[q] || !isASCII(q) {
		return nil
	}
	var ids []uint16
	var buf [maxTypo]byte
	// check looks s and the strings left after deleting one of its bytes up
	// in the index, and keeps the words close enough to s.
	check := func(s string, stem bool) {
		try := func(d []byte) {
			for _, k := range t.deletes[string(d)] {
				if w := &t.words[k]; w.stem == stem && closeEnough(s, w.text) {
					ids = union(ids, w.ids)
				}
			}
		}
		try([]byte(s))
		for i := range len(s) {
			try(append(append(buf[:0], s[:i]...), s[i+1:]...))
		}
	}
	check(q, false)
	if len(q) >= 5 {
		for _, k := range t.squeezed[squeeze(q)] {
			ids = union(ids, t.words[k].ids)
		}
	}
	// A stem is misspelled when the query begins with a misspelling of it:
	// "sucidio" begins with "sucid", one letter from "suicid*".
	var done uint64 // prefix lengths already checked
	for _, c := range [2]byte{q[0], q[1]} {
		for _, l := range t.stemLens[c] {
			for k := l - 1; k <= l+1; k++ {
				if k > minTypo && k <= len(q) && k < 64 && done&(1<<k) == 0 {
					done |= 1 << k
					check(q[:k], true)
				}
			}
		}
	}
	return ids
}

// closeEnough reports whether s is a misspelling of the lexicon word w: one
// edit apart, and for two four-letter words only by a swap.
func closeEnough(s, w string) bool {
	if !oneEdit(s, w) {
		return false
	}
	if len(s) == 4 && len(w) == 4 {
		return swapped(s, w)
	}
	return min(len(s), len(w)) >= 4
}

// swapped reports whether a and b differ by two neighbouring letters swapped.
func swapped(a, b string) bool {
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

// isASCII reports whether s is plain ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

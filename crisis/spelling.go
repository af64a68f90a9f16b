package crisis

import "strings"

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
// indexes every word and stem of five letters or more by the strings left
// after deleting one letter, and words of eight or more also after deleting
// two, so a lookup costs a few map reads rather than a scan of the lexicon.
type typoIndex struct {
	words   []typoWord
	deletes map[string][]int32
	stemLen map[int]bool // lengths of indexed stems
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

// newTypoIndex indexes the words and stems of x that may be misspelled.
func newTypoIndex(x *index) typoIndex {
	t := typoIndex{deletes: map[string][]int32{}, stemLen: map[int]bool{}}
	add := func(w string, ids []uint16, stem bool) {
		if len(w) < minTypo || noTypo[w] || !isASCII(w) {
			return
		}
		n := int32(len(t.words))
		t.words = append(t.words, typoWord{text: w, ids: ids, stem: stem})
		for _, d := range deletions(w, maxEdits(w, stem)) {
			t.deletes[d] = append(t.deletes[d], n)
		}
		if stem {
			t.stemLen[len(w)] = true
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

// maxEdits is how many edits a misspelling of w may have.
func maxEdits(w string, stem bool) int {
	if len(w) >= 8 && !stem {
		return 2
	}
	return 1
}

// find returns the concepts of the lexicon words q misspells, or nil. Real
// words are never taken as misspellings ("purring" is not "purging").
func (t *typoIndex) find(q string) []uint16 {
	if len(q) < minTypo || realWords[q] || !isASCII(q) {
		return nil
	}
	var ids []uint16
	check := func(s string, stem bool) {
		for _, d := range deletions(s, 2) {
			for _, n := range t.deletes[d] {
				w := &t.words[n]
				if w.stem != stem {
					continue
				}
				if closeEnough(s, w.text, stem) {
					ids = union(ids, w.ids)
				}
			}
		}
	}
	check(q, false)
	for l := range t.stemLen {
		for _, k := range [3]int{l - 1, l, l + 1} {
			if k >= minTypo && k <= len(q) && k < len(q) {
				check(q[:k], true)
			}
		}
	}
	return ids
}

// closeEnough reports whether s is a misspelling of the lexicon word w.
func closeEnough(s, w string, stem bool) bool {
	n := maxEdits(w, stem)
	if editDistance(s, w, n) > n {
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

// deletions returns s and every string left after deleting up to n of its
// bytes (n is 1 or 2).
func deletions(s string, n int) []string {
	out := []string{s}
	for i := range len(s) {
		d := s[:i] + s[i+1:]
		out = append(out, d)
		if n > 1 && len(s) >= 8 {
			for j := i; j < len(d); j++ {
				out = append(out, d[:j]+d[j+1:])
			}
		}
	}
	return out
}

// editDistance returns the optimal-string-alignment distance of a and b
// (insertions, deletions, substitutions and swaps of neighbours), or limit+1
// when it is larger than limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	var rows [3][40]int
	if len(b) >= 40 {
		return limit + 1
	}
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		lo := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			lo = min(lo, v)
		}
		if lo > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
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

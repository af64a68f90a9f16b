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

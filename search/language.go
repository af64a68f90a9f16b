package search

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"haven/ent"
)

// The crisis lines a risky search shows come first in the asker's language: the language the
// query is written in when detection can tell, then the languages of the request's
// Accept-Language header, then the region's other lines. Someone who searches in Spanish is
// shown the line that answers in Spanish before the ones that do not.

// maxAcceptLanguages bounds how many Accept-Language entries are read.
const maxAcceptLanguages = 8

type acceptLanguageKey struct{}

// AcceptLanguage passes the request's Accept-Language preferences to the resolvers, so a risky
// search can show crisis lines in the asker's language. Only language codes are kept.
func AcceptLanguage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if langs := ParseAcceptLanguage(r.Header.Get("Accept-Language")); len(langs) > 0 {
			r = r.WithContext(WithLanguages(r.Context(), langs))
		}
		next.ServeHTTP(w, r)
	})
}

// WithLanguages returns ctx carrying the asker's preferred languages, most preferred first.
func WithLanguages(ctx context.Context, langs []string) context.Context {
	return context.WithValue(ctx, acceptLanguageKey{}, langs)
}

// languagesFrom returns the preferred languages ctx carries, if any.
func languagesFrom(ctx context.Context) []string {
	langs, _ := ctx.Value(acceptLanguageKey{}).([]string)
	return langs
}

// ParseAcceptLanguage returns the language codes of an Accept-Language header, most preferred
// first, without regions ("es-MX" is "es") or duplicates. Entries with q=0, wildcards and
// malformed entries are skipped.
func ParseAcceptLanguage(header string) []string {
	type pref struct {
		lang string
		q    float64
	}
	var prefs []pref
	for i, part := range strings.Split(header, ",") {
		if i >= 4*maxAcceptLanguages {
			break
		}
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			q = f
		}
		l, err := ParseLanguage(&tag)
		if err != nil || l == "" || q == 0 {
			continue
		}
		prefs = append(prefs, pref{l, q})
	}
	sort.SliceStable(prefs, func(i, j int) bool { return prefs[i].q > prefs[j].q })
	var out []string
	for _, p := range prefs {
		if !slices.Contains(out, p.lang) && len(out) < maxAcceptLanguages {
			out = append(out, p.lang)
		}
	}
	return out
}

// askerLanguages are the languages to prefer for a query: its own language first, when known,
// then the request's.
func askerLanguages(ctx context.Context, queryLang string) []string {
	out := []string{}
	if queryLang != "" {
		out = append(out, queryLang)
	}
	for _, l := range languagesFrom(ctx) {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// inLanguages orders lines by the first of langs each serves: lines in the most preferred
// language first, lines in none of them last; the order is otherwise kept.
func inLanguages(rs []*ent.CrisisResource, langs []string) []*ent.CrisisResource {
	if len(langs) == 0 {
		return rs
	}
	rank := func(r *ent.CrisisResource) int {
		for i, l := range langs {
			if slices.Contains(r.Languages, l) {
				return i
			}
		}
		return len(langs)
	}
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b *ent.CrisisResource) int { return rank(a) - rank(b) })
	return out
}

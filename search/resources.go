package search

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"haven/crisis"
	"haven/ent"
	"haven/ent/crisisresource"
	"haven/ent/predicate"
	"haven/errcode"
)

// DefaultRegion is the region whose crisis resources are shown when a client names none.
const DefaultRegion = "US"

// Everywhere is the region of resources that serve every region.
const Everywhere = "*"

var (
	regionPattern   = regexp.MustCompile(`^[A-Z]{2}$`)
	languagePattern = regexp.MustCompile(`^[a-z]{2,3}$`)
)

// ValidRegion reports whether r is an upper-case ISO 3166-1 alpha-2 code.
func ValidRegion(r string) bool { return regionPattern.MatchString(r) }

// ValidLanguage reports whether l is a lower-case ISO 639 code of two or three letters.
func ValidLanguage(l string) bool { return languagePattern.MatchString(l) }

// ParseRegion returns the upper-cased ISO 3166-1 alpha-2 code in region, or DefaultRegion when it
// is nil or blank.
func ParseRegion(region *string) (string, error) {
	if region == nil || strings.TrimSpace(*region) == "" {
		return DefaultRegion, nil
	}
	r := strings.ToUpper(strings.TrimSpace(*region))
	if !regionPattern.MatchString(r) {
		return "", errcode.Input("region", "must be a two-letter country code such as US or GB")
	}
	return r, nil
}

// ParseLanguage returns the lower-cased ISO 639 code in language, or "" when it is nil or blank.
// A regional tag names its language: "en-US" is "en".
func ParseLanguage(language *string) (string, error) {
	if language == nil || strings.TrimSpace(*language) == "" {
		return "", nil
	}
	l := strings.ToLower(strings.TrimSpace(*language))
	if i := strings.IndexAny(l, "-_"); i > 0 {
		l = l[:i]
	}
	if !languagePattern.MatchString(l) {
		return "", errcode.Input("language", "must be a two- or three-letter language code such as en or es")
	}
	return l, nil
}

// Resources returns the crisis resources serving region (default US) or everywhere and, when a
// language is given, offered in it: highest priority first, then by name. When no resource of the
// region speaks the language, it returns the region's resources in any language: someone in
// crisis must never be shown an empty list while a line exists.
func (s *Service) Resources(ctx context.Context, region, language *string) ([]*ent.CrisisResource, error) {
	r, err := ParseRegion(region)
	if err != nil {
		return nil, err
	}
	l, err := ParseLanguage(language)
	if err != nil {
		return nil, err
	}
	rs, err := s.resources(ctx, r, l)
	if err != nil || len(rs) > 0 || l == "" {
		return rs, err
	}
	return s.resources(ctx, r, "")
}

func (s *Service) resources(ctx context.Context, region, language string) ([]*ent.CrisisResource, error) {
	q := s.Client.CrisisResource.Query().Where(s.listHas(crisisresource.FieldRegions, region, Everywhere))
	if language != "" {
		q.Where(s.listHas(crisisresource.FieldLanguages, language))
	}
	// Clients show the organization behind a line; loading it here costs one statement, and none
	// when no resource has one.
	rs, err := q.WithOrganization().Order(ent.Desc(crisisresource.FieldPriority), ent.Asc(crisisresource.FieldName),
		ent.Asc(crisisresource.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("crisis resources for %s: %w", region, err)
	}
	return rs, nil
}

// listHas is the predicate of crisis resources whose JSON list column holds any of values. The
// lists are stored as JSON text; PostgreSQL reads them as jsonb, SQLite with json_each.
func (s *Service) listHas(column string, values ...string) predicate.CrisisResource {
	return func(sel *sql.Selector) {
		sel.Where(sql.P(func(b *sql.Builder) {
			col := sel.C(column)
			if s.Dialect == dialect.Postgres {
				b.WriteString("(")
				for i, v := range values {
					if i > 0 {
						b.WriteString(" OR ")
					}
					b.WriteString("CAST(").Ident(col).WriteString(" AS jsonb) @> jsonb_build_array(CAST(").
						Arg(v).WriteString(" AS text))")
				}
				b.WriteString(")")
				return
			}
			b.WriteString("EXISTS (SELECT 1 FROM json_each(").Ident(col).WriteString(") WHERE json_each.value IN (")
			for i, v := range values {
				if i > 0 {
					b.WriteString(", ")
				}
				b.Arg(v)
			}
			b.WriteString("))")
		}))
	}
}

// forConcern orders lines for a crisis: those that specialize in it first, then those that take
// every crisis, then the specialists of other crises; priority order within each group.
func forConcern(rs []*ent.CrisisResource, c crisis.Category) []*ent.CrisisResource {
	rank := func(r *ent.CrisisResource) int {
		switch {
		case slices.Contains(r.Concerns, string(c)):
			return 0
		case len(r.Concerns) == 0:
			return 1
		}
		return 2
	}
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b *ent.CrisisResource) int { return rank(a) - rank(b) })
	return out
}

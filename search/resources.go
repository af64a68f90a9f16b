package search

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"haven/audit"
	"haven/auth"
	"haven/crisis"
	"haven/database"
	"haven/ent"
	"haven/ent/crisisresource"
	"haven/ent/organization"
	"haven/ent/predicate"
	"haven/ent/schema"
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

// ResourceInput is the whole description of a crisis resource, identified by its key.
type ResourceInput struct {
	Key            string
	Name           string
	Kind           crisisresource.Kind
	Contact        string
	URL            *string
	Regions        []string
	Languages      []string
	Hours          *string
	OrganizationID *int
	Priority       *int
	Concerns       []string
}

// Bounds of a crisis resource's lists and priority.
const (
	maxRegions   = 60
	maxLanguages = 20
	maxPriority  = 1000
)

// normalize trims and case-folds in and checks every field, naming the offending one.
func (in *ResourceInput) normalize() error {
	concerns, err := normalizeConcerns(in.Concerns)
	if err != nil {
		return err
	}
	in.Concerns = concerns
	in.Key = strings.TrimSpace(in.Key)
	if err := schema.Slug(in.Key); err != nil {
		return errcode.Input("key", "%v", err)
	}
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{{"name", &in.Name, 120}, {"contact", &in.Contact, 200}} {
		*f.v = strings.TrimSpace(*f.v)
		if n := utf8.RuneCountInString(*f.v); n < 1 || n > f.max {
			return errcode.Input(f.name, "must be 1-%d characters", f.max)
		}
	}
	if in.URL != nil {
		u := strings.TrimSpace(*in.URL)
		in.URL = &u
		if u == "" {
			in.URL = nil
		} else if err := schema.HTTPURL(u); err != nil {
			return errcode.Input("url", "%v", err)
		}
	}
	if in.Hours != nil {
		h := strings.TrimSpace(*in.Hours)
		in.Hours = &h
		if n := utf8.RuneCountInString(h); n < 1 || n > 120 {
			return errcode.Input("hours", "must be 1-120 characters")
		}
	}
	if in.Priority != nil && (*in.Priority < 0 || *in.Priority > maxPriority) {
		return errcode.Input("priority", "must be between 0 and %d", maxPriority)
	}
	if in.Regions, err = normalizeList("regions", in.Regions, maxRegions, strings.ToUpper, func(r string) bool {
		return r == Everywhere || regionPattern.MatchString(r)
	}, `two-letter country codes such as US, or "*"`); err != nil {
		return err
	}
	in.Languages, err = normalizeList("languages", in.Languages, maxLanguages, strings.ToLower,
		languagePattern.MatchString, "two- or three-letter language codes such as en")
	return err
}

// normalizeList trims, folds and deduplicates a list of codes, and checks that it has 1 to max
// valid ones.
func normalizeList(field string, in []string, max int, fold func(string) string, valid func(string) bool, want string) ([]string, error) {
	out := make([]string, 0, len(in))
	for _, v := range in {
		v = fold(strings.TrimSpace(v))
		if !valid(v) {
			return nil, errcode.Input(field, "%q is not valid; use %s", v, want)
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	if len(out) == 0 || len(out) > max {
		return nil, errcode.Input(field, "give 1-%d codes", max)
	}
	return out, nil
}

// Upsert creates the crisis resource with in's key, or replaces the description of the existing
// one. Admins only; audited in the same transaction.
func (s *Service) Upsert(ctx context.Context, in ResourceInput) (*ent.CrisisResource, error) {
	v := auth.FromContext(ctx)
	if v.Anonymous() {
		return nil, errcode.New(errcode.Unauthenticated, "sign in to manage crisis resources")
	}
	if !v.Has(auth.RoleAdmin) {
		return nil, errcode.Forbiddenf("only admins manage crisis resources")
	}
	if err := in.normalize(); err != nil {
		return nil, err
	}
	hours, priority := "24/7", 0
	if in.Hours != nil {
		hours = *in.Hours
	}
	if in.Priority != nil {
		priority = *in.Priority
	}
	var out *ent.CrisisResource
	err := database.WithTx(ctx, s.Client, func(ctx context.Context, tx *ent.Tx) error {
		if in.OrganizationID != nil {
			ok, err := tx.Organization.Query().Where(organization.ID(*in.OrganizationID)).Exist(ctx)
			if err != nil {
				return fmt.Errorf("find organization %d: %w", *in.OrganizationID, err)
			}
			if !ok {
				return errcode.Input("organizationID", "no such organization")
			}
		}
		existing, err := tx.CrisisResource.Query().Where(crisisresource.Key(in.Key)).Only(ctx)
		action := "crisis_resource.update"
		switch {
		case ent.IsNotFound(err):
			action = "crisis_resource.create"
			out, err = tx.CrisisResource.Create().SetKey(in.Key).SetName(in.Name).SetKind(in.Kind).
				SetContact(in.Contact).SetNillableURL(in.URL).SetRegions(in.Regions).
				SetLanguages(in.Languages).SetHours(hours).SetPriority(priority).SetConcerns(in.Concerns).
				SetNillableOrganizationID(in.OrganizationID).Save(ctx)
		case err != nil:
			return fmt.Errorf("find crisis resource %q: %w", in.Key, err)
		default:
			upd := existing.Update().SetName(in.Name).SetKind(in.Kind).SetContact(in.Contact).
				SetRegions(in.Regions).SetLanguages(in.Languages).SetHours(hours).SetPriority(priority).
				SetConcerns(in.Concerns)
			if in.URL != nil {
				upd.SetURL(*in.URL)
			} else {
				upd.ClearURL()
			}
			if in.OrganizationID != nil {
				upd.SetOrganizationID(*in.OrganizationID)
			} else {
				upd.ClearOrganizationID()
			}
			out, err = upd.Save(ctx)
		}
		if err != nil {
			return fmt.Errorf("save crisis resource %q: %w", in.Key, err)
		}
		_, err = s.audit().Append(ctx, tx, audit.Event{Action: action, EntityType: "CrisisResource", EntityID: out.ID})
		return err
	})
	return database.Detach(ctx, out, err)
}

func (s *Service) audit() *audit.Log {
	if s.Audit != nil {
		return s.Audit
	}
	return &audit.Log{Dialect: s.Dialect, Clock: s.Clock}
}

// concerns are the crises a line may specialize in: crisis's risk categories.
var concerns = []crisis.Category{crisis.Suicide, crisis.SelfHarm, crisis.EatingDisorder}

// normalizeConcerns upper-cases and de-duplicates a line's concerns and refuses unknown ones.
func normalizeConcerns(in []string) ([]string, error) {
	out := []string{}
	for _, c := range in {
		c = strings.ToUpper(strings.TrimSpace(c))
		if !slices.Contains(concerns, crisis.Category(c)) {
			return nil, errcode.Input("concerns", "%q is not one of SUICIDE, SELF_HARM, EATING_DISORDER", c)
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
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

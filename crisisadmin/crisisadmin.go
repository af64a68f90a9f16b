// Package crisisadmin administers the crisis resources (hotlines, text lines, chats) that
// search surfaces for risky queries: admins create and describe them, audited. Reading them is
// search's business.
package crisisadmin

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"haven/access"
	"haven/audit"
	"haven/clock"
	"haven/crisis"
	"haven/database"
	"haven/ent"
	"haven/ent/crisisresource"
	"haven/ent/organization"
	"haven/errcode"
	"haven/limit"
	"haven/search"
)

// Service manages crisis resources.
type Service struct {
	Client  *ent.Client
	Clock   clock.Clock
	Dialect string
	// Audit records crisis resource changes; when nil, a log on Dialect and Clock is used.
	Audit *audit.Log
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
	if err := limit.Slug(in.Key); err != nil {
		return errcode.Input("key", "%v", err)
	}
	for _, f := range []struct {
		name string
		v    *string
		max  int
	}{{"name", &in.Name, limit.Name}, {"contact", &in.Contact, limit.Contact}} {
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
		} else if err := limit.HTTPURL(u); err != nil {
			return errcode.Input("url", "%v", err)
		}
	}
	if in.Hours != nil {
		h := strings.TrimSpace(*in.Hours)
		in.Hours = &h
		if n := utf8.RuneCountInString(h); n < 1 || n > limit.Name {
			return errcode.Input("hours", "must be 1-%d characters", limit.Name)
		}
	}
	if in.Priority != nil && (*in.Priority < 0 || *in.Priority > maxPriority) {
		return errcode.Input("priority", "must be between 0 and %d", maxPriority)
	}
	if in.Regions, err = normalizeList("regions", in.Regions, maxRegions, strings.ToUpper, func(r string) bool {
		return r == search.Everywhere || search.ValidRegion(r)
	}, `two-letter country codes such as US, or "*"`); err != nil {
		return err
	}
	in.Languages, err = normalizeList("languages", in.Languages, maxLanguages, strings.ToLower,
		search.ValidLanguage, "two- or three-letter language codes such as en")
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
	if _, err := access.Require(ctx, access.CrisisResourceManage); err != nil {
		return nil, err
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

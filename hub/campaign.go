package hub

import (
	"context"
	"fmt"
	"strings"
	"time"

	"haven/access"
	"haven/audit"
	"haven/database"
	"haven/ent"
	"haven/ent/campaign"
	"haven/errcode"
	"haven/limit"
)

// CampaignInput is a new campaign.
type CampaignInput struct {
	Slug, Name, Hashtag string
	Description         *string
	StartsAt, EndsAt    time.Time
}

// CampaignPatch changes a campaign; nil fields stay as they are.
type CampaignPatch struct {
	Name, Hashtag, Description *string
	StartsAt, EndsAt           *time.Time
}

// campaignFields maps ent's field names to the GraphQL input's.
var campaignFields = map[string]string{"starts_at": "startsAt", "ends_at": "endsAt"}

// CreateCampaign creates a hub page. Publishers only; the slug must be free.
func (s *Service) CreateCampaign(ctx context.Context, in CampaignInput) (*ent.Campaign, error) {
	if _, err := authorize(ctx, access.CampaignCreate); err != nil {
		return nil, err
	}
	in.Slug = strings.TrimSpace(in.Slug)
	if err := validateCampaign(&in.Slug, &in.Name, &in.Hashtag, in.Description, window{&in.StartsAt, &in.EndsAt}); err != nil {
		return nil, err
	}
	var c *ent.Campaign
	err := s.change(ctx, func(ctx context.Context, tx *ent.Tx) error {
		taken, err := tx.Campaign.Query().Where(campaign.Slug(in.Slug)).Exist(ctx)
		if err != nil {
			return fmt.Errorf("create campaign %s: %w", in.Slug, err)
		}
		if taken {
			return slugTaken(in.Slug)
		}
		c, err = tx.Campaign.Create().
			SetSlug(in.Slug).SetName(in.Name).SetHashtag(in.Hashtag).SetNillableDescription(in.Description).
			SetStartsAt(in.StartsAt).SetEndsAt(in.EndsAt).Save(ctx)
		if ent.IsConstraintError(err) {
			return slugTaken(in.Slug) // taken by a concurrent create after our check
		}
		if err != nil {
			return inputError(fmt.Errorf("create campaign %s: %w", in.Slug, err), campaignFields)
		}
		return s.record(ctx, tx, access.CampaignCreate, "Campaign", c.ID, audit.Event{Note: in.Slug})
	})
	return database.Detach(ctx, c, err)
}

// UpdateCampaign changes a campaign's name, hashtag, description or window. Publishers only.
func (s *Service) UpdateCampaign(ctx context.Context, id int, p CampaignPatch) (*ent.Campaign, error) {
	if _, err := authorize(ctx, access.CampaignUpdate); err != nil {
		return nil, err
	}
	var c *ent.Campaign
	err := s.change(ctx, func(ctx context.Context, tx *ent.Tx) error {
		old, err := tx.Campaign.Get(ctx, id)
		if err != nil {
			return notFound(err, "campaign", id)
		}
		w := window{&old.StartsAt, &old.EndsAt}
		if p.StartsAt != nil {
			w.StartsAt = p.StartsAt
		}
		if p.EndsAt != nil {
			w.EndsAt = p.EndsAt
		}
		if err := validateCampaign(nil, p.Name, p.Hashtag, p.Description, w); err != nil {
			return err
		}
		u := tx.Campaign.UpdateOne(old).SetStartsAt(*w.StartsAt).SetEndsAt(*w.EndsAt)
		if p.Name != nil {
			u.SetName(*p.Name)
		}
		if p.Hashtag != nil {
			u.SetHashtag(*p.Hashtag)
		}
		if p.Description != nil {
			u.SetDescription(*p.Description)
		}
		if c, err = u.Save(ctx); err != nil {
			return inputError(fmt.Errorf("update campaign %d: %w", id, err), campaignFields)
		}
		return s.record(ctx, tx, access.CampaignUpdate, "Campaign", c.ID, audit.Event{Note: c.Slug})
	})
	return database.Detach(ctx, c, err)
}

// validateCampaign checks the given (non-nil) fields with the schema's validators and names the
// GraphQL field of the first that fails. It trims the name.
func validateCampaign(slug, name, hashtag, description *string, w window) error {
	if slug != nil {
		if err := limit.Slug(*slug); err != nil {
			return errcode.Input("slug", "%v", err)
		}
	}
	if name != nil {
		*name = strings.TrimSpace(*name)
		if err := limit.Text(1, limit.Name)(*name); err != nil {
			return errcode.Input("name", "%v", err)
		}
	}
	if hashtag != nil {
		if err := limit.HashtagText(*hashtag); err != nil {
			return errcode.Input("hashtag", "must be '#' followed by 1-64 letters, digits or '_', such as #MentalHealthAwareness")
		}
	}
	if description != nil {
		if err := limit.Text(0, limit.Description)(*description); err != nil {
			return errcode.Input("description", "%v", err)
		}
	}
	return w.validate()
}

func slugTaken(slug string) error {
	return errcode.Input("slug", "%q is taken by another campaign", slug)
}

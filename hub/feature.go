package hub

import (
	"context"
	"fmt"
	"time"

	"haven/access"
	"haven/audit"
	"haven/database"
	"haven/ent"
	"haven/ent/content"
	"haven/ent/feature"
	"haven/ent/predicate"
	"haven/errcode"
)

// maxPosition is the largest position a placement may take (the schema's range).
const maxPosition = 10000

// Placement is where and when a feature shows on its campaign page.
type Placement struct {
	Position         int
	StartsAt, EndsAt *time.Time
}

func (p Placement) window() window { return window{p.StartsAt, p.EndsAt} }

func (p Placement) validate() error {
	if p.Position < 0 || p.Position > maxPosition {
		return errcode.Input("position", "must be between 0 and %d", maxPosition)
	}
	return p.window().validate()
}

// FeatureContent places a live piece of content on a campaign page. Publishers only.
func (s *Service) FeatureContent(ctx context.Context, campaignID, contentID int, p Placement) (*ent.Feature, error) {
	return s.place(ctx, access.FeatureContent, campaignID, p, func(ctx context.Context, tx *ent.Tx, c *ent.FeatureCreate) ([]predicate.Feature, error) {
		// Only live content may be featured; anything else is as absent as a missing ID.
		ok, err := tx.Content.Query().Where(content.ID(contentID), content.StatusEQ(content.StatusLIVE)).Exist(ctx)
		if err != nil {
			return nil, fmt.Errorf("feature content %d: %w", contentID, err)
		}
		if !ok {
			return nil, errcode.NotFoundf("no live content with id %d", contentID)
		}
		c.SetKind(feature.KindCONTENT).SetContentID(contentID)
		return []predicate.Feature{feature.KindEQ(feature.KindCONTENT), feature.ContentID(contentID)}, nil
	})
}

// SpotlightCreator places a creator spotlight on a campaign page. Publishers only.
func (s *Service) SpotlightCreator(ctx context.Context, campaignID, creatorID int, p Placement) (*ent.Feature, error) {
	return s.place(ctx, access.FeatureSpotlight, campaignID, p, func(ctx context.Context, tx *ent.Tx, c *ent.FeatureCreate) ([]predicate.Feature, error) {
		if _, err := tx.Creator.Get(ctx, creatorID); err != nil {
			return nil, notFound(err, "creator", creatorID)
		}
		c.SetKind(feature.KindCREATOR_SPOTLIGHT).SetCreatorID(creatorID)
		return []predicate.Feature{feature.KindEQ(feature.KindCREATOR_SPOTLIGHT), feature.CreatorID(creatorID)}, nil
	})
}

// AddPartnerOrganization lists an organization among a campaign's partners. Publishers only.
func (s *Service) AddPartnerOrganization(ctx context.Context, campaignID, organizationID int) (*ent.Feature, error) {
	return s.place(ctx, access.FeaturePartner, campaignID, Placement{}, func(ctx context.Context, tx *ent.Tx, c *ent.FeatureCreate) ([]predicate.Feature, error) {
		if _, err := tx.Organization.Get(ctx, organizationID); err != nil {
			return nil, notFound(err, "organization", organizationID)
		}
		c.SetKind(feature.KindPARTNER_ORGANIZATION).SetOrganizationID(organizationID)
		return []predicate.Feature{feature.KindEQ(feature.KindPARTNER_ORGANIZATION), feature.OrganizationID(organizationID)}, nil
	})
}

// place creates a placement of the kind that target sets up. target checks the placed object
// and returns the predicates that find the same object's other placements on the campaign, so
// that one object never shows twice at the same time.
func (s *Service) place(ctx context.Context, a access.Action, campaignID int, p Placement,
	target func(ctx context.Context, tx *ent.Tx, c *ent.FeatureCreate) ([]predicate.Feature, error)) (*ent.Feature, error) {
	v, err := authorize(ctx, a)
	if err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	var f *ent.Feature
	err = s.change(ctx, func(ctx context.Context, tx *ent.Tx) error {
		if _, err := tx.Campaign.Get(ctx, campaignID); err != nil {
			return notFound(err, "campaign", campaignID)
		}
		c := tx.Feature.Create().SetCampaignID(campaignID).SetPosition(p.Position).
			SetNillableStartsAt(p.StartsAt).SetNillableEndsAt(p.EndsAt).SetCreatedBy(v.Subject)
		same, err := target(ctx, tx, c)
		if err != nil {
			return err
		}
		others, err := tx.Feature.Query().Where(append(same, feature.CampaignID(campaignID))...).All(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", a, err)
		}
		for _, o := range others {
			if p.window().overlaps(window{o.StartsAt, o.EndsAt}) {
				return errcode.Input(targetField(a), "already placed on this campaign in an overlapping window (feature %d)", o.ID)
			}
		}
		if f, err = c.Save(ctx); err != nil {
			return inputError(fmt.Errorf("%s: %w", a, err), map[string]string{"starts_at": "startsAt", "ends_at": "endsAt"})
		}
		return s.record(ctx, tx, a, "Feature", f.ID, audit.Event{Note: fmt.Sprintf("campaign %d, position %d", campaignID, p.Position)})
	})
	return database.Detach(ctx, f, err)
}

// targetField is the argument that names the placed object of an action.
func targetField(a access.Action) string {
	switch a {
	case access.FeatureContent:
		return "contentID"
	case access.FeatureSpotlight:
		return "creatorID"
	default:
		return "organizationID"
	}
}

// RemoveFeature deletes a placement. Publishers only.
func (s *Service) RemoveFeature(ctx context.Context, id int) error {
	if _, err := authorize(ctx, access.FeatureRemove); err != nil {
		return err
	}
	return s.change(ctx, func(ctx context.Context, tx *ent.Tx) error {
		f, err := tx.Feature.Get(ctx, id)
		if err != nil {
			return notFound(err, "feature", id)
		}
		if err := tx.Feature.DeleteOne(f).Exec(ctx); err != nil {
			return fmt.Errorf("remove feature %d: %w", id, err)
		}
		return s.record(ctx, tx, access.FeatureRemove, "Feature", id, audit.Event{
			Note: fmt.Sprintf("campaign %d, %s", f.CampaignID, f.Kind),
		})
	})
}

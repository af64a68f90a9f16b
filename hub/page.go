package hub

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"haven/access"
	"haven/ent"
	"haven/ent/campaign"
	"haven/ent/content"
	"haven/ent/feature"
	"haven/ent/predicate"
)

// A page of the hub is read with a constant number of statements whatever its number of
// placements: each list below is one query of placements plus one eager load of what they
// place. The callers' Load functions add eager loading for the fields a client selected (the
// GraphQL layer passes its field collection), so nested fields cost no statement per item either.

// Load adds eager loading to a query before it runs. A nil Load adds nothing.
type Load[Q any] func(Q) error

func (l Load[Q]) apply(q Q, errp *error) {
	if l == nil {
		return
	}
	if err := l(q); err != nil && *errp == nil {
		*errp = err
	}
}

// And returns a Load that runs l, then m.
func (l Load[Q]) And(m Load[Q]) Load[Q] {
	if l == nil {
		return m
	}
	if m == nil {
		return l
	}
	return func(q Q) error {
		if err := l(q); err != nil {
			return err
		}
		return m(q)
	}
}

// Collecting returns a Load that runs the query's CollectFields: ent's field collection, which
// eager-loads the edges a GraphQL client selected under the field being resolved. The GraphQL
// layer passes it; outside a GraphQL request it loads nothing.
func Collecting[Q interface {
	CollectFields(context.Context, ...string) (Q, error)
}](ctx context.Context) Load[Q] {
	return func(q Q) error {
		_, err := q.CollectFields(ctx)
		return err
	}
}

// maxCampaigns bounds the campaigns list, newest first; the hub has a few campaigns a year.
const maxCampaigns = 100

// Campaign returns the campaign with the slug, or nil when there is none. It carries the
// placements showing now (see withPlacements).
func (s *Service) Campaign(ctx context.Context, slug string) (*ent.Campaign, error) {
	q := s.Client.Campaign.Query().Where(campaign.Slug(strings.TrimSpace(slug)))
	c, err := s.withPlacements(q, s.Clock.Now()).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("campaign %q: %w", slug, err)
	}
	return c, nil
}

// Campaigns lists the campaigns, latest start first, each with the placements showing now.
func (s *Service) Campaigns(ctx context.Context) ([]*ent.Campaign, error) {
	q := s.Client.Campaign.Query().
		Order(ent.Desc(campaign.FieldStartsAt), ent.Desc(campaign.FieldID)).Limit(maxCampaigns)
	cs, err := s.withPlacements(q, s.Clock.Now()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("campaigns: %w", err)
	}
	return cs, nil
}

// showing selects the placements of a kind on a campaign whose window contains now.
func showing(campaignID int, kind feature.Kind, now time.Time) []predicate.Feature {
	return []predicate.Feature{
		feature.CampaignID(campaignID),
		feature.KindEQ(kind),
		feature.Or(feature.StartsAtIsNil(), feature.StartsAtLTE(now)),
		feature.Or(feature.EndsAtIsNil(), feature.EndsAtGT(now)),
	}
}

// byPosition is the order of a page's placements.
var byPosition = []feature.OrderOption{feature.ByPosition(), feature.ByID()}

// FeaturedContents returns the live content placed on the campaign inside its window, in
// position order.
func (s *Service) FeaturedContents(ctx context.Context, c *ent.Campaign, load ContentLoad) ([]*ent.Content, error) {
	campaignID := c.ID
	if ps, ok := placementsOf(c); ok {
		if s.Dims == nil {
			load.CreatorsFromMemory, load.OrganizationsFromMemory = false, false
		}
		cs, err := s.featuredByID(ctx, placedIDs(ps, feature.KindCONTENT), load)
		if err != nil {
			return nil, fmt.Errorf("featured contents of campaign %d: %w", campaignID, err)
		}
		return cs, nil
	}
	var loadErr error
	fs, err := s.Client.Feature.Query().
		Where(showing(campaignID, feature.KindCONTENT, s.Clock.Now())...).
		Where(feature.HasContentWith(content.StatusEQ(content.StatusLIVE))).
		WithContent(func(q *ent.ContentQuery) {
			// Staff may read any content, but the page shows what is live to everyone.
			q.Where(content.StatusEQ(content.StatusLIVE))
			load.Load.apply(q, &loadErr)
		}).
		Order(byPosition...).All(ctx)
	if err == nil {
		err = loadErr
	}
	if err != nil {
		return nil, fmt.Errorf("featured contents of campaign %d: %w", campaignID, err)
	}
	return placed(fs, func(f *ent.Feature) *ent.Content { return f.Edges.Content }), nil
}

// SpotlightCreators returns the creators spotlighted on the campaign inside their window, in
// position order. When load is nil (the client selected only their columns) and the campaign
// carries its placements, they come from the dimension cache.
func (s *Service) SpotlightCreators(ctx context.Context, c *ent.Campaign, load Load[*ent.CreatorQuery]) ([]*ent.Creator, error) {
	campaignID := c.ID
	if ps, ok := placementsOf(c); ok && load == nil && s.Dims != nil {
		cs, err := s.creatorsByID(ctx, placedIDs(ps, feature.KindCREATOR_SPOTLIGHT))
		if err != nil {
			return nil, fmt.Errorf("spotlights of campaign %d: %w", campaignID, err)
		}
		return cs, nil
	}
	var loadErr error
	fs, err := s.Client.Feature.Query().
		Where(showing(campaignID, feature.KindCREATOR_SPOTLIGHT, s.Clock.Now())...).
		WithCreator(func(q *ent.CreatorQuery) { load.apply(q, &loadErr) }).
		Order(byPosition...).All(ctx)
	if err == nil {
		err = loadErr
	}
	if err != nil {
		return nil, fmt.Errorf("spotlights of campaign %d: %w", campaignID, err)
	}
	return placed(fs, func(f *ent.Feature) *ent.Creator { return f.Edges.Creator }), nil
}

// PartnerOrganizations returns the campaign's partner organizations in position order. When
// load is nil (the client selected only their columns) and the campaign carries its
// placements, they come from the dimension cache.
func (s *Service) PartnerOrganizations(ctx context.Context, c *ent.Campaign, load Load[*ent.OrganizationQuery]) ([]*ent.Organization, error) {
	campaignID := c.ID
	if ps, ok := placementsOf(c); ok && load == nil && s.Dims != nil {
		os, err := s.organizationsByID(ctx, placedIDs(ps, feature.KindPARTNER_ORGANIZATION))
		if err != nil {
			return nil, fmt.Errorf("partners of campaign %d: %w", campaignID, err)
		}
		return os, nil
	}
	var loadErr error
	fs, err := s.Client.Feature.Query().
		Where(showing(campaignID, feature.KindPARTNER_ORGANIZATION, s.Clock.Now())...).
		WithOrganization(func(q *ent.OrganizationQuery) { load.apply(q, &loadErr) }).
		Order(byPosition...).All(ctx)
	if err == nil {
		err = loadErr
	}
	if err != nil {
		return nil, fmt.Errorf("partners of campaign %d: %w", campaignID, err)
	}
	return placed(fs, func(f *ent.Feature) *ent.Organization { return f.Edges.Organization }), nil
}

// placed returns what each placement places, in order, once each. A placed object the viewer
// may not read is left out.
func placed[T interface{ comparable }](fs []*ent.Feature, of func(*ent.Feature) T) []T {
	var zero T
	out := make([]T, 0, len(fs))
	for _, f := range fs {
		if x := of(f); x != zero && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// Features returns every placement of the campaign, in and out of its window, for publishers;
// an empty list for everyone else.
func (s *Service) Features(ctx context.Context, campaignID int, load Load[*ent.FeatureQuery]) ([]*ent.Feature, error) {
	if !access.Allowed(ctx, access.FeatureRead) {
		return []*ent.Feature{}, nil
	}
	q := s.Client.Feature.Query().Where(feature.CampaignID(campaignID)).
		Order(feature.ByKind(), feature.ByPosition(), feature.ByID())
	var err error
	load.apply(q, &err)
	if err != nil {
		return nil, err
	}
	fs, err := q.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("features of campaign %d: %w", campaignID, err)
	}
	return fs, nil
}

// AdCreditBudget returns the campaign's ad-credit budget to admins and publishers, nil to others.
func (s *Service) AdCreditBudget(ctx context.Context, c *ent.Campaign) *int64 {
	if !access.Allowed(ctx, access.BudgetRead) {
		return nil
	}
	b := c.BudgetCents
	return &b
}

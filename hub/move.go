package hub

import (
	"context"
	"fmt"

	"haven/access"
	"haven/audit"
	"haven/database"
	"haven/ent"
	"haven/ent/feature"
	"haven/errcode"
)

// MoveFeature moves a placement to a position among the placements of its kind on its campaign,
// in one transaction: the placement takes the position, and the others between its old and new
// positions shift by one to make room (up when it moves up, down when it moves down), so the
// order of the rest is kept. expectedPosition, when given, is the position the caller saw: if the
// placement has moved since, nothing changes and the answer is CONFLICT. It returns the
// placements of that kind on the campaign in their new order (position, then ID). Publishers only.
func (s *Service) MoveFeature(ctx context.Context, id, position int, expectedPosition *int) ([]*ent.Feature, error) {
	if _, err := authorize(ctx, access.FeatureMove); err != nil {
		return nil, err
	}
	if position < 0 || position > maxPosition {
		return nil, errcode.Input("position", "must be between 0 and %d", maxPosition)
	}
	if expectedPosition != nil && (*expectedPosition < 0 || *expectedPosition > maxPosition) {
		return nil, errcode.Input("expectedPosition", "must be between 0 and %d", maxPosition)
	}
	var out []*ent.Feature
	err := s.change(ctx, func(ctx context.Context, tx *ent.Tx) error {
		f, err := tx.Feature.Get(ctx, id)
		if err != nil {
			return notFound(err, "feature", id)
		}
		// Moves on one campaign page take turns (PostgreSQL; SQLite serializes writers).
		if _, err := s.lockCampaign(ctx, tx, f.CampaignID); err != nil {
			return err
		}
		if f, err = tx.Feature.Get(ctx, id); err != nil { // as of the lock
			return notFound(err, "feature", id)
		}
		if expectedPosition != nil && f.Position != *expectedPosition {
			return errcode.New(errcode.Conflict, "feature %d moved meanwhile: it is at position %d, not %d", id, f.Position, *expectedPosition)
		}
		from := f.Position
		siblings := tx.Feature.Update().Where(feature.CampaignID(f.CampaignID), feature.KindEQ(f.Kind), feature.IDNEQ(f.ID))
		switch {
		case position < from: // moving up: [position, from) shift down the page by one
			err = siblings.Where(feature.PositionGTE(position), feature.PositionLT(from)).AddPosition(1).Exec(ctx)
		case position > from: // moving down: (from, position] shift up the page by one
			err = siblings.Where(feature.PositionGT(from), feature.PositionLTE(position)).AddPosition(-1).Exec(ctx)
		}
		if err != nil {
			return fmt.Errorf("move feature %d: shift the others: %w", id, err)
		}
		if position != from {
			if err := tx.Feature.UpdateOne(f).SetPosition(position).Exec(ctx); err != nil {
				return fmt.Errorf("move feature %d: %w", id, err)
			}
		}
		if out, err = tx.Feature.Query().Where(feature.CampaignID(f.CampaignID), feature.KindEQ(f.Kind)).
			Order(ent.Asc(feature.FieldPosition), ent.Asc(feature.FieldID)).All(ctx); err != nil {
			return fmt.Errorf("move feature %d: %w", id, err)
		}
		return s.record(ctx, tx, access.FeatureMove, "Feature", id, audit.Event{
			Note: fmt.Sprintf("campaign %d, %s, position %d to %d", f.CampaignID, f.Kind, from, position),
		})
	})
	if err != nil {
		return nil, err
	}
	for i, f := range out {
		if out[i], err = database.Detach(ctx, f, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

package hub

import (
	"context"
	"errors"
	"fmt"

	entsql "entgo.io/ent/dialect/sql"

	"haven/access"
	"haven/audit"
	"haven/ent"
	"haven/ent/account"
	"haven/ent/event"
	"haven/ent/organization"
	"haven/ent/predicate"
	"haven/ent/privacy"
	"haven/ent/registration"
	"haven/errcode"
)

// Registration rules:
//   - any signed-in viewer registers for a PUBLIC event; a PARTNERS event takes members of a
//     partner organization who act for it (the org_member role) only (FORBIDDEN otherwise);
//   - registration opens when the event is created and closes when it starts: registering for
//     or cancelling a seat at an event that has started or ended is INVALID_TRANSITION, since the
//     request is well formed but the event is past that point;
//   - registering twice, or cancelling a seat one does not hold, changes nothing and returns the
//     event;
//   - the seats taken never exceed the capacity, whatever the concurrency: registered_count only
//     moves through one conditional UPDATE, and a registration that finds no seat left is
//     CAPACITY_REACHED.

// errRegisteredMeanwhile is a concurrent registration of the same viewer for the same event: the
// other one holds the seat, so this one rolls back and answers as if already registered.
var errRegisteredMeanwhile = errors.New("registered by a concurrent request")

// seatFree holds for an event whose registered_count is below its capacity. It compares two
// columns, which ent's generated predicates do not.
func seatFree() predicate.Event {
	return func(s *entsql.Selector) {
		s.Where(entsql.ColumnsLT(s.C(event.FieldRegisteredCount), s.C(event.FieldCapacity)))
	}
}

// RegisterForEvent gives the viewer a seat at the event.
func (s *Service) RegisterForEvent(ctx context.Context, eventID int) (*ent.Event, error) {
	v, err := authorize(ctx, access.EventRegister)
	if err != nil {
		return nil, err
	}
	err = s.change(ctx, func(ctx context.Context, tx *ent.Tx) error {
		e, err := s.openEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if e.Audience == event.AudiencePARTNERS {
			if !access.ActsFor(v, access.ForOrganization) {
				return errcode.Forbiddenf("this event is for members of partner organizations")
			}
			member, err := tx.Organization.Query().
				Where(organization.HasMembersWith(account.ID(v.AccountID))).Exist(ctx)
			if err != nil {
				return fmt.Errorf("register for event %d: membership: %w", eventID, err)
			}
			if !member {
				return errcode.Forbiddenf("this event is for members of partner organizations")
			}
		}
		already, err := tx.Registration.Query().
			Where(registration.EventID(eventID), registration.AccountID(v.AccountID)).Exist(ctx)
		if err != nil {
			return fmt.Errorf("register for event %d: %w", eventID, err)
		}
		if already {
			return nil
		}
		// The privacy policy lets only publishers write events, but taking a seat must move
		// registered_count. Every rule of registration has been checked above, so this one
		// update runs with the policy's decision made.
		seat := privacy.DecisionContext(ctx, privacy.Allow)
		n, err := tx.Event.Update().
			Where(event.ID(eventID), event.Or(event.CapacityIsNil(), seatFree())).
			AddRegisteredCount(1).Save(seat)
		if err != nil {
			return fmt.Errorf("register for event %d: take seat: %w", eventID, err)
		}
		if n != 1 {
			return errcode.New(errcode.CapacityReached, "%q is full", e.Title)
		}
		r, err := tx.Registration.Create().SetEventID(eventID).SetAccountID(v.AccountID).Save(ctx)
		if ent.IsConstraintError(err) {
			return errRegisteredMeanwhile
		}
		if err != nil {
			return fmt.Errorf("register for event %d: %w", eventID, err)
		}
		return s.record(ctx, tx, access.EventRegister, "Event", eventID, audit.Event{Note: fmt.Sprintf("registration %d", r.ID)})
	})
	if err != nil && !errors.Is(err, errRegisteredMeanwhile) {
		return nil, err
	}
	return s.event(ctx, eventID)
}

// CancelRegistration gives up the viewer's seat at the event.
func (s *Service) CancelRegistration(ctx context.Context, eventID int) (*ent.Event, error) {
	v, err := authorize(ctx, access.EventCancel)
	if err != nil {
		return nil, err
	}
	err = s.change(ctx, func(ctx context.Context, tx *ent.Tx) error {
		if _, err := s.openEvent(ctx, tx, eventID); err != nil {
			return err
		}
		n, err := tx.Registration.Delete().
			Where(registration.EventID(eventID), registration.AccountID(v.AccountID)).Exec(ctx)
		if err != nil {
			return fmt.Errorf("cancel registration for event %d: %w", eventID, err)
		}
		if n == 0 {
			return nil
		}
		// As in RegisterForEvent: the rules are checked, and giving up a seat moves the count.
		seat := privacy.DecisionContext(ctx, privacy.Allow)
		if _, err := tx.Event.Update().Where(event.ID(eventID), event.RegisteredCountGT(0)).
			AddRegisteredCount(-1).Save(seat); err != nil {
			return fmt.Errorf("cancel registration for event %d: free seat: %w", eventID, err)
		}
		return s.record(ctx, tx, access.EventCancel, "Event", eventID, audit.Event{})
	})
	if err != nil {
		return nil, err
	}
	return s.event(ctx, eventID)
}

// openEvent reads an event that still takes registrations.
func (s *Service) openEvent(ctx context.Context, tx *ent.Tx, id int) (*ent.Event, error) {
	e, err := tx.Event.Get(ctx, id)
	if err != nil {
		return nil, notFound(err, "event", id)
	}
	if !e.StartsAt.After(s.Clock.Now()) {
		return nil, errcode.New(errcode.InvalidTransition, "registration for %q closed when it started", e.Title)
	}
	return e, nil
}

// event reads an event after a change, with its current count.
func (s *Service) event(ctx context.Context, id int) (*ent.Event, error) {
	e, err := s.Client.Event.Get(ctx, id)
	if err != nil {
		return nil, notFound(err, "event", id)
	}
	return e, nil
}

package hub

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"haven/access"
	"haven/audit"
	"haven/auth"
	"haven/database"
	"haven/ent"
	"haven/ent/event"
	"haven/ent/registration"
	"haven/errcode"
	"haven/limit"
)

// Page sizes of the upcoming events of a campaign page.
const (
	defaultUpcoming = 10
	maxUpcoming     = 100
	maxCapacity     = 1000000
)

// EventInput is a new event.
type EventInput struct {
	CampaignID, HostOrganizationID *int
	Kind                           event.Kind
	Audience                       event.Audience
	Title                          string
	Description                    *string
	StartsAt, EndsAt               time.Time
	Capacity                       *int // nil: unlimited
}

// CreateEvent creates a training, awareness day or livestream. Publishers only.
func (s *Service) CreateEvent(ctx context.Context, in EventInput) (*ent.Event, error) {
	if _, err := authorize(ctx, access.EventCreate); err != nil {
		return nil, err
	}
	if err := validateEvent(&in); err != nil {
		return nil, err
	}
	var e *ent.Event
	err := s.change(ctx, func(ctx context.Context, tx *ent.Tx) error {
		if in.CampaignID != nil {
			if _, err := tx.Campaign.Get(ctx, *in.CampaignID); err != nil {
				return notFound(err, "campaign", *in.CampaignID)
			}
		}
		if in.HostOrganizationID != nil {
			if _, err := tx.Organization.Get(ctx, *in.HostOrganizationID); err != nil {
				return notFound(err, "organization", *in.HostOrganizationID)
			}
		}
		var err error
		e, err = tx.Event.Create().
			SetKind(in.Kind).SetAudience(in.Audience).SetTitle(in.Title).SetNillableDescription(in.Description).
			SetStartsAt(in.StartsAt).SetEndsAt(in.EndsAt).SetNillableCapacity(in.Capacity).
			SetNillableCampaignID(in.CampaignID).SetNillableHostOrganizationID(in.HostOrganizationID).
			Save(ctx)
		if err != nil {
			return inputError(fmt.Errorf("create event: %w", err), map[string]string{"starts_at": "startsAt", "ends_at": "endsAt"})
		}
		return s.record(ctx, tx, access.EventCreate, "Event", e.ID, audit.Event{Note: e.Title})
	})
	return database.Detach(ctx, e, err)
}

// EventPatch is a change to an event; nil fields keep their value. Capacity is set when
// SetCapacity is true: to *Capacity, or to no limit when Capacity is nil.
type EventPatch struct {
	Title, Description *string
	StartsAt, EndsAt   *time.Time
	SetCapacity        bool
	Capacity           *int
}

// UpdateEvent changes an event's title, description, times or capacity. Publishers only. The
// event row is locked for the change, so the seats taken that the new capacity is checked
// against cannot move before it commits: a registration waits, then finds the new capacity.
func (s *Service) UpdateEvent(ctx context.Context, id int, p EventPatch) (*ent.Event, error) {
	if _, err := authorize(ctx, access.EventUpdate); err != nil {
		return nil, err
	}
	if p.Title != nil {
		t, err := limit.Trim(*p.Title, 1, limit.Title)
		if err != nil {
			return nil, errcode.Input("title", "%v", err)
		}
		p.Title = &t
	}
	if p.Description != nil {
		if err := limit.Text(0, limit.Description)(*p.Description); err != nil {
			return nil, errcode.Input("description", "%v", err)
		}
	}
	if p.SetCapacity && p.Capacity != nil && (*p.Capacity < 1 || *p.Capacity > maxCapacity) {
		return nil, errcode.Input("capacity", "must be between 1 and %d, or null for no limit", maxCapacity)
	}
	var e *ent.Event
	err := s.change(ctx, func(ctx context.Context, tx *ent.Tx) error {
		q := tx.Event.Query().Where(event.ID(id))
		if s.Audit.Dialect == dialect.Postgres {
			q.ForUpdate()
		}
		old, err := q.Only(ctx)
		if err != nil {
			return notFound(err, "event", id)
		}
		w := window{&old.StartsAt, &old.EndsAt}
		if p.StartsAt != nil {
			w.StartsAt = p.StartsAt
		}
		if p.EndsAt != nil {
			w.EndsAt = p.EndsAt
		}
		if err := w.validate(); err != nil {
			return err
		}
		if p.SetCapacity && p.Capacity != nil && *p.Capacity < old.RegisteredCount {
			return errcode.Input("capacity", "%d seats are already taken: the capacity must be at least %d", old.RegisteredCount, old.RegisteredCount)
		}
		u := tx.Event.UpdateOne(old).SetStartsAt(*w.StartsAt).SetEndsAt(*w.EndsAt)
		var changed []string
		if p.Title != nil && *p.Title != old.Title {
			u.SetTitle(*p.Title)
			changed = append(changed, fmt.Sprintf("title %q", *p.Title))
		}
		if p.Description != nil && (old.Description == nil || *p.Description != *old.Description) {
			u.SetDescription(*p.Description)
			changed = append(changed, "description")
		}
		if !w.StartsAt.Equal(old.StartsAt) || !w.EndsAt.Equal(old.EndsAt) {
			changed = append(changed, fmt.Sprintf("times %s to %s", w.StartsAt.UTC().Format(time.RFC3339), w.EndsAt.UTC().Format(time.RFC3339)))
		}
		if p.SetCapacity && capacityText(p.Capacity) != capacityText(old.Capacity) {
			u.SetNillableCapacity(p.Capacity)
			if p.Capacity == nil {
				u.ClearCapacity()
			}
			changed = append(changed, "capacity "+capacityText(old.Capacity)+" → "+capacityText(p.Capacity))
		}
		if len(changed) == 0 {
			e = old // nothing to change, nothing to record
			return nil
		}
		if e, err = u.Save(ctx); err != nil {
			return inputError(fmt.Errorf("update event %d: %w", id, err), map[string]string{"starts_at": "startsAt", "ends_at": "endsAt"})
		}
		return s.record(ctx, tx, access.EventUpdate, "Event", id, audit.Event{Note: strings.Join(changed, "; ")})
	})
	return database.Detach(ctx, e, err)
}

// capacityText is a capacity for the audit note.
func capacityText(c *int) string {
	if c == nil {
		return "no limit"
	}
	return strconv.Itoa(*c)
}

func validateEvent(in *EventInput) error {
	if err := event.KindValidator(in.Kind); err != nil {
		return errcode.Input("kind", "must be TRAINING, AWARENESS_DAY or LIVESTREAM")
	}
	if err := event.AudienceValidator(in.Audience); err != nil {
		return errcode.Input("audience", "must be PARTNERS or PUBLIC")
	}
	var err error
	if in.Title, err = limit.Trim(in.Title, 1, limit.Title); err != nil {
		return errcode.Input("title", "%v", err)
	}
	if in.Description != nil {
		if err := limit.Text(0, limit.Description)(*in.Description); err != nil {
			return errcode.Input("description", "%v", err)
		}
	}
	if in.Capacity != nil && (*in.Capacity < 1 || *in.Capacity > maxCapacity) {
		return errcode.Input("capacity", "must be between 1 and %d, or null for no limit", maxCapacity)
	}
	return window{&in.StartsAt, &in.EndsAt}.validate()
}

// UpcomingEvents returns the campaign's events that have not started, soonest first: first of
// them, 10 by default, at most 100.
func (s *Service) UpcomingEvents(ctx context.Context, campaignID int, first *int, load Load[*ent.EventQuery]) ([]*ent.Event, error) {
	n := defaultUpcoming
	if first != nil {
		if *first < 0 || *first > maxUpcoming {
			return nil, errcode.Input("first", "must be between 0 and %d", maxUpcoming)
		}
		n = *first
	}
	if n == 0 {
		return []*ent.Event{}, nil
	}
	q := s.Client.Event.Query().
		Where(event.CampaignID(campaignID), event.StartsAtGTE(s.Clock.Now())).
		Order(event.ByStartsAt(), event.ByID()).Limit(n)
	var err error
	load.apply(q, &err)
	if err != nil {
		return nil, err
	}
	es, err := q.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("upcoming events of campaign %d: %w", campaignID, err)
	}
	return es, nil
}

// Events returns the query of all events, with what load eager-loads; upcoming true keeps the
// events that have not started, false those that have. The list is shown soonest first (by
// starts_at, ascending); the caller pages through it.
func (s *Service) Events(ctx context.Context, upcoming *bool, load Load[*ent.EventQuery]) (*ent.EventQuery, error) {
	q := s.Client.Event.Query()
	if upcoming != nil {
		if now := s.Clock.Now(); *upcoming {
			q.Where(event.StartsAtGTE(now))
		} else {
			q.Where(event.StartsAtLT(now))
		}
	}
	var err error
	load.apply(q, &err)
	return q, err
}

// ViewerRegistrations eager-loads the signed-in viewer's own registration of each event, so
// that viewerRegistered costs one statement per list rather than one per event. Callers add it
// when they show viewerRegistered: a signed-in viewer's list of events that does not show it
// reads no registrations (the hub page is then 3 statements for them too). Without it,
// ViewerRegistered reads each event's registration on its own.
func ViewerRegistrations(ctx context.Context) Load[*ent.EventQuery] {
	return func(q *ent.EventQuery) error {
		withViewerRegistrations(ctx, q)
		return nil
	}
}

// withViewerRegistrations eager-loads the signed-in viewer's own registration of each event; an
// anonymous viewer has none to load.
func withViewerRegistrations(ctx context.Context, q *ent.EventQuery) *ent.EventQuery {
	v := auth.FromContext(ctx)
	if v.AccountID == 0 {
		return q
	}
	return q.WithRegistrations(func(rq *ent.RegistrationQuery) {
		rq.Where(registration.AccountID(v.AccountID))
	})
}

// ViewerRegistered reports whether the viewer holds a seat at the event.
func (s *Service) ViewerRegistered(ctx context.Context, e *ent.Event) (bool, error) {
	v := auth.FromContext(ctx)
	if v.AccountID == 0 {
		return false, nil
	}
	if regs, err := e.Edges.RegistrationsOrErr(); err == nil {
		for _, r := range regs {
			if r.AccountID == v.AccountID {
				return true, nil
			}
		}
		return false, nil
	}
	ok, err := s.Client.Registration.Query().
		Where(registration.EventID(e.ID), registration.AccountID(v.AccountID)).Exist(ctx)
	if err != nil {
		return false, fmt.Errorf("registration of event %d: %w", e.ID, err)
	}
	return ok, nil
}

// SeatsLeft is the number of free seats, nil for an event without a capacity.
func SeatsLeft(e *ent.Event) *int {
	if e.Capacity == nil {
		return nil
	}
	n := max(*e.Capacity-e.RegisteredCount, 0)
	return &n
}

// Package hub runs the campaign hub pages: campaigns, placements (features, spotlights, partner
// organizations), events and registrations, and ad-credit grants within a campaign budget.
package hub

import (
	"context"
	"errors"
	"time"

	"haven/access"
	"haven/audit"
	"haven/auth"
	"haven/clock"
	"haven/database"
	"haven/dimcache"
	"haven/ent"
	"haven/ent/privacy"
	"haven/errcode"
	"haven/notfound"
)

// Service performs hub operations. Every change it makes is audited in its own transaction.
type Service struct {
	Client *ent.Client
	Clock  clock.Clock
	Audit  *audit.Log
	// Dialect is the database dialect (dialect.Postgres or dialect.SQLite). On PostgreSQL the
	// budget checks lock the campaign row; SQLite write transactions are serialized already.
	Dialect string
	// Dims holds creators and organizations in memory for the hub page (see placements.go); nil:
	// the page reads them.
	Dims *dimcache.Cache
}

// authorize returns the viewer when the permission matrix lets them perform a; hub operations
// also need the viewer's account (UNAUTHENTICATED without one), which registrations and audit
// events name.
func authorize(ctx context.Context, a access.Action) (*auth.Viewer, error) {
	v, err := access.Require(ctx, a)
	if err != nil {
		return nil, err
	}
	if v.AccountID == 0 && !v.System {
		return nil, errcode.New(errcode.Unauthenticated, "sign in to do this (%s)", a)
	}
	return v, nil
}

// change runs fn in a transaction, and fn records its audit event in the same transaction.
func (s *Service) change(ctx context.Context, fn func(ctx context.Context, tx *ent.Tx) error) error {
	return database.WithTx(ctx, s.Client, fn)
}

// record appends the audit event of a change inside its transaction.
func (s *Service) record(ctx context.Context, tx *ent.Tx, a access.Action, entityType string, id int, ev audit.Event) error {
	ev.Action, ev.EntityType, ev.EntityID = string(a), entityType, id
	_, err := s.Audit.Append(ctx, tx, ev)
	return err
}

// window is an optional time window [StartsAt, EndsAt); a nil bound is open.
type window struct{ StartsAt, EndsAt *time.Time }

// Bounds of the times a hub accepts: a date outside them is a typo, not a plan.
var (
	earliest = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	latest   = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// validate refuses a window that ends before it starts, or a bound outside 2000-2099.
func (w window) validate() error {
	for name, t := range map[string]*time.Time{"startsAt": w.StartsAt, "endsAt": w.EndsAt} {
		if t != nil && (t.Before(earliest) || !t.Before(latest)) {
			return errcode.Input(name, "must be a date from 2000 to 2099")
		}
	}
	if w.StartsAt != nil && w.EndsAt != nil && !w.StartsAt.Before(*w.EndsAt) {
		return errcode.Input("endsAt", "must be after startsAt")
	}
	return nil
}

// overlaps reports whether two windows share an instant.
func (w window) overlaps(o window) bool {
	startsBeforeOtherEnds := w.StartsAt == nil || o.EndsAt == nil || w.StartsAt.Before(*o.EndsAt)
	otherStartsBeforeEnd := o.StartsAt == nil || w.EndsAt == nil || o.StartsAt.Before(*w.EndsAt)
	return startsBeforeOtherEnds && otherStartsBeforeEnd
}

// notFound turns ent's not-found (and a privacy denial, which must answer the same) into the
// contract's NOT_FOUND naming what was looked for.
func notFound(err error, what string, id int) error { return notfound.Coded(err, what, id) }

// inputError maps ent's field validation to BAD_USER_INPUT naming the GraphQL field. The
// operations validate their input first; this catches what only the schema checks.
func inputError(err error, fields map[string]string) error {
	var verr *ent.ValidationError
	if errors.As(err, &verr) {
		name := verr.Name
		if f, ok := fields[name]; ok {
			name = f
		}
		return errcode.Input(name, "%v", verr.Unwrap())
	}
	return err
}

// isDenied reports whether err is a privacy denial.
func isDenied(err error) bool { return errors.Is(err, privacy.Deny) }

// Package credential handles professional credentials: creators submit licenses, admins verify
// them, and a verified, unexpired license gives the creator a verified-professional badge.
package credential

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"haven/access"
	"haven/audit"
	"haven/auth"
	"haven/clock"
	"haven/database"
	"haven/ent"
	"haven/ent/creator"
	"haven/ent/credential"
	"haven/ent/privacy"
	"haven/errcode"
	"haven/limit"
)

// Service submits and verifies credentials.
type Service struct {
	Client *ent.Client
	Clock  clock.Clock
	Audit  *audit.Log
}

// SubmitInput is a creator's claim of a professional license.
type SubmitInput struct {
	Kind          credential.Kind
	Jurisdiction  string
	LicenseNumber string
	ExpiresAt     time.Time
}

// licensePattern is what license numbers look like across US states and other jurisdictions:
// letters, digits and a few separators. Anything else is more likely a mistake than a license.
var licensePattern = regexp.MustCompile(`^[A-Za-z0-9 ./-]{1,64}$`)

// validate trims in and checks it against now, naming the offending field.
func (in *SubmitInput) validate(now time.Time) error {
	in.Jurisdiction = strings.TrimSpace(in.Jurisdiction)
	in.LicenseNumber = strings.TrimSpace(in.LicenseNumber)
	if err := limit.Text(limit.JurisdictionMin, limit.Jurisdiction)(in.Jurisdiction); err != nil {
		return errcode.Input("jurisdiction", "%v", err)
	}
	if !licensePattern.MatchString(in.LicenseNumber) {
		return errcode.Input("licenseNumber", "must be 1-64 letters, digits, spaces, '-', '.' or '/'")
	}
	if !in.ExpiresAt.After(now) {
		return errcode.Input("expiresAt", "must be in the future; an expired license cannot be verified")
	}
	if in.ExpiresAt.After(now.AddDate(maxLicenseYears, 0, 0)) {
		return errcode.Input("expiresAt", "must be within %d years; no license runs longer", maxLicenseYears)
	}
	return nil
}

// maxLicenseYears bounds a license's expiry: a later date is a typo, and it would keep a badge
// up for good.
const maxLicenseYears = 20

// Submit records a PENDING credential for the viewer's own creator profile. The profile is the
// one the viewer's account owns; a client cannot name another.
func (s *Service) Submit(ctx context.Context, in SubmitInput) (*ent.Credential, error) {
	v, err := access.Require(ctx, access.CredentialSubmit)
	if err != nil {
		return nil, err
	}
	if v.AccountID == 0 {
		return nil, errcode.New(errcode.Unauthenticated, "sign in to submit a credential")
	}
	if err := in.validate(s.Clock.Now()); err != nil {
		return nil, err
	}
	var out *ent.Credential
	err = database.WithTx(ctx, s.Client, func(ctx context.Context, tx *ent.Tx) error {
		cr, err := tx.Creator.Query().Where(creator.OwnerID(v.AccountID)).Only(ctx)
		if ent.IsNotFound(err) {
			return errcode.Forbiddenf("create your creator profile first; credentials belong to a profile")
		}
		if err != nil {
			return fmt.Errorf("find creator profile: %w", err)
		}
		c, err := tx.Credential.Create().SetCreatorID(cr.ID).SetKind(in.Kind).
			SetJurisdiction(in.Jurisdiction).SetLicenseNumber(in.LicenseNumber).
			SetExpiresAt(in.ExpiresAt.UTC()).Save(ctx)
		if err != nil {
			return fmt.Errorf("create credential: %w", err)
		}
		if _, err := s.Audit.Append(ctx, tx, audit.Event{
			Action: "credential.submit", EntityType: "Credential", EntityID: c.ID,
			To: string(credential.StatusPENDING),
		}); err != nil {
			return err
		}
		c.Edges.Creator = cr
		out = c
		return nil
	})
	return detach(ctx, out, err)
}

// Verify decides on a PENDING credential: VERIFIED when approve, REJECTED otherwise. Only admins
// decide, and never on a credential of their own profile. Verifying recomputes the creator's
// verified_until from all its verified credentials in the same transaction.
func (s *Service) Verify(ctx context.Context, id int, approve bool, note *string) (*ent.Credential, error) {
	v, err := access.Require(ctx, access.CredentialVerify)
	if err != nil {
		return nil, err
	}
	if note != nil {
		trimmed, err := limit.Trim(*note, 0, limit.Note)
		if err != nil {
			return nil, errcode.Input("note", "%v", err)
		}
		note = &trimmed
		if trimmed == "" {
			note = nil
		}
	}
	to, action := credential.StatusREJECTED, "credential.reject"
	if approve {
		to, action = credential.StatusVERIFIED, "credential.verify"
	}
	var out *ent.Credential
	err = database.WithTx(ctx, s.Client, func(ctx context.Context, tx *ent.Tx) error {
		c, err := tx.Credential.Query().Where(credential.ID(id)).WithCreator().Only(ctx)
		if ent.IsNotFound(err) {
			return errcode.NotFoundf("credential not found")
		}
		if err != nil {
			return fmt.Errorf("load credential %d: %w", id, err)
		}
		cr := c.Edges.Creator
		if v.AccountID != 0 && cr.OwnerID == v.AccountID {
			return access.Refuse(access.NoSelfVerifiedLicense)
		}
		if c.Status != credential.StatusPENDING {
			return errcode.New(errcode.InvalidTransition, "credential is %s; only PENDING credentials can be verified or rejected", c.Status)
		}
		if approve {
			// Taking the creator's row lock first serializes concurrent verifications of one
			// creator's credentials, so each recomputation sees the others' committed results.
			if err := tx.Creator.UpdateOneID(cr.ID).SetUpdatedAt(s.Clock.Now()).Exec(ctx); err != nil {
				return fmt.Errorf("lock creator %d: %w", cr.ID, err)
			}
		}
		c, err = tx.Credential.UpdateOneID(id).Where(credential.StatusEQ(credential.StatusPENDING)).
			SetStatus(to).SetReviewedBy(v.Subject).SetReviewedAt(s.Clock.Now()).
			SetNillableReviewNote(note).Save(ctx)
		if ent.IsNotFound(err) {
			return errcode.New(errcode.InvalidTransition, "credential was decided meanwhile")
		}
		if err != nil {
			return fmt.Errorf("decide credential %d: %w", id, err)
		}
		if approve {
			if cr, err = s.refreshBadge(ctx, tx, cr.ID); err != nil {
				return err
			}
		}
		ev := audit.Event{
			Action: action, EntityType: "Credential", EntityID: c.ID,
			From: string(credential.StatusPENDING), To: string(to),
		}
		if note != nil {
			ev.Note = *note
		}
		if _, err := s.Audit.Append(ctx, tx, ev); err != nil {
			return err
		}
		c.Edges.Creator = cr
		out = c
		return nil
	})
	return detach(ctx, out, err)
}

// detach is database.Detach for a credential and the creator loaded with it, so that fields of
// either resolved after the commit query through the client.
func detach(ctx context.Context, c *ent.Credential, err error) (*ent.Credential, error) {
	if err == nil && c.Edges.Creator != nil {
		c.Edges.Creator, _ = database.Detach(ctx, c.Edges.Creator, nil)
	}
	return database.Detach(ctx, c, err)
}

// refreshBadge sets the creator's verified_until to the latest expiry among its verified
// credentials (or clears it when there is none) and returns the updated creator.
func (s *Service) refreshBadge(ctx context.Context, tx *ent.Tx, creatorID int) (*ent.Creator, error) {
	latest, err := tx.Credential.Query().
		Where(credential.CreatorID(creatorID), credential.StatusEQ(credential.StatusVERIFIED)).
		Order(ent.Desc(credential.FieldExpiresAt)).First(ctx)
	upd := tx.Creator.UpdateOneID(creatorID)
	switch {
	case ent.IsNotFound(err):
		upd.ClearVerifiedUntil()
	case err != nil:
		return nil, fmt.Errorf("latest verified credential of creator %d: %w", creatorID, err)
	default:
		upd.SetVerifiedUntil(latest.ExpiresAt)
	}
	cr, err := upd.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("update badge of creator %d: %w", creatorID, err)
	}
	return cr, nil
}

// OfCreator returns the creator's credentials, newest first, using the eager-loaded edge when the
// query that found the creator loaded it.
func (s *Service) OfCreator(ctx context.Context, cr *ent.Creator) ([]*ent.Credential, error) {
	// Loaded with the creator by field collection (under the field's alias) or by search's
	// WithCredentials; queried only when neither did.
	cs, err := cr.Edges.CredentialsOrErr()
	if ent.IsNotLoaded(err) {
		cs, err = cr.Credentials(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("credentials of creator %d: %w", cr.ID, err)
	}
	cs = slices.Clone(cs)
	slices.SortStableFunc(cs, func(a, b *ent.Credential) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return b.ID - a.ID
	})
	for _, c := range cs {
		c.Edges.Creator = cr // lets the private fields' check skip a query per credential
	}
	return cs, nil
}

// NewestFirst orders credentials as Creator.credentials lists them. It also serves as the
// option of an eager load (CreatorQuery.WithCredentials).
func NewestFirst(q *ent.CredentialQuery) {
	q.Order(ent.Desc(credential.FieldCreatedAt), ent.Desc(credential.FieldID))
}

// Private returns the credential's license number and review note when the viewer may see them
// (the credential's owner and admins), and nils for everyone else.
func (s *Service) Private(ctx context.Context, c *ent.Credential) (licenseNumber, reviewNote *string, err error) {
	v := auth.FromContext(ctx)
	if v.AccountID == 0 && !v.System {
		return nil, nil, nil
	}
	verifier := access.Allowed(ctx, access.CredentialVerify)
	if !verifier && c.CreatorID != 0 {
		// Most readers own no credential in sight: settle that without a query per credential.
		mine, err := s.viewerProfile(ctx)
		if err != nil || mine != c.CreatorID {
			return nil, nil, err
		}
	}
	// Read the private columns afresh, with the ownership rule in the same query: the row in
	// hand may come from field collection, which loads only the columns the client named.
	q := s.Client.Credential.Query().Where(credential.ID(c.ID))
	if !verifier {
		q.Where(credential.HasCreatorWith(creator.OwnerID(v.AccountID)))
	}
	row, err := q.Select(credential.FieldLicenseNumber, credential.FieldReviewNote).
		Only(privacy.DecisionContext(ctx, privacy.Allow))
	if ent.IsNotFound(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("private fields of credential %d: %w", c.ID, err)
	}
	return &row.LicenseNumber, row.ReviewNote, nil
}

// requestCache holds what one request learns once about its viewer.
type requestCache struct {
	once    sync.Once
	profile int
	err     error
}

type requestCacheKey struct{}

// WithRequestCache gives ctx a per-request cache, so that the viewer's own creator profile is
// looked up once however many credentials a response shows.
func WithRequestCache(ctx context.Context) context.Context {
	return context.WithValue(ctx, requestCacheKey{}, &requestCache{})
}

// viewerProfile returns the ID of the viewer's creator profile, or 0 when they have none.
func (s *Service) viewerProfile(ctx context.Context) (int, error) {
	load := func() (int, error) {
		id, err := s.Client.Creator.Query().Where(creator.OwnerID(auth.FromContext(ctx).AccountID)).
			OnlyID(privacy.DecisionContext(ctx, privacy.Allow))
		if ent.IsNotFound(err) {
			return 0, nil
		}
		return id, err
	}
	rc, ok := ctx.Value(requestCacheKey{}).(*requestCache)
	if !ok {
		return load()
	}
	rc.once.Do(func() { rc.profile, rc.err = load() })
	return rc.profile, rc.err
}

package hub

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"haven/access"
	"haven/audit"
	"haven/auth"
	"haven/database"
	"haven/ent"
	"haven/ent/adcreditgrant"
	"haven/ent/campaign"
	"haven/ent/privacy"
	"haven/errcode"
	"haven/limit"
)

// Ad-credit rules:
//   - admins set a campaign's budget, propose grants and revoke them;
//   - four eyes: a grant is approved by an admin other than its proposer, whatever roles the
//     proposer holds, and only while PROPOSED;
//   - the approved grants of a campaign never add up to more than its budget, and the budget
//     never drops below them (BUDGET_EXCEEDED). Both checks run with the campaign serialized:
//     its row locked on PostgreSQL, the whole database on SQLite, whose write transactions
//     begin IMMEDIATE.

// GrantInput is a proposed ad-credit grant.
type GrantInput struct {
	CampaignID, OrganizationID int
	AmountCents                int64
	Note                       *string
}

// SetAdCreditBudget sets the campaign's ad-credit budget. Admins only.
func (s *Service) SetAdCreditBudget(ctx context.Context, campaignID int, amountCents int64) (*ent.Campaign, error) {
	if _, err := authorize(ctx, access.BudgetSet); err != nil {
		return nil, err
	}
	if amountCents < 0 || amountCents > MaxCents {
		return nil, errcode.Input("amountCents", "must be between 0 and %d", int64(MaxCents))
	}
	var c *ent.Campaign
	err := s.change(ctx, func(ctx context.Context, tx *ent.Tx) error {
		old, err := s.lockCampaign(ctx, tx, campaignID)
		if err != nil {
			return err
		}
		approved, err := approvedTotal(ctx, tx.AdCreditGrant, campaignID)
		if err != nil {
			return err
		}
		if amountCents < approved {
			return errcode.New(errcode.BudgetExceeded, "grants of %s are approved already; the budget cannot be lower", cents(approved))
		}
		if c, err = tx.Campaign.UpdateOne(old).SetBudgetCents(amountCents).Save(ctx); err != nil {
			return fmt.Errorf("set budget of campaign %d: %w", campaignID, err)
		}
		return s.record(ctx, tx, access.BudgetSet, "Campaign", campaignID, audit.Event{
			Note: fmt.Sprintf("budget %s -> %s", cents(old.BudgetCents), cents(amountCents)),
		})
	})
	return database.Detach(ctx, c, err)
}

// ProposeAdCreditGrant proposes ad credits for an organization within a campaign. Admins only;
// another admin approves.
func (s *Service) ProposeAdCreditGrant(ctx context.Context, in GrantInput) (*ent.AdCreditGrant, error) {
	v, err := authorize(ctx, access.GrantPropose)
	if err != nil {
		return nil, err
	}
	if in.AmountCents <= 0 || in.AmountCents > MaxCents {
		return nil, errcode.Input("amountCents", "must be between 1 and %d", int64(MaxCents))
	}
	if in.Note != nil {
		if err := limit.NoteText(*in.Note); err != nil {
			return nil, errcode.Input("note", "%v", err)
		}
	}
	var g *ent.AdCreditGrant
	err = s.change(ctx, func(ctx context.Context, tx *ent.Tx) error {
		if _, err := tx.Campaign.Get(ctx, in.CampaignID); err != nil {
			return notFound(err, "campaign", in.CampaignID)
		}
		if _, err := tx.Organization.Get(ctx, in.OrganizationID); err != nil {
			return notFound(err, "organization", in.OrganizationID)
		}
		var err error
		g, err = tx.AdCreditGrant.Create().
			SetCampaignID(in.CampaignID).SetOrganizationID(in.OrganizationID).
			SetAmountCents(in.AmountCents).SetNillableNote(in.Note).SetProposedBy(v.Subject).Save(ctx)
		if err != nil {
			return fmt.Errorf("propose grant: %w", err)
		}
		return s.record(ctx, tx, access.GrantPropose, "AdCreditGrant", g.ID, audit.Event{
			To: string(adcreditgrant.StatusPROPOSED), Note: cents(in.AmountCents),
		})
	})
	return database.Detach(ctx, g, err)
}

// ApproveAdCreditGrant approves a proposed grant within its campaign's budget. Admins other than
// the proposer only.
func (s *Service) ApproveAdCreditGrant(ctx context.Context, id int) (*ent.AdCreditGrant, error) {
	v, err := authorize(ctx, access.GrantApprove)
	if err != nil {
		return nil, err
	}
	err = s.change(ctx, func(ctx context.Context, tx *ent.Tx) error {
		g, err := tx.AdCreditGrant.Get(ctx, id)
		if err != nil {
			return notFound(err, "ad-credit grant", id)
		}
		if g.ProposedBy == v.Subject {
			return access.Refuse(access.NoSelfApprovedGrant)
		}
		c, err := s.lockCampaign(ctx, tx, g.CampaignID)
		if err != nil {
			return err
		}
		// Read the grant again under the lock: another approval may have committed meanwhile.
		if g, err = tx.AdCreditGrant.Get(ctx, id); err != nil {
			return notFound(err, "ad-credit grant", id)
		}
		if g.Status != adcreditgrant.StatusPROPOSED {
			return errcode.New(errcode.InvalidTransition, "grant %d is %s; only a proposed grant is approved", id, g.Status)
		}
		approved, err := approvedTotal(ctx, tx.AdCreditGrant, g.CampaignID)
		if err != nil {
			return err
		}
		if g.AmountCents > c.BudgetCents-approved { // no sum that could overflow
			return errcode.New(errcode.BudgetExceeded, "%s would exceed the budget: %s of %s approved already",
				cents(g.AmountCents), cents(approved), cents(c.BudgetCents))
		}
		return s.move(ctx, tx, g, access.GrantApprove, adcreditgrant.StatusAPPROVED, func(u *ent.AdCreditGrantUpdateOne) {
			u.SetApprovedBy(v.Subject).SetApprovedAt(s.Clock.Now())
		}, "")
	})
	if err != nil {
		return nil, err
	}
	return s.grant(ctx, id)
}

// RevokeAdCreditGrant withdraws a proposed or approved grant, with a reason. Admins only.
func (s *Service) RevokeAdCreditGrant(ctx context.Context, id int, reason string) (*ent.AdCreditGrant, error) {
	v, err := authorize(ctx, access.GrantRevoke)
	if err != nil {
		return nil, err
	}
	reason, err = limit.Trim(reason, 1, limit.Note)
	if err != nil {
		return nil, errcode.Input("reason", "%v", err)
	}
	err = s.change(ctx, func(ctx context.Context, tx *ent.Tx) error {
		g, err := tx.AdCreditGrant.Get(ctx, id)
		if err != nil {
			return notFound(err, "ad-credit grant", id)
		}
		if g.Status == adcreditgrant.StatusREVOKED {
			return errcode.New(errcode.InvalidTransition, "grant %d is revoked already", id)
		}
		return s.move(ctx, tx, g, access.GrantRevoke, adcreditgrant.StatusREVOKED, func(u *ent.AdCreditGrantUpdateOne) {
			u.SetRevokedBy(v.Subject).SetRevokeReason(reason)
		}, reason)
	})
	if err != nil {
		return nil, err
	}
	return s.grant(ctx, id)
}

// move changes a grant's status, on the condition that it is still what g says, and audits it.
// A concurrent change of the same grant makes the condition fail: INVALID_TRANSITION.
func (s *Service) move(ctx context.Context, tx *ent.Tx, g *ent.AdCreditGrant, a access.Action, to adcreditgrant.Status,
	set func(*ent.AdCreditGrantUpdateOne), reason string) error {
	u := tx.AdCreditGrant.UpdateOneID(g.ID).Where(adcreditgrant.StatusEQ(g.Status)).SetStatus(to)
	set(u)
	if _, err := u.Save(ctx); ent.IsNotFound(err) {
		return errcode.New(errcode.InvalidTransition, "grant %d changed meanwhile", g.ID)
	} else if err != nil {
		return fmt.Errorf("%s %d: %w", a, g.ID, err)
	}
	return s.record(ctx, tx, a, "AdCreditGrant", g.ID, audit.Event{
		From: string(g.Status), To: string(to), Reason: reason, Note: cents(g.AmountCents),
	})
}

// lockCampaign reads the campaign and, on PostgreSQL, locks its row until the transaction ends,
// so that budget checks of one campaign run one at a time.
func (s *Service) lockCampaign(ctx context.Context, tx *ent.Tx, id int) (*ent.Campaign, error) {
	q := tx.Campaign.Query().Where(campaign.ID(id))
	if s.Dialect == dialect.Postgres {
		q.ForUpdate()
	}
	c, err := q.Only(ctx)
	if err != nil {
		return nil, notFound(err, "campaign", id)
	}
	return c, nil
}

// approvedTotal sums the approved grants of a campaign. The total is public although the grants
// are not, so it is read past the grants' privacy filter.
func approvedTotal(ctx context.Context, grants *ent.AdCreditGrantClient, campaignID int) (int64, error) {
	var rows []struct {
		Sum sql.NullInt64 `json:"sum"`
	}
	err := grants.Query().
		Where(adcreditgrant.CampaignID(campaignID), adcreditgrant.StatusEQ(adcreditgrant.StatusAPPROVED)).
		Aggregate(ent.Sum(adcreditgrant.FieldAmountCents)).
		Scan(privacy.DecisionContext(ctx, privacy.Allow), &rows)
	if err != nil {
		return 0, fmt.Errorf("approved grants of campaign %d: %w", campaignID, err)
	}
	if len(rows) == 0 {
		return 0, nil
	}
	return rows[0].Sum.Int64, nil
}

// AdCreditsGranted is the total of the campaign's approved grants; it is public.
func (s *Service) AdCreditsGranted(ctx context.Context, campaignID int) (int64, error) {
	return approvedTotal(ctx, s.Client.AdCreditGrant, campaignID)
}

// AdCreditsGrantedOf is the total of the approved grants of each campaign of campaignIDs, in one
// statement whatever their number (a list of campaigns); a campaign without any has 0.
func (s *Service) AdCreditsGrantedOf(ctx context.Context, campaignIDs []int) (map[int]int64, error) {
	if len(campaignIDs) == 1 {
		n, err := s.AdCreditsGranted(ctx, campaignIDs[0])
		return map[int]int64{campaignIDs[0]: n}, err
	}
	var rows []struct {
		CampaignID int           `json:"campaign_id"`
		Sum        sql.NullInt64 `json:"sum"`
	}
	err := s.Client.AdCreditGrant.Query().
		Where(adcreditgrant.CampaignIDIn(campaignIDs...), adcreditgrant.StatusEQ(adcreditgrant.StatusAPPROVED)).
		GroupBy(adcreditgrant.FieldCampaignID).
		Aggregate(ent.Sum(adcreditgrant.FieldAmountCents)).
		Scan(privacy.DecisionContext(ctx, privacy.Allow), &rows)
	if err != nil {
		return nil, fmt.Errorf("approved grants of campaigns %v: %w", campaignIDs, err)
	}
	out := make(map[int]int64, len(campaignIDs))
	for _, r := range rows {
		out[r.CampaignID] = r.Sum.Int64
	}
	return out, nil
}

// OrganizationGrants lists an organization's grants to admins and to its members, newest first;
// everyone else gets an empty list.
func (s *Service) OrganizationGrants(ctx context.Context, organizationID int, load Load[*ent.AdCreditGrantQuery]) ([]*ent.AdCreditGrant, error) {
	m, err := s.OrganizationsGrants(ctx, []int{organizationID}, load)
	return m[organizationID], err
}

// OrganizationsGrants lists the grants of each organization of organizationIDs as
// OrganizationGrants does, in one query whatever their number (a page of organizations): the
// grants' privacy policy filters row by row, so each organization gets what it would alone.
func (s *Service) OrganizationsGrants(ctx context.Context, organizationIDs []int, load Load[*ent.AdCreditGrantQuery]) (map[int][]*ent.AdCreditGrant, error) {
	out := make(map[int][]*ent.AdCreditGrant, len(organizationIDs))
	for _, id := range organizationIDs {
		out[id] = []*ent.AdCreditGrant{}
	}
	if len(organizationIDs) == 0 || auth.FromContext(ctx).AccountID == 0 && !access.Allowed(ctx, access.GrantInternalsRead) {
		return out, nil
	}
	q := s.Client.AdCreditGrant.Query().Where(adcreditgrant.OrganizationIDIn(organizationIDs...))
	// Field collection may select only the columns asked for; the rows are split by
	// organization, so its ID is read whatever was asked.
	q.Modify(func(sel *entsql.Selector) {
		if col := sel.C(adcreditgrant.FieldOrganizationID); !slices.Contains(sel.SelectedColumns(), col) {
			sel.AppendSelect(col)
		}
	})
	gs, err := s.grants(ctx, q, load)
	if err != nil {
		return nil, err
	}
	for _, g := range gs {
		out[g.OrganizationID] = append(out[g.OrganizationID], g)
	}
	return out, nil
}

// Grants lists the grants of a campaign, of an organization, or of an organization within a
// campaign, newest first: all of them to admins, an organization's own to its members (the
// privacy policy filters), and nothing to others. Anonymous viewers must sign in.
func (s *Service) Grants(ctx context.Context, campaignID, organizationID *int, load Load[*ent.AdCreditGrantQuery]) ([]*ent.AdCreditGrant, error) {
	v := auth.FromContext(ctx)
	if v.Anonymous() {
		return nil, errcode.New(errcode.Unauthenticated, "sign in to see ad-credit grants")
	}
	if campaignID == nil && organizationID == nil {
		return nil, errcode.Input("campaignID", "give campaignID, organizationID or both")
	}
	q := s.Client.AdCreditGrant.Query()
	if campaignID != nil {
		q.Where(adcreditgrant.CampaignID(*campaignID))
	}
	if organizationID != nil {
		q.Where(adcreditgrant.OrganizationID(*organizationID))
	}
	return s.grants(ctx, q, load)
}

func (s *Service) grants(ctx context.Context, q *ent.AdCreditGrantQuery, load Load[*ent.AdCreditGrantQuery]) ([]*ent.AdCreditGrant, error) {
	var err error
	load.apply(q, &err)
	if err != nil {
		return nil, err
	}
	gs, err := q.Order(ent.Desc(adcreditgrant.FieldCreatedAt), ent.Desc(adcreditgrant.FieldID)).All(ctx)
	if isDenied(err) {
		return []*ent.AdCreditGrant{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ad-credit grants: %w", err)
	}
	return gs, nil
}

// grant reads a grant after a change.
func (s *Service) grant(ctx context.Context, id int) (*ent.AdCreditGrant, error) {
	g, err := s.Client.AdCreditGrant.Get(ctx, id)
	if err != nil {
		return nil, notFound(err, "ad-credit grant", id)
	}
	return g, nil
}

// MaxCents bounds budgets and grants ($10 billion), far above any campaign and far below where
// sums of them could overflow.
const MaxCents = 1_000_000_000_000

// cents formats an amount of cents as dollars for people: 250000 is "$2,500.00".
func cents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	d := fmt.Sprint(c / 100)
	for i := len(d) - 3; i > 0; i -= 3 {
		d = d[:i] + "," + d[i:]
	}
	return fmt.Sprintf("%s$%s.%02d", sign, d, c%100)
}

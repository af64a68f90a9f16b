// Package profile decides who may act for whom: creator profiles (one per account, owned by the
// account that made it) and organizations with their members (managed by admins). Ownership
// always comes from these rows, never from what a client says.
package profile

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"haven/access"
	"haven/audit"
	"haven/auth"
	"haven/database"
	"haven/ent"
	"haven/ent/account"
	"haven/ent/creator"
	"haven/ent/organization"
	"haven/ent/privacy"
	"haven/errcode"
	"haven/limit"
)

// Service manages creator profiles and organizations.
type Service struct {
	Client *ent.Client
	Audit  *audit.Log
}

// CreatorInput is a new creator profile.
type CreatorInput struct {
	Handle, DisplayName string
	Bio, AvatarURL      *string
}

// CreateCreator makes the viewer's creator profile (role creator; one per account).
func (s *Service) CreateCreator(ctx context.Context, in CreatorInput) (*ent.Creator, error) {
	v, err := access.Require(ctx, access.CreatorProfileCreate)
	if err != nil {
		return nil, err
	}
	in.Handle = strings.TrimSpace(in.Handle)
	if strings.HasPrefix(in.Handle, "@") {
		return nil, errcode.Input("handle", "write the handle without '@'")
	}
	if err := limit.Handle(in.Handle); err != nil {
		return nil, errcode.Input("handle", "%v", err)
	}
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	if err := limit.Text(1, limit.ShortName)(in.DisplayName); err != nil {
		return nil, errcode.Input("displayName", "%v", err)
	}
	if in.Bio != nil {
		if err := limit.Text(0, limit.Bio)(*in.Bio); err != nil {
			return nil, errcode.Input("bio", "%v", err)
		}
	}
	if in.AvatarURL != nil && *in.AvatarURL != "" {
		if err := limit.HTTPURL(*in.AvatarURL); err != nil {
			return nil, errcode.Input("avatarURL", "%v", err)
		}
	} else {
		in.AvatarURL = nil
	}
	var out *ent.Creator
	err = database.WithTx(ctx, s.Client, func(ctx context.Context, tx *ent.Tx) error {
		sys := privacy.DecisionContext(ctx, privacy.Allow)
		if has, err := tx.Creator.Query().Where(creator.OwnerID(v.AccountID)).Exist(sys); err != nil {
			return fmt.Errorf("check profile: %w", err)
		} else if has {
			return errcode.New(errcode.Conflict, "you already have a creator profile")
		}
		if taken, err := tx.Creator.Query().Where(creator.Handle(in.Handle)).Exist(sys); err != nil {
			return fmt.Errorf("check handle: %w", err)
		} else if taken {
			return errcode.Input("handle", "%q is taken", in.Handle)
		}
		c, err := tx.Creator.Create().SetOwnerID(v.AccountID).SetHandle(in.Handle).SetDisplayName(in.DisplayName).
			SetNillableBio(in.Bio).SetNillableAvatarURL(in.AvatarURL).Save(ctx)
		if err != nil {
			return fmt.Errorf("create creator: %w", err)
		}
		out = c
		_, err = s.Audit.Append(ctx, tx, audit.Event{Action: "creator.create", EntityType: "Creator", EntityID: c.ID, Note: "@" + c.Handle})
		return err
	})
	if ent.IsConstraintError(err) {
		err = s.creatorRace(ctx, v.AccountID, in.Handle, err)
	}
	return database.Detach(ctx, out, err)
}

// OrganizationInput is a new organization.
type OrganizationInput struct {
	Slug, Name              string
	Description, WebsiteURL *string
	Kind                    *organization.Kind
	Regions                 []string
}

// CreateOrganization onboards a partner organization (admins).
func (s *Service) CreateOrganization(ctx context.Context, in OrganizationInput) (*ent.Organization, error) {
	if _, err := access.Require(ctx, access.OrganizationManage); err != nil {
		return nil, err
	}
	in.Slug, in.Name = strings.TrimSpace(in.Slug), strings.TrimSpace(in.Name)
	if err := limit.Slug(in.Slug); err != nil {
		return nil, errcode.Input("slug", "%v", err)
	}
	if err := limit.Text(1, limit.Name)(in.Name); err != nil {
		return nil, errcode.Input("name", "%v", err)
	}
	if in.Description != nil {
		if err := limit.Text(0, limit.OrganizationDescription)(*in.Description); err != nil {
			return nil, errcode.Input("description", "%v", err)
		}
	}
	if in.WebsiteURL != nil {
		if err := limit.HTTPURL(*in.WebsiteURL); err != nil {
			return nil, errcode.Input("websiteURL", "%v", err)
		}
	}
	for i, r := range in.Regions {
		r = strings.ToUpper(strings.TrimSpace(r))
		if len(r) != 2 || strings.Trim(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return nil, errcode.Input("regions", "%q is not a two-letter country code", in.Regions[i])
		}
		in.Regions[i] = r
	}
	var out *ent.Organization
	err := database.WithTx(ctx, s.Client, func(ctx context.Context, tx *ent.Tx) error {
		if taken, err := tx.Organization.Query().Where(organization.Slug(in.Slug)).Exist(ctx); err != nil {
			return fmt.Errorf("check slug: %w", err)
		} else if taken {
			return errcode.Input("slug", "%q is taken", in.Slug)
		}
		c := tx.Organization.Create().SetSlug(in.Slug).SetName(in.Name).SetNillableDescription(in.Description).
			SetNillableWebsiteURL(in.WebsiteURL).SetRegions(in.Regions).SetVerified(true)
		if in.Kind != nil {
			c.SetKind(*in.Kind)
		}
		o, err := c.Save(ctx)
		if err != nil {
			return fmt.Errorf("create organization: %w", err)
		}
		out = o
		_, err = s.Audit.Append(ctx, tx, audit.Event{Action: "organization.create", EntityType: "Organization", EntityID: o.ID, Note: o.Slug})
		return err
	})
	if ent.IsConstraintError(err) {
		if taken, qerr := s.Client.Organization.Query().Where(organization.Slug(in.Slug)).Exist(ctx); qerr == nil && taken {
			err = errcode.Input("slug", "%q is taken", in.Slug)
		}
	}
	return database.Detach(ctx, out, err)
}

// AddMember makes the account of subject a member of the organization (admins). The account is
// created if the subject has not signed in yet. Adding a member twice changes nothing.
func (s *Service) AddMember(ctx context.Context, orgID int, subject string) (*ent.Organization, error) {
	return s.changeMembers(ctx, orgID, subject, func(ctx context.Context, tx *ent.Tx, subject string) error {
		accID, err := tx.Account.Query().Where(account.Subject(subject)).OnlyID(ctx)
		if ent.IsNotFound(err) {
			accID, err = tx.Account.Create().SetSubject(subject).OnConflictColumns(account.FieldSubject).Ignore().ID(ctx)
		}
		if err != nil {
			return fmt.Errorf("account for %q: %w", subject, err)
		}
		member, err := tx.Organization.Query().Where(organization.ID(orgID), organization.HasMembersWith(account.ID(accID))).Exist(ctx)
		if err != nil {
			return fmt.Errorf("check membership: %w", err)
		}
		if member {
			return nil
		}
		if err := tx.Organization.UpdateOneID(orgID).AddMemberIDs(accID).Exec(ctx); err != nil {
			return fmt.Errorf("add member: %w", err)
		}
		_, err = s.Audit.Append(ctx, tx, audit.Event{Action: "organization.add_member", EntityType: "Organization", EntityID: orgID, Note: subject})
		return err
	})
}

// RemoveMember ends the membership of subject's account in the organization (admins). Removing
// someone who is not a member, or a subject that never signed in, changes nothing.
func (s *Service) RemoveMember(ctx context.Context, orgID int, subject string) (*ent.Organization, error) {
	return s.changeMembers(ctx, orgID, subject, func(ctx context.Context, tx *ent.Tx, subject string) error {
		accID, err := tx.Account.Query().
			Where(account.Subject(subject), account.HasOrganizationsWith(organization.ID(orgID))).OnlyID(ctx)
		if ent.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("membership of %q: %w", subject, err)
		}
		if err := tx.Organization.UpdateOneID(orgID).RemoveMemberIDs(accID).Exec(ctx); err != nil {
			return fmt.Errorf("remove member: %w", err)
		}
		_, err = s.Audit.Append(ctx, tx, audit.Event{Action: "organization.remove_member", EntityType: "Organization", EntityID: orgID, Note: subject})
		return err
	})
}

// changeMembers checks that the viewer manages organizations and that subject is a subject, then
// runs change in a transaction that holds the organization's row locked, so that concurrent adds
// and removes of one member are ordered and each records only what it changed (SQLite
// transactions are already serialized). It returns the organization.
func (s *Service) changeMembers(ctx context.Context, orgID int, subject string, change func(context.Context, *ent.Tx, string) error) (*ent.Organization, error) {
	if _, err := access.Require(ctx, access.OrganizationManage); err != nil {
		return nil, err
	}
	subject = strings.TrimSpace(subject)
	if subject == "" || len(subject) > limit.Subject {
		return nil, errcode.Input("subject", "must be 1-%d characters", limit.Subject)
	}
	var out *ent.Organization
	err := database.WithTx(ctx, s.Client, func(ctx context.Context, tx *ent.Tx) error {
		q := tx.Organization.Query().Where(organization.ID(orgID))
		if s.Audit.Dialect == dialect.Postgres {
			q.ForUpdate()
		}
		o, err := q.Only(ctx)
		if ent.IsNotFound(err) {
			return errcode.NotFoundf("organization not found")
		}
		if err != nil {
			return fmt.Errorf("load organization: %w", err)
		}
		out = o
		return change(ctx, tx, subject)
	})
	return database.Detach(ctx, out, err)
}

// Members lists the accounts of the organization's members by subject, with their creator
// profiles: to admins, and to its own members who act for it (the org_member role). Everyone
// else gets nil, which the API shows as null: membership is not public.
func (s *Service) Members(ctx context.Context, orgID int) ([]*ent.Account, error) {
	m, err := s.MembersOf(ctx, []int{orgID})
	return m[orgID], err
}

// MembersOf lists the members of each organization of orgIDs as Members does, deciding for each
// organization on its own: an organization the viewer may not see the members of is absent from
// the map (nil, null in the API). It costs two statements whatever the number of organizations
// (a page of them on the console): the members of all of them, each row with which of them it
// belongs to, and their creator profiles.
func (s *Service) MembersOf(ctx context.Context, orgIDs []int) (map[int][]*ent.Account, error) {
	v := auth.FromContext(ctx)
	admin := access.Allowed(ctx, access.MembersRead)
	if len(orgIDs) == 0 || !admin && (v.AccountID == 0 || !access.ActsFor(v, access.ForOrganization)) {
		return nil, nil
	}
	// Accounts are private to their owners and admins; the rule above is what lets a member see
	// the others, so the read runs with that decision made. The same statements answer both who
	// the members are and whether the viewer is one of them.
	sys := privacy.DecisionContext(ctx, privacy.Allow)
	ms, err := s.Client.Account.Query().Where(account.HasOrganizationsWith(organization.IDIn(orgIDs...))).
		WithCreator().Order(ent.Asc(account.FieldSubject)).Modify(withMemberships(orgIDs)).All(sys)
	if err != nil {
		return nil, fmt.Errorf("members of organizations %v: %w", orgIDs, err)
	}
	out := make(map[int][]*ent.Account, len(orgIDs))
	for _, id := range orgIDs {
		out[id] = []*ent.Account{}
	}
	for _, a := range ms {
		ids, err := membershipsOf(a)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if _, asked := out[id]; asked {
				out[id] = append(out[id], a)
			}
		}
	}
	if !admin {
		for id, ms := range out {
			if !slices.ContainsFunc(ms, func(a *ent.Account) bool { return a.ID == v.AccountID }) {
				delete(out, id)
			}
		}
	}
	return out, nil
}

// membershipsAs names the column of an account row that lists which of the asked organizations
// the account is a member of.
const membershipsAs = "profile_memberships"

// withMemberships adds to each account row the IDs of the organizations of orgIDs it is a member
// of, aggregated in a subquery on the membership table (its primary key starts with the
// organization, and account_id is indexed), so that the members of many organizations are one
// statement and an account in two of them one row.
func withMemberships(orgIDs []int) func(*sql.Selector) {
	return func(sel *sql.Selector) {
		d := sel.Dialect()
		m := sql.Dialect(d).Table(organization.MembersTable).As("profile_m")
		orgCol, accountCol := m.C(organization.MembersPrimaryKey[0]), m.C(organization.MembersPrimaryKey[1])
		// Never NULL: SQLite's driver cannot tell the type of a NULL expression.
		agg := "COALESCE(group_concat(CAST(" + orgCol + " AS TEXT), ','), '')"
		if d == dialect.Postgres {
			agg = "COALESCE(string_agg(CAST(" + orgCol + " AS TEXT), ','), '')"
		}
		sub := sql.Dialect(d).Select().From(m)
		sub.AppendSelectExpr(sql.Raw(agg))
		sub.Where(sql.And(sql.ColumnsEQ(accountCol, sel.C(account.FieldID)), sql.InInts(orgCol, orgIDs...)))
		sel.AppendSelectExprAs(sub, membershipsAs)
	}
}

// membershipsOf returns the organization IDs withMemberships read for an account.
func membershipsOf(a *ent.Account) ([]int, error) {
	v, err := a.Value(membershipsAs)
	if err != nil {
		return nil, fmt.Errorf("memberships of account %d: %w", a.ID, err)
	}
	list, ok := database.Text(v)
	if !ok {
		return nil, fmt.Errorf("memberships of account %d: unexpected %T", a.ID, v)
	}
	var ids []int
	for item := range strings.SplitSeq(list, ",") {
		if item == "" {
			continue
		}
		id, err := strconv.Atoi(item)
		if err != nil {
			return nil, fmt.Errorf("memberships of account %d: %w", a.ID, err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// creatorRace explains a profile that a concurrent request's commit made impossible, with the
// answer the request would have had a moment later.
func (s *Service) creatorRace(ctx context.Context, accountID int, handle string, err error) error {
	sys := privacy.DecisionContext(ctx, privacy.Allow)
	if has, qerr := s.Client.Creator.Query().Where(creator.OwnerID(accountID)).Exist(sys); qerr == nil && has {
		return errcode.New(errcode.Conflict, "you already have a creator profile")
	}
	if taken, qerr := s.Client.Creator.Query().Where(creator.Handle(handle)).Exist(sys); qerr == nil && taken {
		return errcode.Input("handle", "%q is taken", handle)
	}
	return err
}

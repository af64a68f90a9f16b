// Package seed fills an empty database with the demo hub: the #MentalHealthAwareness campaign,
// partner organizations and their ad-credit grants, ten spotlighted creators with live content,
// partner trainings and events, crisis resources, and demo accounts for every role.
package seed

import (
	"context"
	"errors"
	"fmt"
	"time"

	"haven/ent"
	"haven/ent/adcreditgrant"
	"haven/ent/credential"
	"haven/ent/organization"
	_ "haven/ent/runtime" // defaults, validators and policies live in the runtime
	"haven/ent/schema/enum"
)

// The reviewers and publisher recorded on the seeded history.
const (
	approverDefault   = subjectModerator
	approverSensitive = subjectClinicalReviewer
	publisher         = subjectPublisher
)

// safeMessagingChecks are the checks a clinical reviewer attests when approving a sensitive
// submission: the whole checklist.
var safeMessagingChecks = enum.SafeMessagingChecks()

// Demo seeds the demo hub into an empty database. It is idempotent: when the database already has
// a campaign it does nothing and returns (false, nil).
//
// ctx must carry the system viewer (auth.SystemContext). Everything is written in one
// transaction; times are derived from now, so the main campaign is running at now, content was
// published over the 30 days before it and every event lies after it.
func Demo(ctx context.Context, client *ent.Client, now time.Time) (seeded bool, err error) {
	tx, err := client.Tx(ctx)
	if err != nil {
		return false, fmt.Errorf("seed: begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	rollback := func(err error) error {
		if rerr := tx.Rollback(); rerr != nil {
			err = errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}

	c := tx.Client()
	exists, err := c.Campaign.Query().Exist(ctx)
	if err != nil {
		return false, rollback(fmt.Errorf("seed: check for campaigns: %w", err))
	}
	if exists {
		return false, rollback(nil)
	}
	s := &seeder{ctx: ctx, c: c, now: now.UTC()}
	if err := s.run(); err != nil {
		err = rollback(fmt.Errorf("seed: %w", err))
		// Another process seeding at the same time wins the unique keys; once its campaign is
		// visible, the database is seeded and this call has nothing to do.
		if ent.IsConstraintError(err) {
			if exists, qerr := client.Campaign.Query().Exist(ctx); qerr == nil && exists {
				return false, nil
			}
		}
		return false, err
	}
	if err := tx.Commit(); err != nil {
		if exists, qerr := client.Campaign.Query().Exist(ctx); qerr == nil && exists && ent.IsConstraintError(err) {
			return false, nil
		}
		return false, fmt.Errorf("seed: commit: %w", err)
	}
	return true, nil
}

type seeder struct {
	ctx context.Context
	c   *ent.Client
	now time.Time

	topicIDs        map[string]int
	sensitiveTopics map[string]bool
	orgIDs          map[string]int
	accountIDs      map[string]int // by subject
	creatorIDs      map[string]int // by handle
	hashtagIDs      map[string]int // by lower-cased name
	contentIDs      []int          // parallel to pieces
	mha, wmhd       *ent.Campaign
}

func (s *seeder) run() error {
	steps := []struct {
		name string
		fn   func() error
	}{
		{"topics", s.topics},
		{"organizations", s.organizations},
		{"accounts", s.accounts},
		{"creators", s.creators},
		{"campaigns", s.campaigns},
		{"ad-credit grants", s.grants},
		{"hashtags", s.hashtags},
		{"content", s.content},
		{"workflow submissions", s.workflow},
		{"features", s.features},
		{"events", s.events},
		{"crisis resources", s.crisisResources},
	}
	for _, step := range steps {
		if err := step.fn(); err != nil {
			return fmt.Errorf("%s: %w", step.name, err)
		}
	}
	return nil
}

func (s *seeder) topics() error {
	builders := make([]*ent.TopicCreate, len(topics))
	for i, t := range topics {
		builders[i] = s.c.Topic.Create().SetSlug(t.slug).SetName(t.name).
			SetDescription(t.description).SetSensitive(t.sensitive)
	}
	created, err := s.c.Topic.CreateBulk(builders...).Save(s.ctx)
	if err != nil {
		return err
	}
	s.topicIDs = map[string]int{}
	s.sensitiveTopics = map[string]bool{}
	for _, t := range created {
		s.topicIDs[t.Slug] = t.ID
		s.sensitiveTopics[t.Slug] = t.Sensitive
	}
	return nil
}

func (s *seeder) organizations() error {
	builders := make([]*ent.OrganizationCreate, len(organizations))
	for i, o := range organizations {
		builders[i] = s.c.Organization.Create().SetSlug(o.slug).SetName(o.name).
			SetDescription(o.description).SetWebsiteURL(o.website).
			SetKind(organization.KindNONPROFIT).SetVerified(true).SetRegions([]string{"US"})
	}
	created, err := s.c.Organization.CreateBulk(builders...).Save(s.ctx)
	if err != nil {
		return err
	}
	s.orgIDs = map[string]int{}
	for _, o := range created {
		s.orgIDs[o.Slug] = o.ID
	}
	return nil
}

func (s *seeder) accounts() error {
	var builders []*ent.AccountCreate
	for _, a := range roleAccounts {
		builders = append(builders, s.c.Account.Create().SetSubject(a.subject).SetDisplayName(a.displayName))
	}
	for _, cr := range creators {
		builders = append(builders, s.c.Account.Create().SetSubject(creatorSubject(cr.handle)).SetDisplayName(cr.displayName))
	}
	orgAuthors := orgAuthorSlugs()
	for _, slug := range orgAuthors {
		builders = append(builders, s.c.Account.Create().SetSubject(orgSubject(slug)).SetDisplayName(orgName(slug)+" (demo member)"))
	}
	created, err := s.c.Account.CreateBulk(builders...).Save(s.ctx)
	if err != nil {
		return err
	}
	s.accountIDs = map[string]int{}
	for _, a := range created {
		s.accountIDs[a.Subject] = a.ID
	}

	memberships := map[string][]string{subjectOrgMember: nil}
	for _, o := range organizations { // in a stable order
		if demoOrgMemberOf[o.slug] {
			memberships[subjectOrgMember] = append(memberships[subjectOrgMember], o.slug)
		}
	}
	for _, slug := range orgAuthors {
		memberships[orgSubject(slug)] = []string{slug}
	}
	for subject, slugs := range memberships {
		ids := make([]int, len(slugs))
		for i, slug := range slugs {
			ids[i] = s.orgIDs[slug]
		}
		if err := s.c.Account.UpdateOneID(s.accountIDs[subject]).AddOrganizationIDs(ids...).Exec(s.ctx); err != nil {
			return fmt.Errorf("memberships of %s: %w", subject, err)
		}
	}
	return nil
}

func (s *seeder) creators() error {
	s.creatorIDs = map[string]int{}
	expires := s.day(0).AddDate(2, 0, 0)
	for _, spec := range creators {
		create := s.c.Creator.Create().SetHandle(spec.handle).SetDisplayName(spec.displayName).
			SetBio(spotlightBio).SetOwnerID(s.accountIDs[creatorSubject(spec.handle)])
		if spec.cred != nil {
			// verified_until mirrors the latest verified credential's expiry.
			create.SetVerifiedUntil(expires)
		}
		cr, err := create.Save(s.ctx)
		if err != nil {
			return fmt.Errorf("@%s: %w", spec.handle, err)
		}
		s.creatorIDs[spec.handle] = cr.ID
		if spec.cred == nil {
			continue
		}
		err = s.c.Credential.Create().SetCreatorID(cr.ID).SetKind(spec.cred.kind).
			SetJurisdiction(spec.cred.jurisdiction).SetLicenseNumber(spec.cred.license).
			SetExpiresAt(expires).SetStatus(credential.StatusVERIFIED).
			SetReviewNote("Demo credential: the license number is not real.").
			SetReviewedBy(subjectAdmin).SetReviewedAt(s.now.Add(-20 * 24 * time.Hour)).
			Exec(s.ctx)
		if err != nil {
			return fmt.Errorf("credential of @%s: %w", spec.handle, err)
		}
	}
	cr, err := s.c.Creator.Create().SetHandle(demoCreatorHandle).SetDisplayName(demoCreatorName).
		SetBio(demoCreatorBio).SetOwnerID(s.accountIDs[subjectCreator]).Save(s.ctx)
	if err != nil {
		return fmt.Errorf("@%s: %w", demoCreatorHandle, err)
	}
	s.creatorIDs[demoCreatorHandle] = cr.ID
	return nil
}

func (s *seeder) campaigns() error {
	var err error
	s.mha, err = s.c.Campaign.Create().
		SetSlug("mental-health-awareness").
		SetName("Mental Health Awareness").
		SetHashtag("#MentalHealthAwareness").
		SetDescription("#MentalHealthAwareness brings together vetted videos, articles and guides from creators, " +
			"licensed professionals and partner organizations, so that finding trustworthy information and support is " +
			"easier. You are not alone: if you are struggling or in crisis, call or text 988 in the US, or text HOME to 741741.").
		// The demo's campaign runs around the day the demo starts, whatever day that is, so it is
		// live on the first run and every event it holds lies inside it.
		SetStartsAt(s.day(mhaStartDay)).
		SetEndsAt(s.day(mhaEndDay)).
		SetBudgetCents(mhaBudgetCents).
		Save(s.ctx)
	if err != nil {
		return fmt.Errorf("mental-health-awareness: %w", err)
	}
	day := s.worldMentalHealthDay()
	s.wmhd, err = s.c.Campaign.Create().
		SetSlug("world-mental-health-day").
		SetName("World Mental Health Day").
		SetHashtag("#WorldMentalHealthDay").
		SetDescription("World Mental Health Day is observed every year on October 10. In the weeks around it, partners " +
			"share stories and resources, and run trainings on talking about mental health safely. " +
			"If you need help now, call or text 988 in the US.").
		SetStartsAt(day.AddDate(0, 0, -21)).
		SetEndsAt(day.AddDate(0, 0, 7)).
		Save(s.ctx)
	if err != nil {
		return fmt.Errorf("world-mental-health-day: %w", err)
	}
	return nil
}

func (s *seeder) grants() error {
	approvedAt := s.now.Add(-7 * 24 * time.Hour)
	var builders []*ent.AdCreditGrantCreate
	for _, o := range organizations {
		builders = append(builders, s.c.AdCreditGrant.Create().
			SetCampaignID(s.mha.ID).SetOrganizationID(s.orgIDs[o.slug]).
			SetAmountCents(grantCents[o.slug]).
			SetNote("Ad credits for "+o.name+" placements during #MentalHealthAwareness.").
			SetStatus(adcreditgrant.StatusAPPROVED).
			SetProposedBy(subjectAdmin).
			SetApprovedBy(subjectAdmin2).
			SetApprovedAt(approvedAt))
	}
	return s.c.AdCreditGrant.CreateBulk(builders...).Exec(s.ctx)
}

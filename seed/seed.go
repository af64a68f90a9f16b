// Package seed fills an empty database with the demo hub: the #MentalHealthAwareness campaign,
// partner organizations and their ad-credit grants, ten spotlighted creators with live content,
// partner trainings and events, crisis resources, and demo accounts for every role.
package seed

import (
	"haven/workflow"

	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"haven/ent"
	"haven/ent/adcreditgrant"
	"haven/ent/content"
	"haven/ent/credential"
	"haven/ent/event"
	"haven/ent/feature"
	"haven/ent/organization"
	_ "haven/ent/runtime" // defaults, validators and policies live in the runtime
	"haven/ent/submission"
)

// The reviewers and publisher recorded on the seeded history.
const (
	approverDefault   = subjectModerator
	approverSensitive = subjectClinicalReviewer
	publisher         = subjectPublisher
)

// safeMessagingChecks are the checks a clinical reviewer attests when approving a sensitive
// submission (the SafeMessagingCheck values of the GraphQL schema).
var safeMessagingChecks = []string{
	"NO_METHOD_DETAIL", "NO_GRAPHIC_IMAGERY", "HOPE_AND_RECOVERY",
	"HELP_SEEKING_CTA", "CRISIS_RESOURCES_LINKED", "NO_STIGMATIZING_LANGUAGE",
}

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
		SetName("Mental Health Awareness Month").
		SetHashtag("#MentalHealthAwareness").
		SetDescription("Mental Health Awareness Month is observed every May in the US. This hub runs through the month " +
			"and beyond, bringing together vetted videos, articles and guides from creators, licensed professionals and " +
			"partner organizations, so that finding trustworthy information and support is easier. " +
			"You are not alone: if you are struggling or in crisis, call or text 988 in the US, or text HOME to 741741.").
		SetStartsAt(s.day(-10)).
		SetEndsAt(s.day(60)).
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

// tagName is the Hashtag row name of a hashtag as written: lower case, without '#'.
func tagName(tag string) string { return strings.ToLower(strings.TrimPrefix(tag, "#")) }

// hashtags creates the Hashtag rows of the live content.
func (s *seeder) hashtags() error {
	var names []string
	seen := map[string]bool{}
	for _, p := range pieces {
		for _, t := range p.hashtags {
			if n := tagName(t); !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	builders := make([]*ent.HashtagCreate, len(names))
	for i, n := range names {
		builders[i] = s.c.Hashtag.Create().SetName(n)
	}
	created, err := s.c.Hashtag.CreateBulk(builders...).Save(s.ctx)
	if err != nil {
		return err
	}
	s.hashtagIDs = map[string]int{}
	for _, h := range created {
		s.hashtagIDs[h.Name] = h.ID
	}
	return nil
}

func (s *seeder) sensitive(p pieceSpec) bool {
	for _, t := range p.topics {
		if s.sensitiveTopics[t] {
			return true
		}
	}
	return false
}

func (s *seeder) topicIDsOf(p pieceSpec) ([]int, error) {
	ids := make([]int, len(p.topics))
	for i, t := range p.topics {
		id, ok := s.topicIDs[t]
		if !ok {
			return nil, fmt.Errorf("%q: unknown topic %q", p.title, t)
		}
		ids[i] = id
	}
	return ids, nil
}

// refs resolves a piece's creator and organization.
func (s *seeder) refs(p pieceSpec) (creatorID, orgID *int, err error) {
	if p.creator != "" {
		id, ok := s.creatorIDs[p.creator]
		if !ok {
			return nil, nil, fmt.Errorf("%q: unknown creator @%s", p.title, p.creator)
		}
		creatorID = &id
	}
	if p.org != "" {
		id, ok := s.orgIDs[p.org]
		if !ok {
			return nil, nil, fmt.Errorf("%q: unknown organization %s", p.title, p.org)
		}
		orgID = &id
	}
	if creatorID == nil && orgID == nil {
		return nil, nil, fmt.Errorf("%q: neither creator nor organization", p.title)
	}
	return creatorID, orgID, nil
}

// author is the subject whose account authored a live piece's submission: the creator's owner,
// or for an organization's own piece demo-org-member (NAMI, AFSP) or the organization's demo member.
func author(p pieceSpec) string {
	switch {
	case p.creator != "":
		return creatorSubject(p.creator)
	case demoOrgMemberOf[p.org]:
		return subjectOrgMember
	default:
		return orgSubject(p.org)
	}
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optInt(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// thumbnail is the thumbnail URL of a video: the video URL with a .jpg extension.
func thumbnail(p pieceSpec) *string {
	if p.media == "" || !strings.HasSuffix(p.media, ".mp4") {
		return nil
	}
	return optString(strings.TrimSuffix(p.media, ".mp4") + ".jpg")
}

// content creates the live content and, for each piece, the PUBLISHED submission it was copied
// from (copy-on-publish).
func (s *seeder) content() error {
	n := len(pieces)
	stride := coprimeStride(n)
	// Publication times are spread over the 29 days before now, one slot per piece, in an order
	// that interleaves creators.
	spacing := 29 * 24 * time.Hour / time.Duration(n)
	base := s.now.Truncate(time.Minute)
	s.contentIDs = make([]int, n)
	for i, p := range pieces {
		slot := (i * stride) % n
		publishedAt := base.Add(-time.Duration(slot)*spacing - 2*time.Hour - time.Duration(i%5)*7*time.Minute)
		submittedAt := publishedAt.Add(-20*time.Hour - time.Duration(i%3)*3*time.Hour)
		sensitive := s.sensitive(p)
		topicIDs, err := s.topicIDsOf(p)
		if err != nil {
			return err
		}
		creatorID, orgID, err := s.refs(p)
		if err != nil {
			return err
		}
		tagIDs := make([]int, len(p.hashtags))
		for j, t := range p.hashtags {
			id, ok := s.hashtagIDs[tagName(t)]
			if !ok {
				return fmt.Errorf("%q: no hashtag row for %s", p.title, t)
			}
			tagIDs[j] = id
		}
		warning := content.ContentWarningNONE
		if sensitive {
			warning = content.ContentWarningSENSITIVE
		}
		live, err := s.c.Content.Create().
			SetKind(p.kind).
			SetTitle(p.title).
			SetSummary(p.summary).
			SetNillableBody(optString(p.body)).
			SetNillableMediaURL(optString(p.media)).
			SetNillableThumbnailURL(thumbnail(p)).
			SetNillableDurationSeconds(optInt(p.duration)).
			SetLanguage(p.language).
			SetHashtags(p.hashtags).
			SetStatus(content.StatusLIVE).
			SetContentWarning(warning).
			SetClinicallyReviewed(sensitive).
			SetPublishedAt(publishedAt).
			SetCreatedAt(publishedAt).
			SetUpdatedAt(publishedAt).
			SetNillableCreatorID(creatorID).
			SetNillableOrganizationID(orgID).
			AddTopicIDs(topicIDs...).
			AddTagIDs(tagIDs...).
			Save(s.ctx)
		if err != nil {
			return fmt.Errorf("%q: %w", p.title, err)
		}
		s.contentIDs[i] = live.ID

		approver, checks := approverDefault, []string{}
		if sensitive {
			approver, checks = approverSensitive, safeMessagingChecks
		}
		// Version counts the submission's changes: created, submitted, claimed, approved, published.
		err = s.revision(p, author(p), creatorID, orgID, topicIDs).
			SetStatus(submission.StatusPUBLISHED).
			SetVersion(5).
			SetSensitive(sensitive).
			SetSubmittedAt(submittedAt).
			SetQueueKey(workflow.QueueKey(false, sensitive, submittedAt)).
			SetDecidedBy(approver).
			SetApprovedBy(approver).
			SetChecks(checks).
			SetPublishedBy(publisher).
			SetPublishedAt(publishedAt).
			SetContentID(live.ID).
			SetCreatedAt(submittedAt.Add(-3 * time.Hour)).
			SetUpdatedAt(publishedAt).
			Exec(s.ctx)
		if err != nil {
			return fmt.Errorf("submission of %q: %w", p.title, err)
		}
	}
	return nil
}

// revision starts a Submission with a piece's proposed fields and owners.
func (s *seeder) revision(p pieceSpec, authorSubject string, creatorID, orgID *int, topicIDs []int) *ent.SubmissionCreate {
	return s.c.Submission.Create().
		SetKind(p.kind).
		SetTitle(p.title).
		SetSummary(p.summary).
		SetNillableBody(optString(p.body)).
		SetNillableMediaURL(optString(p.media)).
		SetNillableThumbnailURL(thumbnail(p)).
		SetNillableDurationSeconds(optInt(p.duration)).
		SetLanguage(p.language).
		SetHashtags(p.hashtags).
		SetAuthorID(s.accountIDs[authorSubject]).
		SetNillableCreatorID(creatorID).
		SetNillableOrganizationID(orgID).
		AddTopicIDs(topicIDs...)
}

// workflow creates the submissions left for the demo: two waiting in the moderation queue, a
// draft and an approved one ready to publish.
func (s *seeder) workflow() error {
	base := s.now.Truncate(time.Minute)
	for _, w := range pending {
		p := w.piece
		sensitive := s.sensitive(p)
		topicIDs, err := s.topicIDsOf(p)
		if err != nil {
			return err
		}
		creatorID, orgID, err := s.refs(p)
		if err != nil {
			return err
		}
		create := s.revision(p, w.author, creatorID, orgID, topicIDs).
			SetStatus(submission.Status(w.status)).
			SetVersion(w.version).
			SetSensitive(sensitive)
		if w.ago == 0 {
			create.SetCreatedAt(base.Add(-2 * time.Hour))
		} else {
			// The workflow sets the queue key on submit and leaves it after the decision.
			submittedAt := base.Add(-time.Duration(w.ago) * time.Hour)
			create.SetSubmittedAt(submittedAt).SetCreatedAt(submittedAt.Add(-time.Hour)).
				SetQueueKey(workflow.QueueKey(false, sensitive, submittedAt))
		}
		if submission.Status(w.status) == submission.StatusAPPROVED {
			approver, checks := approverDefault, []string{}
			if sensitive {
				approver, checks = approverSensitive, safeMessagingChecks
			}
			create.SetDecidedBy(approver).SetApprovedBy(approver).SetChecks(checks)
		}
		if err := create.Exec(s.ctx); err != nil {
			return fmt.Errorf("%q: %w", p.title, err)
		}
	}
	return nil
}

func (s *seeder) features() error {
	var builders []*ent.FeatureCreate
	add := func(kind feature.Kind, position int) *ent.FeatureCreate {
		b := s.c.Feature.Create().SetCampaignID(s.mha.ID).SetKind(kind).SetPosition(position).SetCreatedBy(publisher)
		builders = append(builders, b)
		return b
	}
	for i, p := range pieces {
		if p.feature > 0 {
			add(feature.KindCONTENT, p.feature).SetContentID(s.contentIDs[i])
		}
	}
	for i, cr := range creators {
		add(feature.KindCREATOR_SPOTLIGHT, i+1).SetCreatorID(s.creatorIDs[cr.handle])
	}
	for i, o := range organizations {
		add(feature.KindPARTNER_ORGANIZATION, i+1).SetOrganizationID(s.orgIDs[o.slug])
	}
	return s.c.Feature.CreateBulk(builders...).Exec(s.ctx)
}

func (s *seeder) events() error {
	wmhd := s.worldMentalHealthDay()
	backToSchool := s.next(time.August, 20, 17)
	livestream := s.day(21).Add(23 * time.Hour) // 7pm US Eastern in summer time

	builders := []*ent.EventCreate{
		s.c.Event.Create().
			SetKind(event.KindTRAINING).SetAudience(event.AudiencePARTNERS).
			SetTitle("Safe messaging for creators: talking about suicide").
			SetDescription("A live training for partner creators and organizations ahead of World Mental Health Day: " +
				"how to talk about suicide in ways that help, with hope, help-seeking and crisis resources, and what to " +
				"leave out, such as method detail and graphic imagery. Includes how to respond to comments from people who " +
				"may be struggling.").
			SetStartsAt(wmhd.AddDate(0, 0, -14).Add(17 * time.Hour)).
			SetEndsAt(wmhd.AddDate(0, 0, -14).Add(18*time.Hour + 30*time.Minute)).
			SetCapacity(40).
			SetCampaignID(s.wmhd.ID).
			SetHostOrganizationID(s.orgIDs["afsp"]),
		s.c.Event.Create().
			SetKind(event.KindTRAINING).SetAudience(event.AudiencePARTNERS).
			SetTitle("Back-to-school: supporting student mental health").
			SetDescription("A training for partners who reach students and families: common stressors at the start of the " +
				"school year, how to start a conversation with a young person, and how to connect students with trusted " +
				"adults and crisis resources such as 988.").
			SetStartsAt(backToSchool).
			SetEndsAt(backToSchool.Add(2 * time.Hour)).
			SetCapacity(60).
			SetCampaignID(s.mha.ID).
			SetHostOrganizationID(s.orgIDs["peer-health-exchange"]),
		s.c.Event.Create().
			SetKind(event.KindAWARENESS_DAY).SetAudience(event.AudiencePUBLIC).
			SetTitle("World Mental Health Day").
			SetDescription("World Mental Health Day is observed every year on October 10. Join partners across the hub in " +
				"sharing stories, resources and ways to support one another. If you need help now, call or text 988 in the US.").
			SetStartsAt(wmhd).
			SetEndsAt(wmhd.AddDate(0, 0, 1)).
			SetCampaignID(s.wmhd.ID),
		s.c.Event.Create().
			SetKind(event.KindLIVESTREAM).SetAudience(event.AudiencePUBLIC).
			SetTitle("Eating disorders: myths and facts").
			SetDescription("NEDA and guests separate myths from facts about eating disorders: who they affect, why recovery " +
				"is possible, and how to support someone you care about. The conversation avoids numbers, weights and " +
				"descriptions of behaviors. For support, call the ANAD helpline at 1-888-375-7767; in a crisis, call or text 988.").
			SetStartsAt(livestream).
			SetEndsAt(livestream.Add(time.Hour)).
			SetCapacity(500).
			SetCampaignID(s.mha.ID).
			SetHostOrganizationID(s.orgIDs["neda"]),
	}
	return s.c.Event.CreateBulk(builders...).Exec(s.ctx)
}

func (s *seeder) crisisResources() error {
	builders := make([]*ent.CrisisResourceCreate, len(crisisResources))
	for i, r := range crisisResources {
		b := s.c.CrisisResource.Create().SetKey(r.key).SetName(r.name).SetKind(r.kind).
			SetContact(r.contact).SetNillableURL(optString(r.url)).SetRegions(r.regions).
			SetLanguages(r.languages).SetHours(r.hours).SetPriority(r.priority)
		if r.org != "" {
			b.SetOrganizationID(s.orgIDs[r.org])
		}
		builders[i] = b
	}
	return s.c.CrisisResource.CreateBulk(builders...).Exec(s.ctx)
}

// day is midnight UTC of the day d days from now.
func (s *seeder) day(d int) time.Time {
	y, m, dd := s.now.Date()
	return time.Date(y, m, dd+d, 0, 0, 0, 0, time.UTC)
}

// next is the first given month, day and hour (UTC) strictly after now.
func (s *seeder) next(month time.Month, day, hour int) time.Time {
	t := time.Date(s.now.Year(), month, day, hour, 0, 0, 0, time.UTC)
	for !t.After(s.now) {
		t = t.AddDate(1, 0, 0)
	}
	return t
}

// worldMentalHealthDay is midnight UTC of the next October 10 that leaves room for the partner
// training two weeks ahead of it: this year's, or next year's once this year's is less than
// two weeks away.
func (s *seeder) worldMentalHealthDay() time.Time {
	t := time.Date(s.now.Year(), time.October, 10, 0, 0, 0, 0, time.UTC)
	for !t.AddDate(0, 0, -14).Add(17 * time.Hour).After(s.now) {
		t = t.AddDate(1, 0, 0)
	}
	return t
}

// coprimeStride returns a step that visits every one of n slots once, jumping around so that
// neighbouring pieces (the same creator's) land on different days.
func coprimeStride(n int) int {
	gcd := func(a, b int) int {
		for b != 0 {
			a, b = b, a%b
		}
		return a
	}
	for _, s := range []int{7, 11, 13, 5, 3} {
		if s < n && gcd(s, n) == 1 {
			return s
		}
	}
	return 1
}

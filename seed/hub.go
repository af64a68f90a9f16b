package seed

import (
	"time"

	"haven/ent"
	"haven/ent/event"
	"haven/ent/feature"
)

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
	studentTraining := s.day(35).Add(17 * time.Hour)
	livestream := s.day(21).Add(23 * time.Hour) // evening in the US

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
			SetTitle("Supporting student mental health").
			SetDescription("A training for partners who reach students and families: common stressors of school life, " +
				"how to start a conversation with a young person, and how to connect students with trusted " +
				"adults and crisis resources such as 988.").
			SetStartsAt(studentTraining).
			SetEndsAt(studentTraining.Add(2 * time.Hour)).
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
			SetLanguages(r.languages).SetHours(r.hours).SetPriority(r.priority).SetConcerns(resourceConcerns[r.key])
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

// The #MentalHealthAwareness campaign's window, in days from the day the demo is seeded.
const (
	mhaStartDay = -10
	mhaEndDay   = 60
)

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

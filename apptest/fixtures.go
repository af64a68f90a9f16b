package apptest

import (
	"fmt"
	"strings"
	"time"

	"haven/ent"
	"haven/ent/account"
	"haven/ent/content"
	"haven/ent/hashtag"
	"haven/ent/schema/enum"
)

// The fixtures write rows straight to the database as the system, bypassing the workflow: they
// set up what a test reads, not the story it tells. Each is a builder with defaults; a test
// names only what matters to it and ends the chain with Create (or Many for content):
//
//	topic := h.Topic("eating-disorders").Sensitive().Create()
//	jeff := h.Creator("therapyjeff").Owner("jeff-sub").Create()
//	nami := h.Organization("nami").Members("nora").Create()
//	piece := h.Content("Five grounding techniques").By(jeff).Of(nami).Topics(topic).Age(5).Create()

// Account returns the account of subject, creating it.
func (h *Hub) Account(subject string) *ent.Account {
	h.T.Helper()
	ctx := h.System()
	a, err := h.Client().Account.Query().Where(account.Subject(subject)).Only(ctx)
	if ent.IsNotFound(err) {
		a, err = h.Client().Account.Create().SetSubject(subject).Save(ctx)
	}
	if err != nil {
		h.T.Fatalf("apptest: account %s: %v", subject, err)
	}
	return a
}

// TopicFixture builds a topic: not sensitive unless asked, named after its slug.
type TopicFixture struct {
	h         *Hub
	slug      string
	sensitive bool
}

// Topic starts a topic with the slug.
func (h *Hub) Topic(slug string) *TopicFixture { return &TopicFixture{h: h, slug: slug} }

// Sensitive makes the topic sensitive (content on it needs clinical review).
func (f *TopicFixture) Sensitive() *TopicFixture { f.sensitive = true; return f }

// Create writes the topic.
func (f *TopicFixture) Create() *ent.Topic {
	f.h.T.Helper()
	t, err := f.h.Client().Topic.Create().SetSlug(f.slug).SetName(strings.ReplaceAll(f.slug, "-", " ")).
		SetSensitive(f.sensitive).Save(f.h.System())
	if err != nil {
		f.h.T.Fatalf("apptest: topic %s: %v", f.slug, err)
	}
	return t
}

// CreatorFixture builds a creator profile: owned by the account "owner-<handle>" unless given,
// displayed as "Creator <handle>".
type CreatorFixture struct {
	h                   *Hub
	handle, owner, name string
}

// Creator starts the creator profile @handle.
func (h *Hub) Creator(handle string) *CreatorFixture {
	return &CreatorFixture{h: h, handle: handle, owner: "owner-" + handle, name: "Creator " + handle}
}

// Owner makes subject's account own the profile.
func (f *CreatorFixture) Owner(subject string) *CreatorFixture { f.owner = subject; return f }

// Named sets the display name.
func (f *CreatorFixture) Named(name string) *CreatorFixture { f.name = name; return f }

// Create writes the profile.
func (f *CreatorFixture) Create() *ent.Creator {
	f.h.T.Helper()
	c, err := f.h.Client().Creator.Create().SetOwner(f.h.Account(f.owner)).SetHandle(f.handle).
		SetDisplayName(f.name).Save(f.h.System())
	if err != nil {
		f.h.T.Fatalf("apptest: creator %s: %v", f.handle, err)
	}
	return c
}

// OrganizationFixture builds a verified organization, without members unless given.
type OrganizationFixture struct {
	h          *Hub
	slug, name string
	members    []string
}

// Organization starts an organization with the slug, named "Org <slug>".
func (h *Hub) Organization(slug string) *OrganizationFixture {
	return &OrganizationFixture{h: h, slug: slug, name: "Org " + slug}
}

// Named sets the name.
func (f *OrganizationFixture) Named(name string) *OrganizationFixture { f.name = name; return f }

// Members adds the accounts of the subjects as members.
func (f *OrganizationFixture) Members(subjects ...string) *OrganizationFixture {
	f.members = append(f.members, subjects...)
	return f
}

// Create writes the organization.
func (f *OrganizationFixture) Create() *ent.Organization {
	f.h.T.Helper()
	c := f.h.Client().Organization.Create().SetSlug(f.slug).SetName(f.name).SetVerified(true)
	for _, m := range f.members {
		c.AddMembers(f.h.Account(m))
	}
	o, err := c.Save(f.h.System())
	if err != nil {
		f.h.T.Fatalf("apptest: organization %s: %v", f.slug, err)
	}
	return o
}

// ContentFixture builds content: a LIVE article with a summary and body derived from its title,
// published a minute before the test clock's now, by nobody, on no topic, without a content
// warning and not clinically reviewed, unless given.
type ContentFixture struct {
	h             *Hub
	title         string
	summary, body *string
	kind          enum.ContentKind
	status        content.Status
	age           time.Duration
	lang          string
	creator       *ent.Creator
	org           *ent.Organization
	topics        []*ent.Topic
	tags          []string
	sensitive     bool
	reviewed      bool
}

// Content starts content with the title.
func (h *Hub) Content(title string) *ContentFixture {
	return &ContentFixture{h: h, title: title, kind: enum.KindArticle, status: content.StatusLIVE, age: time.Minute}
}

// By makes c the creator.
func (f *ContentFixture) By(c *ent.Creator) *ContentFixture { f.creator = c; return f }

// Of makes o the organization.
func (f *ContentFixture) Of(o *ent.Organization) *ContentFixture { f.org = o; return f }

// Topics links the topics.
func (f *ContentFixture) Topics(ts ...*ent.Topic) *ContentFixture {
	f.topics = append(f.topics, ts...)
	return f
}

// Status sets the status (LIVE by default).
func (f *ContentFixture) Status(s content.Status) *ContentFixture { f.status = s; return f }

// Kind sets the kind (ARTICLE by default).
func (f *ContentFixture) Kind(k enum.ContentKind) *ContentFixture { f.kind = k; return f }

// Language sets the language (the schema's default otherwise).
func (f *ContentFixture) Language(lang string) *ContentFixture { f.lang = lang; return f }

// Tags gives the content the hashtags as publishing does: the display list on the row, and a
// link to the lower-cased Hashtag row of each ("#SelfCare" is "selfcare"), created when missing.
func (f *ContentFixture) Tags(tags ...string) *ContentFixture {
	f.tags = append(f.tags, tags...)
	return f
}

// Summary sets the summary ("Summary of <title>" by default).
func (f *ContentFixture) Summary(s string) *ContentFixture { f.summary = &s; return f }

// Body sets the body ("Body of <title>" by default).
func (f *ContentFixture) Body(s string) *ContentFixture { f.body = &s; return f }

// Sensitive gives the content the SENSITIVE content warning.
func (f *ContentFixture) Sensitive() *ContentFixture { f.sensitive = true; return f }

// Reviewed marks the content clinically reviewed.
func (f *ContentFixture) Reviewed() *ContentFixture { f.reviewed = true; return f }

// Age publishes the content that many minutes before now (1 by default; 0 is now).
func (f *ContentFixture) Age(minutes int) *ContentFixture {
	f.age = time.Duration(minutes) * time.Minute
	return f
}

func (f *ContentFixture) builder(title string, age time.Duration) *ent.ContentCreate {
	summary, body := "Summary of "+title, "Body of "+title
	if f.summary != nil {
		summary = *f.summary
	}
	if f.body != nil {
		body = *f.body
	}
	b := f.h.Client().Content.Create().SetKind(f.kind).SetTitle(title).
		SetSummary(summary).SetBody(body).SetStatus(f.status).SetClinicallyReviewed(f.reviewed).
		SetPublishedAt(f.h.Clock.Now().Add(-age)).AddTopics(f.topics...)
	if f.sensitive {
		b.SetContentWarning(content.ContentWarningSENSITIVE)
	}
	if f.creator != nil {
		b.SetCreator(f.creator)
	}
	if f.org != nil {
		b.SetOrganization(f.org)
	}
	if f.lang != "" {
		b.SetLanguage(f.lang)
	}
	if len(f.tags) > 0 {
		b.SetHashtags(f.tags).AddTags(f.h.hashtags(f.tags)...)
	}
	return b
}

// hashtags returns the Hashtag rows of the tags, creating the missing ones.
func (h *Hub) hashtags(tags []string) []*ent.Hashtag {
	h.T.Helper()
	ctx := h.System()
	var rows []*ent.Hashtag
	for _, t := range tags {
		name := strings.ToLower(strings.TrimPrefix(t, "#"))
		row, err := h.Client().Hashtag.Query().Where(hashtag.Name(name)).Only(ctx)
		if ent.IsNotFound(err) {
			row, err = h.Client().Hashtag.Create().SetName(name).Save(ctx)
		}
		if err != nil {
			h.T.Fatalf("apptest: hashtag %s: %v", name, err)
		}
		rows = append(rows, row)
	}
	return rows
}

// Create writes the content.
func (f *ContentFixture) Create() *ent.Content {
	f.h.T.Helper()
	row, err := f.builder(f.title, f.age).Save(f.h.System())
	if err != nil {
		f.h.T.Fatalf("apptest: content %s: %v", f.title, err)
	}
	return row
}

// Many writes n rows in bulk, titled "<title> 0001" and on, published one minute apart from the
// fixture's age onwards, and returns them newest first. A fixture for reading at volume.
func (f *ContentFixture) Many(n int) []*ent.Content {
	f.h.T.Helper()
	const batch = 500 // well under SQLite's and PostgreSQL's bind-parameter limits
	out := make([]*ent.Content, 0, n)
	for start := 0; start < n; start += batch {
		end := min(start+batch, n)
		builders := make([]*ent.ContentCreate, 0, end-start)
		for i := start; i < end; i++ {
			builders = append(builders, f.builder(fmt.Sprintf("%s %04d", f.title, i+1), f.age+time.Duration(i)*time.Minute))
		}
		rows, err := f.h.Client().Content.CreateBulk(builders...).Save(f.h.System())
		if err != nil {
			f.h.T.Fatalf("apptest: content %s: %v", f.title, err)
		}
		out = append(out, rows...)
	}
	return out
}

// GID formats an ID for a GraphQL variable.
func GID(id int) string { return fmt.Sprint(id) }

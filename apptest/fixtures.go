package apptest

import (
	"fmt"
	"strings"
	"time"

	"haven/ent"
	"haven/ent/account"
	"haven/ent/content"
	"haven/ent/schema/enum"
)

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

// Topic creates a topic.
func (h *Hub) Topic(slug string, sensitive bool) *ent.Topic {
	h.T.Helper()
	t, err := h.Client().Topic.Create().SetSlug(slug).SetName(strings.ReplaceAll(slug, "-", " ")).
		SetSensitive(sensitive).Save(h.System())
	if err != nil {
		h.T.Fatalf("apptest: topic %s: %v", slug, err)
	}
	return t
}

// Creator creates the creator profile @handle owned by subject's account.
func (h *Hub) Creator(subject, handle string) *ent.Creator {
	h.T.Helper()
	c, err := h.Client().Creator.Create().SetOwner(h.Account(subject)).SetHandle(handle).
		SetDisplayName("Creator " + handle).Save(h.System())
	if err != nil {
		h.T.Fatalf("apptest: creator %s: %v", handle, err)
	}
	return c
}

// Organization creates an organization with the member subjects.
func (h *Hub) Organization(slug string, members ...string) *ent.Organization {
	h.T.Helper()
	c := h.Client().Organization.Create().SetSlug(slug).SetName("Org " + slug).SetVerified(true)
	for _, m := range members {
		c.AddMembers(h.Account(m))
	}
	o, err := c.Save(h.System())
	if err != nil {
		h.T.Fatalf("apptest: organization %s: %v", slug, err)
	}
	return o
}

// Content creates a content row with status (LIVE unless given) published now minus age minutes.
// It bypasses the workflow: a fixture for reading, not a story.
func (h *Hub) Content(title string, c *ent.Creator, o *ent.Organization, status content.Status, ageMinutes int, topics ...*ent.Topic) *ent.Content {
	h.T.Helper()
	if status == "" {
		status = content.StatusLIVE
	}
	b := h.Client().Content.Create().SetKind(enum.KindArticle).SetTitle(title).
		SetSummary("Summary of " + title).SetBody("Body of " + title).SetStatus(status).
		SetPublishedAt(h.Clock.Now().Add(-durationMinutes(ageMinutes))).AddTopics(topics...)
	if c != nil {
		b.SetCreator(c)
	}
	if o != nil {
		b.SetOrganization(o)
	}
	row, err := b.Save(h.System())
	if err != nil {
		h.T.Fatalf("apptest: content %s: %v", title, err)
	}
	return row
}

// GID formats an ID for a GraphQL variable.
func GID(id int) string { return fmt.Sprint(id) }

func durationMinutes(m int) time.Duration { return time.Duration(m) * time.Minute }

package apptest

import (
	"fmt"
	"strings"
	"time"

	"haven/ent"
	"haven/ent/content"
	"haven/ent/hashtag"
	"haven/ent/schema/enum"
)

// Tag gives c the hashtags as publishing does: the display list on the row, and a link to the
// lower-cased Hashtag row of each ("#SelfCare" is "selfcare"), created when missing.
func (h *Hub) Tag(c *ent.Content, tags ...string) {
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
	if err := h.Client().Content.UpdateOne(c).SetHashtags(tags).AddTags(rows...).Exec(ctx); err != nil {
		h.T.Fatalf("apptest: tag content %d: %v", c.ID, err)
	}
}

// Feed creates n LIVE content rows in bulk, each by creator c and organization o (either may be
// nil) with the topics, titled "<prefix> 0001" and on, published one minute apart with the first
// one newest. It returns them newest first. A fixture for reading at volume, not a story.
func (h *Hub) Feed(prefix string, n int, c *ent.Creator, o *ent.Organization, topics ...*ent.Topic) []*ent.Content {
	h.T.Helper()
	const batch = 500 // well under SQLite's and PostgreSQL's bind-parameter limits
	now := h.Clock.Now()
	out := make([]*ent.Content, 0, n)
	for start := 0; start < n; start += batch {
		end := min(start+batch, n)
		builders := make([]*ent.ContentCreate, 0, end-start)
		for i := start; i < end; i++ {
			title := fmt.Sprintf("%s %04d", prefix, i+1)
			b := h.Client().Content.Create().SetKind(enum.KindArticle).SetTitle(title).
				SetSummary("Summary of " + title).SetStatus(content.StatusLIVE).
				SetPublishedAt(now.Add(-time.Duration(i+1) * time.Minute)).AddTopics(topics...)
			if c != nil {
				b.SetCreator(c)
			}
			if o != nil {
				b.SetOrganization(o)
			}
			builders = append(builders, b)
		}
		rows, err := h.Client().Content.CreateBulk(builders...).Save(h.System())
		if err != nil {
			h.T.Fatalf("apptest: feed %s: %v", prefix, err)
		}
		out = append(out, rows...)
	}
	return out
}

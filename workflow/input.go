package workflow

import (
	"context"
	"fmt"
	"strings"

	"haven/ent"
	"haven/ent/schema/enum"
	"haven/ent/topic"
	"haven/errcode"
	"haven/limit"
)

// Fields is the proposed fields of a submission. Nil means "not given" (on update: unchanged).
type Fields struct {
	Kind            *enum.ContentKind
	Title           *string
	Summary         *string
	Body            *string
	MediaURL        *string
	ThumbnailURL    *string
	DurationSeconds *int
	Language        *string
	Hashtags        []string
	HashtagsSet     bool
	TopicSlugs      []string
	TopicsSet       bool
}

// validate checks every given field and names the first bad one by its GraphQL name.
func (d *Fields) validate() error {
	if d.Kind != nil {
		if err := d.Kind.Validate(); err != nil {
			return errcode.Input("kind", "%v", err)
		}
	}
	texts := []struct {
		name     string
		v        *string
		min, max int
	}{{"title", d.Title, 1, limit.Title}, {"summary", d.Summary, 1, limit.Summary}, {"body", d.Body, 0, limit.Body}}
	for _, t := range texts {
		if t.v == nil {
			continue
		}
		*t.v = strings.TrimSpace(*t.v)
		if err := limit.Text(t.min, t.max)(*t.v); err != nil {
			return errcode.Input(t.name, "%v", err)
		}
	}
	for name, u := range map[string]*string{"mediaURL": d.MediaURL, "thumbnailURL": d.ThumbnailURL} {
		if u != nil && *u != "" {
			if err := limit.HTTPURL(*u); err != nil {
				return errcode.Input(name, "%v", err)
			}
		}
	}
	if d.DurationSeconds != nil && (*d.DurationSeconds < 1 || *d.DurationSeconds > 24*3600) {
		return errcode.Input("durationSeconds", "must be between 1 and 86400")
	}
	if d.Language != nil {
		if err := limit.Language(*d.Language); err != nil {
			return errcode.Input("language", "%v", err)
		}
	}
	if len(d.Hashtags) > limit.Hashtags {
		return errcode.Input("hashtags", "at most %d hashtags", limit.Hashtags)
	}
	seen := map[string]bool{}
	for i, h := range d.Hashtags {
		h = strings.TrimSpace(h)
		if !strings.HasPrefix(h, "#") {
			h = "#" + h
		}
		if err := limit.HashtagText(h); err != nil {
			return errcode.Input("hashtags", "%v", err)
		}
		if seen[strings.ToLower(h)] {
			return errcode.Input("hashtags", "%s is listed twice", h)
		}
		seen[strings.ToLower(h)] = true
		d.Hashtags[i] = h
	}
	if len(d.TopicSlugs) > limit.Topics {
		return errcode.Input("topicSlugs", "at most %d topics", limit.Topics)
	}
	return nil
}

// topics loads the topics named by slugs; an unknown slug is BAD_USER_INPUT.
func topics(ctx context.Context, tx *ent.Tx, slugs []string) ([]*ent.Topic, error) {
	if len(slugs) == 0 {
		return nil, nil
	}
	uniq := map[string]bool{}
	for _, s := range slugs {
		uniq[strings.ToLower(strings.TrimSpace(s))] = true
	}
	want := make([]string, 0, len(uniq))
	for s := range uniq {
		want = append(want, s)
	}
	ts, err := tx.Topic.Query().Where(topic.SlugIn(want...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("load topics: %w", err)
	}
	if len(ts) != len(want) {
		found := map[string]bool{}
		for _, t := range ts {
			found[t.Slug] = true
		}
		for _, s := range want {
			if !found[s] {
				return nil, errcode.Input("topicSlugs", "unknown topic %q", s)
			}
		}
	}
	return ts, nil
}

func anySensitive(ts []*ent.Topic) bool {
	for _, t := range ts {
		if t.Sensitive {
			return true
		}
	}
	return false
}

// complete checks that a submission has what its kind needs before it goes to review.
func complete(s *ent.Submission) error {
	switch s.Kind {
	case enum.KindVideo:
		if deref(s.MediaURL) == "" {
			return errcode.Input("mediaURL", "a video needs its mediaURL before it is submitted")
		}
	case enum.KindResourceLink:
		if deref(s.MediaURL) == "" {
			return errcode.Input("mediaURL", "a resource link needs its URL (mediaURL) before it is submitted")
		}
	case enum.KindArticle, enum.KindGuide:
		if strings.TrimSpace(deref(s.Body)) == "" {
			return errcode.Input("body", "an article or guide needs a body before it is submitted")
		}
	}
	return nil
}

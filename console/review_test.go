package console_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestConsoleRevisionDiff: a revision of live content is shown beside the live version, with the
// fields that changed marked and listed.
func TestConsoleRevisionDiff(t *testing.T) {
	s := newSite(t)
	const liveTitle = "Questions to bring to your prescriber"
	var found struct {
		Contents struct {
			Edges []struct {
				Node struct {
					ID, Title, Kind, Summary     string
					Body, MediaURL, ThumbnailURL *string
					DurationSeconds              *int
					Language                     string
					Hashtags                     []string
					Creator                      struct{ Handle string }
					Topics                       []struct{ Slug string }
				}
			}
		}
	}
	s.Query("", `{ contents(first: 100) { edges { node { id title kind summary body mediaURL thumbnailURL durationSeconds language hashtags creator { handle } topics { slug } } } } }`, nil, &found)
	var in map[string]any
	var owner string
	for _, e := range found.Contents.Edges {
		if n := e.Node; n.Title == liveTitle {
			var topics []string
			for _, tp := range n.Topics {
				topics = append(topics, tp.Slug)
			}
			in = map[string]any{"contentID": n.ID, "kind": n.Kind, "title": liveTitle + ", revised",
				"summary": n.Summary, "body": n.Body, "topicSlugs": topics, "hashtags": n.Hashtags, "language": n.Language,
				"mediaURL": n.MediaURL, "thumbnailURL": n.ThumbnailURL, "durationSeconds": n.DurationSeconds}
			owner = "creator:" + n.Creator.Handle
		}
	}
	if in == nil {
		t.Fatalf("the demo hub has no live %q", liveTitle)
	}
	tok := s.Token(owner, "creator")
	var created struct {
		CreateSubmission struct {
			ID      string
			Version int
		}
	}
	s.Query(tok, createM, map[string]any{"in": in}, &created)
	s.Query(tok, submitM, map[string]any{"id": created.CreateSubmission.ID, "v": created.CreateSubmission.Version}, nil)

	b := newBrowser(t)
	mod := b.newTab("moderator", s.URL+"/console/#/review/"+created.CreateSubmission.ID)
	mod.signIn("demo-moderator")
	mod.do(chromedp.WaitVisible(chromedp.CSS(`#what-changed`)))
	if got := mod.text(`#what-changed`); got != "Changed: title" {
		t.Fatalf("what changed = %q, want only the title", got)
	}
	if !eval[bool](mod, `document.querySelector("#sub-h").parentElement.querySelector("[data-field=title]").classList.contains("changed")`) ||
		eval[bool](mod, `document.querySelector("#sub-h").parentElement.querySelector("[data-field=summary]").classList.contains("changed")`) {
		t.Fatal("the title must be marked changed and the summary not")
	}
	if live := mod.text(`section[aria-labelledby=live-h] [data-field=title]`); !strings.Contains(live, liveTitle) || strings.Contains(live, "revised") {
		t.Fatalf("live version's title = %q", live)
	}
	mod.shot("review-revision")
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
)

// A workload is one kind of request, written once for Haven and once for PostGraphile so that
// both answer the same question with the same fields.
type workload struct {
	name, about   string
	havenQ, peerQ string
	vars          func(s *server, w *walk, round int) []string // variables of the requests, as JSON
	files         map[string]string                            // server name + round -> file of requests
}

const havenFeed = `query($after: Cursor) { contents(first: 20, after: $after) {
  edges { cursor node { id title summary kind publishedAt contentWarning
    creator { handle displayName } organization { name slug } topics { slug name } } }
  pageInfo { hasNextPage endCursor } } }`

const peerFeed = `query($after: Cursor) { contents(first: 20, after: $after, orderBy: PUBLISHED_AT_DESC, condition: {status: "LIVE"}) {
  edges { cursor node { id title summary kind publishedAt contentWarning
    creator { handle displayName } organization { name slug }
    contentTopics { nodes { topic { slug name } } } } }
  pageInfo { hasNextPage endCursor } } }`

// campaignSlug is the demo hub's main campaign, which `server seed` always creates.
const campaignSlug = "mental-health-awareness"

var workloads = []*workload{
	{
		name: "feed", about: "feed `contents(first:20)` with creator, organization, topics, walked by cursor (distinct requests)",
		havenQ: havenFeed, peerQ: peerFeed,
		vars: func(s *server, w *walk, round int) []string {
			if s.peer {
				return each(w.cursors, func(c string) string { return obj("after", c) })
			}
			return shiftedCursors(w.cursors, round)
		},
	},
	{
		name: "repeated", about: "the same anonymous feed request (first page) repeated",
		havenQ: havenFeed, peerQ: peerFeed,
		vars: func(*server, *walk, int) []string { return []string{`{"after":null}`} },
	},
	{
		name: "node", about: "`node(id)` of one content item with its creator, organization and topics",
		havenQ: `query($id: ID!) { node(id: $id) { id ... on Content { title summary kind publishedAt contentWarning
  creator { handle displayName } organization { name slug } topics { slug name } } } }`,
		peerQ: `query($id: ID!) { node(id: $id) { id ... on Content { title summary kind publishedAt contentWarning
  creator { handle displayName } organization { name slug } contentTopics { nodes { topic { slug name } } } } } }`,
		vars: func(_ *server, w *walk, _ int) []string {
			return each(w.ids, func(id string) string { return obj("id", id) })
		},
	},
	{
		name: "creator", about: "`creator(handle)` with its 10 newest live items",
		havenQ: `query($h: String!) { creator(handle: $h) { handle displayName bio
  contents(first: 10) { edges { node { id title publishedAt } } } } }`,
		peerQ: `query($h: String!) { creators(condition: {handle: $h}, first: 1) { nodes { handle displayName bio
  contents(first: 10, orderBy: PUBLISHED_AT_DESC, condition: {status: "LIVE"}) { nodes { id title publishedAt } } } } }`,
		vars: func(_ *server, w *walk, _ int) []string {
			return each(w.handles, func(h string) string { return obj("h", h) })
		},
	},
	{
		name: "campaign", about: "the hub page `campaign(slug)`: featured items, spotlighted creators, partners, upcoming events",
		havenQ: `query($slug: String!) { campaign(slug: $slug) { name hashtag startsAt endsAt
  featuredContents { id title contentWarning creator { handle } }
  spotlightCreators { handle displayName bio }
  partnerOrganizations { name websiteURL }
  upcomingEvents(first: 3) { title kind startsAt } } }`,
		peerQ: `query($slug: String!) { campaigns(condition: {slug: $slug}, first: 1) { nodes { name hashtag startsAt endsAt
  features(orderBy: POSITION_ASC) { nodes { kind position content { id title contentWarning creator { handle } }
    creator { handle displayName bio } organization { name websiteUrl } } }
  events(first: 3, orderBy: STARTS_AT_ASC) { nodes { title kind startsAt } } } } }`,
		vars: func(*server, *walk, int) []string { return []string{obj("slug", campaignSlug)} },
	},
}

func workloadNames() []string {
	out := make([]string, len(workloads))
	for i, w := range workloads {
		out[i] = w.name
	}
	return out
}

func workloadByName(name string) (*workload, bool) {
	for _, w := range workloads {
		if w.name == name {
			return w, true
		}
	}
	return nil, false
}

func each(in []string, f func(string) string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = f(s)
	}
	return out
}

func obj(k, v string) string {
	b, _ := json.Marshal(map[string]string{k: v})
	return string(b)
}

// shiftsPerRound is how many distinct cursors each Haven cursor yields per round.
const shiftsPerRound = 6

// shiftedCursors makes Haven's feed requests distinct across and within rounds without changing
// their pages: a cursor (publishedAt t, id) and one at t minus a few seconds select the same next
// page, since synthetic items are a minute apart. So no request repeats within a run, and a
// response cache cannot answer the walk.
func shiftedCursors(cursors []string, round int) []string {
	out := make([]string, 0, len(cursors)*shiftsPerRound)
	for k := range shiftsPerRound {
		shift := time.Duration(round*shiftsPerRound+k) * time.Second
		for _, s := range cursors {
			var c entgql.Cursor[int]
			if err := c.UnmarshalGQL(s); err != nil {
				continue
			}
			if t, ok := c.Value.(time.Time); ok && shift > 0 {
				c.Value = t.Add(-shift)
			}
			var b strings.Builder
			c.MarshalGQL(&b)
			out = append(out, obj("after", strings.Trim(b.String(), `"`)))
		}
	}
	return out
}

// maxPages bounds the walk that collects cursors, IDs and handles.
const maxPages = 1000

// walk is what reading the feed page by page found on one server.
type walk struct {
	cursors, ids, handles []string
}

// walkFeed reads the feed by cursor on s, as its own clients would.
func walkFeed(s *server) (*walk, error) {
	q := havenFeed
	if s.peer {
		q = peerFeed
	}
	w := &walk{}
	seen := map[string]bool{}
	var after any
	for range maxPages {
		body, _ := json.Marshal(map[string]any{"query": q, "variables": map[string]any{"after": after}})
		data, err := s.post(string(body))
		if err != nil {
			return nil, err
		}
		var page struct {
			Contents struct {
				Edges []struct {
					Cursor string
					Node   struct {
						ID      string
						Creator *struct{ Handle string }
					}
				}
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
			}
		}
		if err := json.Unmarshal(data, &page); err != nil {
			return nil, err
		}
		for _, e := range page.Contents.Edges {
			w.cursors = append(w.cursors, e.Cursor)
			w.ids = append(w.ids, e.Node.ID)
			if c := e.Node.Creator; c != nil && !seen[c.Handle] {
				seen[c.Handle] = true
				w.handles = append(w.handles, c.Handle)
			}
		}
		if !page.Contents.PageInfo.HasNextPage {
			break
		}
		after = page.Contents.PageInfo.EndCursor
	}
	if len(w.cursors) == 0 || len(w.handles) == 0 {
		return nil, fmt.Errorf("the feed is empty")
	}
	return w, nil
}

// prepare writes, for every round, the file of requests the wrk script reads: the query as a
// JSON string on the first line, then one line of variables per request. It checks that the
// first request of each file answers without errors.
func (w *workload) prepare(ctx context.Context, s *server, work string, rounds int) error {
	if s.walk == nil {
		var err error
		if s.walk, err = walkFeed(s); err != nil {
			return fmt.Errorf("walk the feed: %w", err)
		}
	}
	if w.files == nil {
		w.files = map[string]string{}
	}
	q := w.havenQ
	if s.peer {
		q = w.peerQ
	}
	qj, _ := json.Marshal(q)
	for round := range rounds {
		vars := w.vars(s, s.walk, round)
		if len(vars) == 0 {
			return fmt.Errorf("no requests")
		}
		if _, err := s.post(`{"query":` + string(qj) + `,"variables":` + vars[0] + `}`); err != nil {
			return fmt.Errorf("check request: %w", err)
		}
		path := filepath.Join(work, fmt.Sprintf("%s-%s-%d.req", w.name, strings.ReplaceAll(s.name, " ", "_"), round))
		content := string(qj) + "\n" + strings.Join(vars, "\n") + "\n"
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			return err
		}
		w.files[fileKey(s, round)] = path
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return nil
}

func fileKey(s *server, round int) string { return fmt.Sprintf("%s/%d", s.name, round) }

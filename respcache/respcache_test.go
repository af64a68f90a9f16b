package respcache_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/privacy"

	"haven/apptest"
	"haven/database"
	"haven/ent"
	"haven/ent/content"
)

const (
	feedQ = `{ contents(first: 50) { edges { node { title topics { name } } } } }`
	// creatorQ reads a page of contents too: the creator itself comes from the in-memory profile
	// cache at no statement, and a fresh answer must cost one for the tests to tell it from a cached one.
	creatorQ  = `query($h: String!) { creator(handle: $h) { handle displayName contents(first: 1) { edges { node { id } } } } }`
	orgQ      = `query($s: String!) { organization(slug: $s) { slug name } }`
	campaignQ = `query($s: String!) { campaign(slug: $s) { name featuredContents { title } } }`
)

// read posts an anonymous request and returns the raw answer and the statements it cost.
func read(h *apptest.Hub, q string, vars map[string]any) (string, int) {
	h.T.Helper()
	var res *apptest.Response
	n := h.Statements(func() { res = h.Do("", q, vars) })
	if res.Status != http.StatusOK || len(res.Errors) > 0 {
		h.T.Fatalf("anonymous read failed (HTTP %d): %s", res.Status, res.Raw)
	}
	return res.Raw, n
}

// cachedRead reads q until an answer comes from the cache (an answer is stored on its second
// miss, so by the third read) and fails unless one does, unchanged.
func cachedRead(t *testing.T, h *apptest.Hub, q string, vars map[string]any) string {
	t.Helper()
	first, n := read(h, q, vars)
	for range 2 {
		again, m := read(h, q, vars)
		if again != first {
			t.Fatalf("a repeated anonymous read changed without a write: %s / %s", first, again)
		}
		if m == 0 {
			return first
		}
		n = m
	}
	t.Fatalf("three anonymous reads all read the database (the last cost %d statements); want the third from the cache", n)
	return ""
}

type fixture struct {
	h                             *apptest.Hub
	creator, moderator, publisher string
	live, harmful                 *ent.Content
	topic                         *ent.Topic
	creatorRow                    *ent.Creator
	org                           *ent.Organization
	campaignID                    string
}

func newFixture(t *testing.T, opts ...apptest.Options) *fixture {
	h := apptest.New(t, opts...)
	f := &fixture{h: h,
		creator:   h.Token("creator-1", "creator"),
		moderator: h.Token("mod-1", "moderator"),
		publisher: h.Token("pub-1", "publisher"),
	}
	f.topic = h.Topic("anxiety").Create()
	f.creatorRow = h.Creator("jeff.test").Owner("creator-1").Create()
	f.org = h.Organization("nami-test").Members("member-1").Create()
	f.live = h.Content("Live piece").By(f.creatorRow).Of(f.org).Age(10).Topics(f.topic).Create()
	f.harmful = h.Content("Harmful piece").By(f.creatorRow).Age(20).Topics(f.topic).Create()
	var out struct{ CreateCampaign struct{ ID string } }
	h.Query(f.publisher, `mutation($in: CreateCampaignInput!) { createCampaign(input: $in) { id } }`, map[string]any{"in": map[string]any{
		"slug": "test-day", "name": "Test Day", "hashtag": "#TestDay",
		"startsAt": h.Clock.Now().Add(-time.Hour).Format(time.RFC3339), "endsAt": h.Clock.Now().Add(30 * 24 * time.Hour).Format(time.RFC3339),
	}}, &out)
	f.campaignID = out.CreateCampaign.ID
	return f
}

// publish takes a new submission through review and live, as the workflow does.
func (f *fixture) publish(title string) {
	h := f.h
	h.T.Helper()
	type sub struct {
		ID      string
		Version int
	}
	do := func(token, op, field string, vars map[string]any) sub {
		var out map[string]sub
		h.Query(token, op, vars, &out)
		return out[field]
	}
	s := do(f.creator, `mutation($in: CreateSubmissionInput!) { createSubmission(input: $in) { id version } }`, "createSubmission",
		map[string]any{"in": map[string]any{"kind": "ARTICLE", "title": title, "summary": "A summary.", "body": "A body.", "topicSlugs": []string{"anxiety"}}})
	s = do(f.creator, `mutation($id: ID!, $v: Int!) { submitSubmission(id: $id, expectedVersion: $v) { id version } }`, "submitSubmission", map[string]any{"id": s.ID, "v": s.Version})
	s = do(f.moderator, `mutation($id: ID!, $v: Int!) { approveSubmission(id: $id, expectedVersion: $v) { id version } }`, "approveSubmission", map[string]any{"id": s.ID, "v": s.Version})
	do(f.publisher, `mutation($id: ID!, $v: Int!) { publishSubmission(id: $id, expectedVersion: $v) { id version } }`, "publishSubmission", map[string]any{"id": s.ID, "v": s.Version})
}

// TestEveryChangeInvalidates: after each kind of public change, the next anonymous answer on the
// replica that made it shows it, although the same answer was cached just before.
func TestEveryChangeInvalidates(t *testing.T) {
	f := newFixture(t)
	h := f.h
	gid := func(id int) string { return apptest.GID(id) }
	cases := []struct {
		name   string
		q      string
		vars   map[string]any
		change func()
		shows  func(body string) bool
	}{
		{"publish", feedQ, nil, func() { f.publish("Fresh piece") },
			func(b string) bool { return strings.Contains(b, "Fresh piece") }},
		{"unpublish", feedQ, nil, func() {
			h.Query(f.publisher, `mutation($id: ID!) { unpublishContent(id: $id, reason: "outdated") { id } }`, map[string]any{"id": gid(f.live.ID)}, nil)
		}, func(b string) bool { return !strings.Contains(b, "Live piece") }},
		{"take-down", feedQ, nil, func() {
			h.Query(f.moderator, `mutation($id: ID!) { takeDownContent(id: $id, reason: HARMFUL, note: "unsafe") { id } }`, map[string]any{"id": gid(f.harmful.ID)}, nil)
		}, func(b string) bool { return !strings.Contains(b, "Harmful piece") }},
		{"creator profile, in a transaction", creatorQ, map[string]any{"h": "jeff.test"}, func() {
			err := database.WithTx(h.System(), h.Client(), func(ctx context.Context, tx *ent.Tx) error {
				return tx.Creator.UpdateOneID(f.creatorRow.ID).SetDisplayName("Jeff, renamed").Exec(ctx)
			})
			if err != nil {
				t.Fatal(err)
			}
		}, func(b string) bool { return strings.Contains(b, "Jeff, renamed") }},
		{"organization profile", orgQ, map[string]any{"s": "nami-test"}, func() {
			h.Client().Organization.UpdateOneID(f.org.ID).SetName("NAMI, renamed").ExecX(h.System())
		}, func(b string) bool { return strings.Contains(b, "NAMI, renamed") }},
		{"topic", feedQ, nil, func() {
			h.Client().Topic.UpdateOneID(f.topic.ID).SetName("Anxiety, renamed").ExecX(h.System())
		}, func(b string) bool { return strings.Contains(b, "Anxiety, renamed") }},
		{"hub page", campaignQ, map[string]any{"s": "test-day"}, func() {
			h.Query(f.publisher, `mutation($c: ID!, $x: ID!) { featureContent(campaignID: $c, contentID: $x, position: 1) { id } }`,
				map[string]any{"c": f.campaignID, "x": gid(f.publishedID(t, "Fresh piece"))}, nil)
		}, func(b string) bool { return strings.Contains(b, "Fresh piece") }},
		{"campaign details", campaignQ, map[string]any{"s": "test-day"}, func() {
			h.Query(f.publisher, `mutation($c: ID!) { updateCampaign(id: $c, input: {name: "Test Day, renamed"}) { id } }`, map[string]any{"c": f.campaignID}, nil)
		}, func(b string) bool { return strings.Contains(b, "Test Day, renamed") }},
	}
	for _, tc := range cases {
		before := cachedRead(t, h, tc.q, tc.vars)
		if tc.shows(before) {
			t.Fatalf("%s: the answer shows the change before it was made: %s", tc.name, before)
		}
		tc.change()
		after, n := read(h, tc.q, tc.vars)
		if n == 0 || !tc.shows(after) {
			t.Fatalf("%s: the next anonymous answer (%d statements) does not show the change: %s", tc.name, n, after)
		}
	}
}

func (f *fixture) publishedID(t *testing.T, title string) int {
	id, err := f.h.Client().Content.Query().Where(content.Title(title)).OnlyID(f.h.System())
	if err != nil {
		t.Fatalf("content %q: %v", title, err)
	}
	return id
}

// TestPrivateWritesKeepTheCache: a rolled-back write and an anonymous report change nothing the
// public sees, so the cached answer stays.
func TestPrivateWritesKeepTheCache(t *testing.T) {
	f := newFixture(t)
	h := f.h
	cachedRead(t, h, feedQ, nil)
	err := database.WithTx(h.System(), h.Client(), func(ctx context.Context, tx *ent.Tx) error {
		if err := tx.Topic.UpdateOneID(f.topic.ID).SetName("Never committed").Exec(ctx); err != nil {
			return err
		}
		return errors.New("roll back")
	})
	if err == nil {
		t.Fatal("the transaction committed")
	}
	h.Query("", `mutation($id: ID!) { reportContent(contentID: $id, reason: SPAM) }`, map[string]any{"id": apptest.GID(f.live.ID)}, nil)
	if body, n := read(h, feedQ, nil); n != 0 || strings.Contains(body, "Never committed") {
		t.Fatalf("after a rollback and a report: %d statements, want 0 (still cached): %s", n, body)
	}
}

// TestReplicasInvalidateEachOther: on PostgreSQL, a change committed through one replica empties
// the cache of another within a second (LISTEN/NOTIFY).
func TestReplicasInvalidateEachOther(t *testing.T) {
	if !apptest.Postgres() {
		t.Skip("replicas share a database only on PostgreSQL; set TEST_DATABASE_URL")
	}
	f := newFixture(t)
	a := f.h
	b := apptest.New(t, apptest.Options{Driver: a.Config.Driver, DSN: a.Config.DSN})
	changes := []struct {
		name   string
		q      string
		vars   map[string]any
		change func()
		shows  string
	}{
		{"publish", feedQ, nil, func() { f.publish("Published on A") }, "Published on A"},
		{"creator profile", creatorQ, map[string]any{"h": "jeff.test"}, func() {
			a.Client().Creator.UpdateOneID(f.creatorRow.ID).SetDisplayName("Renamed on A").ExecX(a.System())
		}, "Renamed on A"},
	}
	for _, tc := range changes {
		cachedRead(t, b, tc.q, tc.vars)
		tc.change()
		deadline := time.Now().Add(time.Second)
		for {
			body, _ := read(b, tc.q, tc.vars)
			if strings.Contains(body, tc.shows) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: replica B still answers without the change a second after A committed it: %s", tc.name, body)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// TestSignedInViewersBypassTheCache: a signed-in viewer is never answered from the cache, and
// its answers are never stored for anyone.
func TestSignedInViewersBypassTheCache(t *testing.T) {
	f := newFixture(t)
	h := f.h
	// Signed in first: nothing is stored.
	res := h.Do(f.publisher, feedQ, nil)
	if res.Status != http.StatusOK || h.Cache.Len() != 0 {
		t.Fatalf("after a signed-in read: HTTP %d, %d cache entries; want 200 and none", res.Status, h.Cache.Len())
	}
	if _, n := read(h, feedQ, nil); n == 0 {
		t.Fatal("an anonymous read was answered from a signed-in viewer's answer")
	}
	// Anonymous answer cached (stored on its second miss): a signed-in viewer still reads the
	// database.
	read(h, feedQ, nil)
	if _, n := read(h, feedQ, nil); n != 0 {
		t.Fatalf("the third anonymous read cost %d statements, want 0", n)
	}
	for _, tok := range []string{f.publisher, f.creator, h.Token("reader", "")} {
		n := h.Statements(func() { res = h.Do(tok, feedQ, nil) })
		if n == 0 || res.Status != http.StatusOK {
			t.Fatalf("a signed-in read cost %d statements (HTTP %d); want a fresh answer", n, res.Status)
		}
	}
	req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(feedQ), nil)
	req.Header.Set("Authorization", "Bearer "+f.publisher)
	rec := httptest.NewRecorder()
	h.Handler().ServeHTTP(rec, req)
	if cc := rec.Header().Get("Cache-Control"); cc != "private, no-store" || rec.Header().Get("ETag") != "" {
		t.Fatalf("signed-in GET: Cache-Control %q, ETag %q; want private, no-store and no ETag", cc, rec.Header().Get("ETag"))
	}
}

// TestRequestsThatDifferNeverShare: variables, operation name and the document decide the
// entry; mutations are never stored.
func TestRequestsThatDifferNeverShare(t *testing.T) {
	f := newFixture(t)
	h := f.h
	a := cachedRead(t, h, creatorQ, map[string]any{"h": "jeff.test"})
	h.Creator("other.test").Owner("creator-2").Create()
	// The insert bumped the version; read both fresh, then each from its own entry.
	a = cachedRead(t, h, creatorQ, map[string]any{"h": "jeff.test"})
	b := cachedRead(t, h, creatorQ, map[string]any{"h": "other.test"})
	if a == b || !strings.Contains(b, "other.test") {
		t.Fatalf("different variables shared an answer: %s / %s", a, b)
	}
	const two = `query A { creator(handle: "jeff.test") { handle contents(first: 1) { edges { node { id } } } } }
	query B { creator(handle: "other.test") { handle contents(first: 1) { edges { node { id } } } } }`
	post := func(op string) (string, int) {
		body, _ := json.Marshal(map[string]any{"query": two, "operationName": op})
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		var res *apptest.Response
		n := h.Statements(func() { res = h.Send(req) })
		return res.Raw, n
	}
	post("A")
	post("A")
	ra, na := post("A")
	rb, nb := post("B")
	if na != 0 || nb == 0 || !strings.Contains(ra, "jeff.test") || !strings.Contains(rb, "other.test") {
		t.Fatalf("operation names: A %q (%d statements), B %q (%d statements)", ra, na, rb, nb)
	}
	// The same document spelled differently shares its entry.
	if _, n := read(h, "query($h:String!){creator(handle:$h){handle,displayName,contents(first:1){edges{node{id}}}}}", map[string]any{"h": "jeff.test"}); n != 0 {
		t.Fatalf("the same document with other white space cost %d statements, want 0", n)
	}
	// An anonymous mutation is never stored or answered from the cache.
	rep := `mutation($id: ID!) { reportContent(contentID: $id, reason: SPAM) }`
	vars := map[string]any{"id": apptest.GID(f.live.ID)}
	for range 2 {
		if _, n := read(h, rep, vars); n == 0 {
			t.Fatal("an anonymous mutation was answered from the cache")
		}
	}
}

func apqBody(query, hash string) map[string]any {
	b := map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}}
	if query != "" {
		b["query"] = query
	}
	return b
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func postJSON(h *apptest.Hub, body map[string]any) *apptest.Response {
	raw, _ := json.Marshal(body)
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	return h.Send(req)
}

// TestAutomaticPersistedQueries: register, hit (POST and GET), miss, and a hash that does not
// match its query.
func TestAutomaticPersistedQueries(t *testing.T) {
	f := newFixture(t)
	h := f.h
	q := `{ organization(slug: "nami-test") { name } }`
	if res := postJSON(h, apqBody("", sha(q))); res.Code() != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("unknown hash: %s; want PERSISTED_QUERY_NOT_FOUND", res.Raw)
	}
	if res := postJSON(h, apqBody(q, sha(q+" "))); res.Code() != "BAD_USER_INPUT" || res.Data != nil && string(res.Data) != "null" {
		t.Fatalf("mismatched hash: %s; want BAD_USER_INPUT and no data", res.Raw)
	}
	if res := postJSON(h, apqBody("", sha(q+" "))); res.Code() != "PERSISTED_QUERY_NOT_FOUND" {
		t.Fatalf("a mismatched hash was remembered: %s", res.Raw)
	}
	if res := postJSON(h, apqBody("", "xyz")); res.Code() != "BAD_USER_INPUT" {
		t.Fatalf("malformed hash: %s; want BAD_USER_INPUT", res.Raw)
	}
	reg := postJSON(h, apqBody(q, sha(q)))
	if reg.Status != http.StatusOK || len(reg.Errors) > 0 || !strings.Contains(string(reg.Data), "Org nami-test") {
		t.Fatalf("register: %s", reg.Raw)
	}
	hit := postJSON(h, apqBody("", sha(q)))
	if len(hit.Errors) > 0 || string(hit.Data) != string(reg.Data) {
		t.Fatalf("hit by POST: %s; want %s", hit.Raw, reg.Data)
	}
	ext, _ := json.Marshal(apqBody("", sha(q))["extensions"])
	rec := httptest.NewRecorder()
	h.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/graphql?extensions="+url.QueryEscape(string(ext)), nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Org nami-test") || rec.Header().Get("ETag") == "" {
		t.Fatalf("hit by GET: HTTP %d, ETag %q: %s", rec.Code, rec.Header().Get("ETag"), rec.Body.String())
	}
}

func get(h *apptest.Hub, q string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(q), nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.Handler().ServeHTTP(rec, req)
	return rec
}

// TestETagAndNotModified: an anonymous GET has a validator and public caching headers; the same
// validator gets 304 with no body until the data changes.
func TestETagAndNotModified(t *testing.T) {
	f := newFixture(t)
	h := f.h
	q := `{ organization(slug: "nami-test") { name } }`
	first := get(h, q)
	tag := first.Header().Get("ETag")
	if first.Code != http.StatusOK || tag == "" {
		t.Fatalf("GET: HTTP %d, ETag %q", first.Code, tag)
	}
	if cc := first.Header().Get("Cache-Control"); cc != "public, max-age=5, stale-while-revalidate=30" {
		t.Fatalf("Cache-Control %q", cc)
	}
	if v := strings.Join(first.Header().Values("Vary"), ", "); !strings.Contains(v, "Authorization") || !strings.Contains(v, "Accept-Encoding") {
		t.Fatalf("Vary %q; want Authorization and Accept-Encoding", v)
	}
	nm := get(h, q, "If-None-Match", tag)
	if nm.Code != http.StatusNotModified || nm.Body.Len() != 0 || nm.Header().Get("ETag") != tag {
		t.Fatalf("If-None-Match: HTTP %d, %d bytes, ETag %q; want 304 without a body", nm.Code, nm.Body.Len(), nm.Header().Get("ETag"))
	}
	if other := get(h, q, "If-None-Match", `W/"other"`); other.Code != http.StatusOK {
		t.Fatalf("another validator: HTTP %d, want 200", other.Code)
	}
	h.Client().Organization.UpdateOneID(f.org.ID).SetName("Renamed").ExecX(h.System())
	after := get(h, q, "If-None-Match", tag)
	if after.Code != http.StatusOK || after.Header().Get("ETag") == tag || !strings.Contains(after.Body.String(), "Renamed") {
		t.Fatalf("after a change: HTTP %d, ETag %q: %s", after.Code, after.Header().Get("ETag"), after.Body.String())
	}
	// A failed request is not cacheable.
	bad := get(h, `{ organization(slug: 5) { name } }`)
	if bad.Header().Get("Cache-Control") != "no-store" || bad.Header().Get("ETag") != "" {
		t.Fatalf("failed GET: Cache-Control %q, ETag %q", bad.Header().Get("Cache-Control"), bad.Header().Get("ETag"))
	}
}

// TestGzip: answers over a kilobyte are gzipped for clients that accept it, and only for them.
func TestGzip(t *testing.T) {
	f := newFixture(t)
	h := f.h
	h.Content("Bulk").By(f.creatorRow).Of(f.org).Topics(f.topic).Many(40)
	plain := get(h, feedQ)
	if plain.Header().Get("Content-Encoding") != "" || plain.Body.Len() < 1024 {
		t.Fatalf("without Accept-Encoding: encoding %q, %d bytes", plain.Header().Get("Content-Encoding"), plain.Body.Len())
	}
	for _, ae := range []string{"gzip", "br, gzip;q=0.8", "GZIP"} {
		for range 2 { // computed, then from the cache
			rec := get(h, feedQ, "Accept-Encoding", ae)
			if rec.Header().Get("Content-Encoding") != "gzip" {
				t.Fatalf("Accept-Encoding %q: encoding %q", ae, rec.Header().Get("Content-Encoding"))
			}
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(zr)
			if err != nil || string(body) != plain.Body.String() {
				t.Fatalf("Accept-Encoding %q: the gzipped body differs (%v)", ae, err)
			}
		}
	}
	for _, ae := range []string{"gzip;q=0", "br", "identity"} {
		if rec := get(h, feedQ, "Accept-Encoding", ae); rec.Header().Get("Content-Encoding") != "" {
			t.Fatalf("Accept-Encoding %q: encoding %q, want identity", ae, rec.Header().Get("Content-Encoding"))
		}
	}
	small := get(h, `{ organization(slug: "nami-test") { name } }`, "Accept-Encoding", "gzip")
	if small.Header().Get("Content-Encoding") != "" {
		t.Fatal("a small answer was gzipped")
	}
	// Signed-in answers are compressed too, and never stored.
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":`+strconvQuote(feedQ)+`}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+f.publisher)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	h.Handler().ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "gzip" || rec.Header().Get("Cache-Control") != "private, no-store" {
		t.Fatalf("signed-in: encoding %q, Cache-Control %q", rec.Header().Get("Content-Encoding"), rec.Header().Get("Cache-Control"))
	}
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestBackgroundJobsKeepTheCache: what the replicas' background jobs write while nobody
// publishes — the scheduler finding nothing due, the hourly pruning of old notifications, the
// webhook worker claiming deliveries and recording their outcomes — is nothing an anonymous
// reader sees, so it must not empty the cache (on a campaign day every bump is a cold cache
// under the crowd).
func TestBackgroundJobsKeepTheCache(t *testing.T) {
	f := newFixture(t)
	h := f.h
	ctx := privacy.DecisionContext(h.System(), privacy.Allow) // fixtures of private entities
	// Something for every job to write: an old notification to prune, a webhook endpoint with a
	// due delivery.
	acc := h.Client().Account.Create().SetSubject("someone").SaveX(ctx)
	h.Client().Notification.Create().SetRecipientID(acc.ID).SetKind("PUBLISHED").SetEntityType("Content").SetEntityID(1).SetTitle("Old").SetActor("system").
		SetCreatedAt(h.Clock.Now().Add(-400 * 24 * time.Hour)).SaveX(ctx)
	ep := h.Client().WebhookEndpoint.Create().SetURL("https://hooks.example.org/in").SetEventTypes([]string{"content.published"}).
		SetSecret("s3cret").SetCreatedBy("admin-1").SaveX(ctx)
	d := h.Client().WebhookDelivery.Create().SetEndpointID(ep.ID).SetMessageID("m-1").SetEventType("content.published").
		SetAuditEventID(1).SetPayload("{}").SetNextAttemptAt(h.Clock.Now()).SetGiveUpAt(h.Clock.Now().Add(time.Hour)).SaveX(ctx)

	first := cachedRead(t, h, feedQ, nil)
	version := h.Cache.Version()
	if _, err := h.Workflow.PublishDue(ctx); err != nil {
		t.Fatal(err)
	}
	if pruned, err := h.Inbox.Prune(ctx); err != nil || pruned.Notifications != 1 {
		t.Fatalf("prune: %+v, %v", pruned, err)
	}
	// What the worker writes when it claims a delivery and records a failed attempt.
	h.Client().WebhookDelivery.UpdateOneID(d.ID).AddAttempts(1).SetNextAttemptAt(h.Clock.Now().Add(time.Minute)).
		SetLastStatusCode(503).SetLastAttemptAt(h.Clock.Now()).ExecX(ctx)
	h.Client().WebhookEndpoint.UpdateOneID(ep.ID).SetFailingSince(h.Clock.Now()).ExecX(ctx)
	if v := h.Cache.Version(); v != version {
		t.Errorf("the data version moved from %d to %d with no public change", version, v)
	}
	if body, n := read(h, feedQ, nil); n != 0 || body != first {
		t.Fatalf("after the jobs: %d statements, want 0 (still cached): %s", n, body)
	}
}

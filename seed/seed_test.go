package seed

import (
	"haven/workflow"

	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"haven/auth"
	"haven/database"
	"haven/ent"
	"haven/ent/account"
	"haven/ent/adcreditgrant"
	"haven/ent/campaign"
	"haven/ent/content"
	"haven/ent/creator"
	"haven/ent/credential"
	"haven/ent/event"
	"haven/ent/feature"
	"haven/ent/submission"
	"haven/ent/topic"
)

// openDB opens a fresh, migrated database for one test: an in-memory SQLite database by default,
// or, when TEST_DATABASE_URL is set, a new PostgreSQL database created next to the one it names
// and dropped when the test ends.
func openDB(t *testing.T) *database.DB {
	t.Helper()
	ctx := context.Background()
	var db *database.DB
	if base := os.Getenv("TEST_DATABASE_URL"); base != "" {
		db = openPostgres(t, base)
	} else {
		name := regexp.MustCompile(`[^A-Za-z0-9]+`).ReplaceAllString(t.Name(), "_")
		var err error
		db, err = database.Open("sqlite",
			"file:"+name+"?mode=memory&cache=shared&_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

func openPostgres(t *testing.T, base string) *database.DB {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	name := "haven_seed_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		_ = admin.Close()
		t.Fatalf("create database: %v", err)
	}
	u.Path = "/" + name
	db, err := database.Open("postgres", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = db.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
		_ = admin.Close()
	})
	return db
}

func TestDemo(t *testing.T) {
	for _, tc := range []struct {
		name string
		now  time.Time
	}{
		{"may", time.Date(2026, time.May, 12, 15, 4, 5, 123456789, time.UTC)},
		{"just before world mental health day", time.Date(2026, time.October, 2, 9, 0, 0, 0, time.UTC)},
		{"new year's eve", time.Date(2026, time.December, 31, 23, 59, 0, 0, time.UTC)},
		{"wall clock", time.Now()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := auth.SystemContext(context.Background())
			db := openDB(t)
			seeded, err := Demo(ctx, db.Client, tc.now)
			if err != nil {
				t.Fatalf("Demo: %v", err)
			}
			if !seeded {
				t.Fatal("Demo on an empty database: seeded = false, want true")
			}
			before := counts(ctx, t, db.Client)
			seeded, err = Demo(ctx, db.Client, tc.now.Add(time.Hour))
			if err != nil {
				t.Fatalf("second Demo: %v", err)
			}
			if seeded {
				t.Error("second Demo: seeded = true, want false")
			}
			if after := counts(ctx, t, db.Client); after != before {
				t.Errorf("second Demo changed the data: %v, then %v", before, after)
			}
			checkDemo(ctx, t, db.Client, tc.now)
		})
	}
}

func counts(ctx context.Context, t *testing.T, c *ent.Client) string {
	t.Helper()
	n := func(k int, err error) int {
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	return fmt.Sprintf("campaigns=%d contents=%d submissions=%d accounts=%d events=%d",
		n(c.Campaign.Query().Count(ctx)), n(c.Content.Query().Count(ctx)),
		n(c.Submission.Query().Count(ctx)), n(c.Account.Query().Count(ctx)), n(c.Event.Query().Count(ctx)))
}

func checkDemo(ctx context.Context, t *testing.T, c *ent.Client, now time.Time) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}

	// Topics.
	ts, err := c.Topic.Query().All(ctx)
	must(err)
	var sensitiveSlugs []string
	for _, tp := range ts {
		if tp.Sensitive {
			sensitiveSlugs = append(sensitiveSlugs, tp.Slug)
		}
	}
	sort.Strings(sensitiveSlugs)
	if len(ts) != 12 || !slices.Equal(sensitiveSlugs, []string{"eating-disorders", "self-harm", "suicide-prevention"}) {
		t.Errorf("topics: %d, sensitive %v", len(ts), sensitiveSlugs)
	}

	// Campaigns.
	mha, err := c.Campaign.Query().Where(campaign.Slug("mental-health-awareness")).Only(ctx)
	must(err)
	if mha.Hashtag != "#MentalHealthAwareness" || mha.BudgetCents != 250_000_000 {
		t.Errorf("mental-health-awareness: hashtag %q, budget %d", mha.Hashtag, mha.BudgetCents)
	}
	if !mha.StartsAt.Before(now) || !mha.EndsAt.After(now) {
		t.Errorf("mental-health-awareness runs %v to %v, which does not contain now %v", mha.StartsAt, mha.EndsAt, now)
	}
	wmhd, err := c.Campaign.Query().Where(campaign.Slug("world-mental-health-day")).Only(ctx)
	must(err)
	if wmhd.Hashtag != "#WorldMentalHealthDay" || !wmhd.EndsAt.After(now) ||
		!inWindow(time.Date(wmhd.StartsAt.Year(), time.October, 10, 12, 0, 0, 0, time.UTC), wmhd.StartsAt, wmhd.EndsAt) &&
			!inWindow(time.Date(wmhd.EndsAt.Year(), time.October, 10, 12, 0, 0, 0, time.UTC), wmhd.StartsAt, wmhd.EndsAt) {
		t.Errorf("world-mental-health-day: hashtag %q, window %v to %v", wmhd.Hashtag, wmhd.StartsAt, wmhd.EndsAt)
	}

	// Organizations and grants.
	orgs, err := c.Organization.Query().All(ctx)
	must(err)
	if len(orgs) != 7 {
		t.Errorf("organizations: %d, want 7", len(orgs))
	}
	for _, o := range orgs {
		if !o.Verified || o.WebsiteURL == nil || !strings.HasPrefix(*o.WebsiteURL, "https://") {
			t.Errorf("organization %s: verified %v, website %v", o.Slug, o.Verified, o.WebsiteURL)
		}
	}
	grants, err := c.AdCreditGrant.Query().Where(adcreditgrant.StatusEQ(adcreditgrant.StatusAPPROVED), adcreditgrant.CampaignID(mha.ID)).All(ctx)
	must(err)
	var granted int64
	for _, g := range grants {
		granted += g.AmountCents
		if g.ProposedBy == derefString(g.ApprovedBy) || g.ApprovedAt == nil {
			t.Errorf("grant %d: proposed by %s, approved by %v at %v", g.ID, g.ProposedBy, g.ApprovedBy, g.ApprovedAt)
		}
	}
	if granted <= 200_000_000 || granted > mha.BudgetCents || len(grants) != 7 {
		t.Errorf("approved grants: %d totalling %d cents, want 7 totalling more than 200000000 and at most %d", len(grants), granted, mha.BudgetCents)
	}

	// Creators and credentials.
	crs, err := c.Creator.Query().WithCredentials().WithOwner().All(ctx)
	must(err)
	if len(crs) < 11 {
		t.Errorf("creators: %d, want at least 11", len(crs))
	}
	verified := 0
	for _, cr := range crs {
		if len(cr.Edges.Credentials) == 0 {
			if cr.VerifiedUntil != nil {
				t.Errorf("@%s: verified until %v without a credential", cr.Handle, cr.VerifiedUntil)
			}
			continue
		}
		verified++
		cred := cr.Edges.Credentials[0]
		if cred.Status != credential.StatusVERIFIED || !cred.ExpiresAt.After(now.AddDate(1, 11, 0)) ||
			cr.VerifiedUntil == nil || !cr.VerifiedUntil.Equal(cred.ExpiresAt) || !strings.HasPrefix(cred.LicenseNumber, "DEMO-") {
			t.Errorf("@%s: credential %+v, verified until %v", cr.Handle, cred, cr.VerifiedUntil)
		}
	}
	if verified != 5 {
		t.Errorf("creators with a verified credential: %d, want 5", verified)
	}

	// Features.
	for kind, want := range map[feature.Kind]int{
		feature.KindCONTENT: 6, feature.KindCREATOR_SPOTLIGHT: 10, feature.KindPARTNER_ORGANIZATION: 7,
	} {
		fs, err := c.Feature.Query().Where(feature.KindEQ(kind), feature.CampaignID(mha.ID)).Order(ent.Asc(feature.FieldPosition)).All(ctx)
		must(err)
		var positions []int
		for _, f := range fs {
			positions = append(positions, f.Position)
		}
		wantPositions := make([]int, want)
		for i := range wantPositions {
			wantPositions[i] = i + 1
		}
		if !slices.Equal(positions, wantPositions) {
			t.Errorf("%s features at positions %v, want %v", kind, positions, wantPositions)
		}
	}

	// Crisis resources.
	rs, err := c.CrisisResource.Query().All(ctx)
	must(err)
	var has988, hasCTL, hasEverywhere bool
	for _, r := range rs {
		has988 = has988 || strings.Contains(r.Contact, "988") && slices.Contains(r.Regions, "US")
		hasCTL = hasCTL || strings.Contains(r.Contact, "HOME to 741741") && slices.Contains(r.Regions, "US")
		hasEverywhere = hasEverywhere || slices.Contains(r.Regions, "*")
	}
	if !has988 || !hasCTL || !hasEverywhere {
		t.Errorf("crisis resources: 988 %v, HOME to 741741 %v, worldwide %v", has988, hasCTL, hasEverywhere)
	}

	// Live content: warnings, review, hashtags, history.
	contents, err := c.Content.Query().Where(content.StatusEQ(content.StatusLIVE)).
		WithTopics().WithTags().WithRevisions().All(ctx)
	must(err)
	if len(contents) < 25 {
		t.Errorf("live content: %d, want at least 25", len(contents))
	}
	published := map[time.Time]bool{}
	hashtags, err := c.Hashtag.Query().Count(ctx)
	must(err)
	if hashtags == 0 {
		t.Error("no hashtag rows")
	}
	for _, ct := range contents {
		sensitive := slices.ContainsFunc(ct.Edges.Topics, func(tp *ent.Topic) bool { return tp.Sensitive })
		if sensitive != (ct.ContentWarning == content.ContentWarningSENSITIVE) || sensitive != ct.ClinicallyReviewed {
			t.Errorf("%q: sensitive topic %v, warning %s, clinically reviewed %v", ct.Title, sensitive, ct.ContentWarning, ct.ClinicallyReviewed)
		}
		if sensitive {
			text := ct.Summary + " " + derefString(ct.Body)
			if !strings.Contains(text, "988") && !strings.Contains(text, "741741") {
				t.Errorf("%q is on a sensitive topic but references no crisis resource", ct.Title)
			}
		}
		if ct.CreatorID == nil && ct.OrganizationID == nil {
			t.Errorf("%q has neither creator nor organization", ct.Title)
		}
		if !ct.PublishedAt.Before(now) || ct.PublishedAt.Before(now.AddDate(0, 0, -30)) || published[ct.PublishedAt] {
			t.Errorf("%q published at %v: not within the 30 days before %v, or not distinct", ct.Title, ct.PublishedAt, now)
		}
		published[ct.PublishedAt] = true

		var want, got []string
		for _, h := range ct.Hashtags {
			want = append(want, strings.ToLower(strings.TrimPrefix(h, "#")))
		}
		for _, tg := range ct.Edges.Tags {
			got = append(got, tg.Name)
		}
		sort.Strings(want)
		sort.Strings(got)
		if len(want) == 0 || !slices.Equal(want, got) {
			t.Errorf("%q: hashtags %v, linked tags %v", ct.Title, ct.Hashtags, got)
		}

		if len(ct.Edges.Revisions) != 1 {
			t.Errorf("%q: %d submissions, want 1", ct.Title, len(ct.Edges.Revisions))
			continue
		}
		sub := ct.Edges.Revisions[0]
		wantApprover := "demo-moderator"
		if sensitive {
			wantApprover = "demo-clinical-reviewer"
		}
		if sub.Status != submission.StatusPUBLISHED || sub.Title != ct.Title || sub.Sensitive != sensitive ||
			derefString(sub.ApprovedBy) != wantApprover || derefString(sub.PublishedBy) != "demo-publisher" ||
			sub.PublishedAt == nil || !sub.PublishedAt.Equal(ct.PublishedAt) ||
			sub.SubmittedAt == nil || !sub.SubmittedAt.Before(ct.PublishedAt) ||
			!slices.Equal(sub.Hashtags, ct.Hashtags) || !equalPtr(sub.CreatorID, ct.CreatorID) || !equalPtr(sub.OrganizationID, ct.OrganizationID) {
			t.Errorf("%q: submission %+v does not match its content", ct.Title, sub)
		}
	}
	n, err := c.Submission.Query().Where(submission.StatusEQ(submission.StatusPUBLISHED)).Count(ctx)
	must(err)
	if n != len(contents) {
		t.Errorf("published submissions: %d, live content: %d", n, len(contents))
	}
	n, err = c.Content.Query().Where(content.HasTopicsWith(topic.Sensitive(true)),
		content.Or(content.ContentWarningNEQ(content.ContentWarningSENSITIVE), content.ClinicallyReviewed(false))).Count(ctx)
	must(err)
	if n != 0 {
		t.Errorf("%d pieces on sensitive topics lack the warning or the clinical review", n)
	}

	// Work left in the workflow.
	queue, err := c.Submission.Query().Where(submission.StatusEQ(submission.StatusSUBMITTED)).
		Order(ent.Asc(submission.FieldQueueKey)).WithTopics().All(ctx)
	must(err)
	if len(queue) != 2 || !queue[0].Sensitive || queue[1].Sensitive ||
		!strings.HasPrefix(queue[0].QueueKey, "2|") || !strings.HasPrefix(queue[1].QueueKey, "3|") {
		t.Errorf("moderation queue: %d items", len(queue))
		for _, q := range queue {
			t.Logf("  %q sensitive %v key %q", q.Title, q.Sensitive, q.QueueKey)
		}
	}
	for _, q := range queue {
		if q.SubmittedAt == nil || q.QueueKey != workflow.QueueKey(false, q.Sensitive, *q.SubmittedAt) {
			t.Errorf("%q: queue key %q, submitted at %v", q.Title, q.QueueKey, q.SubmittedAt)
		}
	}
	for status, want := range map[submission.Status]int{submission.StatusDRAFT: 1, submission.StatusAPPROVED: 1} {
		n, err := c.Submission.Query().Where(submission.StatusEQ(status)).Count(ctx)
		must(err)
		if n != want {
			t.Errorf("%s submissions: %d, want %d", status, n, want)
		}
	}
	approved, err := c.Submission.Query().Where(submission.StatusEQ(submission.StatusAPPROVED)).
		WithOrganization().WithAuthor().Only(ctx)
	must(err)
	if approved.Edges.Organization == nil || approved.Edges.Organization.Slug != "nami" ||
		approved.Edges.Author.Subject != "demo-org-member" || approved.ContentID != nil {
		t.Errorf("approved submission: %+v", approved)
	}

	// Events.
	evs, err := c.Event.Query().All(ctx)
	must(err)
	kinds := map[event.Kind]int{}
	for _, ev := range evs {
		kinds[ev.Kind]++
		if !ev.StartsAt.After(now) || !ev.EndsAt.After(ev.StartsAt) || ev.CampaignID == nil {
			t.Errorf("event %q: %v to %v, campaign %v", ev.Title, ev.StartsAt, ev.EndsAt, ev.CampaignID)
		}
		if ev.Kind == event.KindAWARENESS_DAY && (ev.StartsAt.Month() != time.October || ev.StartsAt.Day() != 10) {
			t.Errorf("awareness day %q starts %v, want October 10", ev.Title, ev.StartsAt)
		}
	}
	if len(evs) < 4 || kinds[event.KindTRAINING] < 2 || kinds[event.KindAWARENESS_DAY] < 1 || kinds[event.KindLIVESTREAM] < 1 {
		t.Errorf("events: %v", kinds)
	}

	// Accounts.
	roles := map[string]bool{}
	for _, a := range Accounts() {
		for _, r := range a.Roles {
			roles[r] = true
		}
		if a.Note == "" {
			t.Errorf("account %s has no note", a.Subject)
		}
		acct, err := c.Account.Query().Where(account.Subject(a.Subject)).Only(ctx)
		if err != nil {
			t.Errorf("account %s: %v", a.Subject, err)
			continue
		}
		if handle, ok := strings.CutPrefix(a.Subject, "creator:"); ok {
			if ok, err := c.Creator.Query().Where(creator.Handle(handle), creator.OwnerID(acct.ID)).Exist(ctx); err != nil || !ok {
				t.Errorf("%s does not own @%s (%v)", a.Subject, handle, err)
			}
		}
	}
	for _, r := range auth.AllRoles {
		if !roles[string(r)] {
			t.Errorf("no demo account has role %s", r)
		}
	}
	member, err := c.Account.Query().Where(account.Subject("demo-org-member")).QueryOrganizations().All(ctx)
	must(err)
	var memberOf []string
	for _, o := range member {
		memberOf = append(memberOf, o.Slug)
	}
	sort.Strings(memberOf)
	if !slices.Equal(memberOf, []string{"afsp", "nami"}) {
		t.Errorf("demo-org-member is a member of %v, want afsp and nami", memberOf)
	}
}

func inWindow(t, start, end time.Time) bool { return !t.Before(start) && t.Before(end) }

func derefString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func equalPtr(a, b *int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func TestDemoRollsBackOnError(t *testing.T) {
	ctx := auth.SystemContext(context.Background())
	db := openDB(t)
	// An existing topic with a demo slug makes the seed fail part-way; nothing may remain.
	if err := db.Client.Topic.Create().SetSlug("anxiety").SetName("Anxiety").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if seeded, err := Demo(ctx, db.Client, time.Now()); err == nil || seeded {
		t.Fatalf("Demo over a conflicting topic: seeded %v, err %v; want an error", seeded, err)
	}
	for name, count := range map[string]func(context.Context) (int, error){
		"topics":        db.Client.Topic.Query().Count,
		"organizations": db.Client.Organization.Query().Count,
		"accounts":      db.Client.Account.Query().Count,
	} {
		n, err := count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if name == "topics" {
			want = 1
		}
		if n != want {
			t.Errorf("%s after a failed seed: %d, want %d", name, n, want)
		}
	}
}

func TestDemoConcurrent(t *testing.T) {
	ctx := auth.SystemContext(context.Background())
	db := openDB(t)
	const n = 3
	type result struct {
		seeded bool
		err    error
	}
	results := make(chan result, n)
	now := time.Now()
	for range n {
		go func() {
			seeded, err := Demo(ctx, db.Client, now)
			results <- result{seeded, err}
		}()
	}
	seeded := 0
	for range n {
		r := <-results
		if r.err != nil {
			t.Errorf("concurrent Demo: %v", r.err)
		}
		if r.seeded {
			seeded++
		}
	}
	if seeded != 1 {
		t.Errorf("%d concurrent calls seeded, want exactly 1", seeded)
	}
	if k, err := db.Client.Campaign.Query().Count(ctx); err != nil || k != 2 {
		t.Errorf("campaigns after concurrent seeding: %d (%v), want 2", k, err)
	}
}

func TestQueueKey(t *testing.T) {
	at := time.Date(2026, 5, 1, 8, 30, 0, 42, time.FixedZone("x", 3600))
	for _, tc := range []struct {
		reported, sensitive bool
		want                string
	}{
		{true, true, "0|20260501T073000.000000042"},
		{true, false, "1|20260501T073000.000000042"},
		{false, true, "2|20260501T073000.000000042"},
		{false, false, "3|20260501T073000.000000042"},
	} {
		if got := workflow.QueueKey(tc.reported, tc.sensitive, at); got != tc.want {
			t.Errorf("workflow.QueueKey(%v, %v) = %q, want %q", tc.reported, tc.sensitive, got, tc.want)
		}
	}
}

func TestAccounts(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range Accounts() {
		if seen[a.Subject] {
			t.Errorf("duplicate subject %s", a.Subject)
		}
		seen[a.Subject] = true
		if len(a.Roles) == 0 {
			t.Errorf("%s has no roles", a.Subject)
		}
		for _, r := range a.Roles {
			if _, ok := auth.ParseRole(r); !ok {
				t.Errorf("%s: unknown role %q", a.Subject, r)
			}
		}
	}
	for _, s := range []string{"demo-creator", "demo-org-member", "demo-moderator", "demo-clinical-reviewer",
		"demo-publisher", "demo-admin", "demo-admin-2", "creator:therapyjeff"} {
		if !seen[s] {
			t.Errorf("Accounts() lacks %s", s)
		}
	}
}

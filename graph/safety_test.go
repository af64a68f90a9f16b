package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"haven/apptest"
	"haven/ent/content"
	"haven/ent/credential"
	"haven/ent/crisisresource"
	"haven/ent/schema/enum"
)

// searchEverythingOp asks a search for everything a client could show, nested.
const searchEverythingOp = `query($q: String!) {
  search(query: $q) {
    crisisSupport { message resources { name contact url organization { slug } } }
    contents(first: 20) {
      totalCount
      edges { cursor node {
        title contentWarning
        creator { handle verifiedProfessional }
        organization { slug }
        topics { slug sensitive }
      } }
      pageInfo { hasNextPage endCursor }
    }
    creators { handle verifiedProfessional credentials { kind jurisdiction status licenseNumber } }
    organizations { slug name }
  }
}`

// searchFixture adds n creators (two credentials each), n organizations and n pieces of content
// by them, all matching "mindful".
func searchFixture(t *testing.T, h *apptest.Hub, from, n int) {
	t.Helper()
	ctx := h.System()
	c := h.Client()
	topic, err := c.Topic.Create().SetSlug(fmt.Sprintf("mindfulness-%d", from)).SetName("Mindfulness").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := from; i < from+n; i++ {
		acc, err := c.Account.Create().SetSubject(fmt.Sprintf("mindful-%d", i)).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cr, err := c.Creator.Create().SetHandle(fmt.Sprintf("mindful.coach%d", i)).SetDisplayName("Mindful Coach").
			SetOwnerID(acc.ID).SetVerifiedUntil(h.Clock.Now().Add(time.Hour)).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, kind := range []credential.Kind{credential.KindLPC, credential.KindLMFT} {
			if err := c.Credential.Create().SetCreatorID(cr.ID).SetKind(kind).SetJurisdiction("Texas").
				SetLicenseNumber("X-1").SetExpiresAt(h.Clock.Now().Add(time.Hour)).
				SetStatus(credential.StatusVERIFIED).Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
		org, err := c.Organization.Create().SetSlug(fmt.Sprintf("mindful-schools-%d", i)).SetName("Mindful Schools").Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Content.Create().SetKind(enum.KindVideo).SetTitle(fmt.Sprintf("Mindful breathing %d", i)).
			SetSummary("Two minutes.").SetPublishedAt(h.Clock.Now().Add(-time.Duration(i) * time.Minute)).
			SetCreatorID(cr.ID).SetOrganizationID(org.ID).AddTopics(topic).
			SetContentWarning(content.ContentWarningSENSITIVE).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// A search costs the same number of statements whatever it finds: no N+1 anywhere in it.
func TestSearchStatementsDoNotGrowWithResults(t *testing.T) {
	h := apptest.New(t)
	viewer := h.Token("reader", "creator")
	measure := func(q string) int {
		return h.Statements(func() {
			var out struct {
				Search struct {
					Contents struct{ TotalCount int }
					Creators []struct {
						Credentials []struct{ LicenseNumber *string }
					}
				}
			}
			h.Query(viewer, searchEverythingOp, map[string]any{"q": q}, &out)
			for _, c := range out.Search.Creators {
				for _, cred := range c.Credentials {
					if cred.LicenseNumber != nil {
						t.Fatal("another creator's license number is shown")
					}
				}
			}
		})
	}

	measure("warm-up") // the viewer's account is created on their first request
	searchFixture(t, h, 0, 1)
	one := measure("mindful")
	searchFixture(t, h, 1, 6)
	many := measure("mindful")
	t.Logf("a search costs %d statements", many)
	if one != many {
		t.Fatalf("a search finding 1 of each costs %d statements, finding 7 of each %d", one, many)
	}

	orgs, err := h.Client().Organization.Query().Limit(3).All(h.System())
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		b := h.Client().CrisisResource.Create().SetKey(fmt.Sprintf("line-%d", i)).SetName("Line").
			SetKind(crisisresource.KindCALL).SetContact("Call").SetRegions([]string{"US"}).SetLanguages([]string{"en"})
		if i < len(orgs) {
			b.SetOrganization(orgs[i])
		}
		if err := b.Exec(h.System()); err != nil {
			t.Fatal(err)
		}
	}
	// Crisis support costs one statement for the resources and one for their organizations, and
	// its reviewed support content is a relevance tier of its own, read before the others: one
	// statement on SQLite, at most two on PostgreSQL (search/fulltext.go).
	supportTier := 1
	if apptest.Postgres() {
		supportTier = 2
	}
	if risky, plain := measure("mindful kms"), measure("mindful zzz"); risky > plain+2+supportTier {
		t.Fatalf("a risky search costs %d statements, a plain one %d", risky, plain)
	}
}

// The demo hub, as a new user meets it: a risky search leads with the US's 988 Lifeline.
func TestDemoHubSearch(t *testing.T) {
	h := apptest.New(t, apptest.Options{Seed: true})
	var out struct {
		Search struct {
			CrisisSupport *struct {
				Message   string
				Resources []struct{ Name, Contact string }
			}
		}
	}
	h.Query("", searchEverythingOp, map[string]any{"q": "how to unalive myself"}, &out)
	cs := out.Search.CrisisSupport
	if cs == nil || len(cs.Resources) == 0 || !strings.Contains(cs.Resources[0].Name, "988") {
		t.Fatalf("risky search on the demo hub: %+v", cs)
	}

	out.Search.CrisisSupport = nil
	h.Query("", searchEverythingOp, map[string]any{"q": "anxiety tips"}, &out)
	if out.Search.CrisisSupport != nil {
		t.Fatalf("anxiety tips: %+v", out.Search.CrisisSupport)
	}

	var cr struct {
		Creator *struct {
			VerifiedProfessional bool
			Credentials          []struct {
				Status        string
				LicenseNumber *string
			}
		}
	}
	h.Query("", `{ creator(handle: "lindsay.fleminglpc") { verifiedProfessional credentials { status licenseNumber } } }`, nil, &cr)
	if cr.Creator == nil || !cr.Creator.VerifiedProfessional || len(cr.Creator.Credentials) == 0 ||
		cr.Creator.Credentials[0].Status != "VERIFIED" || cr.Creator.Credentials[0].LicenseNumber != nil {
		t.Fatalf("a demo counselor's public profile: %+v", cr.Creator)
	}
}

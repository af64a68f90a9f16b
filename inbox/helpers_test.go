package inbox_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"haven/apptest"
	"haven/ent"
	"haven/ent/schema/enum"
	"haven/workflow"
)

// note is a notification as a client reads it.
type note struct {
	ID         string  `json:"id"`
	Kind       string  `json:"kind"`
	EntityType string  `json:"entityType"`
	EntityID   string  `json:"entityID"`
	Title      *string `json:"title"`
	Outcome    *string `json:"outcome"`
	Reason     *string `json:"reason"`
	Note       *string `json:"note"`
	AppealOpen *bool   `json:"appealOpen"`
	Actor      string  `json:"actor"`
	Read       bool    `json:"read"`
}

const inboxOp = `query($first: Int, $after: Cursor, $unread: Boolean) { viewer { unreadCount
  notifications(first: $first, after: $after, unreadOnly: $unread) { totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind entityType entityID title outcome reason note appealOpen actor createdAt read } } } } }`

type inboxPage struct {
	Viewer struct {
		UnreadCount   int
		Notifications struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage bool
				EndCursor   *string
			}
			Edges []struct {
				Cursor string
				Node   note
			}
		}
	}
}

// inboxOf returns every notification the token's viewer sees, newest first, and the unread count.
func inboxOf(h *apptest.Hub, token string) ([]note, int) {
	h.T.Helper()
	var out inboxPage
	h.Query(token, inboxOp, map[string]any{"first": 100}, &out)
	var notes []note
	for _, e := range out.Viewer.Notifications.Edges {
		notes = append(notes, e.Node)
	}
	return notes, out.Viewer.UnreadCount
}

// kinds lists the notes' kinds, oldest first.
func kinds(notes []note) string {
	var k []string
	for i := len(notes) - 1; i >= 0; i-- {
		k = append(k, notes[i].Kind)
	}
	return strings.Join(k, " ")
}

// world is the people of the tests: a creator with a profile, an organization of two members,
// a bystander creator, staff.
type world struct {
	h                        *apptest.Hub
	jeff, nora, ned, olga    context.Context // jeff and olga: creators; nora and ned: nami's members
	mod, mod2, pub           context.Context
	jeffT, noraT, nedT       string
	olgaT, modT, pubT        string
	nami                     *ent.Organization
	jeffProfile, olgaProfile *ent.Creator
}

func newWorld(t *testing.T, opts ...apptest.Options) *world {
	h := apptest.New(t, opts...)
	w := &world{h: h}
	w.jeffProfile = h.Creator("therapyjeff").Owner("jeff").Create()
	w.olgaProfile = h.Creator("olga.writes").Owner("olga").Create()
	w.nami = h.Organization("nami").Members("nora", "ned").Create()
	w.jeff, w.jeffT = h.Ctx("jeff", "creator"), h.Token("jeff", "creator")
	w.olga, w.olgaT = h.Ctx("olga", "creator"), h.Token("olga", "creator")
	w.nora, w.noraT = h.Ctx("nora", "org_member"), h.Token("nora", "org_member")
	w.ned, w.nedT = h.Ctx("ned", "org_member"), h.Token("ned", "org_member")
	w.mod, w.modT = h.Ctx("mod-1", "moderator"), h.Token("mod-1", "moderator")
	w.mod2 = h.Ctx("mod-2", "moderator")
	w.pub, w.pubT = h.Ctx("pub-1", "publisher"), h.Token("pub-1", "publisher")
	return w
}

var seq int

// draft creates a submission as ctx's viewer, for the organization when given.
func (w *world) draft(ctx context.Context, org *ent.Organization) *ent.Submission {
	w.h.T.Helper()
	seq++
	kind, title, summary, body := enum.KindArticle, fmt.Sprintf("Sleep and mood %d", seq), "Why sleep matters.", "Text."
	in := workflow.CreateInput{Fields: workflow.Fields{Kind: &kind, Title: &title, Summary: &summary, Body: &body}}
	if org != nil {
		in.OrganizationID = &org.ID
	}
	s, err := w.h.Workflow.Create(ctx, in)
	must(w.h.T, err)
	return s
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// ok takes a workflow call that must succeed and returns the submission it leaves.
func (w *world) ok(s *ent.Submission, err error) *ent.Submission {
	w.h.T.Helper()
	must(w.h.T, err)
	return s
}

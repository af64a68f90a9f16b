package audit_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"haven/apptest"
	"haven/audit"
	"haven/database"
	"haven/ent"
	"haven/ent/auditevent"
	"haven/ent/privacy"
)

func record() audit.Record {
	return audit.Record{
		Seq: 7, At: time.Date(2026, time.May, 4, 9, 0, 0, 123456000, time.UTC), Actor: "mod-1",
		ActorRoles: []string{"clinical_reviewer", "moderator"}, Action: "submission.approve", EntityType: "Submission",
		EntityID: 42, From: "SUBMITTED", To: "APPROVED", Note: "Looks good.",
		PrevHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	}
}

// TestRecordHashStable: a record's hash is fixed by its content alone. The same instant in
// another time zone and the same roles in another order hash alike; the hash of a known record
// never changes (stored chains must keep verifying); every field is covered.
func TestRecordHashStable(t *testing.T) {
	r := record()
	const golden = "eef7a897d8106a9f44103e41c08455e060cebeb6cb60c8885a681b709653ed7a"
	if got := r.Hash(); got != golden {
		t.Fatalf("hash of the reference record = %s, want %s: the canonical form changed and stored chains no longer verify", got, golden)
	}
	same := map[string]func(*audit.Record){
		"time in New York": func(r *audit.Record) { r.At = r.At.In(time.FixedZone("EDT", -4*3600)) },
		"time in Kolkata":  func(r *audit.Record) { r.At = r.At.In(time.FixedZone("IST", 5*3600+1800)) },
		"roles reversed":   func(r *audit.Record) { r.ActorRoles = []string{"moderator", "clinical_reviewer"} },
	}
	for name, change := range same {
		c := record()
		change(&c)
		if c.Hash() != golden {
			t.Errorf("%s: hash changed", name)
		}
	}
	if c := record(); c.Hash() != golden || len(c.ActorRoles) != 2 || c.ActorRoles[0] != "clinical_reviewer" {
		t.Error("Hash is not repeatable or changed its record")
	}
	noRoles, emptyRoles := record(), record()
	noRoles.ActorRoles, emptyRoles.ActorRoles = nil, []string{}
	if noRoles.Hash() != emptyRoles.Hash() {
		t.Error("no roles and an empty role list hash differently")
	}
	differ := map[string]func(*audit.Record){
		"seq":        func(r *audit.Record) { r.Seq++ },
		"at":         func(r *audit.Record) { r.At = r.At.Add(time.Microsecond) },
		"actor":      func(r *audit.Record) { r.Actor = "mod-2" },
		"roles":      func(r *audit.Record) { r.ActorRoles = []string{"moderator"} },
		"action":     func(r *audit.Record) { r.Action = "submission.reject" },
		"entityType": func(r *audit.Record) { r.EntityType = "Content" },
		"entityID":   func(r *audit.Record) { r.EntityID++ },
		"from":       func(r *audit.Record) { r.From = "IN_REVIEW" },
		"to":         func(r *audit.Record) { r.To = "REJECTED" },
		"reason":     func(r *audit.Record) { r.Reason = "SPAM" },
		"note":       func(r *audit.Record) { r.Note = "Looks good!" },
		"prevHash":   func(r *audit.Record) { r.PrevHash = "" },
	}
	for name, change := range differ {
		c := record()
		change(&c)
		if c.Hash() == golden {
			t.Errorf("changing %s does not change the hash", name)
		}
	}
}

const (
	verifyOp = `{ verifyAuditLog { ok checked brokenAt } }`
	eventsOp = `query($id: ID) { auditEvents(first: 100, entityID: $id) { edges { node { id action entityID actor } } } }`
)

type verification struct {
	OK       bool    `json:"ok"`
	Checked  int     `json:"checked"`
	BrokenAt *string `json:"brokenAt"`
}

// trail is a Hub with a short audit trail: an organization, a member, a creator profile and a
// submission that is created, submitted and approved.
type trail struct {
	h          *apptest.Hub
	admin      string
	submission string // its ID
}

func newTrail(t *testing.T) *trail {
	h := apptest.New(t)
	tr := &trail{h: h, admin: h.Token("admin-1", "admin")}
	var org struct{ CreateOrganization struct{ ID string } }
	h.Query(tr.admin, `mutation { createOrganization(input: {slug: "nami-test", name: "NAMI test"}) { id } }`, nil, &org)
	h.Query(tr.admin, `mutation($id: ID!) { addOrganizationMember(organizationID: $id, subject: "member-1") { id } }`,
		map[string]any{"id": org.CreateOrganization.ID}, nil)
	creator := h.Token("creator-1", "creator")
	h.Query(creator, `mutation { createCreatorProfile(input: {handle: "therapyjeff.test", displayName: "Jeff"}) { id } }`, nil, nil)
	var s struct{ CreateSubmission struct{ ID string } }
	h.Query(creator, `mutation { createSubmission(input: {kind: ARTICLE, title: "Grounding", summary: "Calm.", body: "Breathe."}) { id } }`, nil, &s)
	tr.submission = s.CreateSubmission.ID
	h.Query(creator, `mutation($id: ID!) { submitSubmission(id: $id, expectedVersion: 1) { id } }`, map[string]any{"id": tr.submission}, nil)
	h.Query(h.Token("mod-1", "moderator"), `mutation($id: ID!) { approveSubmission(id: $id, expectedVersion: 2) { id } }`, map[string]any{"id": tr.submission}, nil)
	return tr
}

func (tr *trail) events(t *testing.T) []*ent.AuditEvent {
	t.Helper()
	events, err := tr.h.Client().AuditEvent.Query().Order(ent.Asc(auditevent.FieldSeq)).All(tr.h.System())
	if err != nil {
		t.Fatal(err)
	}
	return events
}

func (tr *trail) verify(t *testing.T) verification {
	t.Helper()
	var out struct{ VerifyAuditLog verification }
	tr.h.Query(tr.admin, verifyOp, nil, &out)
	return out.VerifyAuditLog
}

func (tr *trail) exec(query string) error {
	_, err := tr.h.DB.SQL.Exec(query)
	return err
}

// TestAuditLogRefusesChange: the database itself refuses UPDATE and DELETE of audit rows, and
// a clean log verifies.
func TestAuditLogRefusesChange(t *testing.T) {
	tr := newTrail(t)
	events := tr.events(t)
	if len(events) != 6 {
		t.Fatalf("trail holds %d events, want 6", len(events))
	}
	e := events[2]
	if err := tr.exec(fmt.Sprintf(`UPDATE audit_events SET note = 'tampered' WHERE id = %d`, e.ID)); err == nil {
		t.Fatal("UPDATE of an audit row was accepted")
	}
	if err := tr.exec(fmt.Sprintf(`DELETE FROM audit_events WHERE id = %d`, e.ID)); err == nil {
		t.Fatal("DELETE of an audit row was accepted")
	}
	if err := tr.exec(`DELETE FROM audit_events`); err == nil {
		t.Fatal("DELETE of the audit log was accepted")
	}
	if v := tr.verify(t); !v.OK || v.Checked != len(events) || v.BrokenAt != nil {
		t.Fatalf("clean log: verifyAuditLog = %+v, want ok over %d events", v, len(events))
	}
}

// disableGuard lifts the append-only guard, as someone with direct database access could.
func (tr *trail) disableGuard(t *testing.T) {
	t.Helper()
	stmts := []string{`DROP TRIGGER audit_events_no_update`, `DROP TRIGGER audit_events_no_delete`}
	if tr.h.DB.Dialect == dialect.Postgres {
		stmts = []string{`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`}
	}
	for _, s := range stmts {
		if err := tr.exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// TestVerifyAuditLogFindsTampering: with the guard lifted, an edited note, an edit whose own
// hash is recomputed to hide it, and a deleted event each make verifyAuditLog fail and name the
// first broken link.
func TestVerifyAuditLogFindsTampering(t *testing.T) {
	cases := map[string]struct {
		tamper  func(tr *trail, e *ent.AuditEvent) error
		broken  int // the first broken event, counted from the tampered one
		checked int // events read up to and including it
	}{
		"edited note": {func(tr *trail, e *ent.AuditEvent) error {
			return tr.exec(fmt.Sprintf(`UPDATE audit_events SET note = 'nothing to see' WHERE id = %d`, e.ID))
		}, 0, 3},
		"edited note with its hash recomputed": {func(tr *trail, e *ent.AuditEvent) error {
			r := audit.Record{Seq: e.Seq, At: e.At, Actor: e.Actor, ActorRoles: e.ActorRoles, Action: e.Action,
				EntityType: e.EntityType, EntityID: e.EntityID, From: deref(e.FromStatus), To: deref(e.ToStatus),
				Reason: deref(e.Reason), Note: "nothing to see", PrevHash: e.PrevHash}
			return tr.exec(fmt.Sprintf(`UPDATE audit_events SET note = 'nothing to see', hash = '%s' WHERE id = %d`, r.Hash(), e.ID))
		}, 1, 4},
		"deleted event": {func(tr *trail, e *ent.AuditEvent) error {
			return tr.exec(fmt.Sprintf(`DELETE FROM audit_events WHERE id = %d`, e.ID))
		}, 1, 3},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			tr := newTrail(t)
			events := tr.events(t)
			tr.disableGuard(t)
			const at = 2
			if err := c.tamper(tr, events[at]); err != nil {
				t.Fatalf("tamper: %v", err)
			}
			broken := events[at+c.broken]
			v := tr.verify(t)
			if v.OK || v.BrokenAt == nil || *v.BrokenAt != apptest.GID(broken.ID) {
				t.Fatalf("verifyAuditLog = %+v, want ok false and brokenAt %d", v, broken.ID)
			}
			if v.Checked != c.checked {
				t.Fatalf("checked %d events, want %d", v.Checked, c.checked)
			}
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestAuditLogAccess: verifyAuditLog is for admins; auditEvents for staff, filtered by entity.
func TestAuditLogAccess(t *testing.T) {
	tr := newTrail(t)
	h := tr.h
	h.Fail("UNAUTHENTICATED", "", verifyOp, nil)
	for _, role := range []string{"creator", "org_member", "moderator", "clinical_reviewer", "publisher"} {
		h.Fail("FORBIDDEN", h.Token("someone-"+role, role), verifyOp, nil)
	}
	h.Fail("UNAUTHENTICATED", "", eventsOp, nil)
	h.Fail("FORBIDDEN", h.Token("creator-1", "creator"), eventsOp, nil)
	h.Fail("FORBIDDEN", h.Token("member-1", "org_member"), eventsOp, nil)

	type page struct {
		AuditEvents struct {
			Edges []struct {
				Node struct{ ID, Action, EntityID, Actor string }
			}
		}
	}
	all := len(tr.events(t))
	for _, role := range []string{"moderator", "clinical_reviewer", "publisher", "admin"} {
		token := h.Token("staff-"+role, role)
		var p page
		h.Query(token, eventsOp, nil, &p)
		if len(p.AuditEvents.Edges) != all {
			t.Fatalf("%s sees %d events, want %d", role, len(p.AuditEvents.Edges), all)
		}
		h.Query(token, eventsOp, map[string]any{"id": tr.submission}, &p)
		var actions []string
		for _, e := range p.AuditEvents.Edges {
			if e.Node.EntityID != tr.submission {
				t.Fatalf("filtered by %s, got an event of %s", tr.submission, e.Node.EntityID)
			}
			actions = append(actions, e.Node.Action)
		}
		if fmt.Sprint(actions) != "[submission.create submission.submit submission.approve]" {
			t.Fatalf("%s: events of the submission = %v", role, actions)
		}
	}
}

// TestObserversRunInTheChangesTransaction: an observer sees each appended event inside the
// transaction that appends it, its writes commit with the change, and its error rolls the whole
// change back, event included.
func TestObserversRunInTheChangesTransaction(t *testing.T) {
	h := apptest.New(t)
	log := &audit.Log{Dialect: h.DB.Dialect, Clock: h.Clock}
	var seen []string
	fail := false
	log.Observe(func(ctx context.Context, tx *ent.Tx, e *ent.AuditEvent) error {
		if ent.TxFromContext(ctx) != tx {
			t.Errorf("observer of %s: the context does not carry the appending transaction", e.Action)
		}
		seen = append(seen, e.Action)
		if fail {
			return errors.New("observer refused")
		}
		return nil
	})
	ctx := h.Ctx("admin-1", "admin")
	appendOne := func(action string) error {
		return database.WithTx(ctx, h.Client(), func(ctx context.Context, tx *ent.Tx) error {
			_, err := log.Append(ctx, tx, audit.Event{Action: action, EntityType: "Test", EntityID: 1})
			return err
		})
	}
	if err := appendOne("test.kept"); err != nil {
		t.Fatalf("append with an observer that accepts: %v", err)
	}
	fail = true
	if err := appendOne("test.refused"); err == nil || !strings.Contains(err.Error(), "observer refused") {
		t.Fatalf("append with an observer that refuses: err = %v, want the observer's error", err)
	}
	if !slices.Equal(seen, []string{"test.kept", "test.refused"}) {
		t.Fatalf("observer saw %v, want both appends", seen)
	}
	actions, err := h.Client().AuditEvent.Query().Where(auditevent.EntityType("Test")).
		Select(auditevent.FieldAction).Strings(privacy.DecisionContext(context.Background(), privacy.Allow))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(actions, []string{"test.kept"}) {
		t.Fatalf("stored events %v, want only the one whose observer accepted", actions)
	}
}

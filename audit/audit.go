// Package audit writes and verifies Haven's audit log: an append-only chain of events in which
// each event's hash covers its canonical record and the hash of the event before it. Events are
// written in the transaction of the change they record, so a change and its record commit or
// roll back together.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent/dialect"

	"haven/auth"
	"haven/clock"
	"haven/ent"
	"haven/ent/auditevent"
	"haven/ent/privacy"
)

// chainLock is the PostgreSQL advisory lock key that serializes appends, so two transactions
// never chain onto the same previous event.
const chainLock = 0x4861766e // "Havn"

// Event is what a change of state records.
type Event struct {
	Action     string // e.g. "submission.approve"
	EntityType string // e.g. "Submission"
	EntityID   int
	From, To   string // statuses, empty when not applicable
	Reason     string
	Note       string
}

// Log appends events to the chain and verifies it.
type Log struct {
	Dialect string
	Clock   clock.Clock

	observers []Observer
}

// Observer hears every event appended to the chain, inside the transaction that appends it,
// after the event row is written. Every change Haven records (a decision, a publication, a report,
// a hub page edit) is one audit event, so this is the one place other parts of Haven learn of
// changes in the change's own transaction: a notification or a webhook outbox row written here is
// never written for a change that rolls back and never missing for one that commits. An error
// rolls the change back. Work that must not hold the transaction open (a network call) belongs in
// database.AfterCommit, registered from here.
type Observer func(ctx context.Context, tx *ent.Tx, e *ent.AuditEvent) error

// Observe adds o to the observers of every later Append. Call it while Haven is being built,
// before the log is shared: the list is not guarded for concurrent change.
func (l *Log) Observe(o Observer) {
	l.observers = append(l.observers, o)
}

// Lock takes the chain's lock for the rest of tx (PostgreSQL; SQLite write transactions are
// serialized already). A transaction that will append and also locks rows takes it first, so
// every such transaction takes its locks in one order and none deadlocks another. Taking it
// again in the same transaction (Append does) costs nothing.
func (l *Log) Lock(ctx context.Context, tx *ent.Tx) error {
	if l.Dialect != dialect.Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", chainLock); err != nil {
		return fmt.Errorf("audit: lock chain: %w", err)
	}
	return nil
}

// Append writes ev, attributed to the viewer in ctx, as the next event of the chain. It must run
// inside tx, the transaction of the change it records.
func (l *Log) Append(ctx context.Context, tx *ent.Tx, ev Event) (*ent.AuditEvent, error) {
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	if err := l.Lock(ctx, tx); err != nil {
		return nil, err
	}
	prevHash, seq := "", int64(1)
	last, err := tx.AuditEvent.Query().Order(ent.Desc(auditevent.FieldSeq)).First(ctx)
	switch {
	case ent.IsNotFound(err):
	case err != nil:
		return nil, fmt.Errorf("audit: read chain head: %w", err)
	default:
		prevHash, seq = last.Hash, last.Seq+1
	}
	v := auth.FromContext(ctx)
	actor := v.Subject
	if actor == "" {
		actor = "anonymous"
	}
	rec := Record{
		Seq: seq, At: l.Clock.Now().UTC().Truncate(time.Microsecond), Actor: actor, ActorRoles: v.RoleStrings(),
		Action: ev.Action, EntityType: ev.EntityType, EntityID: ev.EntityID,
		From: ev.From, To: ev.To, Reason: ev.Reason, Note: ev.Note, PrevHash: prevHash,
	}
	if rec.ActorRoles == nil {
		rec.ActorRoles = []string{}
	}
	c := tx.AuditEvent.Create().
		SetSeq(rec.Seq).SetAt(rec.At).SetActor(rec.Actor).SetActorRoles(rec.ActorRoles).
		SetAction(rec.Action).SetEntityType(rec.EntityType).SetEntityID(rec.EntityID).
		SetPrevHash(rec.PrevHash).SetHash(rec.Hash())
	if rec.From != "" {
		c.SetFromStatus(rec.From)
	}
	if rec.To != "" {
		c.SetToStatus(rec.To)
	}
	if rec.Reason != "" {
		c.SetReason(rec.Reason)
	}
	if rec.Note != "" {
		c.SetNote(rec.Note)
	}
	e, err := c.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit: append %s: %w", ev.Action, err)
	}
	for _, o := range l.observers {
		if err := o(ctx, tx, e); err != nil {
			return nil, fmt.Errorf("audit: observe %s: %w", ev.Action, err)
		}
	}
	return e, nil
}

// Record is the canonical form of an event that its hash covers.
type Record struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	ActorRoles []string  `json:"actorRoles"`
	Action     string    `json:"action"`
	EntityType string    `json:"entityType"`
	EntityID   int       `json:"entityID"`
	From       string    `json:"from"`
	To         string    `json:"to"`
	Reason     string    `json:"reason"`
	Note       string    `json:"note"`
	PrevHash   string    `json:"prevHash"`
}

// Hash is the hex SHA-256 of the previous hash and the record's canonical JSON. The canonical
// form does not depend on how the record was read back: the time is in UTC and the roles are
// sorted (none is an empty list).
func (r Record) Hash() string {
	r.At = r.At.UTC()
	r.ActorRoles = slices.Sorted(slices.Values(r.ActorRoles))
	if r.ActorRoles == nil {
		r.ActorRoles = []string{}
	}
	b, _ := json.Marshal(r) // a struct of strings, ints and a time cannot fail to marshal
	h := sha256.New()
	h.Write([]byte(r.PrevHash))
	h.Write([]byte{'\n'})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

func recordOf(e *ent.AuditEvent) Record {
	roles := e.ActorRoles
	if roles == nil {
		roles = []string{}
	}
	return Record{
		Seq: e.Seq, At: e.At, Actor: e.Actor, ActorRoles: roles, Action: e.Action,
		EntityType: e.EntityType, EntityID: e.EntityID, From: deref(e.FromStatus), To: deref(e.ToStatus),
		Reason: deref(e.Reason), Note: deref(e.Note), PrevHash: e.PrevHash,
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Verification is the result of recomputing the chain.
type Verification struct {
	OK       bool
	Checked  int
	BrokenAt *int // the ID of the first event whose link does not hold
}

// Verify recomputes every link of the chain in order: each event's prevHash must equal the hash
// of the event before it, its seq must follow, and its hash must match its record.
func Verify(ctx context.Context, client *ent.Client) (Verification, error) {
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	const batch = 500
	var (
		res      = Verification{OK: true}
		prevHash string
		prevSeq  int64
	)
	for {
		events, err := client.AuditEvent.Query().Where(auditevent.SeqGT(prevSeq)).
			Order(ent.Asc(auditevent.FieldSeq)).Limit(batch).All(ctx)
		if err != nil {
			return res, fmt.Errorf("audit: verify: %w", err)
		}
		for _, e := range events {
			res.Checked++
			if e.Seq != prevSeq+1 || e.PrevHash != prevHash || recordOf(e).Hash() != e.Hash {
				id := e.ID
				res.OK, res.BrokenAt = false, &id
				return res, nil
			}
			prevHash, prevSeq = e.Hash, e.Seq
		}
		if len(events) < batch {
			return res, nil
		}
	}
}

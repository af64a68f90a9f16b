// Package queuefeed is the feed of moderation-queue changes: it tells subscribers, on every
// replica, that a submission entered, moved in or left the queue.
//
// On PostgreSQL a change is sent with pg_notify inside the transaction that makes it. PostgreSQL
// delivers a notification only when its transaction commits, to every listening session, so one
// statement reaches every replica (this one included, through its own listener) exactly when
// the change is durable; moving it after the commit would add a window in which a crash loses
// the notice and a second round trip outside the transaction. On the embedded SQLite there is
// one process, and the change is handed to this process's subscribers with
// database.AfterCommit, Haven's one mechanism for work that follows a commit.
package queuefeed

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/lib/pq"

	"haven/database"
	"haven/ent"
)

// channel is the PostgreSQL notification channel.
const channel = "haven_queue"

// subscriberBuffer is how many changes a slow subscriber may lag before it misses some. A change
// is a hint to reload the queue, so a missed one costs nothing but a later refresh.
const subscriberBuffer = 32

// Change is one change of the moderation queue.
type Change struct {
	SubmissionID int       `json:"id"`
	Action       string    `json:"action"`
	Status       string    `json:"status"`
	At           time.Time `json:"at"`
}

// Broker fans changes out to subscribers.
type Broker struct {
	mu       sync.Mutex
	subs     map[chan Change]struct{}
	listener *pq.Listener // nil on SQLite
	log      *slog.Logger
	done     chan struct{}
	onData   []func(origin string) // data-change callbacks (data.go)
}

// Local returns a broker for a single process (the embedded database).
func Local() *Broker {
	return &Broker{subs: map[chan Change]struct{}{}, done: make(chan struct{})}
}

// Postgres returns a broker that listens on PostgreSQL, so changes made by any replica reach
// this one's subscribers.
func Postgres(dsn string, log *slog.Logger) (*Broker, error) {
	b := Local()
	b.log = log
	b.listener = pq.NewListener(dsn, 500*time.Millisecond, 30*time.Second, func(ev pq.ListenerEventType, err error) {
		if err != nil {
			log.Warn("queuefeed: listener", "event", ev, "error", err)
		}
	})
	if err := b.listener.Listen(channel); err != nil {
		b.listener.Close()
		return nil, fmt.Errorf("queuefeed: listen: %w", err)
	}
	if err := b.listener.Listen(DataChannel); err != nil {
		b.listener.Close()
		return nil, fmt.Errorf("queuefeed: listen: %w", err)
	}
	go b.relay()
	return b, nil
}

func (b *Broker) relay() {
	for {
		select {
		case <-b.done:
			return
		case n, ok := <-b.listener.Notify:
			if !ok {
				return
			}
			if n == nil { // the connection was re-established; changes may have been missed
				b.dataChanged("")
				continue
			}
			if n.Channel == DataChannel {
				b.dataChanged(n.Extra)
				continue
			}
			var c Change
			if err := json.Unmarshal([]byte(n.Extra), &c); err != nil {
				b.log.Warn("queuefeed: bad payload", "error", err)
				continue
			}
			b.fanout(c)
		}
	}
}

// Publish sends c when tx (the transaction carried by ctx) commits, and never when it rolls back.
func (b *Broker) Publish(ctx context.Context, tx *ent.Tx, c Change) error {
	if b.listener != nil {
		payload, err := json.Marshal(c)
		if err != nil {
			return fmt.Errorf("queuefeed: encode: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", channel, string(payload)); err != nil {
			return fmt.Errorf("queuefeed: %w", err)
		}
		return nil
	}
	database.AfterCommit(ctx, func(context.Context) { b.fanout(c) })
	return nil
}

func (b *Broker) fanout(c Change) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- c:
		default: // a slow subscriber misses this hint rather than stalling everyone
		}
	}
}

// Subscribe returns a channel of changes that closes when ctx ends.
func (b *Broker) Subscribe(ctx context.Context) <-chan Change {
	ch := make(chan Change, subscriberBuffer)
	b.mu.Lock()
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	go func() {
		select {
		case <-ctx.Done():
		case <-b.done:
		}
		b.mu.Lock()
		delete(b.subs, ch)
		close(ch)
		b.mu.Unlock()
	}()
	return ch
}

// Close stops listening and ends every subscription.
func (b *Broker) Close() error {
	select {
	case <-b.done:
		return nil
	default:
	}
	close(b.done)
	if b.listener != nil {
		return b.listener.Close()
	}
	return nil
}

package inbox

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/lib/pq"

	"haven/database"
	"haven/ent"
)

// channel is the PostgreSQL notification channel of new notifications.
const channel = "haven_inbox"

// maxPayload keeps each pg_notify payload under PostgreSQL's 8000-byte limit.
const maxPayload = 7000

// subscriberBuffer is how many new notifications a slow subscriber may lag before it misses
// some; a missed one is still in the viewer's inbox.
const subscriberBuffer = 32

// Added says that a notification was written, and for whom: an account ID or a role.
type Added struct {
	ID        int    `json:"i"`
	Recipient int    `json:"a,omitempty"`
	Role      string `json:"r,omitempty"`
}

// Feed tells subscribers, on every replica, of notifications written for them. It works as the
// moderation-queue feed does (package queuefeed): on PostgreSQL the news is sent with pg_notify
// inside the transaction that writes the notifications, which PostgreSQL delivers to every
// listening replica exactly when that transaction commits and never when it rolls back; on the
// embedded SQLite (one process) it is handed to this process's subscribers with
// database.AfterCommit. Only IDs and recipients travel; a subscriber reads the notification
// itself from the database.
type Feed struct {
	mu       sync.Mutex
	subs     map[*subscriber]struct{}
	listener *pq.Listener // nil on SQLite
	log      *slog.Logger
	done     chan struct{}
}

type subscriber struct {
	account int
	roles   []string
	ch      chan int
}

// LocalFeed returns a feed for a single process (the embedded database).
func LocalFeed() *Feed {
	return &Feed{subs: map[*subscriber]struct{}{}, done: make(chan struct{})}
}

// PostgresFeed returns a feed that listens on PostgreSQL, so notifications written by any
// replica reach this one's subscribers.
func PostgresFeed(dsn string, log *slog.Logger) (*Feed, error) {
	f := LocalFeed()
	f.log = log
	f.listener = pq.NewListener(dsn, 500*time.Millisecond, 30*time.Second, func(ev pq.ListenerEventType, err error) {
		if err != nil {
			log.Warn("inbox: listener", "event", ev, "error", err)
		}
	})
	if err := f.listener.Listen(channel); err != nil {
		f.listener.Close()
		return nil, fmt.Errorf("inbox: listen: %w", err)
	}
	go f.relay()
	return f, nil
}

func (f *Feed) relay() {
	for {
		select {
		case <-f.done:
			return
		case n, ok := <-f.listener.Notify:
			if !ok {
				return
			}
			if n == nil { // reconnected: news sent meanwhile is lost, the inbox still has it
				continue
			}
			var added []Added
			if err := json.Unmarshal([]byte(n.Extra), &added); err != nil {
				f.log.Warn("inbox: bad payload", "error", err)
				continue
			}
			f.fanout(added)
		}
	}
}

// publish sends added when tx (the transaction carried by ctx) commits, never when it rolls
// back.
func (f *Feed) publish(ctx context.Context, tx *ent.Tx, added []Added) error {
	if f.listener == nil {
		database.AfterCommit(ctx, func(context.Context) { f.fanout(added) })
		return nil
	}
	for len(added) > 0 {
		n := len(added)
		var payload []byte
		for {
			var err error
			if payload, err = json.Marshal(added[:n]); err != nil {
				return fmt.Errorf("inbox: encode: %w", err)
			}
			if len(payload) <= maxPayload || n == 1 {
				break
			}
			n /= 2
		}
		if _, err := tx.ExecContext(ctx, "SELECT pg_notify($1, $2)", channel, string(payload)); err != nil {
			return fmt.Errorf("inbox: notify: %w", err)
		}
		added = added[n:]
	}
	return nil
}

func (f *Feed) fanout(added []Added) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs {
		for _, a := range added {
			if a.Recipient != 0 && a.Recipient == s.account || a.Role != "" && slices.Contains(s.roles, a.Role) {
				select {
				case s.ch <- a.ID:
				default: // a slow subscriber misses this one rather than stalling everyone
				}
			}
		}
	}
}

// Subscribe returns the IDs of notifications written, from now on, for the account or one of
// the roles; the channel closes when ctx ends or the feed closes.
func (f *Feed) Subscribe(ctx context.Context, account int, roles []string) <-chan int {
	s := &subscriber{account: account, roles: roles, ch: make(chan int, subscriberBuffer)}
	f.mu.Lock()
	f.subs[s] = struct{}{}
	f.mu.Unlock()
	go func() {
		select {
		case <-ctx.Done():
		case <-f.done:
		}
		f.mu.Lock()
		delete(f.subs, s)
		close(s.ch)
		f.mu.Unlock()
	}()
	return s.ch
}

// Close stops listening and ends every subscription.
func (f *Feed) Close() error {
	select {
	case <-f.done:
		return nil
	default:
	}
	close(f.done)
	if f.listener != nil {
		return f.listener.Close()
	}
	return nil
}

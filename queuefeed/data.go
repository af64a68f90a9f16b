package queuefeed

import (
	"context"
	"database/sql"
	"time"
)

// DataChannel is the PostgreSQL notification channel on which a replica says that a write it
// committed changed what anonymous readers see; every replica then drops its cached answers.
const DataChannel = "haven_data"

// OnDataChange registers f to run when a replica announces a data change, with the origin the
// announcer was made with (a replica hears its own announcements too, and may skip them), and
// with origin "" when the listener reconnects, since announcements may have been missed while it
// was down. Call it before traffic starts.
func (b *Broker) OnDataChange(f func(origin string)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.onData = append(b.onData, f)
}

func (b *Broker) dataChanged(origin string) {
	b.mu.Lock()
	fs := append([]func(string){}, b.onData...)
	b.mu.Unlock()
	for _, f := range fs {
		f(origin)
	}
}

// DataAnnouncer tells the other replicas, through db, that this one committed a data change.
// Announcements made while one is being sent coalesce into one more, so a burst of writes costs
// a statement or two rather than one each; the other replicas hear of every change within a
// round trip of its commit.
type DataAnnouncer struct {
	db     *sql.DB
	origin string
	wake   chan struct{}
	done   chan struct{}
	stop   context.CancelFunc
}

// NewDataAnnouncer starts the announcer, whose announcements carry origin (a replica's random
// name); Close stops it. onError reports failed sends.
func NewDataAnnouncer(db *sql.DB, origin string, onError func(error)) *DataAnnouncer {
	ctx, stop := context.WithCancel(context.Background())
	a := &DataAnnouncer{db: db, origin: origin, wake: make(chan struct{}, 1), done: make(chan struct{}), stop: stop}
	go func() {
		defer close(a.done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-a.wake:
			}
			sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			_, err := a.db.ExecContext(sctx, "SELECT pg_notify($1, $2)", DataChannel, a.origin)
			cancel()
			if err != nil && ctx.Err() == nil && onError != nil {
				onError(err)
			}
		}
	}()
	return a
}

// Announce asks for an announcement; it never blocks.
func (a *DataAnnouncer) Announce() {
	select {
	case a.wake <- struct{}{}:
	default: // one is already due and will cover this change
	}
}

// Close stops the announcer after the announcement in flight, if any.
func (a *DataAnnouncer) Close() {
	a.stop()
	<-a.done
}

package app

import (
	"context"
	"crypto/rand"
	"net/http"

	"entgo.io/ent/dialect"

	"haven/database"
	"haven/queuefeed"
	"haven/respcache"
)

// setUpResponseCache builds the response cache of anonymous reads (unless the configuration
// turns it off) and makes every write path invalidate it: an ent hook on the mutations of
// public entities bumps the data version after commit, and on PostgreSQL the announcement goes
// to every other replica by NOTIFY, whose brokers bump theirs. A replica with its cache off
// still announces, so that its writes reach the caches of the others.
func (a *App) setUpResponseCache(db *database.DB, broker *queuefeed.Broker) {
	cc := a.Config.Cache
	if cc.Enabled {
		a.Cache = respcache.New(cc.MaxBytes, cc.TTL)
		a.Cache.SetClock(a.Clock.Now)
	}
	// This replica bumps its own version at commit; its announcements echo back and are skipped.
	origin := rand.Text()
	a.dataOrigin = origin
	broker.OnDataChange(func(from string) {
		if a.Cache != nil && from != origin {
			a.Cache.Bump()
		}
	})
	if db.Dialect == dialect.Postgres {
		a.announcer = queuefeed.NewDataAnnouncer(db.SQL, origin, func(err error) {
			a.Logger.Warn("response cache: announcing a data change failed", "error", err)
		})
	}
	db.Client.Use(respcache.Hook(respcache.InvalidatorFunc(func(context.Context) {
		if a.Cache != nil {
			a.Cache.Bump()
		}
		if a.announcer != nil {
			a.announcer.Announce()
		}
	})))
}

// cached wraps the GraphQL handler (inside auth.Middleware) with the response cache and the
// HTTP caching headers.
func (a *App) cached(next http.Handler) http.Handler {
	return respcache.Handler(a.Cache, respcache.HTTPOptions{
		MaxAge: a.Config.Cache.MaxAge, StaleWhileRevalidate: a.Config.Cache.StaleWhileRevalidate,
	}, next)
}

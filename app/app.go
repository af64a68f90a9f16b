// Package app is Haven's composition root: it opens the database and builds every part of Haven
// on it — the audit log, the domain services, the moderation-queue feed, the GraphQL resolvers
// and handler, the HTTP routes — and runs the background jobs. The server binary and the
// integration tests both build their Haven here, so the tests drive exactly what runs in
// production.
package app

import (
	"context"
	"log/slog"
	"net/http"
	"sync"

	"entgo.io/ent/dialect"
	"go.opentelemetry.io/otel/trace"

	"haven/audit"
	"haven/auth"
	"haven/clock"
	"haven/config"
	"haven/credential"
	"haven/crisisadmin"
	"haven/database"
	"haven/dimcache"
	"haven/graph"
	"haven/hub"
	"haven/inbox"
	"haven/migration"
	"haven/profile"
	"haven/queuefeed"
	"haven/respcache"
	"haven/search"
	"haven/webhook"
	"haven/workflow"
)

// Options adjust an App beyond its configuration; tests set a clock and limits.
type Options struct {
	Clock  clock.Clock
	Logger *slog.Logger
	Limits *graph.Limits
	// OnStatement, when set, is called before every SQL statement ent sends (tests count them).
	OnStatement func(ctx context.Context, query string)
	// TracerProvider receives the spans (tests pass one with an in-memory exporter). Nil: OTLP
	// when configured, otherwise none.
	TracerProvider trace.TracerProvider
}

// App is one running Haven.
type App struct {
	Config   config.Config
	DB       *database.DB
	Clock    clock.Clock
	Logger   *slog.Logger
	Verifier *auth.Verifier

	// The domain services, each over the same database, clock and audit log.
	Audit       *audit.Log
	Workflow    *workflow.Service
	Hub         *hub.Service
	Credentials *credential.Service
	Profiles    *profile.Service
	Search      *search.Service
	// CrisisResources administers the crisis resources search answers with.
	CrisisResources *crisisadmin.Service
	// Queue tells subscribers on every replica that the moderation queue changed.
	Queue *queuefeed.Broker
	// Inbox writes the notifications of every recorded change (an audit observer), keeps report
	// receipts and tells subscribers on every replica of new notifications.
	Inbox *inbox.Service
	// Cache answers anonymous reads from memory; nil when RESPONSE_CACHE=off.
	Cache *respcache.Cache
	// Dims holds the creators, organizations and topics the public read path writes.
	Dims *dimcache.Cache
	// Webhooks writes the webhook outbox in every change's transaction (an audit observer) and
	// delivers it (Start runs its worker). Set Webhooks.Alerter to hear of disabled endpoints.
	Webhooks *webhook.Service

	announcer  *queuefeed.DataAnnouncer // PostgreSQL: tells other replicas of data changes
	dataOrigin string                   // names this replica's data-change notices

	handler  http.Handler
	stopJobs context.CancelFunc // stops the background jobs Start began
	jobs     sync.WaitGroup
	accounts sync.Map // subject -> account ID; IDs never change, so the cache cannot go stale
	obs      *observability
}

// New builds a Haven: it opens and migrates the database, then builds the audit log, the domain
// services, the queue feed, the GraphQL handler and the HTTP routes. Start runs its jobs. When a
// step fails, New stops and releases what the steps before it started (the key refresh, the
// tracer, the database, the queue and notification feeds) before it returns the error.
func New(ctx context.Context, cfg config.Config, o Options) (_ *App, err error) {
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	limits := graph.DefaultLimits
	if o.Limits != nil {
		limits = *o.Limits
	}
	var undo cleanup
	defer func() {
		if err != nil {
			undo.run()
		}
	}()
	cfg.JWT.Logger = o.Logger
	verifier, err := auth.NewVerifier(cfg.JWT)
	if err != nil {
		return nil, err
	}
	undo.add(verifier.Close)
	obs, err := newObservability(ctx, cfg, o)
	if err != nil {
		return nil, err
	}
	undo.add(func() { _ = obs.shutdown(context.Background()) })
	db, queue, err := openDatabase(ctx, cfg, o, obs, &undo)
	if err != nil {
		return nil, err
	}

	a := &App{Config: cfg, DB: db, Clock: o.Clock, Logger: o.Logger, Verifier: verifier, Queue: queue, obs: obs}
	obs.start(cfg, db)
	a.setUpResponseCache(db, queue)
	undo.add(func() {
		if a.announcer != nil {
			a.announcer.Close()
		}
	})
	client, clk := db.Client, o.Clock
	a.Dims = dimcache.New(client, db.Dialect, 0)
	client.Use(dimcache.Hook(a.Dims))
	queue.OnDataChange(func(from string) { // writes on other replicas ("": the listener reconnected)
		if from != a.dataOrigin {
			a.Dims.Bump()
		}
	})
	a.Audit = &audit.Log{Dialect: db.Dialect, Clock: clk}
	inboxFeed, err := newInboxFeed(db, cfg.DSN, o.Logger)
	if err != nil {
		return nil, err
	}
	undo.add(func() { inboxFeed.Close() })
	a.Inbox = &inbox.Service{Client: client, Clock: clk, Feed: inboxFeed, Retention: cfg.Notifications.Retention, Logger: o.Logger}
	a.Audit.Observe(a.Inbox.Observe)
	a.Workflow = workflow.New(client, clk, a.Audit).WithNotifier(queue)
	a.Hub = &hub.Service{Client: client, Clock: clk, Audit: a.Audit, Dialect: db.Dialect, Dims: a.Dims}
	a.Credentials = &credential.Service{Client: client, Clock: clk, Audit: a.Audit}
	a.Profiles = &profile.Service{Client: client, Audit: a.Audit}
	a.Search = &search.Service{Client: client, Clock: clk, Dialect: db.Dialect, Audit: a.Audit}
	a.CrisisResources = &crisisadmin.Service{Client: client, Clock: clk, Dialect: db.Dialect, Audit: a.Audit}
	a.Webhooks = webhook.New(client, clk, a.Audit, db.Dialect, webhook.ClientOptions{
		Timeout: cfg.Webhook.Timeout, AllowLoopback: cfg.Webhook.AllowLoopback, FollowRedirects: cfg.Webhook.FollowRedirects,
	})
	a.Webhooks.Logger, a.Webhooks.RequireHTTPS = o.Logger, cfg.Production()
	a.Webhooks.Retention = cfg.Webhook.DeliveryRetention
	a.Webhooks.Alerter = a.Inbox // admins hear of endpoints disabled after a day of failures
	a.Webhooks.Observe(a.Audit)

	resolver := graph.NewResolver(graph.Services{
		Client: client, Clock: clk, Logger: o.Logger, Audit: a.Audit,
		Workflow: a.Workflow, Hub: a.Hub, Credentials: a.Credentials, Profiles: a.Profiles,
		Search: a.Search, CrisisResources: a.CrisisResources, Notify: queue, Inbox: a.Inbox, Dims: a.Dims,
		Webhooks: a.Webhooks,
	})
	gql := graph.NewHandler(resolver, graph.Options{
		Introspection: cfg.Introspection, Limits: limits, Logger: o.Logger, Authenticate: a.authenticate,
		Extensions: obs.graphqlExtensions(),
		Websocket:  graph.WebsocketLimits{MaxConnections: cfg.Websocket.MaxConnections, MaxPerClient: cfg.Websocket.MaxPerClient},
	})
	a.handler = a.routes(a.cached(gql))
	return a, nil
}

// openDatabase opens and migrates the database and starts the queue feed on it, adding their
// release to undo.
func openDatabase(ctx context.Context, cfg config.Config, o Options, obs *observability, undo *cleanup) (*database.DB, *queuefeed.Broker, error) {
	dbOpts := obs.databaseOptions()
	if o.OnStatement != nil {
		dbOpts = append(dbOpts, database.OnStatement(o.OnStatement))
	}
	db, err := database.Open(cfg.Driver, cfg.DSN, dbOpts...)
	if err != nil {
		return nil, nil, err
	}
	undo.add(func() { _ = db.Close() })
	if _, err := migration.Up(ctx, db.SQL, db.Dialect, o.Logger); err != nil {
		return nil, nil, err
	}
	queue, err := newQueueFeed(db, cfg.DSN, o.Logger)
	if err != nil {
		return nil, nil, err
	}
	undo.add(func() { _ = queue.Close() })
	return db, queue, nil
}

// cleanup is what New has started so far, released in reverse order when a later step fails.
type cleanup []func()

func (c *cleanup) add(f func()) { *c = append(*c, f) }

func (c cleanup) run() {
	for i := len(c) - 1; i >= 0; i-- {
		c[i]()
	}
}

// newQueueFeed returns the queue feed: on PostgreSQL one that listens for the changes every
// replica makes, on the embedded SQLite (one process) a local one.
func newQueueFeed(db *database.DB, dsn string, log *slog.Logger) (*queuefeed.Broker, error) {
	if db.Dialect == dialect.Postgres {
		return queuefeed.Postgres(dsn, log)
	}
	return queuefeed.Local(), nil
}

// newInboxFeed returns the feed of new notifications: on PostgreSQL one that listens for those
// every replica writes, on the embedded SQLite a local one.
func newInboxFeed(db *database.DB, dsn string, log *slog.Logger) (*inbox.Feed, error) {
	if db.Dialect == dialect.Postgres {
		return inbox.PostgresFeed(dsn, log)
	}
	return inbox.LocalFeed(), nil
}

// Handler is the HTTP handler of every route.
func (a *App) Handler() http.Handler { return a.handler }

// Close stops the background jobs, waits for them, and releases the database.
func (a *App) Close() error {
	if a.stopJobs != nil {
		a.stopJobs()
	}
	a.jobs.Wait()
	if a.announcer != nil {
		a.announcer.Close()
	}
	a.Queue.Close()
	a.Inbox.Feed.Close()
	a.Verifier.Close()
	_ = a.obs.shutdown(context.Background()) // flushes buffered spans
	return a.DB.Close()
}

// startWebhooks runs this replica's webhook delivery worker until ctx ends. Every replica runs
// one; the outbox's claims keep them from sending the same delivery at once.
func (a *App) startWebhooks(ctx context.Context) {
	poll := a.Config.Webhook.PollInterval
	if poll <= 0 {
		poll = config.DefaultWebhook.PollInterval
	}
	a.Webhooks.EnableWake()
	a.jobs.Add(1)
	go func() {
		defer a.jobs.Done()
		a.Webhooks.Run(ctx, poll, func(err error) {
			a.Logger.ErrorContext(ctx, "webhooks", "error", err)
		})
	}()
}

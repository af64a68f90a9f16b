// Package app assembles Haven: the database, the domain services, the GraphQL handler and the HTTP
// routes around it. The server binary and the integration tests both build their Haven here, so
// the tests drive exactly what runs in production.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"

	"haven/auth"
	"haven/clock"
	"haven/config"
	"haven/database"
	"haven/ent"
	"haven/ent/account"
	"haven/graph"
)

// maxBodyBytes caps a request body: far above any real query, far below anything that hurts.
const maxBodyBytes = 1 << 20

// Options adjust an App beyond its configuration; tests set a clock and limits.
type Options struct {
	Clock  clock.Clock
	Logger *slog.Logger
	Limits *graph.Limits
	// OnStatement, when set, is called before every SQL statement (tests count them).
	OnStatement func(ctx context.Context, query string)
}

// App is one running Haven.
type App struct {
	Config   config.Config
	DB       *database.DB
	Clock    clock.Clock
	Logger   *slog.Logger
	Verifier *auth.Verifier
	Resolver *graph.Resolver

	handler  http.Handler
	stopJobs context.CancelFunc // stops the background jobs Start began
	jobs     sync.WaitGroup
	accounts sync.Map // subject -> account ID; IDs never change, so the cache cannot go stale
}

// New opens the database, migrates it and builds the handler.
func New(ctx context.Context, cfg config.Config, o Options) (*App, error) {
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
	verifier, err := auth.NewVerifier(cfg.JWT)
	if err != nil {
		return nil, err
	}
	var dbOpts []database.Option
	if o.OnStatement != nil {
		dbOpts = append(dbOpts, database.WithStatementHook(func(ctx context.Context, q string) {
			if strings.Contains(q, "query=") {
				o.OnStatement(ctx, q)
			}
		}))
	}
	db, err := database.Open(cfg.Driver, cfg.DSN, dbOpts...)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	a := &App{Config: cfg, DB: db, Clock: o.Clock, Logger: o.Logger, Verifier: verifier}
	a.Resolver = graph.NewResolver(db, o.Clock, o.Logger)
	gql := graph.NewHandler(a.Resolver, graph.Options{
		Introspection: cfg.Introspection, Limits: limits, Logger: o.Logger,
	})
	mux := http.NewServeMux()
	api := auth.Middleware(verifier, a.ResolveAccount, gql)
	mux.Handle("POST /graphql", limitBody(api))
	mux.Handle("GET /graphql", api)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", a.ready)
	if !cfg.Production() {
		mux.Handle("GET /{$}", playground.Handler("Haven", "/graphql"))
	}
	a.handler = mux
	return a, nil
}

// Handler is the HTTP handler of every route.
func (a *App) Handler() http.Handler { return a.handler }

// Close stops the background jobs, waits for them, and releases the database.
func (a *App) Close() error {
	if a.stopJobs != nil {
		a.stopJobs()
	}
	a.jobs.Wait()
	return a.DB.Close()
}

func (a *App) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := a.DB.Ping(ctx); err != nil {
		a.Logger.WarnContext(ctx, "readiness: database unreachable", "error", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "database unreachable")
		return
	}
	fmt.Fprintln(w, "ready")
}

// ResolveAccount finds the viewer's Account, creating it on the subject's first signed-in
// request, and sets v.AccountID.
func (a *App) ResolveAccount(ctx context.Context, v *auth.Viewer) error {
	if id, ok := a.accounts.Load(v.Subject); ok {
		v.AccountID = id.(int)
		return nil
	}
	ctx = auth.SystemContext(ctx)
	id, err := a.DB.Client.Account.Query().Where(account.Subject(v.Subject)).OnlyID(ctx)
	if ent.IsNotFound(err) {
		id, err = a.DB.Client.Account.Create().SetSubject(v.Subject).
			OnConflictColumns(account.FieldSubject).Ignore().ID(ctx)
	}
	if err != nil {
		return fmt.Errorf("account for %q: %w", v.Subject, err)
	}
	a.accounts.Store(v.Subject, id)
	v.AccountID = id
	return nil
}

func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// Package app assembles Haven: the database, the domain services, the GraphQL handler and the HTTP
// routes around it. The server binary and the integration tests both build their Haven here, so
// the tests drive exactly what runs in production.
package app

import (
	"bytes"
	"context"
	"encoding/json"
	"entgo.io/ent/dialect"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"

	"haven/auth"
	"haven/clock"
	"haven/config"
	"haven/console"
	"haven/database"
	"haven/ent"
	"haven/ent/account"
	"haven/errcode"
	"haven/graph"
	"haven/notify"
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
	broker   *notify.Broker
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
	broker := notify.Local()
	if db.Dialect == dialect.Postgres {
		if broker, err = notify.Postgres(cfg.DSN, o.Logger); err != nil {
			db.Close()
			return nil, err
		}
	}
	a.broker = broker
	a.Resolver = graph.NewResolver(db, o.Clock, o.Logger, broker)
	gql := graph.NewHandler(a.Resolver, graph.Options{
		Introspection: cfg.Introspection, Limits: limits, Logger: o.Logger, Authenticate: a.authenticate,
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
	console.Mount(mux, cfg)
	if !cfg.Production() {
		mux.Handle("GET /{$}", playground.Handler("Haven", "/graphql"))
	}
	a.handler = recoverPanics(o.Logger, clientBehindProxies(cfg.TrustedProxies, mux))
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
	a.broker.Close()
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

// authenticate verifies a WebSocket connection's token and returns ctx carrying its viewer.
func (a *App) authenticate(ctx context.Context, token string) (context.Context, error) {
	v, err := a.Verifier.Verify(token)
	if err != nil {
		return ctx, err
	}
	v.ClientAddr = auth.FromContext(ctx).ClientAddr
	if err := a.ResolveAccount(ctx, v); err != nil {
		return ctx, err
	}
	return auth.NewContext(ctx, v), nil
}

// limitBody reads the request body up to maxBodyBytes before anything else sees it, and answers
// a larger one 413 with a coded error; the GraphQL transport would report it as a 200.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBodyBytes {
			writeError(w, http.StatusRequestEntityTooLarge, errcode.BadUserInput, tooLarge)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
		if err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				writeError(w, http.StatusRequestEntityTooLarge, errcode.BadUserInput, tooLarge)
				return
			}
			writeError(w, http.StatusBadRequest, errcode.BadUserInput, "the request body could not be read")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

var tooLarge = fmt.Sprintf("the request body is larger than %d bytes", maxBodyBytes)

// recoverPanics answers a panic outside the GraphQL executor (which recovers its own) with a
// coded 500 instead of a dropped connection, and logs it with its stack.
func recoverPanics(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler {
				panic(p)
			}
			log.ErrorContext(r.Context(), "panic in handler", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			writeError(w, http.StatusInternalServerError, errcode.Internal, "internal error")
		}()
		next.ServeHTTP(w, r)
	})
}

// writeError writes a GraphQL-shaped error response for refusals made before the GraphQL
// handler runs.
func writeError(w http.ResponseWriter, status int, code errcode.Code, msg string) {
	type extensions struct {
		Code errcode.Code `json:"code"`
	}
	type gqlError struct {
		Message    string     `json:"message"`
		Extensions extensions `json:"extensions"`
	}
	body, _ := json.Marshal(struct {
		Errors []gqlError `json:"errors"`
	}{[]gqlError{{Message: msg, Extensions: extensions{Code: code}}}})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

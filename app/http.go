package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"haven/auth"
	"haven/console"
	"haven/database"
	"haven/edge"
	"haven/ent"
	"haven/ent/account"
	"haven/errcode"
	"haven/graphiql"
)

// maxBodyBytes caps a request body: far above any real query, far below anything that hurts.
const maxBodyBytes = 1 << 20

// routes serves the GraphQL handler gql and the health routes, behind the viewer's
// authentication, the body limit, the proxy rules and panic recovery.
func (a *App) routes(gql http.Handler) http.Handler {
	mux := http.NewServeMux()
	api := auth.Middleware(a.Verifier, a.ResolveAccount, edge.RateLimit(a.Config.RateLimits, gql))
	mux.Handle("POST /graphql", limitBody(api))
	mux.Handle("GET /graphql", api)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", a.ready)
	a.obs.routes(mux)
	console.Mount(mux, a.Config)
	if !a.Config.Production() {
		mux.Handle("GET /{$}", graphiql.Handler("Haven", "/graphql"))
		mux.Handle("GET "+graphiql.AssetPrefix, graphiql.Assets())
	}
	return a.obs.outer(a.Logger, recoverPanics(a.Logger, edge.CORS(a.Config.CORSAllowedOrigins,
		clientBehindProxies(a.Config.TrustedProxies, a.obs.inner(mux)))))
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
	if e := database.Unavailable(err); e != nil {
		return e
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
			errcode.WriteHTTP(w, http.StatusRequestEntityTooLarge, errcode.BadUserInput, tooLarge)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
		if err != nil {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				errcode.WriteHTTP(w, http.StatusRequestEntityTooLarge, errcode.BadUserInput, tooLarge)
				return
			}
			errcode.WriteHTTP(w, http.StatusBadRequest, errcode.BadUserInput, "the request body could not be read")
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
			errcode.WriteHTTP(w, http.StatusInternalServerError, errcode.Internal, "internal error")
		}()
		next.ServeHTTP(w, r)
	})
}

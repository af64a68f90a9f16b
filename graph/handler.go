package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"haven/credential"
	"haven/database"
	"haven/ent"
	"haven/errcode"
	"haven/respcache"
	"haven/search"
)

// Limits bound the cost of one operation.
type Limits struct {
	MaxDepth      int // deepest field nesting
	MaxAliases    int // aliased fields in one operation
	MaxComplexity int // gqlgen complexity; a connection costs its children times its page size
	MaxTokens     int // parser token limit
}

// DefaultLimits fit every query the hub's frontends make with room to spare.
var DefaultLimits = Limits{MaxDepth: 12, MaxAliases: 30, MaxComplexity: 5000, MaxTokens: 10000}

// Options configure the GraphQL handler.
type Options struct {
	Introspection bool
	Limits        Limits
	Logger        *slog.Logger
	// Authenticate verifies the token of a WebSocket connection_init payload.
	Authenticate Authenticator
	// Extensions are added to the server (metrics and tracing).
	Extensions []graphql.HandlerExtension
	// Websocket bounds the sockets (zero fields: DefaultWebsocketLimits).
	Websocket WebsocketLimits
}

// NewHandler builds the GraphQL server: POST and GET transports only, the operation limits, no
// field suggestions, introspection only when enabled, and an error presenter that puts a contract
// code on every error and never shows internal text.
func NewHandler(r *Resolver, o Options) http.Handler {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	cfg := Config{Resolvers: r}
	setComplexity(&cfg.Complexity)
	srv := handler.New(NewExecutableSchema(cfg))
	srv.AddTransport(transport.GET{})
	srv.AddTransport(postTransport{})
	addWebsocket(srv, o.Authenticate, o.Websocket)
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(persistedQueries{cache: lru.New[string](apqEntries)})
	srv.Use(respcache.Extension{})
	srv.SetParserTokenLimit(o.Limits.MaxTokens)
	srv.SetDisableSuggestion(true)
	if o.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.Use(shapeLimit{maxDepth: o.Limits.MaxDepth, maxAliases: o.Limits.MaxAliases, introspection: o.Introspection})
	srv.Use(extension.FixedComplexityLimit(o.Limits.MaxComplexity))
	srv.AroundFields(r.fastRead) // outermost: it writes what the others let through
	srv.AroundFields(checkCursors)
	srv.AroundFields(collectConnection) // and mergeAliases for every other field
	srv.AroundFields(markInternal)
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		return next(withRequestState(credential.WithRequestCache(ctx)))
	})
	for _, e := range o.Extensions {
		srv.Use(e)
	}
	srv.SetErrorPresenter(presenter(o.Logger))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		o.Logger.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return errcode.New(errcode.Internal, "internal error")
	})
	srv.AroundResponses(markUnavailable)
	return newSocketGate(o.Websocket).wrap(unavailableStatus(overHTTP(srv, codedTransportErrors(search.AcceptLanguage(srv)))))
}

// presenter maps every error to a contract code. Errors Haven knows keep their message; errors a
// resolver returned that Haven does not know are logged and shown as a generic internal error;
// what is left was raised by gqlgen before any resolver ran — while parsing and validating the
// document or reading its arguments (a malformed cursor, an unknown enum value) — and is the
// client's input.
func presenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		code, msg, field := classify(err)
		var internal *internalError
		switch {
		case code != "":
		case errors.As(err, &internal):
			log.ErrorContext(ctx, "request failed", "error", internal.err.Error(), "path", gqlErr.Path.String())
			code, msg = errcode.Internal, "internal error"
		default:
			code, msg = errcode.BadUserInput, argumentMessage(gqlErr.Path, gqlErr.Message)
			if len(gqlErr.Path) > 0 {
				field = gqlErr.Path.String()
			}
		}
		gqlErr.Message = clientMessage(msg)
		gqlErr.Extensions = map[string]any{"code": string(code)}
		if field != "" {
			gqlErr.Extensions["field"] = field
		}
		return gqlErr
	}
}

// internalError marks an error a resolver returned that Haven does not classify.
type internalError struct{ err error }

func (e *internalError) Error() string { return e.err.Error() }
func (e *internalError) Unwrap() error { return e.err }

// markInternal wraps every resolver error Haven does not classify, so the presenter can tell it
// from gqlgen's own input errors.
func markInternal(ctx context.Context, next graphql.Resolver) (any, error) {
	res, err := next(ctx)
	if err != nil {
		if code, _, _ := classify(err); code == "" {
			var gqlErr *gqlerror.Error
			if !errors.As(err, &gqlErr) {
				err = &internalError{err: err}
			}
		}
	}
	return res, err
}

// classify returns the code, message and field of errors Haven knows.
func classify(err error) (errcode.Code, string, string) {
	if e, ok := errcode.As(err); ok {
		return e.Code, e.Message, e.Field
	}
	var verr *ent.ValidationError
	if errors.As(err, &verr) {
		return errcode.BadUserInput, fmt.Sprintf("%s: %v", verr.Name, verr.Unwrap()), verr.Name
	}
	if absent(err) {
		return errcode.NotFound, "not found", ""
	}
	if ent.IsConstraintError(err) {
		return errcode.Conflict, "conflicts with an existing record", ""
	}
	if emptyFilter(err) {
		return errcode.BadUserInput, "where: a filter (or one of its and/or/not parts) is empty", "where"
	}
	if e := database.Unavailable(err); e != nil {
		return e.Code, e.Message, ""
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return errcode.Internal, "request cancelled or timed out", ""
	}
	return "", "", ""
}

// emptyFilter reports whether err is, or wraps, the error entgql's where inputs return for an
// empty filter part ("ent: empty predicate TopicWhereInput"). It looks down the chain because by
// the time the presenter sees the error gqlgen has wrapped it with its path.
func emptyFilter(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if strings.HasPrefix(err.Error(), "ent: empty predicate") {
			return true
		}
	}
	return false
}

// argumentMessage rewords the errors of argument decoding that speak of the decoder rather than
// of the argument ("cannot decode cursor: msgpack: ...", "strconv.Atoi: parsing ...", "json.Number
// is not a string"), naming the argument as Haven's own input errors do.
func argumentMessage(path ast.Path, msg string) string {
	var what string
	switch {
	case strings.HasPrefix(msg, "cannot decode cursor"):
		what = "not a valid cursor"
	case strings.HasPrefix(msg, "strconv."):
		what = "not a valid ID"
	case strings.HasSuffix(msg, " is not a string"): // "json.Number is not a string"
		what = "must be a string"
	default:
		return msg
	}
	for i := len(path) - 1; i >= 0; i-- {
		if name, ok := path[i].(ast.PathName); ok {
			return string(name) + ": " + what
		}
	}
	return what
}

// clientMessage trims what gqlgen and gqlparser put in some messages beyond what a client needs:
// suggestions of field, argument and enum names (SetDisableSuggestion misses a few validators),
// and the echo of an undecodable request body.
func clientMessage(msg string) string {
	if i := strings.Index(msg, " Did you mean"); i >= 0 {
		msg = msg[:i]
	}
	if strings.HasPrefix(msg, "json request body could not be decoded") {
		msg = "the request body is not a JSON GraphQL request"
	}
	return msg
}

// codedTransportErrors gives a code to the errors gqlgen's transports write without the presenter
// ("transport not supported", a GET that is not a query, GET variables that are not JSON), so
// that every error carries one. A GET mutation is answered 405 with Allow: POST, as the
// GraphQL-over-HTTP specification asks.
func codedTransportErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" { // a WebSocket needs the writer as it is
			next.ServeHTTP(w, r)
			return
		}
		cw := &codedWriter{ResponseWriter: w}
		next.ServeHTTP(cw, r)
		cw.finish()
	})
}

// getMutationMessage is what gqlgen's GET transport says of an operation that is not a query.
const getMutationMessage = "GET requests only allow query operations"

// codedWriter holds back the body of a response with an error status until it is complete; other
// responses pass straight through.
type codedWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *codedWriter) WriteHeader(status int) {
	if status < http.StatusBadRequest {
		w.ResponseWriter.WriteHeader(status)
		return
	}
	w.status = status
}

func (w *codedWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		return w.ResponseWriter.Write(b)
	}
	return w.body.Write(b)
}

func (w *codedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *codedWriter) finish() {
	if w.status == 0 {
		return
	}
	status, body := w.status, w.body.Bytes()
	var res struct {
		Errors []map[string]any `json:"errors"`
		Data   json.RawMessage  `json:"data,omitempty"`
	}
	if json.Unmarshal(body, &res) == nil && len(res.Errors) > 0 {
		code := errcode.BadUserInput
		if status >= http.StatusInternalServerError {
			code = errcode.Internal
		}
		for _, e := range res.Errors {
			ext, _ := e["extensions"].(map[string]any)
			if ext == nil {
				ext = map[string]any{}
				e["extensions"] = ext
			}
			if c, _ := ext["code"].(string); c == "" {
				ext["code"] = string(code)
			}
			if e["message"] == getMutationMessage {
				status = http.StatusMethodNotAllowed
				w.Header().Set("Allow", http.MethodPost)
			}
		}
		if b, err := json.Marshal(res); err == nil {
			body = b
		}
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.ResponseWriter.WriteHeader(status)
	_, _ = w.ResponseWriter.Write(body)
}

package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
)

// Media types of GraphQL over HTTP.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// overHTTP answers as the GraphQL-over-HTTP specification asks, in both media types gqlgen
// negotiates from Accept:
//
//   - A request that fails before execution (a body that is not JSON, a document that does not
//     parse or validate, variables that do not coerce, an operation over Haven's bounds) has no
//     "data" entry.
//   - With application/graphql-response+json such a request is answered 4xx (400 unless a more
//     precise status was chosen); an executed operation is 200 whatever its field errors.
//   - With application/json, parse, validation and variable errors are answered 200 (gqlgen
//     says 422), as the specification says a server SHOULD for clients that predate it; a body
//     that is not JSON, or a request without a string "query" parameter, is 400 in both.
//
// It tells the two apart by whether an operation started to execute (executionMark).
func overHTTP(srv *handler.Server, next http.Handler) http.Handler {
	srv.Use(executionMark{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" {
			next.ServeHTTP(w, r)
			return
		}
		mark := &executed{}
		ow := &requestErrorWriter{ResponseWriter: w, executed: mark, request: r}
		if r.Method == http.MethodPost && r.Body != nil {
			// Keep a copy of what gqlgen reads, to tell a missing query parameter from a bad one.
			r.Body = struct {
				io.Reader
				io.Closer
			}{io.TeeReader(r.Body, &ow.requestBody), r.Body}
		}
		next.ServeHTTP(ow, r.WithContext(context.WithValue(r.Context(), executedKey{}, mark)))
		ow.finish()
	})
}

type executedKey struct{}

// executed is set once the operation of a request starts to execute.
type executed struct{ yes bool }

// executionMark marks the request's executed flag when gqlgen dispatches its operation.
type executionMark struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = executionMark{}

func (executionMark) ExtensionName() string                   { return "ExecutionMark" }
func (executionMark) Validate(graphql.ExecutableSchema) error { return nil }

func (executionMark) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if e, ok := ctx.Value(executedKey{}).(*executed); ok {
		e.yes = true
	}
	return next(ctx)
}

// requestErrorWriter passes executed responses through and holds back the others to reshape.
type requestErrorWriter struct {
	http.ResponseWriter
	executed    *executed
	request     *http.Request
	requestBody bytes.Buffer
	held        bool
	status      int
	body        bytes.Buffer
}

func (w *requestErrorWriter) WriteHeader(status int) {
	if w.executed.yes || w.held {
		w.ResponseWriter.WriteHeader(status)
		return
	}
	w.held, w.status = true, status
}

func (w *requestErrorWriter) Write(b []byte) (int, error) {
	if !w.held {
		if w.executed.yes {
			return w.ResponseWriter.Write(b)
		}
		w.held, w.status = true, http.StatusOK
	}
	return w.body.Write(b)
}

func (w *requestErrorWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// hasQuery reports whether the request has a string "query" parameter.
func (w *requestErrorWriter) hasQuery() bool {
	if w.request.Method != http.MethodPost {
		return w.request.URL.Query().Has("query")
	}
	var params struct {
		Query *string `json:"query"`
	}
	return json.Unmarshal(w.requestBody.Bytes(), &params) == nil && params.Query != nil
}

func (w *requestErrorWriter) finish() {
	if !w.held {
		return
	}
	status, body := w.status, w.body.Bytes()
	var res map[string]json.RawMessage
	if json.Unmarshal(body, &res) == nil && res["errors"] != nil {
		delete(res, "data")
		if b, err := json.Marshal(res); err == nil {
			body = b
		}
		media, _, _ := mime.ParseMediaType(w.Header().Get("Content-Type"))
		switch {
		case !w.hasQuery():
			status = http.StatusBadRequest
		case media == mediaGraphQLResponse && status < http.StatusBadRequest:
			status = http.StatusBadRequest
		case media == mediaJSON && status == http.StatusUnprocessableEntity:
			status = http.StatusOK
		}
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", mediaJSON)
	}
	w.ResponseWriter.WriteHeader(status)
	_, _ = w.ResponseWriter.Write(body)
}

package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"

	"haven/errcode"
)

// An answer in which nothing succeeded because the database was unavailable is sent with HTTP
// 503 and Retry-After, so that load balancers, proxies and HTTP clients see what happened and
// retry; an answer with some data keeps 200 and carries UNAVAILABLE on the fields that failed.

// unavailableFlag is set, during one HTTP request, when its answer is all unavailable.
type unavailableFlag struct{ set atomic.Bool }

type unavailableKey struct{}

// markUnavailable flags the request when the response has an UNAVAILABLE error and no data.
func markUnavailable(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil || len(resp.Errors) == 0 {
		return resp
	}
	flag, _ := ctx.Value(unavailableKey{}).(*unavailableFlag)
	if flag == nil || !nothingSucceeded(resp.Data) {
		return resp
	}
	for _, e := range resp.Errors {
		if code, _ := e.Extensions["code"].(string); code == string(errcode.Unavailable) {
			flag.set.Store(true)
			break
		}
	}
	return resp
}

// nothingSucceeded reports whether data is null or holds only null fields.
func nothingSucceeded(data json.RawMessage) bool {
	if len(data) == 0 || string(data) == "null" {
		return true
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(data, &fields) != nil {
		return false
	}
	for _, v := range fields {
		if string(v) != "null" {
			return false
		}
	}
	return true
}

// unavailableStatus turns the 200 of a flagged answer into 503 with Retry-After.
func unavailableStatus(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" { // a WebSocket needs the writer as it is
			next.ServeHTTP(w, r)
			return
		}
		flag := &unavailableFlag{}
		uw := &unavailableWriter{ResponseWriter: w, flag: flag}
		next.ServeHTTP(uw, r.WithContext(context.WithValue(r.Context(), unavailableKey{}, flag)))
	})
}

type unavailableWriter struct {
	http.ResponseWriter
	flag        *unavailableFlag
	wroteHeader bool
}

func (w *unavailableWriter) WriteHeader(status int) {
	if !w.wroteHeader {
		w.wroteHeader = true
		if status == http.StatusOK && w.flag.set.Load() {
			status = http.StatusServiceUnavailable
			w.Header().Set("Retry-After", strconv.Itoa(errcode.RetryAfterSeconds))
		}
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *unavailableWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *unavailableWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

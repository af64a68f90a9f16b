package observe

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"go.opentelemetry.io/otel/trace"
)

// RequestIDHeader names the header that carries a request's ID in and out.
const RequestIDHeader = "X-Request-Id"

// NewLogger returns a logger writing text or, for format "json", one JSON object per line. Every
// line logged with a request's context carries its request_id (and trace_id when the request is
// traced).
func NewLogger(w io.Writer, format string) *slog.Logger {
	var h slog.Handler
	if format == "json" {
		h = slog.NewJSONHandler(w, nil)
	} else {
		h = slog.NewTextHandler(w, nil)
	}
	return slog.New(WithRequestIDs(h))
}

// WithRequestIDs wraps h so that records logged with a request's context carry its request_id.
func WithRequestIDs(h slog.Handler) slog.Handler { return requestIDHandler{h} }

type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if info := infoFrom(ctx); info != nil {
		r.AddAttrs(slog.String("request_id", info.id))
	}
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

// requestInfo is what the access log learns about a request while it is served.
type requestInfo struct {
	id string

	mu        sync.Mutex
	operation string // the GraphQL operation's name, set by the GraphQL extension
}

func (i *requestInfo) setOperation(name string) {
	i.mu.Lock()
	if i.operation == "" {
		i.operation = name
	}
	i.mu.Unlock()
}

type infoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	i, _ := ctx.Value(infoKey{}).(*requestInfo)
	return i
}

// RequestID returns the ID of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	if i := infoFrom(ctx); i != nil {
		return i.id
	}
	return ""
}

// validRequestID accepts the IDs proxies and clients usually send (UUIDs, hex, base64url) and
// nothing that could forge a log line or carry a secret of any length.
func validRequestID(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, c := range []byte(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == ':':
		default:
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// AccessLog gives every request an ID — the caller's X-Request-Id when it is well-formed, a new
// random one otherwise — echoes it in the response, puts it in the request's context for every
// log line, and writes one line per request when it ends: method, path, status, duration and
// GraphQL operation name. Never the query string, the body, variables or headers: people in
// crisis search here, and tokens travel in headers.
func AccessLog(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(RequestIDHeader)
		if !validRequestID(id) {
			id = newRequestID()
		}
		info := &requestInfo{id: id}
		ctx := context.WithValue(r.Context(), infoKey{}, info)
		w.Header().Set(RequestIDHeader, id)
		sw := &statusWriter{ResponseWriter: w}
		start := time.Now()
		next.ServeHTTP(sw, r.WithContext(ctx))
		info.mu.Lock()
		op := info.operation
		info.mu.Unlock()
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", sw.status()),
			slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
		}
		if op != "" {
			attrs = append(attrs, slog.String("operation", op))
		}
		log.LogAttrs(ctx, slog.LevelInfo, "request", attrs...)
	})
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

package app

import (
	"context"
	"log/slog"
	"net/http"

	"entgo.io/ent/dialect"
	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel/trace"

	"haven/auth"
	"haven/config"
	"haven/database"
	"haven/ent"
	"haven/ent/submission"
	"haven/observe"
)

// observability holds one App's metrics and tracer (package observe) and wires them in: around
// the database driver, into the GraphQL server, at /metrics and around every request.
type observability struct {
	metrics  *observe.Metrics // nil when METRICS=false
	tp       trace.TracerProvider
	tracing  bool // spans go somewhere: wrap the database driver too
	shutdown func(context.Context) error
}

func newObservability(ctx context.Context, cfg config.Config, o Options) (*observability, error) {
	ob := &observability{tp: o.TracerProvider, shutdown: func(context.Context) error { return nil }}
	switch {
	case ob.tp != nil:
		ob.tracing = true
	case cfg.OTLPTraces:
		tp, err := observe.OTLPTracing(ctx)
		if err != nil {
			return nil, err
		}
		ob.tp, ob.tracing, ob.shutdown = tp, true, tp.Shutdown
	default:
		ob.tp = observe.NoTracing()
	}
	return ob, nil
}

func (ob *observability) tracer() trace.Tracer { return ob.tp.Tracer(observe.TracerName) }

// databaseOptions traces every SQL statement when spans go somewhere.
func (ob *observability) databaseOptions() []database.Option {
	if !ob.tracing {
		return nil
	}
	return []database.Option{database.WithDriver(func(d dialect.Driver) dialect.Driver {
		return observe.TraceSQL(d, ob.tracer())
	})}
}

// start registers the metrics (they need the open pool) and the queue depth.
func (ob *observability) start(cfg config.Config, db *database.DB) {
	if !cfg.Metrics {
		return
	}
	ob.metrics = observe.NewMetrics(db.SQL)
	ob.metrics.QueueDepth(func(ctx context.Context) (map[string]int, error) {
		var rows []struct {
			Status submission.Status `json:"status"`
			Count  int               `json:"count"`
		}
		err := db.Client.Submission.Query().
			Where(submission.StatusIn(submission.StatusSUBMITTED, submission.StatusIN_REVIEW, submission.StatusSCHEDULED)).
			GroupBy(submission.FieldStatus).Aggregate(ent.Count()).Scan(auth.SystemContext(ctx), &rows)
		if err != nil {
			return nil, err
		}
		out := map[string]int{"SUBMITTED": 0, "IN_REVIEW": 0, "SCHEDULED": 0}
		for _, r := range rows {
			out[string(r.Status)] = r.Count
		}
		return out, nil
	})
}

func (ob *observability) graphqlExtensions() []graphql.HandlerExtension {
	return []graphql.HandlerExtension{observe.GraphQL{Metrics: ob.metrics, Tracer: ob.tracer()}}
}

// routes adds GET /metrics.
func (ob *observability) routes(mux *http.ServeMux) {
	if ob.metrics != nil {
		mux.Handle("GET /metrics", ob.metrics.Handler())
	}
}

// inner wraps the ServeMux itself, where the matched route is known.
func (ob *observability) inner(mux http.Handler) http.Handler {
	if ob.metrics == nil {
		return mux
	}
	return ob.metrics.HTTP(mux)
}

// outer wraps everything: request IDs and the access log, then the request's span (when spans
// go somewhere; otherwise only the caller's trace is carried to the log lines).
func (ob *observability) outer(log *slog.Logger, h http.Handler) http.Handler {
	if !ob.tracing {
		return observe.AccessLog(log, observe.ContinueTraces(h))
	}
	return observe.AccessLog(log, observe.TraceHTTP(ob.tp, h))
}

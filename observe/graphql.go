package observe

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// GraphQL is a gqlgen extension: for every response it opens a span named after the operation
// (around the resolvers, so the SQL spans nest under it), counts the operation by name, type and
// outcome, observes its duration, counts its errors by code, and tells the access log the
// operation's name. It never reads the query text or the variables.
type GraphQL struct {
	Metrics *Metrics // nil: no metrics
	Tracer  trace.Tracer
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = GraphQL{}

func (GraphQL) ExtensionName() string                   { return "HavenObserve" }
func (GraphQL) Validate(graphql.ExecutableSchema) error { return nil }

func (g GraphQL) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	name, typ := "", "unknown"
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		name = oc.OperationName
		if oc.Operation != nil {
			typ = string(oc.Operation.Operation)
			if name == "" {
				name = oc.Operation.Name
			}
		}
	}
	label := operationLabel(name)
	if info := infoFrom(ctx); info != nil && label != "anonymous" {
		info.setOperation(label)
	}
	ctx, span := g.Tracer.Start(ctx, "graphql."+typ+" "+label, trace.WithAttributes(
		attribute.String("graphql.operation.name", label),
		attribute.String("graphql.operation.type", typ),
	))
	start := time.Now()
	resp := next(ctx)
	elapsed := time.Since(start)
	outcome := "ok"
	if resp != nil && len(resp.Errors) > 0 {
		outcome = "error"
		span.SetStatus(codes.Error, "graphql errors")
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			if code == "" {
				code = "NONE"
			}
			span.AddEvent("graphql.error", trace.WithAttributes(attribute.String("code", code)))
			if g.Metrics != nil {
				g.Metrics.graphqlErrors.WithLabelValues(code).Inc()
			}
		}
	}
	span.End()
	if g.Metrics != nil && resp != nil {
		label = g.Metrics.operationNames.label(label)
		g.Metrics.operations.WithLabelValues(label, typ, outcome).Inc()
		g.Metrics.opDuration.WithLabelValues(label, typ).Observe(elapsed.Seconds())
	}
	return resp
}

// operationLabel is name when it is a GraphQL name of at most 64 characters (so a label is
// always short and printable), "anonymous" when there is none, and "invalid" otherwise.
func operationLabel(name string) string {
	if name == "" {
		return "anonymous"
	}
	if len(name) > 64 {
		return "invalid"
	}
	for i, c := range []byte(name) {
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', i > 0 && c >= '0' && c <= '9':
		default:
			return "invalid"
		}
	}
	return name
}

package observe

import (
	"context"
	"fmt"
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// TracerName names Haven's tracer.
const TracerName = "haven"

// NoTracing is the provider when traces go nowhere: spans cost next to nothing.
func NoTracing() trace.TracerProvider { return noop.NewTracerProvider() }

// OTLPTracing returns a provider that batches spans to an OTLP collector over HTTP. The exporter
// reads the standard variables itself: OTEL_EXPORTER_OTLP_ENDPOINT (or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TIMEOUT,
// OTEL_EXPORTER_OTLP_CERTIFICATE; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the
// service (default "haven"). Shut it down to flush what is buffered.
func OTLPTracing(ctx context.Context) (*sdktrace.TracerProvider, error) {
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("tracing: OTLP exporter: %w", err)
	}
	res, err := resource.Merge(
		resource.NewSchemaless(semconv.ServiceName("haven")),
		resource.Environment(), // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win
	)
	if err != nil {
		return nil, fmt.Errorf("tracing: resource: %w", err)
	}
	return sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res)), nil
}

// TraceHTTP opens a server span per request (otelhttp), continuing a W3C traceparent sent by the
// caller. Spans are named by method and mux pattern; their attributes hold the path, never the
// query string.
func TraceHTTP(tp trace.TracerProvider, next http.Handler) http.Handler {
	return otelhttp.NewHandler(next, "haven",
		otelhttp.WithTracerProvider(tp),
		otelhttp.WithPropagators(propagation.TraceContext{}),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
			return "HTTP " + r.Method + " " + r.URL.Path
		}),
	)
}

// ContinueTraces is TraceHTTP for a Haven whose spans go nowhere: it opens no span, and only
// puts a caller's W3C traceparent in the request's context, so that log lines still carry the
// caller's trace_id as they do under TraceHTTP with a no-op provider. It saves what otelhttp
// costs every request even then (its wrapped writer, attributes and metric recording).
func ContinueTraces(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("traceparent") != "" {
			ctx := propagation.TraceContext{}.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(w, r)
	})
}

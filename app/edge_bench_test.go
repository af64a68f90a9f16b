package app_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"haven/app"
	"haven/config"
	"haven/edge"
)

// BenchmarkRequestOverhead serves a trivial operation with nothing around it but the access log,
// with metrics, CORS and request budgets on, and with every span recorded: the difference is what
// the edge and observability cost a request.
func BenchmarkRequestOverhead(b *testing.B) {
	ops := config.Operations{
		Metrics: true, CORSAllowedOrigins: []string{"https://app.example.org"},
		RateLimits: edge.Budgets{Anonymous: edge.Budget{Requests: 1 << 30, Window: time.Minute}},
	}
	for _, c := range []struct {
		name string
		ops  config.Operations
		o    app.Options
	}{
		{"bare", config.Operations{}, app.Options{}},
		{"metrics+cors+budgets", ops, app.Options{}},
		{"metrics+cors+budgets+spans", ops, app.Options{TracerProvider: sdktrace.NewTracerProvider(sdktrace.WithSyncer(tracetest.NewNoopExporter()))}},
	} {
		b.Run(c.name, func(b *testing.B) {
			a := newOpsApp(b, c.ops, c.o)
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"query Hello { __typename }"}`))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Origin", "https://app.example.org")
				rec := httptest.NewRecorder()
				a.Handler().ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}

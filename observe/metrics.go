package observe

import (
	"database/sql"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are one Haven's Prometheus series, in a registry of its own so that several Havens in
// one process (tests, replicas of a test) never collide.
type Metrics struct {
	Registry *prometheus.Registry

	httpRequests   *prometheus.CounterVec
	httpDuration   *prometheus.HistogramVec
	operations     *prometheus.CounterVec
	opDuration     *prometheus.HistogramVec
	graphqlErrors  *prometheus.CounterVec
	operationNames *nameSet
}

// NewMetrics registers Haven's series: HTTP, GraphQL, the Go runtime and process, the database
// pool (when db is non-nil), and the domain's counters (domain.go).
func NewMetrics(db *sql.DB) *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "haven_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "haven_http_request_duration_seconds", Help: "HTTP request duration by route and method.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method"}),
		operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "haven_graphql_operations_total", Help: "GraphQL operations by name, type and outcome (ok or error).",
		}, []string{"operation", "type", "outcome"}),
		opDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "haven_graphql_operation_duration_seconds", Help: "GraphQL operation execution time by name and type.",
			Buckets: prometheus.DefBuckets,
		}, []string{"operation", "type"}),
		graphqlErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "haven_graphql_errors_total", Help: "GraphQL errors by code (extensions.code).",
		}, []string{"code"}),
		operationNames: &nameSet{max: maxOperationNames, seen: map[string]bool{}},
	}
	m.Registry.MustRegister(m.httpRequests, m.httpDuration, m.operations, m.opDuration, m.graphqlErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		m.Registry.MustRegister(collectors.NewDBStatsCollector(db, "haven"))
	}
	registerDomain(m.Registry)
	return m
}

// Handler serves the registry in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

// HTTP counts each request by the ServeMux pattern that served it (a bounded set: never the raw
// path, which a client chooses) and observes its duration. It must wrap the ServeMux directly:
// the mux records the pattern on the request it is given.
func (m *Metrics) HTTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		start := time.Now()
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		method := r.Method
		switch method {
		case http.MethodGet, http.MethodPost, http.MethodOptions, http.MethodHead:
		default:
			method = "other"
		}
		m.httpRequests.WithLabelValues(route, method, strconv.Itoa(sw.status())).Inc()
		m.httpDuration.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
	})
}

// maxOperationNames bounds the operation label: clients name their operations, and a client
// that invents a new name per request must not grow the metrics without end.
const maxOperationNames = 500

// nameSet admits up to max distinct names; later names become "other".
type nameSet struct {
	mu   sync.Mutex
	max  int
	seen map[string]bool
}

func (s *nameSet) label(name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen[name] {
		return name
	}
	if len(s.seen) >= s.max {
		return "other"
	}
	s.seen[name] = true
	return name
}

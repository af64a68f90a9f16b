package app_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"haven/app"
	"haven/apptest"
	"haven/config"
	"haven/ent/content"
	"haven/observe"
)

func gql(t *testing.T, a *app.App, header http.Header, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header[k] = v
	}
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, req)
	return rec
}

// scrape returns the value of every series on /metrics, keyed by name{labels}.
func scrape(t *testing.T, a *app.App) map[string]float64 {
	t.Helper()
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("/metrics: status %d", rec.Code)
	}
	out := map[string]float64{}
	sc := bufio.NewScanner(rec.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}

func TestMetricsMove(t *testing.T) {
	a := newOpsApp(t, config.Operations{Metrics: true})
	const (
		ops      = `haven_graphql_operations_total{operation="Hello",outcome="ok",type="query"}`
		requests = `haven_http_requests_total{method="POST",route="POST /graphql",status="200"}`
		errs     = `haven_graphql_errors_total{code="BAD_USER_INPUT"}`
		crisis   = `haven_crisis_support_shown_total{concern="SUICIDE"}`
	)
	before := scrape(t, a)
	for range 3 {
		if rec := gql(t, a, nil, `{"query":"query Hello { __typename }"}`); rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
	gql(t, a, nil, `{"query":"{ search(query: \"i want to kill myself\") { crisisSupport { message } } }"}`)
	gql(t, a, nil, `{"query":"{ search(query: 5) { crisisSupport { message } } }"}`)
	after := scrape(t, a)
	if d := after[ops] - before[ops]; d != 3 {
		t.Errorf("%s moved by %v, want 3", ops, d)
	}
	if d := after[requests] - before[requests]; d < 4 {
		t.Errorf("%s moved by %v, want at least 4", requests, d)
	}
	if d := after[errs] - before[errs]; d < 1 {
		t.Errorf("%s moved by %v, want at least 1", errs, d)
	}
	if d := after[crisis] - before[crisis]; d < 1 {
		t.Errorf("%s moved by %v, want at least 1", crisis, d)
	}
	for _, name := range []string{
		`haven_http_request_duration_seconds_count{method="POST",route="POST /graphql"}`,
		`haven_graphql_operation_duration_seconds_count{operation="Hello",type="query"}`,
		`go_sql_max_open_connections{db_name="haven"}`,
		`haven_queue_depth{status="SUBMITTED"}`,
		`haven_queue_depth{status="SCHEDULED"}`,
	} {
		if _, ok := after[name]; !ok {
			t.Errorf("no series %s", name)
		}
	}
	for name := range after {
		if strings.Contains(name, "kill") {
			t.Errorf("search text reached the metrics: %s", name)
		}
	}
}

// TestModerationDecisionsCounted unpublishes content through the API of a test hub and reads
// the counter from another Haven's /metrics: the domain's counters are process-wide.
func TestModerationDecisionsCounted(t *testing.T) {
	a := newOpsApp(t, config.Operations{Metrics: true})
	const series = `haven_moderation_decisions_total{action="unpublish"}`
	before := scrape(t, a)[series]
	h := apptest.New(t)
	c := h.Content("Breathing exercises").By(h.Creator("ana").Owner("creator:ana").Create()).Status(content.StatusLIVE).Create()
	h.Query(h.Token("pub", "publisher"), `mutation($id: ID!) { unpublishContent(id: $id, reason: "outdated") { id } }`,
		map[string]any{"id": apptest.GID(c.ID)}, nil)
	if d := scrape(t, a)[series] - before; d != 1 {
		t.Errorf("%s moved by %v, want 1", series, d)
	}
}

func TestMetricsOff(t *testing.T) {
	a := newOpsApp(t, config.Operations{})
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("/metrics with METRICS=false: status %d", rec.Code)
	}
}

func TestTraceHasOperationAndSQLSpans(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	a := newOpsApp(t, config.Operations{}, app.Options{TracerProvider: tp})
	rec := gql(t, a, http.Header{"Traceparent": {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}},
		`{"query":"query Feed($q: String!) { search(query: $q) { contents(first: 2) { edges { node { id } } } } }","variables":{"q":"sleep hygiene"}}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	spans := exp.GetSpans()
	var httpSpan, opSpan *tracetest.SpanStub
	var sql []tracetest.SpanStub
	for i, s := range spans {
		switch {
		case strings.HasPrefix(s.Name, "HTTP "):
			httpSpan = &spans[i]
		case s.Name == "graphql.query Feed":
			opSpan = &spans[i]
		case strings.HasPrefix(s.Name, "sql "):
			sql = append(sql, s)
		}
		for _, kv := range s.Attributes {
			if strings.Contains(kv.Value.Emit(), "sleep hygiene") {
				t.Errorf("span %s attribute %s holds the search text", s.Name, kv.Key)
			}
		}
	}
	if httpSpan == nil || opSpan == nil {
		t.Fatalf("want an HTTP span and an operation span, got %v", names(spans))
	}
	if got := httpSpan.SpanContext.TraceID().String(); got != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Errorf("trace %s, want the caller's traceparent continued", got)
	}
	if opSpan.Parent.SpanID() != httpSpan.SpanContext.SpanID() {
		t.Errorf("operation span's parent is not the HTTP span")
	}
	nested := 0
	for _, s := range sql {
		if s.Parent.SpanID() == opSpan.SpanContext.SpanID() {
			nested++
		}
	}
	if nested == 0 {
		t.Errorf("no SQL span under the operation span; spans: %v", names(spans))
	}
}

func names(spans tracetest.SpanStubs) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name)
	}
	return out
}

func TestRequestIDsInLogs(t *testing.T) {
	var buf apptest.Buffer
	a := newOpsApp(t, config.Operations{}, app.Options{Logger: observe.NewLogger(&buf, "json")})
	// Start-up lines (such as the migrations applied) belong to no request: look only at what
	// is logged while serving the requests below.
	startup := len(buf.String())
	rec := gql(t, a, http.Header{"X-Request-Id": {"req-42.a"}},
		`{"query":"query Look($q: String!) { search(query: $q) { crisisSupport { message } } }","variables":{"q":"i feel hopeless"},"operationName":"Look"}`)
	if got := rec.Header().Get("X-Request-Id"); got != "req-42.a" {
		t.Errorf("echoed X-Request-Id = %q, want req-42.a", got)
	}
	rec2 := gql(t, a, http.Header{"X-Request-Id": {"bad id\nforged"}}, `{"query":"{ __typename }"}`)
	generated := rec2.Header().Get("X-Request-Id")
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(generated) {
		t.Errorf("a malformed X-Request-Id was not replaced: %q", generated)
	}
	out := buf.String()[startup:]
	if strings.Contains(out, "hopeless") || strings.Contains(out, "search(") || strings.Contains(out, "forged") {
		t.Errorf("the log holds query text, variables or a forged ID:\n%s", out)
	}
	var access []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["request_id"] == nil {
			t.Errorf("log line without request_id: %s", line)
		}
		if rec["msg"] == "request" {
			access = append(access, rec)
		}
	}
	if len(access) != 2 {
		t.Fatalf("want one access-log line per request (2), got %d:\n%s", len(access), out)
	}
	first := access[0]
	if first["request_id"] != "req-42.a" || first["method"] != "POST" || first["path"] != "/graphql" ||
		first["status"] != float64(200) || first["operation"] != "Look" || first["duration_ms"] == nil {
		t.Errorf("access-log line = %v", first)
	}
	if access[1]["request_id"] != generated {
		t.Errorf("second line's request_id = %v, want the generated %s", access[1]["request_id"], generated)
	}
}

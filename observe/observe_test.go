package observe

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestOperationLabel(t *testing.T) {
	for in, want := range map[string]string{
		"": "anonymous", "Feed": "Feed", "_x1": "_x1", "1abc": "invalid", "a b": "invalid",
		"kill myself": "invalid", strings.Repeat("a", 65): "invalid", strings.Repeat("a", 64): strings.Repeat("a", 64),
	} {
		if got := operationLabel(in); got != want {
			t.Errorf("operationLabel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOperationNamesAreBounded(t *testing.T) {
	s := &nameSet{max: 3, seen: map[string]bool{}}
	for _, n := range []string{"A", "B", "C"} {
		if s.label(n) != n {
			t.Fatalf("%s refused below the bound", n)
		}
	}
	if s.label("D") != "other" || s.label("A") != "A" {
		t.Error("past the bound a new name is not other, or a known name is lost")
	}
}

func TestValidRequestID(t *testing.T) {
	for in, want := range map[string]bool{
		"3f2b6c1e-8d4a-4c1b-9e2f-0a1b2c3d4e5f": true, "req-42.a": true, "a:b_c": true,
		"": false, "a b": false, "x\ny": false, "é": false, strings.Repeat("a", 129): false,
	} {
		if got := validRequestID(in); got != want {
			t.Errorf("validRequestID(%q) = %t", in, got)
		}
	}
	if a, b := newRequestID(), newRequestID(); a == b || !validRequestID(a) {
		t.Errorf("generated IDs %q, %q", a, b)
	}
}

// TestContinueTracesCarriesTheCallersTrace: with spans going nowhere, a line logged while
// serving a request that came with a W3C traceparent carries the caller's trace_id, as it did
// under otelhttp with a no-op provider; a request without one carries none.
func TestContinueTracesCarriesTheCallersTrace(t *testing.T) {
	var buf bytes.Buffer
	log := NewLogger(&buf, "json")
	h := ContinueTraces(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		log.InfoContext(r.Context(), "inside")
	}))
	for _, tp := range []string{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", ""} {
		buf.Reset()
		req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		if tp != "" {
			req.Header.Set("traceparent", tp)
		}
		h.ServeHTTP(httptest.NewRecorder(), req)
		var line map[string]any
		if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		want := any(nil)
		if tp != "" {
			want = "4bf92f3577b34da6a3ce929d0e0e4736"
		}
		if line["trace_id"] != want {
			t.Errorf("traceparent %q: trace_id %v, want %v", tp, line["trace_id"], want)
		}
	}
}

package graph_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"haven/apptest"
)

// The checks of graphql-http's server audit that concern what Haven chooses: media types,
// status codes, and no "data" entry when a request fails before execution.
func TestGraphQLOverHTTP(t *testing.T) {
	h := apptest.New(t)
	const (
		asJSON     = "application/json"
		asResponse = "application/graphql-response+json"
	)
	tests := []struct {
		name, accept, body string
		status             int
		media              string
		data               bool // whether the body has a data entry
	}{
		{"query, no Accept", "", `{"query":"{ __typename }"}`, 200, asJSON, true},
		{"query, */*", "*/*", `{"query":"{ __typename }"}`, 200, asJSON, true},
		{"query, json", asJSON, `{"query":"{ __typename }"}`, 200, asJSON, true},
		{"query, graphql-response", asResponse, `{"query":"{ __typename }"}`, 200, asResponse, true},
		{"query, both preferred response", asResponse + ", " + asJSON + ";q=0.9", `{"query":"{ __typename }"}`, 200, asResponse, true},

		{"parse failure, json", asJSON, `{"query":"{"}`, 200, asJSON, false},
		{"validation failure, json", asJSON, `{"query":"{ notAField }"}`, 200, asJSON, false},
		{"variable coercion failure, json", asJSON, `{"query":"query($id: ID!) { node(id: $id) { id } }","variables":{"id":{"x":1}}}`, 200, asJSON, false},
		{"parse failure, graphql-response", asResponse, `{"query":"{"}`, 400, asResponse, false},
		{"validation failure, graphql-response", asResponse, `{"query":"{ notAField }"}`, 400, asResponse, false},
		{"variable coercion failure, graphql-response", asResponse, `{"query":"query($id: ID!) { node(id: $id) { id } }","variables":{}}`, 400, asResponse, false},
		{"over the bounds, graphql-response", asResponse, `{"query":"{ a1: __typename a2: __typename a3: __typename a4: __typename a5: __typename a6: __typename a7: __typename a8: __typename a9: __typename a10: __typename a11: __typename a12: __typename a13: __typename a14: __typename a15: __typename a16: __typename a17: __typename a18: __typename a19: __typename a20: __typename a21: __typename a22: __typename a23: __typename a24: __typename a25: __typename a26: __typename a27: __typename a28: __typename a29: __typename a30: __typename a31: __typename }"}`, 400, asResponse, false},

		{"missing query, json", asJSON, `{"qeury":"{ __typename }"}`, 400, asJSON, false},
		{"query not a string, graphql-response", asResponse, `{"query":{"obj":"ect"}}`, 400, asResponse, false},
		{"body not JSON, json", asJSON, `{"query":`, 400, asJSON, false},
		{"body not JSON, graphql-response", asResponse, `{"query":`, 400, asResponse, false},

		// An operation that executed is 200 in both, with its field errors beside its data.
		{"field error, graphql-response", asResponse, `{"query":"{ node(id: \"999999\") { id } }"}`, 200, asResponse, true},
		{"field error, json", asJSON, `{"query":"{ node(id: \"999999\") { id } }"}`, 200, asJSON, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			if tt.accept != "" {
				req.Header.Set("Accept", tt.accept)
			}
			rec := httptest.NewRecorder()
			h.Handler().ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.media) {
				t.Errorf("Content-Type %q, want %s", ct, tt.media)
			}
			var body map[string]json.RawMessage
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
				t.Fatalf("body is not JSON: %s", rec.Body)
			}
			if _, has := body["data"]; has != tt.data {
				t.Errorf("data entry present = %t, want %t: %s", has, tt.data, rec.Body)
			}
			if !tt.data && body["errors"] == nil {
				t.Errorf("a failed request without errors: %s", rec.Body)
			}
		})
	}
}

func TestGraphQLOverHTTPGet(t *testing.T) {
	h := apptest.New(t)
	for _, tt := range []struct {
		url, accept string
		status      int
	}{
		{"/graphql?query=%7B__typename%7D", "application/graphql-response+json", 200},
		{"/graphql?query=%7B", "application/graphql-response+json", 400},
		{"/graphql?query=%7B", "application/json", 200},
		{"/graphql?qeury=%7B__typename%7D", "application/json", 400},
	} {
		req := httptest.NewRequest(http.MethodGet, tt.url, nil)
		req.Header.Set("Accept", tt.accept)
		rec := httptest.NewRecorder()
		h.Handler().ServeHTTP(rec, req)
		if rec.Code != tt.status {
			t.Errorf("GET %s (%s): status %d, want %d: %s", tt.url, tt.accept, rec.Code, tt.status, rec.Body)
		}
	}
}

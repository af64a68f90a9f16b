package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"haven/apptest"
)

// leaks are fragments of internal text that no error message may carry.
var leaks = []string{"SELECT", "pq:", "sqlite", "ent:", "goroutine", "Did you mean", "runtime/", ".go:"}

// checkErrors fails the test unless every error of res carries a code and no internal text.
func checkErrors(t *testing.T, what string, res *apptest.Response) {
	t.Helper()
	if strings.HasPrefix(strings.TrimSpace(res.Raw), "{") {
		var raw struct {
			Errors []map[string]any `json:"errors"`
		}
		if err := json.Unmarshal([]byte(res.Raw), &raw); err != nil {
			t.Errorf("%s: response is not JSON: %s", what, res.Raw)
		}
		for _, e := range raw.Errors {
			ext, _ := e["extensions"].(map[string]any)
			if code, _ := ext["code"].(string); code == "" {
				t.Errorf("%s: error without a code: %s", what, res.Raw)
			}
		}
	}
	for _, e := range res.Errors {
		for _, l := range leaks {
			if strings.Contains(e.Message, l) {
				t.Errorf("%s: message shows %q: %s", what, l, e.Message)
			}
		}
	}
}

// fail runs an operation anonymously and checks it fails with code naming field (when given).
func fail(t *testing.T, h *apptest.Hub, code, field, query string, vars map[string]any) *apptest.Response {
	t.Helper()
	res := h.Do(anonymous, query, vars)
	checkErrors(t, query, res)
	if res.Code() != code {
		t.Errorf("%s: want %s, got HTTP %d %s", query, code, res.Status, res.Raw)
		return res
	}
	if field != "" && res.Errors[0].Extensions.Field != field && !strings.Contains(res.Errors[0].Message, field) {
		t.Errorf("%s: the error does not name %q: %s", query, field, res.Raw)
	}
	return res
}

func TestPageSizes(t *testing.T) {
	h := apptest.New(t)
	c := h.Creator("pager").Owner("pager").Create()
	h.Content("Only piece").By(c).Create()
	const edges = `{ edges { node { id } } }`
	for _, tc := range []struct{ args, field string }{
		{"first: 101", "first"},
		{"last: 101", "last"},
		{"first: -1", "first"},
		{"last: -5", "last"},
		{"first: 2, last: 2", "last"},
		{"first: 1000000", "first"},
	} {
		t.Run(tc.args, func(t *testing.T) {
			for _, q := range []string{
				`{ contents(` + tc.args + `) ` + edges + ` }`,
				`{ creators(` + tc.args + `) ` + edges + ` }`,
				`{ organizations(` + tc.args + `) ` + edges + ` }`,
				`{ creator(handle: "pager") { contents(` + tc.args + `) ` + edges + ` } }`,
			} {
				res := fail(t, h, "BAD_USER_INPUT", tc.field, q, nil)
				if res.Code() == "BAD_USER_INPUT" && res.Errors[0].Extensions.Field != tc.field {
					t.Errorf("%s: field %q, want %q", q, res.Errors[0].Extensions.Field, tc.field)
				}
			}
		})
	}
	t.Run("100 is allowed", func(t *testing.T) {
		h.Query(anonymous, `{ contents(first: 100) `+edges+` creators(last: 100) `+edges+` }`, nil, nil)
	})
	t.Run("a page size of the wrong type", func(t *testing.T) {
		fail(t, h, "BAD_USER_INPUT", "", `query($n: Int) { contents(first: $n) `+edges+` }`, map[string]any{"n": "ten"})
		fail(t, h, "BAD_USER_INPUT", "", `query($n: Int) { contents(first: $n) `+edges+` }`, map[string]any{"n": 1e12})
	})
}

func TestMalformedCursors(t *testing.T) {
	h := apptest.New(t)
	jeff := h.Creator("therapyjeff").Owner("jeff").Create()
	h.Content("Piece").By(jeff).Create()
	h.Content("Other").By(jeff).Age(2).Create()
	var cr struct {
		Creators struct{ PageInfo struct{ EndCursor string } }
	}
	h.Query(anonymous, `{ creators(first: 1) { edges { node { id } } pageInfo { endCursor } } }`, nil, &cr)

	q := `query($c: Cursor) { contents(first: 2, after: $c) { edges { node { id } } } }`
	qb := `query($c: Cursor) { contents(last: 2, before: $c) { edges { node { id } } } }`
	for name, cur := range map[string]any{
		"not base64":           "%%%not a cursor%%%",
		"base64 of garbage":    "Z2FyYmFnZQ==",
		"empty":                "",
		"a number":             12,
		"an object":            map[string]any{"id": 1},
		"json in base64":       "eyJpZCI6MX0=",
		"truncated msgpack":    "gqFp",
		"another list's order": cr.Creators.PageInfo.EndCursor,
	} {
		t.Run(name, func(t *testing.T) {
			for arg, query := range map[string]string{"after": q, "before": qb} {
				res := h.Do(anonymous, query, map[string]any{"c": cur})
				checkErrors(t, name, res)
				if res.Code() != "BAD_USER_INPUT" {
					t.Errorf("%s: want BAD_USER_INPUT, got HTTP %d %s", name, res.Status, res.Raw)
				} else if !strings.Contains(res.Errors[0].Message, arg) || strings.Contains(res.Errors[0].Message, "msgpack") {
					t.Errorf("%s: the message does not name %s in plain words: %s", name, arg, res.Errors[0].Message)
				}
			}
		})
	}
	t.Run("inline in the document", func(t *testing.T) {
		fail(t, h, "BAD_USER_INPUT", "after", `{ contents(after: "nope") { edges { node { id } } } }`, nil)
	})

	t.Run("nested lists", func(t *testing.T) {
		fail(t, h, "BAD_USER_INPUT", "before", `{ creator(handle: "therapyjeff") { contents(last: 1, before: "nope") { edges { node { id } } } } }`, nil)
	})

	t.Run("a malformed ID", func(t *testing.T) {
		res := fail(t, h, "BAD_USER_INPUT", "id", `{ node(id: "abc") { id } }`, nil)
		if strings.Contains(res.Raw, "strconv") {
			t.Errorf("message: %s", res.Raw)
		}
		fail(t, h, "BAD_USER_INPUT", "ids", `{ nodes(ids: ["1", "x"]) { id } }`, nil)
	})
}

func TestBadDocuments(t *testing.T) {
	h := apptest.New(t)
	for _, tc := range []struct{ name, query, operation string }{
		{"syntax error", `{ contents(first: 2 { edges { node { id } } } }`, ""},
		{"unknown field", `{ contents { edge { node { title } } } }`, ""},
		{"misspelled field", `{ contents { edges { node { titel } } } }`, ""},
		{"unknown argument", `{ contents(frist: 2) { edges { node { id } } } }`, ""},
		{"unknown enum value", `{ contents(orderBy: {field: TITEL, direction: ASC}) { edges { node { id } } } }`, ""},
		{"misspelled type", `query($w: ContentWhereInpt) { contents(where: $w) { edges { node { id } } } }`, ""},
		{"missing variable", `query($id: ID!) { node(id: $id) { id } }`, ""},
		{"subselection required", `{ contents }`, ""},
		{"empty document", ``, ""},
		{"unknown operation", `query A { topics { slug } }`, "B"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"query": tc.query, "operationName": tc.operation})
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			res := h.Send(req)
			checkErrors(t, tc.name, res)
			if res.Code() != "BAD_USER_INPUT" {
				t.Errorf("want BAD_USER_INPUT, got HTTP %d %s", res.Status, res.Raw)
			}
		})
	}
}

func TestOperationLimits(t *testing.T) {
	h := apptest.New(t)

	t.Run("depth", func(t *testing.T) {
		// contents.edges.node.creator.contents.edges.node.creator.contents.edges.node.creator.contents.edges.node.id
		deep := `{ contents(first: 1) { edges { node { creator { contents(first: 1) { edges { node { creator {
  contents(first: 1) { edges { node { creator { contents(first: 1) { edges { node { id } } } } } } } } } } } } } } } }`
		res := fail(t, h, "BAD_USER_INPUT", "", deep, nil)
		if !strings.Contains(res.Raw, "nested") {
			t.Errorf("the error does not say what is wrong: %s", res.Raw)
		}
		// Fragments count too.
		frag := `{ contents(first: 1) { ...a } }
fragment a on ContentConnection { edges { node { creator { contents(first: 1) { ...b } } } } }
fragment b on ContentConnection { edges { node { creator { contents(first: 1) { ...c } } } } }
fragment c on ContentConnection { edges { node { creator { contents(first: 1) { edges { node { id } } } } } } }`
		fail(t, h, "BAD_USER_INPUT", "", frag, nil)
		// Twelve levels are fine.
		h.Query(anonymous, `{ contents(first: 1) { edges { node { creator { contents(first: 1) { edges { node { creator {
  contents(first: 1) { edges { node { id } } } } } } } } } } } }`, nil, nil)
	})

	t.Run("aliases", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("{")
		for i := range 31 {
			b.WriteString(" t")
			b.WriteString(strings.Repeat("x", i+1))
			b.WriteString(": topics { slug }")
		}
		b.WriteString(" }")
		res := fail(t, h, "BAD_USER_INPUT", "", b.String(), nil)
		if !strings.Contains(res.Raw, "aliases") {
			t.Errorf("the error does not say what is wrong: %s", res.Raw)
		}
	})

	t.Run("complexity", func(t *testing.T) {
		for _, q := range []string{
			`{ contents(first: 100) { edges { node { creator { contents(first: 100) { edges { node { id title } } } } } } } }`,
			`{ creators(first: 100) { edges { node { contents(first: 100) { edges { node { id } } } } } } }`,
			// Without page sizes a connection is a page of twenty.
			`{ creators { edges { node { contents { edges { node { creator { contents { edges { node { id } } } } } } } } } } }`,
		} {
			res := fail(t, h, "BAD_USER_INPUT", "", q, nil)
			if !strings.Contains(res.Raw, "complexity") {
				t.Errorf("the error does not say what is wrong: %s", res.Raw)
			}
		}
		// A page of 100 with its edges is fine.
		h.Query(anonymous, `{ contents(first: 100) { edges { node { id title creator { handle } organization { slug } topics { slug } } } } }`, nil, nil)
	})

	t.Run("tokens", func(t *testing.T) {
		q := "{ topics { " + strings.Repeat("slug ", 12000) + "} }"
		fail(t, h, "BAD_USER_INPUT", "", q, nil)
	})
}

func TestHTTPRefusals(t *testing.T) {
	h := apptest.New(t)

	post := func(body []byte, contentType string) *apptest.Response {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		return h.Send(req)
	}

	t.Run("a body over 1 MiB", func(t *testing.T) {
		big, _ := json.Marshal(map[string]any{"query": "{ topics { slug } }", "variables": map[string]any{"pad": strings.Repeat("x", 1<<20)}})
		res := post(big, "application/json")
		checkErrors(t, "big body", res)
		if res.Status != http.StatusRequestEntityTooLarge || res.Code() != "BAD_USER_INPUT" {
			t.Errorf("HTTP %d %.300s", res.Status, res.Raw)
		}
		if len(res.Raw) > 1000 {
			t.Errorf("the error echoes the body: %d bytes", len(res.Raw))
		}
		// The same without a Content-Length, as a chunked upload sends it.
		req := httptest.NewRequest(http.MethodPost, "/graphql", struct{ *bytes.Reader }{bytes.NewReader(big)})
		req.ContentLength = -1
		req.Header.Set("Content-Type", "application/json")
		res = h.Send(req)
		checkErrors(t, "big chunked body", res)
		if res.Status != http.StatusRequestEntityTooLarge || res.Code() != "BAD_USER_INPUT" {
			t.Errorf("chunked: HTTP %d %.300s", res.Status, res.Raw)
		}
	})

	t.Run("a body just under 1 MiB works", func(t *testing.T) {
		body, _ := json.Marshal(map[string]any{"query": "{ topics { slug } }", "variables": map[string]any{"pad": strings.Repeat("x", 1<<20-100)}})
		if res := post(body, "application/json"); res.Status != http.StatusOK || len(res.Errors) > 0 {
			t.Errorf("HTTP %d %.300s", res.Status, res.Raw)
		}
	})

	t.Run("a body that is not JSON", func(t *testing.T) {
		res := post([]byte(`{"query": "{ topics { slug } }"`+strings.Repeat(" secret-looking-body", 10)), "application/json")
		checkErrors(t, "not JSON", res)
		if res.Status != http.StatusBadRequest || res.Code() != "BAD_USER_INPUT" || strings.Contains(res.Raw, "secret-looking-body") {
			t.Errorf("HTTP %d %s", res.Status, res.Raw)
		}
	})

	t.Run("a body of another content type", func(t *testing.T) {
		res := post([]byte(`query=%7B+topics+%7B+slug+%7D+%7D`), "application/x-www-form-urlencoded")
		checkErrors(t, "form", res)
		if res.Status < 400 || res.Code() != "BAD_USER_INPUT" {
			t.Errorf("HTTP %d %s", res.Status, res.Raw)
		}
	})

	get := func(q url.Values) *apptest.Response {
		return h.Send(httptest.NewRequest(http.MethodGet, "/graphql?"+q.Encode(), nil))
	}

	t.Run("GET runs queries", func(t *testing.T) {
		h.Topic("grief").Create()
		res := get(url.Values{"query": {`query($s: String!) { topics { slug } creator(handle: $s) { handle } }`}, "variables": {`{"s": "x"}`}})
		if res.Status != http.StatusOK || len(res.Errors) > 0 || !strings.Contains(res.Raw, "grief") {
			t.Errorf("HTTP %d %s", res.Status, res.Raw)
		}
	})

	t.Run("GET refuses mutations", func(t *testing.T) {
		for _, q := range []url.Values{
			{"query": {`mutation { reportContent(contentID: 1, reason: SPAM) }`}},
			{"query": {`query A { topics { slug } } mutation B { reportContent(contentID: 1, reason: SPAM) }`}, "operationName": {"B"}},
		} {
			res := get(q)
			checkErrors(t, "GET mutation", res)
			if res.Status != http.StatusMethodNotAllowed || res.Code() != "BAD_USER_INPUT" {
				t.Errorf("HTTP %d %s", res.Status, res.Raw)
			}
		}
		if n := h.Client().Report.Query().CountX(h.System()); n != 0 {
			t.Errorf("a GET mutation wrote %d reports", n)
		}
	})

	t.Run("GET with bad variables", func(t *testing.T) {
		res := get(url.Values{"query": {`{ topics { slug } }`}, "variables": {`{not json`}})
		checkErrors(t, "GET variables", res)
		if res.Status != http.StatusBadRequest || res.Code() != "BAD_USER_INPUT" {
			t.Errorf("HTTP %d %s", res.Status, res.Raw)
		}
		res = get(url.Values{})
		checkErrors(t, "GET without a query", res)
		if res.Status < 400 || res.Code() != "BAD_USER_INPUT" {
			t.Errorf("no query: HTTP %d %s", res.Status, res.Raw)
		}
	})
}

package graph_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"haven/graph"
)

// TestResponseWriterMatchesEncodingJSON: the POST transport's answers are the bytes gqlgen's
// json.Marshal writes, for data with HTML characters, line and paragraph separators, escaped
// quotes and backslashes, white space between tokens (a marshaler that indents or ends with a
// newline), and for answers with errors, extensions or no data.
func TestResponseWriterMatchesEncodingJSON(t *testing.T) {
	texts := []string{"", "plain", `<script>alert("x")</script>`, "a & b > c", "line\u2028para\u2029end", "\u2027\u202a",
		`back\slash "quoted" \"`, "tab\tnew\nline", "emoji 🌱 é", "\x00\x1f", "\\", `"`, "\xe2\x80", "ends in \xe2"}
	rng := rand.New(rand.NewPCG(3, 4))
	var value func(depth int) any
	value = func(depth int) any {
		switch k := rng.IntN(7); {
		case depth > 3 || k == 0:
			return texts[rng.IntN(len(texts))]
		case k == 1:
			return rng.IntN(1000) - 500
		case k == 2:
			return nil
		case k == 3:
			return rng.IntN(2) == 0
		case k < 6:
			m := map[string]any{}
			for range rng.IntN(4) {
				m[texts[rng.IntN(len(texts))]] = value(depth + 1)
			}
			return m
		default:
			var l []any
			for range rng.IntN(4) {
				l = append(l, value(depth+1))
			}
			return l
		}
	}
	var docs []json.RawMessage
	for range 300 {
		v := map[string]any{"contents": value(0)}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(rng.IntN(2) == 0)
		if rng.IntN(2) == 0 {
			enc.SetIndent(strings.Repeat(" ", rng.IntN(3)), "\t")
		}
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, b.Bytes())
	}
	docs = append(docs, json.RawMessage(`{"a":"<>&\u2028"}`), json.RawMessage(" { \"k\" : [ 1 , \"\\\" <\" ] }\n"))
	var responses []*graphql.Response
	for _, d := range docs {
		responses = append(responses, &graphql.Response{Data: d})
	}
	responses = append(responses,
		&graphql.Response{Data: json.RawMessage(`{"x":1}`), Errors: gqlerror.List{{Message: "<bad>", Extensions: map[string]any{"code": "BAD_USER_INPUT"}}}},
		&graphql.Response{Errors: gqlerror.List{{Message: "no data"}}},
		&graphql.Response{Data: json.RawMessage(`{"x":1}`), Extensions: map[string]any{"cost": 3}},
		&graphql.Response{},
	)
	for i, resp := range responses {
		want, err := json.Marshal(resp)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		graph.WriteResponse(&got, resp)
		if got.String() != string(want) {
			t.Fatalf("response %d:\nwrote      %s\njson wrote %s", i, got.String(), want)
		}
	}
}

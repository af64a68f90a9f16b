package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"haven/ent"
)

// The tests in this file pin the text of the library errors Haven recognizes by their message
// (gqlgen, gqlparser, entgql and the code entgql generates). Each produces the error from the
// library itself and checks that Haven's matcher still recognizes it, so that an upgrade that
// rewords one fails here rather than turning a client's input error into an internal one.

func TestLibraryErrorTextEmptyFilter(t *testing.T) {
	empty := &ent.TopicWhereInput{}
	_, err := (&ent.TopicWhereInput{Not: empty}).P()
	if err == nil || !emptyFilter(err) {
		t.Fatalf("entgql's empty where input: %v is not recognized", err)
	}
	if wrapped := graphql.ErrorOnPath(graphql.WithPathContext(context.Background(), graphql.NewPathWithField("where")), err); !emptyFilter(wrapped) {
		t.Fatalf("entgql's empty where input on a path: %v is not recognized", wrapped)
	}
}

func TestLibraryErrorTextArguments(t *testing.T) {
	path := ast.Path{ast.PathName("after")}
	var cursor ent.Cursor
	cursorErr := cursor.UnmarshalGQL("not-a-cursor")
	_, idErr := graphql.UnmarshalIntID("abc")
	var numberCursor ent.Cursor
	stringErr := numberCursor.UnmarshalGQL(json.Number("12")) // "json.Number is not a string"
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"entgql cursor", cursorErr, "after: not a valid cursor"},
		{"gqlgen IntID", idErr, "after: not a valid ID"},
		{"entgql cursor given a number", stringErr, "after: must be a string"},
	} {
		if c.err == nil {
			t.Fatalf("%s: the library accepted the bad value", c.name)
		}
		if got := argumentMessage(path, c.err.Error()); got != c.want {
			t.Errorf("%s: %q is reworded as %q, want %q", c.name, c.err.Error(), got, c.want)
		}
	}
}

func TestLibraryErrorTextSuggestions(t *testing.T) {
	schema := NewExecutableSchema(Config{Resolvers: &Resolver{}}).Schema()
	_, errs := gqlparser.LoadQuery(schema, `{ topcs { slug } }`)
	if len(errs) == 0 || !strings.Contains(errs[0].Message, " Did you mean") {
		t.Fatalf("gqlparser no longer suggests names as clientMessage expects: %v", errs)
	}
	if got := clientMessage(errs[0].Message); strings.Contains(got, "Did you mean") || strings.Contains(got, "topics") {
		t.Fatalf("the suggestion survives: %q", got)
	}
}

// TestLibraryErrorTextTransports pins the messages of gqlgen's HTTP transports that Haven
// rewords (an undecodable body) or answers with its own status (a GET mutation).
func TestLibraryErrorTextTransports(t *testing.T) {
	srv := handler.New(NewExecutableSchema(Config{Resolvers: &Resolver{}}))
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	message := func(req *http.Request) string {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		var out struct{ Errors []struct{ Message string } }
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || len(out.Errors) == 0 {
			t.Fatalf("no error in %s", rec.Body.String())
		}
		return out.Errors[0].Message
	}

	post := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query": `))
	post.Header.Set("Content-Type", "application/json")
	if got := clientMessage(message(post)); got != "the request body is not a JSON GraphQL request" {
		t.Errorf("an undecodable body reads %q", got)
	}
	get := httptest.NewRequest(http.MethodGet, "/graphql?query=mutation%7B__typename%7D", nil)
	if got := message(get); got != getMutationMessage {
		t.Errorf("a GET mutation reads %q, want %q", got, getMutationMessage)
	}
}

// TestLibraryErrorTextNodes pins the error the generated node resolver returns for an ID no
// table's range holds, which node and nodes treat as absent.
func TestLibraryErrorTextNodes(t *testing.T) {
	client := ent.NewClient() // no database: an ID outside every range fails before any query
	const outside = 1 << 50
	_, err := client.Noder(context.Background(), outside)
	if err == nil || !strings.Contains(err.Error(), "resolve table") || !absentNode(err) {
		t.Fatalf("Noder of an ID outside every table: %v is not absent", err)
	}
	scratch := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, nil)
	if _, err := client.Noders(scratch, []int{outside, outside + 1}); err != nil && !absentNode(err) {
		t.Fatalf("Noders: %v", err)
	}
	errs := graphql.GetErrors(scratch)
	if len(errs) == 0 {
		t.Fatal("Noders reported no error for IDs outside every table")
	}
	for _, e := range errs {
		if !absentNode(e) {
			t.Errorf("Noders error %q is not absent", e.Message)
		}
	}
}

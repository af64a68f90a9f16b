package graph_test

import (
	"strings"
	"testing"

	"haven/apptest"
)

// typeRef nests ofType levels deep, as introspection clients do to unwrap [T!]! and deeper.
func typeRef(levels int) string {
	s := "kind name"
	for range levels {
		s = "kind name ofType { " + s + " }"
	}
	return s
}

// fullIntrospection has the shape of the query GraphiQL, graphql-codegen and get-graphql-schema
// send (graphql-js getIntrospectionQuery with every option on): 15 levels at its deepest.
var fullIntrospection = `query IntrospectionQuery {
  __schema {
    description
    queryType { name kind } mutationType { name kind } subscriptionType { name kind }
    types { ...FullType }
    directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description specifiedByURL isOneOf
  fields(includeDeprecated: true) {
    name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
  }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue {
  name description type { ...TypeRef } defaultValue isDeprecated deprecationReason
}
fragment TypeRef on __Type { ` + typeRef(9) + ` }`

func TestStandardIntrospectionQueryInDevelopment(t *testing.T) {
	h := apptest.New(t) // development, default limits
	var out struct {
		Schema struct {
			QueryType struct{ Name string } `json:"queryType"`
			Types     []struct{ Name string }
		} `json:"__schema"`
	}
	h.Query("", fullIntrospection, nil, &out)
	if out.Schema.QueryType.Name != "Query" || len(out.Schema.Types) < 20 {
		t.Errorf("introspection answered %d types, query type %q", len(out.Schema.Types), out.Schema.QueryType.Name)
	}
	// The data queries' depth limit still holds outside introspection.
	deep := "{ __typename " + strings.Repeat("contents(first: 1) { edges { node { creator { ", 4) + "id" + strings.Repeat(" } } } }", 4) + " }"
	if res := h.Fail("BAD_USER_INPUT", "", deep, nil); !strings.Contains(res.Errors[0].Message, "nested") {
		t.Errorf("deep data query refused with %q, want the depth limit", res.Errors[0].Message)
	}
}

func TestIntrospectionHasBoundsOfItsOwn(t *testing.T) {
	h := apptest.New(t)
	// Type expansions within type expansions grow the answer by the schema's size every level.
	explosive := `{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }`
	res := h.Fail("BAD_USER_INPUT", "", explosive, nil)
	if !strings.Contains(res.Errors[0].Message, "introspection") {
		t.Errorf("message %q does not say introspection", res.Errors[0].Message)
	}
	h.Fail("BAD_USER_INPUT", "", `{ __type(name: "Query") { `+typeRef(30)+` } }`, nil)
	// __type with one nested expansion, as schema explorers ask, passes.
	h.Query("", `{ __type(name: "Content") { fields { name type { fields { name } } } } }`, nil, nil)
}

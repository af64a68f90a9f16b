package schema

import (
	"entgo.io/contrib/entgql"
	"github.com/vektah/gqlparser/v2/ast"

	"entgo.io/ent/dialect"
)

// textJSON stores JSON fields as PostgreSQL text rather than jsonb: lib/pq with
// binary_parameters=yes (one round trip per statement) sends parameters in binary, and text's
// binary form is its bytes while jsonb's is not; json would do that too but has no equality
// operator, which SELECT DISTINCT needs. Haven never queries inside these small lists.
var textJSON = map[string]string{dialect.Postgres: "text"}

// forceResolver makes gqlgen resolve a field through a resolver rather than read the struct
// field, so the resolver can decide who sees it.
var forceResolver = entgql.NewDirective("goField", &ast.Argument{
	Name: "forceResolver", Value: &ast.Value{Raw: "true", Kind: ast.BooleanValue},
})

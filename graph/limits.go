package graph

import (
	"context"
	"strings"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"haven/ent"
	"haven/ent/report"
	"haven/errcode"
)

// Page sizes of connections.
const (
	defaultPageSize = 20
	maxPageSize     = 100
)

// page validates first/last and returns them with the default page size applied when the client
// gave neither, so no connection ever reads an unbounded list.
func page(first, last *int) (*int, *int, error) {
	for name, v := range map[string]*int{"first": first, "last": last} {
		if v != nil && (*v < 0 || *v > maxPageSize) {
			return nil, nil, errcode.Input(name, "must be between 0 and %d", maxPageSize)
		}
	}
	if first != nil && last != nil {
		return nil, nil, errcode.Input("last", "give first or last, not both")
	}
	if first == nil && last == nil {
		n := defaultPageSize
		first = &n
	}
	return first, last, nil
}

// pageCost is what a connection of the given page size multiplies its children's cost by. A size
// out of range costs as much as the largest page: the resolver refuses it with an error naming
// first or last, which says more than "too complex" would.
func pageCost(first, last *int) int {
	switch {
	case first != nil && *first >= 0:
		return min(max(*first, 1), maxPageSize)
	case last != nil && *last >= 0:
		return min(max(*last, 1), maxPageSize)
	default:
		return defaultPageSize
	}
}

// setComplexity makes each connection cost its children times its page size, so a client
// cannot ask for 100 items of 100 items of 100 items.
func setComplexity(c *ComplexityRoot) {
	type cur = *entgql.Cursor[int]
	c.Query.Contents = func(n int, _ cur, first *int, _ cur, last *int, _ *ent.ContentOrder, _ *ent.ContentWhereInput) int {
		return 1 + n*pageCost(first, last)
	}
	c.Query.Creators = func(n int, _ cur, first *int, _ cur, last *int, _ *ent.CreatorOrder) int {
		return 1 + n*pageCost(first, last)
	}
	c.Query.Organizations = func(n int, _ cur, first *int, _ cur, last *int, _ *ent.OrganizationOrder) int {
		return 1 + n*pageCost(first, last)
	}
	c.Query.Submissions = func(n int, _ cur, first *int, _ cur, last *int, _ *ent.SubmissionOrder, _ *ent.SubmissionWhereInput) int {
		return 1 + n*pageCost(first, last)
	}
	c.Query.Events = func(n int, _ cur, first *int, _ cur, last *int, _ *bool) int {
		return 1 + n*pageCost(first, last)
	}
	c.Query.ModerationQueue = func(n int, _ cur, first *int) int { return 1 + n*pageCost(first, nil) }
	c.Query.Reports = func(n int, _ cur, first *int, _ *report.Status) int { return 1 + n*pageCost(first, nil) }
	c.Query.AuditEvents = func(n int, _ cur, first *int, _ *int) int { return 1 + n*pageCost(first, nil) }
	c.Creator.Contents = func(n int, _ cur, first *int, _ cur, last *int, _ *ent.ContentOrder, _ *ent.ContentWhereInput) int {
		return 1 + n*pageCost(first, last)
	}
	c.Organization.Contents = func(n int, _ cur, first *int, _ cur, last *int, _ *ent.ContentOrder, _ *ent.ContentWhereInput) int {
		return 1 + n*pageCost(first, last)
	}
	c.Campaign.UpcomingEvents = func(n int, first *int) int { return 1 + n*pageCost(first, nil) }
	c.SearchResult.Contents = func(n int, _ cur, first *int) int { return 1 + n*pageCost(first, nil) }
	c.Viewer.Notifications = func(n int, _ cur, first *int, _ *bool) int { return 1 + n*pageCost(first, nil) }
}

// shapeLimit refuses operations nested deeper than maxDepth or with more than maxAliases aliased
// fields, and introspection unless it is enabled, before any resolver runs. (Without the
// Introspection extension gqlgen would refuse __schema only while executing, as an error of the
// field, with part of the data.)
type shapeLimit struct {
	maxDepth, maxAliases int
	introspection        bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = shapeLimit{}

func (shapeLimit) ExtensionName() string                   { return "ShapeLimit" }
func (shapeLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (l shapeLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	w := walker{fragments: oc.Doc.Fragments, seen: map[string]bool{}}
	depth := w.walk(oc.Operation.SelectionSet, 0)
	if depth > l.maxDepth {
		return shapeError("query is nested %d levels deep; the limit is %d", depth, l.maxDepth)
	}
	if w.aliases > l.maxAliases {
		return shapeError("query uses %d aliases; the limit is %d", w.aliases, l.maxAliases)
	}
	if w.introspects && !l.introspection {
		return shapeError("introspection is disabled")
	}
	if in := w.introspection; in.depth > maxIntrospectionDepth || in.nesting > maxIntrospectionNesting {
		return shapeError("introspection query too deep: %d levels with %d nested type expansions; the limits are %d and %d",
			in.depth, in.nesting, maxIntrospectionDepth, maxIntrospectionNesting)
	}
	for _, v := range oc.Variables {
		w.input.variable(v, 1)
	}
	if w.input.values > maxInputValues || w.input.depth > maxInputDepth {
		return shapeError("arguments too large: %d values nested %d deep; the limits are %d and %d",
			w.input.values, w.input.depth, maxInputValues, maxInputDepth)
	}
	if strings.Contains(oc.RawQuery, "\x00") || strings.Contains(oc.RawQuery, `\u0000`) || hasNUL(oc.Variables) {
		// No text in Haven may hold a NUL: PostgreSQL refuses it and SQLite would cut it short.
		return shapeError("text must not contain NUL characters")
	}
	return nil
}

// hasNUL reports whether any string in a variables value holds a NUL character.
func hasNUL(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.ContainsRune(v, 0)
	case map[string]any:
		for k, x := range v {
			if strings.ContainsRune(k, 0) || hasNUL(x) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if hasNUL(x) {
				return true
			}
		}
	}
	return false
}

func shapeError(format string, args ...any) *gqlerror.Error {
	e := gqlerror.Errorf(format, args...)
	e.Extensions = map[string]any{"code": string(errcode.BadUserInput)}
	return e
}

type walker struct {
	fragments ast.FragmentDefinitionList
	seen      map[string]bool // fragments on the current path, so a cycle cannot loop forever
	aliases   int
	// introspects is set when the operation asks for __schema or __type.
	introspects bool
	// input measures the literal argument values: how many values and how deeply nested.
	input inputSize
	// introspection measures the __schema and __type selections.
	introspection introspectionShape
}

// Bounds on introspection. Every tool's introspection query (GraphiQL, graphql-codegen,
// get-graphql-schema, relay-compiler, Apollo) fits: the deepest is graphql-js's with
// inputValueDeprecation at 15 levels, and none asks for a type's fields inside another type's
// fields. The bounds stop the one costly shape, fields of types of fields of types ..., whose
// answer grows by the size of the schema with every level.
const (
	maxIntrospectionDepth   = 24
	maxIntrospectionNesting = 2 // fields/inputFields/interfaces/possibleTypes within one another
)

// introspectionShape is the deepest introspection selection and the most type-expanding fields
// nested along one path.
type introspectionShape struct{ depth, nesting int }

func (n *introspectionShape) walk(set ast.SelectionSet, depth, nesting int) {
	n.depth = max(n.depth, depth)
	n.nesting = max(n.nesting, nesting)
	if depth > maxIntrospectionDepth || nesting > maxIntrospectionNesting {
		return // already refused; do not follow an enormous document further
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			nest := nesting
			switch s.Name {
			case "fields", "inputFields", "interfaces", "possibleTypes":
				nest++
			}
			n.walk(s.SelectionSet, depth+1, nest)
		case *ast.InlineFragment:
			n.walk(s.SelectionSet, depth, nesting)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				n.walk(s.Definition.SelectionSet, depth, nesting)
			}
		}
	}
}

// Bounds on the arguments of one operation (variables and literals together). A where filter of
// 70,000 IDs or 1,500 nested nots is not a question anyone asks; it is an attack on the database.
const (
	maxInputValues = 2000
	maxInputDepth  = 16
)

// inputSize counts the values of arguments and their deepest nesting.
type inputSize struct{ values, depth int }

func (n *inputSize) literal(v *ast.Value, depth int) {
	if v == nil {
		return
	}
	n.values++
	n.depth = max(n.depth, depth)
	for _, c := range v.Children {
		n.literal(c.Value, depth+1)
	}
}

func (n *inputSize) variable(v any, depth int) {
	n.values++
	n.depth = max(n.depth, depth)
	switch v := v.(type) {
	case map[string]any:
		for _, x := range v {
			n.variable(x, depth+1)
		}
	case []any:
		for _, x := range v {
			n.variable(x, depth+1)
		}
	}
}

func (w *walker) walk(set ast.SelectionSet, depth int) int {
	deepest := depth
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if s.Alias != "" && s.Alias != s.Name {
				w.aliases++
			}
			for _, a := range s.Arguments {
				w.input.literal(a.Value, 1)
			}
			if depth == 0 && (s.Name == "__schema" || s.Name == "__type") {
				// Introspection reads the schema in memory, not the database: it has bounds of its
				// own (introspectionShape) instead of the data queries' depth limit, which
				// graphql-js's standard introspection query (15 levels) would not pass.
				w.introspects = true
				w.introspection.walk(s.SelectionSet, 1, 0)
				continue
			}
			d = w.walk(s.SelectionSet, depth+1)
		case *ast.InlineFragment:
			d = w.walk(s.SelectionSet, depth)
		case *ast.FragmentSpread:
			if w.seen[s.Name] {
				continue
			}
			if f := w.fragments.ForName(s.Name); f != nil {
				w.seen[s.Name] = true
				d = w.walk(f.SelectionSet, depth)
				delete(w.seen, s.Name)
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}

package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// mergeAliases hands a resolver the selection merged by name (mergeByName) when the operation
// selects some field under two response names, so that ent's field collection loads what every
// alias asks for. ent's generated collection (ent/gql_collection.go) keeps one eager load per
// unique edge and replaces it for each alias it meets, so that in
// `node(id: $submission) { ... on Submission { a: creator { handle } b: creator { displayName } } }`
// the creator was read with b's columns only and a's handle came back empty. The generated code
// is not ours to change; what it reads is the field context's selection, which this middleware
// reshapes for the resolver alone: the response is still written from the client's selection.
// Connections are reshaped by collectConnection, which merges their nodes the same way and hands
// every other field to this function (it is not a middleware of its own).
func mergeAliases(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !fc.IsResolver || len(fc.Field.Selections) == 0 {
		return next(ctx)
	}
	s := stateOf(ctx)
	if s == nil || !s.aliased {
		return next(ctx)
	}
	shaped := *fc
	shaped.Field.Selections = s.mergedSelection(graphql.GetOperationContext(ctx), fc.Field.Selections)
	ctx = graphql.WithFieldContext(ctx, &shaped)
	shaped.Parent = fc.Parent // the same place in the response, so errors keep their path
	res, err := next(ctx)
	shaped.Result = res
	return res, err
}

// selectionKey names a selection set of the operation by its first element and length.
type selectionKey struct {
	first *ast.Selection
	n     int
}

// mergedSelection returns set merged by name, merging each set once per operation.
func (s *requestState) mergedSelection(oc *graphql.OperationContext, set ast.SelectionSet) ast.SelectionSet {
	key := selectionKey{&set[0], len(set)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, ok := s.merged[key]; ok {
		return m
	}
	m := mergeByName(oc, set)
	if s.merged == nil {
		s.merged = map[selectionKey]ast.SelectionSet{}
	}
	s.merged[key] = m
	return m
}

package graph

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// requestState is what the resolvers of one operation share: the batches of per-object fields
// (batch.go) and the merged selections handed to ent's field collection (aliases.go). It lives
// in the operation's context and goes with it.
type requestState struct {
	// aliased: the operation selects some field under two response names, so field
	// collection may need the merged selection (see mergeAliases).
	aliased bool

	mu      sync.Mutex
	batches map[batchKey]*batch
	// merged keeps each merged selection for the whole operation: one merge per field however
	// many objects resolve it, and gqlgen's field collection cache, which is keyed by the
	// address of a selection set, never sees the address of a freed set reused.
	merged map[selectionKey]ast.SelectionSet
}

type stateKey struct{}

// withRequestState starts the shared state of an operation.
func withRequestState(ctx context.Context) context.Context {
	s := &requestState{}
	if oc := graphql.GetOperationContext(ctx); oc != nil {
		s.aliased = selectsUnderTwoNames(oc)
	}
	return context.WithValue(ctx, stateKey{}, s)
}

// stateOf returns the operation's shared state, nil outside an operation of the handler.
func stateOf(ctx context.Context) *requestState {
	s, _ := ctx.Value(stateKey{}).(*requestState)
	return s
}

// selectsUnderTwoNames reports whether the operation, its fragments included, selects a field
// name under two response names anywhere (`a: creator { … } b: creator { … }`, or `creator`
// here and `writer: creator` in a fragment). It is a cheap, conservative test: an operation
// without any alias (most are) is answered by a walk that allocates nothing and skips the
// merging entirely.
func selectsUnderTwoNames(oc *graphql.OperationContext) bool {
	if oc.Operation == nil || oc.Doc == nil {
		return false
	}
	aliased := hasAlias(oc.Operation.SelectionSet)
	for _, f := range oc.Doc.Fragments {
		aliased = aliased || hasAlias(f.SelectionSet)
	}
	if !aliased {
		return false
	}
	seen := map[string]string{}
	if twoNames(oc.Operation.SelectionSet, seen) {
		return true
	}
	for _, f := range oc.Doc.Fragments {
		if twoNames(f.SelectionSet, seen) {
			return true
		}
	}
	return false
}

// hasAlias reports whether set selects some field under a name of its own.
func hasAlias(set ast.SelectionSet) bool {
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			if sel.Alias != sel.Name || hasAlias(sel.SelectionSet) {
				return true
			}
		case *ast.InlineFragment:
			if hasAlias(sel.SelectionSet) {
				return true
			}
		}
	}
	return false
}

// twoNames reports whether set selects a field name under a response name other than the one
// seen holds for it, recording the names it meets.
func twoNames(set ast.SelectionSet, seen map[string]string) bool {
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			if sel.Name == "__typename" {
				continue
			}
			if alias, ok := seen[sel.Name]; ok && alias != sel.Alias {
				return true
			}
			seen[sel.Name] = sel.Alias
			if twoNames(sel.SelectionSet, seen) {
				return true
			}
		case *ast.InlineFragment:
			if twoNames(sel.SelectionSet, seen) {
				return true
			}
		}
	}
	return false
}

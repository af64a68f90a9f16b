package graph

import (
	"context"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// collectConnection shows entgql's Paginate a connection's selection in the one shape it reads.
// Paginate finds "edges", "node", "pageInfo" and "totalCount" by their response names, so an
// aliased edges or node came back empty or without its edges loaded, and it counts every
// matching row whenever pageInfo is asked for although it only needs the count for totalCount.
// The middleware hands the resolver a field context whose selection is the client's merged
// edges { node { ... } } under their own names, plus totalCount only when asked for: aliases
// work, field collection sees every selection of node, and the COUNT runs only for totalCount.
// pageInfo needs no count: Paginate reads one row past the page to know whether there is more.
// Every other field goes to mergeAliases.
func collectConnection(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil ||
		!strings.HasSuffix(fc.Field.Definition.Type.Name(), "Connection") {
		// Any other field: merged aliases, if any (one middleware for both, since every
		// middleware costs every field of every response a call and an allocation).
		return mergeAliases(ctx, next)
	}
	oc := graphql.GetOperationContext(ctx)
	var (
		node                   ast.SelectionSet
		edges, total, pageInfo bool
	)
	for _, f := range graphql.CollectFields(oc, fc.Field.Selections, nil) {
		switch f.Name {
		case "edges":
			edges = true
			for _, e := range graphql.CollectFields(oc, f.Selections, nil) {
				if e.Name == "node" {
					node = append(node, e.Selections...)
				}
			}
		case "totalCount":
			total = true
		case "pageInfo":
			pageInfo = true
		}
	}
	node = mergeByName(oc, node)
	var sel ast.SelectionSet
	if edges || pageInfo {
		// pageInfo alone still needs the page itself, so read its IDs.
		if node == nil {
			node = ast.SelectionSet{&ast.Field{Alias: "id", Name: "id"}}
		}
		sel = append(sel, &ast.Field{Alias: "edges", Name: "edges", SelectionSet: ast.SelectionSet{
			&ast.Field{Alias: "node", Name: "node", SelectionSet: node},
		}})
	}
	if total {
		sel = append(sel, &ast.Field{Alias: "totalCount", Name: "totalCount"})
	}
	shaped := *fc
	shaped.Field.Selections = sel
	ctx = graphql.WithFieldContext(ctx, &shaped)
	shaped.Parent = fc.Parent // the same place in the response, so errors keep their path
	res, err := next(ctx)
	shaped.Result = res
	return res, err
}

// mergeByName merges the fields of a selection that share a name, whatever their aliases, into
// one field under that name, recursively. ent's field collection keeps one query per unique
// edge, so `a: creator { handle } b: creator { displayName }` would load only b's columns;
// merged, it loads both. Fields of a list type or with arguments keep their aliases: entgql
// loads each under its alias and its resolver looks it up by alias. Fields written in fragments
// on different types stay apart, each group in an inline fragment on its type, so that an
// interface's selection (node) is merged per type and field collection still matches each group
// by its type condition. Only field collection sees the merged shape: the response is still
// written from the client's own selection.
func mergeByName(oc *graphql.OperationContext, set ast.SelectionSet) ast.SelectionSet {
	type scope struct {
		def    *ast.Definition
		fields ast.SelectionSet
	}
	var scopes []*scope
	byKey := map[string]*ast.Field{}
	for _, f := range graphql.CollectFields(oc, set, nil) {
		on := ""
		if f.ObjectDefinition != nil {
			on = f.ObjectDefinition.Name
		}
		apart := f.Definition != nil && f.Definition.Type.Elem != nil || len(f.Arguments) > 0
		key := on + "\x00" + f.Name
		alias := f.Name
		if apart {
			key += "\x00" + f.Alias
			alias = f.Alias
		}
		m, ok := byKey[key]
		if !ok {
			m = &ast.Field{Alias: alias, Name: f.Name, Arguments: f.Arguments, Directives: f.Directives,
				Definition: f.Definition, ObjectDefinition: f.ObjectDefinition, Position: f.Position}
			byKey[key] = m
			i := slices.IndexFunc(scopes, func(s *scope) bool { return s.def == f.ObjectDefinition })
			if i < 0 {
				scopes = append(scopes, &scope{def: f.ObjectDefinition})
				i = len(scopes) - 1
			}
			scopes[i].fields = append(scopes[i].fields, m)
		}
		m.SelectionSet = append(m.SelectionSet, f.Selections...)
	}
	for _, f := range byKey {
		if len(f.SelectionSet) > 0 {
			f.SelectionSet = mergeByName(oc, f.SelectionSet)
		}
	}
	switch len(scopes) {
	case 0:
		return nil
	case 1:
		return scopes[0].fields
	}
	out := make(ast.SelectionSet, 0, len(scopes))
	for _, s := range scopes {
		if s.def == nil {
			out = append(out, s.fields...)
			continue
		}
		out = append(out, &ast.InlineFragment{TypeCondition: s.def.Name, SelectionSet: s.fields, ObjectDefinition: s.def})
	}
	return out
}

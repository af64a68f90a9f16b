package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"haven/ent"
	"haven/hub"
)

// How the lists of a hub page are loaded. A list whose objects are selected with columns only
// (the fields the direct write knows, see fastread.go) has nothing to eager-load, and the hub
// takes its creators and organizations from the dimension cache; any other selection (an edge,
// a field with arguments) is loaded by ent's field collection, as every list is.

// plainSelection reports whether the field being resolved selects only columns of t.
func plainSelection(ctx context.Context, t *fastType) bool {
	fc, oc := graphql.GetFieldContext(ctx), graphql.GetOperationContext(ctx)
	return fc != nil && oc != nil && compile(oc, fc.Field.Selections, t) != nil
}

// creatorsLoad is nil when the creators' selection is columns only, else field collection.
func creatorsLoad(ctx context.Context) hub.Load[*ent.CreatorQuery] {
	if plainSelection(ctx, fastCreator) {
		return nil
	}
	return hub.Collecting[*ent.CreatorQuery](ctx)
}

// organizationsLoad is nil when the organizations' selection is columns only, else field
// collection.
func organizationsLoad(ctx context.Context) hub.Load[*ent.OrganizationQuery] {
	if plainSelection(ctx, fastOrganization) {
		return nil
	}
	return hub.Collecting[*ent.OrganizationQuery](ctx)
}

// featuredLoad collects the fields of the featured pieces, and takes their creators and
// organizations from memory when every selection of them is columns only.
func featuredLoad(ctx context.Context) hub.ContentLoad {
	l := hub.ContentLoad{Load: hub.Collecting[*ent.ContentQuery](ctx)}
	fc, oc := graphql.GetFieldContext(ctx), graphql.GetOperationContext(ctx)
	if fc == nil || oc == nil {
		return l
	}
	creators, organizations := 0, 0 // selections of each: +1 plain, -big otherwise
	for _, f := range graphql.CollectFields(oc, fc.Field.Selections, contentImplementors) {
		var t *fastType
		var n *int
		switch f.Name {
		case "creator":
			t, n = fastCreator, &creators
		case "organization":
			t, n = fastOrganization, &organizations
		default:
			continue
		}
		if f.IsDeferred() || len(f.Arguments) > 0 || compile(oc, f.Selections, t) == nil {
			*n = -1 << 30
		} else {
			*n++
		}
	}
	l.CreatorsFromMemory, l.OrganizationsFromMemory = creators > 0, organizations > 0
	return l
}

// registrationsLoad eager-loads the viewer's registrations of the events when the field being
// resolved selects viewerRegistered on them (under path: "edges", "node" for a connection), and
// is nil otherwise, so that a signed-in reader's hub page that does not show it reads no
// registrations.
func registrationsLoad(ctx context.Context, path ...string) hub.Load[*ent.EventQuery] {
	fc, oc := graphql.GetFieldContext(ctx), graphql.GetOperationContext(ctx)
	if fc == nil || oc == nil || !selects(oc, fc.Field.Selections, "viewerRegistered", path...) {
		return nil
	}
	return hub.ViewerRegistrations(ctx)
}

// selects reports whether set selects the field name below the fields of path, under any alias,
// in fragments too, and not skipped.
func selects(oc *graphql.OperationContext, set ast.SelectionSet, name string, path ...string) bool {
	for _, f := range graphql.CollectFields(oc, set, nil) {
		switch {
		case len(path) == 0 && f.Name == name:
			return true
		case len(path) > 0 && f.Name == path[0] && selects(oc, f.Selections, name, path[1:]...):
			return true
		}
	}
	return false
}

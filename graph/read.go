package graph

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"haven/access"
	"haven/auth"
	"haven/ent"
	"haven/ent/content"
	"haven/ent/creator"
	"haven/ent/privacy"
	"haven/errcode"
	"haven/graph/model"
)

type cursor = *entgql.Cursor[int]

// newestFirst is the default order of content lists.
var newestFirst = &ent.ContentOrder{Direction: entgql.OrderDirectionDesc, Field: ent.ContentOrderFieldPublishedAt}

// liveContents pages through the LIVE rows of q. Everyone, staff included, reads only live
// content through the public lists; privacy filters the same way underneath.
func liveContents(ctx context.Context, q *ent.ContentQuery, after cursor, first *int, before cursor, last *int, orderBy *ent.ContentOrder, where *ent.ContentWhereInput) (*ent.ContentConnection, error) {
	first, last, err := page(first, last)
	if err != nil {
		return nil, err
	}
	if orderBy == nil || orderBy.Field == nil {
		orderBy = newestFirst
	}
	zero, err := orderBy.Field.Value(&ent.Content{})
	if err != nil {
		return nil, err
	}
	if err := cursorsFit(after, before, zero); err != nil {
		return nil, err
	}
	return q.Where(content.StatusEQ(content.StatusLIVE)).
		Paginate(ctx, after, first, before, last, ent.WithContentOrder(orderBy), ent.WithContentFilter(where.Filter))
}

// cursorsFit refuses a cursor that a list in another order made: its value must have the type of
// zero, the order field's value of an empty row, and a list ordered by ID alone (zero nil) takes
// only cursors without a value. Without the check such a cursor compares a column with a value
// of another type, which SQLite answers with a meaningless page and PostgreSQL with an error.
func cursorsFit(after, before cursor, zero ent.Value) error {
	for name, c := range map[string]cursor{"after": after, "before": before} {
		if c == nil {
			continue
		}
		if zero == nil && c.Value != nil || zero != nil && (c.Value == nil || reflect.TypeOf(c.Value) != reflect.TypeOf(zero)) {
			return errcode.Input(name, "not a cursor of this list in this order")
		}
	}
	return nil
}

// absent reports whether err means "no such object for this viewer": not found, or hidden by
// privacy. Both answer the same so that a hidden object cannot be told from a missing one.
func absent(err error) bool {
	return ent.IsNotFound(err) || errors.Is(err, privacy.Deny)
}

func (r *queryResolver) node(ctx context.Context, id int) (ent.Noder, error) {
	n, err := r.Client.Noder(ctx, id)
	if err != nil {
		if absentNode(err) {
			return nil, nil
		}
		return nil, err
	}
	return visibleNode(ctx, n), nil
}

// visibleNode hides what the public reads only through a page: a placement is shown on its
// campaign's page inside its window and in position order, and to publishers as it is; node()
// must not hand the public a placement out of its window.
func visibleNode(ctx context.Context, n ent.Noder) ent.Noder {
	if _, ok := n.(*ent.Feature); ok && !access.Allowed(ctx, access.FeatureNodeRead) {
		return nil
	}
	return n
}

// nodes loads ids with one query per type (ent's Noders), each filtered by privacy. Noders
// reports a missing or hidden ID as an error in the response; here such an ID is simply null,
// exactly as absent as in node(), so its errors go to a scratch response and only a failure
// that is neither "not found" nor "hidden" reaches the client.
func (r *queryResolver) nodes(ctx context.Context, ids []int) ([]ent.Noder, error) {
	scratch := graphql.WithResponseContext(ctx, graphql.DefaultErrorPresenter, nil)
	ns, err := r.Client.Noders(scratch, ids)
	if err != nil {
		if !absentNode(err) {
			return nil, err
		}
		ns = make([]ent.Noder, len(ids))
	}
	for _, e := range graphql.GetErrors(scratch) {
		if !absentNode(e) {
			return nil, fmt.Errorf("load nodes: %s", e.Message) // plain: the presenter logs it as internal
		}
	}
	for i, n := range ns {
		if n != nil {
			ns[i] = visibleNode(ctx, n)
		}
	}
	return ns, nil
}

// absentNode reports whether a Noder error means a missing, hidden or unresolvable ID.
func absentNode(err error) bool {
	var gqlErr *gqlerror.Error
	if errors.As(err, &gqlErr) && gqlErr.Extensions["code"] == "NOT_FOUND" {
		return true // entgql's "Could not resolve to a node"
	}
	return absent(err) || strings.Contains(err.Error(), "resolve table")
}

func (r *queryResolver) viewer(ctx context.Context) (*model.Viewer, error) {
	v := auth.FromContext(ctx)
	out := &model.Viewer{Roles: v.RoleStrings()}
	if out.Roles == nil {
		out.Roles = []string{}
	}
	if v.Anonymous() {
		return out, nil
	}
	out.Subject = &v.Subject
	if v.AccountID == 0 {
		return out, nil
	}
	acc, err := r.Client.Account.Get(ctx, v.AccountID)
	if err != nil && !absent(err) {
		return nil, err
	}
	out.Account = acc
	c, err := r.Client.Creator.Query().Where(creator.OwnerID(v.AccountID)).Only(ctx)
	if err != nil && !absent(err) {
		return nil, err
	}
	out.Creator = c
	return out, nil
}

// handleArg normalizes a creator handle argument: "@TherapyJeff" finds "therapyjeff".
func handleArg(h string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
}

func tooMany(field string, n, limit int) error {
	if n > limit {
		return errcode.Input(field, "at most %d items", limit)
	}
	return nil
}

// collectConnection shows entgql's Paginate a connection's selection in the one shape it reads.
// Paginate finds "edges", "node", "pageInfo" and "totalCount" by their response names, so an
// aliased edges or node came back empty or without its edges loaded, and it counts every
// matching row whenever pageInfo is asked for although it only needs the count for totalCount.
// The middleware hands the resolver a field context whose selection is the client's merged
// edges { node { ... } } under their own names, plus totalCount only when asked for: aliases
// work, field collection sees every selection of node, and the COUNT runs only for totalCount.
// pageInfo needs no count: Paginate reads one row past the page to know whether there is more.
func collectConnection(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil ||
		!strings.HasSuffix(fc.Field.Definition.Type.Name(), "Connection") {
		return next(ctx)
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

// mergeByName merges the non-list fields of a selection that share a name, whatever their
// aliases, into one field under that name, recursively. entgql's field collection keeps one query
// per unique edge, so `a: creator { handle } b: creator { displayName }` would load only b's
// columns; merged, it loads both. List edges keep their aliases: entgql loads each under its alias
// and its resolver looks it up by alias. Only field collection sees the merged shape: the
// response is still written from the client's own selection.
func mergeByName(oc *graphql.OperationContext, set ast.SelectionSet) ast.SelectionSet {
	byName := map[string]*ast.Field{}
	var out ast.SelectionSet
	for _, f := range graphql.CollectFields(oc, set, nil) {
		list := f.Definition != nil && f.Definition.Type.Elem != nil
		key := f.Name
		if list {
			key = "\x00" + f.Alias
		}
		m, ok := byName[key]
		if !ok {
			alias := f.Name
			if list {
				alias = f.Alias
			}
			m = &ast.Field{Alias: alias, Name: f.Name, Arguments: f.Arguments, Directives: f.Directives,
				Definition: f.Definition, ObjectDefinition: f.ObjectDefinition, Position: f.Position}
			byName[key] = m
			out = append(out, m)
		}
		m.SelectionSet = append(m.SelectionSet, f.Selections...)
	}
	for _, f := range byName {
		if len(f.SelectionSet) > 0 {
			f.SelectionSet = mergeByName(oc, f.SelectionSet)
		}
	}
	return out
}

func (r *queryResolver) creators(ctx context.Context, after cursor, first *int, before cursor, last *int, orderBy *ent.CreatorOrder) (*ent.CreatorConnection, error) {
	first, last, err := page(first, last)
	if err != nil {
		return nil, err
	}
	if orderBy == nil {
		orderBy = &ent.CreatorOrder{Direction: entgql.OrderDirectionAsc, Field: ent.CreatorOrderFieldHandle}
	}
	zero, err := orderBy.Field.Value(&ent.Creator{})
	if err == nil {
		err = cursorsFit(after, before, zero)
	}
	if err != nil {
		return nil, err
	}
	return r.Client.Creator.Query().Paginate(ctx, after, first, before, last, ent.WithCreatorOrder(orderBy))
}

func (r *queryResolver) organizations(ctx context.Context, after cursor, first *int, before cursor, last *int, orderBy *ent.OrganizationOrder) (*ent.OrganizationConnection, error) {
	first, last, err := page(first, last)
	if err != nil {
		return nil, err
	}
	if orderBy == nil {
		orderBy = &ent.OrganizationOrder{Direction: entgql.OrderDirectionAsc, Field: ent.OrganizationOrderFieldName}
	}
	zero, err := orderBy.Field.Value(&ent.Organization{})
	if err == nil {
		err = cursorsFit(after, before, zero)
	}
	if err != nil {
		return nil, err
	}
	return r.Client.Organization.Query().Paginate(ctx, after, first, before, last, ent.WithOrganizationOrder(orderBy))
}

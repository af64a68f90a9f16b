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
	"haven/database"
	"haven/ent"
	"haven/ent/content"
	"haven/ent/creator"
	"haven/errcode"
	"haven/graph/model"
	"haven/notfound"
)

// newestFirst is the default order of content lists.
var newestFirst = &ent.ContentOrder{Direction: entgql.OrderDirectionDesc, Field: ent.ContentOrderFieldPublishedAt}

// liveContents pages through the LIVE rows of q. Everyone, staff included, reads only live
// content through the public lists; privacy filters the same way underneath.
// A creator's or an organization's contents come with Unique(false): one owner's rows have no
// duplicates, and ent's DISTINCT on an edge query would let PostgreSQL sort every row of the
// owner before it takes the page. feed says q is every content (the feed), not one owner's.
func liveContents(ctx context.Context, q *ent.ContentQuery, feed bool, after cursor, first *int, before cursor, last *int, orderBy *ent.ContentOrder, where *ent.ContentWhereInput) (*ent.ContentConnection, error) {
	if orderBy == nil || orderBy.Field == nil {
		orderBy = newestFirst
	}
	zero, err := orderBy.Field.Value(&ent.Content{})
	if err != nil {
		return nil, err
	}
	if first, last, err = checkPage(after, first, before, last, zero); err != nil {
		return nil, err
	}
	if dimsFromMemory(ctx) {
		var stripped bool
		if ctx, stripped = withoutDimensions(ctx); stripped {
			// The page's creators, organizations and topics are written from the dimension
			// cache by ID: read the IDs, not the rows, and the topics' IDs with the page
			// unless fastRead reads them itself (with totalCount).
			q.Select(content.FieldCreatorID, content.FieldOrganizationID)
			if topicIDsWithRows(ctx) {
				q.Modify(withTopicIDs)
			}
		}
		if feed && !countsRows(ctx) && orderBy.Field.String() == ent.ContentOrderFieldPublishedAt.String() && unfiltered(where) {
			ctx = database.Prepared(ctx)
		}
	}
	return q.Where(content.StatusEQ(content.StatusLIVE)).
		Paginate(ctx, after, first, before, last, ent.WithContentOrder(orderBy), ent.WithContentFilter(where.Filter))
}

// The feed's page is a prepared statement on PostgreSQL (database.Prepared) when it is
// unfiltered, newest (or oldest) first, and read for the direct writer without totalCount: then
// its only arguments are the status and the cursor, and its plan, generic or not, is the walk of
// the (status, published_at, id) index from the cursor, whatever they are (TestFeedPagesArePrepared
// reads it). Its text varies only with the columns selected, the page size (ent writes the LIMIT
// into the text; a generic plan with a LIMIT argument is costed for a tenth of the rows) and the
// cursor's presence and direction: a handful of shapes per client query.
//
// Nothing else of the public lists is prepared, because a generic plan is chosen once for
// average arguments and would be wrong for some (docs/performance.md, "Prepared statements"):
//   - a filter on a column of contents (kind, language) and a creator's or an organization's
//     contents (creator_id, organization_id = $1): the generic plan costs "walk the filter's own
//     index" and "walk (status, published_at, id) and test each row" within a few percent when
//     the column has few distinct values; on rows where one creator owns 90%, PostgreSQL's
//     generic plan took the status walk for creators and the own index for kinds. The status
//     walk reads the whole table for a creator with three pieces, where the custom plan, which
//     knows the value's frequency, reads three index entries.
//   - the filters through another table (hasTopicsWith, hasCreatorWith, hasOrganizationWith by
//     slug or handle): their argument is a unique column of that table, so the custom plan cannot
//     see the value's frequency either and is the same plan; but it walks the recency index and
//     probes each row, the whole table for a rare topic, prepared or not, and any other shape of
//     ContentWhereInput is an open set of statements.
//   - the COUNT of totalCount, which ent sends in the same context.

// unfiltered reports whether where filters nothing.
func unfiltered(where *ent.ContentWhereInput) bool {
	return where == nil || reflect.ValueOf(*where).IsZero()
}

// withoutDimensions returns ctx with a field context whose nodes select neither creator,
// organization nor topics, so that field collection does not load them, and whether it removed
// any.
// The field context is the one collectConnection shaped: edges { node { ... } } merged by name.
func withoutDimensions(ctx context.Context) (context.Context, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return ctx, false
	}
	var (
		sel     ast.SelectionSet
		removed bool
	)
	for _, s := range fc.Field.Selections {
		edges, ok := s.(*ast.Field)
		if !ok || edges.Name != "edges" {
			sel = append(sel, s)
			continue
		}
		shaped := *edges
		shaped.SelectionSet = nil
		for _, e := range edges.SelectionSet {
			node, ok := e.(*ast.Field)
			if !ok || node.Name != "node" {
				shaped.SelectionSet = append(shaped.SelectionSet, e)
				continue
			}
			n := *node
			n.SelectionSet = nil
			for _, f := range node.SelectionSet {
				if f, ok := f.(*ast.Field); ok && (f.Name == "creator" || f.Name == "organization" || f.Name == "topics") {
					removed = true
					continue
				}
				n.SelectionSet = append(n.SelectionSet, f)
			}
			if len(n.SelectionSet) == 0 {
				n.SelectionSet = ast.SelectionSet{&ast.Field{Alias: "id", Name: "id"}}
			}
			shaped.SelectionSet = append(shaped.SelectionSet, &n)
		}
		sel = append(sel, &shaped)
	}
	if !removed {
		return ctx, false
	}
	c := *fc
	c.Field.Selections = sel
	out := graphql.WithFieldContext(ctx, &c)
	c.Parent = fc.Parent
	return out, true
}

// absent reports whether err means "no such object for this viewer": not found, or hidden by
// privacy. Both answer the same so that a hidden object cannot be told from a missing one.
func absent(err error) bool { return notfound.Is(err) }

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

func (r *queryResolver) creators(ctx context.Context, after cursor, first *int, before cursor, last *int, orderBy *ent.CreatorOrder) (*ent.CreatorConnection, error) {
	if orderBy == nil {
		orderBy = &ent.CreatorOrder{Direction: entgql.OrderDirectionAsc, Field: ent.CreatorOrderFieldHandle}
	}
	zero, err := orderBy.Field.Value(&ent.Creator{})
	if err == nil {
		first, last, err = checkPage(after, first, before, last, zero)
	}
	if err != nil {
		return nil, err
	}
	return r.Client.Creator.Query().Paginate(ctx, after, first, before, last, ent.WithCreatorOrder(orderBy))
}

func (r *queryResolver) organizations(ctx context.Context, after cursor, first *int, before cursor, last *int, orderBy *ent.OrganizationOrder) (*ent.OrganizationConnection, error) {
	if orderBy == nil {
		orderBy = &ent.OrganizationOrder{Direction: entgql.OrderDirectionAsc, Field: ent.OrganizationOrderFieldName}
	}
	zero, err := orderBy.Field.Value(&ent.Organization{})
	if err == nil {
		first, last, err = checkPage(after, first, before, last, zero)
	}
	if err != nil {
		return nil, err
	}
	return r.Client.Organization.Query().Paginate(ctx, after, first, before, last, ent.WithOrganizationOrder(orderBy))
}

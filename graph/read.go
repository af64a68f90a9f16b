package graph

import (
	"context"
	"errors"
	"strings"

	"entgo.io/contrib/entgql"

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
	if orderBy == nil {
		orderBy = newestFirst
	}
	return q.Where(content.StatusEQ(content.StatusLIVE)).
		Paginate(ctx, after, first, before, last, ent.WithContentOrder(orderBy), ent.WithContentFilter(where.Filter))
}

// absent reports whether err means "no such object for this viewer": not found, or hidden by
// privacy. Both answer the same so that a hidden object cannot be told from a missing one.
func absent(err error) bool {
	return ent.IsNotFound(err) || errors.Is(err, privacy.Deny)
}

func (r *queryResolver) node(ctx context.Context, id int) (ent.Noder, error) {
	n, err := r.Client.Noder(ctx, id)
	if err != nil {
		if absent(err) || strings.Contains(err.Error(), "resolve table") {
			return nil, nil
		}
		return nil, err
	}
	return n, nil
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

package graph

import (
	"context"
	"slices"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"haven/ent"
)

// Per-object fields read in one statement per list.
//
// A field with its own resolver on an object of a list (an organization's members or grants on
// the console's page of 100 organizations, a campaign's granted total in the campaigns list) ran
// its query once per object. batched answers every object of the list from one query: the first
// object's resolver reads the field for all the objects of the list it was read in, and the
// others wait for that answer and take their part. The list is found in gqlgen's field contexts:
// the nearest enclosing list (a plain list or a connection's edges) whose result holds the
// object. Nothing waits on a timer, so the count of statements is the same on every run. An
// object outside a list, or in a list of other objects (a piece's organization), is read alone.
// Permissions are decided per object by the load function, exactly as for one object.

// batchKey names one batch: a field, by its response name on its type, over one list.
type batchKey struct {
	object, field string
	list          *graphql.FieldContext
}

// batch is the answer of one batched read, shared by the objects of its list.
type batch struct {
	once sync.Once
	val  any
	err  error
}

// batched returns load's answer for the object id, load reading it for every object of the list
// the object was read in (idsOf finds them in the list field's result) at once.
func batched[V any](ctx context.Context, id int, idsOf func(any) []int, load func(context.Context, []int) (map[int]V, error)) (V, error) {
	fc := graphql.GetFieldContext(ctx)
	s := stateOf(ctx)
	var list *graphql.FieldContext
	var ids []int
	if fc != nil && s != nil {
		list, ids = enclosingList(fc, idsOf)
	}
	if list == nil || !slices.Contains(ids, id) {
		m, err := load(ctx, []int{id})
		return m[id], err
	}
	key := batchKey{fc.Object, fc.Field.Alias, list}
	s.mu.Lock()
	b := s.batches[key]
	if b == nil {
		b = &batch{}
		if s.batches == nil {
			s.batches = map[batchKey]*batch{}
		}
		s.batches[key] = b
	}
	s.mu.Unlock()
	b.once.Do(func() { b.val, b.err = load(ctx, ids) })
	m, _ := b.val.(map[int]V)
	return m[id], b.err
}

// enclosingList returns the field context of the nearest list above fc and the IDs idsOf finds
// in its result; nil when that list is not one idsOf knows, or there is none.
func enclosingList(fc *graphql.FieldContext, idsOf func(any) []int) (*graphql.FieldContext, []int) {
	for p := fc.Parent; p != nil; p = p.Parent {
		if p.Index == nil {
			continue
		}
		if p.Parent == nil {
			return nil, nil
		}
		ids := idsOf(p.Parent.Result)
		if len(ids) == 0 {
			return nil, nil
		}
		return p.Parent, ids
	}
	return nil, nil
}

// organizationIDs returns the IDs of a list of organizations or of a connection's edges.
func organizationIDs(v any) []int {
	var ids []int
	switch v := v.(type) {
	case []*ent.Organization:
		for _, o := range v {
			ids = append(ids, o.ID)
		}
	case []*ent.OrganizationEdge:
		for _, e := range v {
			if e != nil && e.Node != nil {
				ids = append(ids, e.Node.ID)
			}
		}
	}
	return ids
}

// campaignIDs returns the IDs of a list of campaigns or of a connection's edges.
func campaignIDs(v any) []int {
	var ids []int
	switch v := v.(type) {
	case []*ent.Campaign:
		for _, c := range v {
			ids = append(ids, c.ID)
		}
	case []*ent.CampaignEdge:
		for _, e := range v {
			if e != nil && e.Node != nil {
				ids = append(ids, e.Node.ID)
			}
		}
	}
	return ids
}

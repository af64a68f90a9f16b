package graph

import (
	"bytes"
	"context"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"haven/ent"
)

// The public read path, written directly.
//
// gqlgen executes every field of an answer through the same machinery — a field context, a
// context value, the middleware chain, a marshaler — and starts a goroutine for each edge field
// and list element; for a page of 20 pieces with their creators, organizations and topics that
// is most of the ~9,000 allocations a request cost. The public read is a handful of plain types
// whose fields are columns, so fastRead, a field middleware, lets gqlgen resolve the field that
// returns them (arguments, cursors, privacy, field collection and errors exactly as before) and
// then, when every field selected beneath is a plain field of those types, hands gqlgen a
// marshaler that writes the whole subtree as gqlgen would have written it. Any other selection
// (a private field, a resolver with arguments, @defer) takes gqlgen's path unchanged; a test
// compares both paths' answers byte for byte.
//
// Creators, organizations and topics come from the dimension cache (package dimcache) by ID, so
// a page costs one statement: the contents, each with the IDs of its topics (withTopicIDs);
// node(id) of a content item one too, and creator(handle) reads its creator from memory
// (fastread_lookup.go).

// fieldKind names a field fastRead writes.
type fieldKind uint8

const (
	fTypename fieldKind = iota
	// ContentConnection
	fEdges
	fPageInfo
	fTotalCount
	// ContentEdge
	fNode
	fCursor
	// PageInfo
	fHasNextPage
	fHasPreviousPage
	fStartCursor
	fEndCursor
	// shared by the node types
	fID
	fCreatedAt
	fUpdatedAt
	fSlug
	fName
	fDescription
	// Content
	fContentKind
	fTitle
	fSummary
	fBody
	fMediaURL
	fThumbnailURL
	fDurationSeconds
	fLanguage
	fHashtags
	fStatus
	fContentWarning
	fClinicallyReviewed
	fPublishedAt
	fCreator
	fOrganization
	fTopics
	// Creator
	fHandle
	fDisplayName
	fBio
	fAvatarURL
	fVerifiedProfessional
	// Organization
	fWebsiteURL
	fOrganizationKind
	fVerified
	fRegions
	// Topic
	fSensitive
)

// fastType is a type fastRead writes: its name, the names it satisfies in fragments, and its
// plain fields with the type of each object field.
type fastType struct {
	name         string
	implementors []string
	fields       map[string]fieldKind
	children     map[fieldKind]*fastType
}

var (
	fastTopic = &fastType{name: "Topic", implementors: topicImplementors, fields: map[string]fieldKind{
		"id": fID, "slug": fSlug, "name": fName, "description": fDescription, "sensitive": fSensitive,
	}}
	fastCreator = &fastType{name: "Creator", implementors: creatorImplementors, fields: map[string]fieldKind{
		"id": fID, "createdAt": fCreatedAt, "updatedAt": fUpdatedAt, "handle": fHandle,
		"displayName": fDisplayName, "bio": fBio, "avatarURL": fAvatarURL,
		"verifiedProfessional": fVerifiedProfessional,
	}}
	fastOrganization = &fastType{name: "Organization", implementors: organizationImplementors, fields: map[string]fieldKind{
		"id": fID, "createdAt": fCreatedAt, "updatedAt": fUpdatedAt, "slug": fSlug, "name": fName,
		"description": fDescription, "websiteURL": fWebsiteURL, "kind": fOrganizationKind,
		"verified": fVerified, "regions": fRegions,
	}}
	fastContent = &fastType{name: "Content", implementors: contentImplementors, fields: map[string]fieldKind{
		"id": fID, "createdAt": fCreatedAt, "updatedAt": fUpdatedAt, "kind": fContentKind,
		"title": fTitle, "summary": fSummary, "body": fBody, "mediaURL": fMediaURL,
		"thumbnailURL": fThumbnailURL, "durationSeconds": fDurationSeconds, "language": fLanguage,
		"hashtags": fHashtags, "status": fStatus, "contentWarning": fContentWarning,
		"clinicallyReviewed": fClinicallyReviewed, "publishedAt": fPublishedAt,
		"creator": fCreator, "organization": fOrganization, "topics": fTopics,
	}, children: map[fieldKind]*fastType{fCreator: fastCreator, fOrganization: fastOrganization, fTopics: fastTopic}}
	fastPageInfo = &fastType{name: "PageInfo", implementors: pageInfoImplementors, fields: map[string]fieldKind{
		"hasNextPage": fHasNextPage, "hasPreviousPage": fHasPreviousPage,
		"startCursor": fStartCursor, "endCursor": fEndCursor,
	}}
	fastEdge = &fastType{name: "ContentEdge", implementors: contentEdgeImplementors, fields: map[string]fieldKind{
		"node": fNode, "cursor": fCursor,
	}, children: map[fieldKind]*fastType{fNode: fastContent}}
	fastConnection = &fastType{name: "ContentConnection", implementors: contentConnectionImplementors, fields: map[string]fieldKind{
		"edges": fEdges, "pageInfo": fPageInfo, "totalCount": fTotalCount,
	}, children: map[fieldKind]*fastType{fEdges: fastEdge, fPageInfo: fastPageInfo}}
)

// plan is a selection compiled for writing: the fields of one object, in answer order.
type plan struct {
	typename string
	fields   []planField
}

type planField struct {
	key   string // `"alias":`
	alias string
	kind  fieldKind
	sub   *plan
}

// compile returns the plan of sel on t, or nil when sel selects anything fastRead does not
// write.
func compile(oc *graphql.OperationContext, sel ast.SelectionSet, t *fastType) *plan {
	fields := graphql.CollectFields(oc, sel, t.implementors)
	p := &plan{typename: t.name, fields: make([]planField, 0, len(fields))}
	for _, f := range fields {
		if f.IsDeferred() || len(f.Arguments) > 0 {
			return nil
		}
		k, ok := t.fields[f.Name]
		if f.Name == "__typename" {
			k, ok = fTypename, true
		}
		if !ok {
			return nil
		}
		pf := planField{key: strconv.Quote(f.Alias) + ":", alias: f.Alias, kind: k}
		if child := t.children[k]; child != nil {
			if pf.sub = compile(oc, f.Selections, child); pf.sub == nil {
				return nil
			}
		}
		p.fields = append(p.fields, pf)
	}
	return p
}

// nodePlans are the plans of the nodes of a connection plan (none when no edge selects node).
func (p *plan) nodePlans() []*plan {
	var out []*plan
	for _, f := range p.fields {
		if f.kind != fEdges {
			continue
		}
		for _, e := range f.sub.fields {
			if e.kind == fNode {
				out = append(out, e.sub)
			}
		}
	}
	return out
}

// fastReadKey marks the context of a connection resolver whose answer fastRead writes, with a
// fastReadMode: the resolver need not load creators, organizations or topics (see liveContents).
type fastReadKey struct{}

// fastReadMode says how the connection resolver under fastRead reads its page.
type fastReadMode struct {
	// topicIDs: read the topics' IDs of each row with the page (withTopicIDs), not in a second
	// statement. Not with totalCount: ent adds a query's modifiers to its COUNT too.
	topicIDs bool
	// counts: the selection asks for totalCount, which ent counts in a statement of its own.
	counts bool
}

// dimsFromMemory reports whether the connection resolver in ctx may leave creators and
// organizations unloaded, reading only their IDs: fastRead writes them from the dimension cache.
func dimsFromMemory(ctx context.Context) bool {
	_, ok := ctx.Value(fastReadKey{}).(fastReadMode)
	return ok
}

// topicIDsWithRows reports whether the connection resolver in ctx reads the topics' IDs of its
// rows with them.
func topicIDsWithRows(ctx context.Context) bool {
	m, _ := ctx.Value(fastReadKey{}).(fastReadMode)
	return m.topicIDs
}

// countsRows reports whether the connection resolver in ctx counts its rows (totalCount).
func countsRows(ctx context.Context) bool {
	m, _ := ctx.Value(fastReadKey{}).(fastReadMode)
	return m.counts
}

// fastRead is the field middleware of the direct write (see the top of this file).
func (r *Resolver) fastRead(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if r.Dims == nil || fc == nil || !fc.IsResolver || fc.Field.Field == nil || fc.Field.Definition == nil {
		return next(ctx)
	}
	switch fc.Field.Definition.Type.Name() {
	case "ContentConnection":
		return r.fastConnection(ctx, fc, next)
	case "Node":
		return r.fastNode(ctx, fc, next)
	}
	return next(ctx)
}

func (r *Resolver) fastConnection(ctx context.Context, fc *graphql.FieldContext, next graphql.Resolver) (any, error) {
	oc := graphql.GetOperationContext(ctx)
	p := compile(oc, fc.Field.Selections, fastConnection)
	if p == nil {
		return next(ctx)
	}
	mode := fastReadMode{topicIDs: !p.selects(fTotalCount), counts: p.selects(fTotalCount)}
	if mode.topicIDs {
		mode.topicIDs = false
		for _, n := range p.nodePlans() {
			mode.topicIDs = mode.topicIDs || n.selects(fTopics)
		}
	}
	res, err := next(context.WithValue(ctx, fastReadKey{}, mode))
	conn, ok := res.(*ent.ContentConnection)
	if err != nil || !ok || conn == nil {
		return res, err
	}
	nodes := make([]*ent.Content, 0, len(conn.Edges))
	for _, e := range conn.Edges {
		if e != nil && e.Node != nil {
			nodes = append(nodes, e.Node)
		}
	}
	w := &fastWriter{r: r, ctx: ctx}
	if mode.topicIDs {
		w.links = rowTopicIDs(nodes) // nil when the resolver did not read them (search)
	}
	if ok, err := w.prepare(ctx, p.nodePlans(), nodes); err != nil || !ok {
		return res, err // not ok: gqlgen writes it (and loads what is missing)
	}
	return marshalerFunc(func(out io.Writer) { w.write(out, func(b *bytes.Buffer) { w.connection(b, p, conn) }) }), nil
}

func (r *Resolver) fastNode(ctx context.Context, fc *graphql.FieldContext, next graphql.Resolver) (any, error) {
	if id, ok := nodeArg(fc); ok && isContentID(id) {
		if p := compile(graphql.GetOperationContext(ctx), fc.Field.Selections, fastContent); p != nil {
			return r.fastContentNode(ctx, p, id)
		}
	}
	res, err := next(ctx)
	c, ok := res.(*ent.Content)
	if err != nil || !ok || c == nil {
		return res, err
	}
	p := compile(graphql.GetOperationContext(ctx), fc.Field.Selections, fastContent)
	if p == nil {
		return res, nil
	}
	w := &fastWriter{r: r, ctx: ctx}
	if ok, err := w.prepare(ctx, []*plan{p}, []*ent.Content{c}); err != nil || !ok {
		return res, err
	}
	return marshalerFunc(func(out io.Writer) { w.write(out, func(b *bytes.Buffer) { w.content(b, p, c) }) }), nil
}

// marshalerFunc is a graphql.Marshaler that is not a graphql.WriterFunc, so that gqlgen takes it
// as the field's written value rather than as its Go result.
type marshalerFunc func(io.Writer)

func (f marshalerFunc) MarshalGQL(w io.Writer) { f(w) }

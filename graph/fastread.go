package graph

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"sync"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"haven/dimcache"
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
// a page costs two statements: the contents, and the IDs of their topics.

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

// fastReadKey marks the context of a connection resolver whose answer fastRead writes. Its
// value says whether the plan reads creators and organizations from the dimension cache, so
// that the resolver need not load them (see liveContents).
type fastReadKey struct{}

// dimsFromMemory reports whether the connection resolver in ctx may leave creators and
// organizations unloaded, reading only their IDs: fastRead writes them from the dimension cache.
func dimsFromMemory(ctx context.Context) bool {
	v, _ := ctx.Value(fastReadKey{}).(bool)
	return v
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
	res, err := next(context.WithValue(ctx, fastReadKey{}, true))
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
	if ok, err := w.prepare(ctx, p.nodePlans(), nodes); err != nil || !ok {
		return res, err // not ok: gqlgen writes it (and loads what is missing)
	}
	return marshalerFunc(func(out io.Writer) { w.write(out, func(b *bytes.Buffer) { w.connection(b, p, conn) }) }), nil
}

func (r *Resolver) fastNode(ctx context.Context, fc *graphql.FieldContext, next graphql.Resolver) (any, error) {
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

// fastWriter writes one field's answer.
type fastWriter struct {
	r     *Resolver
	ctx   context.Context
	gen   *dimcache.Generation
	links map[int][]int // content ID -> topic IDs, when field collection did not load topics
}

// prepare gathers what plans write of nodes — creators, organizations and topics from the
// dimension cache, the topic IDs of pieces whose topics field collection left unloaded — and
// reports whether all of it is writable: gqlgen answers a zero time of a non-null field with
// an error, which only its own path reports.
func (w *fastWriter) prepare(ctx context.Context, plans []*plan, nodes []*ent.Content) (bool, error) {
	var dims, links bool
	for _, p := range plans {
		for _, f := range p.fields {
			switch f.kind {
			case fCreator, fOrganization:
				dims = true
			case fTopics:
				dims = true
				for _, n := range nodes {
					if _, err := n.NamedTopics(f.alias); err != nil {
						links = true
					}
				}
			case fCreatedAt, fUpdatedAt, fPublishedAt:
				for _, n := range nodes {
					if n.CreatedAt.IsZero() && f.kind == fCreatedAt || n.UpdatedAt.IsZero() && f.kind == fUpdatedAt ||
						n.PublishedAt.IsZero() && f.kind == fPublishedAt {
						return false, nil
					}
				}
			}
		}
	}
	var topics []int
	if links {
		var err error
		if w.links, err = w.r.Dims.Links(ctx, nodes); err != nil {
			return false, err
		}
		for _, ids := range w.links {
			topics = append(topics, ids...)
		}
	}
	if dims {
		g, err := w.r.Dims.Load(ctx, nodes, topics)
		if err != nil {
			return false, err
		}
		w.gen = g
	}
	return true, nil
}

var bufferPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (w *fastWriter) write(out io.Writer, f func(*bytes.Buffer)) {
	b := bufferPool.Get().(*bytes.Buffer)
	b.Reset()
	f(b)
	_, _ = out.Write(b.Bytes())
	if b.Cap() <= 1<<20 {
		bufferPool.Put(b)
	}
}

func (w *fastWriter) connection(b *bytes.Buffer, p *plan, c *ent.ContentConnection) {
	b.WriteByte('{')
	for i, f := range p.fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(f.key)
		switch f.kind {
		case fTypename:
			writeString(b, p.typename)
		case fEdges:
			if c.Edges == nil {
				b.WriteString("null")
				break
			}
			b.WriteByte('[')
			for j, e := range c.Edges {
				if j > 0 {
					b.WriteByte(',')
				}
				w.edge(b, f.sub, e)
			}
			b.WriteByte(']')
		case fPageInfo:
			w.pageInfo(b, f.sub, &c.PageInfo)
		case fTotalCount:
			writeInt(b, c.TotalCount)
		}
	}
	b.WriteByte('}')
}

func (w *fastWriter) edge(b *bytes.Buffer, p *plan, e *ent.ContentEdge) {
	if e == nil {
		b.WriteString("null")
		return
	}
	b.WriteByte('{')
	for i, f := range p.fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(f.key)
		switch f.kind {
		case fTypename:
			writeString(b, p.typename)
		case fNode:
			if e.Node == nil {
				b.WriteString("null")
			} else {
				w.content(b, f.sub, e.Node)
			}
		case fCursor:
			e.Cursor.MarshalGQL(b)
		}
	}
	b.WriteByte('}')
}

func (w *fastWriter) pageInfo(b *bytes.Buffer, p *plan, pi *entgql.PageInfo[int]) {
	b.WriteByte('{')
	for i, f := range p.fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(f.key)
		switch f.kind {
		case fTypename:
			writeString(b, p.typename)
		case fHasNextPage:
			writeBool(b, pi.HasNextPage)
		case fHasPreviousPage:
			writeBool(b, pi.HasPreviousPage)
		case fStartCursor:
			writeCursor(b, pi.StartCursor)
		case fEndCursor:
			writeCursor(b, pi.EndCursor)
		}
	}
	b.WriteByte('}')
}

func (w *fastWriter) content(b *bytes.Buffer, p *plan, c *ent.Content) {
	b.WriteByte('{')
	for i, f := range p.fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(f.key)
		switch f.kind {
		case fTypename:
			writeString(b, p.typename)
		case fID:
			writeID(b, c.ID)
		case fCreatedAt:
			writeTime(b, c.CreatedAt)
		case fUpdatedAt:
			writeTime(b, c.UpdatedAt)
		case fContentKind:
			c.Kind.MarshalGQL(b)
		case fTitle:
			writeString(b, c.Title)
		case fSummary:
			writeString(b, c.Summary)
		case fBody:
			writeOptString(b, c.Body)
		case fMediaURL:
			writeOptString(b, c.MediaURL)
		case fThumbnailURL:
			writeOptString(b, c.ThumbnailURL)
		case fDurationSeconds:
			if c.DurationSeconds == nil {
				b.WriteString("null")
			} else {
				writeInt(b, *c.DurationSeconds)
			}
		case fLanguage:
			writeString(b, c.Language)
		case fHashtags:
			writeStrings(b, c.Hashtags)
		case fStatus:
			c.Status.MarshalGQL(b)
		case fContentWarning:
			c.ContentWarning.MarshalGQL(b)
		case fClinicallyReviewed:
			writeBool(b, c.ClinicallyReviewed)
		case fPublishedAt:
			writeTime(b, c.PublishedAt)
		case fCreator:
			var cr *ent.Creator
			if c.CreatorID != nil && w.gen != nil {
				cr = w.gen.Creator(*c.CreatorID)
			}
			w.creator(b, f.sub, cr)
		case fOrganization:
			var o *ent.Organization
			if c.OrganizationID != nil && w.gen != nil {
				o = w.gen.Organization(*c.OrganizationID)
			}
			w.organization(b, f.sub, o)
		case fTopics:
			b.WriteByte('[')
			if w.links != nil {
				j := 0
				for _, id := range w.links[c.ID] {
					if t := w.gen.Topic(id); t != nil { // nil: deleted since (its link with it)
						if j > 0 {
							b.WriteByte(',')
						}
						w.topic(b, f.sub, t)
						j++
					}
				}
			} else {
				ts, _ := c.NamedTopics(f.alias) // prepare checked it is loaded
				for j, t := range ts {
					if j > 0 {
						b.WriteByte(',')
					}
					w.topic(b, f.sub, t)
				}
			}
			b.WriteByte(']')
		}
	}
	b.WriteByte('}')
}

func (w *fastWriter) creator(b *bytes.Buffer, p *plan, c *ent.Creator) {
	if c == nil {
		b.WriteString("null")
		return
	}
	b.WriteByte('{')
	for i, f := range p.fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(f.key)
		switch f.kind {
		case fTypename:
			writeString(b, p.typename)
		case fID:
			writeID(b, c.ID)
		case fCreatedAt:
			writeTime(b, c.CreatedAt)
		case fUpdatedAt:
			writeTime(b, c.UpdatedAt)
		case fHandle:
			writeString(b, c.Handle)
		case fDisplayName:
			writeString(b, c.DisplayName)
		case fBio:
			writeOptString(b, c.Bio)
		case fAvatarURL:
			writeOptString(b, c.AvatarURL)
		case fVerifiedProfessional:
			v, _ := (&creatorResolver{w.r}).VerifiedProfessional(w.ctx, c)
			writeBool(b, v)
		}
	}
	b.WriteByte('}')
}

func (w *fastWriter) organization(b *bytes.Buffer, p *plan, o *ent.Organization) {
	if o == nil {
		b.WriteString("null")
		return
	}
	b.WriteByte('{')
	for i, f := range p.fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(f.key)
		switch f.kind {
		case fTypename:
			writeString(b, p.typename)
		case fID:
			writeID(b, o.ID)
		case fCreatedAt:
			writeTime(b, o.CreatedAt)
		case fUpdatedAt:
			writeTime(b, o.UpdatedAt)
		case fSlug:
			writeString(b, o.Slug)
		case fName:
			writeString(b, o.Name)
		case fDescription:
			writeOptString(b, o.Description)
		case fWebsiteURL:
			writeOptString(b, o.WebsiteURL)
		case fOrganizationKind:
			o.Kind.MarshalGQL(b)
		case fVerified:
			writeBool(b, o.Verified)
		case fRegions:
			if o.Regions == nil {
				b.WriteString("null")
			} else {
				writeStrings(b, o.Regions)
			}
		}
	}
	b.WriteByte('}')
}

func (w *fastWriter) topic(b *bytes.Buffer, p *plan, t *ent.Topic) {
	b.WriteByte('{')
	for i, f := range p.fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(f.key)
		switch f.kind {
		case fTypename:
			writeString(b, p.typename)
		case fID:
			writeID(b, t.ID)
		case fSlug:
			writeString(b, t.Slug)
		case fName:
			writeString(b, t.Name)
		case fDescription:
			writeOptString(b, t.Description)
		case fSensitive:
			writeBool(b, t.Sensitive)
		}
	}
	b.WriteByte('}')
}

const hexDigits = "0123456789abcdef"

// writeString writes s quoted as gqlgen's MarshalString does.
func writeString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != '"' {
			continue
		}
		b.WriteString(s[start:i])
		switch c {
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case '\n':
			b.WriteString(`\n`)
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		default:
			b.WriteString(`\u00`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xf])
		}
		start = i + 1
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

func writeOptString(b *bytes.Buffer, s *string) {
	if s == nil {
		b.WriteString("null")
		return
	}
	writeString(b, *s)
}

func writeStrings(b *bytes.Buffer, ss []string) {
	b.WriteByte('[')
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, s)
	}
	b.WriteByte(']')
}

func writeInt(b *bytes.Buffer, n int) {
	b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(n), 10))
}

// writeID writes an ID as gqlgen's MarshalIntID does: a quoted decimal.
func writeID(b *bytes.Buffer, id int) {
	b.WriteByte('"')
	writeInt(b, id)
	b.WriteByte('"')
}

func writeBool(b *bytes.Buffer, v bool) {
	if v {
		b.WriteString("true")
	} else {
		b.WriteString("false")
	}
}

// writeTime writes t as gqlgen's MarshalTime does (ready made sure it is not zero).
func writeTime(b *bytes.Buffer, t time.Time) {
	b.WriteByte('"')
	b.Write(t.AppendFormat(b.AvailableBuffer(), time.RFC3339Nano))
	b.WriteByte('"')
}

func writeCursor(b *bytes.Buffer, c *entgql.Cursor[int]) {
	if c == nil {
		b.WriteString("null")
		return
	}
	c.MarshalGQL(b)
}

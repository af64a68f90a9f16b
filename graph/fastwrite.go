package graph

import (
	"bytes"
	"context"
	"io"
	"sync"
	"time"

	"entgo.io/contrib/entgql"

	"haven/dimcache"
	"haven/ent"
)

// The writer of the public read path: given a compiled plan (fastread.go), it writes a content
// connection, a content and its creator, organization and topics as gqlgen would have.

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
	if links && w.links == nil { // nil: not read with the rows (withTopicIDs)
		var err error
		if w.links, err = w.r.Dims.Links(ctx, nodes); err != nil {
			return false, err
		}
	}
	if links {
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
			writeEdgeCursor(b, e.Cursor)
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

// object writes the fields p selects of one object, between braces, each value by field.
func object(b *bytes.Buffer, p *plan, field func(f planField)) {
	b.WriteByte('{')
	for i, f := range p.fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(f.key)
		field(f)
	}
	b.WriteByte('}')
}

// nodeField writes a field every node type has (__typename, id and the two timestamps) and
// reports whether f was one.
func nodeField(b *bytes.Buffer, p *plan, f planField, id int, created, updated time.Time) bool {
	switch f.kind {
	case fTypename:
		writeString(b, p.typename)
	case fID:
		writeID(b, id)
	case fCreatedAt:
		writeTime(b, created)
	case fUpdatedAt:
		writeTime(b, updated)
	default:
		return false
	}
	return true
}

func (w *fastWriter) creator(b *bytes.Buffer, p *plan, c *ent.Creator) {
	if c == nil {
		b.WriteString("null")
		return
	}
	object(b, p, func(f planField) {
		if nodeField(b, p, f, c.ID, c.CreatedAt, c.UpdatedAt) {
			return
		}
		switch f.kind {
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
	})
}

func (w *fastWriter) organization(b *bytes.Buffer, p *plan, o *ent.Organization) {
	if o == nil {
		b.WriteString("null")
		return
	}
	object(b, p, func(f planField) {
		if nodeField(b, p, f, o.ID, o.CreatedAt, o.UpdatedAt) {
			return
		}
		switch f.kind {
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
	})
}

func (w *fastWriter) topic(b *bytes.Buffer, p *plan, t *ent.Topic) {
	object(b, p, func(f planField) {
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
	})
}

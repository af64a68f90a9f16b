// Package dimcache keeps the rows of the small public tables every page of content joins to —
// creators, organizations and topics — in memory, so that a page of the feed reads them without
// a statement: only the page's rows and the IDs of their topics.
//
// Rows are kept by ID in a generation, creators also by handle (creator(handle) reads no
// creators table either). Whatever may have changed them ends the generation: a
// write of a creator, an organization or anything else public (Bump, called after the write
// commits on this replica, and by the data-change notices of the other replicas on PostgreSQL).
// Which topics a piece has is not kept: it is read with every page (Links).
// A reader takes the current generation before it reads missing rows from the database and adds
// them to that generation only, so a row read while a write commits lands in a generation that the
// write's Bump has already ended, or is ended right after: no stale row outlives its write.
//
// The tables are publicly readable (every viewer reads every row; per-field rules are applied
// by the resolvers, to whatever row they are handed), which is what lets one copy serve
// every viewer.
package dimcache

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"

	entsql "entgo.io/ent/dialect/sql"

	"haven/ent"
	"haven/ent/content"
	"haven/ent/creator"
	"haven/ent/organization"
	"haven/ent/topic"
)

// DefaultMaxRows bounds a generation: past it, the generation starts over empty.
const DefaultMaxRows = 50_000

// Cache holds creators, organizations and topics by ID.
type Cache struct {
	client  *ent.Client
	dialect string
	maxRows int
	gen     atomic.Pointer[Generation]

	hits, misses atomic.Uint64
}

// New returns an empty cache reading through client, whose database speaks dialect.
func New(client *ent.Client, dialect string, maxRows int) *Cache {
	if maxRows <= 0 {
		maxRows = DefaultMaxRows
	}
	c := &Cache{client: client, dialect: dialect, maxRows: maxRows}
	c.gen.Store(newGeneration())
	return c
}

// Bump ends the current generation: no row read before it is served again.
func (c *Cache) Bump() { c.gen.Store(newGeneration()) }

// Stats reports the rows found in memory and the rows read from the database.
func (c *Cache) Stats() (hits, misses uint64) { return c.hits.Load(), c.misses.Load() }

// Generation is a set of rows read since the last Bump. Rows are only ever added to it.
type Generation struct {
	mu            sync.RWMutex
	creators      map[int]*ent.Creator
	handles       map[string]*ent.Creator // every creator of creators, by handle
	organizations map[int]*ent.Organization
	topics        map[int]*ent.Topic
}

func newGeneration() *Generation {
	return &Generation{creators: map[int]*ent.Creator{}, handles: map[string]*ent.Creator{},
		organizations: map[int]*ent.Organization{}, topics: map[int]*ent.Topic{}}
}

// addCreator keeps r unless the generation holds its row already; g.mu is held for writing.
func (g *Generation) addCreator(r *ent.Creator) {
	if g.creators[r.ID] == nil {
		g.creators[r.ID] = r
		g.handles[r.Handle] = r
	}
}

// Creator returns the creator of id, if the generation holds it.
func (g *Generation) Creator(id int) *ent.Creator {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.creators[id]
}

// Organization returns the organization of id, if the generation holds it.
func (g *Generation) Organization(id int) *ent.Organization {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.organizations[id]
}

// Topic returns the topic of id, if the generation holds it.
func (g *Generation) Topic(id int) *ent.Topic {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.topics[id]
}

func (g *Generation) size() int {
	return len(g.creators) + len(g.organizations) + len(g.topics)
}

// Load returns a generation that holds every creator and organization of contents and every
// topic of topics, reading those it lacks (one statement per table at most). The rows are
// shared: callers must not change them.
func (c *Cache) Load(ctx context.Context, contents []*ent.Content, topics []int) (*Generation, error) {
	g := c.gen.Load()
	var creators, orgs, tops []int
	g.mu.RLock()
	for _, n := range contents {
		if id := n.CreatorID; id != nil && g.creators[*id] == nil && !slices.Contains(creators, *id) {
			creators = append(creators, *id)
		}
		if id := n.OrganizationID; id != nil && g.organizations[*id] == nil && !slices.Contains(orgs, *id) {
			orgs = append(orgs, *id)
		}
	}
	for _, id := range topics {
		if g.topics[id] == nil && !slices.Contains(tops, id) {
			tops = append(tops, id)
		}
	}
	full := g.size() >= c.maxRows
	g.mu.RUnlock()
	if len(creators) == 0 && len(orgs) == 0 && len(tops) == 0 {
		c.hits.Add(1)
		return g, nil
	}
	c.misses.Add(1)
	if full {
		// Start over rather than grow without bound; only this page's rows are read again.
		c.gen.CompareAndSwap(g, newGeneration())
		return c.Load(ctx, contents, topics)
	}
	var (
		cs  []*ent.Creator
		os  []*ent.Organization
		ts  []*ent.Topic
		err error
	)
	if len(creators) > 0 {
		if cs, err = c.client.Creator.Query().Where(creator.IDIn(creators...)).All(ctx); err != nil {
			return nil, err
		}
	}
	if len(orgs) > 0 {
		if os, err = c.client.Organization.Query().Where(organization.IDIn(orgs...)).All(ctx); err != nil {
			return nil, err
		}
	}
	if len(tops) > 0 {
		if ts, err = c.client.Topic.Query().Where(topic.IDIn(tops...)).All(ctx); err != nil {
			return nil, err
		}
	}
	g.mu.Lock()
	for _, r := range cs {
		g.addCreator(r)
	}
	for _, r := range os {
		if g.organizations[r.ID] == nil {
			g.organizations[r.ID] = r
		}
	}
	for _, r := range ts {
		if g.topics[r.ID] == nil {
			g.topics[r.ID] = r
		}
	}
	g.mu.Unlock()
	return g, nil
}

// CreatorByHandle returns the creator whose handle is handle (exactly), from the current
// generation or else read from the database in one statement and kept in the generation taken
// before the read; nil when there is none (a missing handle is not kept: it is read every time).
// The row is shared: callers must not change it.
func (c *Cache) CreatorByHandle(ctx context.Context, handle string) (*ent.Creator, error) {
	g := c.gen.Load()
	g.mu.RLock()
	r := g.handles[handle]
	full := g.size() >= c.maxRows
	g.mu.RUnlock()
	if r != nil {
		c.hits.Add(1)
		return r, nil
	}
	c.misses.Add(1)
	if full {
		c.gen.CompareAndSwap(g, newGeneration())
		g = c.gen.Load() // taken before the read, as in Load
	}
	r, err := c.client.Creator.Query().Where(creator.Handle(handle)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	g.addCreator(r)
	r = g.creators[r.ID] // the row kept first, when another reader kept one meanwhile
	g.mu.Unlock()
	return r, nil
}

// Links returns the topic IDs of each of contents, in ID order, in one statement on the
// primary key of the link table. The pieces are ones the caller was allowed to read.
func (c *Cache) Links(ctx context.Context, contents []*ent.Content) (map[int][]int, error) {
	out := make(map[int][]int, len(contents))
	if len(contents) == 0 {
		return out, nil
	}
	ids := make([]any, len(contents))
	for i, n := range contents {
		ids[i] = n.ID
	}
	cols := content.TopicsPrimaryKey
	query, args := entsql.Dialect(c.dialect).Select(cols[0], cols[1]).From(entsql.Table(content.TopicsTable)).
		Where(entsql.In(cols[0], ids...)).OrderBy(cols[0], cols[1]).Query()
	rows, err := c.client.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var cid, tid int
		if err := rows.Scan(&cid, &tid); err != nil {
			return nil, err
		}
		out[cid] = append(out[cid], tid)
	}
	return out, rows.Err()
}

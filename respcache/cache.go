// Package respcache answers anonymous GraphQL reads from memory and speaks HTTP caching to CDNs.
//
// The cache holds whole response bodies, keyed by the normalized operation, its variables, its
// operation name and the viewer's roles. Only query operations of anonymous viewers that
// answered without errors are stored, and only anonymous viewers are answered from it. Entries
// are bounded by bytes (least recently used go first) and carry the data version they were
// computed at: every write that changes what the public sees bumps the version after it commits
// (an ent hook, see Hook), other replicas learn of it through PostgreSQL LISTEN/NOTIFY, and an
// entry of an older version is never served. Entries also expire after MaxAge, which bounds what
// time alone changes (a placement's window opening, an event starting).
package respcache

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"sync"
	"sync/atomic"
	"time"
)

// entryOverhead approximates the bytes an entry costs beyond its key and bodies.
const entryOverhead = 256

// Cache is a byte-bounded LRU of responses, invalidated by a data version.
type Cache struct {
	max    int64
	maxAge time.Duration
	now    func() time.Time

	version atomic.Uint64

	mu    sync.Mutex
	size  int64
	ll    *list.List // front: most recently used
	items map[string]*list.Element

	hits, misses atomic.Uint64

	// seen holds the keys missed once since it was last emptied: an answer is stored on its
	// second miss, so that the one-off requests of a reader paging deep into the feed neither
	// evict the hub page nor cost a copy each (a doorkeeper, as in TinyLFU).
	seen map[string]struct{}
}

// seenMax bounds the doorkeeper: about 3 MB of keys before it starts over.
const seenMax = 1 << 16

// entry is one stored response.
type entry struct {
	key         string
	body        []byte
	contentType string
	etag        string
	version     uint64
	expires     time.Time

	gzOnce sync.Once
	gz     []byte
	size   int64
}

// New returns a cache of at most maxBytes whose entries live at most maxAge.
func New(maxBytes int64, maxAge time.Duration) *Cache {
	return &Cache{max: maxBytes, maxAge: maxAge, now: time.Now, ll: list.New(), items: map[string]*list.Element{}, seen: map[string]struct{}{}}
}

// Version is the current data version.
func (c *Cache) Version() uint64 { return c.version.Load() }

// Bump records that the data changed: no entry stored before it is served again. It is called
// after a write commits, on the replica that wrote and, through NOTIFY, on every other one.
func (c *Cache) Bump() {
	c.version.Add(1)
	c.mu.Lock()
	c.items = map[string]*list.Element{}
	c.ll.Init()
	c.size = 0
	c.mu.Unlock()
}

// Len is the number of entries; Size their approximate bytes.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}

// Stats returns the hits and misses so far.
func (c *Cache) Stats() (hits, misses uint64) { return c.hits.Load(), c.misses.Load() }

// get returns the entry of key when it is of version and fresh.
func (c *Cache) get(key string, version uint64) *entry {
	c.mu.Lock()
	el, ok := c.items[key]
	if !ok {
		c.mu.Unlock()
		c.misses.Add(1)
		return nil
	}
	e := el.Value.(*entry)
	if e.version != version || c.now().After(e.expires) {
		c.remove(el)
		c.mu.Unlock()
		c.misses.Add(1)
		return nil
	}
	c.ll.MoveToFront(el)
	c.mu.Unlock()
	c.hits.Add(1)
	return e
}

// admit reports whether an answer to key should be stored: true when the key was missed before.
func (c *Cache) admit(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.seen[key]; ok {
		delete(c.seen, key)
		return true
	}
	if len(c.seen) >= seenMax {
		c.seen = map[string]struct{}{}
	}
	c.seen[key] = struct{}{}
	return false
}

// put stores e unless its version is already stale or it is too large to be worth a slot.
func (c *Cache) put(e *entry) {
	e.size = int64(len(e.key)+len(e.body)+len(e.etag)) + entryOverhead
	if e.size > c.max/8 {
		return
	}
	e.expires = c.now().Add(c.maxAge)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.version != c.version.Load() {
		return // a write committed while this answer was computed
	}
	if old, ok := c.items[e.key]; ok {
		c.remove(old)
	}
	c.items[e.key] = c.ll.PushFront(e)
	c.size += e.size
	c.evict()
}

// grow accounts for bytes an entry gained after it was stored (its gzip form).
func (c *Cache) grow(e *entry, n int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[e.key]; ok && el.Value == e {
		e.size += n
		c.size += n
		c.evict()
	}
}

func (c *Cache) evict() {
	for c.size > c.max {
		back := c.ll.Back()
		if back == nil {
			return
		}
		c.remove(back)
	}
}

func (c *Cache) remove(el *list.Element) {
	e := el.Value.(*entry)
	c.ll.Remove(el)
	delete(c.items, e.key)
	c.size -= e.size
}

// gzipped returns the entry's body compressed, computing it once.
func (e *entry) gzipped(c *Cache) []byte {
	e.gzOnce.Do(func() {
		e.gz = compress(e.body)
		if c != nil {
			c.grow(e, int64(len(e.gz)))
		}
	})
	return e.gz
}

var gzPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression); return w }}

func compress(b []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(b)/3 + 64)
	w := gzPool.Get().(*gzip.Writer)
	w.Reset(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	gzPool.Put(w)
	return buf.Bytes()
}

// SetClock replaces the clock entries expire by (tests use a manual one). Call it before use.
func (c *Cache) SetClock(now func() time.Time) { c.now = now }

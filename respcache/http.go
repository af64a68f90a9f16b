package respcache

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"haven/auth"
)

// gzipMin is the smallest answer worth compressing.
const gzipMin = 1024

// HTTPOptions are the caching headers of anonymous GET answers.
type HTTPOptions struct {
	MaxAge               time.Duration // Cache-Control max-age
	StaleWhileRevalidate time.Duration // Cache-Control stale-while-revalidate
}

// Handler wraps the GraphQL handler. For anonymous viewers it answers from cache (when cache is
// not nil) and stores what next answers; it gives anonymous GETs an ETag, 304 Not Modified and a
// public Cache-Control; signed-in viewers get private, no-store and are never looked up or
// stored. Answers over a kilobyte are gzipped for clients that accept it. auth.Middleware must
// run before it.
func Handler(cache *Cache, o HTTPOptions, next http.Handler) http.Handler {
	return &handler{cache: cache, next: next,
		public: fmt.Sprintf("public, max-age=%d, stale-while-revalidate=%d", int(o.MaxAge.Seconds()), int(o.StaleWhileRevalidate.Seconds()))}
}

type handler struct {
	cache  *Cache
	next   http.Handler
	public string
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Upgrade") != "" { // WebSocket subscriptions
		h.next.ServeHTTP(w, r)
		return
	}
	w.Header().Add("Vary", "Authorization, Accept-Encoding")
	viewer := auth.FromContext(r.Context())
	if !viewer.Anonymous() {
		w.Header().Set("Cache-Control", "private, no-store")
		rec := newRecorder()
		defer rec.release()
		h.next.ServeHTTP(rec, r)
		rec.copyHeaders(w)
		writeBody(w, r, rec.status, rec.buf.Bytes(), nil, nil)
		return
	}
	req, ok := readRequest(r)
	var key string
	version := uint64(0)
	if ok && h.cache != nil {
		key = req.key(viewer.RoleStrings(), r.Header.Get("Accept"))
		version = h.cache.Version()
		if e := h.cache.get(key, version); e != nil {
			h.serve(w, r, e)
			return
		}
	}
	st := &state{}
	rec := newRecorder()
	defer rec.release()
	h.next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), stateKey{}, st)))
	rec.copyHeaders(w)
	body := rec.buf.Bytes()
	if !ok || rec.status != http.StatusOK || !st.query || st.failed || bytes.HasPrefix(body, []byte(`{"errors"`)) {
		w.Header().Set("Cache-Control", "no-store")
		writeBody(w, r, rec.status, body, nil, nil)
		return
	}
	e := &entry{key: key, body: body, contentType: w.Header().Get("Content-Type"), version: version}
	stored := h.cache != nil && h.cache.admit(key)
	if stored || r.Method == http.MethodGet { // a POST's answer carries no ETag
		e.etag = etag(body)
	}
	if stored {
		e.body = bytes.Clone(body) // the recorder's buffer goes back to its pool
		h.cache.put(e)
	}
	h.serve(w, r, e)
}

// serve writes a cacheable answer: from the cache or just computed.
func (h *handler) serve(w http.ResponseWriter, r *http.Request, e *entry) {
	hd := w.Header()
	hd.Set("Content-Type", e.contentType)
	if r.Method != http.MethodGet {
		writeBody(w, r, http.StatusOK, e.body, e, h.cache)
		return
	}
	hd.Set("ETag", e.etag)
	hd.Set("Cache-Control", h.public)
	if matches(r.Header.Get("If-None-Match"), e.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	writeBody(w, r, http.StatusOK, e.body, e, h.cache)
}

// writeBody writes body, gzipped when it is large and the client accepts gzip (from the entry's
// stored form when there is one).
func writeBody(w http.ResponseWriter, r *http.Request, status int, body []byte, e *entry, c *Cache) {
	if len(body) >= gzipMin && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		var gz []byte
		if e != nil {
			gz = e.gzipped(c)
		} else {
			gz = compress(body)
		}
		w.Header().Set("Content-Encoding", "gzip")
		body = gz
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// acceptsGzip reports whether an Accept-Encoding value admits gzip (q=0 refuses it).
func acceptsGzip(ae string) bool {
	for part := range strings.SplitSeq(ae, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return !(q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000")
	}
	return false
}

// etag is a weak validator of body: the same for its gzip and identity forms.
func etag(body []byte) string {
	sum := sha256.Sum256(body)
	return `W/"` + hex.EncodeToString(sum[:12]) + `"`
}

// matches reports whether an If-None-Match value names tag (weak comparison).
func matches(inm, tag string) bool {
	if inm == "" {
		return false
	}
	tag = strings.TrimPrefix(tag, "W/")
	for part := range strings.SplitSeq(inm, ",") {
		p := strings.TrimSpace(part)
		if p == "*" || strings.TrimPrefix(p, "W/") == tag {
			return true
		}
	}
	return false
}

// recorder holds a response until the handler decides what to do with it.
type recorder struct {
	header http.Header
	status int
	buf    *bytes.Buffer
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func newRecorder() *recorder {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	return &recorder{header: http.Header{}, status: http.StatusOK, buf: b}
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.buf.Write(b) }
func (r *recorder) WriteHeader(status int)      { r.status = status }

func (r *recorder) release() {
	if r.buf.Cap() <= 1<<20 {
		bufPool.Put(r.buf)
	}
}

// copyHeaders copies what the handler set, except what writeBody decides.
func (r *recorder) copyHeaders(w http.ResponseWriter) {
	dst := w.Header()
	for k, v := range r.header {
		if k == "Content-Length" || k == "Content-Encoding" {
			continue
		}
		if k == "Vary" {
			for _, s := range v {
				dst.Add(k, s)
			}
			continue
		}
		dst[k] = v
	}
}

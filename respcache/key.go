package respcache

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

// request is what of a GraphQL request decides its answer.
type request struct {
	query, operationName string
	variables            []byte // compact JSON; "{}" when absent
	apqHash              string // the persisted-query hash, when the query text is absent
}

// readRequest reads the GraphQL parameters of a GET (URL query) or POST (JSON body) request,
// leaving the body readable for the handler after it. ok is false for anything it does not
// understand; such a request is neither looked up nor stored.
func readRequest(r *http.Request) (req request, ok bool) {
	var raw struct {
		Query         string          `json:"query"`
		OperationName string          `json:"operationName"`
		Variables     json.RawMessage `json:"variables"`
		Extensions    json.RawMessage `json:"extensions"`
	}
	switch r.Method {
	case http.MethodGet:
		q := r.URL.Query()
		raw.Query, raw.OperationName = q.Get("query"), q.Get("operationName")
		raw.Variables, raw.Extensions = json.RawMessage(q.Get("variables")), json.RawMessage(q.Get("extensions"))
	case http.MethodPost:
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			return req, false
		}
		body, err := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err != nil || json.Unmarshal(body, &raw) != nil {
			return req, false
		}
	default:
		return req, false
	}
	req.query, req.operationName = normalize(raw.Query), raw.OperationName
	req.variables = []byte("{}")
	if v := bytes.TrimSpace(raw.Variables); len(v) > 0 && !bytes.Equal(v, []byte("null")) {
		var buf bytes.Buffer
		if json.Compact(&buf, v) != nil {
			return req, false
		}
		req.variables = buf.Bytes()
	}
	if req.query == "" {
		var ext struct {
			PersistedQuery *struct {
				Sha256Hash string `json:"sha256Hash"`
			} `json:"persistedQuery"`
		}
		if len(raw.Extensions) == 0 || json.Unmarshal(raw.Extensions, &ext) != nil || ext.PersistedQuery == nil || ext.PersistedQuery.Sha256Hash == "" {
			return req, false
		}
		req.apqHash = ext.PersistedQuery.Sha256Hash
	}
	return req, true
}

// key is the cache key of req for a viewer with roles and a client that accepts accept: a
// SHA-256 of the parts, each length-prefixed so that no two different requests run together.
func (req request) key(roles []string, accept string) string {
	h := sha256.New()
	part := func(s string) {
		var n [4]byte
		l := len(s)
		n[0], n[1], n[2], n[3] = byte(l>>24), byte(l>>16), byte(l>>8), byte(l)
		h.Write(n[:])
		io.WriteString(h, s)
	}
	if req.apqHash != "" {
		part("apq:" + req.apqHash)
	} else {
		part("q:" + req.query)
	}
	part(req.operationName)
	part(string(req.variables))
	part(strings.Join(roles, ","))
	part(accept)
	return string(h.Sum(nil))
}

// normalize removes what GraphQL ignores from a document: comments, commas, and runs of white
// space (kept as one space where they separate tokens). Strings and block strings stay as they
// are. Two documents with the same normal form mean the same thing.
func normalize(q string) string {
	var b strings.Builder
	b.Grow(len(q))
	space := false
	for i := 0; i < len(q); i++ {
		ch := q[i]
		switch {
		case ch == '"':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			end := stringEnd(q, i)
			b.WriteString(q[i:end])
			i = end - 1
		case ch == '#':
			for i < len(q) && q[i] != '\n' && q[i] != '\r' {
				i++
			}
			space = true
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == ',':
			space = true
		default:
			if space && b.Len() > 0 && needsSpace(b.String()[b.Len()-1], ch) {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// needsSpace reports whether two tokens ending in a and starting with b would run together
// without a separator: only names, numbers and variables do.
func needsSpace(a, b byte) bool {
	return word(a) && (word(b) || b == '$')
}

func word(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// stringEnd returns the index just past the string or block string starting at q[i].
func stringEnd(q string, i int) int {
	if strings.HasPrefix(q[i:], `"""`) {
		for j := i + 3; j < len(q); j++ {
			if q[j] == '\\' && strings.HasPrefix(q[j:], `\"""`) {
				j += 3
				continue
			}
			if strings.HasPrefix(q[j:], `"""`) {
				return j + 3
			}
		}
		return len(q)
	}
	for j := i + 1; j < len(q); j++ {
		switch q[j] {
		case '\\':
			j++
		case '"', '\n':
			return j + 1
		}
	}
	return len(q)
}

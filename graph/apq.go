package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"haven/errcode"
)

// maxPersistedQuery is the longest query text that is remembered by its hash; longer ones still
// run, but must be sent in full. With apqEntries it bounds the memory of persisted queries.
const (
	maxPersistedQuery = 16 << 10
	apqEntries        = 1000
)

// persistedQueries implements Automatic Persisted Queries (version 1): a request may name its
// query by the SHA-256 of its text in extensions.persistedQuery.sha256Hash. Sent with the text,
// the hash must match it (else BAD_USER_INPUT) and the pair is remembered; sent alone, the hash
// is looked up, and an unknown one is answered PERSISTED_QUERY_NOT_FOUND so that the client
// sends the text. GETs of a few hundred bytes can then carry any query, and CDNs can cache them.
type persistedQueries struct {
	cache graphql.Cache[string]
}

var _ graphql.OperationParameterMutator = persistedQueries{}

func (persistedQueries) ExtensionName() string                   { return "AutomaticPersistedQueries" }
func (persistedQueries) Validate(graphql.ExecutableSchema) error { return nil }

func (p persistedQueries) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	ext, present := raw.Extensions["persistedQuery"]
	if !present || ext == nil {
		return nil
	}
	const field = "extensions.persistedQuery"
	m, ok := ext.(map[string]any)
	if !ok {
		return apqError(errcode.Input(field, "must be an object with version and sha256Hash"))
	}
	if !versionOne(m["version"]) {
		return apqError(errcode.Input(field+".version", "unsupported persisted query version (want 1)"))
	}
	hash, _ := m["sha256Hash"].(string)
	if b, err := hex.DecodeString(hash); err != nil || len(b) != sha256.Size {
		return apqError(errcode.Input(field+".sha256Hash", "must be 64 hexadecimal digits"))
	}
	if raw.Query == "" {
		q, ok := p.cache.Get(ctx, hash)
		if !ok {
			return apqError(errcode.New(errcode.PersistedQueryNotFound, "PersistedQueryNotFound"))
		}
		raw.Query = q
		return nil
	}
	sum := sha256.Sum256([]byte(raw.Query))
	if hex.EncodeToString(sum[:]) != hash {
		return apqError(errcode.Input(field+".sha256Hash", "does not match the SHA-256 of the query"))
	}
	if len(raw.Query) <= maxPersistedQuery {
		p.cache.Add(ctx, hash, raw.Query)
	}
	return nil
}

// versionOne reports whether v, as decoded from JSON or a GET parameter, is 1.
func versionOne(v any) bool {
	switch n := v.(type) {
	case json.Number:
		return n.String() == "1"
	case float64:
		return n == 1
	case int64:
		return n == 1
	case int:
		return n == 1
	}
	return false
}

func apqError(e *errcode.Error) *gqlerror.Error {
	return &gqlerror.Error{Message: e.Message, Err: e}
}

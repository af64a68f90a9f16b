package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// postTransport is gqlgen's POST transport (transport.POST, with its default settings) with one
// difference: the answer of an operation with data and nothing else — every feed page, node and
// hub page — is written by appendResponse instead of encoding/json, whose Marshal re-scans and
// copies the whole data document through its state machine (a fifth of a feed request's CPU).
// Every other answer is written by json.Marshal, as gqlgen does; the bytes are the same either
// way (TestResponseWriterMatchesEncodingJSON).
type postTransport struct{ transport.POST }

var paramsPool = sync.Pool{New: func() any { return new(graphql.RawParams) }}

func (t postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	contentType := responseContentType(r.Header.Get("Accept"))
	w.Header().Add("Content-Type", contentType)
	params := paramsPool.Get().(*graphql.RawParams)
	defer func() {
		*params = graphql.RawParams{}
		paramsPool.Put(params)
	}()
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("could not read request body: %+v", err)}))
		return
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(params); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf(
			"json request body could not be decoded: %+v body:%s", err, string(body))}))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	rc, opErr := exec.CreateOperationContext(ctx, params)
	if opErr != nil {
		status := http.StatusOK
		if errcode.GetErrorKind(opErr) == errcode.KindProtocol {
			status = http.StatusUnprocessableEntity
			if contentType == mediaGraphQLResponse {
				status = http.StatusBadRequest
			}
		}
		w.WriteHeader(status)
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, rc), opErr))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeResponse(w, responses(ctx))
}

// responseContentType is the media type gqlgen's transports answer in for an Accept header
// (with neither explicit response headers nor graphql-response+json as the default).
func responseContentType(accept string) string {
	if accept == "" {
		return mediaJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		media, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch media {
		case "*/*", "application/*", mediaJSON:
			return mediaJSON
		case mediaGraphQLResponse:
			return mediaGraphQLResponse
		}
	}
	return mediaGraphQLResponse
}

// responseBuffers hold answers while they are written.
var responseBuffers = sync.Pool{New: func() any { return new([]byte) }}

// writeResponse writes resp as json.Marshal would, directly when it is data alone.
func writeResponse(w io.Writer, resp *graphql.Response) {
	if len(resp.Errors) > 0 || len(resp.Data) == 0 || resp.Label != "" || resp.Path != nil ||
		resp.HasNext != nil || len(resp.Extensions) > 0 {
		b, err := json.Marshal(resp)
		if err != nil {
			panic(fmt.Errorf("unable to marshal %s: %w", string(resp.Data), err))
		}
		_, _ = w.Write(b)
		return
	}
	buf := responseBuffers.Get().(*[]byte)
	b := appendResponse((*buf)[:0], resp.Data)
	_, _ = w.Write(b)
	if cap(b) <= 1<<20 {
		*buf = b
		responseBuffers.Put(buf)
	}
}

// appendResponse appends {"data":data} as encoding/json writes a json.RawMessage field: the
// white space between tokens left out, and <, >, & and U+2028, U+2029 escaped as \u003c,
// \u003e, \u0026, \u2028 and \u2029 (Marshal escapes for HTML). gqlgen's marshalers write
// valid JSON, which encoding/json would otherwise only check.
func appendResponse(dst, data []byte) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, `{"data":`...)
	start, inString := 0, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '<' || c == '>' || c == '&':
			dst = append(append(dst, data[start:i]...), '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			start = i + 1
		case c == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && data[i+2]&^1 == 0xA8:
			dst = append(append(dst, data[start:i]...), '\\', 'u', '2', '0', '2', hex[data[i+2]&0xF])
			i += 2
			start = i + 1
		case inString:
			if c == '\\' {
				i++ // the escaped character, which may be a quote
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			dst = append(dst, data[start:i]...)
			start = i + 1
		}
	}
	dst = append(dst, data[start:]...)
	return append(dst, '}')
}

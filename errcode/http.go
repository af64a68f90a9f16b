package errcode

import (
	"encoding/json"
	"net/http"
)

// WriteHTTP answers a request refused before the GraphQL handler runs (a bad token, a body too
// large, a panic) with the same shape a GraphQL error has, so that every error a client sees
// carries a code: {"errors":[{"message":msg,"extensions":{"code":code}}]}.
func WriteHTTP(w http.ResponseWriter, status int, code Code, msg string) {
	type extensions struct {
		Code Code `json:"code"`
	}
	type gqlError struct {
		Message    string     `json:"message"`
		Extensions extensions `json:"extensions"`
	}
	body, err := json.Marshal(struct {
		Errors []gqlError `json:"errors"`
	}{[]gqlError{{Message: msg, Extensions: extensions{Code: code}}}})
	if err != nil { // marshaling strings cannot fail; keep the status regardless
		body = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

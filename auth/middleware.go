package auth

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"

	"haven/errcode"
)

// Middleware identifies the viewer of each request and stores it in the
// request context for [FromContext].
//
// It reads an "Authorization: Bearer <JWT>" header; the scheme is matched
// without regard to case. A request without the header, or with an empty
// one, gets an anonymous viewer. A header that is not a well-formed Bearer
// token, or a token that v rejects, gets a 401 response with a GraphQL
// error body whose extensions code is UNAUTHENTICATED; Middleware never
// falls back to an anonymous viewer for a bad credential.
//
// resolve, when non-nil, runs after a token is verified and may enrich the
// viewer, for example by setting AccountID. If it returns an error that
// wraps [ErrUnauthenticated], the request gets a 401 with that error's
// message; any other error gets a 500 with code INTERNAL_SERVER_ERROR and a
// generic message, and is logged.
//
// The viewer's ClientAddr is the host of the request's RemoteAddr;
// forwarding headers such as X-Forwarded-For are not trusted.
func Middleware(v *Verifier, resolve func(ctx context.Context, vw *Viewer) error, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		addr := clientAddr(r)
		values := r.Header.Values("Authorization")
		if len(values) == 0 || (len(values) == 1 && strings.TrimSpace(values[0]) == "") {
			vw := &Viewer{ClientAddr: addr}
			next.ServeHTTP(w, r.WithContext(NewContext(r.Context(), vw)))
			return
		}
		if len(values) > 1 {
			writeUnauthenticated(w, "multiple Authorization headers")
			return
		}
		token, ok := bearerToken(values[0])
		if !ok {
			writeUnauthenticated(w, "malformed Authorization header: want Bearer token")
			return
		}
		vw, err := v.Verify(token)
		if err != nil {
			writeUnauthenticated(w, err.Error())
			return
		}
		vw.ClientAddr = addr
		ctx := r.Context()
		if resolve != nil {
			if err := resolve(ctx, vw); err != nil {
				if errors.Is(err, ErrUnauthenticated) {
					writeUnauthenticated(w, err.Error())
					return
				}
				if e, ok := errcode.As(err); ok && e.Code == errcode.Unavailable {
					w.Header().Set("Retry-After", strconv.Itoa(errcode.RetryAfterSeconds))
					errcode.WriteHTTP(w, http.StatusServiceUnavailable, e.Code, e.Message)
					return
				}
				slog.ErrorContext(ctx, "auth: resolve viewer", "subject", vw.Subject, "err", err)
				errcode.WriteHTTP(w, http.StatusInternalServerError, errcode.Internal, "internal server error")
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(NewContext(ctx, vw)))
	})
}

// bearerToken returns the token of an "Authorization: Bearer <token>"
// header value. The token must be one non-empty word.
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimLeft(token, " ")
	if token == "" || strings.ContainsAny(token, " \t") {
		return "", false
	}
	return token, true
}

// clientAddr returns the host part of r.RemoteAddr, or all of it when it
// has no port.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func writeUnauthenticated(w http.ResponseWriter, msg string) {
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	errcode.WriteHTTP(w, http.StatusUnauthorized, errcode.Unauthenticated, msg)
}

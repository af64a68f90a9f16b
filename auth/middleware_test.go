package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// gqlResponse is the body of an error response.
type gqlResponse struct {
	Errors []struct {
		Message    string `json:"message"`
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	} `json:"errors"`
}

// serve runs req through Middleware and returns the response and the viewer
// the next handler saw, or nil if it was not called.
func serve(t *testing.T, v *Verifier, resolve func(context.Context, *Viewer) error, req *http.Request) (*httptest.ResponseRecorder, *Viewer) {
	t.Helper()
	var seen *Viewer
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = FromContext(r.Context())
		w.WriteHeader(http.StatusTeapot)
	})
	rec := httptest.NewRecorder()
	Middleware(v, resolve, next).ServeHTTP(rec, req)
	return rec, seen
}

// checkErrorResponse checks a GraphQL error response.
func checkErrorResponse(t *testing.T, rec *httptest.ResponseRecorder, status int, code, msg string) {
	t.Helper()
	if rec.Code != status {
		t.Errorf("status = %d, want %d", rec.Code, status)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var body gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("decode body %q: %v", rec.Body, err)
	}
	if len(body.Errors) != 1 {
		t.Fatalf("body has %d errors, want 1: %s", len(body.Errors), rec.Body)
	}
	if got := body.Errors[0].Extensions.Code; got != code {
		t.Errorf("code = %q, want %q", got, code)
	}
	if got := body.Errors[0].Message; got != msg {
		t.Errorf("message = %q, want %q", got, msg)
	}
}

func TestMiddleware(t *testing.T) {
	v := newVerifier(t, Config{Secret: testSecret})
	good, err := Sign(testSecret, Claims{Subject: "user-6", Roles: []string{"moderator"}})
	if err != nil {
		t.Fatal(err)
	}
	expired, err := Sign(testSecret, Claims{Subject: "user-6", TTL: -time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	forged := signed(t, jwt.SigningMethodHS256, []byte(strings.Repeat("z", 32)), claimsFor("user-6"), nil)

	tests := []struct {
		name    string
		headers []string // Authorization header values
		wantSub string   // for a request that reaches next
		wantErr string   // message of a 401 response
	}{
		{"no header", nil, "", ""},
		{"empty header", []string{""}, "", ""},
		{"blank header", []string{"   "}, "", ""},
		{"bearer", []string{"Bearer " + good}, "user-6", ""},
		{"lower case scheme", []string{"bearer " + good}, "user-6", ""},
		{"upper case scheme", []string{"BEARER " + good}, "user-6", ""},
		{"extra spaces", []string{"  Bearer   " + good + " "}, "user-6", ""},
		{"basic scheme", []string{"Basic dXNlcjpwYXNz"}, "", "malformed Authorization header: want Bearer token"},
		{"bare token", []string{good}, "", "malformed Authorization header: want Bearer token"},
		{"scheme only", []string{"Bearer"}, "", "malformed Authorization header: want Bearer token"},
		{"scheme and space", []string{"Bearer   "}, "", "malformed Authorization header: want Bearer token"},
		{"two words", []string{"Bearer " + good + " extra"}, "", "malformed Authorization header: want Bearer token"},
		{"tab separated", []string{"Bearer\t" + good}, "", "malformed Authorization header: want Bearer token"},
		{"two headers", []string{"Bearer " + good, "Bearer " + good}, "", "multiple Authorization headers"},
		{"garbage token", []string{"Bearer abc"}, "", "malformed token"},
		{"forged token", []string{"Bearer " + forged}, "", "invalid token signature"},
		{"expired token", []string{"Bearer " + expired}, "", "token expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
			req.RemoteAddr = "192.0.2.10:51234"
			for _, h := range tt.headers {
				req.Header.Add("Authorization", h)
			}
			rec, seen := serve(t, v, nil, req)
			if tt.wantErr != "" {
				if seen != nil {
					t.Fatalf("next handler ran with viewer %+v, want 401", seen)
				}
				checkErrorResponse(t, rec, http.StatusUnauthorized, "UNAUTHENTICATED", tt.wantErr)
				if got := rec.Header().Get("WWW-Authenticate"); got != `Bearer error="invalid_token"` {
					t.Errorf("WWW-Authenticate = %q", got)
				}
				return
			}
			if seen == nil {
				t.Fatalf("next handler not called; status %d body %s", rec.Code, rec.Body)
			}
			if rec.Code != http.StatusTeapot {
				t.Errorf("status = %d, want the next handler's %d", rec.Code, http.StatusTeapot)
			}
			if seen.Subject != tt.wantSub {
				t.Errorf("Subject = %q, want %q", seen.Subject, tt.wantSub)
			}
			if tt.wantSub == "" && !seen.Anonymous() {
				t.Errorf("viewer %+v not anonymous", seen)
			}
			if tt.wantSub != "" && !seen.Has(RoleModerator) {
				t.Errorf("viewer roles = %v, want moderator", seen.Roles)
			}
			if seen.ClientAddr != "192.0.2.10" {
				t.Errorf("ClientAddr = %q, want 192.0.2.10", seen.ClientAddr)
			}
		})
	}
}

func TestMiddlewareClientAddr(t *testing.T) {
	v := newVerifier(t, Config{Secret: testSecret})
	tests := []struct {
		remote string
		want   string
	}{
		{"192.0.2.1:1234", "192.0.2.1"},
		{"[2001:db8::1]:443", "2001:db8::1"},
		{"unix-socket", "unix-socket"},
		{"", ""},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.RemoteAddr = tt.remote
		req.Header.Set("X-Forwarded-For", "203.0.113.99")
		req.Header.Set("X-Real-Ip", "203.0.113.98")
		_, seen := serve(t, v, nil, req)
		if seen == nil {
			t.Fatalf("RemoteAddr %q: next handler not called", tt.remote)
		}
		if seen.ClientAddr != tt.want {
			t.Errorf("RemoteAddr %q: ClientAddr = %q, want %q", tt.remote, seen.ClientAddr, tt.want)
		}
	}
}

func TestMiddlewareResolve(t *testing.T) {
	v := newVerifier(t, Config{Secret: testSecret})
	token, err := Sign(testSecret, Claims{Subject: "user-7"})
	if err != nil {
		t.Fatal(err)
	}
	secretDetail := "pq: connection refused to db-internal"

	tests := []struct {
		name       string
		resolve    func(context.Context, *Viewer) error
		anonymous  bool // send no token
		wantStatus int
		wantCode   string
		wantMsg    string
		wantAcct   int
	}{
		{
			name: "sets account",
			resolve: func(_ context.Context, vw *Viewer) error {
				if vw.Subject != "user-7" || vw.ClientAddr == "" {
					return fmt.Errorf("resolve got viewer %+v", vw)
				}
				vw.AccountID = 42
				return nil
			},
			wantStatus: http.StatusTeapot,
			wantAcct:   42,
		},
		{
			name:       "internal error",
			resolve:    func(context.Context, *Viewer) error { return errors.New(secretDetail) },
			wantStatus: http.StatusInternalServerError,
			wantCode:   "INTERNAL_SERVER_ERROR",
			wantMsg:    "internal server error",
		},
		{
			name: "unauthenticated error",
			resolve: func(context.Context, *Viewer) error {
				return fmt.Errorf("account suspended: %w", ErrUnauthenticated)
			},
			wantStatus: http.StatusUnauthorized,
			wantCode:   "UNAUTHENTICATED",
			wantMsg:    "account suspended: unauthenticated",
		},
		{
			name:       "not called without a token",
			resolve:    func(context.Context, *Viewer) error { return errors.New("resolve called") },
			anonymous:  true,
			wantStatus: http.StatusTeapot,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
			if !tt.anonymous {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			rec, seen := serve(t, v, tt.resolve, req)
			if tt.wantCode != "" {
				if seen != nil {
					t.Fatalf("next handler ran with viewer %+v", seen)
				}
				checkErrorResponse(t, rec, tt.wantStatus, tt.wantCode, tt.wantMsg)
				if strings.Contains(rec.Body.String(), secretDetail) {
					t.Errorf("response leaks the resolve error: %s", rec.Body)
				}
				return
			}
			if rec.Code != tt.wantStatus || seen == nil {
				t.Fatalf("status = %d, next called = %v; want %d, true", rec.Code, seen != nil, tt.wantStatus)
			}
			if seen.AccountID != tt.wantAcct {
				t.Errorf("AccountID = %d, want %d", seen.AccountID, tt.wantAcct)
			}
		})
	}
}

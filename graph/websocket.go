package graph

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"haven/auth"
	"haven/errcode"
)

// The lifecycle of a WebSocket (graphql-transport-ws): who may open one, how many, how long it
// may stay silent, and that it ends when the token that opened it expires.

// graphql-transport-ws close codes.
const (
	closeForbidden   = 4403 // a bad, expired or missing token; the client must not reconnect as is
	closeInitTimeout = 4408 // connection_init did not arrive in time
)

// WebsocketLimits bound the sockets of one replica.
type WebsocketLimits struct {
	MaxConnections int           // open sockets in total
	MaxPerClient   int           // open sockets per client address
	InitTimeout    time.Duration // from the upgrade to connection_init
	PingInterval   time.Duration // the server pings; a socket silent for twice this is closed
}

// DefaultWebsocketLimits are the limits when none are configured.
var DefaultWebsocketLimits = WebsocketLimits{MaxConnections: 10000, MaxPerClient: 20, InitTimeout: 10 * time.Second, PingInterval: 15 * time.Second}

func (l WebsocketLimits) withDefaults() WebsocketLimits {
	d := DefaultWebsocketLimits
	if l.MaxConnections > 0 {
		d.MaxConnections = l.MaxConnections
	}
	if l.MaxPerClient > 0 {
		d.MaxPerClient = l.MaxPerClient
	}
	if l.InitTimeout > 0 {
		d.InitTimeout = l.InitTimeout
	}
	if l.PingInterval > 0 {
		d.PingInterval = l.PingInterval
	}
	return d
}

// anonymousSubscriptions are the subscription fields an anonymous viewer may use. There are
// none: the moderation queue is for staff. While the set is empty an anonymous socket is
// refused at connection_init, so an idle anonymous socket cannot be held open at all.
var anonymousSubscriptions = map[string]bool{}

// socket is one WebSocket's state, from the upgrade request to the close.
type socket struct {
	mu     sync.Mutex
	conn   transport.WebsocketConn
	closed bool
	inited atomic.Bool
	timers []*time.Timer
}

type socketKey struct{}

func socketFrom(ctx context.Context) *socket {
	s, _ := ctx.Value(socketKey{}).(*socket)
	return s
}

// closeWith closes the socket with a graphql-transport-ws code and reason (at most 123 bytes).
func (s *socket) closeWith(code int, reason string) {
	for len(reason) > 123 {
		_, size := utf8.DecodeLastRuneInString(reason)
		reason = reason[:len(reason)-size]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.conn == nil {
		return
	}
	s.closed = true
	for _, t := range s.timers {
		t.Stop()
	}
	_ = s.conn.WriteClose(code, reason)
	_ = s.conn.Close()
}

// after runs f in d unless the socket has closed by then.
func (s *socket) after(d time.Duration, f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.timers = append(s.timers, time.AfterFunc(d, f))
	}
}

func (s *socket) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for _, t := range s.timers {
		t.Stop()
	}
}

// socketAcceptor accepts the upgrade and binds the connection to the request's socket state,
// starting its connection_init deadline.
type socketAcceptor struct {
	inner       transport.WebsocketImplementation
	initTimeout time.Duration
}

func (a socketAcceptor) Accept(w http.ResponseWriter, r *http.Request, o transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	conn, err := a.inner.Accept(w, r, o)
	if err != nil {
		return nil, err
	}
	if s := socketFrom(r.Context()); s != nil {
		s.mu.Lock()
		s.conn = conn
		s.mu.Unlock()
		s.after(a.initTimeout, func() {
			if !s.inited.Load() {
				s.closeWith(closeInitTimeout, "Connection initialisation timeout")
			}
		})
	}
	return conn, nil
}

// addWebsocket serves subscriptions over graphql-transport-ws. Browsers cannot set headers on a
// WebSocket, so the token may come in the connection_init payload. A bad or expired token, or
// none while no subscription is open to anonymous viewers, closes the socket with 4403 and the
// reason; the socket closes with 4403 when the token expires; connection_init later than the
// init timeout closes it with 4408; a client that stops answering pings is disconnected.
// Origins are not checked: the API authenticates with bearer tokens, never cookies, so another
// site's page gains nothing by connecting.
func addWebsocket(srv *handler.Server, authenticate Authenticator, limits WebsocketLimits) {
	limits = limits.withDefaults()
	srv.AddTransport(transport.Websocket{
		Implementation: socketAcceptor{
			inner:       transport.CoderWebsocketImplementation{AcceptOptions: coderws.AcceptOptions{InsecureSkipVerify: true}},
			initTimeout: limits.InitTimeout,
		},
		KeepAlivePingInterval: limits.PingInterval,
		PingPongInterval:      limits.PingInterval,
		InitFunc: func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
			s := socketFrom(ctx)
			if s != nil {
				s.inited.Store(true)
			}
			ctx, err := initViewer(ctx, p, authenticate)
			if err != nil {
				msg := "Forbidden: " + err.Error()
				return transport.WithWebsocketCloseCode(transport.AppendCloseReason(ctx, msg), closeForbidden), nil, errors.New(msg)
			}
			if exp := auth.FromContext(ctx).ExpiresAt; s != nil && !exp.IsZero() {
				s.after(time.Until(exp), func() { s.closeWith(closeForbidden, "Forbidden: token expired") })
			}
			return ctx, nil, nil
		},
	})
	srv.AroundOperations(socketOperation)
}

// initViewer returns ctx with the viewer of the connection_init payload's token (or of the
// upgrade request's Authorization header when the payload has none).
func initViewer(ctx context.Context, p transport.InitPayload, authenticate Authenticator) (context.Context, error) {
	header := strings.TrimSpace(p.Authorization())
	if header != "" && authenticate != nil {
		scheme, token, ok := strings.Cut(header, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			return ctx, errors.New("malformed Authorization: want Bearer token")
		}
		var err error
		if ctx, err = authenticate(ctx, strings.TrimSpace(token)); err != nil {
			return ctx, err
		}
	}
	v := auth.FromContext(ctx)
	if v.Anonymous() && len(anonymousSubscriptions) == 0 {
		return ctx, errors.New("sign in to subscribe: no subscription is open to anonymous viewers")
	}
	if !v.ExpiresAt.IsZero() && !time.Now().Before(v.ExpiresAt) {
		return ctx, errors.New("token expired")
	}
	return ctx, nil
}

// socketOperation checks every operation sent over a socket: the token must not have expired
// (the socket closes with 4403 if it has), and an anonymous socket runs only the subscriptions
// open to anonymous viewers.
func socketOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	s := socketFrom(ctx)
	if s == nil || !s.inited.Load() {
		return next(ctx)
	}
	v := auth.FromContext(ctx)
	if !v.ExpiresAt.IsZero() && !time.Now().Before(v.ExpiresAt) {
		s.closeWith(closeForbidden, "Forbidden: token expired")
		return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{codedError(errcode.Unauthenticated, "token expired")}})
	}
	if v.Anonymous() {
		oc := graphql.GetOperationContext(ctx)
		if oc.Operation == nil || oc.Operation.Operation != ast.Subscription || !onlyAnonymousFields(oc.Operation.SelectionSet) {
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{codedError(errcode.Unauthenticated, "sign in to use this over a WebSocket")}})
		}
	}
	return next(ctx)
}

func onlyAnonymousFields(set ast.SelectionSet) bool {
	for _, sel := range set {
		f, ok := sel.(*ast.Field)
		if !ok || !anonymousSubscriptions[f.Name] {
			return false
		}
	}
	return true
}

func codedError(code errcode.Code, msg string) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": string(code)}}
}

// socketGate counts the open sockets, in total and per client address, and refuses an upgrade
// beyond either limit with 429 and Retry-After before it is accepted. It puts the socket state
// in the request context for the transport.
type socketGate struct {
	limits WebsocketLimits
	mu     sync.Mutex
	total  int
	per    map[string]int
}

func newSocketGate(limits WebsocketLimits) *socketGate {
	return &socketGate{limits: limits.withDefaults(), per: map[string]int{}}
}

func (g *socketGate) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") == "" {
			next.ServeHTTP(w, r)
			return
		}
		addr := auth.FromContext(r.Context()).ClientAddr
		if !g.enter(addr) {
			w.Header().Set("Retry-After", strconv.Itoa(30))
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"errors":[{"message":"too many open WebSockets","extensions":{"code":"RATE_LIMITED"}}]}`))
			return
		}
		defer g.leave(addr)
		s := &socket{}
		defer s.stop()
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), socketKey{}, s)))
	})
}

func (g *socketGate) enter(addr string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.total >= g.limits.MaxConnections || g.per[addr] >= g.limits.MaxPerClient {
		return false
	}
	g.total++
	g.per[addr]++
	return true
}

func (g *socketGate) leave(addr string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.total--
	if g.per[addr]--; g.per[addr] <= 0 {
		delete(g.per, addr)
	}
}

package graph

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"

	"haven/access"
	"haven/auth"
	"haven/ent/submission"
	"haven/graph/model"
)

// Authenticator turns the bearer token of a WebSocket's connection_init payload into a context
// carrying its viewer, as the HTTP middleware does for a request's Authorization header.
type Authenticator func(ctx context.Context, token string) (context.Context, error)

// addWebsocket serves subscriptions over graphql-transport-ws. Browsers cannot set headers on a
// WebSocket, so the token may come in the connection_init payload; a bad token there closes the
// connection rather than leaving it anonymous. Origins are not checked: the API authenticates
// with bearer tokens, never cookies, so another site's page gains nothing by connecting.
func addWebsocket(srv *handler.Server, authenticate Authenticator) {
	srv.AddTransport(transport.Websocket{
		Implementation: transport.CoderWebsocketImplementation{
			AcceptOptions: coderws.AcceptOptions{InsecureSkipVerify: true},
		},
		KeepAlivePingInterval: 15 * time.Second,
		InitTimeout:           10 * time.Second,
		InitFunc: func(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
			header := strings.TrimSpace(p.Authorization())
			if header == "" || authenticate == nil {
				return ctx, nil, nil
			}
			scheme, token, ok := strings.Cut(header, " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
				return ctx, nil, errors.New("UNAUTHENTICATED: malformed Authorization: want Bearer token")
			}
			ctx, err := authenticate(ctx, strings.TrimSpace(token))
			if err != nil {
				return ctx, nil, errors.New("UNAUTHENTICATED: " + err.Error())
			}
			return ctx, nil, nil
		},
	})
}

func (r *subscriptionResolver) moderationQueueChanged(ctx context.Context) (<-chan *model.QueueChange, error) {
	if _, err := access.Require(ctx, access.QueueRead); err != nil {
		return nil, err
	}
	if r.Notify == nil {
		return nil, errors.New("subscriptions are not configured")
	}
	// The subscription ends when the token that opened it expires: a long-lived connection must
	// not outlive the right to watch the queue.
	var cancel context.CancelFunc = func() {}
	if exp := auth.FromContext(ctx).ExpiresAt; !exp.IsZero() {
		ctx, cancel = context.WithDeadline(ctx, exp)
	}
	changes := r.Notify.Subscribe(ctx)
	out := make(chan *model.QueueChange, 1)
	go func() {
		defer close(out)
		defer cancel()
		for c := range changes {
			select {
			case out <- &model.QueueChange{SubmissionID: c.SubmissionID, Action: c.Action, Status: submission.Status(c.Status), At: c.At}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

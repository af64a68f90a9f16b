package respcache

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"haven/auth"
)

// state is what the GraphQL executor tells the HTTP handler about one request: whether it was
// a query operation of an anonymous viewer and whether it failed.
type state struct {
	query, failed bool
}

type stateKey struct{}

// Extension is the gqlgen extension that marks cacheable operations for Handler. Install it
// with srv.Use(respcache.Extension{}); without it nothing is stored.
type Extension struct{}

var (
	_ graphql.HandlerExtension     = Extension{}
	_ graphql.OperationInterceptor = Extension{}
	_ graphql.ResponseInterceptor  = Extension{}
)

// ExtensionName names the extension.
func (Extension) ExtensionName() string { return "ResponseCache" }

// Validate accepts any schema.
func (Extension) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation marks a query operation of an anonymous viewer as cacheable.
func (Extension) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if st, ok := ctx.Value(stateKey{}).(*state); ok {
		oc := graphql.GetOperationContext(ctx)
		st.query = oc.Operation != nil && oc.Operation.Operation == ast.Query && auth.FromContext(ctx).Anonymous()
	}
	return next(ctx)
}

// InterceptResponse marks an answer with errors as not cacheable.
func (Extension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	res := next(ctx)
	if st, ok := ctx.Value(stateKey{}).(*state); ok && (res == nil || len(res.Errors) > 0) {
		st.failed = true
	}
	return res
}

package gql

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Observer is told about every GraphQL operation and root field, for metrics. Its methods must
// be safe for concurrent use and quick; they return nothing.
type Observer interface {
	// Operation reports a finished operation: its name ("" when anonymous), kind ("query",
	// "mutation", "subscription"; "" when it did not parse), outcome ("ok" or the first error's
	// extensions.code) and the time since the request's start.
	Operation(ctx context.Context, name, kind, outcome string, took time.Duration)
	// RootField reports a finished root field: its schema name (not its alias), outcome ("ok" or
	// the code of the first error at or below it) and how long it took to resolve.
	RootField(ctx context.Context, field, outcome string, took time.Duration)
}

// observeExt reports operations and root fields to an Observer. It must be used before other
// operation interceptors, so that operations they answer themselves (sign-in failures) are seen.
type observeExt struct{ obs Observer }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
	graphql.ResponseInterceptor
	graphql.RootFieldInterceptor
} = observeExt{}

type observedKey struct{}

// ExtensionName names the extension.
func (observeExt) ExtensionName() string { return "Observer" }

// Validate accepts any schema.
func (observeExt) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation reports the operation once its response is known.
func (o observeExt) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	ctx = context.WithValue(ctx, observedKey{}, true)
	rh := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		resp := rh(ctx)
		if resp != nil {
			o.operation(ctx, resp.Errors)
		}
		return resp
	}
}

// InterceptResponse reports requests that failed before execution (parse, validation and limit
// errors), which no operation interceptor sees.
func (o observeExt) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp != nil && ctx.Value(observedKey{}) == nil {
		o.operation(ctx, resp.Errors)
	}
	return resp
}

func (o observeExt) operation(ctx context.Context, errs gqlerror.List) {
	var name, kind string
	var took time.Duration
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		name = oc.OperationName
		if oc.Operation != nil {
			kind = string(oc.Operation.Operation)
			if name == "" {
				name = oc.Operation.Name
			}
		}
		if !oc.Stats.OperationStart.IsZero() {
			took = time.Since(oc.Stats.OperationStart)
		}
	}
	o.obs.Operation(ctx, name, kind, outcome(errs, ""), took)
}

// InterceptRootField times one root field and reports the errors at or below it.
func (o observeExt) InterceptRootField(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	start := time.Now()
	res := next(ctx)
	field := graphql.GetRootFieldContext(ctx).Field
	o.obs.RootField(ctx, field.Name, outcome(graphql.GetErrors(ctx), field.Alias), time.Since(start))
	return res
}

// outcome is "ok" when errs holds no error (under the response key alias, when set), else the
// first such error's extensions.code ("INTERNAL" when it has none).
func outcome(errs gqlerror.List, alias string) string {
	for _, e := range errs {
		if alias != "" {
			if len(e.Path) == 0 {
				continue
			}
			if key, ok := e.Path[0].(ast.PathName); !ok || string(key) != alias {
				continue
			}
		}
		if code, ok := e.Extensions["code"].(string); ok && code != "" {
			return code
		}
		return CodeInternal
	}
	return "ok"
}

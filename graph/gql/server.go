package gql

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"jiangxin/auth"
	"jiangxin/graph"
	"jiangxin/graph/gql/generated"
	"jiangxin/search"
)

// Error codes carried in extensions.code.
const (
	CodeInvalidInput    = "INVALID_INPUT"
	CodeNotFound        = "NOT_FOUND"
	CodeConflict        = "CONFLICT"
	CodeForbidden       = "FORBIDDEN"
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeInternal        = "INTERNAL"
	CodeTimeout         = "TIMEOUT"
	CodeTooComplex      = "COMPLEXITY_LIMIT_EXCEEDED" // set by gqlgen's complexity extension
	CodeTooDeep         = "QUERY_TOO_DEEP"
	CodeBodyTooLarge    = "BODY_TOO_LARGE"
	// CodeUnavailable: a backend (the graph database, the search engine) cannot be reached right
	// now; nothing was done and the client may retry shortly.
	CodeUnavailable = "UNAVAILABLE"
	// CodeOverloaded: the server has as many requests in flight as it accepts and refused this
	// one before reading it (HTTP 503 with Retry-After); the client may retry shortly.
	CodeOverloaded = "OVERLOADED"
)

// unavailableMessage is what clients read for CodeUnavailable.
const unavailableMessage = "the database is unavailable, try again shortly"

// Limits bounds what one request may ask of the server. Zero fields take the defaults.
type Limits struct {
	Complexity   int           // sum of field costs; default 5000
	Depth        int           // selection nesting; default 12
	BodyBytes    int64         // request body; default 1 MiB
	UploadBytes  int64         // multipart (file upload) request body; default 64 MiB
	ParserTokens int           // tokens in one document; default 15000
	Timeout      time.Duration // per request; default 10 s
	LoaderWait   time.Duration // how long dataloaders gather keys before one batched read; default 2 ms
}

// DefaultLimits are the limits used for zero fields.
var DefaultLimits = Limits{Complexity: 5000, Depth: 12, BodyBytes: 1 << 20, UploadBytes: 64 << 20, ParserTokens: 15000,
	Timeout: 10 * time.Second, LoaderWait: 2 * time.Millisecond}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.Complexity > 0 {
		d.Complexity = l.Complexity
	}
	if l.Depth > 0 {
		d.Depth = l.Depth
	}
	if l.BodyBytes > 0 {
		d.BodyBytes = l.BodyBytes
	}
	if l.UploadBytes > 0 {
		d.UploadBytes = l.UploadBytes
	}
	if l.ParserTokens > 0 {
		d.ParserTokens = l.ParserTokens
	}
	if l.Timeout > 0 {
		d.Timeout = l.Timeout
	}
	if l.LoaderWait > 0 {
		d.LoaderWait = l.LoaderWait
	}
	return d
}

// NewHandler returns the GraphQL endpoint: GET and POST per the GraphQL-over-HTTP spec, one set
// of dataloaders per request, complexity, depth, body-size, token and time limits, and errors
// presented with extensions.code (internal errors are logged and shown as "internal error").
func NewHandler(r *Resolver, limits Limits) http.Handler {
	limits = limits.withDefaults()
	skills := newSkillCache(SkillCacheTTL, time.Now)
	log := r.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: r, Complexity: complexity(),
		Directives: generated.DirectiveRoot{
			// @private marks fields whose resolvers return null unless the caller may see them
			// (Resolver.privateProblem, privateWorker); the directive itself only documents it.
			Private: func(ctx context.Context, _ any, next graphql.Resolver) (any, error) { return next(ctx) },
		}}))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: limits.UploadBytes, MaxMemory: 8 << 20})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(limits.ParserTokens)
	srv.Use(extension.Introspection{})
	srv.Use(extension.FixedComplexityLimit(limits.Complexity))
	srv.Use(depthLimit{max: limits.Depth})
	srv.SetErrorPresenter(presentError(log))
	if r.Observer != nil {
		srv.Use(observeExt{obs: r.Observer}) // before the sign-in check, which may answer alone
	}
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		ctx, err := r.authenticate(ctx)
		if err != nil {
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{presentError(log)(ctx, err)}})
		}
		return next(ctx)
	})
	srv.AroundFields(r.guardFields)
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		log.ErrorContext(ctx, "resolver panic", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		return errors.New("internal error")
	})
	inner := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		max := limits.BodyBytes
		if strings.HasPrefix(req.Header.Get("Content-Type"), "multipart/form-data") {
			max = limits.UploadBytes
		}
		if req.ContentLength > max {
			writeError(w, http.StatusRequestEntityTooLarge, CodeBodyTooLarge,
				fmt.Sprintf("request body is larger than %d bytes", max))
			return
		}
		multipart := max == limits.UploadBytes
		if req.ContentLength < 0 && !multipart && req.Body != nil {
			// A body of unknown length (chunked): read it up to the limit here, so that an
			// oversized one is answered 413 like one that declares its length.
			buf, err := io.ReadAll(io.LimitReader(req.Body, max+1))
			if err != nil {
				writeError(w, http.StatusBadRequest, CodeInvalidInput, "could not read the request body")
				return
			}
			if int64(len(buf)) > max {
				writeError(w, http.StatusRequestEntityTooLarge, CodeBodyTooLarge,
					fmt.Sprintf("request body is larger than %d bytes", max))
				return
			}
			req.Body = io.NopCloser(bytes.NewReader(buf))
		}
		req.Body = http.MaxBytesReader(w, req.Body, max)
		ctx, cancel := context.WithTimeout(req.Context(), limits.Timeout)
		defer cancel()
		ctx = WithLoaders(ctx, newCachedLoaders(r.Store, limits.LoaderWait, skills))
		ctx = withAuthz(ctx, newAuthz(r.Store))
		ctx = context.WithValue(ctx, clientIPKey{}, clientIP(req))
		srv.ServeHTTP(w, req.WithContext(ctx))
	})
	var h http.Handler = inner
	if r.Auth != nil && r.Auth.Signer != nil {
		h = auth.Middleware(r.Auth.Signer, r.Auth.Revoker, inner)
	}
	return h
}

type clientIPKey struct{}

// clientIP is the request's peer address without the port: the login limiter's key. Behind a
// reverse proxy every client shares the proxy's address, which only makes the limiter stricter.
func clientIP(req *http.Request) string {
	host, _, err := net.SplitHostPort(req.RemoteAddr)
	if err != nil {
		return req.RemoteAddr
	}
	return host
}

// writeError writes a GraphQL-shaped error response for failures outside the executor.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, `{"errors":[{"message":%q,"extensions":{"code":%q}}]}`, msg, code)
}

// Code returns the extensions.code for err: the domain errors map to their codes and anything
// unknown is INTERNAL.
func Code(err error) string {
	var fe *graph.FieldError
	switch {
	case errors.As(err, &fe), errors.Is(err, graph.ErrInvalid):
		return CodeInvalidInput
	case errors.Is(err, graph.ErrNotFound):
		return CodeNotFound
	case errors.Is(err, graph.ErrConflict):
		return CodeConflict
	case errors.Is(err, graph.ErrForbidden):
		return CodeForbidden
	case errors.Is(err, graph.ErrUnauthenticated):
		return CodeUnauthenticated
	case errors.Is(err, graph.ErrUnavailable), errors.Is(err, search.ErrUnavailable):
		return CodeUnavailable
	case errors.Is(err, context.DeadlineExceeded):
		return CodeTimeout
	}
	return CodeInternal
}

func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		if gerr.Extensions == nil {
			gerr.Extensions = map[string]any{}
		}
		// Errors made by the executor itself (parse, validation, limits) carry no Go error:
		// keep their message and code.
		var own *gqlerror.Error
		if errors.As(err, &own) && own.Err == nil {
			if _, ok := gerr.Extensions["code"]; !ok {
				gerr.Extensions["code"] = CodeInvalidInput
			}
			return gerr
		}
		code := Code(err)
		gerr.Extensions["code"] = code
		var fe *graph.FieldError
		switch {
		case errors.As(err, &fe):
			gerr.Message = fe.Error()
			gerr.Extensions["field"] = fe.Field
		case code == CodeInternal:
			log.ErrorContext(ctx, "graphql internal error", "err", err, "path", gerr.Path.String())
			gerr.Message = "internal error"
		case code == CodeTimeout:
			gerr.Message = "the request took too long and was cancelled"
		case code == CodeUnavailable:
			log.WarnContext(ctx, "graphql backend unavailable", "err", err, "path", gerr.Path.String())
			gerr.Message = unavailableMessage
		}
		return gerr
	}
}

// depthLimit rejects operations whose selections nest deeper than max, counting through
// fragments, before anything is resolved.
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

// ExtensionName names the extension.
func (depthLimit) ExtensionName() string { return "DepthLimit" }

// Validate accepts any schema.
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext measures the operation's depth.
func (d depthLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if depth := selectionDepth(oc.Operation.SelectionSet, oc.Doc.Fragments, 0, d.max); depth > d.max {
		return &gqlerror.Error{
			Message:    fmt.Sprintf("query is nested deeper than %d levels", d.max),
			Extensions: map[string]any{"code": CodeTooDeep},
		}
	}
	return nil
}

// selectionDepth returns the depth of set, stopping as soon as it exceeds limit (so fragment
// cycles, which validation rejects anyway, cannot loop).
func selectionDepth(set ast.SelectionSet, frags ast.FragmentDefinitionList, depth, limit int) int {
	if depth > limit {
		return depth
	}
	max := depth
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if len(s.SelectionSet) == 0 {
				d = depth + 1
			} else {
				d = selectionDepth(s.SelectionSet, frags, depth+1, limit)
			}
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, frags, depth, limit)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil {
				d = selectionDepth(f.SelectionSet, frags, depth, limit)
			}
		}
		if d > max {
			max = d
		}
		if max > limit {
			return max
		}
	}
	return max
}

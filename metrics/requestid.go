package metrics

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
)

// RequestIDHeader is the header a request ID is taken from and returned in.
const RequestIDHeader = "X-Request-ID"

// MaxRequestIDLen bounds a request ID taken from a client; longer ones are cut.
const MaxRequestIDLen = 64

type requestIDKey struct{}

// WithRequestID returns ctx carrying the request ID id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestIDFrom returns the request ID ctx carries, or "" when none.
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// SanitizeRequestID keeps the characters of a client's request ID that are safe in a header and
// a log line (ASCII letters, digits and - _ . : / + =), cut to MaxRequestIDLen bytes. It returns
// "" when nothing is left.
func SanitizeRequestID(id string) string {
	id = trimmed(id, 4*MaxRequestIDLen)
	out := make([]byte, 0, min(len(id), MaxRequestIDLen))
	for i := 0; i < len(id) && len(out) < MaxRequestIDLen; i++ {
		c := id[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c == '-', c == '_', c == '.', c == ':', c == '/', c == '+', c == '=':
		default:
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

// NewRequestID returns a fresh random request ID (16 bytes, hex).
func NewRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (it panics instead)
	return hex.EncodeToString(b[:])
}

// RequestID gives every request an ID: the client's X-Request-ID, sanitized, or a new one. It
// sets the ID in the response header and in the request's context, where LogHandler finds it.
func RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := SanitizeRequestID(r.Header.Get(RequestIDHeader))
		if id == "" {
			id = NewRequestID()
		}
		w.Header().Set(RequestIDHeader, id)
		next.ServeHTTP(w, r.WithContext(WithRequestID(r.Context(), id)))
	})
}

// LogHandler wraps a slog.Handler so that every record logged with a context that carries a
// request ID gets a request_id attribute.
type LogHandler struct {
	next slog.Handler
}

// NewLogHandler returns a LogHandler around next.
func NewLogHandler(next slog.Handler) *LogHandler { return &LogHandler{next: next} }

// Enabled reports whether next handles records at level.
func (h *LogHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

// Handle adds the request ID of ctx, if any, and passes the record on; it returns next's error.
func (h *LogHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestIDFrom(ctx); id != "" {
		r = r.Clone()
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.next.Handle(ctx, r)
}

// WithAttrs returns a LogHandler around next.WithAttrs(attrs).
func (h *LogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &LogHandler{next: h.next.WithAttrs(attrs)}
}

// WithGroup returns a LogHandler around next.WithGroup(name).
func (h *LogHandler) WithGroup(name string) slog.Handler {
	return &LogHandler{next: h.next.WithGroup(name)}
}

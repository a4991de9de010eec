package graph

import (
	"errors"
	"fmt"
)

// Domain errors. Backends wrap or translate their own failures into these, so that callers can
// classify any error with errors.Is.
var (
	// ErrNotFound means the requested entity does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means the write conflicts with existing state: a duplicate key, an illegal
	// state transition, or a delete of an entity that is still referenced.
	ErrConflict = errors.New("conflict")
	// ErrInvalid means the input is malformed or violates a domain rule, including references to
	// entities that do not exist.
	ErrInvalid = errors.New("invalid input")
	// ErrForbidden means the caller is not allowed to perform the operation.
	ErrForbidden = errors.New("forbidden")
	// ErrUnauthenticated means the caller did not prove who they are.
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrUnavailable means a backend the operation needs (the graph database, the search
	// engine) cannot be reached right now; the caller may retry later. A read changed nothing;
	// a write refused before it reached the backend changed nothing, but one cut off by a lost
	// connection while committing may have been saved.
	ErrUnavailable = errors.New("unavailable")
)

// FieldError is an ErrInvalid that names the input field at fault. Its message is safe to show
// to users.
type FieldError struct {
	Field   string
	Message string
}

// Error returns "field: message".
func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// Is reports whether target is ErrInvalid, so errors.Is(err, ErrInvalid) holds for field errors.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Invalid returns a *FieldError for field with a formatted message.
func Invalid(field, format string, args ...any) error {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns an error wrapping ErrNotFound that names the kind and ID that were missing.
func NotFound(kind Kind, id string) error {
	return fmt.Errorf("%s %q: %w", kind, id, ErrNotFound)
}

// Conflict returns an error wrapping ErrConflict with a formatted reason.
func Conflict(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrConflict)
}

package graph

import (
	"encoding/base64"
	"io"
)

// CursorOf returns the pagination cursor that points just after the entity with this ID (or
// skill code). Every Store uses this encoding, so a cursor made for one item of a page (for a
// GraphQL edge) is a valid Page.After.
func CursorOf(id string) string { return base64.RawURLEncoding.EncodeToString([]byte(id)) }

// ParseCursor returns the ID inside a cursor made by CursorOf; "" for an empty cursor. It
// returns an ErrInvalid *FieldError for anything else.
func ParseCursor(cursor string) (string, error) {
	if cursor == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(b) == 0 || KindOf(string(b)) == "" {
		return "", Invalid("after", "%q is not a cursor returned by this API", cursor)
	}
	return string(b), nil
}

// MarshalGQL writes the direction as a GraphQL enum value.
func (d Direction) MarshalGQL(w io.Writer) { writeEnum(w, string(d)) }

// UnmarshalGQL reads the enum value.
func (d *Direction) UnmarshalGQL(v any) error {
	return unmarshalEnum(d, v, func(d Direction) bool { return d == Up || d == Down }, "direction")
}

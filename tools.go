//go:build tools

// Package tools pins build-time tool dependencies.
package tools

import (
	_ "github.com/99designs/gqlgen"
)

// Package model holds the GraphQL-only types: connections, edges and payloads that gqlgen
// generates (models_gen.go), and the few written by hand here. Domain types come from package
// graph through autobind.
package model

// Node is any entity with a global ID. Domain types do not know about GraphQL, so the interface
// has no methods; the generated code resolves the concrete type by a type switch.
type Node interface{}

// SearchNode is the entity behind a search hit: a worker, problem, studio, skill or enterprise.
type SearchNode interface{}

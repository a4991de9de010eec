// Package graph is Jiangxin's domain: the entities of the skilled-worker graph (workers, skills,
// honours, enterprises, problems, visits, pairings, studios, unions, targets, regions), their
// identifiers and validation rules, the domain errors, and the Store interface that every graph
// backend implements.
//
// The package imports no infrastructure: no database driver, no GraphQL runtime, no search engine.
// Backends live in sub-packages (graph/bbolt, graph/neo4j) and translate their failures into the
// errors declared here, so callers test them with errors.Is.
package graph

// Package matching scores and assigns people in Jiangxin's skilled-worker graph: mentors and
// apprentices (师徒结对), experts and studios for enterprises' technical problems, and peer
// craftsmen. It is pure Go with no I/O: callers fetch domain types from the graph.Store, add the
// facts only they know (region paths, open mentee counts, search relevance, track records) and
// get back explainable scores, top-k lists, exactly optimal campaign assignments and minimum
// expert teams.
//
// Every score is a weighted sum of named parts (Part) whose values lie in [0, 1]; the weights
// are configuration (Weights, DefaultWeights) and each part carries the raw facts behind it in
// its Detail, so an officer can say why a pair was proposed. Hard rules exclude candidates
// before scoring and each exclusion names its Rule.
package matching

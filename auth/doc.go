// Package auth holds Jiangxin's authentication building blocks: account roles and the
// authenticated Principal carried in a request context, argon2id password hashing, compact
// HMAC-SHA256 signed bearer tokens with revocation and key rotation, a login rate limiter, and an
// HTTP middleware that turns an "Authorization: Bearer" header into a Principal.
//
// The package stores nothing itself. Accounts, password hashes and revoked token IDs live in the
// caller's store; the caller implements Revoker over it. Every authentication failure wraps
// graph.ErrUnauthenticated and every bad input wraps graph.ErrInvalid, so the GraphQL layer can
// classify errors with errors.Is.
package auth

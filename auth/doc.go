// Package auth holds Jiangxin's authentication building blocks: account roles and the
// authenticated Principal carried in a request context, argon2id password hashing, compact
// HMAC-SHA256 signed bearer tokens with revocation and key rotation, a login rate limiter, and an
// HTTP middleware that turns an "Authorization: Bearer" header into a Principal.
//
// The package stores nothing itself. Accounts, password hashes and revoked token IDs live in the
// caller's store; the caller implements Revoker over it. Every authentication failure wraps
// graph.ErrUnauthenticated and every bad input wraps graph.ErrInvalid, so the GraphQL layer can
// classify errors with errors.Is.
//
// # Token format
//
// A token is base64url(JSON claims) + "." + base64url(HMAC-SHA256(key, "jx1." + first part)),
// both unpadded. Verify admits only the base64url alphabet and one dot and decodes strictly, so
// every byte of the token is covered by the MAC: changing any byte makes the token malformed or its
// MAC wrong. The "jx1." prefix separates these MACs from any other use of the key and versions the
// format. The claims are the account ID, role, scope ID, a random 128-bit token ID, and the issue
// and expiry times in Unix seconds.
//
// We did not take a JWT library: none is a direct dependency in go.mod, the claims are a handful of
// fields with one fixed algorithm, and JWT's algorithm negotiation ("alg": "none", HS/RS key
// confusion) is a well-known source of bugs. About 100 lines of standard-library code are easier
// to audit than a dependency.
package auth

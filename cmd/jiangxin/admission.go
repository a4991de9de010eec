package main

import (
	"net/http"
	"time"
)

// Admission control for /graphql.
//
// Without a bound every request is accepted and queues (for the CPU, for Neo4j's connection
// pool) until the request timeout, so an overloaded server answers everyone slowly and then
// with TIMEOUT. admit bounds the requests being served to maxInFlight; a request beyond it waits
// up to queueWait for a slot (absorbing a short burst costs less than a client's retry) and is
// then refused at once with HTTP 503, Retry-After: 1 and a GraphQL-shaped error whose
// extensions.code is OVERLOADED, without reading its body.

// Admission defaults: 64 requests in flight is a little above Neo4j's connection pool (50), so
// the pool stays busy while the requests beyond the bound are refused instead of queueing for a
// connection; on the embedded store requests are CPU bound and 64 is already far more than the
// cores serve at once. 200 ms of queueing is a few typical request latencies (tens of ms at the
// median), short against the 10 s request timeout.
const (
	defaultMaxInFlight = 64
	defaultQueueWait   = 200 * time.Millisecond
)

// overloadedBody is the answer to a refused request.
const overloadedBody = `{"errors":[{"message":"the server is busy, retry in a second","extensions":{"code":"OVERLOADED"}}]}` + "\n"

// admit returns next bounded to maxInFlight concurrent requests, each further request waiting
// at most queueWait for a slot before it is refused; rejected (may be nil) is called for every
// refusal. maxInFlight ≤ 0 disables the bound.
func admit(next http.Handler, maxInFlight int, queueWait time.Duration, rejected func()) http.Handler {
	if maxInFlight <= 0 {
		return next
	}
	slots := make(chan struct{}, maxInFlight)
	refuse := func(w http.ResponseWriter) {
		if rejected != nil {
			rejected()
		}
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Retry-After", "1")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(overloadedBody))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
		default:
			if queueWait <= 0 {
				refuse(w)
				return
			}
			t := time.NewTimer(queueWait)
			select {
			case slots <- struct{}{}:
				t.Stop()
			case <-t.C:
				refuse(w)
				return
			case <-r.Context().Done():
				t.Stop()
				return // the client left; nobody reads an answer
			}
		}
		defer func() { <-slots }()
		next.ServeHTTP(w, r)
	})
}

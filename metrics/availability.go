package metrics

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// Rejected returns the counter of requests refused by admission control for reason (e.g.
// "overloaded"): jiangxin_http_requests_rejected_total{reason}. The counter family is
// registered on first use and shared by later calls.
func (m *Metrics) Rejected(reason string) prometheus.Counter {
	cv := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Name: "http_requests_rejected_total",
		Help: "HTTP requests refused before being served, by reason (overloaded: too many requests in flight)."},
		[]string{"reason"})
	if err := m.Registry.Register(cv); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(*prometheus.CounterVec); ok {
				cv = existing
			}
		}
	}
	return cv.WithLabelValues(reason)
}

// StoreAvailable registers the gauge jiangxin_store_available, read from available at each
// scrape: 1 while the graph store's backend answers, 0 while calls fail fast as unavailable.
// It returns an error when such a gauge is registered already.
func (m *Metrics) StoreAvailable(available func() bool) error {
	return m.Registry.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: Namespace, Name: "store_available",
		Help: "1 while the graph store's backend answers, 0 while store calls fail fast as unavailable."},
		func() float64 {
			if available() {
				return 1
			}
			return 0
		}))
}

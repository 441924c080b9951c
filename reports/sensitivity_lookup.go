package reports

import "github.com/capsim/capsim/sim/metric"

// MetricSeries resolves a dotted metric name as [Summary.Metric] does and
// returns the scope and metric it selects in the names the per-replication
// stores use: scope "total", "locations[2]", "fleet_total" or "fleets[0]"
// (by index), metric "placement_latency_seconds.p95". An unknown name
// gives Summary.Metric's error (with its did-you-mean).
func (s *Summary) MetricSeries(name string) (scope, metricName string, err error) {
	if _, err := s.Metric(name); err != nil {
		return "", "", err
	}
	n, _ := metric.ParseName(name) // it parsed in Metric
	c, err := s.Canonical(n)
	if err != nil {
		return "", "", err
	}
	return c.ScopeName(), c.Metric, nil
}

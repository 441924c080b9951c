package reports

import (
	"fmt"
	"strconv"
)

// MetricSeries resolves a dotted metric name as [Summary.Metric] does and
// returns the scope and metric it selects in the names the per-replication
// stores use: scope "total", "locations[2]", "fleet_total" or "fleets[0]"
// (by index), metric "placement_latency_seconds.p95". An unknown name
// gives Summary.Metric's error (with its did-you-mean).
func (s *Summary) MetricSeries(name string) (scope, metricName string, err error) {
	if _, err := s.Metric(name); err != nil {
		return "", "", err
	}
	m, _, _, rest, err := s.scope(name)
	if err != nil {
		return "", "", fmt.Errorf("reports: metric %q: %w", name, err)
	}
	switch {
	case m == &s.Total:
		return "total", rest, nil
	case m == s.FleetTotal:
		return "fleet_total", rest, nil
	}
	for i := range s.Locations {
		if m == &s.Locations[i].Metrics {
			return "locations[" + strconv.Itoa(i) + "]", rest, nil
		}
	}
	for i := range s.Fleets {
		if m == &s.Fleets[i].FleetMetrics {
			return "fleets[" + strconv.Itoa(i) + "]", rest, nil
		}
	}
	return "", "", fmt.Errorf("reports: metric %q: %w", name, ErrUnknownMetric)
}

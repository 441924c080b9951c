package optimize

import (
	"fmt"
	"strings"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/sim/metric"
	"github.com/capsim/capsim/simrun"
)

// Trend is how a metric moves as a plan's capacity grows (more always-on,
// idle target, ceiling, instances), everything else equal.
type Trend int

// The trends.
const (
	Unknown Trend = iota // the demand's (requests), or either way
	Rises                // costs, capacity held, games fulfilled
	Falls                // waits, failures, utilisation
)

// trends are the metrics whose trend is known, by model ("streams",
// "hours", "regions", "fleets") and name as declared (streams.Metrics,
// streams.HourMetrics, streams.RegionMetrics, fleets.Metrics; a test
// checks every name is declared). A metric left out is Unknown: optimize refuses it.
var trends = map[string]map[string]Trend{
	"streams": {
		"placed": Rises, "allocated_capacity_hours": Rises, "idle_capacity_hours": Rises, "cost_usd": Rises, "idle_cost_usd": Rises,
		// Allocations held back by a [[gpu_quota]] row: more capacity asks
		// for more GPUs (a cap, checked on every plan when minimizing cost).
		"quota_stalled_allocations": Rises, "quota_stall_instance_hours": Rises,
		"placement_failures": Falls, "placement_failure_ratio": Falls, "placement_timeouts_while_allocating": Falls,
		"placement_latency_seconds.mean": Falls, "placement_latency_seconds.p50": Falls, "placement_latency_seconds.p95": Falls,
		"placement_latency_seconds.p99": Falls, "utilisation": Falls,
		"failures_by_reason.placementTimeout": Falls,
		// The player's wait: placement, then the start (a cold start
		// where no idle capacity waits), then the connection; capacity
		// shortens the first two.
		"time_to_active_seconds.mean": Falls, "time_to_active_seconds.p50": Falls, "time_to_active_seconds.p95": Falls,
		"time_to_active_seconds.p99": Falls, "time_to_first_frame_seconds.mean": Falls, "time_to_first_frame_seconds.p50": Falls,
		"time_to_first_frame_seconds.p95": Falls, "time_to_first_frame_seconds.p99": Falls, "cold_starts": Falls,
		// Distance: capacity at a demand's first (preferred, nearest)
		// location keeps its players there rather than spilling them
		// farther. Capacity at a far location can raise these (players who
		// failed get a far stream instead); the search walks by the first
		// effect, and the verification judges every plan it returns on
		// fresh replications whatever the trend.
		"latency_above_threshold_ratio": Falls, "streamed_rtt_seconds.mean": Falls, "streamed_rtt_seconds.p50": Falls,
		"streamed_rtt_seconds.p95": Falls, "streamed_rtt_seconds.p99": Falls,
	},
	"hours": {
		"placement_failures": Falls, "placement_failure_ratio": Falls, "placement_latency_seconds.p95": Falls,
	},
	// A player region's sessions: distance as for "streams" above
	// (capacity at the region's preferred, nearest location keeps its
	// players at home), and its placed sessions rise with capacity.
	"regions": {
		"placed": Rises, "own_continent_share": Rises,
		"latency_above_threshold_ratio": Falls, "streamed_rtt_seconds.mean": Falls, "streamed_rtt_seconds.p50": Falls,
		"streamed_rtt_seconds.p95": Falls, "streamed_rtt_seconds.p99": Falls,
	},
	"fleets": {
		"fulfilled": Rises, "instances.mean": Rises, "instances.spot_mean": Rises, "instances.max": Rises,
		"idle_process_hours": Rises, "cost_usd": Rises, "idle_cost_usd": Rises,
		"timed_out": Falls, "timed_out_ratio": Falls, "pending": Falls, "out_of_capacity": Falls,
		"placement_latency_seconds.mean": Falls, "placement_latency_seconds.p50": Falls, "placement_latency_seconds.p95": Falls,
		"placement_latency_seconds.p99": Falls, "utilisation": Falls,
	},
}

// trendOf is the trend of a resolved metric.
func trendOf(m simrun.Metric) Trend {
	model := "streams"
	switch m.Canonical.Scope {
	case metric.HourOfDay:
		model = "hours"
	case metric.Regions:
		model = "regions"
	case metric.Fleets, metric.FleetTotal:
		model = "fleets"
	}
	return trends[model][m.Canonical.Metric]
}

// Direction is the way the search walks: +1 toward less capacity (the
// objective rises with capacity: a cost), −1 toward more (it falls: a
// failure ratio minimized under a cost cap).
type Direction int

// Orient reads which way the search must go for objective, and which
// requirements it walks by: those that more capacity helps in that
// direction (a wait or failure limit when minimizing a cost; a cost cap or
// a minimum utilisation when minimizing failures), the others checked on
// every plan. An objective or requirement whose trend is not known, or
// an objective summing metrics of opposite trends, is refused with an
// error wrapping design.ErrDesign, before anything runs.
func Orient(objective simrun.Objective, reqs []simrun.Requirement) (Direction, []bool, error) {
	var dir Direction
	for _, m := range objective.Terms {
		t := trendOf(m)
		if t == Unknown {
			return 0, nil, fmt.Errorf("experiment: optimize: %w: --minimize %s: how %s moves with capacity is not known to capsim "+
				"(it is the demand's, or it can go either way), so no search can be sure of its optimum; minimize a cost "+
				"(total.cost_usd, fleet_total.cost_usd), a capacity, or a wait or failure metric", design.ErrDesign, objective.Text, m.Name)
		}
		d := Direction(1)
		if t == Falls {
			d = -1
		}
		if dir != 0 && d != dir {
			return 0, nil, fmt.Errorf("experiment: optimize: %w: --minimize %s adds metrics that move opposite ways with capacity "+
				"(a cost and a wait, say); minimize one and require the other", design.ErrDesign, objective.Text)
		}
		dir = d
	}
	walk := make([]bool, len(reqs))
	for i, r := range reqs {
		t := trendOf(r.Metric)
		if t == Unknown {
			return 0, nil, fmt.Errorf("experiment: optimize: %w: --require %s: how %s moves with capacity is not known to capsim "+
				"(it is the demand's, or it can go either way), so the search cannot tell which plans can meet it; "+
				"optimize takes requirements on waits, failures, utilisation, capacity and cost (%s)",
				design.ErrDesign, r.String(), r.Metric.Canonical.Metric, strings.Join(knownMetrics(), ", "))
		}
		// Capacity helps an upper limit on a falling metric and a lower
		// limit on a rising one; walking toward less capacity (dir +1), the
		// search walks by those; toward more, by the others.
		helped := r.Upper() == (t == Falls)
		walk[i] = helped == (dir == 1)
	}
	return dir, walk, nil
}

// knownMetrics are the stream metrics of known trend, for the error.
func knownMetrics() []string {
	var out []string
	for _, n := range []string{"time_to_first_frame_seconds.p95", "placement_latency_seconds.p95", "placement_failure_ratio", "utilisation", "cost_usd", "idle_cost_usd",
		"allocated_capacity_hours"} {
		out = append(out, n)
	}
	return append(out, "player regions' latency_above_threshold_ratio, streamed_rtt_seconds.p95 and own_continent_share",
		"fleets' timed_out_ratio, instances.mean and the like")
}

package optimize

import (
	"math"
	"testing"

	"github.com/capsim/capsim/sim/metric"
	"github.com/capsim/capsim/simrun"
)

// TestTargetsTightest: of two upper limits on the same metric, TargetsOf
// (what the warm start and the hourly schedule hold to) keeps the tighter,
// whatever the order; lower limits set none.
func TestTargetsTightest(t *testing.T) {
	for _, order := range [][]string{{"<=0.01", "<=0.05"}, {"<=0.05", "<=0.01"}} {
		var reqs []simrun.Requirement
		for _, lim := range append(order, ">=0.001") {
			r, err := metric.ParseRequirement("total.placement_failure_ratio" + lim)
			if err != nil {
				t.Fatal(err)
			}
			reqs = append(reqs, simrun.Requirement{Requirement: r})
		}
		if got := TargetsOf(reqs); got.FailureRatio != 0.01 || !math.IsNaN(got.P95Seconds) {
			t.Errorf("%v: targets %+v, want failure ratio 0.01 and no p95", order, got)
		}
	}
}

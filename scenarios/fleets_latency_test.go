package scenarios

import (
	"strings"
	"testing"
	"time"
)

// TestFleetLatencyFromExample: the managed example's queue gets the
// guide's two policies and its demand the round trips of its player
// region to each destination, in destination order.
func TestFleetLatencyFromExample(t *testing.T) {
	sc, err := Example("managed-target-tracking")
	if err != nil {
		t.Fatal(err)
	}
	_, fc, err := sc.BuildAll()
	if err != nil {
		t.Fatal(err)
	}
	q, d := fc.Queues[0], fc.Demands[0]
	if len(q.LatencyPolicies) != 2 || q.LatencyPolicies[1].MaximumIndividualPlayerLatency != 100*time.Millisecond {
		t.Errorf("policies %+v", q.LatencyPolicies)
	}
	// north-america-east is anchored at us-east-1: 4 ms and 70 ms (L1) + 15 ms
	if len(d.RTT) != 2 || d.RTT[0] != 19*time.Millisecond || d.RTT[1] != 85*time.Millisecond {
		t.Errorf("RTT %v, want [19ms 85ms]", d.RTT)
	}
}

func TestFleetLatencyErrors(t *testing.T) {
	// each override (path=value) of the managed example, and a fragment
	// of the error it must cause
	cases := map[string]string{
		"queue[0].player_latency_policy[0].policy_duration=0s":                   "policies after it never apply",
		`queue[0].priority_order=["LATENCY", "CHEAPEST"]`:                        `unknown priority "CHEAPEST"`,
		"fleet_demand[0].player_region=atlantis":                                 `unknown player region "atlantis"`,
		"queue[0].player_latency_policy[1].maximum_individual_player_latency=0s": "must be between 1ms and 10s",
	}
	for set, frag := range cases {
		sc, err := Example("managed-target-tracking")
		if err != nil {
			t.Fatal(err)
		}
		path, value, _ := strings.Cut(set, "=")
		if err := sc.Set(path, value); err != nil {
			t.Fatalf("%s: %v", set, err)
		}
		err = sc.Validate()
		if err == nil || !strings.Contains(err.Error(), frag) {
			t.Errorf("--set %s: error %v, want %q", set, err, frag)
		}
	}
}

package main

import (
	"strings"
	"testing"

	"github.com/capsim/capsim/experiment/optimize"
	"github.com/capsim/capsim/reports"
)

// TestFreshMisses: a plan that missed on fresh replications is named by
// what it missed, a requirement at a demand scale with its figures, or,
// when every requirement held, its re-check's chance (the message said
// "misses :" then).
func TestFreshMisses(t *testing.T) {
	res := &optimize.Result{Scales: []float64{1, 1.5}}
	held := reports.Assessment{Requirement: "total.placement_failure_ratio<=0.01", Holds: true}
	short := reports.Assessment{Requirement: "total.placement_failure_ratio<=0.01", Mean: 0.02, Bound: 0.025}
	got := strings.Join(freshMisses(res, optimize.Assessment{Scales: [][]reports.Assessment{{held}, {short}}}), "; ")
	if want := "total.placement_failure_ratio<=0.01 at demand ×1.5 (mean 0.02, bound 0.025)"; got != want {
		t.Errorf("a requirement short at ×1.5: %q, want %q", got, want)
	}
	got = strings.Join(freshMisses(res, optimize.Assessment{Scales: [][]reports.Assessment{{held}, {held}}, RecheckPass: 0.118}), "; ")
	if want := "no requirement, but its re-check would pass with probability 0.12"; got != want {
		t.Errorf("every requirement held: %q, want %q", got, want)
	}
}

package bench

import (
	"testing"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/scenarios"
)

// defaultConfig returns the embedded default scenario's configuration,
// with its horizon set to horizon unless that is "", and without
// timeseries (as `capsim run` without --out).
func defaultConfig(tb testing.TB, horizon string) *streams.Config {
	tb.Helper()
	sc, err := scenarios.Default()
	testutil.NoErr(tb, err)
	if horizon != "" {
		testutil.NoErr(tb, sc.Set("simulation.horizon", horizon))
	}
	cfg, err := sc.Build()
	testutil.NoErr(tb, err)
	cfg.TimeseriesStep = 0
	return cfg
}

// loopReplications runs replications 0, 1, 2, ... one per b.Loop
// iteration and reports the nanoseconds per unit (run's first result:
// sessions, requests) and per event. It returns the units and the
// replications run.
func loopReplications(b *testing.B, unit string, run func(rep int) (units, events int64, err error)) (units int64, reps int) {
	var events int64
	for b.Loop() {
		u, e, err := run(reps)
		testutil.NoErr(b, err)
		units, events, reps = units+u, events+e, reps+1
	}
	ns := float64(b.Elapsed().Nanoseconds())
	b.ReportMetric(ns/float64(units), "ns/"+unit)
	b.ReportMetric(ns/float64(events), "ns/event")
	return units, reps
}

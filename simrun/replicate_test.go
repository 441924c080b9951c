package simrun

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/capsim/capsim/sim"
)

// TestReplicatePanicIsInternalError: a panic on a replication goroutine
// becomes an *InternalError naming the panic and its site on one line,
// never a crash.
func TestReplicatePanicIsInternalError(t *testing.T) {
	_, err := Replicate(4, Options{Workers: 2}, func(rep int) (int, error) {
		if rep == 2 {
			var m map[string]int
			m["x"] = 1 // a runtime error, not only an explicit panic
		}
		return rep, nil
	})
	var ie *InternalError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an *InternalError", err)
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || strings.Contains(msg, "goroutine") || !strings.Contains(msg, "nil map") ||
		!strings.Contains(msg, "simrun/replicate_test.go:") || !strings.Contains(msg, "bug in capsim") {
		t.Errorf("message %q: want one line naming the panic, its site and that it is a bug", msg)
	}
}

// TestRunIsWorkerIndependent: both models' replications, run through
// Replicate, give the same metric values whatever the workers.
func TestRunIsWorkerIndependent(t *testing.T) {
	r := resolved(t, "fleet-buffer", "simulation.horizon=3h", "simulation.warmup=30m")
	values := func(workers int) [][][]float64 {
		reps, err := Replicate(3, Options{Workers: workers}, func(rep int) ([][]float64, error) {
			x, err := r.Run(rep, RepOptions{})
			if err != nil || x.Fleets == nil {
				t.Fatalf("replication %d: %v (fleets %v)", rep, err, x.Fleets)
			}
			return x.Values(r.MeasuredSeconds()), nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return reps
	}
	one, three := values(1), values(3)
	for i := range one {
		for s := range one[i] {
			if !slices.EqualFunc(one[i][s], three[i][s], func(a, b float64) bool { return a == b || a != a && b != b }) {
				t.Fatalf("replication %d scope %d: %v with 1 worker, %v with 3", i, s, one[i][s], three[i][s])
			}
		}
	}
}

// TestRunExplainsTheBudget: a run that exhausts the scenario's event
// budget is explained in the scenario's terms and stays sim.ErrEventBudget.
func TestRunExplainsTheBudget(t *testing.T) {
	r := resolved(t, "", "simulation.max_events=50", "simulation.horizon=3h")
	_, err := r.Run(0, RepOptions{})
	if !errors.Is(err, sim.ErrEventBudget) || !strings.Contains(err.Error(), "simulation.max_events = 50") {
		t.Errorf("err = %v", err)
	}
}

// TestMetricsOnlyRecordsNoTimeseries: a metrics-only resolution switches
// both models' timeseries off; Timeseries keeps the scenario's step.
func TestMetricsOnlyRecordsNoTimeseries(t *testing.T) {
	m := resolved(t, "fleet-buffer")
	if m.Streams.TimeseriesStep != 0 || m.Fleets.TimeseriesStep != 0 || m.TimeseriesBytes(10) != 0 {
		t.Errorf("metrics only: steps %v %v", m.Streams.TimeseriesStep, m.Fleets.TimeseriesStep)
	}
	ts, err := Resolve(m.Scenario, Timeseries)
	if err != nil || ts.Streams.TimeseriesStep != m.Scenario.Simulation.TimeseriesStep || ts.TimeseriesBytes(10) == 0 {
		t.Errorf("timeseries: %v %v", ts.Streams.TimeseriesStep, err)
	}
}

// TestOverridesNameTheirFlag: a bad --horizon is reported as that flag,
// not as --set.
func TestOverridesNameTheirFlag(t *testing.T) {
	_, err := Load("", Overrides{Horizon: "soon"})
	if err == nil || !strings.Contains(err.Error(), "--horizon: simulation.horizon: invalid duration \"soon\"") {
		t.Errorf("err = %v", err)
	}
	sc, err := Load("", Overrides{Seed: "7", Sets: []string{"simulation.horizon=2h"}})
	if err != nil || sc.Simulation.Seed != 7 || sc.Simulation.Horizon.Hours() != 2 {
		t.Errorf("%v %+v", err, sc.Simulation)
	}
}

// TestProgressHookChangesNothing: both models report increasing virtual
// time through RepOptions.Progress (the fleets' pass as the second half),
// and the results are those of a run without the hook.
func TestProgressHookChangesNothing(t *testing.T) {
	r := resolved(t, "fleet-buffer", "simulation.horizon=1000h")
	var seen []sim.Time
	with, err := r.Run(0, RepOptions{Progress: func(now sim.Time) { seen = append(seen, now) }})
	if err != nil {
		t.Fatal(err)
	}
	without, err := r.Run(0, RepOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) == 0 || !slices.IsSorted(seen) || seen[len(seen)-1] > sim.At(r.Scenario.Simulation.Horizon) ||
		seen[len(seen)-1] <= sim.At(r.Scenario.Simulation.Horizon)/2 {
		t.Errorf("progress reports %d times, sorted %v, last %v", len(seen), slices.IsSorted(seen), seen[len(seen)-1])
	}
	var a, b bytes.Buffer
	sa, _ := Summary(Meta(r.Scenario, "test"), []Replication{with})
	sb, _ := Summary(Meta(r.Scenario, "test"), []Replication{without})
	if sa.WriteJSON(&a) != nil || sb.WriteJSON(&b) != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the progress hook changed the results")
	}
}

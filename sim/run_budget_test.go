package sim

import (
	"errors"
	"testing"
	"time"
)

// The event budget bounds the model's events whether or not the run samples
// timeseries: the same budget stops the same model at the same virtual time
// with and without buckets (review finding: sampling used the budget up, so
// `capsim run --out` could fail where a run without --out passed).
func TestBudgetCountsModelEventsOnly(t *testing.T) {
	stopAt := func(step time.Duration) Time {
		run := NewRun(RunSpec{Horizon: time.Hour, Step: step, MaxEvents: 30})
		for k := range 100 { // a model event every 20 s
			run.S.At(At(time.Duration(k)*20*time.Second), nop{}, Event{})
		}
		run.Sample(func(int, Time) {})
		if err := run.Execute(func() error { return nil }); !errors.Is(err, ErrEventBudget) {
			t.Fatalf("step %v: %v, want the budget to run out", step, err)
		}
		return run.S.Now()
	}
	if plain, sampled := stopAt(0), stopAt(10*time.Second); plain != sampled {
		t.Errorf("budget ran out at %v without timeseries, at %v with them", plain, sampled)
	}
}

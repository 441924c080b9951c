package sim

import (
	"errors"
	"fmt"
	"time"
)

// RunOptions change how a model's replication is run, not what is
// simulated; every model's Options embeds them.
type RunOptions struct {
	// Progress, if set, is called with the virtual time reached every
	// ProgressEvery events, on the replication's goroutine (for a progress
	// display; it must be cheap). It does not change what is simulated.
	Progress func(now Time)
	// TimeseriesDir, if set, is an existing directory where each
	// location's timeseries is written as it is sampled, one file per
	// replication and location (SpillPath), instead of being kept in
	// memory: a long run then needs no memory per bucket. The Result's
	// timeseries read their files back (Timeseries.NewReader), so the files
	// must outlive the Result; the caller removes them. Without timeseries
	// it is unused.
	TimeseriesDir string
}

// ProgressEvery is the number of events between two RunOptions.Progress
// calls.
const ProgressEvery = 1 << 16

// RunSpec is what every model's replication sets up the same way: the
// horizon, the warm-up, the event budget, the timeseries buckets and the
// progress callback.
type RunSpec struct {
	Horizon time.Duration // virtual time simulated
	Warmup  time.Duration // statistics start here (Gauge.Cut)
	// MaxEvents bounds the events of the run (0: no bound); past it the run
	// fails with ErrEventBudget.
	MaxEvents uint64
	// Step is the width of timeseries buckets; 0 samples none.
	Step time.Duration
	// Progress, if set, is called with the virtual time reached every
	// ProgressEvery events.
	Progress      func(now Time)
	ProgressEvery uint64
}

// Run is one replication's plumbing: its scheduler, bounded by the horizon
// and the event budget; the warm-up cut of the gauges it watches; the
// sampling of timeseries buckets; the files rows spill to. A model builds
// it first, registers gauges (Watch) and spill files (Spill), starts the
// sampling (Sample) last, then calls Execute.
type Run struct {
	S       *Scheduler
	Warmup  Time
	Horizon Time
	Steps   int // timeseries buckets: ceil(Horizon / Step), 0 without timeseries

	step     time.Duration
	gauges   []*Gauge
	onSample func(k int, now Time)
	spills   []*SpillWriter
}

// event kinds of a Run's own events
const (
	runWarmup int32 = iota
	runSample
)

// NewRun returns a run of spec with its warm-up cut scheduled: the cut runs
// before anything else scheduled at its time.
func NewRun(spec RunSpec) *Run {
	r := &Run{S: newRunScheduler(), Warmup: At(spec.Warmup), Horizon: At(spec.Horizon), step: spec.Step}
	if spec.Progress != nil {
		r.S.SetProgress(spec.ProgressEvery, spec.Progress)
	}
	if spec.Step > 0 {
		r.Steps = int((spec.Horizon + spec.Step - 1) / spec.Step)
	}
	// The budget bounds the model's events: each of the run's own samples
	// gives back the event it used (Handle), so a run stops at the same
	// event whether it records timeseries or not (review finding: it did
	// not).
	r.S.SetBudget(spec.MaxEvents)
	r.S.At(r.Warmup, r, Event{Kind: runWarmup})
	return r
}

// Watch adds gauges whose statistics start at the warm-up (Gauge.Cut).
func (r *Run) Watch(gs ...*Gauge) { r.gauges = append(r.gauges, gs...) }

// After reports whether now is past the warm-up: what happens then counts.
func (r *Run) After(now Time) bool { return now >= r.Warmup }

// BucketStart is the start of timeseries bucket k.
func (r *Run) BucketStart(k int) Time { return At(r.step * time.Duration(k)) }

// BucketEnd is the end of bucket k: the next bucket's start, or the horizon
// for the last one.
func (r *Run) BucketEnd(k int) Time {
	return MinTime(At(r.step*time.Duration(k+1)), r.Horizon)
}

// Sample starts the sampling: fn(k, now) runs at the end of every bucket k,
// now = BucketEnd(k). Without buckets it does nothing.
func (r *Run) Sample(fn func(k int, now Time)) {
	if r.Steps == 0 {
		return
	}
	r.onSample = fn
	r.S.At(r.BucketEnd(0), r, Event{Kind: runSample})
}

// Handle runs the Run's own events: the warm-up cut and the samples.
func (r *Run) Handle(now Time, ev Event) {
	switch ev.Kind {
	case runWarmup:
		for _, g := range r.gauges {
			g.Cut(now)
		}
	case runSample:
		if r.S.budget != 0 {
			r.S.budget++ // samples are not the model's events
		}
		k := int(ev.Arg)
		r.onSample(k, now)
		if k+1 < r.Steps {
			r.S.At(r.BucketEnd(k+1), r, Event{Kind: runSample, Arg: int64(k + 1)})
		}
	}
}

// Execute runs the scheduler to the horizon; then, unless the run failed,
// failed() reports the model's own error. The spill files are finished
// (padded to Steps rows) and closed in every case; the first error wins.
func (r *Run) Execute(failed func() error) error {
	err := r.S.Run(r.Horizon)
	if err == nil {
		err = failed()
	}
	if cerr := r.CloseSpills(); err == nil {
		err = cerr
	}
	return err
}

// Finish executes replication rep's run as Execute does and returns
// result() if it succeeded, or the error wrapped as "replication REP: ...":
// every model's Run ends so. The run's scheduler is then done with (its
// storage goes to the next NewRun's): neither the model nor result may
// use r.S after Finish returns.
func Finish[R any](r *Run, rep int, failed func() error, result func() R) (R, error) {
	defer r.S.recycle()
	if err := r.Execute(failed); err != nil {
		var zero R
		return zero, fmt.Errorf("replication %d: %w", rep, err)
	}
	return result(), nil
}

// Spill creates the file at path that a timeseries of width values a row
// spills to; Execute (or CloseSpills) finishes it.
func (r *Run) Spill(path string, width int) (*SpillWriter, error) {
	w, err := NewSpillWriter(path, width)
	if err != nil {
		return nil, err
	}
	r.spills = append(r.spills, w)
	return w, nil
}

// CloseSpills pads every spill file to Steps rows, flushes and closes it.
func (r *Run) CloseSpills() error {
	var errs []error
	for _, w := range r.spills {
		errs = append(errs, w.Close(r.Steps))
	}
	r.spills = nil
	return errors.Join(errs...)
}

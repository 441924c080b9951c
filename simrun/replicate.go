package simrun

import (
	"time"

	"github.com/capsim/capsim/sim"
)

// Options tune [Replicate].
type Options struct {
	Workers int // replications run at once; 0: GOMAXPROCS
	// Progress, if set, is called (serialised) after each replication
	// with the number finished so far.
	Progress func(done, total int)
}

// Replicate runs fn for 0..n-1 on parallel workers (sim.Replicate: the
// results by index, the error of the lowest failing index) with a panic
// in fn turned into its *[InternalError], so that a panicking replication
// on a worker goroutine does not kill the process with a goroutine dump.
// Every command and experiment runs its replications through it.
func Replicate[T any](n int, opt Options, fn func(i int) (T, error)) ([]T, error) {
	return sim.Replicate(n, sim.ReplicateOptions{Workers: opt.Workers, Progress: opt.Progress}, func(i int) (out T, err error) {
		defer func() {
			if v := recover(); v != nil {
				err = Recovered(v)
			}
		}()
		return fn(i)
	})
}

// RunsOptions tune [Resolved.Runs].
type RunsOptions struct {
	Workers int // replications run at once; 0: GOMAXPROCS
	// Progress, if set, gives the i-th replication run (from 0) its
	// virtual-time hook (nil: none); Finished, if set, is called as it
	// ends, whether it failed or not.
	Progress func(i int) func(sim.Time)
	Finished func(i int)
	SpillDir string           // RepOptions.SpillDir of every replication
	Clock    func() time.Time // RepOptions.Clock of every replication
}

// Runs runs replications first, ..., first+n-1 of r on parallel workers
// ([Replicate]) and returns them in that order: a scenario's replications
// as run, compare, bench and the schedule run them.
func (r *Resolved) Runs(first, n int, opt RunsOptions) ([]Replication, error) {
	return Replicate(n, Options{Workers: opt.Workers}, func(i int) (Replication, error) {
		if opt.Finished != nil {
			defer opt.Finished(i)
		}
		var progress func(sim.Time)
		if opt.Progress != nil {
			progress = opt.Progress(i)
		}
		return r.Run(first+i, RepOptions{Progress: progress, SpillDir: opt.SpillDir, Clock: opt.Clock})
	})
}

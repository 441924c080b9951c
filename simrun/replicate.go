package simrun

import "github.com/capsim/capsim/sim"

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

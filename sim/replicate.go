package sim

import (
	"runtime"
	"sync"
)

// ReplicateOptions tune Replicate.
type ReplicateOptions struct {
	// Workers is the number of replications run at once; 0 means GOMAXPROCS.
	Workers int
	// Progress, if set, is called after each replication finishes with the
	// number finished so far. Calls are serialised.
	Progress func(done, total int)
}

// Replicate runs fn for replications 0..n-1 on parallel workers and returns
// the results indexed by replication, whatever order they finish in. If any
// replication fails, it returns the error of the lowest failing index (so the
// error too is independent of scheduling).
func Replicate[T any](n int, opt ReplicateOptions, fn func(rep int) (T, error)) ([]T, error) {
	out := make([]T, n)
	errs := make([]error, n)
	w := opt.Workers
	if w <= 0 {
		w = runtime.GOMAXPROCS(0)
	}
	if w > n {
		w = n
	}
	var (
		mu   sync.Mutex
		next int
		done int
		wg   sync.WaitGroup
	)
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				out[i], errs[i] = fn(i)
				if opt.Progress != nil {
					mu.Lock()
					done++
					opt.Progress(done, n)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

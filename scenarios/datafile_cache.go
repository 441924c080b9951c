package scenarios

import (
	"io/fs"

	"github.com/capsim/capsim/models/streams"
	"github.com/capsim/capsim/sim"
)

// dataFiles reads the trace and empirical files of one build, each once
// however many fields name it; every field that names a bad file still gets
// the error with its own path. What it returns is shared between those
// fields: the models only read a Trace or an Empirical.
type dataFiles struct {
	fsys   fs.FS
	traces map[string]readResult[*streams.Trace]
	dists  map[string]readResult[*sim.Empirical]
}

type readResult[T any] struct {
	v   T
	err error
}

func newDataFiles(fsys fs.FS) *dataFiles {
	return &dataFiles{fsys: fsys, traces: map[string]readResult[*streams.Trace]{}, dists: map[string]readResult[*sim.Empirical]{}}
}

// trace is readTrace of file, read on first use.
func (f *dataFiles) trace(file string) (*streams.Trace, error) {
	return readOnce(f, f.traces, file, func() (*streams.Trace, error) { return readTrace(f.fsys, file) })
}

// empirical is the distribution of the durations in file, read on first use.
func (f *dataFiles) empirical(file string) (*sim.Empirical, error) {
	return readOnce(f, f.dists, file, func() (*sim.Empirical, error) {
		vals, err := readDurations(f.fsys, file)
		if err != nil {
			return nil, err
		}
		return sim.NewEmpirical(vals)
	})
}

func readOnce[T any](f *dataFiles, seen map[string]readResult[T], file string, read func() (T, error)) (T, error) {
	if r, ok := seen[file]; ok {
		return r.v, r.err
	}
	v, err := read()
	seen[file] = readResult[T]{v, err}
	return v, err
}

package shard

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/capsim/capsim/internal/safeio"
	"github.com/capsim/capsim/reports"
)

// maxJobBytes bounds the job file a merge reads, checked before it is
// read: the job of 10,000 points (design.MaxValues) takes about 4 MB.
const maxJobBytes = 64 << 20

// ReadFunc reads a file of a store by its slash name, whole, if it is a
// regular file of at most limit bytes (store.Store.ReadFile: through a
// root that follows no link out of the store).
type ReadFunc = func(name string, limit int64) ([]byte, error)

// ReadJob reads the job file Name of the store dir with read:
// os.ErrNotExist if there is none, else an error wrapping [ErrShard] if
// it is not a regular file of at most 64 MiB, is damaged (its seal does
// not match its bytes), is not a job file of this format, or holds a job
// no shard writes ([Job.Check]).
func ReadJob(read ReadFunc, dir string) (*Job, error) {
	data, err := read(Name, maxJobBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	path := filepath.Join(dir, Name)
	j := &Job{}
	if err == nil {
		err = safeio.DecodeSealedJSON(data, j)
	}
	if err == nil && j.Format != Format {
		err = fmt.Errorf("format %q, this capsim writes %s", reports.TerminalSafe(j.Format), Format)
	}
	if err == nil {
		err = j.Check()
	}
	if err != nil {
		return nil, shardError(fmt.Sprintf("%s: not a job file capsim can use: %v; every shard writes it: remove it and rerun any shard of the job, "+
			"which writes it again", path, err))
	}
	return j, nil
}

// Claim writes job as dir's Name, or checks that the one there is
// the same job (all but the command line shown, which may differ in how
// the scenario file is named): a shard of another job is refused, naming
// what differs.
func Claim(create CreateFunc, read ReadFunc, dir string, job *Job) error {
	old, err := ReadJob(read, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return WriteSealedFile(create, Name, job)
	} else if err != nil {
		return err
	}
	if what := job.differs(old); what != "" {
		return shardError(fmt.Sprintf("--out %s holds shards of another job: %s (name another --out DIR, or remove it)", dir, what))
	}
	return nil
}

// ForMerge reads dir's job file (with read) for a merge by capsim
// version: an error wrapping [ErrShard], naming dir and what is wrong, if
// dir holds none (not the --out DIR of a sharded run or sweep), if it is
// not one capsim can use ([ReadJob]), or if the job is of another capsim
// version.
func ForMerge(read ReadFunc, dir, version string) (*Job, error) {
	job, err := ReadJob(read, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, shardError(fmt.Sprintf("merge %s: no %s there: not the --out DIR of a sharded run or sweep", dir, Name))
	} else if err != nil {
		return nil, err
	}
	if job.CapsimVersion != version {
		return nil, shardError(fmt.Sprintf("merge %s: the shards are of capsim %s, this is capsim %s: merge with the shards' version",
			dir, reports.TerminalSafe(job.CapsimVersion), version))
	}
	return job, nil
}

package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/experiment/shard"
	"github.com/capsim/capsim/experiment/store"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/outputs"
)

// sweepShard runs shard src of a sweep into its --out store: the job file
// claimed (or checked), the shard's blocks not yet there simulated, then
// its report shards/I-of-N.json.
func sweepShard(src *shard.Source, job *shard.Job, prep []design.Prepared, f runFlags, stdout, stderr io.Writer) error {
	st, err := store.OpenStore(f.out) // no Clean: other shards may be writing
	if err != nil {
		return storeError(err)
	}
	defer st.Close()
	st.Scratch = staged
	if err := shard.Claim(st.WriteFile, st.ReadFile, f.out, job); err != nil {
		return err
	}
	opt, stop := sweepOptions(job.Meta.ScenarioSHA256, f, stderr)
	opt.JobSHA256 = job.Key()
	rep, err := store.RunShard(st, prep, src.Shard, opt)
	stop()
	if err != nil {
		return storeError(err)
	}
	return finishShard(st.WriteFile, src, rep, "blocks", f.out, stdout)
}

// finishShard writes the shard's report and says what it did.
// noun names its units ("blocks" of a sweep, "replications" of a run).
func finishShard(create outputs.Create, src *shard.Source, rep store.ShardReport, noun, dir string, stdout io.Writer) error {
	done := shard.Done{Shard: src.Shard, Source: src.From, Units: rep.Done + rep.Ran, Skipped: rep.Done, Bytes: rep.Bytes}
	if err := shard.WriteSealedFile(create, filepath.ToSlash(shard.DoneName(src.Shard)), done); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stdout, "shard %s (from %s): %d %s, %d already there, %d bytes; when all %d shards are done: capsim merge %s\n",
		src.Shard, src.From, done.Units, noun, done.Skipped, done.Bytes, src.Count, reports.TerminalSafe(shellQuote(dir)))
	return err
}

// mergeSweep writes the outputs of a sharded sweep from its blocks in st.
func mergeSweep(st *store.Store, job *shard.Job, stdout io.Writer) error {
	sw, err := store.MergeSweep(st, job)
	if errors.Is(err, reports.ErrUnknownMetric) {
		return &usageError{"--require: " + err.Error()}
	} else if err != nil {
		return mergeError(st.Dir, job, err)
	}
	st.Clean()
	if err := outputs.Sweep(st.WriteFile, sw, job.Reproduce); err != nil {
		return err
	}
	return printSweep(stdout, sw, st.Dir)
}

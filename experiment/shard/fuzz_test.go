package shard

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"testing"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/internal/safeio"
	"github.com/capsim/capsim/reports"
)

// sealedJob is job as a shard writes it: sealed JSON.
func sealedJob(tb testing.TB, job *Job) []byte {
	tb.Helper()
	var buf bytes.Buffer
	err := WriteSealedFile(func(_ string, write func(io.Writer) error) error { return write(&buf) }, Name, job)
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// exampleJobs are a run's job and a sweep's, as shards write them.
func exampleJobs() []*Job {
	meta := reports.Meta{Scenario: "s", ScenarioSHA256: "ab", Seed: 7, Replications: 4, HorizonSeconds: 3600, WarmupSeconds: 60, CapsimVersion: "v"}
	run := NewRunJob(meta, &RunJob{Assert: []string{"total.cost_usd<=5"}, AssertOn: "bound"}, 2, "capsim run")
	sweep := &Job{Format: Format, Command: "sweep", CapsimVersion: "v", Shards: 3, Meta: meta, Reproduce: "capsim sweep",
		Sweep: &SweepJob{Paths: []string{"a.b"}, Points: []JobPoint{{Point: design.Point{{Path: "a.b", Value: "1"}}, PointSHA256: "p", Seed: 7, Replications: 4}},
			Skipped: []reports.SkippedPoint{}, Require: []string{}}}
	return []*Job{run, sweep}
}

// FuzzReadJob: any job file is a job a shard could have written, or an
// error wrapping ErrShard; never a panic or an allocation the file does
// not bound. A job read is Check's, and written again it reads back as
// the same job (the same Key).
func FuzzReadJob(f *testing.F) {
	for _, j := range exampleJobs() {
		data := sealedJob(f, j)
		f.Add(data)
		f.Add(data[:len(data)/2])
		body, _ := safeio.UnsealJSON(data) // unsealed: the fuzzer's edits reach the decoder sealed again
		f.Add(body)
		f.Add(bytes.Replace(body, []byte(`"replications": 4`), []byte(`"replications": -4`), 1))
		f.Add(bytes.Replace(body, []byte(`"shards": 2`), []byte(`"shards": 1e11`), 1))
	}
	f.Add([]byte("{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		readJob(t, data)
		// The same bytes sealed, as a tool that knows the format would:
		// what reaches the decoder and Check.
		if sealed, err := safeio.SealJSON(bytes.TrimSuffix(data, []byte("\n"))); err == nil {
			readJob(t, sealed)
		}
	})
}

// readJob checks ReadJob's contract on data.
func readJob(t *testing.T, data []byte) {
	j, err := ReadJob(func(string, int64) ([]byte, error) { return data, nil }, "dir")
	if err != nil {
		if !errors.Is(err, ErrShard) || errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("%v: not an ErrShard", err)
		}
		return
	}
	if err := j.Check(); err != nil {
		t.Fatalf("a job read fails Check: %v", err)
	}
	again, err := ReadJob(func(string, int64) ([]byte, error) { return sealedJob(t, j), nil }, "dir")
	if err != nil || again.Key() != j.Key() {
		t.Fatalf("written again, the job reads back as %v, %v", again, err)
	}
}

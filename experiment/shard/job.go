package shard

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strconv"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/internal/safeio"
	"github.com/capsim/capsim/reports"
)

// CreateFunc writes the file name, whole, with write: a store's WriteFile
// or an output directory's create.
type CreateFunc = func(name string, write func(io.Writer) error) error

// A sharded run or sweep's --out DIR holds Name, written by every shard
// (the same content; the first one's stays): what the merge needs to write
// the outputs without the scenario file, and what tells shards of
// different jobs apart.
const (
	Name    = "capsim-shard.json"
	Format  = "capsim-shard-job/2"
	DoneDir = "shards" // shards/I-of-N.json: a shard's report when it finished
)

// Job is the content of Name.
type Job struct {
	Format        string       `json:"format"`
	Command       string       `json:"command"` // "run" or "sweep"
	CapsimVersion string       `json:"capsim_version"`
	Shards        int          `json:"shards"`
	Meta          reports.Meta `json:"meta"`      // the scenario's, as the unsharded outputs have it
	Reproduce     string       `json:"reproduce"` // the command line shown in the HTML report
	Sweep         *SweepJob    `json:"sweep,omitempty"`
	Run           *RunJob      `json:"run,omitempty"`
}

// SweepJob is a sweep's design: its points, in order, and what its
// outputs need besides the blocks.
type SweepJob struct {
	Paths   []string               `json:"paths"`
	Points  []JobPoint             `json:"points"`
	Skipped []reports.SkippedPoint `json:"skipped"`
	Require []string               `json:"require"`
}

// JobPoint is one valid point of a sharded sweep.
type JobPoint struct {
	Point        design.Point `json:"point"`
	PointSHA256  string       `json:"point_sha256"`
	Seed         uint64       `json:"seed"`
	Replications int          `json:"replications"`
}

// RunJob is what a run's outputs need besides the replications' results.
type RunJob struct {
	HasGroups   bool                 `json:"has_groups"`
	Timeouts    []reports.Timeout    `json:"timeouts"`
	Assumptions []reports.Assumption `json:"assumptions"`
	Assert      []string             `json:"assert"`    // the scenario's [[assert]], then --assert
	AssertOn    string               `json:"assert_on"` // --assert-on
}

// NewSweepJob is the job file of a sharded sweep of prep (the points
// that resolved; skipped those that did not) on the scenario of meta.
func NewSweepJob(meta reports.Meta, paths []string, prep []design.Prepared, skipped []reports.SkippedPoint,
	require []string, shards int, reproduce string) *Job {
	sj := &SweepJob{Paths: paths, Skipped: skipped, Require: require}
	for _, p := range prep {
		sim := p.Scenario.Simulation
		sj.Points = append(sj.Points, JobPoint{Point: p.Point, PointSHA256: p.Hash, Seed: sim.Seed, Replications: sim.Replications})
	}
	return &Job{Format: Format, Command: "sweep", CapsimVersion: meta.CapsimVersion, Shards: shards,
		Meta: meta, Reproduce: reproduce, Sweep: sj}
}

// NewRunJob is the job file of a sharded run of the scenario of meta.
func NewRunJob(meta reports.Meta, rj *RunJob, shards int, reproduce string) *Job {
	return &Job{Format: Format, Command: "run", CapsimVersion: meta.CapsimVersion, Shards: shards,
		Meta: meta, Reproduce: reproduce, Run: rj}
}

// Done is a shard's report, shards/I-of-N.json: what it ran.
type Done struct {
	Shard   Shard  `json:"shard"`
	Source  string `json:"source"` // --shard or the engine's variable
	Units   int    `json:"units"`  // blocks of the shard
	Skipped int    `json:"skipped"`
	Bytes   int64  `json:"bytes"` // of the shard's blocks
}

// DoneName is the file of shard s's report in the --out DIR.
func DoneName(s Shard) string {
	return filepath.Join(DoneDir, strconv.Itoa(s.Index)+"-of-"+strconv.Itoa(s.Count)+".json")
}

// WriteJSONFile writes v with create as indented JSON (two spaces, HTML
// characters escaped, a final newline): the manifest of every --out
// directory.
func WriteJSONFile(create CreateFunc, name string, v any) error {
	return create(name, func(w io.Writer) error {
		data, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(data, '\n'))
		return err
	})
}

// WriteSealedFile writes v with create as indented JSON sealed with its
// SHA-256 (safeio.WriteSealedJSON): the job file and the shards' reports,
// which a merge verifies.
func WriteSealedFile(create CreateFunc, name string, v any) error {
	return create(name, func(w io.Writer) error { return safeio.WriteSealedJSON(w, v, "  ") })
}

// differs names the first field in which j and o are different jobs, or
// returns "".
func (j *Job) differs(o *Job) string {
	m, om := j.Meta, o.Meta
	for _, d := range []struct {
		name string
		a, b any
	}{
		{"command", j.Command, o.Command}, {"capsim_version", j.CapsimVersion, o.CapsimVersion},
		{"scenario_sha256", m.ScenarioSHA256, om.ScenarioSHA256}, {"seed", m.Seed, om.Seed},
		{"shards", j.Shards, o.Shards}, {"replications", m.Replications, om.Replications},
		{"horizon_seconds", m.HorizonSeconds, om.HorizonSeconds}, {"warmup_seconds", m.WarmupSeconds, om.WarmupSeconds},
		{"sweep design", j.Sweep.design(), o.Sweep.design()}, {"run", j.Run, o.Run},
	} {
		a, _ := json.Marshal(d.a)
		b, _ := json.Marshal(d.b)
		switch {
		case string(a) == string(b):
		case d.name == "sweep design" || d.name == "run":
			return fmt.Sprintf("its %s (points, requirements, assertions or what the report shows) differs from this shard's", d.name)
		default:
			return fmt.Sprintf("its %s is %s, this shard's %s", d.name, reports.TerminalSafe(fmt.Sprint(d.b)), reports.TerminalSafe(fmt.Sprint(d.a)))
		}
	}
	return ""
}

// design is the sweep as two shards of one job must agree on it: all of
// it but the skipped points' error texts, which name the scenario file as
// each shard's command line does (a relative or an absolute path, another
// working directory); the skipped points still agree by their values, in
// order. nil for nil.
func (sj *SweepJob) design() *SweepJob {
	if sj == nil {
		return nil
	}
	d := *sj
	d.Skipped = make([]reports.SkippedPoint, len(sj.Skipped))
	for i, s := range sj.Skipped {
		d.Skipped[i] = reports.SkippedPoint{Values: s.Values}
	}
	return &d
}

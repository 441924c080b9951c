package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/capsim/capsim/experiment"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/reports/htmlreport"
)

// A sharded run or sweep's --out DIR holds jobName, written by every shard
// (the same content; the first one's stays): what the merge needs to write
// the outputs without the scenario file, and what tells shards of
// different jobs apart.
const (
	jobName   = "capsim-shard.json"
	jobFormat = "capsim-shard-job/1"
	shardsDir = "shards" // shards/I-of-N.json: a shard's report when it finished
)

// shardJob is the content of jobName.
type shardJob struct {
	Format        string       `json:"format"`
	Command       string       `json:"command"` // "run" or "sweep"
	CapsimVersion string       `json:"capsim_version"`
	Shards        int          `json:"shards"`
	Meta          reports.Meta `json:"meta"`      // the scenario's, as the unsharded outputs have it
	Reproduce     string       `json:"reproduce"` // the command line shown in the HTML report
	Sweep         *sweepJob    `json:"sweep,omitempty"`
	Run           *runJob      `json:"run,omitempty"`
}

// sweepJob is a sweep's design: its points, in order, and what its
// outputs need besides the blocks.
type sweepJob struct {
	Paths   []string               `json:"paths"`
	Points  []jobPoint             `json:"points"`
	Skipped []reports.SkippedPoint `json:"skipped"`
	Require []string               `json:"require"`
}

// jobPoint is one valid point of a sharded sweep.
type jobPoint struct {
	Point        experiment.Point `json:"point"`
	PointSHA256  string           `json:"point_sha256"`
	Seed         uint64           `json:"seed"`
	Replications int              `json:"replications"`
}

// runJob is what a run's outputs need besides the replications' results.
type runJob struct {
	HasGroups   bool                    `json:"has_groups"`
	Timeouts    []reports.Timeout       `json:"timeouts"`
	Assumptions []htmlreport.Assumption `json:"assumptions"`
	Assert      []string                `json:"assert"`    // the scenario's [[assert]], then --assert
	AssertOn    string                  `json:"assert_on"` // --assert-on
}

// shardDone is a shard's report, shards/I-of-N.json: what it ran.
type shardDone struct {
	Shard   experiment.Shard `json:"shard"`
	Source  string           `json:"source"` // --shard or the engine's variable
	Units   int              `json:"units"`  // blocks of the shard
	Skipped int              `json:"skipped"`
	Bytes   int64            `json:"bytes"` // of the shard's blocks
}

func doneName(s experiment.Shard) string {
	return filepath.Join(shardsDir, strconv.Itoa(s.Index)+"-of-"+strconv.Itoa(s.Count)+".json")
}

// writeJSONFile writes v with create as indented JSON (two spaces, HTML
// characters escaped, a final newline): the job file, the shards' reports
// and the manifest of every --out directory.
func writeJSONFile(create createFunc, name string, v any) error {
	return create(name, func(w io.Writer) error {
		data, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(data, '\n'))
		return err
	})
}

// readJob reads dir's jobName; os.ErrNotExist if there is none.
func readJob(dir string) (*shardJob, error) {
	data, err := os.ReadFile(filepath.Join(dir, jobName))
	if err != nil {
		return nil, err
	}
	j := &shardJob{}
	if err := json.Unmarshal(data, j); err != nil || j.Format != jobFormat {
		return nil, &usageError{fmt.Sprintf("%s: not a %s file (%v)", filepath.Join(dir, jobName), jobFormat, err)}
	}
	return j, nil
}

// claimJob writes job as dir's jobName, or checks that the one there is
// the same job (all but the command line shown, which may differ in how
// the scenario file is named): a shard of another job is refused, naming
// what differs.
func claimJob(create createFunc, dir string, job *shardJob) error {
	old, err := readJob(dir)
	if errors.Is(err, os.ErrNotExist) {
		return writeJSONFile(create, jobName, job)
	} else if err != nil {
		return err
	}
	if what := job.differs(old); what != "" {
		return &usageError{fmt.Sprintf("--out %s holds shards of another job: %s (name another --out DIR, or remove it)", dir, what)}
	}
	return nil
}

// differs names the first field in which j and o are different jobs, or
// returns "".
func (j *shardJob) differs(o *shardJob) string {
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
func (sj *sweepJob) design() *sweepJob {
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

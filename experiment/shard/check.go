package shard

import (
	"encoding/json"
	"fmt"

	"github.com/capsim/capsim/experiment/design"
	"github.com/capsim/capsim/internal/safeio"
	"github.com/capsim/capsim/scenarios"
)

// Check reports what makes j a job no shard writes, before a merge
// allocates anything from it: a command other than run or sweep (or its
// part missing), a shard count outside 1 to MaxShards, replications
// outside 1 to scenarios.MaxReplications, a horizon or warm-up that is
// not a finite duration, more than design.MaxValues points or points of
// one scenario hash that differ, an --assert-on other than mean or bound.
func (j *Job) Check() error {
	m := j.Meta
	switch {
	case !(j.Command == "sweep" && j.Sweep != nil && j.Run == nil) && !(j.Command == "run" && j.Run != nil && j.Sweep == nil):
		return fmt.Errorf("command %q with the parts of another", j.Command)
	case j.Shards < 1 || j.Shards > MaxShards:
		return fmt.Errorf("shards %d: want 1 to %d", j.Shards, MaxShards)
	case m.Replications < 1 || m.Replications > scenarios.MaxReplications:
		return fmt.Errorf("meta.replications %d: want 1 to %d", m.Replications, scenarios.MaxReplications)
	case !(m.HorizonSeconds > 0) || m.HorizonSeconds > scenarios.MaxHorizon.Seconds() || !(m.WarmupSeconds >= 0) || !(m.WarmupSeconds < m.HorizonSeconds):
		return fmt.Errorf("meta.horizon_seconds %g, meta.warmup_seconds %g: want 0 ≤ warm-up < horizon ≤ %g", m.HorizonSeconds, m.WarmupSeconds, scenarios.MaxHorizon.Seconds())
	case j.Run != nil && j.Run.AssertOn != "" && j.Run.AssertOn != "mean" && j.Run.AssertOn != "bound":
		return fmt.Errorf("run.assert_on %q: want mean or bound", j.Run.AssertOn)
	case j.Sweep != nil:
		return j.Sweep.check()
	}
	return nil
}

// check reports a sweep's design no shard writes.
func (sj *SweepJob) check() error {
	if len(sj.Points) < 1 || len(sj.Points) > design.MaxValues || len(sj.Skipped) > design.MaxValues {
		return fmt.Errorf("%d points and %d skipped: want 1 to %d points", len(sj.Points), len(sj.Skipped), design.MaxValues)
	}
	byHash := map[string]JobPoint{}
	for i, p := range sj.Points {
		if p.Replications < 1 || p.Replications > scenarios.MaxReplications {
			return fmt.Errorf("point %d: replications %d: want 1 to %d", i, p.Replications, scenarios.MaxReplications)
		}
		if len(p.Point) != len(sj.Paths) {
			return fmt.Errorf("point %d: %d values for %d paths", i, len(p.Point), len(sj.Paths))
		}
		if q, ok := byHash[p.PointSHA256]; ok && (q.Seed != p.Seed || q.Replications != p.Replications) {
			return fmt.Errorf("point %d: point_sha256 %s of another point with another seed or replications", i, p.PointSHA256)
		}
		byHash[p.PointSHA256] = p
	}
	return nil
}

// Key is the SHA-256 of what makes j the job it is: every field two
// shards of the job agree on ([Claim]), so not the command line shown or
// the skipped points' error texts. Each unit a shard stores carries it,
// and a merge takes only the units of its job file's Key: a job file
// edited to another seed or horizon no longer matches its units.
func (j *Job) Key() string {
	data, err := json.Marshal(struct {
		Command, CapsimVersion string
		Shards                 int
		Meta                   any
		Sweep                  *SweepJob
		Run                    *RunJob
	}{j.Command, j.CapsimVersion, j.Shards, j.Meta, j.Sweep.design(), j.Run})
	if err != nil { // a number JSON cannot hold: a key no unit has
		return "unkeyable: " + err.Error()
	}
	return safeio.Sum(data)
}

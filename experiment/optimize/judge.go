package optimize

import (
	"github.com/capsim/capsim/simrun"
)

// rules are what [Run]'s judge holds a plan to: the requirements (as the
// search reads them: a verification round that fails tightens them), the
// ones the search walks by, the objective, the re-check's pass
// probability (0: none), the scenario's replications (the least the
// verification and a re-check have), the one-sided error of each bound,
// and, for a verification, its replications (0: the search's rules).
type rules struct {
	reqs      []simrun.Requirement
	walk      []bool
	objective simrun.Objective
	recheck   float64
	minK      int
	alpha     float64
	fixedK    int
}

// AheadPass is the chance the search asks of its plans that the first
// verification round passes them (simrun.Ahead): the plan it picks is
// the one that looked best on its own replications, so it is judged by
// what fresh replications will likely show.
const AheadPass = 0.9

// criterion is the judge's criterion for a block of n replications at
// scale index s. A verification's: its round's bounds and the re-check
// of as many replications as it (best.toml carries them), at the
// scenario's own demand only (a re-check runs best.toml as it is). The
// search's: the first round's criterion, as the round (of the
// scenario's replications, or n if more) will likely judge it.
func (r *rules) criterion(n, s int) simrun.Criterion {
	k := r.fixedK
	if k == 0 {
		k = max(r.minK, n)
	}
	c := simrun.Criterion{Alpha: r.alpha}
	if r.recheck > 0 && s == 0 {
		c.Recheck = simrun.Recheck{Replications: k, Pass: r.recheck}
	}
	if r.fixedK == 0 {
		c.Alpha, c.Ahead = RoundAlpha[0], simrun.Ahead{Replications: k, Pass: AheadPass}
	}
	return c
}

// judge assesses a plan's block: at each demand scale, the verdict on
// every requirement and on those the search walks by (a plan holds when
// it holds at every scale), the objective per replication at the
// scenario's own demand, and its summary there.
func (r *rules) judge(b *Block) (Assessment, error) {
	var walked []simrun.Requirement
	for i, q := range r.reqs {
		if r.walk[i] {
			walked = append(walked, q)
		}
	}
	a := Assessment{Status: simrun.Holds, Walk: simrun.Holds, walkSet: true, RecheckPass: 1}
	for s, scopes := range b.Scaled {
		sum, err := simrun.ScopesSummary(b.Meta, scopes)
		if err != nil {
			return Assessment{}, err
		}
		c := r.criterion(b.Replications, s)
		v, err := c.Verdict(sum, r.reqs)
		if err != nil {
			return Assessment{}, err
		}
		w, err := c.Verdict(sum, walked)
		if err != nil {
			return Assessment{}, err
		}
		a.Status, a.Walk = worse(a.Status, v.Status), worse(a.Walk, w.Status)
		a.Scales = append(a.Scales, v.Requirements)
		if s == 0 {
			a.Summary, a.RecheckPass = sum, v.RecheckPass
		}
	}
	obj, err := r.objective.Series(b.Scopes)
	a.Objective = obj
	return a, err
}

// worse is the worse of two statuses: Fails, then Unsure, then Holds.
func worse(a, b simrun.Status) simrun.Status {
	switch {
	case a == simrun.Fails || b == simrun.Fails:
		return simrun.Fails
	case a == simrun.Unsure || b == simrun.Unsure:
		return simrun.Unsure
	}
	return simrun.Holds
}

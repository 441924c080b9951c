package optimize

import (
	"fmt"
	"math"
	"slices"

	"github.com/capsim/capsim/sim"
	"github.com/capsim/capsim/simrun"
)

// RoundAlpha is the one-sided error of every bound in each verification
// round, at most len(RoundAlpha) rounds: Bonferroni over the rounds, they
// add up to 0.05, so the chance that a plan verified in any round misses
// a requirement is at most 5%.
var RoundAlpha = []float64{0.04, 0.005, 0.005}

// VerifyBase sets the replications of the verification rounds: round k
// (from 1) runs replications k·VerifyBase, k·VerifyBase+1, ...; the
// search runs 0 ... MaxReplications−1, and a scenario has at most
// scenarios.MaxReplications (100,000) replications, fewer than
// VerifyBase, so no verification replication is one the search, or
// another round, ran: their random streams (derived from the seed and
// the replication index) are disjoint.
const VerifyBase = 1 << 20

// Round is one verification round: the plan the search chose, simulated
// afresh on Replications replications from First on, every requirement
// judged there at one-sided error Alpha (and the re-check's chance, as
// the search judged it); the runner-up (the feasible plan of next lowest
// objective in the search) on the same replications; whether the plan
// holds; if not, the requirements the search was then held to more
// tightly (each "NAME: searched as LIMIT").
type Round struct {
	Number              int
	First, Replications int
	Alpha               float64
	Fresh               *Fresh
	RunnerUp            *Fresh
	Holds               bool
	Tightened           []string
}

// Fresh is a plan simulated on fresh replications and judged there.
type Fresh struct {
	Plan       *Evaluated
	Block      *Block
	Assessment Assessment
}

// verify verifies the search's plan on fresh replications, round by
// round: a plan that holds is chosen; one that misses makes the search
// hold its requirements more tightly, by the shortfall and the search's
// optimism the round found, and choose again; after the last round
// without a plan that holds, none is chosen (Best −1).
func (o *optimizer) verify(res *Result, rs *rules) error {
	orig := slices.Clone(rs.reqs)
	cand := res.Evaluated[res.Best]
	res.Best = -1
	for k := 1; k <= len(RoundAlpha); k++ {
		vr := &rules{reqs: orig, walk: rs.walk, objective: rs.objective, recheck: rs.recheck, minK: rs.minK,
			alpha: RoundAlpha[k-1]}
		v := max(o.base.Simulation.Replications, cand.st.reps())
		vr.fixedK = v
		r := &Round{Number: k, First: k * VerifyBase, Replications: v, Alpha: vr.alpha}
		var err error
		if r.Fresh, err = o.freshly(cand, r.First, v, vr); err != nil {
			return err
		}
		if ru := o.runnerUp(cand); ru != nil {
			if r.RunnerUp, err = o.freshly(ru, r.First, v, vr); err != nil {
				return err
			}
		}
		r.Holds = r.Fresh.Assessment.Status == simrun.Holds
		res.Rounds = append(res.Rounds, r)
		if r.Holds {
			res.Chosen, res.RunnerUp = r.Fresh, r.RunnerUp
			res.Best = slices.Index(o.order, cand)
			break
		}
		if k == len(RoundAlpha) {
			break
		}
		if r.Tightened, err = o.tighten(rs, orig, cand, r.Fresh); err != nil {
			return err
		}
		if o.opt.Verified != nil {
			o.opt.Verified(r)
		}
		if cand, err = o.search(); err != nil {
			return err
		}
		if cand == nil {
			break
		}
	}
	if last := res.Rounds[len(res.Rounds)-1]; o.opt.Verified != nil && (last.Holds || len(res.Rounds) == len(RoundAlpha)) {
		o.opt.Verified(last)
	}
	res.Evaluated, res.Skipped = o.order, o.skipped
	if res.Chosen != nil {
		if err := o.compare(res, vrOf(rs, orig, res)); err != nil {
			return err
		}
	}
	res.Replications, res.SearchReplications = o.reps, o.reps-o.freshReps
	return nil
}

// vrOf is the last round's rules.
func vrOf(rs *rules, orig []simrun.Requirement, res *Result) *rules {
	last := res.Rounds[len(res.Rounds)-1]
	return &rules{reqs: orig, walk: rs.walk, objective: rs.objective, recheck: rs.recheck, minK: rs.minK,
		alpha: last.Alpha, fixedK: last.Replications}
}

// compare simulates the scenario as given on the last round's fresh
// replications (unless it is the plan chosen) and the fragility table.
func (o *optimizer) compare(res *Result, vr *rules) error {
	last := res.Rounds[len(res.Rounds)-1]
	res.GivenFresh = res.Chosen
	if !res.Chosen.Plan.Given {
		var err error
		if res.GivenFresh, err = o.freshly(o.given, last.First, last.Replications, vr); err != nil {
			return err
		}
	}
	var err error
	res.Fragility, err = o.fragility(res, last, vr)
	return err
}

// freshly simulates plan e on n replications from first on (every scale)
// and judges it by r.
func (o *optimizer) freshly(e *Evaluated, first, n int, r *rules) (*Fresh, error) {
	st := e.st.fresh(first)
	before := o.reps
	if err := o.grow([]*planState{st}, []int{n}); err != nil {
		return nil, err
	}
	o.freshReps += o.reps - before
	b, err := o.block(st)
	if err != nil {
		return nil, err
	}
	a, err := r.judge(b)
	if err != nil {
		return nil, err
	}
	return &Fresh{Plan: e, Block: b, Assessment: a}, nil
}

// runnerUp is the feasible plan of lowest objective mean but cand, nil if
// none.
func (o *optimizer) runnerUp(cand *Evaluated) *Evaluated {
	var best *Evaluated
	for _, e := range o.order {
		if e != cand && beats(e, best) {
			best = e
		}
	}
	return best
}

// tighten holds the search to tighter limits on the requirements the
// fresh replications f of cand found short (a bound missing its limit, or
// a share of the re-check's chance of failing), by the search's optimism
// (its margin less the fresh one) or, at least, half the requirement's
// 95% half-width, doubled until cand no longer holds in the search; every
// plan is judged again. It says what it tightened.
func (o *optimizer) tighten(rs *rules, orig []simrun.Requirement, cand *Evaluated, f *Fresh) ([]string, error) {
	step := make([]float64, len(orig))
	for i := range orig {
		for s := range f.Assessment.Scales {
			fr, sr := f.Assessment.Scales[s][i], cand.Assessment.Scales[s][i]
			if fr.Holds && float64(fr.RecheckFail) < 0.01 {
				continue
			}
			d := float64(sr.Margin) - float64(fr.Margin)
			d = math.Max(d, -float64(fr.Margin))
			d = math.Max(d, float64(sr.CI95)/2)
			if !(d > 0) || math.IsInf(d, 0) {
				d = math.Abs(orig[i].Limit) * 0.01
			}
			step[i] = math.Max(step[i], d)
		}
	}
	if !slices.ContainsFunc(step, func(d float64) bool { return d > 0 }) {
		for i := range step {
			step[i] = math.Abs(orig[i].Limit) * 0.01
		}
	}
	for range 30 {
		for i, d := range step {
			if orig[i].Upper() {
				rs.reqs[i].Limit -= d
			} else {
				rs.reqs[i].Limit += d
			}
		}
		if err := o.rejudge(); err != nil {
			return nil, err
		}
		if !cand.Feasible {
			break
		}
		for i := range step {
			step[i] *= 2
		}
	}
	var out []string
	for i, r := range rs.reqs {
		if r.Limit != orig[i].Limit {
			out = append(out, fmt.Sprintf("%s: searched as %s%s", orig[i].String(), r.Op, fmtLimit(r.Limit)))
		}
	}
	return out, nil
}

func fmtLimit(x float64) string { return fmt.Sprintf("%.4g", x) }

// rejudge assesses every plan again (its replications kept) after the
// rules changed.
func (o *optimizer) rejudge() error {
	for _, e := range o.order {
		if err := o.assess(e); err != nil {
			return err
		}
	}
	o.shown = nil
	return nil
}

// saving is the paired estimate of the objective of b less a's over the
// replications both define: what a saves against b.
func saving(a, b *Fresh) sim.Estimate {
	return simrun.PairedDifference(b.Assessment.Objective, a.Assessment.Objective)
}

package schedule

import (
	"github.com/capsim/capsim/experiment/optimize"
	"github.com/capsim/capsim/scenarios"
)

// Run sizes every stream location of the static plan static (a scenario
// with the best static settings, no timeline) per hour of the
// day, starting from that plan in every hour, by the iterative staffing
// of Feldman, Mandelbaum, Massey & Whitt (2008): simulate the plan,
// estimate each hour's offered load at each location (streaming slots in
// that hour, scaled up by the share of its requests that failed), take the
// least capacity c at which M/M/c+D at that load meets t (optimize.WarmStart) and
// lower the hour's always_on to c and target_idle to c less the load (never
// above the static plan's), repeat until the plan stops changing. Then it
// checks every hour by simulation — the one-sided 95% upper bounds over
// the replications of the hour's total placement failure ratio and p95
// placement latency against t, the rule optimize judges requirements by —
// and raises ([Result.raise]: maximum where the plan allocates on
// demand and the hour waited at its ceiling, else target_idle a tenancy
// step, or always_on where the plan is always on only) every hour that
// misses, at the locations that miss, until every hour meets t or
// MaxAdjust rounds, then lowers hours
// where the simulation shows slack ([Result.trim]). All that on
// the search replications; the schedule is then checked, and raised where
// an hour misses, on fresh ones (VerifyReplications), over which the
// static plans are checked too; if the static plan meeting every hour
// costs less there (paired), the schedule is that plan (HoldsStatic).
// Every plan is simulated as static edited in memory; [Text] writes the
// schedule found as a file.
func Run(static *scenarios.Scenario, t optimize.Targets, opt Options) (*Result, error) {
	if err := CheckSchedulable(static); err != nil {
		return nil, err
	}
	opt = opt.withDefaults(static)
	res := &Result{Replications: opt.Replications, VerifyReplications: opt.VerifyReplications, Lead: opt.Lead}
	var patience float64
	var err error
	if res.Locations, patience, err = locations(static); err != nil {
		return nil, err
	}
	res.Plan = staticPlan(res.Locations)
	hs, err := res.iterate(static, t, opt, patience)
	if err != nil {
		return nil, err
	}
	if hs, err = res.raiseMissing(static, t, opt, hs); err != nil {
		return nil, err
	}
	if res.Schedule.Meets {
		if _, err = res.trim(static, t, opt, hs); err != nil {
			return nil, err
		}
	}
	// The verification: fresh replications, so that the decisions above,
	// taken on the search replications, do not flatter the schedule. An
	// hour raised here is judged on the replications that raised it (the
	// README says so: another seed is the independent check).
	vopt := opt
	vopt.First, vopt.Replications = opt.Replications, opt.VerifyReplications
	if hs, err = res.simulate(static, vopt); err != nil {
		return nil, err
	}
	if _, err = res.raiseMissing(static, t, vopt, hs); err != nil {
		return nil, err
	}
	if hs, err = res.simulatePlan(static, staticPlan(res.Locations), vopt); err != nil {
		return nil, err
	}
	res.Static = check(hs, t)
	if res.HourlyStatic, err = res.hourlyStatic(static, t, vopt); err != nil {
		return nil, err
	}
	res.holdIfCheaper()
	return res, nil
}

// iterate is the staffing iteration from the static plan: simulate, staff
// each hour from the load seen, until the plan stops changing or
// opt.MaxIterations; it returns the measurements of the plan it ends at.
func (r *Result) iterate(static *scenarios.Scenario, t optimize.Targets, opt Options, patience float64) (*hourStats, error) {
	for {
		hs, err := r.simulate(static, opt)
		if err != nil || r.Converged || r.Iterations == opt.MaxIterations {
			return hs, err
		}
		r.Iterations++
		next := r.staff(hs, t, patience)
		if next.equal(r.Plan) {
			r.Converged = true
			return hs, nil
		}
		r.Plan = next
	}
}

// raiseMissing checks the plan's measurements hs and, while some hour misses t
// (at most opt.MaxAdjust rounds in this call: the search's rounds do not
// use up the verification's), raises those hours a step and simulates
// again; it sets r.Schedule to the last check and returns its measurements.
func (r *Result) raiseMissing(static *scenarios.Scenario, t optimize.Targets, opt Options, hs *hourStats) (*hourStats, error) {
	for rounds := 0; ; rounds++ {
		r.Schedule = check(hs, t)
		if r.Schedule.Meets || rounds >= opt.MaxAdjust {
			return hs, nil
		}
		r.adjust(hs)
		r.Adjustments++
		var err error
		if hs, err = r.simulate(static, opt); err != nil {
			return nil, err
		}
	}
}

// staff is the next plan: at each location and hour, c the least capacity
// (in steps) at which M/M/c+D meets t at the load estimated in hs,
// always_on lowered to c and target_idle to c less the load (rounded up to
// a step), neither above the static plan's.
func (r *Result) staff(hs *hourStats, t optimize.Targets, patienceHours float64) Plan {
	next := r.Plan.clone()
	for i, l := range r.Locations {
		for h := range 24 {
			a := hs.load(i, h)
			c := 0
			if a > 0 && l.MeanHours > 0 {
				c, _ = optimize.WarmStart(a/l.MeanHours, l.MeanHours, l.Step, patienceHours, t)
			}
			next.AlwaysOn[i][h] = min(l.AlwaysOn, c)
			next.TargetIdle[i][h] = min(l.TargetIdle, stepsUp(float64(c)-a, l.Step))
		}
	}
	return next
}

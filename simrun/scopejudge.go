package simrun

import (
	"math"

	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim/metric"
)

// assess judges r in s under c: its one scope, or every scope a wildcard
// selects (locations[*], fleets[*], hours[*]).
//
// A requirement on a wildcard holds when its bound holds in every scope
// and fails when any scope clearly fails. Each scope's bound is at the
// criterion's confidence and no correction is made for their number:
// "every scope meets the limit" is wrongly declared only if the bound of a
// scope that misses it wrongly holds, which has probability at most Alpha
// for that scope, so the declaration is at least as sure as each bound
// (an intersection-union test; conservative, not anti-conservative). The
// figures are the worst scope's (the least margin; scopes labelled as
// reports.Summary.ScopeLabel shows them, a player region by its name); scopes no replication
// defines (an hour without requests) are left out, and a wildcard none of
// whose scopes is defined meets nothing. The re-check's chances of failing
// add up over the scopes.
func (c Criterion) assess(r Requirement, s *reports.Summary) (verdict, error) {
	n, err := metric.ParseName(r.Name)
	if err != nil {
		return verdict{}, err
	}
	if !n.Wild() {
		v, err := s.Lookup(n)
		if err != nil {
			return verdict{}, err
		}
		return c.judge(r.Requirement, v.Estimate, v.Better), nil
	}
	names, err := s.Expand(n)
	if err != nil {
		return verdict{}, err
	}
	nan := reports.Number(math.NaN())
	out := verdict{Assessment: reports.Assessment{Requirement: r.String(), Mean: nan, CI95: nan, Bound: nan, Margin: nan,
		Confidence: nan, Holds: true, Scopes: []reports.ScopeMargin{}}}
	worst := math.Inf(1)
	for _, name := range names {
		v, err := s.Lookup(name)
		if err != nil {
			return verdict{}, err
		}
		if v.N == 0 {
			continue
		}
		one := r.Requirement
		one.Name = name.String()
		sv := c.judge(one, v.Estimate, v.Better)
		out.Scopes = append(out.Scopes, reports.ScopeMargin{Scope: s.ScopeLabel(name), Mean: sv.Mean, Bound: sv.Bound,
			Margin: sv.Margin, N: sv.N})
		out.Holds, out.Fails = out.Holds && sv.Holds, out.Fails || sv.Fails
		out.failWorst, out.failBest = out.failWorst+sv.failWorst, out.failBest+sv.failBest
		if m := nanLowest(float64(sv.Margin)); m < worst || out.Scope == "" {
			worst = m
			out.Scope, out.Mean, out.CI95, out.N = s.ScopeLabel(name), sv.Mean, sv.CI95, sv.N
			out.Bound, out.Margin, out.Confidence = sv.Bound, sv.Margin, sv.Confidence
		}
	}
	if len(out.Scopes) == 0 { // nothing defined: meets nothing
		out.Holds, out.Fails, out.failWorst, out.failBest = false, true, 1, 1
	}
	return out, nil
}

// nanLowest orders an undefined margin below every defined one.
func nanLowest(x float64) float64 {
	if math.IsNaN(x) {
		return math.Inf(-1)
	}
	return x
}

// meetsOnMeans reports whether every scope of an assessment meets r on its
// mean (the one scope's mean when a is not a wildcard's).
func meetsOnMeans(r Requirement, a reports.Assessment) bool {
	if len(a.Scopes) == 0 {
		return r.Meets(float64(a.Mean))
	}
	for _, sc := range a.Scopes {
		if !r.Meets(float64(sc.Mean)) {
			return false
		}
	}
	return true
}

// Verdict is what a plan's requirements say under a criterion: the
// status ([Decide]), each requirement's assessment, and the chance the
// criterion's re-check passes (1 less the sum of every requirement's and
// scope's chance of failing it, at the worse-side bounds; 1 without a
// re-check).
type Verdict struct {
	Status       Status
	Requirements []reports.Assessment
	RecheckPass  float64
}

// Verdict is the plan's verdict under c: Holds when every requirement's
// bound meets its limit and, with a re-check, its estimated chance of
// failing is at most 1 − Pass; Fails when a bound on the better side
// misses a limit or, with a re-check, the chance of failing is above
// 1 − Pass even at the better-side bounds; else Unsure.
func (c Criterion) Verdict(s *reports.Summary, reqs []Requirement) (Verdict, error) {
	out := Verdict{Status: Holds, RecheckPass: 1}
	var failWorst, failBest float64
	for _, r := range reqs {
		v, err := c.assess(r, s)
		if err != nil {
			return Verdict{Status: Unsure}, err
		}
		out.Requirements = append(out.Requirements, v.Assessment)
		switch {
		case v.Fails:
			out.Status = Fails
		case !v.Holds && out.Status == Holds:
			out.Status = Unsure
		}
		failWorst, failBest = failWorst+v.failWorst, failBest+v.failBest
		if c.Recheck.On() {
			out.Requirements[len(out.Requirements)-1].RecheckFail = reports.Number(min(1, v.failWorst))
		}
	}
	if !c.Recheck.On() {
		return out, nil
	}
	out.RecheckPass = max(0, 1-failWorst)
	budget := 1 - c.Recheck.Pass
	switch {
	case out.Status == Fails:
	case failBest > budget:
		out.Status = Fails
	case failWorst > budget:
		out.Status = Unsure
	}
	return out, nil
}

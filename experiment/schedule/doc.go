// Package schedule sizes a static plan per hour of the day (capsim
// optimize --schedule hourly): [Run] applies the iterative staffing of
// Feldman, Mandelbaum, Massey & Whitt (2008) to every stream location,
// checks each hour by simulation with the run layer's judge
// (simrun.UpperBound: the one-sided 95% upper bound of the hour's failure
// ratio and p95 placement latency), raises the hours that miss and trims
// those with slack, then verifies on fresh replications against the
// static plans. Every plan is the static scenario edited in memory (its
// locations' settings and UpdateStreamGroup timeline actions); [Text]
// writes the schedule found as a scenario file once, at the end
// (best.toml), the same scenario field for field. [Report] is
// optimize.json's schedule; [CheckHours] checks a scenario file hour by
// hour.
//
// Hours are UTC hours of the day; capacity is in stream slots. Errors of a
// scenario that cannot be scheduled wrap design.ErrDesign; they are
// prefixed "experiment: schedule: ".
package schedule

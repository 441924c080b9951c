// Package optimize finds the cheapest plan meeting requirements with 95%
// confidence (capsim optimize): [Run] searches the grid of the decision
// variables ([Var]: the --vary ranges, or [DefaultVars] — every stream
// location's always_on, target_idle and maximum in tenancy steps and every
// fleet's scaling bounds, over ranges from the peak offered load), every
// plan simulated under common random numbers through the run layer, its
// requirements decided by the run layer's judge (simrun.Decide: the
// one-sided 95% bound of each metric meets its limit), the objective a sum
// of metrics (simrun.Objective; [DefaultObjective]). The search starts at
// the M/M/c+D staffing of each location's peak load ([WarmStart],
// [Targets]), bisects each variable down, then moves by coordinates while
// a plan is clearly cheaper (paired differences); plans get replications
// in blocks, more only where a decision is unsure.
//
// [Report] is optimize.json, [Frontier] the plans as a sweep for
// optimize.html, [BestTOML] best.toml: the scenario as loaded with its
// overrides and the plan's values written in.
//
// Units are the metrics' (seconds, fractions, US dollars). Errors of a
// malformed variable wrap design.ErrDesign; they are prefixed
// "experiment: ".
package optimize

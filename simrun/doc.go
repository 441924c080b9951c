// Package simrun is the run layer: the one home for running a scenario's
// replications, between package scenarios (below it) and the commands and
// experiments (above it). Every command (run, compare, bench, a run's
// shards) and every experiment (sweeps, sensitivity, optimize, schedule)
// runs replications through it.
//
// It owns:
//
//   - a resolved scenario ([Resolve], [Resolved]): the scenario, its hash
//     and both models' configurations, built once, with what the run
//     records besides its metrics ([Outputs]: timeseries or not, per-hour
//     metrics) set here and nowhere else; [Load] reads the default or a
//     file and applies the command line's [Overrides];
//   - one replication of both models ([Resolved.Run]: the stream groups,
//     then the fleets), with progress, spill directory and per-model
//     timing options, and a failed run explained in the scenario's terms
//     (its event budget and where it is set);
//   - the replicate call ([Replicate]: sim.Replicate's parallel workers,
//     results by index) with every panic recovered into an
//     *[InternalError] naming its site;
//   - the metric namespace: a replication's per-scope metric values
//     ([Scope], [Series], [Values], [Replication.Values]), summaries of
//     them ([Summary], [ScopesSummary]), and the reading of every metric
//     name a user writes — requirement, assertion, objective, analysed
//     metric — against a scenario before anything runs ([Namespace], on
//     sim/metric's grammar and package reports' lookup, which names the
//     closest names of an unknown one);
//   - the one judge of requirements ([Judge]: the one-sided 95% bound on
//     the metric's worse side), used by run's assertions ([Gate]), sweep
//     feasibility ([Feasible]), optimize's plan status ([Decide]) and the
//     hourly schedule's per-hour check ([UpperBound]). Package reports
//     renders what the judge decided; it does not judge.
//
// Units are those of the models' metric declarations (streams.Metrics,
// fleets.Metrics): seconds, US dollars, fractions, counts. No wall clock
// is read here: a caller that wants per-model wall time passes a clock
// (RepOptions.Clock).
//
// Errors: a scenario's validation errors (wrapping scenarios.ErrInvalid),
// a run's (sim.ErrEventBudget, explained), metric names' (wrapping
// reports.ErrUnknownMetric, metric.ErrName or metric.ErrRequirement),
// *[InternalError] for a recovered panic and *[UnmetError] for
// requirements a finished run does not meet.
package simrun

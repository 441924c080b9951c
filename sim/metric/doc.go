// Package metric is the declaration kit for the metrics a model reports: it
// is not a model and knows no domain nouns. A model declares each of its
// metrics once, as a [Def] over its per-location result type: the name as
// summary.json spells it (dotted for nested objects,
// "placement_latency_seconds.p95"), its [Unit], its [Direction], how a
// replication's value is read from the locations' results and combined
// over locations ([Combine]), and how it is presented (a table [Row], an
// HTML [KeyFigure]). Reports, experiments and KPI assertions read the
// declarations; adding a metric is one Def.
//
// Every metric is first computed per replication ([Def.Eval]), for one
// location or for all of them together (the total), then estimated over
// replications with sim.NewEstimate (mean and Student-t 95% half-width,
// skipping replications in which it is undefined, NaN).
//
// A metric is named, in requirements, assertions, objectives and lookups,
// by a scope and its declared name ("total.placement_latency_seconds.p95",
// "locations[us-east-1].cost_usd"): [ParseName] is the one parser of that
// grammar, [ParseSum] of a sum of names (an objective) and
// [ParseRequirement] of NAME OP LIMIT. They check the form; which scope a
// selector names is resolved by the reader that has the scopes. Their
// errors wrap [ErrName] or [ErrRequirement] and say what a name or a
// requirement is.
//
// Units are those of the [Unit] constants; seconds are converted to hours
// by Def.Per. Eval never fails: an undefined value is NaN.
package metric

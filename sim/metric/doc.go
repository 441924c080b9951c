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
// Units are those of the [Unit] constants; seconds are converted to hours
// by Def.Per. Eval never fails: an undefined value is NaN.
package metric

// Package sensitivity is capsim sensitivity's experiment: [OneAtATime]
// moves each assumption of the assumption table that has a plausible
// range to the low and the high end of it, one at a time (a [Factor] per
// assumption), and [Run] runs that design in a store (resumably), under
// common random numbers, and estimates each effect on each metric
// ([ResolveMetrics], read against the scenario before anything runs) from
// the per-replication differences (reports.NewSensitivity).
//
// Units are the metrics'. Errors: a variant that does not validate, the
// store's.
package sensitivity

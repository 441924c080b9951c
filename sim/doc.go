// Package sim is capsim's discrete-event engine. It knows no domain nouns.
//
// It owns:
//
//   - virtual time: [Time] counts integer nanoseconds since the scenario
//     starts; durations are [time.Duration]. An int64 of nanoseconds spans
//     about 292 years, so horizons of decades are safe;
//   - the [Scheduler]: a radix heap of 16-byte keys and, past a few
//     thousand pending events, a calendar of time buckets behind it (the
//     radix heap holds the near future, later keys wait unsorted in their
//     bucket), events ordered by (time, sequence number) — a total
//     order, so events at equal times run in the order they were scheduled —
//     with O(1) lazy cancellation (a cancelled key is dropped when it reaches
//     the top or its bucket is loaded, or by a rebuild once cancelled keys
//     outnumber pending ones), an optional [Prefetcher] that loads a
//     handler's records ahead of their events, and a run loop bounded by a
//     horizon and an event budget. It does not allocate per event in steady
//     state;
//   - random streams ([NewStream]): every draw comes from a PCG stream derived
//     from (root seed, replication, name), so that two configurations run
//     under one seed see the same demand (common random numbers);
//   - distributions of durations ([Dist]), each drawn from an explicit stream
//     and rounded to whole nanoseconds once, where it is drawn;
//   - measurement: time-weighted gauges ([Gauge]), a mergeable quantile
//     [Sketch] with at most 1% relative error, replication estimates with
//     Student-t 95% confidence intervals ([Estimate]);
//   - arrival processes ([Arrivals]: [Poisson] with hourly rates and spikes,
//     drawn by inverting the integrated hourly rate, or by thinning when
//     there are spikes; [Trace] replay), one [ArrivalGen] per replication;
//   - a replication's plumbing ([Run], [RunOptions]): scheduler, horizon,
//     event budget, the warm-up cut of the gauges it watches, timeseries
//     buckets ([BucketIntegrals]); [Finish] hands a finished run's
//     scheduler, emptied, to the next [NewRun], so that replications do not
//     grow one from nothing each;
//   - the models' timeseries ([Timeseries]): one row of a fixed width per
//     bucket, in memory or spilled to a file ([Run.NewTimeseries],
//     [SpillWriter]), read the same either way ([TimeseriesReader]); read
//     errors are prefixed "timeseries: ";
//   - record pools with generation stamps ([Slab], [Slot], [FreeList]) and
//     FIFO queues of stamps ([FIFO]) that skip stale entries,
//     allocation-free in steady state;
//   - the parallel replication runner ([Replicate]), which stores results by
//     replication index, never in completion order.
//
// Errors: running past the event budget returns [ErrEventBudget]. Panics are
// reserved for programmer errors inside the engine (scheduling in the past,
// negative samples) and carry the prefix "sim: ".
//
// No wall clock is read anywhere in this package.
package sim

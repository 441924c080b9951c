// Package backtest compares a scenario with the service's own records, hour
// by hour and per location: does the simulated period look like the one
// the records show?
//
// It owns:
//
//   - what the records show per location and whole clock hour ([Observe],
//     [Observed]): requests, sessions placed and not ended (averaged over
//     the hour), allocated and idle capacity (averaged over the hour's
//     polls, where polled), and ERROR requests by reason;
//   - the simulation of the observed period ([WindowFor], [Window.Apply]):
//     time 0 at a UTC midnight before it, the warm-up up to it, hourly
//     timeseries; and, to replay the observed arrivals instead of the
//     scenario's arrival process, [Window.Replay];
//   - for a GameLift Servers fleet ([ObserveFleet], [CompareFleets]): game
//     sessions created, game sessions not ended (averaged over the hour)
//     and instances (CloudWatch ActiveInstances), against the fleets
//     model's placement requests, active sessions and instances;
//   - the comparison ([Compare], [Report]): for each hour, the band of the
//     replications' values from the k-th smallest to the k-th largest
//     ([BandRank]: a 90% prediction band for a new draw from their
//     distribution), whether the observation is inside, the coverage per
//     metric and overall, and the hours outside ranked by how far.
//
// Compare does not run a simulation: its caller runs the replications
// (through the run layer) and hands it their results.
//
// # Reading the comparison
//
// The records' "sessions placed and not ended" run from CreatedAt, so they
// include the wait for a slot; the simulation's (streams.ColStreaming)
// start at placement. Where capacity was short the observed value is the
// higher by the waits (seconds per request).
//
// # Units
//
// Counts per hour; sessions and capacity in streams, averaged over the
// hour; times UTC.
package backtest

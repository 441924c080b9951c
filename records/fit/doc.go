// Package fit turns the service's own records into a capsim scenario: a
// ListStreamSessions export (and, optionally, polled LocationStates) into
// the demand, session lengths and client behaviour that produced them.
//
// It owns:
//
//   - [FitStreams]: one stream group's records into a [Streams] fit — per
//     location, the requests per UTC hour of the day with Garwood's exact
//     Poisson interval ([PoissonRate]), and per weekday with two weeks of
//     data or more; spike hours ([FindSpikes]: a conditional binomial test
//     per clock hour against the others of its hour, Holm's correction)
//     written as spikes, not averaged into the curve; the session length
//     ([FitLengths]: lognormal, gamma and Weibull by maximum likelihood with
//     right-censoring, fitted jointly with the walk-away rate, chosen by
//     AIC, a hazard-based goodness-of-fit test, a QQ plot per family, the
//     Kaplan–Meier estimate when no family fits); no-shows, reconnect
//     failures, walk-aways, crashes, length-limit ends and internal errors
//     with exact intervals ([Rate]); placement failures per clock hour; the
//     capacity settings from the polls, or a named default without them;
//   - [FitFleets]: one GameLift Servers fleet's game sessions (and its
//     CloudWatch exports) into a [Fleets] fit — game sessions created per
//     hour and location, the game length (censored by interruptions and
//     games still running), the interruption and activation-failure rates,
//     the most frequent player count, the instances from ActiveInstances
//     and the Spot interruption rate per instance-hour from
//     InstanceInterruptions; what the records cannot tell (kind,
//     processes per instance, the scaling policy, launch and activation
//     times, the queue's timeout and order, placements that failed) is
//     listed in [Fleets.Defaults];
//   - the scenario it writes ([Streams.Scenario]), once, every fitted value
//     with a comment naming its data (count, period), and the check that
//     capsim loads and validates it ([Streams.Check]); the values the
//     records cannot tell stay capsim's defaults, listed with the reason
//     ([Streams.Defaults]).
//
// # Reading the records
//
// ListStreamSessions gives a session's CreatedAt and LastUpdatedAt only.
// For an ended session LastUpdatedAt is its end; the span holds the wait
// for a slot, the start delay, the connect delay, the play and
// TERMINATING. The play is taken as the span less the defaults' mean start
// delay, connect delay and TERMINATING ([Overheads]); the wait is not
// known and stays in (a few seconds at most where capacity was short).
// A session still running at the export is censored there: its play is at
// least the export time less CreatedAt less the overheads. A session ended
// by a crash, the length limit, or a reason capsim does not know is
// censored at its end; one ended by idleTimeout walked away an idle
// timeout earlier, one ended by reconnectionTimeout dropped a connection
// timeout earlier. Time 0 of the scenario is a UTC midnight at least
// [MinWarmup] before the first clock hour holding a record.
//
// # Units
//
// Lengths are seconds; rates are per hour (requests per clock hour,
// events per connected hour); shares are fractions; times are UTC.
//
// # Errors
//
// FitStreams fails when the records hold no session, sessions of several
// stream groups without a filter, fewer than two ended sessions to fit a
// length to, or a stream class capsim does not know; FitFleets likewise,
// and without a price (capsim ships no GameLift Servers price).
package fit

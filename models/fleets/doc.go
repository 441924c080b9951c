// Package fleets simulates Amazon GameLift Servers capacity: managed EC2,
// container and Anywhere fleets placed through game session queues, FleetIQ
// game server groups claimed directly, target-tracking and Agones-style
// buffer autoscaling, game-session termination, Spot interruptions and the
// expiry of games whose end signal was lost. Facts and their sources are in
// the project fact sheet, §6–8; every number the public material leaves open
// is a parameter here with a documented default.
//
// It owns the fleets model: its configuration ([Config], [FleetConfig],
// [QueueConfig], [DemandConfig], [Action], [Scaling]), one replication's run
// ([Run]) and its measurements ([Result], [LocationResult], [Timeseries]).
// It builds on package sim and shares the demand types of package streams
// ([sim.Arrivals]). Scenario files become a [Config] in package
// scenarios (Scenario.BuildFleets); reports summarises the results.
//
// # Units
//
// Virtual time is sim.Time, integer nanoseconds since the start; every
// configured duration is a [time.Duration] and every sampled one a sim.Dist
// drawn from a named stream. Prices are USD per instance-hour; results give
// costs in USD (CostUSD, IdleCostUSD), integrals over time in seconds of
// their unit (InstanceSeconds are instance-seconds, ProcessSlotSeconds
// process-slot-seconds, ...), latencies in seconds in a [sim.Sketch], and
// counts as plain integers. Shares and probabilities are fractions in
// [0, 1]; TargetPercent and BufferPercent are percentages.
//
// # Errors
//
// [Run] returns an error wrapping [ErrInvalidConfig] for a configuration it
// cannot simulate, [sim.ErrEventBudget] when Config.MaxEvents runs out, and
// [ErrInvariant] when Options.CheckInvariants finds a violation; the last two
// are prefixed with the replication. [ValidateBuffer] checks a buffer
// policy as Agones does. [ErrNotFound], [ErrInvalidRequest] and
// [ErrInvalidGameSessionStatus] name TerminateGameSession's exceptions;
// inside a run a rejected call is counted (TerminateRejected), never
// returned.
// Zero values in a FleetConfig take the defaults listed with
// [DefaultQueueTimeout].
//
// # The model
//
// The rules below apply per fleet location (one pool of instances each).
//
// Instances and billing. A fleet's instance definitions (FleetIQ's
// InstanceDefinitions, F7; a managed fleet's one EC2InstanceType) are its
// instance pools, one per definition in each location. Capacity counts
// units: an instance of WeightedCapacity w counts w (desired, minimum,
// maximum and initial capacity are units, as in an EC2 Auto Scaling group
// with weights) and hosts w × ProcessesPerInstance processes. A launched
// instance is billed from the launch request, ACTIVE after
// InstanceLaunchDelay, and then starts its processes, each ready
// ProcessStartDelay later. InitialInstances are ACTIVE at t=0 with ready
// processes. Billing is per second at its pool's PriceOnDemand or
// PriceSpot, plus MinBilled minus the lifetime for an instance released
// sooner (ExtraBilledInstanceSeconds). Idle cost is cost ×
// IdleProcessSeconds / ProcessSlotSeconds: the share of the bill that
// ready processes without a game session stand for.
//
// What is launched (see location.pick). A managed fleet launches its
// instance type On-Demand or, with CapacityType SPOT, Spot. A FleetIQ group
// under SPOT_ONLY or SPOT_PREFERRED launches Spot from the viable pool with
// the lowest Spot price per unit (F7: weights serve to compare cost per
// unit hour); with no pool viable, SPOT_PREFERRED falls back to On-Demand
// from the pool with the lowest On-Demand price per unit and SPOT_ONLY
// launches nothing ("no hosting capacity until Spot Instances can again be
// used", F2); ON_DEMAND_ONLY always launches On-Demand. A managed Spot
// fleet launches nothing while its pool is not viable. Capacity desired
// but not launchable is ShortCapacitySeconds; On-Demand instance-seconds of
// a SPOT_PREFERRED group are FallbackInstanceSeconds.
//
// Placement (EC2, container, Anywhere). A request tries its queue's
// destinations in order for an idle ready process on a usable instance (ACTIVE, not
// draining); the most recently freed process is taken. Without one it is
// PENDING in its queue's FIFO until a process frees up in one of its
// destinations (the oldest PENDING request across the queues that list
// that location is served first), TIMED_OUT after the queue's Timeout, or
// CANCELLED at CancelAfter (drawn with CancelProbability). A placed session
// is ACTIVATING for ActivationTime, then ACTIVE for GameLength (a trace
// that carries lengths supplies them); the placement is FULFILLED when the
// process is assigned, which is where Latency is measured. If
// ActivationTime exceeds ActivationTimeout the session ends in ERROR at
// the timeout (Errors), the placement is FAILED and the process is
// recycled (RestartDelay, then ProcessStartDelay). A normal end frees the
// process at once.
//
// Latency (latency.go; G3, G4, G5). A request whose demand carries latency
// data (DemandConfig.RTT) tries its queue's destinations in the queue's
// PriorityOrder (default LATENCY, COST, DESTINATION, LOCATION) and never
// one whose round trip exceeds the cap of the PlayerLatencyPolicy in force;
// the policies run back to back from its arrival, one without a duration
// lasts until the timeout, and after the last one with a duration no cap
// applies. A PENDING request is tried again at each relaxation; a freed
// process goes to the oldest PENDING request its cap allows there. Requests
// without latency data keep the destination order and no cap. Fulfilled
// requests with latency data record the round trip (LocationResult.RTT).
//
// Counting. Placement outcomes are counted where the request was placed,
// or at its first destination (FleetIQ: the group's first location) when
// it never was; Placements is the sum of ByStatus, and ByStatus[Pending]
// holds requests without a final status at the horizon. Outcomes count
// for requests that arrived after the warm-up; the other counters
// (terminations, errors, interruptions, ...) count events after the
// warm-up.
//
// FleetIQ claims. ClaimGameServer takes an AVAILABLE server on a usable
// instance of the group (locations in order), else, with ClaimDraining (or
// a filter listing DRAINING), one on a DRAINING instance: a Spot instance
// whose pool is not viable (F3). A SPOT_TERMINATING instance (noticed of
// its interruption: "no new game servers", F3) is never claimed. The
// server is CLAIMED for exactly ClaimHold (60 s): a client connecting
// after ClientConnectDelay ≤ ClaimHold makes it UTILIZED for GameLength
// (FULFILLED, latency to the claim); otherwise the claim lapses at
// ClaimHold (ClaimLapses, FAILED) and the server is claimable again at
// once. With no server: OutOfCapacity, then a retry every ClaimRetry while
// within ClaimTimeout of the request, else TIMED_OUT (at once when
// ClaimRetry is 0). Claims are not cancelled.
//
// Termination (TerminateGameSession, EC2/container/Anywhere; see
// model.terminate). TRIGGER_ON_PROCESS_TERMINATE: TERMINATING, the process
// gets OnProcessTerminate and calls ProcessEnding after GracefulShutdown:
// TERMINATED, TRIGGERED_ON_PROCESS_TERMINATE; a share NoProcessEndingShare
// never calls it and holds its process (StuckTerminatingSeconds) until a
// FORCE_TERMINATE or the end of its instance. FORCE_TERMINATE: TERMINATED,
// FORCE_TERMINATED at once. Either way the process stops and a fresh one
// launches after RestartDelay and is ready ProcessStartDelay later. FORCE on
// an Anywhere fleet without AnywhereAgent, and any call on a session in
// ERROR (or ended), is rejected (TerminateRejected) and changes nothing.
// Timeline actions draw each of the fleet's game sessions with probability
// Share; TerminateOlderThan is checked every PolicyCheckInterval against
// the time since placement.
//
// Spot (FleetConfig.Spot), per instance pool, each with its own streams.
// Viability: a pool alternates viable and not-viable periods, exponential
// with means ViableMean and NotViableMean (NotViableMean 0: always viable),
// from its stationary state at t=0. When a FleetIQ pool stops being viable
// its Spot instances go DRAINING: launching ones are cancelled, ACTIVE ones
// take no claim unless the claim allows DRAINING and end when they hold no
// session ("nonviable Spot Instances are terminated after current
// gameplay ends", F2; F3), and their replacements launch as above; when a
// pool is viable again, a SPOT_PREFERRED group with RebalanceToSpot drains
// its On-Demand instances the same way (FallbackDrains). A managed Spot
// fleet's instances run on. Interruptions: each ACTIVE Spot
// instance is interrupted on its own at InterruptionRatePerHour, and a
// correlated reclaim (ReclaimRatePerHour per pool) interrupts
// floor(ReclaimShare × n + U) of the pool's n ACTIVE Spot instances not
// already interrupted, U uniform, at one instant. An interrupted instance
// is reclaimed Notice (120 s, G7) later; its notice comes at once, late by
// LateNoticeDelay (LateNoticeShare; a notice later than the reclaim is
// missing) or never (MissingNoticeShare; G7: it "can arrive late or not at
// all"). At the notice its processes get OnProcessTerminate, it is
// SPOT_TERMINATING (no new sessions) and a replacement launches (the
// desired count is unchanged); without one it takes sessions until the
// reclaim and is replaced then. At the reclaim its sessions end
// TERMINATED, INTERRUPTED (UnwarnedSessions: those whose process got no
// OnProcessTerminate) and Interruptions counts it. Requeue: the players of
// each game session the reclaim ends in play (ACTIVATING or ACTIVE) request
// placement again with RequeueShare, RequeueDelay later, through their
// demand's queue or FleetIQ group: a new request with a fresh game length,
// drawn from the demand's own "requeue" stream (RequeuedRequests,
// RequeuedPlayers, RequeuedPlayersPlaced at the interrupted location).
//
// Ending games (S003). A game instance expires when it has not been
// accessed for StaleExpiry: play starts with an access and is accessed
// every AccessInterval (0: never during play). A game whose accesses are
// further apart than StaleExpiry expires in play, StaleExpiry after it
// started (ExpiredInPlay). At the end of play the end signal is lost with
// LostEndShare: the game instance is stale (StaleGameInstanceSeconds) until
// StaleExpiry after its last access, then expires. By default the game
// keeps its process meanwhile (ExpiredGameSeconds accrues, not
// ActiveSessionSeconds); with LostEndFreesProcess the process is freed at
// the end of play. Expired games end TERMINATED with capsim's reason
// ReasonExpired (S003's EXPIRED), counted in ExpiredGames, not among normal
// ends. DisableStaleExpiration turns expiry off: stale games linger to the
// horizon (or the end of their instance). With DuplicateEndShare the
// signal arrives again DuplicateEndDelay later; it names the session by
// record and generation, finds it ended and changes nothing
// (DuplicateEnds).
//
// Scaling, in capacity units. Target tracking runs every
// EvaluationInterval (see location.targetInstances), the buffer every
// BufferInterval (see bufferReplicas and ValidateBuffer), none keeps
// InitialInstances (and replaces interrupted instances). Desired counts
// are clamped to
// [MinInstances, MaxInstances]; with ScaleToZero (target tracking only)
// the minimum is max(MinInstances, 1) until ScaleInAfterInactivity passes
// without a request listing the location, then 0, and a request at zero
// capacity raises the desired count to 1 at once. Each change of the
// desired count is a ScalingAction. Launches stop at or above the desired
// count (one instance may overshoot it by less than its weight). Scale-in
// never goes below it and removes launching instances, then empty ones
// (On-Demand first), then those with the fewest sessions: under
// FullProtection, and always under the buffer (Agones never removes
// allocated game servers), those drain and are removed when empty; under
// NoProtection they are removed and their sessions end TERMINATED with
// capsim's reason ReasonScaledIn (ScaleInTerminations; not FORCE_TERMINATED,
// which is the reason of a TerminateGameSession call). Scale-out first takes back
// instances draining for scale-in.
package fleets

package fleets

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

// spotGroup is a FleetIQ group of balancing bal with two instance
// definitions: "a" of weight 1 and "b" of weight 2, cheaper per capacity
// unit both on Spot (0.035 against 0.04) and On-Demand (0.09 against 0.10),
// 2 game servers per unit, target tracking at 70 % utilized, claims at
// 120 per hour for 10-minute games. Spot pools alternate viable (mean
// viable) and not viable (mean notViable; 0: always viable).
func spotGroup(bal Balancing, viable, notViable time.Duration) *Config {
	f := iqFleet("g", 0, 2, 5*time.Second)
	f.Balancing = bal
	f.Instances = []InstanceDefinition{
		{InstanceType: "a", WeightedCapacity: 1, PriceOnDemand: 0.10, PriceSpot: 0.04},
		{InstanceType: "b", WeightedCapacity: 2, PriceOnDemand: 0.18, PriceSpot: 0.07},
	}
	f.Spot = SpotConfig{ViableMean: viable, NotViableMean: notViable}
	f.Scaling = Scaling{Policy: ScalingTargetTracking, TargetPercent: 70, MinInstances: 2, MaxInstances: 60, InitialInstances: 4}
	cfg := claims(60*time.Hour, &sim.Poisson{RatePerHour: 120}, sim.Exponential{M: 10 * time.Minute}, f)
	cfg.Demands[0].ClaimRetry, cfg.Demands[0].ClaimTimeout = 5*time.Second, time.Minute
	return cfg
}

// stepAll handles every event of m to its horizon, calling check after
// each, then returns the result.
func stepAll(t *testing.T, m *model, check func(now sim.Time)) *Result {
	t.Helper()
	for m.s.Step(m.run.Horizon) {
		if m.err != nil {
			t.Fatal(m.err)
		}
		check(m.s.Now())
	}
	if err := m.s.Run(m.run.Horizon); err != nil {
		t.Fatal(err)
	}
	return m.result()
}

// noneViable reports whether no instance pool of l is viable.
func noneViable(l *location) bool {
	for k := range l.ipools {
		if l.ipools[k].viable {
			return false
		}
	}
	return true
}

// SPOT_ONLY (F2): while no Spot pool is viable the group starts no
// instance, has no usable capacity once its DRAINING instances end, and
// fulfils no claim (DRAINING servers are not claimable without the
// filter); the capacity it wanted and could not launch is measured.
func TestSpotOnlyNoCapacityWhileNotViable(t *testing.T) {
	m := build(t, spotGroup(SpotOnly, 3*time.Hour, 2*time.Hour))
	l := m.locs[0]
	var blockedEvents int
	var fulfilledBlocked int64
	last := l.res.ByStatus[PlacementFulfilled]
	r := stepAll(t, m, func(now sim.Time) {
		fulfilled := l.res.ByStatus[PlacementFulfilled]
		if noneViable(l) {
			blockedEvents++
			if l.launching != 0 || l.active != 0 {
				t.Fatalf("%v: no pool viable, yet %d launching and %d usable instances", now, l.launching, l.active)
			}
			for i := range l.insts {
				if in := &l.insts[i]; in.state == instActive && !in.replacing && !in.noticed && !in.drain {
					t.Fatalf("%v: instance %d usable while no pool is viable", now, i)
				}
			}
			fulfilledBlocked += fulfilled - last
		}
		last = fulfilled
	}).Locations[0]
	if blockedEvents == 0 {
		t.Fatal("no pool was ever not viable together: the test shows nothing")
	}
	if fulfilledBlocked != 0 {
		t.Fatalf("%d claims fulfilled while no Spot pool was viable", fulfilledBlocked)
	}
	if r.ShortCapacitySeconds <= 0 || r.NonviableDrains == 0 || r.FallbackInstanceSeconds != 0 || r.SpotInstanceSeconds != r.InstanceSeconds {
		t.Fatalf("short %v s, nonviable drains %d, fallback %v s, spot %v of %v instance-seconds",
			r.ShortCapacitySeconds, r.NonviableDrains, r.FallbackInstanceSeconds, r.SpotInstanceSeconds, r.InstanceSeconds)
	}
	t.Logf("SPOT_ONLY: %d events with no viable pool; short %.1f unit-h; timed out %d of %d claims",
		blockedEvents, r.ShortCapacitySeconds/3600, r.ByStatus[PlacementTimedOut], r.Placements)
}

// SPOT_PREFERRED (F2): with Spot always viable it never buys On-Demand;
// with viability periods it falls back to On-Demand (positive fallback
// instance-hours), is never short of capacity, and while no pool is
// viable it launches only On-Demand and uses no Spot instance of a pool
// that is not viable.
func TestSpotPreferredFallback(t *testing.T) {
	always := mustRun(t, spotGroup(SpotPreferred, 3*time.Hour, 0), 0).Locations[0]
	if always.FallbackInstanceSeconds != 0 || always.SpotInstanceSeconds != always.InstanceSeconds || always.NotViablePoolSeconds != 0 {
		t.Fatalf("always viable: fallback %v s, spot %v of %v instance-seconds, not viable %v pool-s",
			always.FallbackInstanceSeconds, always.SpotInstanceSeconds, always.InstanceSeconds, always.NotViablePoolSeconds)
	}
	m := build(t, spotGroup(SpotPreferred, 3*time.Hour, 2*time.Hour))
	l := m.locs[0]
	var blockedEvents int
	r := stepAll(t, m, func(now sim.Time) {
		for i := range l.insts {
			in := &l.insts[i]
			if in.state != instFree && in.spot && !l.ipools[in.pool].viable && !in.replacing && !in.noticed {
				t.Fatalf("%v: Spot instance %d of a pool that is not viable is %d, not DRAINING", now, i, in.state)
			}
		}
		if noneViable(l) {
			blockedEvents++
		}
	}).Locations[0]
	if blockedEvents == 0 || r.FallbackInstanceSeconds <= 0 || r.ShortCapacitySeconds != 0 {
		t.Fatalf("events with no viable pool %d, fallback %v s, short %v s", blockedEvents, r.FallbackInstanceSeconds, r.ShortCapacitySeconds)
	}
	t.Logf("SPOT_PREFERRED: fallback %.1f of %.1f instance-h; timed out %d of %d claims",
		r.FallbackInstanceSeconds/3600, r.InstanceSeconds/3600, r.ByStatus[PlacementTimedOut], r.Placements)

	// RebalanceToSpot: while any pool is viable no On-Demand instance is
	// usable or launching (the fallback is drained once Spot is back),
	// and the fallback instance-hours shrink.
	cfg := spotGroup(SpotPreferred, 3*time.Hour, 2*time.Hour)
	cfg.Fleets[0].Spot.RebalanceToSpot = true
	m = build(t, cfg)
	l = m.locs[0]
	back := stepAll(t, m, func(now sim.Time) {
		if noneViable(l) {
			return
		}
		for i := range l.insts {
			if in := &l.insts[i]; !in.spot && (in.state == instLaunching || l.usable(int32(i))) {
				t.Fatalf("%v: a Spot pool is viable, yet On-Demand instance %d is %d and usable", now, i, in.state)
			}
		}
	}).Locations[0]
	if back.FallbackDrains == 0 || back.FallbackInstanceSeconds >= r.FallbackInstanceSeconds || back.FallbackInstanceSeconds <= 0 {
		t.Fatalf("rebalance: %d fallback drains, fallback %v s (without rebalance %v s)", back.FallbackDrains,
			back.FallbackInstanceSeconds, r.FallbackInstanceSeconds)
	}
	t.Logf("SPOT_PREFERRED with rebalance: fallback %.1f instance-h, %d drained back", back.FallbackInstanceSeconds/3600, back.FallbackDrains)
}

// Weighted capacity (F7): capacity counts units; the pool cheapest per
// unit is launched (b, weight 2, on Spot and under ON_DEMAND_ONLY alike),
// 5 units take 3 instances of weight 2 (never a whole instance too many),
// each with 2 × ProcessesPerInstance game servers.
func TestWeightedCapacity(t *testing.T) {
	for _, bal := range []Balancing{SpotOnly, OnDemandOnly} {
		cfg := spotGroup(bal, 0, 0)
		f := &cfg.Fleets[0]
		f.Scaling = Scaling{Policy: ScalingNone, InitialInstances: 5}
		cfg.Demands[0].Arrivals = trace(100 * time.Hour)
		m := build(t, cfg)
		l := m.locs[0]
		if l.have() != 6 || l.active != 3 || l.stride != 4 {
			t.Fatalf("%s: %d units in %d instances, stride %d; want 6 in 3, stride 4", bal, l.have(), l.active, l.stride)
		}
		for i := range l.insts {
			if in := &l.insts[i]; in.pool != 1 || in.spot != (bal == SpotOnly) {
				t.Fatalf("%s: instance %d of pool %d spot %v", bal, i, in.pool, in.spot)
			}
		}
		r := stepAll(t, m, func(sim.Time) {}).Locations[0]
		hours := cfg.Horizon.Hours()
		if math.Abs(r.InstanceSeconds/3600-3*hours) > 1e-6 || math.Abs(r.ProcessSlotSeconds/3600-12*hours) > 1e-6 {
			t.Fatalf("%s: %v instance-h and %v slot-h, want %v and %v", bal, r.InstanceSeconds/3600, r.ProcessSlotSeconds/3600, 3*hours, 12*hours)
		}
		price := 0.07
		if bal == OnDemandOnly {
			price = 0.18
		}
		if want := 3 * hours * price; math.Abs(r.CostUSD-want) > 1e-9 {
			t.Fatalf("%s: cost %v, want %v", bal, r.CostUSD, want)
		}
	}
}

// spotFleet is a managed Spot fleet of n fixed instances of P processes
// behind a queue (10-minute timeout) with Spot behaviour sp.
func spotFleet(n, P int, sp SpotConfig, horizon time.Duration, arrivals sim.Arrivals, length sim.Dist) *Config {
	f := managedFleet("f", n, P)
	f.CapacityType, f.Spot = Spot, sp
	return viaQueue(horizon, 10*time.Minute, arrivals, length, f)
}

// A correlated reclaim takes floor(share × n + U) of the pool's n Spot
// instances at one instant: 20 instances, share 0.33: 6 or 7, 6.6 on
// average over replications (within 4 standard errors); every one is
// reclaimed Notice later at the same instant, whatever its notice, and its
// sessions end INTERRUPTED then.
func TestCorrelatedReclaimShare(t *testing.T) {
	const n, share, reps = 20, 0.33, 400
	sp := SpotConfig{ReclaimShare: share, LateNoticeShare: 0.3, MissingNoticeShare: 0.3, LateNoticeDelay: sim.Fixed{D: 30 * time.Second}}
	at := sim.At(time.Hour)
	var sum, sumSq float64
	for rep := range reps {
		cfg := spotFleet(n, 1, sp, 10*time.Hour, every(0, time.Second, n), sim.Fixed{D: 9 * time.Hour})
		m, err := newModel(cfg, rep, Options{CheckInvariants: rep < 5})
		if err != nil {
			t.Fatal(err)
		}
		l := m.locs[0]
		runTo(t, m, at.Duration())
		l.correlatedReclaim(m, 0, at)
		k := 0
		for i := range l.insts {
			if in := &l.insts[i]; in.state == instActive && in.reclaimAt != sim.Never {
				k++
				if in.reclaimAt != at.Add(DefaultSpotNotice) || !in.correlated {
					t.Fatalf("rep %d: instance %d reclaimed at %v (correlated %v), want %v", rep, i, in.reclaimAt, in.correlated, at.Add(DefaultSpotNotice))
				}
			}
		}
		if k != 6 && k != 7 {
			t.Fatalf("rep %d: %d of %d instances taken, want 6 or 7", rep, k, n)
		}
		runJust(t, m, (at.Add(DefaultSpotNotice)).Duration())
		if got := l.res.Terminations[ReasonInterrupted]; got != 0 {
			t.Fatalf("rep %d: %d sessions interrupted before the reclaim instant", rep, got)
		}
		runTo(t, m, (at.Add(DefaultSpotNotice)).Duration())
		if r := &l.res; r.Interruptions != int64(k) || r.CorrelatedInterruptions != int64(k) || r.Terminations[ReasonInterrupted] != int64(k) || r.ReclaimEvents != 1 {
			t.Fatalf("rep %d: %d reclaimed (%d correlated, %d events), %d sessions interrupted; want %d at one instant",
				rep, r.Interruptions, r.CorrelatedInterruptions, r.ReclaimEvents, r.Terminations[ReasonInterrupted], k)
		}
		sum += float64(k)
		sumSq += float64(k * k)
	}
	mean := sum / reps
	se := math.Sqrt((sumSq/reps - mean*mean) / (reps - 1))
	if want := share * n; math.Abs(mean-want) > 4*se {
		t.Fatalf("mean taken %.3f, want %.3f ± %.3f", mean, want, 4*se)
	}
	t.Logf("mean taken %.3f (want %.2f, se %.3f)", mean, share*n, se)
}

// Notices (G7): each interruption's notice is late with LateNoticeShare
// and missing with MissingNoticeShare (shares within 4 standard errors of
// the interruptions); a late notice that would come after the reclaim is
// missing. Sessions are counted as cut without OnProcessTerminate only
// where no notice came: none when every notice comes (late or not), all
// interrupted ones when none does.
func TestNoticeFates(t *testing.T) {
	for _, c := range []struct {
		name                 string
		lateShare, missShare float64
		delay                time.Duration
		late, missing        float64 // expected shares
	}{
		{"late 30s", 0.3, 0.2, 30 * time.Second, 0.3, 0.2},
		{"late beyond the reclaim", 0.3, 0.2, 3 * time.Minute, 0, 0.5},
		{"every notice comes", 0.5, 0, 30 * time.Second, 0.5, 0},
		{"no notice comes", 0, 1, 0, 0, 1},
	} {
		sp := SpotConfig{InterruptionRatePerHour: 0.5, LateNoticeShare: c.lateShare, MissingNoticeShare: c.missShare, LateNoticeDelay: sim.Fixed{D: c.delay}}
		cfg := spotFleet(30, 2, sp, 100*time.Hour, &sim.Poisson{RatePerHour: 150}, sim.Exponential{M: 20 * time.Minute})
		r := mustRun(t, cfg, 0).Locations[0]
		n := float64(r.Interruptions)
		for _, s := range []struct {
			what string
			got  int64
			want float64
		}{{"late", r.LateNotices, c.late}, {"missing", r.MissingNotices, c.missing}} {
			if se := math.Sqrt(math.Max(s.want*(1-s.want), 0.01) / n); math.Abs(float64(s.got)/n-s.want) > 4*se {
				t.Errorf("%s: %s notices %d of %d, want a share of %.2f ± %.3f", c.name, s.what, s.got, r.Interruptions, s.want, 4*se)
			}
		}
		interrupted := r.Terminations[ReasonInterrupted]
		switch {
		case interrupted == 0:
			t.Errorf("%s: no session interrupted", c.name)
		case c.missing == 0 && r.UnwarnedSessions != 0, c.missing == 1 && r.UnwarnedSessions != interrupted,
			c.missing > 0 && r.UnwarnedSessions == 0:
			t.Errorf("%s: %d of %d interrupted sessions cut without OnProcessTerminate", c.name, r.UnwarnedSessions, interrupted)
		}
		t.Logf("%s: %d interruptions, %d late, %d missing, %d of %d sessions cut unwarned", c.name, r.Interruptions,
			r.LateNotices, r.MissingNotices, r.UnwarnedSessions, interrupted)
	}
}

// A missing notice: the instance keeps taking game sessions until the
// reclaim (nothing warns it), its replacement launches only then, and its
// sessions end INTERRUPTED without OnProcessTerminate.
func TestMissingNotice(t *testing.T) {
	sp := SpotConfig{InterruptionRatePerHour: 0.5, MissingNoticeShare: 1}
	cfg := spotFleet(1, 3, sp, 20*time.Hour, every(0, time.Second, 2), sim.Fixed{D: 19 * time.Hour})
	m := build(t, cfg)
	l := m.locs[0]
	at := l.insts[0].interruptAt
	if at == sim.Never || at < sim.At(time.Minute) {
		t.Fatalf("seed gives no usable interruption (at %v)", at)
	}
	runTo(t, m, at.Duration())
	reclaim := at.Add(DefaultSpotNotice)
	if in := &l.insts[0]; in.noticed || !l.usable(0) || in.reclaimAt != reclaim || l.launching != 0 {
		t.Fatalf("at the missing notice: noticed %v usable %v reclaim %v launching %d", in.noticed, l.usable(0), in.reclaimAt, l.launching)
	}
	// A third request in the window is placed on the doomed instance.
	id := m.newRequest(&m.demands[0], m.demands[0].rng, time.Hour, at.Add(time.Second))
	m.route(id, &m.demands[0], m.demands[0].rngDirect, at.Add(time.Second))
	if s := &m.sessions.Items[id]; s.phase != phPlaced || s.loc != 0 {
		t.Fatal("a request in the notice window was not placed on the instance that got no notice")
	}
	runTo(t, m, reclaim.Duration())
	r := &l.res
	if r.MissingNotices != 1 || r.UnwarnedSessions != 3 || r.Terminations[ReasonInterrupted] != 3 || l.launching != 1 {
		t.Fatalf("missing %d, unwarned %d, interrupted %d, launching %d; want 1, 3, 3, 1", r.MissingNotices, r.UnwarnedSessions,
			r.Terminations[ReasonInterrupted], l.launching)
	}
}

// Interrupted players return (requeue): with RequeueShare 1 every game
// session a reclaim ends in play becomes a new request RequeueDelay later
// (those falling past the horizon excepted), counted with its players,
// and the players of those FULFILLED are counted as placed; with share
// 0.5 half of them, within 4 standard errors. The demand's own arrivals
// are the same with or without requeues (common random numbers).
func TestRequeue(t *testing.T) {
	const delay = 10 * time.Second
	run := func(share float64) (LocationResult, []SessionRecord, time.Duration) {
		sp := SpotConfig{InterruptionRatePerHour: 0.3, RequeueShare: share, RequeueDelay: sim.Fixed{D: delay}}
		cfg := spotFleet(10, 4, sp, 50*time.Hour, &sim.Poisson{RatePerHour: 60}, sim.Fixed{D: 20 * time.Minute})
		var recs []SessionRecord
		r, err := Run(cfg, 0, Options{CheckInvariants: true, OnSessionEnd: func(r SessionRecord) { recs = append(recs, r) }})
		if err != nil {
			t.Fatal(err)
		}
		return r.Locations[0], recs, cfg.Horizon
	}
	full, recs, horizon := run(1)
	var want, placed int64
	for _, rec := range recs {
		if rec.Reason == ReasonInterrupted && rec.EndSeconds+delay.Seconds() < horizon.Seconds() {
			want++
		}
		if rec.Requeued && rec.Placement == PlacementFulfilled {
			placed++
		}
	}
	// Records come at a game's end: a requeued game still running at the
	// horizon is placed but has none.
	if want == 0 || full.RequeuedRequests != want || full.RequeuedPlayers != 4*want ||
		full.RequeuedPlayersPlaced < 4*placed || full.RequeuedPlayersPlaced > 4*want || placed < want*9/10 {
		t.Fatalf("requeued %d requests (%d players, %d placed), want %d (%d players, at least %d placed)",
			full.RequeuedRequests, full.RequeuedPlayers, full.RequeuedPlayersPlaced, want, 4*want, 4*placed)
	}
	half, recsHalf, _ := run(0.5)
	if se := math.Sqrt(0.25 / float64(want)); math.Abs(float64(half.RequeuedRequests)/float64(want)-0.5) > 4*se {
		t.Fatalf("share 0.5 requeued %d of about %d", half.RequeuedRequests, want)
	}
	none, recsNone, _ := run(0)
	if none.RequeuedRequests != 0 || none.RequeuedPlayers != 0 {
		t.Fatalf("share 0 requeued %d", none.RequeuedRequests)
	}
	arrivals := func(rs []SessionRecord) []float64 {
		var out []float64
		for _, r := range rs {
			if !r.Requeued && r.ArrivalSeconds < horizon.Seconds()-3600 {
				out = append(out, r.ArrivalSeconds)
			}
		}
		slices.Sort(out)
		return out
	}
	if a, b, c := arrivals(recs), arrivals(recsHalf), arrivals(recsNone); !slices.Equal(a, b) || !slices.Equal(a, c) || len(a) == 0 {
		t.Fatalf("the demand's own arrivals differ with requeues: %d, %d, %d requests", len(a), len(b), len(c))
	}
}

// Theory: a pool's viability is an alternating renewal process with
// exponential periods of means V and N (a two-state Markov chain), so the
// long-run share of time not viable is N/(V+N) and pools enter it at rate
// 1/(V+N). Over T hours the share's variance is about 2p(1−p)τ/T with
// τ = VN/(V+N) (the chain's correlation time): the replications' spread
// must match that within a factor of two, and the mean share and period
// count their expectations within 4 standard errors.
func TestTheoryViabilityShare(t *testing.T) {
	const reps, V, N, T = 10, 3.0, 1.0, 4000.0
	cfg := spotGroup(SpotPreferred, time.Duration(V*float64(time.Hour)), time.Duration(N*float64(time.Hour)))
	cfg.Horizon = time.Duration(T * float64(time.Hour))
	cfg.Fleets[0].Scaling = Scaling{Policy: ScalingNone, InitialInstances: 1}
	cfg.Demands[0].Arrivals = trace(time.Minute)
	var shares, periods []float64
	for rep := range reps {
		r, err := Run(cfg, rep, Options{})
		if err != nil {
			t.Fatal(err)
		}
		l := r.Locations[0]
		if l.SpotPoolSeconds != 2*T*3600 {
			t.Fatalf("pool-seconds %v, want %v", l.SpotPoolSeconds, 2*T*3600)
		}
		shares = append(shares, l.NotViablePoolSeconds/l.SpotPoolSeconds)
		periods = append(periods, float64(l.NotViablePeriods)/2)
	}
	p, tau := N/(V+N), V*N/(V+N)
	meanShare, sdShare := meanSD(shares)
	theorySD := math.Sqrt(2 * p * (1 - p) * tau / T / 2) // two pools per replication
	if math.Abs(meanShare-p) > 4*sdShare/math.Sqrt(reps) || sdShare > 2*theorySD || sdShare < theorySD/2 {
		t.Fatalf("not-viable share %.4f ± sd %.4f, want %.4f, sd about %.4f", meanShare, sdShare, p, theorySD)
	}
	meanPeriods, sdPeriods := meanSD(periods)
	if want := T / (V + N); math.Abs(meanPeriods-want) > 4*sdPeriods/math.Sqrt(reps) {
		t.Fatalf("not-viable periods %.1f per pool, want %.1f (sd %.1f)", meanPeriods, want, sdPeriods)
	}
	t.Logf("share %.4f (theory %.4f), sd %.4f (theory %.4f); periods %.1f per pool (theory %.1f)", meanShare, p, sdShare, theorySD, meanPeriods, T/(V+N))
}

func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)-1))
}

// Common random numbers: adding an instance pool does not shift another
// pool's viability draws: pools a and b switch at the same instants with
// and without a third definition.
func TestPoolStreamsIndependent(t *testing.T) {
	switches := func(cfg *Config) map[string][]sim.Time {
		m := build(t, cfg)
		l := m.locs[0]
		prev := make([]bool, len(l.ipools))
		for k := range l.ipools {
			prev[k] = l.ipools[k].viable
		}
		out := map[string][]sim.Time{}
		stepAll(t, m, func(now sim.Time) {
			for k := range l.ipools {
				if ip := &l.ipools[k]; ip.viable != prev[k] {
					prev[k] = ip.viable
					out[ip.def.InstanceType] = append(out[ip.def.InstanceType], now)
				}
			}
		})
		return out
	}
	two := spotGroup(SpotOnly, 3*time.Hour, time.Hour)
	three := spotGroup(SpotOnly, 3*time.Hour, time.Hour)
	three.Fleets[0].Instances = append(three.Fleets[0].Instances, InstanceDefinition{InstanceType: "c", WeightedCapacity: 4, PriceOnDemand: 0.3, PriceSpot: 0.1})
	a, b := switches(two), switches(three)
	for _, typ := range []string{"a", "b"} {
		if len(a[typ]) < 10 || !slices.Equal(a[typ], b[typ]) {
			t.Fatalf("pool %s switched %d times with two pools, %d with three, or at other instants", typ, len(a[typ]), len(b[typ]))
		}
	}
	if len(b["c"]) == 0 {
		t.Fatal("the third pool never switched")
	}
}

// A managed Spot fleet (capacity type SPOT) launches nothing while its
// pool is not viable and its running instances run on (no DRAINING: that
// is FleetIQ's); the capacity it could not launch is measured.
func TestManagedSpotNotViable(t *testing.T) {
	f := managedFleet("f", 4, 4)
	f.CapacityType = Spot
	f.Spot = SpotConfig{ViableMean: 3 * time.Hour, NotViableMean: 2 * time.Hour, InterruptionRatePerHour: 0.2}
	f.Scaling = Scaling{Policy: ScalingTargetTracking, TargetPercent: 20, MinInstances: 1, MaxInstances: 30, InitialInstances: 4}
	cfg := viaQueue(60*time.Hour, 5*time.Minute, &sim.Poisson{RatePerHour: 90}, sim.Exponential{M: 20 * time.Minute}, f)
	m := build(t, cfg)
	l := m.locs[0]
	since, blocked := sim.Never, 0
	r := stepAll(t, m, func(now sim.Time) {
		if l.ipools[0].viable {
			since = sim.Never
			return
		}
		if since == sim.Never {
			since = now
		}
		blocked++
		for i := range l.insts {
			in := &l.insts[i]
			if in.state == instLaunching && in.launchedAt >= since {
				t.Fatalf("%v: instance %d launched at %v, while the pool is not viable since %v", now, i, in.launchedAt, since)
			}
			if in.replacing {
				t.Fatalf("%v: a managed fleet's instance %d is DRAINING", now, i)
			}
		}
	}).Locations[0]
	if blocked == 0 || r.ShortCapacitySeconds <= 0 || r.NonviableDrains != 0 || r.FallbackInstanceSeconds != 0 {
		t.Fatalf("events not viable %d, short %v s, drains %d, fallback %v s", blocked, r.ShortCapacitySeconds, r.NonviableDrains, r.FallbackInstanceSeconds)
	}
}

package streams

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/capsim/capsim/sim"
)

// clientConfig is ample always-on capacity (every request placed at
// once) under clients that do everything often: no-shows, slow connects,
// internal errors, crashes, walking away, disconnections and reconnections,
// a session length limit. Placement is at arrival, so each session's
// lifecycle from placement is an independent draw of the client model.
func clientConfig() *Config {
	svc := fixedService()
	svc.SessionStartDelay = sim.Fixed{D: 10 * time.Second}
	svc.TerminatingDuration, svc.ReconnectingDuration = 5*time.Second, 2*time.Second
	svc.IdleTimeout, svc.InternalErrorProbability = 5*time.Minute, 0.03
	return &Config{
		Horizon: 150 * time.Hour, Seed: 11, Service: svc,
		Groups: []GroupConfig{{Name: "g", Class: Class{Name: "test", Tenancy: 1, OS: Linux},
			Locations: []LocationConfig{{Name: "here", AlwaysOn: 2000, PriceUSDPerHour: 1}}}},
		Demands: []DemandConfig{{Name: "d", Arrivals: &Poisson{RatePerHour: 800},
			SessionLength: sim.Exponential{M: 20 * time.Minute},
			Client: Client{ConnectDelay: sim.Exponential{M: 20 * time.Second}, NoShowProbability: 0.05,
				DisconnectRatePerHour: 1.5, ReconnectProbability: 0.7, ReconnectDelay: sim.Exponential{M: 30 * time.Second},
				AFKRatePerHour: 1, CrashRatePerHour: 0.5, EndReason: ReasonAPITerminated,
				ConnectionTimeout: time.Minute, SessionLengthLimit: 50 * time.Minute}}},
	}
}

// referenceSession plays one session of cfg's client from its placement
// (time 0) step by step, one clock per behaviour as the API text
// describes it: crash and walking away timed from the first connection,
// disconnection from each connection, reconnection within the connection
// timeout or never. It returns the session's end reason and its time from
// placement to TERMINATED or ERROR, and whether the client connected.
func referenceSession(cfg *Config, r *rand.Rand) (Reason, time.Duration, bool) {
	svc, cl := &cfg.Service, &cfg.Demands[0].Client
	exp := func(ratePerHour float64) time.Duration {
		if ratePerHour <= 0 {
			return time.Duration(math.MaxInt64)
		}
		return time.Duration(r.ExpFloat64() / ratePerHour * float64(time.Hour))
	}
	never := time.Duration(math.MaxInt64)
	maxEnd := cl.SessionLengthLimit
	active := svc.SessionStartDelay.Sample(r)
	end := func(at time.Duration, why Reason) (Reason, time.Duration) {
		if maxEnd < at {
			return ReasonMaxSessionLengthTimeout, maxEnd + svc.TerminatingDuration
		}
		if why == ReasonInternalError {
			return why, at
		}
		return why, at + svc.TerminatingDuration
	}
	if r.Float64() < svc.InternalErrorProbability {
		why, at := end(active, ReasonInternalError)
		return why, at, false
	}
	connectDelay := cl.ConnectDelay.Sample(r)
	if r.Float64() < cl.NoShowProbability || connectDelay >= cl.ConnectionTimeout {
		why, at := end(active+cl.ConnectionTimeout, ReasonConnectionTimeout)
		return why, at, false
	}
	connect := active + connectDelay
	if maxEnd < connect {
		why, at := end(connect, ReasonNone)
		return why, at, false
	}
	playEnd := connect + cfg.Demands[0].SessionLength.Sample(r)
	crashAt, idleEnd := connect+exp(cl.CrashRatePerHour), never
	if afk := connect + exp(cl.AFKRatePerHour); afk < playEnd {
		playEnd, idleEnd = never, afk+svc.IdleTimeout
	}
	next, step := connect+exp(cl.DisconnectRatePerHour), wDisconnect
	for {
		at, w := next, step
		for _, c := range []struct {
			at time.Duration
			w  uint8
		}{{maxEnd, wMaxLength}, {playEnd, wPlayEnd}, {crashAt, wCrash}, {idleEnd, wIdle}} {
			if c.at < at {
				at, w = c.at, c.w
			}
		}
		switch w {
		case wDisconnect:
			next, step = at+cl.ConnectionTimeout, wReconnectionTimeout
			if r.Float64() < cl.ReconnectProbability {
				if dl := cl.ReconnectDelay.Sample(r); dl < cl.ConnectionTimeout {
					next, step = at+dl, wReconnectStart
				}
			} else {
				playEnd = never
			}
		case wReconnectStart:
			next, step = at+svc.ReconnectingDuration, wReconnected
		case wReconnected:
			next, step = at+exp(cl.DisconnectRatePerHour), wDisconnect
		case wPlayEnd:
			return cl.EndReason, at + svc.TerminatingDuration, true
		default:
			return endReasons[w], at + svc.TerminatingDuration, true
		}
	}
}

// TestClientLifecycleMatchesReference: the model's sessions end for each
// reason as often as the reference's (200,000 sessions played step by
// step, an independent stream), hold their slot as long on average, and
// connect as often; within 4.5 standard errors of the difference. The
// model plans most steps at placement and draws the competing client
// clocks as one (drawClient); the reference draws every clock.
func TestClientLifecycleMatchesReference(t *testing.T) {
	cfg := clientConfig()
	horizon := cfg.Horizon.Seconds()
	model := map[Reason]float64{}
	var n, sum, sumSq float64
	// (invariants are checked on this client by TestClientLifecycleInvariants)
	res, err := Run(cfg, 0, Options{OnSessionEnd: func(rec SessionRecord) {
		// every session arriving an hour before the horizon has ended (the
		// length limit is 50 minutes): none is left out for being long
		if rec.ArrivalSeconds >= horizon-3600 {
			return
		}
		hold := rec.EndSeconds - rec.PlacedSeconds
		model[rec.Reason]++
		n, sum, sumSq = n+1, sum+hold, sumSq+hold*hold
	}})
	if err != nil {
		t.Fatal(err)
	}
	l := res.Locations[0]
	if l.Latency.Max() != 0 {
		t.Fatalf("a request waited %g s: capacity is meant to be ample", l.Latency.Max())
	}
	r := rand.New(rand.NewPCG(1, 2))
	ref := map[Reason]float64{}
	const refN = 200_000
	var rsum, rsumSq, rconnected float64
	for range refN {
		why, hold, connected := referenceSession(cfg, r)
		ref[why]++
		h := hold.Seconds()
		rsum, rsumSq = rsum+h, rsumSq+h*h
		if connected {
			rconnected++
		}
	}
	for why := ReasonNone; why < NumReasons; why++ {
		p1, p2 := model[why]/n, ref[why]/refN
		p := (model[why] + ref[why]) / (n + refN)
		if se := math.Sqrt(p * (1 - p) * (1/n + 1/refN)); math.Abs(p1-p2) > 4.5*se {
			t.Errorf("%v: %.4f of the model's sessions, %.4f of the reference's (± %.4f at 4.5 SE)", why, p1, p2, 4.5*se)
		}
	}
	m1, m2 := sum/n, rsum/refN
	v1, v2 := sumSq/n-m1*m1, rsumSq/refN-m2*m2
	if se := math.Sqrt(v1/n + v2/refN); math.Abs(m1-m2) > 4.5*se {
		t.Errorf("mean slot holding %.2f s in the model, %.2f s in the reference (± %.2f at 4.5 SE)", m1, m2, 4.5*se)
	}
	// Every session placed: the share that reached the first frame.
	f1, f2 := float64(l.TimeToFirstFrame.Count())/float64(l.Placed), rconnected/refN
	if se := math.Sqrt(f2 * (1 - f2) * (1/float64(l.Placed) + 1/refN)); math.Abs(f1-f2) > 4.5*se {
		t.Errorf("first frame reached by %.4f of the model's sessions, %.4f of the reference's", f1, f2)
	}
	t.Logf("%.0f model sessions; reasons %v (reference %v)", n, model, ref)
}

// TestClientLifecycleInvariants runs the busy client of clientConfig on
// scarce capacity (requests wait, some time out, instances come and go),
// with a location removed and sessions terminated by the timeline, and
// checks the model's invariants after every event.
func TestClientLifecycleInvariants(t *testing.T) {
	cfg := clientConfig()
	cfg.Horizon = 6 * time.Hour
	cfg.Service.PlacementTimeoutAlwaysOn, cfg.Service.PlacementTimeoutOnDemandLinux = 75*time.Second, 90*time.Second
	cfg.Groups[0].Locations = []LocationConfig{{Name: "here", AlwaysOn: 40, TargetIdle: 10, Maximum: 100, PriceUSDPerHour: 1},
		{Name: "there", AlwaysOn: 20, Maximum: 40, PriceUSDPerHour: 1}}
	cfg.Demands[0].Locations = []string{"here", "there"}
	cfg.Timeline = []Action{{At: 2 * time.Hour, Kind: TerminateStreamSession, Share: 0.5},
		{At: 3 * time.Hour, Kind: RemoveStreamGroupLocations, Names: []string{"there"}},
		{At: 4 * time.Hour, Kind: TerminateStreamSession, Share: 0.3, Names: []string{"here"}}}
	reasons := map[Reason]int{}
	runOne(t, cfg, func(rec SessionRecord) { reasons[rec.Reason]++ })
	// Every path was taken.
	for _, why := range []Reason{ReasonPlacementTimeout, ReasonInternalError, ReasonAPITerminated, ReasonApplicationExit,
		ReasonConnectionTimeout, ReasonReconnectionTimeout, ReasonMaxSessionLengthTimeout, ReasonIdleTimeout, ReasonLocationRemoved} {
		if reasons[why] == 0 {
			t.Errorf("no session ended %v: %v", why, reasons)
		}
	}
}

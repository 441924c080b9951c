package plots

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/models/fleets"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
)

// fleetSynthOptions selects the degenerate cases of a synthetic fleet run.
type fleetSynthOptions struct {
	replications int
	synthSpan
	noRequests  bool // no demand at all: nothing placed, nothing scaled
	noSummaries bool // figures without summaries (no cost estimate)
}

var defaultFleetSynth = fleetSynthOptions{replications: 3, synthSpan: defaultSpan}

// fleetLoc is one synthetic fleet location.
type fleetLoc struct {
	fleet, location string
	kind            fleets.Kind
	scale, phase    float64 // demand scale, peak hour shift
	procs           int     // processes per instance
	minInst         int
	price           float64 // USD per instance-hour
}

var synthFleetLocs = []fleetLoc{
	{"arena", "us-east-1", fleets.KindEC2, 1, 0, 2, 2, 0.5},
	{"arena", "eu-west-1", fleets.KindEC2, 0.6, -6, 2, 2, 0.55},
	{"lobby", "us-east-1", fleets.KindFleetIQ, 0.35, 3, 4, 1, 0.4},
}

// synthFleetResults simulates, crudely, target tracking on a daily
// sinusoidal demand: game sessions follow the demand (20-minute games),
// the desired count keeps 25% of the processes idle and the instances
// follow it a bucket later; fixed-seed PCG noise per replication.
func synthFleetResults(o fleetSynthOptions) []*fleets.Result {
	n := int(o.hours * 3600 / o.stepSeconds)
	rng := rand.New(rand.NewPCG(3, 4))
	warmBuckets := int(o.warmupSeconds / o.stepSeconds)
	var rs []*fleets.Result
	for range o.replications {
		r := &fleets.Result{}
		for _, fl := range synthFleetLocs {
			ts := sim.NewTimeseries(o.stepSeconds, fleets.RowWidth, n)
			l := fleets.LocationResult{Fleet: fl.fleet, Location: fl.location, Kind: fl.kind, Latency: sim.NewSketch(), Timeseries: ts}
			noise := 1 + 0.06*rng.NormFloat64()
			inst := float64(fl.minInst)
			prevDesired := inst
			for k := range n {
				h := float64(k) * o.stepSeconds / 3600
				perHour := fl.scale * noise * (90 + 70*math.Sin(2*math.Pi*(h-9-fl.phase)/24))
				if o.noRequests {
					perHour = 0
				}
				req := math.Max(0, math.Round(perHour*o.stepSeconds/3600+rng.NormFloat64()))
				if o.noRequests {
					req = 0
				}
				active := math.Max(0, perHour/3) // 20-minute games
				desired := math.Max(float64(fl.minInst), math.Ceil(active/0.75/float64(fl.procs)))
				scaling := 0.0
				if desired != prevDesired {
					scaling = 1
				}
				active = math.Min(active, inst*float64(fl.procs))
				row := [fleets.RowWidth]float64{fleets.ColInstances: inst, fleets.ColActive: active,
					fleets.ColIdle: inst*float64(fl.procs) - active, fleets.ColDesired: desired,
					fleets.ColRequests: req, fleets.ColScaling: scaling}
				ts.WriteRow(k, row[:])
				if k >= warmBuckets {
					l.Placements += int64(req)
					l.InstanceSeconds += inst * o.stepSeconds
					l.ProcessSlotSeconds += inst * float64(fl.procs) * o.stepSeconds
					l.ActiveSessionSeconds += active * o.stepSeconds
					l.IdleProcessSeconds += (inst*float64(fl.procs) - active) * o.stepSeconds
					l.ScalingActions += int64(scaling)
					l.MaxInstances = max(l.MaxInstances, int64(inst))
					c := inst * fl.price * o.stepSeconds / 3600
					l.CostUSD += c
					l.IdleCostUSD += c * (inst*float64(fl.procs) - active) / (inst * float64(fl.procs))
				}
				prevDesired, inst = desired, desired // instances follow a bucket later
			}
			for range l.Placements {
				if rng.Float64() < 0.7 {
					l.Latency.Add(0.2 + 0.3*rng.Float64())
				} else {
					l.Latency.Add(60 + 40*rng.Float64())
				}
			}
			l.ByStatus[fleets.PlacementFulfilled] = l.Placements
			r.Locations = append(r.Locations, l)
		}
		rs = append(rs, r)
	}
	return rs
}

func synthFleetFigures(t *testing.T, o fleetSynthOptions) *reports.FleetFigures {
	t.Helper()
	o.synthSpan = o.orDefault()
	rs := synthFleetResults(o)
	sum, err := reports.NewSummary(reports.Meta{HorizonSeconds: o.hours * 3600, WarmupSeconds: o.warmupSeconds}, nil, rs)
	testutil.NoErr(t, err)
	fs := sum.Fleets
	if o.noSummaries {
		fs = nil
	}
	f, err := reports.NewFleetFigures(fs, rs, o.warmupSeconds)
	testutil.NoErr(t, err)
	return f
}

var wantFleetNames = []string{"fleet-arena-us-east-1", "fleet-arena-eu-west-1", "fleet-lobby-us-east-1", "fleet-cost"}

func TestFleets(t *testing.T) {
	ps, err := Fleets(synthFleetFigures(t, defaultFleetSynth))
	checkRendered(t, ps, err, wantFleetNames)
	for _, p := range ps {
		t.Logf("%-28s PNG %6d B  SVG %6d B", p.Name, len(p.PNG), len(p.SVG))
	}
	if !strings.Contains(ps[2].Caption, "claims per hour") || !strings.Contains(ps[0].Caption, "placement requests per hour") {
		t.Errorf("captions do not name the demand: %q / %q", ps[0].Caption, ps[2].Caption)
	}
	for _, want := range []string{"desired capacity", "scaling actions", "game sessions", "idle processes", "warm-up"} {
		if !bytes.Contains(ps[0].SVG, []byte(want)) {
			t.Errorf("%s: SVG legend lacks %q", ps[0].Name, want)
		}
	}
	for _, want := range []string{"busy cost", "idle cost", "arena/us-east-1", "lobby/us-east-1"} {
		if !bytes.Contains(ps[3].SVG, []byte(want)) {
			t.Errorf("fleet-cost: SVG lacks %q", want)
		}
	}
}

// TestFleetsGolden compares two fleet plots with the images in testdata;
// run with -update to rewrite them after an intended change.
func TestFleetsGolden(t *testing.T) {
	ps, err := Fleets(synthFleetFigures(t, defaultFleetSynth))
	testutil.NoErr(t, err)
	checkGolden(t, ps, "fleet-arena-us-east-1", "fleet-cost")
}

func TestFleetsDeterministic(t *testing.T) {
	checkDeterministic(t, func() ([]Plot, error) { return Fleets(synthFleetFigures(t, defaultFleetSynth)) })
}

func TestFleetsDegenerate(t *testing.T) {
	checkDegenerate(t, []degenerateCase[fleetSynthOptions]{
		{"single replication", fleetSynthOptions{replications: 1}},
		{"no requests", fleetSynthOptions{replications: 3, noRequests: true}},
		{"no summaries", fleetSynthOptions{replications: 2, noSummaries: true}},
		{"1-minute buckets over 2 days, no warm-up", fleetSynthOptions{replications: 2, synthSpan: synthSpan{stepSeconds: 60, hours: 48}}},
		{"everything at once, 7-minute buckets, 50 h", fleetSynthOptions{replications: 1, noRequests: true, noSummaries: true, synthSpan: synthSpan{stepSeconds: 420, hours: 50}}},
	}, func(t *testing.T, o fleetSynthOptions) ([]Plot, error) { return Fleets(synthFleetFigures(t, o)) }, wantFleetNames)
	t.Run("same fleet location twice, odd names", fleetsDegenerateSameNames)
	t.Run("no fleet locations", fleetsDegenerateNoLocations)
	t.Run("no buckets", fleetsDegenerateNoBuckets)
	t.Run("NaN buckets", fleetsDegenerateNaN)
	t.Run("nil", fleetsDegenerateNil)
	t.Run("ragged series", fleetsDegenerateRagged)
}

func fleetsDegenerateSameNames(t *testing.T) {
	f := synthFleetFigures(t, defaultFleetSynth)
	f.Locations[1].Fleet, f.Locations[1].Location = f.Locations[0].Fleet, f.Locations[0].Location
	f.Locations[2].Fleet, f.Locations[2].Location = "<script>alert(1)</script>", "é/ü"
	ps, err := Fleets(f)
	testutil.NoErr(t, err)
	checkPlots(t, ps, []string{"fleet-arena-us-east-1", "fleet-arena-us-east-1-2", "fleet-script-alert-1-script-x", "fleet-cost"})
	if bytes.Contains(ps[2].SVG, []byte("<script")) {
		t.Error("a fleet name reached the SVG as markup")
	}
}

func fleetsDegenerateNoLocations(t *testing.T) {
	ps, err := Fleets(&reports.FleetFigures{})
	checkRendered(t, ps, err, []string{"fleet-cost"})
}

func fleetsDegenerateNoBuckets(t *testing.T) {
	f := synthFleetFigures(t, fleetSynthOptions{replications: 2, synthSpan: synthSpan{stepSeconds: 600, hours: 24}})
	for i := range f.Locations {
		l := &f.Locations[i]
		l.Instances, l.Active, l.Idle, l.RequestsPerHour = reports.Band{}, reports.Band{}, reports.Band{}, reports.Band{}
		l.Desired, l.Scaling = reports.Band{}, reports.Band{}
	}
	ps, err := Fleets(f)
	testutil.NoErr(t, err)
	checkPlots(t, ps, wantFleetNames)
}

// held returns b with its values held (Mean and CI95), to modify them.
func held(b reports.Band) reports.Band {
	out := reports.Band{Mean: make([]float64, b.Len()), CI95: make([]float64, b.Len())}
	for k := range out.Mean {
		out.Mean[k], out.CI95[k] = b.At(k)
	}
	return out
}

func fleetsDegenerateNaN(t *testing.T) {
	f := synthFleetFigures(t, defaultFleetSynth)
	l := &f.Locations[0]
	l.Instances, l.Active, l.Desired, l.Scaling = held(l.Instances), held(l.Active), held(l.Desired), held(l.Scaling)
	for k := 10; k < 20; k++ {
		l.Instances.Mean[k], l.Active.Mean[k], l.Desired.Mean[k], l.Scaling.Mean[k] = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	}
	if err := l.Summary.Set("cost_usd", sim.Estimate{Mean: math.NaN(), CI95: math.NaN()}); err != nil {
		t.Fatal(err)
	}
	ps, err := Fleets(f)
	checkRendered(t, ps, err, wantFleetNames)
}

func fleetsDegenerateNil(t *testing.T) {
	if _, err := Fleets(nil); err == nil {
		t.Error("Fleets(nil): no error")
	}
}

func fleetsDegenerateRagged(t *testing.T) {
	for _, cut := range []func(l *reports.FleetLocationFigures){
		func(l *reports.FleetLocationFigures) { l.Idle = held(l.Idle); l.Idle.Mean = l.Idle.Mean[:3] },
		func(l *reports.FleetLocationFigures) {
			l.RequestsPerHour = held(l.RequestsPerHour)
			l.RequestsPerHour.CI95 = nil
		},
		func(l *reports.FleetLocationFigures) {
			l.Desired = held(l.Desired)
			l.Desired.Mean = l.Desired.Mean[1:]
		},
		func(l *reports.FleetLocationFigures) { l.Scaling = reports.Band{} },
		func(l *reports.FleetLocationFigures) { l.StepSeconds = 0 },
	} {
		f := synthFleetFigures(t, defaultFleetSynth)
		cut(&f.Locations[1])
		if _, err := Fleets(f); err == nil {
			t.Error("no error for a malformed series")
		}
	}
}

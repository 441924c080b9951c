package plots

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"

	"github.com/capsim/capsim/internal/testutil"
	"github.com/capsim/capsim/reports"
	"github.com/capsim/capsim/sim"
)

var (
	update = flag.Bool("update", false, "rewrite golden files")
	outDir = flag.String("out", "", "also write every rendered plot (PNG and SVG) to a subdirectory per test of this directory, to look at")
)

// synthOptions selects the degenerate cases of a synthetic run.
type synthOptions struct {
	replications int  // 1 gives NaN half-widths
	noPlaced     bool // location 1 has no placed request
	noFailures   bool
	nanUtil      bool // location 1 has nothing allocated for a few hours
	synthSpan
}

// synthSpan is the time axis of synthetic figures: the bucket step, the
// horizon in hours and the warm-up. A zero span takes defaultSpan.
type synthSpan struct {
	stepSeconds   float64
	hours         float64
	warmupSeconds float64
}

var defaultSpan = synthSpan{stepSeconds: 600, hours: 24, warmupSeconds: 3600}

func (s synthSpan) orDefault() synthSpan {
	if s.stepSeconds == 0 {
		return defaultSpan
	}
	return s
}

var defaultSynth = synthOptions{replications: 3, synthSpan: defaultSpan}

// synthFigures builds the figures of a 2-location run: a sinusoidal daily
// demand, capacity following it, failures at the peak and lognormal-ish
// latencies from a fixed-seed PCG.
func synthFigures(o synthOptions) *reports.Figures {
	o.synthSpan = o.orDefault()
	rng := rand.New(rand.NewPCG(1, 2))
	f := &reports.Figures{
		WarmupSeconds: o.warmupSeconds,
		Timeouts:      []reports.Timeout{{Label: "always-on timeout 75 s", Seconds: 75}, {Label: "on-demand timeout 600 s", Seconds: 600}},
	}
	summary := &reports.Summary{Meta: reports.Meta{Scenario: "synthetic", Replications: o.replications, HorizonSeconds: o.hours * 3600, WarmupSeconds: o.warmupSeconds}}
	for li, name := range []string{"eu-central-1", "us-east-1"} {
		lf := o.location(li, name)
		if !(o.noPlaced && li == 1) {
			addSynthLatencies(lf.Latency, rng, li)
		}
		f.Locations = append(f.Locations, lf)
		summary.Locations = append(summary.Locations, o.summary(&lf))
	}
	f.Summary = summary
	return f
}

func (o synthOptions) buckets() int { return int(o.hours * 3600 / o.stepSeconds) }

func (o synthOptions) hoursOf(k int) float64 { return float64(k) * o.stepSeconds / 3600 }

// ci returns the half-width of a mean: NaN with one replication.
func (o synthOptions) ci(mean float64) float64 {
	if o.replications < 2 {
		return math.NaN()
	}
	return 0.08*math.Abs(mean) + 0.2
}

// band returns the band of f over the buckets, with half-widths from ci.
func (o synthOptions) band(f func(k int) float64) reports.Band {
	n := o.buckets()
	b := reports.Band{Mean: make([]float64, n), CI95: make([]float64, n)}
	for k := range n {
		b.Mean[k] = f(k)
		b.CI95[k] = o.ci(b.Mean[k])
		if math.IsNaN(b.Mean[k]) {
			b.CI95[k] = math.NaN()
		}
	}
	return b
}

// constant returns a band of the setting v, without half-widths.
func (o synthOptions) constant(v float64) reports.Band {
	n := o.buckets()
	b := reports.Band{Mean: make([]float64, n), CI95: make([]float64, n)}
	for k := range n {
		b.Mean[k], b.CI95[k] = v, math.NaN()
	}
	return b
}

// location returns location li's series (without latencies).
func (o synthOptions) location(li int, name string) reports.LocationFigures {
	scale, phase := 1.0-0.45*float64(li), 6.0*float64(li)
	demand := func(k int) float64 { return scale * (60 + 45*math.Sin(2*math.Pi*(o.hoursOf(k)-8-phase)/24)) }
	streaming := func(k int) float64 { return demand(k) * 35 / 60 } // 35-minute sessions
	alwaysOn := 10 * scale
	allocated := func(k int) float64 {
		if o.nanUtil && li == 1 && o.hoursOf(k) >= 2 && o.hoursOf(k) < 5 {
			return 0
		}
		return math.Max(alwaysOn, math.Ceil(streaming(k)/2)*2+2)
	}
	busy := func(k int) float64 { return math.Min(streaming(k), allocated(k)) }
	usd := func(slots float64) float64 { return slots / 2 * 0.75 * o.stepSeconds / 3600 }
	lf := reports.LocationFigures{
		StreamGroup: "sg-1", Location: name, Class: "gen5n_high", Tenancy: 2, StepSeconds: o.stepSeconds,
		Allocated: o.band(allocated),
		Streaming: o.band(busy),
		Idle:      o.band(func(k int) float64 { return allocated(k) - busy(k) }),
		Waiting: o.band(func(k int) float64 {
			return math.Max(0, streaming(k)-allocated(k)) + 2*scale*math.Max(0, math.Sin(2*math.Pi*(o.hoursOf(k)-phase)/6))
		}),
		RequestsPerHour: o.band(demand),
		Utilisation: o.band(func(k int) float64 {
			if allocated(k) == 0 {
				return math.NaN()
			}
			return busy(k) / allocated(k)
		}),
		CostUSD:     o.band(func(k int) float64 { return usd(allocated(k)) }),
		IdleCostUSD: o.band(func(k int) float64 { return usd(allocated(k) - busy(k)) }),
		AlwaysOn:    o.constant(alwaysOn),
		Maximum:     o.constant(120 * scale),
		Latency:     sim.NewSketch(),
	}
	lf.CumulativeCostUSD = reports.Band{Mean: make([]float64, o.buckets()), CI95: make([]float64, o.buckets())}
	run := 0.0
	for k := range o.buckets() {
		run += lf.CostUSD.Mean[k]
		lf.CumulativeCostUSD.Mean[k] = run
		lf.CumulativeCostUSD.CI95[k] = o.ci(run) * 0.3
	}
	for ri, reason := range []string{"placementTimeout", "internalError"} {
		lf.Failures = append(lf.Failures, reports.ReasonBand{Reason: reason, PerHour: o.band(func(k int) float64 {
			if o.noFailures || (li == 1 && ri == 1) {
				return 0
			}
			peak := math.Max(0, math.Sin(2*math.Pi*(o.hoursOf(k)-14-phase)/24)-0.6)
			return (6 - 4*float64(ri)) * peak * scale
		})})
	}
	return lf
}

// addSynthLatencies adds 4000 latencies of location li to s: 45% immediate,
// 45% a few seconds, 10% waiting for an instance.
func addSynthLatencies(s *sim.Sketch, rng *rand.Rand, li int) {
	for range 4000 {
		switch u := rng.Float64(); {
		case u < 0.45: // immediate placement into idle capacity
			s.Add(0)
		case u < 0.9: // a few seconds
			s.Add(math.Exp(math.Log(4) + 0.5*rng.NormFloat64()))
		default: // waited for an instance
			s.Add(math.Exp(math.Log(95+40*float64(li)) + 0.35*rng.NormFloat64()))
		}
	}
}

// summary returns lf's summary: cost after the warm-up and latency
// quantiles, with half-widths from ci.
func (o synthOptions) summary(lf *reports.LocationFigures) reports.LocationSummary {
	est := func(m float64) sim.Estimate { return sim.Estimate{Mean: m, CI95: o.ci(m), N: o.replications} }
	var cost, idle float64
	for k := range o.buckets() {
		if o.hoursOf(k) >= o.warmupSeconds/3600 {
			cost += lf.CostUSD.Mean[k]
			idle += lf.IdleCostUSD.Mean[k]
		}
	}
	q := func(p float64) sim.Estimate { return est(lf.Latency.Quantile(p)) }
	m, err := reports.NewStreamMetrics(map[string]sim.Estimate{"cost_usd": est(cost), "idle_cost_usd": est(idle),
		"placement_latency_seconds.mean": est(lf.Latency.Mean()), "placement_latency_seconds.p50": q(0.5),
		"placement_latency_seconds.p95": q(0.95), "placement_latency_seconds.p99": q(0.99)})
	if err != nil {
		panic(err)
	}
	return reports.LocationSummary{StreamGroup: "sg-1", Location: lf.Location, Class: "gen5n_high", Metrics: m}
}

// synthComparison builds a comparison of six classes, two of them
// acceptable.
func synthComparison(replications int) *reports.Comparison {
	c := &reports.Comparison{Meta: reports.Meta{Scenario: "synthetic", Replications: replications}, TargetP95Seconds: 60, TargetFailureRatio: 0.01}
	ci := func(m float64) float64 {
		if replications < 2 {
			return math.NaN()
		}
		return 0.06 * m
	}
	for i, cl := range []struct {
		name      string
		p95, cost float64
		fail      float64
	}{
		{"gen4n_high", 110, 310, 0.02}, {"gen4n_ultra", 48, 520, 0.002}, {"gen5n_high", 72, 360, 0.012},
		{"gen5n_ultra", 35, 640, 0.001}, {"gen6n_small", 160, 190, 0.05}, {"gen6n_medium", 55, 410, 0.004},
	} {
		e := func(m float64) sim.Estimate { return sim.Estimate{Mean: m, CI95: ci(m), N: replications} }
		c.Rows = append(c.Rows, reports.CompareRow{Class: cl.name, Tenancy: 1 + i%2,
			P95LatencySeconds: e(cl.p95), FailureRatio: e(cl.fail), CostUSD: e(cl.cost), IdleCostUSD: e(cl.cost * (0.15 + 0.05*float64(i)))})
	}
	c.Judge()
	return c
}

var wantRunNames = []string{"latency-cdf", "latency-histogram", "capacity-sg-1-eu-central-1", "capacity-sg-1-us-east-1",
	"utilisation", "failures", "cost", "cost-cumulative"}

// checkPlots checks every plot's name, caption, PNG size and SVG.
func checkPlots(t *testing.T, ps []Plot, names []string) {
	t.Helper()
	var got []string
	for _, p := range ps {
		got = append(got, p.Name)
	}
	if !slices.Equal(got, names) {
		t.Fatalf("names %q, want %q", got, names)
	}
	for _, p := range ps {
		if p.Title == "" || p.Caption == "" {
			t.Errorf("%s: empty title or caption", p.Name)
		}
		img, err := png.Decode(bytes.NewReader(p.PNG))
		if err != nil {
			t.Errorf("%s: PNG: %v", p.Name, err)
			continue
		}
		b := img.Bounds()
		minHeight := 500
		if strings.HasPrefix(p.Name, "tornado-") {
			minHeight = 180 // a row per assumption: one row is a short chart
		}
		if b.Dx() != 800 || b.Dy() < minHeight {
			t.Errorf("%s: PNG is %dx%d, want 800 wide and at least %d high", p.Name, b.Dx(), b.Dy(), minHeight)
		}
		if !bytes.HasPrefix(p.SVG, []byte("<svg ")) {
			t.Errorf("%s: SVG starts %q", p.Name, p.SVG[:min(40, len(p.SVG))])
		}
		if err := checkXML(p.SVG); err != nil {
			t.Errorf("%s: SVG: %v", p.Name, err)
		}
		if !bytes.Contains(p.SVG, []byte(xmlEscape(p.Title))) {
			t.Errorf("%s: SVG lacks the title %q", p.Name, p.Title)
		}
		wantSize := []byte(`width="800" height="` + strconv.Itoa(b.Dy()) + `"`)
		if !bytes.Contains(p.SVG[:min(200, len(p.SVG))], wantSize) {
			t.Errorf("%s: SVG header %q lacks %s", p.Name, p.SVG[:min(120, len(p.SVG))], wantSize)
		}
		if len(p.SVG) > 300<<10 {
			t.Errorf("%s: SVG is %d bytes, over 300 KiB", p.Name, len(p.SVG))
		}
	}
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// checkXML reads the whole document with encoding/xml.
func checkXML(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	root := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			if !root {
				return errors.New("no root element")
			}
			return nil
		}
		if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok && !root {
			if se.Name.Local != "svg" {
				return errors.New("root element is " + se.Name.Local)
			}
			root = true
		}
	}
}

// checkRendered checks that a call of Run, Fleets or Compare returned
// without an error the figures names, and writes them out (writeOut).
func checkRendered(t *testing.T, ps []Plot, err error, names []string) {
	t.Helper()
	testutil.NoErr(t, err)
	checkPlots(t, ps, names)
	writeOut(t, ps)
}

func writeOut(t *testing.T, ps []Plot) {
	t.Helper()
	if *outDir == "" {
		return
	}
	dir := filepath.Join(*outDir, slug(t.Name()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		for ext, b := range map[string][]byte{".png": p.PNG, ".svg": p.SVG} {
			if err := os.WriteFile(filepath.Join(dir, p.Name+ext), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestRun(t *testing.T) {
	ps, err := Run(synthFigures(defaultSynth))
	checkRendered(t, ps, err, wantRunNames)
	for _, p := range ps {
		t.Logf("%-28s PNG %6d B  SVG %6d B", p.Name, len(p.PNG), len(p.SVG))
	}
}

func TestCompare(t *testing.T) {
	ps, err := Compare(synthComparison(5))
	checkRendered(t, ps, err, []string{"compare-scatter", "compare-bars"})
	if !strings.Contains(ps[0].Caption, "gen6n_medium") {
		t.Errorf("scatter caption %q does not name the cheapest acceptable class", ps[0].Caption)
	}
	if !bytes.Contains(ps[0].SVG, []byte("gen6n_medium")) || !bytes.Contains(ps[0].SVG, []byte("cheapest acceptable")) {
		t.Error("scatter SVG does not name the cheapest acceptable class in its legend")
	}
}

// TestGolden compares four plots with the images in testdata; run with
// -update to rewrite them after an intended change.
func TestGolden(t *testing.T) {
	run, err := Run(synthFigures(defaultSynth))
	testutil.NoErr(t, err)
	cmp, err := Compare(synthComparison(5))
	testutil.NoErr(t, err)
	checkGolden(t, append(run, cmp...), "latency-cdf", "capacity-sg-1-eu-central-1", "cost", "compare-scatter")
}

// checkGolden compares the PNGs of the named plots of ps with
// testdata/<name>.golden.png, or rewrites those with -update.
func checkGolden(t *testing.T, ps []Plot, names ...string) {
	t.Helper()
	byName := map[string]Plot{}
	for _, p := range ps {
		byName[p.Name] = p
	}
	for _, name := range names {
		got := byName[name].PNG
		path := filepath.Join("testdata", name+".golden.png")
		want := testutil.Golden(t, path, got, *update)
		ok, err := cmpimg.EqualApprox("png", got, want, 0.01)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !ok {
			t.Errorf("%s differs from %s; got written to %s (go test -update rewrites the golden file)", name, path, keepFailed(t, name, got))
		}
	}
}

// keepFailed writes a PNG that differs from its golden file outside the
// repository, kept after the test (unlike t.TempDir) so it can be looked
// at, and returns its path.
func keepFailed(t *testing.T, name string, png []byte) string {
	t.Helper()
	f, err := os.CreateTemp("", "capsim-plots-failed-"+name+"-*.png")
	testutil.NoErr(t, err)
	if _, err := f.Write(png); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return f.Name()
}

func TestDeterministic(t *testing.T) {
	checkDeterministic(t, func() ([]Plot, error) { return Run(synthFigures(defaultSynth)) })
	checkDeterministic(t, func() ([]Plot, error) { return Compare(synthComparison(5)) })
}

// checkDeterministic renders twice with render and fails if the two calls
// give a different number of plots or any plot's PNG or SVG differs.
func checkDeterministic(t *testing.T, render func() ([]Plot, error)) {
	t.Helper()
	a, err := render()
	testutil.NoErr(t, err)
	b, err := render()
	testutil.NoErr(t, err)
	if len(a) != len(b) {
		t.Fatalf("%d plots, then %d", len(a), len(b))
	}
	for i := range a {
		if !bytes.Equal(a[i].PNG, b[i].PNG) {
			t.Errorf("%s: PNG differs between two calls", a[i].Name)
		}
		if !bytes.Equal(a[i].SVG, b[i].SVG) {
			t.Errorf("%s: SVG differs between two calls", a[i].Name)
		}
	}
}

// degenerateCase is a named variation o of a renderer's synthetic input.
type degenerateCase[O any] struct {
	name string
	o    O
}

// checkDegenerate renders every case in a subtest (render gets the
// subtest's t) and checks the result with checkRendered against names.
func checkDegenerate[O any](t *testing.T, cases []degenerateCase[O], render func(*testing.T, O) ([]Plot, error), names []string) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps, err := render(t, c.o)
			checkRendered(t, ps, err, names)
		})
	}
}

func TestDegenerate(t *testing.T) {
	checkDegenerate(t, []degenerateCase[synthOptions]{
		{"no placed requests at one location", synthOptions{replications: 3, noPlaced: true}},
		{"no failures", synthOptions{replications: 3, noFailures: true}},
		{"single replication", synthOptions{replications: 1}},
		{"NaN utilisation buckets", synthOptions{replications: 3, nanUtil: true}},
		{"everything at once, 7-minute buckets, 50 h, no warm-up", synthOptions{replications: 1, noPlaced: true, noFailures: true, nanUtil: true, synthSpan: synthSpan{stepSeconds: 420, hours: 50}}},
	}, func(_ *testing.T, o synthOptions) ([]Plot, error) { return Run(synthFigures(o)) }, wantRunNames)
	t.Run("no placed requests anywhere, no summary, no timeouts", degenerateNothingPlaced)
	t.Run("only zero latencies", degenerateZeroLatencies)
	t.Run("comparison: single replication, nothing acceptable, a NaN row", degenerateComparison)
	t.Run("empty comparison", degenerateEmptyComparison)
	t.Run("nil", degenerateNil)
	t.Run("ragged series", degenerateRagged)
}

func degenerateNothingPlaced(t *testing.T) {
	f := synthFigures(synthOptions{replications: 1, synthSpan: synthSpan{stepSeconds: 3600, hours: 6}})
	for i := range f.Locations {
		f.Locations[i].Latency = sim.NewSketch()
	}
	f.Locations[1].Latency = nil
	f.Summary, f.Timeouts = nil, nil
	ps, err := Run(f)
	checkRendered(t, ps, err, wantRunNames)
}

func degenerateZeroLatencies(t *testing.T) {
	f := synthFigures(synthOptions{replications: 2, synthSpan: synthSpan{stepSeconds: 600, hours: 3}})
	for i := range f.Locations {
		f.Locations[i].Latency = sim.NewSketch()
		f.Locations[i].Latency.Add(0)
	}
	ps, err := Run(f)
	checkRendered(t, ps, err, wantRunNames)
}

func degenerateComparison(t *testing.T) {
	c := synthComparison(1)
	c.TargetP95Seconds = 1
	c.Judge()
	c.Rows[2].P95LatencySeconds = sim.Estimate{Mean: math.NaN(), CI95: math.NaN()}
	ps, err := Compare(c)
	checkRendered(t, ps, err, []string{"compare-scatter", "compare-bars"})
}

func degenerateEmptyComparison(t *testing.T) {
	ps, err := Compare(&reports.Comparison{})
	checkRendered(t, ps, err, []string{"compare-scatter", "compare-bars"})
}

func degenerateNil(t *testing.T) {
	if _, err := Run(nil); err == nil {
		t.Error("Run(nil): no error")
	}
	if _, err := Compare(nil); err == nil {
		t.Error("Compare(nil): no error")
	}
}

func degenerateRagged(t *testing.T) {
	f := synthFigures(defaultSynth)
	f.Locations[0].Idle.Mean = f.Locations[0].Idle.Mean[:3]
	if _, err := Run(f); err == nil {
		t.Error("no error for a series of the wrong length")
	}
}

func TestInlineSVG(t *testing.T) {
	in := []byte(`<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- comment -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><clipPath id="c1"><rect/></clipPath><linearGradient id="g"/></defs>` +
		`<g clip-path="url(#c1)" data-id="keep"><rect fill="url( #g )"/><use href="#c1"/><use xlink:href="#g"/><a href="https://example.com/#x">x</a></g></svg>`)
	got := string(InlineSVG(in, "p1-"))
	for _, want := range []string{`<svg xmlns=`, ` id="p1-c1"`, ` id="p1-g"`, `url(#p1-c1)`, `url(#p1-g)`,
		` href="#p1-c1"`, ` xlink:href="#p1-g"`, `data-id="keep"`, `href="https://example.com/#x"`} {
		if !strings.Contains(got, want) {
			t.Errorf("InlineSVG output lacks %q:\n%s", want, got)
		}
	}
	if !strings.HasPrefix(got, "<svg") {
		t.Errorf("InlineSVG output does not start at <svg: %q", got[:20])
	}
	if err := checkXML([]byte(got)); err != nil {
		t.Error(err)
	}
	// A rendered plot survives it unchanged but for ids (it has none).
	ps, err := Compare(synthComparison(3))
	testutil.NoErr(t, err)
	if !bytes.Equal(InlineSVG(ps[0].SVG, "x-"), ps[0].SVG) {
		t.Error("InlineSVG changed a plot's SVG that has no ids")
	}
}

func TestTicks(t *testing.T) {
	labels := func(ts []plot.Tick) []string {
		var out []string
		for _, tk := range ts {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	if got := labels(hourTicks{}.Ticks(0, 24)); !slices.Equal(got, []string{"0", "2", "4", "6", "8", "10", "12", "14", "16", "18", "20", "22", "24"}) {
		t.Errorf("24 h: %q", got)
	}
	if got := labels(hourTicks{}.Ticks(0, 168)); !slices.Equal(got, []string{"0", "24", "48", "72", "96", "120", "144", "168"}) {
		t.Errorf("a week: %q", got)
	}
	if got := labels(logTicks{}.Ticks(0.08, 1200)); !slices.Equal(got, []string{"0.1", "1", "10", "100", "1000"}) {
		t.Errorf("log 0.08–1200: %q", got)
	}
	if got := labels(logTicks{}.Ticks(3, 90)); !slices.Equal(got, []string{"5", "10", "20", "50"}) {
		t.Errorf("log 3–90: %q", got)
	}
}
